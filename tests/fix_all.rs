//! Fix-all reaches a fixpoint in one go, the same in `nianbao fix`, the editor's
//! `source.fixAll.nianbao` action and its `nianbao.fixAll` command (issue #13, item 7).

mod lsp_support;
mod support;

use lsp_support::*;
use nianbao::check::fix::fix_all;
use nianbao::check::{analyze_and_check, Applicability, Config};
use nianbao::text::PositionEncoding::Utf16;
use serde_json::json;

fn sample(name: &str) -> String {
    samples()
        .into_iter()
        .find(|(n, _)| n.contains(name))
        .expect("sample")
        .1
}

/// `text` without its lines `lines` (1-based, inclusive).
fn without_lines(text: &str, lines: std::ops::RangeInclusive<usize>) -> String {
    text.split_inclusive('\n')
        .enumerate()
        .filter(|(i, _)| !lines.contains(&(i + 1)))
        .map(|(_, l)| l)
        .collect()
}

/// Zhaotong without line 47, `(五)不予处理 | 1.信访举报投诉类申请 | 0 | …`: two rows missing
/// at one place, in a table whose rows write half-width brackets.
fn zhaotong_without_47() -> String {
    let text = sample("zhaotong");
    assert!(text
        .lines()
        .nth(46)
        .unwrap()
        .starts_with("(五)不予处理 | 1.信访举报投诉类申请"));
    without_lines(&text, 47..=47)
}

/// Ziyang without the rows `(三)不予 公开` and `1.属于国家秘密` (one cell per line).
fn ziyang_without_two_rows() -> String {
    let text = sample("ziyang");
    assert_eq!(text.lines().nth(130), Some("(三)不予 公开 |"));
    assert_eq!(text.lines().nth(131), Some("1.属于国家秘密 |"));
    without_lines(&text, 131..=140)
}

fn missing_rows(text: &str) -> usize {
    let (_, diags) = analyze_and_check(text, &Config::default());
    diags.iter().filter(|d| d.code == "missing-row").count()
}

fn core_fix(text: &str) -> String {
    let config = Config::default();
    let (_, diags) = analyze_and_check(text, &config);
    let fixed = fix_all(text, diags, &config, Applicability::Safe);
    assert!(!fixed.gave_up);
    fixed.text
}

/// Zhaotong with its cells separated by tabs (Word's "convert table to text"), the row
/// `2.其他法律行政法规禁止公开` left out.
fn zhaotong_tab_separated_without_a_row() -> String {
    let without: String = sample("zhaotong")
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("2.其他法律行政法规禁止公开 |"))
        .collect();
    support::tab_separated(&without)
}

#[test]
fn a_row_inserted_in_a_tab_separated_table_is_separated_by_tabs() {
    let text = zhaotong_tab_separated_without_a_row();
    assert_eq!(missing_rows(&text), 1);
    let fixed = core_fix(&text);
    assert_eq!(missing_rows(&fixed), 0);
    assert!(
        fixed.contains("\n2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0\n"),
        "{fixed}"
    );
    assert!(!fixed.contains('|'), "{fixed}");
}

#[test]
fn both_missing_rows_are_inserted_in_one_fix_all_in_the_tables_style() {
    let text = zhaotong_without_47();
    assert_eq!(missing_rows(&text), 2);
    let fixed = core_fix(&text);
    assert_eq!(missing_rows(&fixed), 0);
    assert!(
        fixed.contains("\n(五)不予处理 |\n1.信访举报投诉类申请 | 0 |"),
        "{fixed}"
    );
    assert!(!fixed.contains("（五）"));

    let text = ziyang_without_two_rows();
    assert_eq!(missing_rows(&text), 2);
    let fixed = core_fix(&text);
    assert_eq!(missing_rows(&fixed), 0);
    assert!(
        fixed.contains("(三)不予公开 |\n1.属于国家秘密 |\n0 |"),
        "{fixed}"
    );
}

/// `nianbao fix` on a file holding `text`: the file afterwards.
fn cli_fix(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("nianbao-fixall-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.txt"));
    std::fs::write(&file, text).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("fix")
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.code().is_some_and(|c| c < 2), "{o:?}");
    let out = std::fs::read_to_string(&file).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editor_fix_all_and_cli_fix_give_the_same_bytes() {
    let (mut c, server) = start();
    c.initialize(
        json!({"workspace": {"applyEdit": true, "workspaceEdit": {"documentChanges": true}}}),
    )
    .await;
    for (name, text) in [
        ("zhaotong-47", zhaotong_without_47()),
        ("ziyang-2-rows", ziyang_without_two_rows()),
    ] {
        let want = core_fix(&text);
        assert_eq!(cli_fix(name, &text), want, "{name}: nianbao fix");

        let uri = format!("untitled:{name}.txt");
        c.did_open(&uri, 1, &text).await;
        c.wait_diagnostics(&uri, 1).await;
        let resp = c
            .request(
                "textDocument/codeAction",
                Some(json!({
                    "textDocument": {"uri": uri},
                    "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                    "context": {"diagnostics": [], "only": ["source.fixAll.nianbao"]}
                })),
            )
            .await;
        let action = &resp["result"][0];
        assert_eq!(action["kind"], "source.fixAll.nianbao", "{resp}");
        let edits = edits_for(&action["edit"], &uri);
        assert_eq!(
            apply_text_edits(&text, &edits, Utf16),
            want,
            "{name}: fix-all action"
        );

        let resp = c
            .request(
                "workspace/executeCommand",
                Some(json!({"command": "nianbao.fixAll", "arguments": [uri]})),
            )
            .await;
        assert_eq!(resp["result"]["applied"], true, "{resp}");
        let applied = c.applied_edits.pop().expect("applyEdit");
        assert_eq!(
            apply_text_edits(&text, &edits_for(&applied["edit"], &uri), Utf16),
            want,
            "{name}: nianbao.fixAll"
        );
    }
    shutdown_and_exit(&mut c, server).await;
}
