//! nianbao in the browser: the library's analysis, fixes, readers and skeletons behind a small
//! JavaScript API (`editors/web` is the page that uses it).
//!
//! Every function takes strings, bytes and numbers and returns a string (JSON where the answer
//! is structured), so the glue that wasm-bindgen generates is plain and the same functions run
//! natively in this crate's tests. Nothing here analyses a report: each function calls what the
//! command line calls for the same job (`nianbao check --format json`, `nianbao fix`,
//! `nianbao convert --to md`, `nianbao new`, `nianbao explain`), and the JSON of a finding is the
//! library's [`nianbao::export::diagnostic_json`], the very object `nianbao check --format json`
//! prints.
//!
//! Positions are the CLI's: `{ "line": 0, "character": 3 }`, zero-based, the character counted
//! in UTF-16 code units (JavaScript string indices within the line). Lines end at `\n`, `\r\n`
//! or a lone `\r`, as in CodeMirror, whose `doc.line(line + 1).from + character` is the offset.
//!
//! Languages: `lang` is `"zh"` (the default, also for anything else) or `"en"`; in a
//! configuration it is the `lang` key. Every message comes in that one language.

use nianbao::check::fix::{apply_edits, diff_edits, fix_all as fix_to_fixpoint, fix_all_by};
use nianbao::check::{
    analyze_and_check, check_source, on_source, rule, rules::ALL, Applicability, Config,
};
use nianbao::check::{doc, Lang, Severity};
use nianbao::export::{check_json, place_json, Ranges};
use nianbao::read::{self, Format};
use nianbao::skeleton;
use nianbao::template::Templates;
use nianbao::text::{LineIndex, Position, PositionEncoding, TextRange};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// The version of the checker compiled in.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn lang_of(lang: &str) -> Lang {
    if lang.eq_ignore_ascii_case("en") {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// A configuration from the JSON of the editor settings (`nianbao.toml`'s keys: `lang`, `year`,
/// `template`, `rules`), and what was wrong in it (in English, for the console).
fn config_of(json: &str) -> (Config, Vec<String>) {
    let mut config = Config::default();
    let mut errors = Vec::new();
    if !json.trim().is_empty() {
        match serde_json::from_str::<Value>(json) {
            Ok(value) => config.apply_json(&value, &mut |key, message| {
                errors.push(format!("{key}: {message}"));
            }),
            Err(e) => errors.push(format!("settings: {e}")),
        }
    }
    (config, errors)
}

/// The format of an editor's text: `"markdown"`/`"md"`, `"html"` (a page's source), `"docx"`
/// (the reading of a `.docx`, which [`read`] gives: plain text whose findings also name their
/// place), else plain text.
fn format_of(format: &str) -> Format {
    match Format::from_extension(format) {
        Some(f @ (Format::Markdown | Format::Html | Format::Docx)) => f,
        _ => Format::Text,
    }
}

/// How the library reads an editor's text of `format`: a `.docx` reading is plain text.
fn reading_format(format: Format) -> Format {
    match format {
        Format::Docx => Format::Text,
        f => f,
    }
}

/// The document of an editor's text as `nianbao check` reads a file of that format: a page, and
/// Markdown with HTML tables in it (a converter's), are read into their readings; anything else
/// is its own reading.
fn document(text: &str, format: Format) -> read::Document {
    match format {
        Format::Markdown if read::html::markdown_has_html(text) => read::html::read_markdown(text),
        f => read::read_text(text, reading_format(f)),
    }
}

/// Whether the text looked like a report, and its findings on the text (see [`document`]).
fn check_text(
    text: &str,
    format: Format,
    config: &Config,
) -> (bool, Vec<nianbao::check::Diagnostic>) {
    let doc = document(text, format);
    if doc.is_own_reading() {
        return check_source(text, reading_format(format), config);
    }
    let (analysis, diagnostics) = analyze_and_check(&doc.text, config);
    (
        analysis.report.looks_like_report(),
        on_source(&doc, diagnostics),
    )
}

fn ranges<'a>(text: &'a str, index: &'a LineIndex) -> Ranges<'a> {
    Ranges {
        text,
        index,
        encoding: PositionEncoding::Utf16,
        doc: None,
    }
}

/// The findings of a text, as `nianbao check --format json` gives them for a file holding it
/// (its object in the array, without `path`):
/// `{ "year", "template", "report", "format", "diagnostics": [...], "settingsErrors": [...] }`.
/// Each diagnostic has `code`, `severity`, `message`, `range`, `related` (`message`, `range`)
/// and `fixes` (`title`, `applicability`: `"safe"` or `"needs-review"`, `edits`: `range`,
/// `newText`), plus `location` for an HTML page (section, table, row, column). `format`:
/// `"text"`, `"markdown"`, `"html"` (ranges then point into the page's source) or `"docx"`
/// (the text is a `.docx`'s reading, as [`read`] gives it; findings carry their `location` as
/// `nianbao check` gives them for the `.docx`).
///
/// This is `nianbao check`'s own sequence (`cli::check::check_file` and `json`): the page reads
/// the text ([`read::read_text`]), analyses and checks its reading, puts the findings back on
/// the source ([`on_source`], as [`check_source`] does) and writes them with the library's
/// [`check_json`]; the browser test compares the two outputs sample by sample.
#[wasm_bindgen]
pub fn check(text: &str, format: &str, config: &str) -> String {
    let (config, errors) = config_of(config);
    let format = format_of(format);
    let doc = document(text, format);
    let (analysis, diagnostics) = analyze_and_check(&doc.text, &config);
    // Suppression comments, as `nianbao check` honours them (on a text that is its own
    // reading; a page's findings are put on its source by `check_source`).
    let diagnostics = if doc.is_own_reading() {
        nianbao::check::suppress::apply_to_document(&doc, diagnostics, &config).diagnostics
    } else {
        diagnostics
    };
    let is_report = analysis.report.looks_like_report() || config.force;
    let places: Vec<_> = if doc.is_own_reading() && format != Format::Docx {
        Vec::new()
    } else {
        diagnostics
            .iter()
            .map(|d| analysis.report.place(d.range))
            .collect()
    };
    let diagnostics = on_source(&doc, diagnostics);
    let source_index = (!doc.is_own_reading()).then(|| LineIndex::new(doc.source_text()));
    let index = source_index.as_ref().unwrap_or(&analysis.line_index);
    let mut v = check_json(
        "",
        &analysis.report,
        &diagnostics,
        &ranges(doc.source_text(), index),
    );
    if let Some(obj) = v.as_object_mut() {
        obj.remove("path");
        obj.insert("report".into(), json!(is_report));
        obj.insert("format".into(), json!(format.as_str()));
        obj.insert("settingsErrors".into(), json!(errors));
    }
    if let Some(list) = v["diagnostics"].as_array_mut() {
        for (d, place) in list.iter_mut().zip(&places) {
            if let Some(place) = place {
                d["location"] = place_json(place);
            }
        }
    }
    v.to_string()
}

/// Every fix applied to a fixpoint, as `nianbao fix` does (`needs_review`: `nianbao fix --unsafe`):
/// `{ "report", "text", "applied", "gaveUp", "remaining", "errors", "edits": [{ "range", "newText" }] }`
/// — `text` the fixed text, `edits` the few changes that make it from `text` (ranges in the
/// text given), `remaining` the findings left and `errors` how many of them are errors. A text
/// that is not a report is left as it is. An HTML page's source is fixed as `nianbao fix` fixes
/// a page: its cell text edited in the markup, the page read again after each round
/// ([`fix_all_by`] over [`check_source`]); Markdown with HTML tables in it likewise (which
/// `nianbao fix` leaves as it is).
#[wasm_bindgen(js_name = fixAll)]
pub fn fix_all(text: &str, format: &str, config: &str, needs_review: bool) -> String {
    let (config, _) = config_of(config);
    let format = format_of(format);
    let (is_report, diagnostics) = check_text(text, format, &config);
    if !(is_report || config.force) {
        return json!({
            "report": false, "text": text, "applied": 0, "gaveUp": false,
            "remaining": 0, "errors": 0, "edits": [],
        })
        .to_string();
    }
    let max = if needs_review {
        Applicability::NeedsReview
    } else {
        Applicability::Safe
    };
    let fixed = if !document(text, format).is_own_reading() {
        let recheck = |t: &str| check_text(t, format, &config).1;
        fix_all_by(text, diagnostics, max, &recheck)
    } else {
        fix_to_fixpoint(text, diagnostics, &config, max)
    };
    let index = LineIndex::new(text);
    let at = ranges(text, &index);
    let edits: Vec<Value> = diff_edits(text, &fixed.text)
        .iter()
        .map(|e| json!({ "range": at.json(e.range), "newText": e.new_text }))
        .collect();
    json!({
        "report": true,
        "text": fixed.text,
        "applied": fixed.applied,
        "gaveUp": fixed.gave_up,
        "remaining": fixed.remaining.len(),
        "errors": fixed.remaining.iter().filter(|d| d.severity == Severity::Error).count(),
        "edits": edits,
    })
    .to_string()
}

/// What the label or cell at a position is — the editor's hover (`nianbao lsp`): the official
/// label, what it counts, the article that requires it, a total's sum cell by cell —
/// `{ "range", "markdown" }`, or `null` where there is nothing to say. The findings at the place
/// are not included (the page shows them with [`explain`]). In the configured language.
#[wasm_bindgen]
pub fn hover(text: &str, format: &str, config: &str, line: u32, character: u32) -> String {
    let (config, _) = config_of(config);
    if format_of(format) == Format::Html {
        // A page's hover would need the reading's positions mapped: not offered (as in the
        // language server, which answers hovers on text and Markdown only).
        return "null".to_string();
    }
    let analysis = nianbao::model::analyze(text);
    if !(analysis.report.looks_like_report() || config.force) {
        return "null".to_string();
    }
    let offset =
        analysis
            .line_index
            .offset(text, Position { line, character }, PositionEncoding::Utf16);
    match nianbao::ide::hover::hover(text, &analysis, &[], offset, config.lang) {
        Some(h) => json!({
            "range": ranges(text, &analysis.line_index).json(h.range),
            "markdown": h.markdown,
        })
        .to_string(),
        None => "null".to_string(),
    }
}

/// A file opened in the page, read as `nianbao` reads it (its format from the name's extension,
/// else from its content): `{ "ok": true, "format", "text", "name", "encoding" }` or
/// `{ "ok": false, "error" }`; `format` is what to pass to [`check`] and [`fix_all`].
///
/// Text, Markdown and an HTML page are decoded (UTF-8 with or without BOM, UTF-16 with a BOM,
/// GB18030/GBK; `encoding` names it) and are the text to edit: a page is edited in its source,
/// as in the editors, its findings on the cell text in the markup. A `.docx` has no text to
/// edit: its reading is (what `nianbao check` checks, the table rows between `|`; `name` then
/// ends in `.txt`, the corrected text downloads as that). PDFs are not read in the browser
/// (`pdftotext` cannot run there), nor `.doc`, `.wps`, `.ofd`: the error says what to open
/// instead.
#[wasm_bindgen]
pub fn read(bytes: &[u8], name: &str, lang: &str) -> String {
    let lang = lang_of(lang);
    let fail = |error: String| json!({ "ok": false, "error": error }).to_string();
    let ext = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    if let Some(refused) = read::unsupported(ext) {
        return fail(refused.message(lang));
    }
    let format = Format::from_extension(ext);
    if format.or_else(|| Format::sniff(bytes)) == Some(Format::Pdf) {
        return fail(
            lang.pick(
                "浏览器中不能读取 PDF：请打开同一份年报的网页（.html）、Word 文件（.docx）或文字版，或在电脑上用 nianbao check 检查 PDF",
                "PDFs are not read in the browser: open the report's web page (.html), Word file (.docx) or text instead, or check the PDF with nianbao check on a computer",
            )
            .to_string(),
        );
    }
    let doc = match read::read(bytes, format) {
        Ok(doc) => doc,
        Err(e) => return fail(e.message(lang)),
    };
    if doc.format == Format::Docx {
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        return json!({
            "ok": true, "format": "docx", "text": doc.text, "name": format!("{stem}.txt"),
            "encoding": "UTF-8",
        })
        .to_string();
    }
    let encoding = nianbao::text::decode::decode(bytes).map_or("UTF-8", |d| d.encoding);
    json!({
        "ok": true, "format": doc.format.as_str(), "text": doc.source_text(), "name": name,
        "encoding": encoding,
    })
    .to_string()
}

/// The bytes to save for a text file opened as `bytes` (read as `old`) and edited into `new`:
/// only the changed stretches are replaced, in the file's own encoding, every other byte kept —
/// what `nianbao fix` writes. `undefined` when `new` has a character the file's encoding cannot
/// write (save as UTF-8 then) or `old` is not what `bytes` read as.
#[wasm_bindgen]
pub fn save(bytes: &[u8], old: &str, new: &str) -> Option<Vec<u8>> {
    let edits = diff_edits(old, new);
    let edits: Vec<(TextRange, &str)> = edits
        .iter()
        .map(|e| (e.range, e.new_text.as_str()))
        .collect();
    nianbao::text::decode::splice(bytes, old, &edits)
}

/// Applies edits given as JSON (`[{ "range", "newText" }]`, ranges as in [`check`]) to `text`;
/// edits that overlap an earlier one are skipped. For tests and scripts; the page applies
/// edits in its editor.
#[wasm_bindgen(js_name = applyEdits)]
pub fn apply_json_edits(text: &str, edits: &str) -> String {
    let index = LineIndex::new(text);
    let offset = |v: &Value| {
        let line = v["line"].as_u64().unwrap_or(0);
        let character = v["character"].as_u64().unwrap_or(0);
        index.offset(
            text,
            Position {
                line: u32::try_from(line).unwrap_or(u32::MAX),
                character: u32::try_from(character).unwrap_or(u32::MAX),
            },
            PositionEncoding::Utf16,
        )
    };
    let edits: Vec<nianbao::check::Edit> = serde_json::from_str::<Value>(edits)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .map(|e| {
            let (a, b) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
            nianbao::check::Edit {
                range: TextRange::new(a.min(b), a.max(b)),
                new_text: e["newText"].as_str().unwrap_or("").to_string(),
            }
        })
        .collect();
    apply_edits(text, &edits).0
}

/// A blank report, as `nianbao new` prints it: `{ "text", "template", "document" }`, or `null`
/// when no template is in force for `year`. `template`: `""` for the one in force that year,
/// else `"2008"`, `"2019"` or `"2021"`; `format`: `"md"` (Markdown tables) or `"txt"` (one row
/// per line); `issuer`: the agency named in the title (may be empty).
#[wasm_bindgen]
pub fn skeleton(year: i32, template: &str, format: &str, issuer: &str) -> String {
    let templates = Templates::builtin();
    let chosen = match template {
        "" => templates.in_force(year).map(|(t, _)| t),
        id => templates.get(id),
    };
    let Some(chosen) = chosen else {
        return "null".to_string();
    };
    let format = match format {
        "txt" | "text" => skeleton::Format::Text,
        _ => skeleton::Format::Markdown,
    };
    let options = skeleton::Options {
        issuer: Some(issuer.to_string()).filter(|s| !s.trim().is_empty()),
    };
    let text = skeleton::render_template_with(chosen, year, format, &options);
    json!({ "text": text, "template": chosen.id, "document": chosen.document }).to_string()
}

/// The template generations and which one is in force from which year:
/// `{ "templates": [{ "id", "title", "document", "issued" }], "inForce": [{ "from", "template",
/// "encouragedOnly" }] }`.
#[wasm_bindgen]
pub fn templates() -> String {
    let t = Templates::builtin();
    json!({
        "templates": t.templates.iter().map(|t| json!({
            "id": t.id, "title": t.title, "document": t.document, "issued": t.issued,
        })).collect::<Vec<_>>(),
        "inForce": t.schedule.in_force.iter().map(|e| json!({
            "from": e.from, "template": e.template, "encouragedOnly": e.encouraged_only,
        })).collect::<Vec<_>>(),
    })
    .to_string()
}

/// The id of the template in force for a report year (`""` when none is).
#[wasm_bindgen(js_name = templateInForce)]
pub fn template_in_force(year: i32) -> String {
    Templates::builtin()
        .in_force(year)
        .map_or(String::new(), |(t, _)| t.id.clone())
}

/// The rule catalog (`nianbao rules`): `[{ "code", "severity", "summary" }]`, the summary in `lang`.
#[wasm_bindgen]
pub fn rules(lang: &str) -> String {
    let lang = lang_of(lang);
    Value::Array(
        ALL.iter()
            .map(|r| {
                json!({
                    "code": r.code,
                    "severity": r.severity.as_str(),
                    "scope": r.scope.as_str(),
                    "fix": r.fixes.offered(),
                    "summary": doc::summary(r, lang),
                })
            })
            .collect(),
    )
    .to_string()
}

/// A rule's documentation in `lang` (`nianbao explain CODE`), Markdown: the summary line, then
/// what it checks, why, an example and its fix. `""` for an unknown code.
#[wasm_bindgen]
pub fn explain(code: &str, lang: &str) -> String {
    rule(code).map_or(String::new(), |r| doc::doc(r, lang_of(lang)).to_string())
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = console, js_name = error)]
        fn console_error(message: &str);
    }

    /// A panic (a bug: none is expected on any input) is written to the console before the
    /// module traps, so that it can be reported.
    #[wasm_bindgen(start)]
    fn start() {
        std::panic::set_hook(Box::new(|info| console_error(&format!("nianbao: {info}"))));
    }
}
