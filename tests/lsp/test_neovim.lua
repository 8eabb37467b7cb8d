-- Neovim 0.7 (Debian 12) as an mtlint LSP client, headless.  Opens an
-- article with multi-byte text before garbled phrases, checks the
-- diagnostic column, applies the quick fix, waits for the re-lint, then
-- runs the server-side "hide in this file until the server restarts"
-- command.  Settings come from the environment: MTL_BIN, MTL_SRC, MTL_WORK,
-- MTL_ENC.
local bin, src, work, enc = os.getenv('MTL_BIN'), os.getenv('MTL_SRC'),
  os.getenv('MTL_WORK'), os.getenv('MTL_ENC')
local failures = {}
local function check(cond, what)
  if not cond then table.insert(failures, what) end
  io.stdout:write((cond and 'ok: ' or 'FAIL: ') .. enc .. ': ' .. what .. '\n')
  return cond
end

local prefix = 'Zoë Łukasiewicz 🚀 said the '
local function run()
  vim.cmd('edit ' .. work .. '/article.md')
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'mtlint',
    cmd = { bin, 'lsp', '--no-builtin-rules', '--rules', src .. '/rules/mt-garble.yaml',
            '--debounce', '0', '--no-config' },
    root_dir = work,
    offset_encoding = enc,
    before_init = function(params)
      if enc == 'utf-8' then
        params.capabilities.general = { positionEncodings = { 'utf-8', 'utf-16' } }
      end
    end,
  })
  check(id ~= nil, 'client started')
  vim.lsp.buf_attach_client(buf, id)
  local client = vim.lsp.get_client_by_id(id)
  check(vim.wait(15000, function() return #vim.diagnostic.get(buf) == 2 end, 20),
        'two diagnostics arrive')
  local d = vim.diagnostic.get(buf, { lnum = 0 })[1]
  if not check(d ~= nil, 'diagnostic on line 1') then return end
  -- vim.diagnostic columns are bytes: right only if both ends agree on the encoding
  check(d.col == #prefix, 'column ' .. tostring(d.col) .. ' == ' .. #prefix)
  check(d.end_col == #prefix + #'special army operation', 'end column')
  check(d.source == 'mtlint', 'source is mtlint')
  check(d.severity == vim.diagnostic.severity.WARN, 'severity is a warning')
  check(client.server_capabilities.positionEncoding == enc, 'server agreed on ' .. enc)
  -- quick fix at the diagnostic
  vim.api.nvim_win_set_cursor(0, { 1, d.col })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = {} }
  local resp = client.request_sync('textDocument/codeAction', params, 5000, buf)
  local fix
  for _, a in ipairs(resp and resp.result or {}) do
    if a.edit and a.title:find('special military operation', 1, true) then fix = a end
  end
  if not check(fix ~= nil, 'quick fix offered') then return end
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
  check(vim.api.nvim_buf_get_lines(buf, 0, 1, false)[1] ==
        prefix .. 'special military operation goes on.', 'fix applied to the buffer')
  check(vim.wait(15000, function() return #vim.diagnostic.get(buf) == 1 end, 20),
        're-lint after the edit drops the fixed finding')
  -- the server-side command: hide the remaining rule in this file (session only)
  local d2 = vim.diagnostic.get(buf)[1]
  vim.api.nvim_win_set_cursor(0, { d2.lnum + 1, d2.col })
  params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = {} }
  resp = client.request_sync('textDocument/codeAction', params, 5000, buf)
  local cmd
  for _, a in ipairs(resp and resp.result or {}) do
    if a.command and a.title:find('until the server restarts', 1, true) then cmd = a.command end
  end
  if not check(cmd ~= nil, 'disable-for-file action offered') then return end
  resp = client.request_sync('workspace/executeCommand', cmd, 5000, buf)
  check(resp and not resp.err, 'command ran')
  check(vim.wait(15000, function() return #vim.diagnostic.get(buf) == 0 end, 20),
        'rule disabled for the file')
  client.stop()
  check(vim.wait(5000, function() return client.is_stopped() end, 20), 'server stopped')
end

local ok, err = pcall(run)
check(ok, 'no Lua error: ' .. tostring(err))
vim.cmd(#failures == 0 and 'qall!' or 'cquit 1')
