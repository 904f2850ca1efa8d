-- End-to-end test of editors/nvim in a real headless Neovim (0.11+).
-- Run by tests/editors/run.sh:
--   NIANBAO=… E2E_DIR=… PLUGIN_DIR=… nvim --headless -u NONE -l nvim_e2e.lua
-- E2E_DIR holds s1/ … s4/, each with report.txt prepared by run.sh. Every scenario prints one
-- line "PASS nvim <scenario>: …" or "FAIL nvim <scenario>: …"; the exit code is the number of
-- failures. Expected findings always come from `nianbao check --format json` on the same text,
-- with the same settings (lang = en, passed through setup()).
local NIANBAO = assert(os.getenv('NIANBAO'), 'NIANBAO')
local DIR = assert(os.getenv('E2E_DIR'), 'E2E_DIR')
local TIMEOUT = tonumber(os.getenv('E2E_TIMEOUT_MS') or '30000')
local V = vim.version()
local API = os.getenv('E2E_NVIM_API') or 'auto' -- the plugin's `api` option
local TAG = string.format('nvim-%d.%d.%d(%s)', V.major, V.minor, V.patch, API == 'start' and 'vim.lsp.start' or 'vim.lsp.config')

vim.opt.rtp:prepend(assert(os.getenv('PLUGIN_DIR'), 'PLUGIN_DIR'))
vim.cmd('filetype on')
vim.o.swapfile = false
vim.o.shortmess = vim.o.shortmess .. 'F'

local failures = 0
-- Results go to E2E_OUT (Neovim's own messages go to stdout/stderr).
local out = assert(io.open(assert(os.getenv('E2E_OUT'), 'E2E_OUT'), 'w'))
local function say(s)
  out:write(s .. '\n')
  out:flush()
end

-- Every set of diagnostics the client receives, pushed (publishDiagnostics) or pulled (a full
-- textDocument/diagnostic report: Neovim 0.11 pulls from a server that offers it): uri -> count.
local published = {}
local orig = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result and result.uri then
    published[result.uri] = (published[result.uri] or 0) + 1
  end
  return orig(err, result, ctx, config)
end
local orig_pull = vim.lsp.handlers['textDocument/diagnostic']
if orig_pull then
  vim.lsp.handlers['textDocument/diagnostic'] = function(err, result, ctx, config)
    local uri = ctx and ctx.params and ctx.params.textDocument and ctx.params.textDocument.uri
    if uri and result and result.kind == 'full' then
      published[uri] = (published[uri] or 0) + 1
    end
    return orig_pull(err, result, ctx, config)
  end
end

require('nianbao').setup({
  cmd = { NIANBAO, 'lsp' },
  settings = { lang = 'en' },
  api = API,
})

local SEV = { error = 1, warning = 2, info = 3, information = 3, hint = 4 }

-- UTF-16 code units -> byte offset in a UTF-8 line (how Neovim stores columns).
local function u16_to_byte(line, u16)
  local i, units = 1, 0
  while units < u16 and i <= #line do
    local c = line:byte(i)
    local len = c < 0x80 and 1 or c < 0xE0 and 2 or c < 0xF0 and 3 or 4
    units = units + (len == 4 and 2 or 1)
    i = i + len
  end
  return i - 1
end

--- `nianbao check --format json --lang en PATH`: the findings, in Neovim's shape.
local function check(path)
  local out = vim.fn.system({ NIANBAO, 'check', '--format', 'json', '--lang', 'en', path })
  local ok, parsed = pcall(vim.json.decode, out)
  if not ok or type(parsed) ~= 'table' or not parsed[1] then
    error('nianbao check ' .. path .. ' gave no JSON: ' .. out:sub(1, 300))
  end
  local lines = vim.fn.readfile(path)
  local res = {}
  for _, d in ipairs(parsed[1].diagnostics) do
    local s, e = d.range.start, d.range['end']
    table.insert(res, {
      lnum = s.line,
      col = u16_to_byte(lines[s.line + 1] or '', s.character),
      end_lnum = e.line,
      end_col = u16_to_byte(lines[e.line + 1] or '', e.character),
      severity = SEV[d.severity],
      code = d.code,
      message = d.message,
    })
  end
  return res
end

local function key(d)
  return string.format(
    '%d:%d-%d:%d sev=%s %s %s',
    d.lnum,
    d.col,
    d.end_lnum,
    d.end_col,
    tostring(d.severity),
    tostring(d.code),
    d.message
  )
end

local function keys(list)
  local ks = vim.tbl_map(key, list)
  table.sort(ks)
  return ks
end

--- Compares the buffer's diagnostics with check's; returns nil or a description of the difference.
local function diff(bufnr, expected)
  local got, want = keys(vim.diagnostic.get(bufnr)), keys(expected)
  for i = 1, math.max(#got, #want) do
    if got[i] ~= want[i] then
      return string.format(
        'editor has %d diagnostics, check has %d; first difference at #%d:\n    editor: %s\n    check:  %s',
        #got,
        #want,
        i,
        got[i] or '(none)',
        want[i] or '(none)'
      )
    end
  end
  return nil
end

local function codes(list)
  local c = {}
  for _, d in ipairs(list) do
    c[d.code] = (c[d.code] or 0) + 1
  end
  return c
end

local function has_code(list, code)
  return (codes(list)[code] or 0) > 0
end

local function wait(what, cond)
  if not vim.wait(TIMEOUT, cond, 20) then
    error('timed out waiting for ' .. what)
  end
end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  if vim.bo[bufnr].filetype ~= 'text' then
    error('filetype is ' .. vim.bo[bufnr].filetype .. ', expected text')
  end
  local uri = vim.uri_from_bufnr(bufnr)
  wait('the nianbao client to attach', function()
    return require('nianbao').client(bufnr) ~= nil
  end)
  wait('the first diagnostics (pushed or pulled)', function()
    return (published[uri] or 0) > 0
  end)
  return bufnr, uri
end

local function scenario(name, fn)
  local ok, err = pcall(fn)
  if not ok then
    err = tostring(err):gsub('^[^\n]-%.lua:%d+: ', '') -- drop the Lua location
  end
  if ok and err then
    say(string.format('PASS %s %s: %s', TAG, name, err))
  else
    failures = failures + 1
    say(string.format('FAIL %s %s: %s', TAG, name, tostring(err)))
  end
  pcall(vim.cmd, 'silent! %bwipeout!')
end

-- 1. A sample report's diagnostics equal check's.
scenario('1-diagnostics', function()
  local path = DIR .. '/s1/report.txt'
  local bufnr = open(path)
  local expected = check(path)
  if #expected == 0 then
    error('the sample has no findings: nothing to compare')
  end
  wait('diagnostics', function()
    return #vim.diagnostic.get(bufnr) > 0
  end)
  local d = diff(bufnr, expected)
  if d then
    error(d)
  end
  -- A needs-review fix says so in its title and is never preferred; "ignore here" follows it.
  local rt = vim.tbl_filter(function(x)
    local l = x.user_data and x.user_data.lsp
    return x.code == 'row-total' and l and l.data and l.data.fixes > 0
  end, vim.diagnostic.get(bufnr))[1]
  if not rt then
    error('no row-total diagnostic with a fix')
  end
  local client = vim.lsp.get_clients({ bufnr = bufnr })[1]
  local lsp_d = rt.user_data.lsp
  local resp = client:request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = lsp_d.range,
    context = { diagnostics = { lsp_d } },
  }, 10000, bufnr)
  local titles = {}
  for _, a in ipairs(resp and resp.result or {}) do
    table.insert(titles, a.title)
    local review = a.title:find('（需复核）', 1, true) or a.title:find(' (needs review)', 1, true)
    if review and a.isPreferred then
      error('a needs-review fix is preferred: ' .. a.title)
    end
  end
  local joined = table.concat(titles, ' | ')
  local said = joined:find('（需复核）', 1, true) or joined:find(' (needs review)', 1, true)
  local ignore = joined:find('忽略此处的 row-total', 1, true) or joined:find('Ignore row-total here', 1, true)
  if not said or not ignore then
    error('code actions for row-total: ' .. joined)
  end
  return string.format('%d diagnostics equal to `nianbao check` (code, range, severity, message); %s', #expected, joined)
end)

-- 2. The missing-row quick fix through vim.lsp.buf.code_action, saved, leaves no error.
scenario('2-quickfix-missing-row', function()
  local path = DIR .. '/s2/report.txt'
  local bufnr = open(path)
  wait('a missing-row diagnostic', function()
    return has_code(vim.diagnostic.get(bufnr), 'missing-row')
  end)
  local d = diff(bufnr, check(path))
  if d then
    error('before the fix: ' .. d)
  end
  local mr = vim.tbl_filter(function(x)
    return x.code == 'missing-row'
  end, vim.diagnostic.get(bufnr))[1]
  vim.api.nvim_win_set_cursor(0, { mr.lnum + 1, mr.col })
  local tick = vim.b[bufnr].changedtick
  local offered = {}
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(a)
      table.insert(offered, a.title)
      return a.kind == 'quickfix' and a.diagnostics ~= nil and a.diagnostics[1] ~= nil and a.diagnostics[1].code == 'missing-row'
        and not a.title:find('忽略此处', 1, true) and not a.title:find('^Ignore ')
    end,
  })
  wait('the quick fix to edit the buffer (offered: ' .. table.concat(offered, ' | ') .. ')', function()
    return vim.b[bufnr].changedtick ~= tick
  end)
  vim.cmd('silent write')
  local after = check(path)
  local left = vim.tbl_filter(function(x)
    return x.severity == 1
  end, after)
  if #left > 0 then
    error('saved file still has errors: ' .. table.concat(keys(left), '; '))
  end
  wait('diagnostics to clear', function()
    return not has_code(vim.diagnostic.get(bufnr), 'missing-row')
  end)
  d = diff(bufnr, after)
  if d then
    error('after the fix: ' .. d)
  end
  return 'applied "' .. (offered[1] or '?') .. '"; saved file has no error (`nianbao check`)'
end)

-- 3. :NianbaoFixAll (server command nianbao.fixAll → workspace/applyEdit), saved: no label-typo.
scenario('3-fix-all', function()
  local path = DIR .. '/s3/report.txt'
  local bufnr = open(path)
  local before = check(path)
  wait('label-typo diagnostics', function()
    return has_code(vim.diagnostic.get(bufnr), 'label-typo')
  end)
  local d = diff(bufnr, before)
  if d then
    error('before the fix: ' .. d)
  end
  local tick = vim.b[bufnr].changedtick
  vim.cmd('NianbaoFixAll')
  wait('fix-all to edit the buffer', function()
    return vim.b[bufnr].changedtick ~= tick
  end)
  vim.cmd('silent write')
  local after = check(path)
  if has_code(after, 'label-typo') then
    error('saved file still has label-typo: ' .. table.concat(keys(after), '; '))
  end
  wait('label-typo diagnostics to go', function()
    return not has_code(vim.diagnostic.get(bufnr), 'label-typo')
  end)
  d = diff(bufnr, after)
  if d then
    error('after the fix: ' .. d)
  end
  return string.format(
    '%d label-typo before, none in the saved file; %d findings before, %d after',
    codes(before)['label-typo'] or 0,
    #before,
    #after
  )
end)

-- 4. Typing into a total cell: a row-total appears, and all diagnostics equal check's of the new text.
scenario('4-edit-updates', function()
  local path = DIR .. '/s4/report.txt'
  local bufnr = open(path)
  local d = diff(bufnr, check(path))
  if d then
    error('before the edit: ' .. d)
  end
  local line = tonumber(os.getenv('E2E_TOTAL_LINE') or '78')
  vim.api.nvim_win_set_cursor(0, { line, 0 })
  vim.cmd('normal! i1')
  wait('a row-total diagnostic after typing', function()
    return has_code(vim.diagnostic.get(bufnr), 'row-total')
  end)
  local edited = DIR .. '/s4/edited.txt'
  vim.fn.writefile(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), edited)
  local expected = check(edited)
  d = diff(bufnr, expected)
  if d then
    error('after typing: ' .. d)
  end
  return string.format(
    'line %d now %q; diagnostics updated to %d (%s), equal to `nianbao check`',
    line,
    vim.api.nvim_buf_get_lines(bufnr, line - 1, line, false)[1],
    #expected,
    table.concat(vim.tbl_keys(codes(expected)), ', ')
  )
end)

-- 5. :NianbaoSkeleton 2021 on an empty file, saved: a 2021-template report with every row.
scenario('5-skeleton', function()
  local path = DIR .. '/s5/report.txt'
  local bufnr = open(path)
  local tick = vim.b[bufnr].changedtick
  vim.cmd('NianbaoSkeleton 2021')
  wait('the skeleton to be inserted', function()
    return vim.b[bufnr].changedtick ~= tick
  end)
  vim.cmd('silent write')
  local out = vim.json.decode(vim.fn.system({ NIANBAO, 'check', '--format', 'json', path }))[1]
  local c = codes(check(path))
  if out.template ~= '2021' or out.year ~= 2021 or c['missing-row'] or c['missing-section'] then
    error(string.format('saved skeleton: template %s, year %s, findings %s', tostring(out.template), tostring(out.year), vim.inspect(c)))
  end
  return string.format('%d lines inserted; `nianbao check`: template 2021, year 2021, no missing row or section', vim.api.nvim_buf_line_count(bufnr))
end)

local get = vim.lsp.get_clients or vim.lsp.get_active_clients
for _, c in ipairs(get()) do
  c:stop()
end
vim.wait(3000, function()
  return #get() == 0
end, 20)
os.exit(failures)
