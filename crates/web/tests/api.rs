//! The browser API, natively: the same functions the page calls, on the sample reports.
//! (`editors/web/test` drives the compiled page in Chromium against the `nianbao` binary.)

use std::path::PathBuf;

use nianbao::read::Format;
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sample(name: &str) -> String {
    std::fs::read_to_string(root().join("examples/reports").join(name)).expect("sample")
}

fn parse(s: &str) -> Value {
    serde_json::from_str(s).expect("JSON")
}

fn codes(check: &Value) -> Vec<String> {
    check["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn check_gives_the_findings_of_nianbao_check() {
    let text = sample("2020-linyi-approval-bureau.txt");
    let out = parse(&nianbao_web::check(&text, "text", ""));
    assert_eq!(out["year"], 2020);
    assert_eq!(out["template"], "2019");
    assert_eq!(out["report"], true);
    assert_eq!(out["format"], "text");
    assert_eq!(out["settingsErrors"], json!([]));
    assert!(out.get("path").is_none());
    let c = codes(&out);
    assert_eq!(c.len(), 10);
    assert_eq!(&c[..3], ["label-typo", "label-variant", "row-total"]);
    // The first finding, as `nianbao check --format json` prints it.
    assert_eq!(
        out["diagnostics"][0],
        json!({
            "code": "label-typo",
            "severity": "warning",
            "message": "「第二十条第(八)条」疑为「第二十条第（八）项」之误",
            "range": { "start": { "line": 46, "character": 0 }, "end": { "line": 46, "character": 9 } },
            "related": [],
            "fixes": [{
                "title": "改为「第二十条第(八)项」",
                "applicability": "safe",
                "edits": [{
                    "newText": "第二十条第(八)项",
                    "range": { "start": { "line": 46, "character": 0 }, "end": { "line": 46, "character": 9 } },
                }],
            }],
        })
    );
    // The library's own JSON of the same findings.
    let (analysis, diagnostics) =
        nianbao::check::analyze_and_check(&text, &nianbao::check::Config::default());
    let ranges = nianbao::export::Ranges {
        text: &text,
        index: &analysis.line_index,
        encoding: nianbao::text::PositionEncoding::Utf16,
        doc: None,
    };
    let lib = nianbao::export::check_json("", &analysis.report, &diagnostics, &ranges);
    assert_eq!(out["diagnostics"], lib["diagnostics"]);
}

#[test]
fn the_configuration_sets_language_and_rules() {
    let text = sample("2020-linyi-approval-bureau.txt");
    let out = parse(&nianbao_web::check(
        &text,
        "text",
        r#"{"lang":"en","rules":{"missing-value":"off","label-typo":"error"}}"#,
    ));
    let c = codes(&out);
    assert!(!c.iter().any(|c| c == "missing-value"));
    assert_eq!(c.len(), 30 - 21);
    let d = &out["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(
        d["message"],
        "“第二十条第(八)条” looks like a typo for “第二十条第（八）项”"
    );
    // A bad setting is reported and the rest applies.
    let out = parse(&nianbao_web::check(&text, "text", r#"{"lang":"fr"}"#));
    assert_eq!(out["settingsErrors"].as_array().map(Vec::len), Some(1));
    assert_eq!(codes(&out).len(), 10);
    let out = parse(&nianbao_web::check(&text, "text", "{not json"));
    assert_eq!(out["settingsErrors"].as_array().map(Vec::len), Some(1));
}

#[test]
fn positions_count_utf16_units_and_any_line_break() {
    // Character 3 of line 0 is after a, 𠀀 (two UTF-16 units) — before b.
    let edits = r#"[{"range":{"start":{"line":0,"character":3},"end":{"line":0,"character":4}},"newText":"X"},
                   {"range":{"start":{"line":2,"character":0},"end":{"line":2,"character":1}},"newText":"Y"}]"#;
    assert_eq!(
        nianbao_web::apply_json_edits("a𠀀b\r\nc\rd\n", edits),
        "a𠀀X\r\nc\rY\n"
    );
    // A CRLF text gives the same positions as the LF one.
    let text = sample("2020-linyi-approval-bureau.txt");
    let crlf = text.replace('\n', "\r\n");
    let lf = parse(&nianbao_web::check(&text, "text", ""));
    let cr = parse(&nianbao_web::check(&crlf, "text", ""));
    let ranges = |v: &Value| -> Vec<Value> {
        v["diagnostics"]
            .as_array()
            .map(|a| a.iter().map(|d| d["range"].clone()).collect())
            .unwrap_or_default()
    };
    assert_eq!(ranges(&lf), ranges(&cr));
}

#[test]
fn fix_all_is_nianbao_fix() {
    let text = sample("2018-zhaotong-services-bureau.txt");
    let out = parse(&nianbao_web::fix_all(&text, "text", "", false));
    assert_eq!(out["report"], true);
    assert_eq!(out["applied"], 5);
    assert_eq!(out["gaveUp"], false);
    let fixed = out["text"].as_str().expect("text");
    let config = nianbao::check::Config::default();
    let (_, diagnostics) = nianbao::check::analyze_and_check(&text, &config);
    let lib = nianbao::check::fix::fix_all(
        &text,
        diagnostics,
        &config,
        nianbao::check::Applicability::Safe,
    );
    assert_eq!(fixed, lib.text);
    assert!(fixed.contains("五、存在的主要问题及改进情况\n"));
    // The edits make the fixed text from the original, and its findings have no safe fix left.
    let edits = serde_json::to_string(&out["edits"]).expect("edits");
    assert_eq!(nianbao_web::apply_json_edits(&text, &edits), fixed);
    let after = parse(&nianbao_web::check(fixed, "text", ""));
    assert_eq!(codes(&after), ["template-mismatch"]);
    assert_eq!(out["remaining"], 1);
    // Needs-review fixes too (`nianbao fix --unsafe`) on the report with a wrong total.
    let text = sample("2020-linyi-approval-bureau.txt");
    let safe = parse(&nianbao_web::fix_all(&text, "text", "", false));
    let all = parse(&nianbao_web::fix_all(&text, "text", "", true));
    assert_eq!(safe["applied"], 6);
    assert!(all["applied"].as_u64() > safe["applied"].as_u64());
    // Not a report: nothing changes.
    let out = parse(&nianbao_web::fix_all("你好\n", "text", "", false));
    assert_eq!(out["report"], false);
    assert_eq!(out["text"], "你好\n");
    // A page's cell text is fixed in its source, as `nianbao fix` fixes a page.
    let html =
        std::fs::read_to_string(root().join("tests/real/2020-pingtan-zone.html")).expect("html");
    let config = nianbao::check::Config::default();
    let (_, diagnostics) = nianbao::check::check_source(&html, Format::Html, &config);
    let recheck = |t: &str| nianbao::check::check_source(t, Format::Html, &config).1;
    let lib = nianbao::check::fix::fix_all_by(
        &html,
        diagnostics,
        nianbao::check::Applicability::NeedsReview,
        &recheck,
    );
    let out = parse(&nianbao_web::fix_all(&html, "html", "", true));
    assert_eq!(out["text"], lib.text.as_str());
    assert_eq!(out["applied"], lib.applied);
}

#[test]
fn read_decodes_text_and_pages_and_reads_word_files() {
    let text = sample("2021-quanzhou-service-center.txt");
    let out = parse(&nianbao_web::read(text.as_bytes(), "report.txt", "zh"));
    assert_eq!(out["ok"], true);
    assert_eq!(out["format"], "text");
    assert_eq!(out["encoding"], "UTF-8");
    assert_eq!(out["text"], text.as_str());
    // A .docx gives its reading, the text `nianbao check` checks; its findings name their place.
    let docx = std::fs::read(root().join("tests/data/docx/2021-pingtan-zone.docx")).expect("docx");
    let doc = nianbao::read::read(&docx, Some(Format::Docx)).expect("docx");
    let out = parse(&nianbao_web::read(&docx, "2021 平潭.docx", "zh"));
    assert_eq!(out["ok"], true);
    assert_eq!(out["format"], "docx");
    assert_eq!(out["name"], "2021 平潭.txt");
    assert_eq!(out["text"], doc.text.as_str());
    let checked = parse(&nianbao_web::check(&doc.text, "docx", ""));
    assert_eq!(checked["format"], "docx");
    for d in checked["diagnostics"].as_array().expect("diagnostics") {
        assert!(d["location"].is_object(), "{d}");
    }
    // A page, by its content when the name says nothing: its source, to edit in place.
    let html = std::fs::read(root().join("tests/real/2021-pingtan-zone.html")).expect("html");
    let out = parse(&nianbao_web::read(&html, "download", "zh"));
    assert_eq!(out["format"], "html");
    assert_eq!(out["text"], String::from_utf8(html).expect("UTF-8"));
}

#[test]
fn read_refuses_pdfs_and_old_formats_in_the_language_asked() {
    let pdf = std::fs::read(root().join("tests/real/2023-hongze-district.pdf")).expect("pdf");
    let zh = parse(&nianbao_web::read(&pdf, "a.pdf", "zh"));
    assert_eq!(zh["ok"], false);
    assert!(zh["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("浏览器中不能读取 PDF：")));
    let en = parse(&nianbao_web::read(&pdf, "no-extension", "en"));
    assert!(en["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("PDFs are not read in the browser: ")));
    let doc = parse(&nianbao_web::read(b"\xd0\xcf\x11\xe0", "old.DOC", "zh"));
    assert_eq!(
        doc["error"],
        "无法读取Word 97-2003 (.doc) 文件：请另存为 .docx 后再检查"
    );
    let empty = parse(&nianbao_web::read(b"  \n", "a.txt", "en"));
    assert_eq!(empty["error"], "empty file");
    let docx = parse(&nianbao_web::read(b"PK\x03\x04 not a zip", "a.docx", "zh"));
    assert_eq!(docx["ok"], false);
}

#[test]
fn save_keeps_the_file_encoding_and_every_other_byte() {
    let text = sample("2018-zhaotong-services-bureau.txt");
    let gbk = nianbao::text::decode::encode("GB18030", &text).expect("GB18030");
    let out = parse(&nianbao_web::read(&gbk, "r.txt", "zh"));
    assert_eq!(out["encoding"], "GB18030");
    assert_eq!(out["text"], text.as_str());
    let fixed = parse(&nianbao_web::fix_all(&text, "text", "", false));
    let fixed = fixed["text"].as_str().expect("text");
    let saved = nianbao_web::save(&gbk, &text, fixed).expect("saved");
    assert_eq!(
        saved,
        nianbao::text::decode::encode("GB18030", fixed).expect("GB18030")
    );
    // With a BOM, UTF-8 stays UTF-8 with its BOM.
    let bom = [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat();
    let saved = nianbao_web::save(&bom, &text, fixed).expect("saved");
    assert_eq!(
        saved,
        [b"\xef\xbb\xbf".as_slice(), fixed.as_bytes()].concat()
    );
    // A character GB18030 cannot write: nothing (the page saves UTF-8 then).
    assert_eq!(nianbao_web::save(&gbk, &text, "\u{e5e5}"), None);
}

#[test]
fn skeleton_is_nianbao_new() {
    let out = parse(&nianbao_web::skeleton(
        2021,
        "",
        "md",
        " 某某市人民政府办公室 ",
    ));
    let text = out["text"].as_str().expect("text");
    let new = nianbao::skeleton::render_with(
        2021,
        nianbao::skeleton::Format::Markdown,
        &nianbao::skeleton::Options {
            issuer: Some("某某市人民政府办公室".to_string()),
        },
    );
    assert_eq!(Some(text.to_string()), new);
    assert!(text.starts_with("# 某某市人民政府办公室2021年政府信息公开工作年度报告\n"));
    assert_eq!(out["template"], "2021");
    assert_eq!(out["document"], "国办公开办函〔2021〕30号");
    // A template other than the year's, one row per line.
    let out = parse(&nianbao_web::skeleton(2021, "2019", "txt", ""));
    assert_eq!(out["template"], "2019");
    assert!(out["text"]
        .as_str()
        .is_some_and(|t| t.starts_with("2021年政府信息公开工作年度报告\n")));
    assert_eq!(nianbao_web::skeleton(2007, "", "md", ""), "null");
    assert_eq!(nianbao_web::skeleton(2021, "1999", "md", ""), "null");
    assert_eq!(nianbao_web::template_in_force(2020), "2019");
    assert_eq!(nianbao_web::template_in_force(2018), "2008");
    assert_eq!(nianbao_web::template_in_force(2007), "");
    let t = parse(&nianbao_web::templates());
    assert_eq!(t["templates"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        t["inForce"][1],
        json!({ "from": 2019, "template": "2019", "encouragedOnly": [2019] })
    );
}

#[test]
fn rules_and_explanations_in_each_language() {
    let zh = parse(&nianbao_web::rules("zh"));
    let en = parse(&nianbao_web::rules("en"));
    assert_eq!(
        zh.as_array().map(Vec::len),
        Some(nianbao::check::rules::ALL.len())
    );
    assert_eq!(
        zh[0],
        json!({ "code": "missing-section", "severity": "error", "scope": "report", "fix": true, "summary": "缺少规定的六个部分之一。" })
    );
    assert_eq!(
        en[0]["summary"],
        "One of the six required sections is absent."
    );
    let doc = nianbao_web::explain("balance", "zh");
    assert!(
        doc.starts_with("第三部分某一列中，一 + 二 与 （七）总计 + 四 不相等。\n\n## 检查内容\n")
    );
    assert!(nianbao_web::explain("balance", "en").contains("## Why\n"));
    assert_eq!(nianbao_web::explain("no-such-rule", "zh"), "");
}

#[test]
fn hover_says_what_a_cell_is() {
    let text = sample("2020-linyi-approval-bureau.txt");
    let out = parse(&nianbao_web::check(&text, "text", ""));
    let total = out["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["code"] == "row-total"))
        .expect("row-total")
        .clone();
    let at = &total["range"]["start"];
    let (line, character) = (
        at["line"].as_u64().unwrap_or(0) as u32,
        at["character"].as_u64().unwrap_or(0) as u32,
    );
    let h = parse(&nianbao_web::hover(&text, "text", "", line, character));
    assert_eq!(h["range"], total["range"]);
    let md = h["markdown"].as_str().expect("markdown");
    assert!(md.contains("本行各列之和"), "{md}");
    assert!(md.contains("与之不符"), "{md}");
    // English: the hover's own words in English (the labels are the template's, in Chinese).
    let en = parse(&nianbao_web::hover(
        &text,
        "text",
        r#"{"lang":"en"}"#,
        line,
        character,
    ));
    let md = en["markdown"].as_str().expect("markdown");
    assert!(md.contains("Sum of this row's columns"), "{md}");
    assert!(!md.contains("本行各列之和"), "{md}");
    // Past the end, and on prose: nothing.
    assert_eq!(nianbao_web::hover(&text, "text", "", 9999, 9999), "null");
    assert_eq!(nianbao_web::hover("你好", "text", "", 0, 0), "null");
}

#[test]
fn an_html_page_is_checked_in_its_source() {
    let html =
        std::fs::read_to_string(root().join("tests/real/2021-pingtan-zone.html")).expect("html");
    let out = parse(&nianbao_web::check(&html, "html", ""));
    assert_eq!(out["format"], "html");
    assert_eq!(out["year"], 2021);
    for d in out["diagnostics"].as_array().expect("diagnostics") {
        assert!(d["location"].is_object(), "{d}");
    }
}
