-- mtlint for Neovim (0.7 or later), no plugin needed.
-- Put this file in ~/.config/nvim/lua/ and add `require('mtlint')` to init.lua.
-- It starts `mtlint lsp` for Markdown and text buffers, with the nearest
-- folder holding .mtlint.yaml (or .git) as the root; quick fixes come
-- through `:lua vim.lsp.buf.code_action()`.
local uv = vim.uv or vim.loop
local markers = { '.mtlint.yaml', '.git' }

-- The nearest folder at or above the buffer's file holding one of the
-- markers, else the current directory (vim.fs.find needs Neovim 0.8).
local function root_dir(buf)
  local name = vim.api.nvim_buf_get_name(buf)
  local dir = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.fn.getcwd()
  while true do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(dir .. '/' .. marker) then return dir end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then return vim.fn.getcwd() end
    dir = parent
  end
end

local clients = {}   -- Neovim 0.7: client id by root folder

local function start(buf)
  local config = {
    name = 'mtlint',
    cmd = { 'mtlint', 'lsp' },
    root_dir = root_dir(buf),
    -- Neovim 0.10+ negotiates UTF-8 itself; older versions use UTF-16.
  }
  if vim.lsp.start then              -- Neovim 0.8+: reuses a client per root
    return vim.lsp.start(config, { bufnr = buf })
  end
  local id = clients[config.root_dir]  -- Neovim 0.7
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(config)
    clients[config.root_dir] = id
  end
  if id then vim.lsp.buf_attach_client(buf, id) end
  return id
end

local group = vim.api.nvim_create_augroup('mtlint', { clear = true })
vim.api.nvim_create_autocmd('FileType', {
  group = group,
  pattern = { 'markdown', 'text' },
  callback = function(args) start(args.buf) end,
})

return { start = start, root_dir = root_dir }
