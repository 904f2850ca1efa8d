-- nianbao for Neovim 0.11's `vim.lsp.config` runtime convention: with this folder
-- (editors/nvim) on the runtime path, `vim.lsp.enable('nianbao')` is the whole setup.
-- Override any key with `vim.lsp.config('nianbao', { settings = { nianbao = { lang = 'en' } } })`.
---@type vim.lsp.Config
return {
  cmd = { 'nianbao', 'lsp' },
  -- The server decides which of these buffers are reports (others get no diagnostics).
  filetypes = { 'markdown', 'text' },
  root_markers = { 'nianbao.toml', '.git' },
  -- The `nianbao` section of workspace/configuration: the keys of nianbao.toml.
  settings = { nianbao = {} },
}
