// The checker, compiled to WebAssembly (crates/web), and the conversions between its positions
// and CodeMirror's.
//
// The module is nianbao.wasm beside the page. Served over http(s) it is fetched (and compiled as
// it arrives); from file://, where pages cannot fetch files, the same bytes come from
// nianbao-wasm.js, a classic script holding them in base64. Either way nothing is requested
// once the page has loaded: it works offline.
//
// Positions from the checker are { line, character }: zero-based, the character counted in UTF-16
// code units, lines ending at \n, \r\n or a lone \r — the lines CodeMirror splits a document into.

import init, * as wasm from "../build/pkg/nianbao_web.js";

// Where this script was loaded from: the page's other files are beside it.
const base = new URL(".", (document.currentScript && document.currentScript.src) || document.baseURI);

function inlined() {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = new URL("nianbao-wasm.js", base).href;
    s.onload = () => {
      const b64 = globalThis.NIANBAO_WASM;
      delete globalThis.NIANBAO_WASM;
      if (typeof b64 !== "string") return reject(new Error("nianbao-wasm.js"));
      const bin = atob(b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      resolve(bytes);
    };
    s.onerror = () => reject(new Error(`${s.src} could not be loaded`));
    document.head.append(s);
  });
}

/** Loads the checker; says where its bytes came from ("fetch" or "inline"). */
export async function load() {
  if (/^https?:$/.test(location.protocol)) {
    try {
      const response = await fetch(new URL("nianbao.wasm", base));
      if (response.ok) {
        await init({ module_or_path: response });
        return "fetch";
      }
    } catch {
      /* a host that does not serve it: the inlined copy below */
    }
  }
  await init({ module_or_path: await inlined() });
  return "inline";
}

const json = (s) => JSON.parse(s);

export const version = () => wasm.version();
/** `nianbao check --format json`'s object for one file (without `path`). */
export const check = (text, format, config) => json(rawCheck(text, format, config));
/** The same, as the JSON text the checker writes. */
export const rawCheck = (text, format, config) => wasm.check(text, format, JSON.stringify(config));
/** `nianbao fix` (`needsReview`: `--unsafe`): { report, text, applied, gaveUp, remaining, errors, edits }. */
export const fixAll = (text, format, config, needsReview) =>
  json(wasm.fixAll(text, format, JSON.stringify(config), needsReview));
export const hover = (text, format, config, pos) =>
  json(wasm.hover(text, format, JSON.stringify(config), pos.line, pos.character));
/** A file's bytes read as nianbao reads it: { ok, format, text, name, encoding } or { ok: false, error } (format: "text", "markdown", "html" — the page's source — or "docx", its reading). */
export const read = (bytes, name, lang) => json(wasm.read(bytes, name, lang));
/** The bytes to save for a file opened as `bytes` (read as `oldText`): its encoding and untouched bytes kept. */
export const save = (bytes, oldText, newText) => wasm.save(bytes, oldText, newText);
export const skeleton = (year, template, format, issuer) => json(wasm.skeleton(year, template, format, issuer));
export const templates = () => json(wasm.templates());
export const templateInForce = (year) => wasm.templateInForce(year);
export const rules = (lang) => json(wasm.rules(lang));
export const explain = (code, lang) => wasm.explain(code, lang);

/** The CodeMirror offset of a checker position in `doc` (clamped as the checker clamps). */
export function toOffset(doc, pos) {
  if (pos.line + 1 > doc.lines) return doc.length;
  const line = doc.line(pos.line + 1);
  return Math.min(line.from + pos.character, line.to);
}

/** The checker position of a CodeMirror offset. */
export function toPosition(doc, offset) {
  const line = doc.lineAt(offset);
  return { line: line.number - 1, character: offset - line.from };
}

/** A checker range as { from, to } offsets. */
export function toRange(doc, range) {
  const a = toOffset(doc, range.start);
  const b = toOffset(doc, range.end);
  return { from: Math.min(a, b), to: Math.max(a, b) };
}

/** Checker edits as CodeMirror changes (all relative to the same document). */
export function toChanges(doc, edits) {
  return edits.map((e) => ({ ...toRange(doc, e.range), insert: e.newText }));
}
