-- Neovim 0.7 (Debian 12) with editors/neovim/mtlint.lua as the user's config,
-- headless.  Loaded with --cmd, before init.lua; test_neovim.sh then opens
-- project/news/article.md (multi-byte text before garbled phrases) and runs
-- MtlTestRun(): the shipped config must have started `mtlint lsp` (found on
-- PATH) with project/ as the root, the diagnostics must sit at the right
-- columns, the quick fix chosen through vim.lsp.buf.code_action() must edit
-- the buffer and the re-lint drop the finding, and the server-side "hide in
-- this file until the server restarts" command must hide the other one;
-- then spell/typo.md (its own root) gets a spelling fix through
-- codeAction/resolve.
-- Settings come from the environment: MTL_WORK, MTL_ENC (utf-16: the config
-- as shipped; utf-8: vim.lsp.start_client is wrapped to offer UTF-8).
local work, enc = os.getenv('MTL_WORK'), os.getenv('MTL_ENC')

if enc == 'utf-8' then
  -- Stands in for the UTF-8 negotiation of newer Neovims; Neovim 0.7 has
  -- neither positionEncodings nor vim.lsp.start, so the config calls this.
  local start_client = vim.lsp.start_client
  vim.lsp.start_client = function(config)
    config.offset_encoding = 'utf-8'
    config.before_init = function(params)
      params.capabilities.general = { positionEncodings = { 'utf-8', 'utf-16' } }
    end
    return start_client(config)
  end
end

local failures = {}
local function check(cond, what)
  if not cond then table.insert(failures, what) end
  io.stdout:write((cond and 'ok: ' or 'FAIL: ') .. enc .. ': ' .. what .. '\n')
  return cond
end

-- vim.lsp.buf.code_action() offers the actions through vim.ui.select: pick
-- the one whose title holds `want`.
local chosen
local function code_action(want)
  chosen = nil
  vim.ui.select = function(items, opts, on_choice)
    for i, item in ipairs(items) do
      if opts.format_item(item):find(want, 1, true) then
        chosen = opts.format_item(item)
        return on_choice(item, i)
      end
    end
    chosen = false
    on_choice(nil, nil)
  end
  vim.lsp.buf.code_action()
  vim.wait(5000, function() return chosen ~= nil end, 20)
  return chosen
end

local prefix = 'Zoë Łukasiewicz 🚀 said the '
local prefix2 = 'Ünïcödé again: the firm faces '
local function run()
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == 'markdown', 'article.md is a markdown buffer')
  local client
  check(vim.wait(15000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
      if c.name == 'mtlint' and c.initialized then client = c end
    end
    return client ~= nil
  end, 20), 'the config started mtlint and attached it to the buffer')
  if not client then return end
  check(client.config.cmd[1] == 'mtlint' and client.config.cmd[2] == 'lsp', 'command is mtlint lsp')
  check(client.config.root_dir == work .. '/project',
        'root is the folder of .mtlint.yaml: ' .. tostring(client.config.root_dir))
  -- as shipped, Neovim 0.10+ would offer UTF-8 itself
  local want = vim.fn.has('nvim-0.10') == 1 and 'utf-8' or enc
  check(client.offset_encoding == want, 'client uses ' .. want)
  check(client.server_capabilities.positionEncoding == want, 'server agreed on ' .. want)
  local ns = vim.lsp.diagnostic.get_namespace(client.id)
  local function diags(lnum) return vim.diagnostic.get(buf, { namespace = ns, lnum = lnum }) end
  -- two garbled phrases; the spelling findings are disabled in .mtlint.yaml
  check(vim.wait(15000, function() return #diags() == 2 end, 20), 'two diagnostics arrive')
  local d = diags(0)[1]
  if not check(d ~= nil, 'diagnostic on line 1') then return end
  -- vim.diagnostic columns are bytes: right only if both ends agree on the encoding
  check(d.col == #prefix, 'column ' .. tostring(d.col) .. ' == ' .. #prefix)
  check(d.end_col == #prefix + #'special army operation', 'end column')
  check(d.code == 'mt-garble.special-military-operation', 'rule id as the code')
  check(d.source == 'mtlint', 'source is mtlint')
  check(d.severity == vim.diagnostic.severity.WARN, 'severity is a warning')
  local d2 = diags(1)[1]
  if not check(d2 ~= nil, 'diagnostic on line 2') then return end
  check(d2.col == #prefix2, 'line 2 column ' .. tostring(d2.col) .. ' == ' .. #prefix2)
  -- the quick fix, as :lua vim.lsp.buf.code_action() offers it
  vim.api.nvim_win_set_cursor(0, { 1, d.col })
  check(code_action('special military operation'), 'quick fix offered')
  check(vim.wait(5000, function()
    return vim.api.nvim_buf_get_lines(buf, 0, 1, false)[1] ==
      prefix .. 'special military operation goes on.'
  end, 20), 'fix applied to the buffer')
  check(vim.wait(15000, function() return #diags() == 1 and #diags(0) == 0 end, 20),
        're-lint after the edit drops the fixed finding')
  -- the server-side command: hide the remaining rule in this file (session only)
  vim.api.nvim_win_set_cursor(0, { 2, d2.col })
  check(code_action('until the server restarts'), 'hide-in-file action offered')
  check(vim.wait(15000, function() return #diags() == 0 end, 20),
        'the server hid the rule in this file')
  -- a text file under the same root gets the same server
  vim.cmd('edit ' .. work .. '/project/notes.txt')
  local buf2 = vim.api.nvim_get_current_buf()
  check(vim.wait(5000, function() return vim.lsp.buf_get_clients(buf2)[client.id] ~= nil end, 20),
        'a text buffer under the same root joins the same client')
  local n = 0
  for _, c in pairs(vim.lsp.get_active_clients()) do n = n + (c.name == 'mtlint' and 1 or 0) end
  check(n == 1, 'one mtlint client, not ' .. n)
  client.stop()
  check(vim.wait(5000, function() return client.is_stopped() end, 20), 'server stopped')
  -- a spelling fix: Neovim 0.7 resolves code actions, so the server offers
  -- one action for the word and computes its suggestion on codeAction/resolve
  vim.cmd('edit ' .. work .. '/spell/typo.md')
  local buf3 = vim.api.nvim_get_current_buf()
  local sc
  check(vim.wait(15000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(buf3)) do
      if c.name == 'mtlint' and c.initialized then sc = c end
    end
    return sc ~= nil
  end, 20), 'a client for spell/')
  if not sc then return end
  check(sc.server_capabilities.codeActionProvider.resolveProvider == true, 'resolveProvider')
  local sns = vim.lsp.diagnostic.get_namespace(sc.id)
  check(vim.wait(15000, function()
    return #vim.diagnostic.get(buf3, { namespace = sns }) == 1
  end, 20), 'one spelling diagnostic')
  vim.api.nvim_win_set_cursor(0, { 1, #'Officials re' })
  check(code_action('with the first spelling suggestion'), 'spelling action offered')
  check(vim.wait(5000, function()
    return vim.api.nvim_buf_get_lines(buf3, 0, 1, false)[1] ==
      'Officials receive the delegation.'
  end, 20), 'codeAction/resolve gave the edit: ' ..
    tostring(vim.api.nvim_buf_get_lines(buf3, 0, 1, false)[1]))
  check(vim.wait(15000, function()
    return #vim.diagnostic.get(buf3, { namespace = sns }) == 0
  end, 20), 're-lint after the spelling fix')
  sc.stop()
  check(vim.wait(5000, function() return sc.is_stopped() end, 20), 'spell server stopped')
end

function MtlTestRun()
  local ok, err = pcall(run)
  check(ok, 'no Lua error: ' .. tostring(err))
  vim.cmd(#failures == 0 and 'qall!' or 'cquit 1')
end
