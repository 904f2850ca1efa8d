//! Light diagnostics (issue 12, item 3): a published diagnostic names its finding in the
//! server's analysis instead of carrying its fixes; quick fixes and fix-all get their edits at
//! `codeAction/resolve` when the client supports it, and the result is the same text as the
//! edits computed at once for a client that does not.

mod lsp_support;

use lsp_support::*;
use nianbao::check::fix::fix_all;
use nianbao::check::{analyze_and_check, Applicability, Config};
use nianbao::text::PositionEncoding::Utf16;
use serde_json::{json, Value};

fn resolving_capabilities() -> Value {
    json!({
        "textDocument": {"codeAction": {
            "dataSupport": true,
            "resolveSupport": {"properties": ["edit"]},
            "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source"]}}
        }},
        "workspace": {"applyEdit": true, "workspaceEdit": {"documentChanges": true}}
    })
}

async fn actions(c: &mut Client, uri: &str, diagnostics: &[Value], only: &str) -> Vec<Value> {
    let range = diagnostics.first().map_or(
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}),
        |d| d["range"].clone(),
    );
    let r = c
        .request(
            "textDocument/codeAction",
            Some(json!({
                "textDocument": {"uri": uri},
                "range": range,
                "context": {"diagnostics": diagnostics, "only": [only]}
            })),
        )
        .await;
    r["result"].as_array().cloned().unwrap_or_default()
}

async fn resolve(c: &mut Client, action: &Value) -> Value {
    let r = c.request("codeAction/resolve", Some(action.clone())).await;
    assert!(r.get("error").is_none(), "{r}");
    r["result"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_fixes_and_fix_all_are_resolved_from_the_servers_analysis() {
    let (mut c, server) = start();
    let init = c.initialize(resolving_capabilities()).await;
    assert_eq!(
        init["capabilities"]["codeActionProvider"]["resolveProvider"],
        true
    );
    let text = typo_report();
    let uri = "untitled:resolve.txt";
    c.did_open(uri, 1, &text).await;
    let diags = c.wait_diagnostics(uri, 1).await;
    assert_eq!(findings(&diags), expected(&text, &Config::default(), Utf16));
    let typo = diags
        .iter()
        .find(|d| d["code"] == "label-typo")
        .expect("the typo")
        .clone();

    // Offered without its edit; resolved, the edit fixes the typo.
    let quick = actions(&mut c, uri, std::slice::from_ref(&typo), "quickfix").await;
    // The fix, then the action that writes a suppression comment above the line.
    assert_eq!(quick.len(), 2, "{quick:?}");
    assert!(
        quick[1]["title"]
            .as_str()
            .unwrap()
            .starts_with("忽略此处的"),
        "{quick:?}"
    );
    assert!(quick[0].get("edit").is_none(), "{:?}", quick[0]);
    assert_eq!(quick[0]["isPreferred"], true);
    let resolved = resolve(&mut c, &quick[0]).await;
    assert_eq!(resolved["title"], quick[0]["title"]);
    let fixed = apply_text_edits(&text, &edits_for(&resolved["edit"], uri), Utf16);
    assert!(
        !fixed.contains("不分公开") && fixed.contains("部分公开"),
        "{fixed}"
    );
    assert_eq!(
        resolved["edit"]["documentChanges"][0]["textDocument"]["version"],
        1
    );

    // Fix-all: resolved to the core's fix-all, to its fixpoint.
    let all = actions(&mut c, uri, &[], "source.fixAll.nianbao").await;
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(all[0].get("edit").is_none());
    let resolved_all = resolve(&mut c, &all[0]).await;
    let (_, core) = analyze_and_check(&text, &Config::default());
    let want = fix_all(&text, core, &Config::default(), Applicability::Safe).text;
    assert_eq!(
        apply_text_edits(&text, &edits_for(&resolved_all["edit"], uri), Utf16),
        want
    );

    // Once the text moved on, an action offered for the old one resolves to no edit.
    c.did_change_full(uri, 2, &fixed).await;
    c.wait_diagnostics(uri, 2).await;
    let stale = resolve(&mut c, &quick[0]).await;
    assert!(stale.get("edit").is_none(), "{stale}");
    let stale = resolve(&mut c, &all[0]).await;
    assert!(stale.get("edit").is_none(), "{stale}");
    // Garbage data is answered, not fatal.
    let odd = resolve(&mut c, &json!({"title": "x", "data": {"uri": 5}})).await;
    assert_eq!(odd["title"], "x");
    shutdown_and_exit(&mut c, server).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn published_diagnostics_carry_no_edits() {
    let (mut c, server) = start();
    c.initialize(json!({})).await;
    for (name, text) in samples() {
        let uri = format!("untitled:{name}");
        c.did_open(&uri, 1, &text).await;
        let diags = c.wait_diagnostics(&uri, 1).await;
        let (_, core) = analyze_and_check(&text, &Config::default());
        assert_eq!(diags.len(), core.len(), "{name}");
        for (d, f) in diags.iter().zip(&core) {
            assert_eq!(d["code"], f.code, "{name}");
            let data = &d["data"];
            if f.fixes.is_empty() {
                // The version only, for the action that writes a suppression comment.
                assert_eq!(data["fixes"], 0, "{name}: {d}");
                continue;
            }
            assert_eq!(data["fixes"], f.fixes.len(), "{name}: {d}");
            assert!(!data.to_string().contains("newText"), "{name}: {d}");
        }
    }
    shutdown_and_exit(&mut c, server).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_before_the_first_analysis_gets_that_analysis() {
    let (mut c, server) = start();
    c.initialize(json!({})).await;
    let text = typo_report();
    let uri = "untitled:early.txt";
    c.did_open(uri, 1, &text).await;
    // No waiting for the diagnostics: the symbols are of the opened text all the same.
    let r = c
        .request(
            "textDocument/documentSymbol",
            Some(json!({"textDocument": {"uri": uri}})),
        )
        .await;
    let symbols = r["result"].as_array().cloned().unwrap_or_default();
    let sections = nianbao::model::analyze(&text).report.sections.len();
    assert!(sections > 0);
    assert_eq!(symbols.len(), sections, "{r}");
    shutdown_and_exit(&mut c, server).await;
}
