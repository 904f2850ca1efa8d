--- nianbao.nvim: the nianbao language server (政府信息公开工作年度报告 checker) in Neovim.
---
--- Supported: Neovim 0.11+ (vim.lsp.config / vim.lsp.enable) and 0.8–0.10 (vim.lsp.start).
--- Neovim 0.7 and older are not supported (setup() says so and does nothing).
---
---   require('nianbao').setup({
---     cmd = { 'nianbao', 'lsp' },              -- the server; default: `nianbao` on PATH
---     filetypes = { 'markdown', 'text' },      -- the server decides which buffers are reports
---     root_markers = { 'nianbao.toml', '.git' },
---     settings = {                             -- same keys as nianbao.toml
---       lang = 'en', year = 2021, template = '2021', inlayHints = 'different',
---       rules = { ['missing-value'] = 'off', ['label-variant'] = 'warning' },
---     },
---     commands = true,                         -- define :NianbaoFixAll, :NianbaoSkeleton, :NianbaoRestart
---     api = 'auto',                            -- 'config' (vim.lsp.config/enable, 0.11+), 'start'
---                                              -- (vim.lsp.start on FileType, 0.8+), 'auto': 0.11+ → config
---   })
local M = {}

local NAME = 'nianbao'

M.defaults = {
  cmd = { 'nianbao', 'lsp' },
  filetypes = { 'markdown', 'text' },
  root_markers = { 'nianbao.toml', '.git' },
  settings = {},
  commands = true,
  api = 'auto',
}

M.options = nil

local has_011 = vim.fn.has('nvim-0.11') == 1
-- true: vim.lsp.config/enable; false: vim.lsp.start from our own FileType autocommand
local use_config = has_011

local function notify(msg, level)
  vim.notify('nianbao: ' .. msg, level or vim.log.levels.INFO)
end

--- The nianbao client attached to a buffer (default: the current one), or nil.
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ bufnr = bufnr, name = NAME })[1]
end

local function request(client, method, params, handler, bufnr)
  if has_011 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function execute(bufnr, command, arguments, done)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.client(bufnr)
  if not client then
    notify('the server is not attached to this buffer', vim.log.levels.WARN)
    return false
  end
  request(client, 'workspace/executeCommand', { command = command, arguments = arguments }, function(err, result)
    if err then
      notify(command .. ' failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    end
    if done then
      done(err, result)
    end
  end, bufnr)
  return true
end

--- Applies every safe fix of the buffer (server command `nianbao.fixAll`).
function M.fix_all(bufnr, done)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  return execute(bufnr, 'nianbao.fixAll', { vim.uri_from_bufnr(bufnr) }, function(err, result)
    if not err and type(result) == 'table' then
      notify(string.format('%d fix(es) applied', result.count or 0))
    end
    if done then
      done(err, result)
    end
  end)
end

--- Appends a blank report in the template in force for `year` (server command
--- `nianbao.insertSkeleton`).
function M.insert_skeleton(year, bufnr, done)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  year = tonumber(year)
  if not year then
    notify('give the report year, e.g. :NianbaoSkeleton 2021', vim.log.levels.ERROR)
    return false
  end
  return execute(bufnr, 'nianbao.insertSkeleton', { vim.uri_from_bufnr(bufnr), year }, done)
end

local function root_dir(bufnr, markers)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local dir = path ~= '' and vim.fs.dirname(path) or vim.fn.getcwd()
  local found = vim.fs.find(markers, { path = dir, upward = true })[1]
  return found and vim.fs.dirname(found) or dir
end

-- An empty Lua table would travel as a JSON array; the server wants an object.
local function settings_object(t)
  return (type(t) == 'table' and next(t) ~= nil) and t or vim.empty_dict()
end

-- Neovim 0.8–0.10: one client per root, started on FileType.
local group
local function start_legacy(bufnr)
  local o = M.options
  vim.lsp.start({
    name = NAME,
    cmd = o.cmd,
    root_dir = root_dir(bufnr, o.root_markers),
    settings = { nianbao = settings_object(o.settings) },
  }, { bufnr = bufnr })
end

local function attach_existing_buffers()
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.tbl_contains(M.options.filetypes, vim.bo[b].filetype) then
      if use_config then
        pcall(vim.api.nvim_exec_autocmds, 'FileType', { group = 'nvim.lsp.enable', buffer = b })
      else
        start_legacy(b)
      end
    end
  end
end

--- Stops the server and starts it again for every markdown/text buffer.
function M.restart()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  local clients = get({ name = NAME })
  for _, c in ipairs(clients) do
    if has_011 then
      c:stop()
    else
      c.stop()
    end
  end
  vim.wait(3000, function()
    return #get({ name = NAME }) == 0
  end, 20)
  attach_existing_buffers()
end

local function define_commands()
  vim.api.nvim_create_user_command('NianbaoFixAll', function()
    M.fix_all(0)
  end, { desc = 'nianbao: apply every safe fix in this buffer' })
  vim.api.nvim_create_user_command('NianbaoSkeleton', function(a)
    M.insert_skeleton(a.args, 0)
  end, { nargs = 1, desc = 'nianbao: insert a blank report for a year' })
  vim.api.nvim_create_user_command('NianbaoRestart', function()
    M.restart()
  end, { desc = 'nianbao: restart the language server' })
end

function M.setup(opts)
  if vim.fn.has('nvim-0.8') ~= 1 then
    notify('needs Neovim 0.8 or newer (0.11+ recommended)', vim.log.levels.ERROR)
    return
  end
  -- Shallow: a list given (cmd, filetypes, root_markers) replaces the default list.
  local o = vim.deepcopy(M.defaults)
  for k, v in pairs(opts or {}) do
    o[k] = v
  end
  M.options = o
  if o.api == 'config' and not has_011 then
    notify("api = 'config' needs Neovim 0.11; using vim.lsp.start", vim.log.levels.WARN)
  end
  use_config = has_011 and o.api ~= 'start'
  if type(o.cmd) == 'table' and vim.fn.executable(o.cmd[1]) ~= 1 then
    notify(
      string.format(
        '`%s` not found: install it (`cargo install --path .` in the nianbao repository) or pass cmd = { "/path/to/nianbao", "lsp" } to setup()',
        o.cmd[1]
      ),
      vim.log.levels.WARN
    )
  end
  if use_config then
    vim.lsp.config(NAME, {
      cmd = o.cmd,
      filetypes = o.filetypes,
      root_markers = o.root_markers,
      settings = { nianbao = settings_object(o.settings) },
    })
    vim.lsp.enable(NAME)
  else
    group = vim.api.nvim_create_augroup('nianbao', { clear = true })
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = o.filetypes,
      callback = function(args)
        start_legacy(args.buf)
      end,
    })
    attach_existing_buffers()
  end
  if o.commands then
    define_commands()
  end
end

return M
