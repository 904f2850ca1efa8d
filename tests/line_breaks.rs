//! Line breaks are `\n`, `\r\n` and a lone `\r` everywhere, as in LSP (issue #13, item 3):
//! the core's `LineIndex` and the server's rope agree on every position, a report written with
//! lone `\r` reads as the same report, the CLI and the server agree on lines, and completion
//! never replaces across a line break.

mod lsp_support;

use lsp_support::*;
use nianbao::check::Config;
use nianbao::text::{LineIndex, PositionEncoding};
use proptest::prelude::*;
use ropey::Rope;
use serde_json::{json, Value};

fn linyi() -> String {
    samples()
        .into_iter()
        .find(|(name, _)| name.contains("linyi"))
        .expect("the Linyi sample")
        .1
}

/// (code, message, start line, start col, end line, end col), UTF-16 columns, core positions.
fn findings_of(text: &str) -> Vec<(String, String, u32, u32, u32, u32)> {
    let (analysis, diags) = nianbao::check::analyze_and_check(text, &Config::default());
    diags
        .iter()
        .map(|d| {
            let s = analysis
                .line_index
                .span(text, d.range, PositionEncoding::Utf16);
            (
                d.code.to_string(),
                d.message.clone(),
                s.start.line,
                s.start.character,
                s.end.line,
                s.end.character,
            )
        })
        .collect()
}

#[test]
fn a_report_with_lone_cr_line_breaks_reads_as_the_same_report() {
    let text = linyi();
    let lf = findings_of(&text);
    // 30 before missing-value gave one finding per table rather than one per row.
    assert_eq!(lf.len(), 10);
    let cr = text.replace('\n', "\r");
    assert_eq!(findings_of(&cr), lf);
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(findings_of(&crlf), lf);
    // Inserted text uses the document's own line break: a blank report lacking a row.
    let skeleton = nianbao::skeleton::render(2022, nianbao::skeleton::Format::Text).unwrap();
    let partial = format!("{PARTIAL_LABEL} | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n");
    let cr = skeleton.replace(&partial, "").replace('\n', "\r");
    let (_, diags) = nianbao::check::analyze_and_check(&cr, &Config::default());
    let row = diags
        .iter()
        .find(|d| d.code == "missing-row")
        .expect("the missing row");
    let inserted = &row.fixes[0].edits[0].new_text;
    assert_eq!(inserted, &partial.replace('\n', "\r"));
}

/// `。` followed by a lone `\r` in the middle of lines (and `\r\n` at their ends).
fn cr_after_full_stops() -> String {
    linyi().replace('。', "。\r")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_and_server_agree_on_lines_with_lone_cr() {
    let text = cr_after_full_stops();
    let dir = std::env::temp_dir().join(format!("nianbao-cr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("linyi-cr.txt");
    std::fs::write(&file, &text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cli: Vec<(String, (u64, u64, u64, u64))> = cli[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), range_of(d)))
        .collect();
    assert!(!cli.is_empty());

    let (mut c, server) = start();
    c.initialize(json!({})).await;
    let uri = "untitled:linyi-cr.txt";
    c.did_open(uri, 1, &text).await;
    let published = c.wait_diagnostics(uri, 1).await;
    let lsp: Vec<(String, (u64, u64, u64, u64))> = published
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), range_of(d)))
        .collect();
    assert_eq!(lsp, cli);
    shutdown_and_exit(&mut c, server).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_never_replaces_across_a_lone_cr() {
    // The blank 2022 report without one row of section 三, and a note after that table whose
    // full stop is followed by a lone `\r`: the cursor at the start of the note's second line.
    let skeleton = nianbao::skeleton::render(2022, nianbao::skeleton::Format::Text).unwrap();
    let partial = format!("{PARTIAL_LABEL} | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n");
    assert!(skeleton.contains(&partial));
    let heading = "四、政府信息公开行政复议、行政诉讼情况";
    let text = skeleton.replace(&partial, "").replacen(
        heading,
        &format!("注：以上为本年数据。\r截至年底。\n{heading}"),
        1,
    );
    let cursor = text.find("截至年底").unwrap();

    // The core: no completion replaces text on another line.
    let analysis = nianbao::model::analyze(&text);
    let items = nianbao::ide::completion::completions(&text, &analysis, cursor, None);
    for item in &items {
        let replaced = &text[item.replace.start..item.replace.end];
        assert!(!replaced.contains(['\r', '\n']), "{item:?}");
    }

    // The server: every text edit stays on the cursor's line.
    let (mut c, server) = start();
    c.initialize(json!({})).await;
    let uri = "untitled:cr-completion.txt";
    c.did_open(uri, 1, &text).await;
    c.wait_diagnostics(uri, 1).await;
    let p = LineIndex::new(&text).position(&text, cursor, PositionEncoding::Utf16);
    let rope = Rope::from_str(&text);
    let lsp_pos = nianbao::lsp::position::byte_to_position(&rope, cursor, PositionEncoding::Utf16);
    assert_eq!((p.line, p.character), (lsp_pos.line, lsp_pos.character));
    let r = c
        .request(
            "textDocument/completion",
            Some(json!({"textDocument": {"uri": uri},
                        "position": {"line": p.line, "character": p.character}})),
        )
        .await;
    for item in r["result"].as_array().unwrap() {
        let range = &item["textEdit"]["range"];
        assert_eq!(range["start"]["line"], range["end"]["line"], "{item}");
        assert_eq!(range["start"]["line"], json!(p.line), "{item}");
    }
    shutdown_and_exit(&mut c, server).await;
}

fn text_with_breaks() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("\r".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("😀".to_string()),
            Just("规".to_string()),
            Just("|".to_string()),
            "[a-z ]{0,3}",
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    /// The core's positions are the server's (ropey with `cr_lines`: LSP's line breaks), for
    /// every character boundary, in all three encodings, and back.
    #[test]
    fn line_index_agrees_with_the_rope(text in text_with_breaks()) {
        let idx = LineIndex::new(&text);
        let rope = Rope::from_str(&text);
        prop_assert_eq!(idx.line_count(), rope.len_lines());
        for enc in [PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32] {
            for (b, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let core = idx.position(&text, b, enc);
                let lsp = nianbao::lsp::position::byte_to_position(&rope, b, enc);
                prop_assert_eq!((core.line, core.character), (lsp.line, lsp.character));
                let back = nianbao::lsp::position::position_to_byte(&rope, lsp, enc);
                prop_assert_eq!(idx.offset(&text, core, enc), back);
            }
        }
    }
}
