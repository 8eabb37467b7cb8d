-- mtlint for Neovim (0.7 or later), no plugin needed.
-- Put this file in ~/.config/nvim/lua/ and add `require('mtlint')` to init.lua.
-- It starts `mtlint lsp` for Markdown and text buffers; quick fixes come
-- through `:lua vim.lsp.buf.code_action()`.
local group = vim.api.nvim_create_augroup('mtlint', { clear = true })
vim.api.nvim_create_autocmd('FileType', {
  group = group,
  pattern = { 'markdown', 'text' },
  callback = function(args)
    local found = vim.fs and vim.fs.find({ '.mtlint.yaml', '.git' },
      { upward = true, path = vim.fs.dirname(vim.api.nvim_buf_get_name(args.buf)) })[1]
    local config = {
      name = 'mtlint',
      cmd = { 'mtlint', 'lsp' },
      root_dir = found and vim.fs.dirname(found) or vim.fn.getcwd(),
      -- Neovim 0.10+ negotiates UTF-8 itself; older versions use UTF-16.
    }
    if vim.lsp.start then            -- Neovim 0.8+
      vim.lsp.start(config, { bufnr = args.buf })
    else                             -- Neovim 0.7
      _G.mtlint_client = _G.mtlint_client or vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(args.buf, _G.mtlint_client)
    end
  end,
})
