// The page: a CodeMirror editor holding the report, checked by the WebAssembly checker on every
// change; findings marked on the cells and listed beside, with their fixes and explanations.

import { EditorState, Compartment, StateEffect, StateField } from "@codemirror/state";
import {
  EditorView,
  Decoration,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  drawSelection,
  placeholder,
  hoverTooltip,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { setDiagnostics, lintGutter, lintKeymap, forEachDiagnostic } from "@codemirror/lint";
import { syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";
import { markdown as markdownSupport, markdownLanguage } from "@codemirror/lang-markdown";
import * as api from "./api.js";
import { STRINGS } from "./i18n.js";
import { markdown } from "./markdown.js";

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k === "html") e.innerHTML = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
};

// ---- state -------------------------------------------------------------------------------

const params = new URLSearchParams(location.search);
const stored = (k) => {
  try {
    return localStorage.getItem(k);
  } catch {
    return null;
  }
};
const store = (k, v) => {
  try {
    localStorage.setItem(k, v);
  } catch {
    /* storage may be off (private windows): nothing is kept then */
  }
};

let lang = params.get("lang") === "en" || (!params.get("lang") && stored("nianbao.lang") === "en") ? "en" : "zh";
const t = () => STRINGS[lang];

/** The document being edited: its name, how its lines are joined, the file it was opened from. */
let file = { name: "", sep: "\n", original: null, format: "markdown" };
/** The last check: the document it was made on, its result and the findings placed in the editor. */
let checked = { doc: null, result: null, items: [], ms: 0, wasmMs: 0 };
/** The changes made since the last check (to place fixes made on it), or null. */
let sinceCheck = null;
let checkTimer = 0;
let checks = 0;
const explained = new Map();

const languageConf = new Compartment();
const placeholderConf = new Compartment();

const config = () => ({ lang });
const text = (state = view.state) => state.doc.sliceString(0, state.doc.length, file.sep);
// Markdown for .md files and for a new, untitled text; plain text otherwise.
const formatOf = (name) => (!name || /\.(md|markdown)$/i.test(name) ? "markdown" : "text");

// ---- related places of the selected finding -----------------------------------------------

const setFocus = StateEffect.define();
const focusField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) if (e.is(setFocus)) return e.value;
    return deco.map(tr.changes);
  },
  provide: (f) => EditorView.decorations.from(f),
});
const focusMark = Decoration.mark({ class: "cm-focus" });
const relatedMark = Decoration.mark({ class: "cm-related" });

// ---- the editor ----------------------------------------------------------------------------

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "15px" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.75" },
  ".cm-content": { padding: "12px 0" },
  ".cm-line": { padding: "0 16px 0 8px" },
  ".cm-gutters": { background: "var(--gutter)", borderRight: "1px solid var(--line)", color: "var(--muted)" },
  ".cm-activeLine": { background: "var(--active-line)" },
  ".cm-activeLineGutter": { background: "var(--active-line)" },
  ".cm-placeholder": { color: "var(--muted)", whiteSpace: "pre-wrap" },
  ".cm-tooltip": { border: "1px solid var(--line)", borderRadius: "8px", boxShadow: "var(--shadow)", background: "var(--paper)" },
  ".cm-tooltip-hover": { maxWidth: "560px", maxHeight: "60vh", overflow: "auto" },
});

function extensions(format) {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    EditorView.lineWrapping,
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    languageConf.of(format === "markdown" ? markdownSupport({ base: markdownLanguage }) : []),
    placeholderConf.of(placeholder(t().placeholder)),
    lintGutter(),
    focusField,
    hoverTooltip(labelHover, { hoverTime: 250 }),
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap]),
    theme,
    EditorView.updateListener.of((u) => {
      if (!u.docChanged) return;
      sinceCheck = sinceCheck ? sinceCheck.compose(u.changes) : u.changes;
      scheduleCheck();
      scheduleSave();
    }),
  ];
}

const view = new EditorView({
  parent: $("editor"),
  state: EditorState.create({ doc: "", extensions: extensions("markdown") }),
});

/** Replaces the document (a new file: its own undo history). `format`: the checker's
 * ("text", "markdown", "html" — a page's source — or "docx", a Word file's reading). */
function setDocument(content, name, { sep, original = null, format = formatOf(name) } = {}) {
  file = { name, sep: sep ?? detectSep(content), original, format };
  view.setState(EditorState.create({ doc: content, extensions: extensions(format) }));
  sinceCheck = null;
  showName();
  runCheck();
  scheduleSave();
}

/** The line break a text mostly uses (what the lines are joined with again). */
function detectSep(s) {
  const crlf = (s.match(/\r\n/g) || []).length;
  const cr = (s.match(/\r(?!\n)/g) || []).length;
  const lf = (s.match(/(^|[^\r])\n/g) || []).length;
  if (crlf > lf && crlf >= cr) return "\r\n";
  if (cr > lf && cr > crlf) return "\r";
  return "\n";
}

// ---- checking ------------------------------------------------------------------------------

function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runCheck, Math.min(400, Math.max(40, checked.ms * 3)));
}

/** Checks the document now and shows the findings. */
function runCheck() {
  clearTimeout(checkTimer);
  checkTimer = 0;
  const state = view.state;
  const doc = state.doc;
  const source = text(state);
  let result;
  const t0 = performance.now();
  try {
    result = api.check(source, file.format, config());
  } catch (e) {
    notice("error", t().error(e && e.message ? e.message : String(e)));
    return;
  }
  const ms = performance.now() - t0;
  const items = result.diagnostics.map((d, index) => ({
    d,
    index,
    ...api.toRange(doc, d.range),
    related: d.related.map((r) => ({ ...api.toRange(doc, r.range), message: r.message })),
    fixes: d.fixes.map((f) => ({ ...f, changes: api.toChanges(doc, f.edits) })),
  }));
  checked = { doc, result, items, ms, source };
  sinceCheck = null;
  checks++;
  view.dispatch(setDiagnostics(state, items.map(lintDiagnostic)), { effects: setFocus.of(Decoration.none) });
  renderPanel();
  $("elapsed").textContent = source.length ? t().elapsed(ms < 10 ? ms.toFixed(1) : Math.round(ms)) : "";
}

/** A finding as a CodeMirror diagnostic: the mark on the cells, the tooltip with the fixes. */
function lintDiagnostic(item) {
  const { d } = item;
  return {
    from: item.from,
    to: item.to,
    severity: d.severity,
    source: d.code,
    message: d.message,
    renderMessage: () => findingBody(item, { tooltip: true }),
    actions: item.fixes.map((fix) => ({
      name: fix.applicability === "safe" ? fix.title : `${fix.title}（${t().needsReview}）`,
      apply: () => applyFix(fix),
    })),
  };
}

/** The edits of a fix made on the last check, placed in the document as it is now. */
function placed(changes) {
  if (!sinceCheck) return changes;
  return changes.map((c) => {
    const from = sinceCheck.mapPos(c.from, 1);
    return { from, to: Math.max(from, sinceCheck.mapPos(c.to, -1)), insert: c.insert };
  });
}

function applyFix(fix) {
  view.dispatch({ changes: placed(fix.changes), userEvent: "input.fix", scrollIntoView: true });
  runCheck();
  notice("info", t().fixApplied(fix.title));
}

function fixAll() {
  const needsReview = $("chk-review").checked;
  let out;
  try {
    out = api.fixAll(text(), file.format, config(), needsReview);
  } catch (e) {
    notice("error", t().error(e && e.message ? e.message : String(e)));
    return;
  }
  if (out.error) {
    notice("error", out.error);
    return;
  }
  if (out.edits.length) {
    view.dispatch({ changes: api.toChanges(view.state.doc, out.edits), userEvent: "input.fix" });
  }
  runCheck();
  const left = checked.result ? checked.result.diagnostics.length : 0;
  notice(out.gaveUp ? "warn" : "info", out.gaveUp ? t().gaveUp : t().fixedN(out.applied, left));
}

// ---- the findings panel --------------------------------------------------------------------

const SEVERITIES = ["error", "warning", "info", "hint"];

function explanation(code) {
  const key = `${lang}:${code}`;
  if (!explained.has(key)) explained.set(key, api.explain(code, lang));
  return explained.get(key);
}

/** A finding's message, related places, fixes and rule documentation. */
function findingBody(item, { tooltip = false } = {}) {
  const { d } = item;
  const body = el("div", { class: "finding-body" });
  body.append(el("p", { class: "msg", text: d.message }));
  if (item.related.length) {
    const ul = el("ul", { class: "related", "aria-label": t().related });
    for (const r of item.related) {
      const line = view.state.doc.lineAt(Math.min(r.from, view.state.doc.length)).number;
      ul.append(
        el("li", {}, el("button", { type: "button", class: "link", onclick: () => jump(r.from, r.to) }, t().line(line)), " ", r.message),
      );
    }
    body.append(ul);
  }
  if (!tooltip && item.fixes.length) {
    const fixes = el("div", { class: "fixes" });
    item.fixes.forEach((fix, j) => {
      fixes.append(
        el(
          "button",
          { type: "button", class: `fix ${fix.applicability}`, "data-fix": j, onclick: () => applyFix(fix), title: fix.title },
          el("span", { class: "fix-title", text: fix.title }),
          el("span", { class: "appl", text: fix.applicability === "safe" ? t().safe : t().needsReview }),
        ),
      );
    });
    body.append(fixes);
  }
  const doc = explanation(d.code);
  if (doc) {
    const details = el("details", { class: "doc" }, el("summary", { text: `${t().explain} · ${d.code}` }));
    const content = el("div", { class: "md" });
    details.append(content);
    const fill = () => {
      if (!content.childElementCount) content.innerHTML = markdown(doc);
    };
    details.addEventListener("toggle", fill);
    body.append(details);
  }
  return body;
}

function renderPanel() {
  const r = checked.result;
  const list = $("findings");
  list.replaceChildren();
  const note = $("panel-note");
  const summary = $("summary");
  const meta = $("meta");
  summary.replaceChildren();
  meta.replaceChildren();
  note.textContent = "";
  if (!checked.source || !checked.source.trim()) {
    note.textContent = t().empty;
    return;
  }
  if (!r.report) {
    note.textContent = t().notReport;
    return;
  }
  if (r.year) meta.append(el("span", { text: t().year(r.year) }));
  if (r.template) meta.append(el("span", { text: t().template(r.template) }));
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  for (const it of checked.items) counts[it.d.severity]++;
  for (const s of SEVERITIES) {
    if (counts[s]) summary.append(el("span", { class: `count sev-${s}`, text: t().sevCount[s](counts[s]) }));
  }
  if (!checked.items.length) {
    note.textContent = t().noFindings;
    summary.append(el("span", { class: "count ok", text: "✓" }));
    return;
  }
  for (const item of checked.items) {
    const { d } = item;
    const line = checked.doc.lineAt(item.from).number;
    const li = el("li", {
      class: `finding sev-${d.severity}`,
      "data-code": d.code,
      "data-severity": d.severity,
      "data-index": item.index,
    });
    li.append(
      el(
        "button",
        { type: "button", class: "head", onclick: () => select(item, li) },
        el("span", { class: "sev", text: t().sev[d.severity] }),
        el("span", { class: "where", text: t().line(line) }),
        el("code", { class: "code", text: d.code }),
      ),
      findingBody(item),
    );
    list.append(li);
  }
}

function jump(from, to) {
  view.dispatch({
    selection: { anchor: from, head: to },
    effects: EditorView.scrollIntoView(from, { y: "center" }),
  });
  view.focus();
}

function select(item, li) {
  for (const e of document.querySelectorAll(".finding.selected")) e.classList.remove("selected");
  li.classList.add("selected");
  // Positions of the last check, in the document as it is now.
  const map = (p, assoc) => (sinceCheck ? sinceCheck.mapPos(p, assoc) : p);
  const range = (mark, r) => {
    const from = map(r.from, 1);
    const to = map(r.to, -1);
    return to > from ? [mark.range(from, to)] : [];
  };
  const marks = [...range(focusMark, item), ...item.related.flatMap((r) => range(relatedMark, r))];
  view.dispatch({ effects: setFocus.of(Decoration.set(marks, true)) });
  const from = map(item.from, 1);
  jump(from, Math.max(from, map(item.to, -1)));
}

// ---- hover: what a label or cell is ---------------------------------------------------------

function labelHover(v, pos, side) {
  if (lang !== "zh") return null; // the library writes this text in Chinese only
  let h;
  try {
    h = api.hover(text(v.state), file.format, config(), api.toPosition(v.state.doc, pos));
  } catch {
    return null;
  }
  if (!h) return null;
  const { from, to } = api.toRange(v.state.doc, h.range);
  if (pos < from || pos > to || (pos === to && side < 0 && to > from)) return null;
  return {
    pos: from,
    end: to,
    above: true,
    create: () => ({ dom: el("div", { class: "label-hover md", html: markdown(h.markdown) }) }),
  };
}

// ---- files ---------------------------------------------------------------------------------

async function openFile(f) {
  if (!f) return;
  let bytes;
  try {
    bytes = new Uint8Array(await f.arrayBuffer());
  } catch (e) {
    notice("error", t().cannotOpen(f.name, e.message || String(e)));
    return;
  }
  let out;
  try {
    out = api.read(bytes, f.name, lang);
  } catch (e) {
    notice("error", t().cannotOpen(f.name, e && e.message ? e.message : String(e)));
    return;
  }
  if (!out.ok) {
    notice("error", t().cannotOpen(f.name, out.error));
    return;
  }
  if (out.format === "docx") {
    // No text to edit in a Word file: its reading, what nianbao checks, downloaded as .txt.
    setDocument(out.text, out.name, { sep: "\n", format: "docx" });
    notice("info", t().docxReading(out.name));
  } else {
    setDocument(out.text, out.name, { original: { bytes, text: out.text }, format: out.format });
    const opened = out.format === "html" ? t().openedPage(f.name) : t().opened(f.name);
    notice("info", out.encoding === "UTF-8" ? opened : `${opened} ${t().encoding(out.encoding)}`);
  }
}

function download() {
  const content = text();
  let bytes = null;
  let utf8Fallback = false;
  if (file.original) {
    bytes = api.save(file.original.bytes, file.original.text, content) ?? null;
    utf8Fallback = !bytes;
  }
  if (!bytes) bytes = new TextEncoder().encode(content);
  const type = { markdown: "text/markdown", html: "text/html" }[file.format] || "text/plain";
  const blob = new Blob([bytes], { type });
  const a = el("a", { href: URL.createObjectURL(blob), download: file.name || t().untitled });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  if (utf8Fallback) notice("warn", t().savedUtf8);
}

let saveTimer = 0;
function scheduleSave() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(
    () => store("nianbao.draft", JSON.stringify({ text: text(), name: file.name, sep: file.sep, format: file.format })),
    500,
  );
}

// ---- the new-report dialog -----------------------------------------------------------------

let templateList = null;
function fillNewDialog() {
  templateList ??= api.templates();
  const years = $("new-year");
  const current = new Date().getFullYear();
  const first = Math.min(...templateList.inForce.map((e) => e.from));
  const chosen = years.value ? Number(years.value) : current - 1;
  years.replaceChildren();
  for (let y = current + 1; y >= first; y--) years.append(el("option", { value: y, text: String(y), selected: y === chosen }));
  fillTemplates();
}

function fillTemplates() {
  const sel = $("new-template");
  const was = sel.value;
  const year = Number($("new-year").value);
  const inForce = api.templateInForce(year);
  const doc = templateList.templates.find((x) => x.id === inForce);
  sel.replaceChildren(el("option", { value: "", text: doc ? t().newAuto(doc.document) : t().newNone }));
  for (const tpl of templateList.templates) {
    sel.append(el("option", { value: tpl.id, text: `${t().template(tpl.id)} · ${tpl.document}`, selected: tpl.id === was }));
  }
}

function createSkeleton() {
  const year = Number($("new-year").value);
  const format = $("new-format").value;
  const issuer = $("new-issuer").value.trim();
  const out = api.skeleton(year, $("new-template").value, format, issuer);
  if (!out) {
    notice("error", t().newNone);
    return;
  }
  const name = `${issuer.replace(/[\\/:*?"<>|\s]/g, "")}${year}年政府信息公开工作年度报告.${format === "md" ? "md" : "txt"}`;
  const format0 = formatOf(name);
  file = { name, sep: "\n", original: null, format: format0 };
  view.dispatch({
    changes: { from: 0, to: view.state.doc.length, insert: out.text },
    effects: languageConf.reconfigure(format0 === "markdown" ? markdownSupport({ base: markdownLanguage }) : []),
    selection: { anchor: 0 },
    scrollIntoView: true,
  });
  showName();
  runCheck();
}

// ---- page chrome ---------------------------------------------------------------------------

function notice(kind, message) {
  const n = $("notice");
  n.className = `notice ${kind}`;
  n.replaceChildren(
    el("span", { class: "notice-text", text: message }),
    el("button", { type: "button", class: "close", "aria-label": t().close, title: t().close, onclick: () => (n.hidden = true) }, "×"),
  );
  n.hidden = false;
}

function showName() {
  $("file-name").textContent = file.name || t().untitled;
}

function applyLang() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = `${t().title} · nianbao`;
  for (const e of document.querySelectorAll("[data-t]")) e.textContent = t()[e.dataset.t];
  for (const e of document.querySelectorAll("[data-tp]")) e.placeholder = t()[e.dataset.tp];
  const b = $("btn-lang");
  b.textContent = t().langSwitch;
  b.title = t().langSwitchTitle;
  b.lang = lang === "zh" ? "en" : "zh-CN";
  view.dispatch({ effects: placeholderConf.reconfigure(placeholder(t().placeholder)) });
  showName();
  if (templateList) fillTemplates();
}

function setLang(l) {
  lang = l;
  store("nianbao.lang", l);
  // A notice was written in the other language.
  $("notice").hidden = true;
  applyLang();
  runCheck();
}

function wire() {
  $("btn-new").addEventListener("click", () => {
    fillNewDialog();
    $("new-replace").hidden = view.state.doc.length === 0;
    $("dlg-new").showModal();
  });
  $("new-year").addEventListener("change", fillTemplates);
  $("dlg-new").addEventListener("close", () => {
    if ($("dlg-new").returnValue === "create") createSkeleton();
  });
  $("file-input").addEventListener("change", (e) => {
    openFile(e.target.files[0]);
    e.target.value = "";
  });
  $("btn-download").addEventListener("click", download);
  $("btn-fix-all").addEventListener("click", fixAll);
  $("btn-lang").addEventListener("click", () => setLang(lang === "zh" ? "en" : "zh"));
  let depth = 0;
  const drop = $("drop");
  window.addEventListener("dragenter", (e) => {
    if (![...(e.dataTransfer?.types || [])].includes("Files")) return;
    depth++;
    drop.hidden = false;
  });
  window.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (!depth) drop.hidden = true;
  });
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => {
    e.preventDefault();
    depth = 0;
    drop.hidden = true;
    openFile(e.dataTransfer?.files?.[0]);
  });
}

// For the browser test (editors/web/test) and the curious: the page's state, read-only.
window.nianbaoPage = {
  view,
  api,
  get checks() {
    return checks;
  },
  get pending() {
    return checkTimer !== 0;
  },
  get lang() {
    return lang;
  },
  /** Milliseconds of the last check the page made (the wasm call, JSON.parse, the marks). */
  get lastCheckMs() {
    return checked.ms;
  },
  text: () => text(),
  file: () => ({ name: file.name, format: file.format, sep: file.sep }),
  /** The findings as checked: the checker's JSON object. */
  result: () => checked.result,
  /** The diagnostics CodeMirror holds, as checker positions. */
  marks() {
    const out = [];
    forEachDiagnostic(view.state, (d, from, to) =>
      out.push({ code: d.source, severity: d.severity, message: d.message, start: api.toPosition(view.state.doc, from), end: api.toPosition(view.state.doc, to), actions: (d.actions || []).map((a) => a.name) }),
    );
    return out;
  },
  /** Milliseconds of one check of the current text (the wasm call and JSON.parse), `n` times. */
  time(n = 50) {
    const s = text();
    const cfg = config();
    const all = [];
    const wasmOnly = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const raw = api.rawCheck(s, file.format, cfg);
      const t1 = performance.now();
      JSON.parse(raw);
      const t2 = performance.now();
      wasmOnly.push(t1 - t0);
      all.push(t2 - t0);
    }
    const median = (a) => a.sort((x, y) => x - y)[a.length >> 1];
    return { bytes: new TextEncoder().encode(s).length, median: median(all), wasmMedian: median(wasmOnly), runs: n };
  },
  runCheck,
  openFile,
};

async function start() {
  applyLang();
  wire();
  $("panel-note").textContent = t().loading;
  const t0 = performance.now();
  try {
    window.nianbaoPage.wasmFrom = await api.load();
  } catch (e) {
    notice("error", t().error(e && e.message ? e.message : String(e)));
    return;
  }
  window.nianbaoPage.loadMs = performance.now() - t0;
  // The engine compiles the module's functions as they are first called: a first check of a
  // blank report, part of loading, makes the user's first check as quick as the next ones.
  const t1 = performance.now();
  try {
    const blank = params.get("warm") === "0" ? null : api.skeleton(new Date().getFullYear() - 1, "", "md", "");
    if (blank) {
      // A few times: the engine optimises the functions called most.
      for (let i = 0; i < 4; i++) api.check(blank.text, "markdown", config());
      api.fixAll(blank.text.replace("本年新收政府信息公开申请数量", "本年新收政府信息公开申清数量"), "markdown", config(), false);
    }
  } catch {
    /* only a warm-up */
  }
  window.nianbaoPage.warmMs = performance.now() - t1;
  $("version").textContent = `nianbao ${api.version()}`;
  const draft = (() => {
    try {
      return JSON.parse(stored("nianbao.draft") || "null");
    } catch {
      return null;
    }
  })();
  if (draft && typeof draft.text === "string" && draft.text) {
    setDocument(draft.text, draft.name || "", { sep: draft.sep, format: draft.format || formatOf(draft.name) });
  } else {
    showName();
    runCheck();
  }
  window.nianbaoPage.ready = true;
  document.body.classList.add("ready");
}

start();

