// The page in headless Chromium against the `nianbao` binary (run by editors/web/test.sh).
//
// For every sample report (examples/reports/*.txt, tests/real/ pages, Markdown and text,
// tests/real/converted/*.md, tests/data/docx/*.docx), opened through the page's file input:
//   findings   the checker's JSON in the page equals `nianbao check --format json` for the file,
//              and the marks in the editor and the list beside it are those findings
//   quickfix   the first fix, clicked in the list, makes the text its edits make
//   fix-all    "fix all", then "download": the bytes `nianbao fix` writes into the file
//              (with "include fixes to review": `nianbao fix --unsafe`)
// and once: English (findings equal `nianbao check --lang en`, no Chinese in the page's own
// texts), the new-report dialog (`nianbao new`), the page served over http (the .wasm fetched),
// no request once loaded (offline), the check time of the 15 KB sample, screenshots.
//
// Environment: NIANBAO (the binary), CHROMIUM (default /usr/bin/chromium), OUT (where the
// screenshots and timings go; default target/web-test). Prints PASS/FAIL lines; exits 1 on a
// failure.

import { chromium } from "playwright-core";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../../..");
const dist = join(here, "../dist");
const NIANBAO = process.env.NIANBAO;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const OUT = process.env.OUT || join(root, "target/web-test");
mkdirSync(OUT, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "nianbao-web-"));

let failed = 0;
let passed = 0;
const result = (ok, name, detail = "") => {
  ok ? passed++ : failed++;
  console.log(`${ok ? "PASS" : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
};

function nianbao(args) {
  const r = spawnSync(NIANBAO, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status === null || r.status > 1) throw new Error(`nianbao ${args.join(" ")}: ${r.status} ${r.stderr}`);
  return r.stdout;
}
const cliCheck = (file, lang) => {
  const out = JSON.parse(nianbao(["check", "--format", "json", ...(lang ? ["--lang", lang] : []), file]))[0];
  delete out.path;
  return out;
};
/** The bytes `nianbao fix` writes for `bytes` saved as `name`. */
function cliFix(bytes, name, unsafe) {
  const f = join(mkdtempSync(join(work, "fix-")), name);
  writeFileSync(f, bytes);
  nianbao(["fix", ...(unsafe ? ["--unsafe"] : []), f]);
  return readFileSync(f);
}

/** Offsets of checker positions ({ line, character }, UTF-16) in a JavaScript string. */
function offsetOf(text, pos) {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  if (pos.line >= starts.length) return text.length;
  const end = pos.line + 1 < starts.length ? starts[pos.line + 1] : text.length;
  const lineEnd = text.slice(starts[pos.line], end).replace(/(\r\n|\r|\n)$/, "").length + starts[pos.line];
  return Math.min(starts[pos.line] + pos.character, lineEnd);
}
function applyEdits(text, edits) {
  const e = edits
    .map((x) => ({ from: offsetOf(text, x.range.start), to: offsetOf(text, x.range.end), insert: x.newText }))
    .sort((a, b) => b.from - a.from);
  for (const x of e) text = text.slice(0, x.from) + x.insert + text.slice(x.to);
  return text;
}

const samples = [
  ...readdirSync(join(root, "examples/reports")).filter((f) => f.endsWith(".txt")).map((f) => join(root, "examples/reports", f)),
  ...readdirSync(join(root, "tests/real")).filter((f) => /\.(html|md|txt)$/.test(f) && f !== "README.md").map((f) => join(root, "tests/real", f)),
  ...readdirSync(join(root, "tests/real/converted")).filter((f) => f.endsWith(".md")).map((f) => join(root, "tests/real/converted", f)),
  ...readdirSync(join(root, "tests/data/docx")).filter((f) => f.endsWith(".docx")).map((f) => join(root, "tests/data/docx", f)),
].sort();

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const pageUrl = pathToFileURL(join(dist, "index.html")).href;

/** A fresh page (its own storage: no draft kept from another test), loaded and ready. */
async function open(url = pageUrl, query = "") {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(url + query);
  await page.waitForFunction(() => window.nianbaoPage && window.nianbaoPage.ready, null, { timeout: 30000 });
  return { page, context, errors };
}

/** Opens a file through the file input; resolves once it is checked. */
async function load(page, file) {
  const before = await page.evaluate(() => window.nianbaoPage.checks);
  await page.setInputFiles("#file-input", file);
  await page.waitForFunction((n) => window.nianbaoPage.checks > n && !window.nianbaoPage.pending, before, { timeout: 30000 });
}

/** Waits for the check that follows an edit. */
async function settled(page, before) {
  await page.waitForFunction((n) => window.nianbaoPage.checks > n && !window.nianbaoPage.pending, before, { timeout: 30000 });
}

/** The findings as the page shows them: the editor's marks and the list's entries. */
const shown = (page) =>
  page.evaluate(() => ({
    marks: window.nianbaoPage.marks(),
    list: [...document.querySelectorAll("#findings .finding")].map((li) => ({
      code: li.dataset.code,
      severity: li.dataset.severity,
      message: li.querySelector(".msg").textContent,
    })),
  }));

const key = (d) => `${d.code}|${d.start.line}:${d.start.character}-${d.end.line}:${d.end.character}|${d.message}`;

async function download(page) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#btn-download")]);
  return { bytes: readFileSync(await dl.path()), name: dl.suggestedFilename() };
}

const timings = {};
for (const file of samples) {
  const name = basename(file);
  const docx = extname(file) === ".docx";
  const { page, context, errors } = await open();
  try {
    await load(page, file);
    const { settingsErrors, ...got } = await page.evaluate(() => window.nianbaoPage.result());
    const want = cliCheck(file);
    if (settingsErrors.length) result(false, `settings ${name}`, settingsErrors.join("; "));
    result(isDeepStrictEqual(got, want), `findings ${name}`, `${want.diagnostics.length} findings`);
    if (!isDeepStrictEqual(got, want)) {
      writeFileSync(join(OUT, `${name}.page.json`), JSON.stringify(got, null, 1));
      writeFileSync(join(OUT, `${name}.cli.json`), JSON.stringify(want, null, 1));
    }
    const s = await shown(page);
    const wantMarks = want.diagnostics.map((d) => key({ ...d, ...d.range })).sort();
    const gotMarks = s.marks.map(key).sort();
    const listOk = isDeepStrictEqual(
      s.list,
      want.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message })),
    );
    result(isDeepStrictEqual(gotMarks, wantMarks) && listOk, `shown ${name}`, `${s.marks.length} marks, ${s.list.length} listed`);
    await page.screenshot({ path: join(OUT, `${name}.png`) });

    const original = await page.evaluate(() => window.nianbaoPage.text());
    // What `nianbao fix` would be given: the file itself; for a .docx (which it does not fix)
    // its reading, as a text file.
    const fixInput = docx ? { bytes: Buffer.from(original, "utf8"), name: name.replace(/\.docx$/, ".txt") } : { bytes: readFileSync(file), name };

    // The first quick fix, from the list.
    const i = want.diagnostics.findIndex((d) => d.fixes.length);
    if (i >= 0) {
      const before = await page.evaluate(() => window.nianbaoPage.checks);
      await page.click(`#findings .finding[data-index="${i}"] .fix[data-fix="0"]`);
      await settled(page, before);
      const after = await page.evaluate(() => window.nianbaoPage.text());
      const expected = applyEdits(original, want.diagnostics[i].fixes[0].edits);
      result(after === expected, `quickfix ${name}`, want.diagnostics[i].fixes[0].title);
      await load(page, file);
    }

    // Markdown with HTML tables in it (a converter's) is read as `nianbao check` reads it, but
    // `nianbao fix` leaves such a file as it is; the page fixes it as it fixes a page.
    const mapped = extname(file) === ".md" && want.diagnostics.some((d) => d.location);
    if (mapped) console.log(`-- fix-all ${name}: not compared (nianbao fix leaves Markdown with HTML tables as it is)`);
    for (const unsafe of mapped ? [] : [false, true]) {
      await page.setChecked("#chk-review", unsafe);
      const before = await page.evaluate(() => window.nianbaoPage.checks);
      await page.click("#btn-fix-all");
      await settled(page, before);
      const dl = await download(page);
      const expected = cliFix(fixInput.bytes, fixInput.name, unsafe);
      const label = `fix-all${unsafe ? " --unsafe" : ""} ${name}`;
      result(dl.bytes.equals(expected) && dl.name === fixInput.name, label, `${dl.name}, ${dl.bytes.length} bytes`);
      if (!dl.bytes.equals(expected)) {
        writeFileSync(join(OUT, `${name}.page-fixed`), dl.bytes);
        writeFileSync(join(OUT, `${name}.cli-fixed`), expected);
      }
      await load(page, file);
    }
    if (errors.length) result(false, `console ${name}`, errors.join(" | "));
  } catch (e) {
    result(false, `sample ${name}`, e.stack || String(e));
  } finally {
    await context.close();
  }
}

// English: the findings in English, and none of the page's own texts in Chinese.
{
  const file = join(root, "examples/reports/2020-linyi-approval-bureau.txt");
  const { page, context } = await open();
  try {
    await load(page, file);
    const zhChrome = await page.evaluate(() => [...document.querySelectorAll("[data-t]")].map((e) => e.textContent));
    const before = await page.evaluate(() => window.nianbaoPage.checks);
    await page.click("#btn-lang");
    await settled(page, before);
    const { settingsErrors: _, ...got } = await page.evaluate(() => window.nianbaoPage.result());
    result(isDeepStrictEqual(got, cliCheck(file, "en")), "english findings", "equal `nianbao check --lang en`");
    const chrome = await page.evaluate(() => ({
      texts: [
        ...document.querySelectorAll("[data-t], #summary, .finding .sev, .finding .where, .fix .appl, .doc summary, #notice:not([hidden])"),
      ].map((e) => e.textContent),
      lang: document.documentElement.lang,
    }));
    const cjk = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/;
    const mixed = chrome.texts.filter((s) => cjk.test(s));
    result(chrome.lang === "en" && mixed.length === 0, "english interface", mixed.length ? `Chinese left: ${mixed.slice(0, 5).join(" / ")}` : `${chrome.texts.length} texts`);
    const zhMixed = zhChrome.filter((s) => /[A-Za-z]{3,}/.test(s) && !/Markdown/.test(s));
    result(zhMixed.length === 0, "chinese interface", zhMixed.length ? `English in: ${zhMixed.join(" / ")}` : `${zhChrome.length} texts`);
    await page.click("#btn-fix-all");
    const fixedNotice = await page.locator("#notice .notice-text").textContent();
    result(!cjk.test(fixedNotice), "english notice", fixedNotice);
    await page.click("#findings .finding .head");
    await page.screenshot({ path: join(OUT, "english.png") });
  } finally {
    await context.close();
  }
}

// A PDF is refused (pdftotext cannot run in a browser), with what to open instead.
{
  const { page, context } = await open();
  try {
    await page.setInputFiles("#file-input", join(root, "tests/real/2023-hongze-district.pdf"));
    await page.waitForSelector("#notice.error", { timeout: 10000 });
    const message = await page.locator("#notice .notice-text").textContent();
    result(/PDF/.test(message) && /\.docx/.test(message), "pdf refused", message.slice(0, 80));
  } catch (e) {
    result(false, "pdf refused", e.message);
  } finally {
    await context.close();
  }
}

// A new blank report: the dialog's year and template, as `nianbao new`.
{
  const { page, context } = await open();
  try {
    await page.click("#btn-new");
    await page.selectOption("#new-year", "2021");
    await page.selectOption("#new-format", "md");
    await page.fill("#new-issuer", "某某市人民政府办公室");
    const before = await page.evaluate(() => window.nianbaoPage.checks);
    await page.click("#new-create");
    await settled(page, before);
    const got = await page.evaluate(() => window.nianbaoPage.text());
    const want = nianbao(["new", "--year", "2021", "--format", "md", "--issuer", "某某市人民政府办公室"]);
    const findings = await page.evaluate(() => window.nianbaoPage.result().diagnostics.length);
    result(got === want, "new report", `2021, ${got.length} characters, ${findings} findings`);
    await page.screenshot({ path: join(OUT, "new-2021.png") });
  } finally {
    await context.close();
  }
}

// Hover: what a cell is, and a finding's explanation in its tooltip.
{
  const file = join(root, "examples/reports/2020-linyi-approval-bureau.txt");
  const { page, context } = await open();
  try {
    await load(page, file);
    // The first finding, clicked in the list: the editor scrolls to it (and only then draws it).
    await page.click("#findings .finding .head");
    const jumped = await page.evaluate(() => {
      const { view, api } = window.nianbaoPage;
      const sel = view.state.selection.main;
      const want = api.toRange(view.state.doc, window.nianbaoPage.result().diagnostics[0].range);
      return sel.from === want.from && sel.to === want.to;
    });
    result(jumped, "click to jump", "the selection is the first finding's range");
    const box = await page.locator(".cm-lintRange").first().boundingBox();
    await page.mouse.move(box.x + Math.min(8, box.width / 2), box.y + box.height / 2);
    await page.waitForSelector(".cm-tooltip-lint", { timeout: 5000 });
    const tip = await page.locator(".cm-tooltip-lint").first().textContent();
    const first = await page.evaluate(() => window.nianbaoPage.result().diagnostics[0].message);
    result(tip.includes(first) && /规则说明/.test(tip), "hover finding", tip.slice(0, 60));
    // What the label is (the language server's hover), beside the finding.
    await page.waitForSelector(".label-hover", { timeout: 5000 });
    const label = await page.locator(".label-hover").first().textContent();
    result(label.length > 0, "hover label", label.slice(0, 60));
    await page.screenshot({ path: join(OUT, "hover.png") });
  } catch (e) {
    result(false, "hover finding", e.message);
  } finally {
    await context.close();
  }
}

// Served over http (the .wasm fetched, not the inlined copy); nothing requested once loaded;
// the check time of the 15 KB sample.
{
  const server = createServer((req, res) => {
    const f = join(dist, decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html");
    if (!f.startsWith(dist) || !existsSync(f)) {
      res.writeHead(404).end();
      return;
    }
    const type = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" }[extname(f)] || "application/octet-stream";
    res.writeHead(200, { "content-type": type }).end(readFileSync(f));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}/index.html`;
  const { page, context } = await open(url);
  try {
    const from = await page.evaluate(() => window.nianbaoPage.wasmFrom);
    const requests = [];
    page.on("request", (r) => !r.url().startsWith("blob:") && !r.url().startsWith("data:") && requests.push(r.url()));
    await context.setOffline(true);
    const file = join(root, "examples/reports/2018-zhaotong-services-bureau.txt");
    await load(page, file);
    const before = await page.evaluate(() => window.nianbaoPage.checks);
    await page.click("#btn-fix-all");
    await settled(page, before);
    await load(page, file);
    result(from === "fetch" && requests.length === 0, "http and offline", `wasm by ${from}, ${requests.length} requests once loaded`);
    const t = await page.evaluate(() => ({ load: window.nianbaoPage.loadMs, ...window.nianbaoPage.time(200) }));
    timings.http = t;
    console.log(
      `-- check of ${basename(file)} (${t.bytes} bytes) in the page: median ${t.median.toFixed(2)} ms (${t.wasmMedian.toFixed(2)} ms in the checker, the rest JSON.parse) over ${t.runs} runs; wasm loaded in ${t.load.toFixed(0)} ms`,
    );
  } finally {
    await context.close();
    server.close();
  }
}
for (const query of ["?warm=0", ""]) {
  const { page, context } = await open(pageUrl, query);
  const t = await page.evaluate(() => ({ load: window.nianbaoPage.loadMs, warm: window.nianbaoPage.warmMs }));
  const file = join(root, "examples/reports/2018-zhaotong-services-bureau.txt");
  await load(page, file);
  t.firstCheck = await page.evaluate(() => window.nianbaoPage.lastCheckMs);
  timings[query ? "fileNoWarmUp" : "file"] = t;
  console.log(
    `-- from file:// (the inlined wasm)${query ? ", no warm-up" : ""}: loaded in ${t.load.toFixed(0)} ms + ${t.warm.toFixed(0)} ms warm-up; the first check of ${basename(file)} in ${t.firstCheck.toFixed(2)} ms`,
  );
  await context.close();
}
writeFileSync(join(OUT, "timings.json"), JSON.stringify(timings, null, 1));

await browser.close();
console.log(`-- web: ${passed} passed, ${failed} failed; screenshots in ${OUT}`);
process.exit(failed ? 1 : 0);
