//! The real binary: `nianbao lsp` over stdin/stdout.

mod lsp_support;

use lsp_support::*;
use nianbao::check::Config;
use serde_json::{json, Value};
use tokio::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_serves_lsp_on_stdio_and_exits_zero_after_shutdown() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("lsp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn nianbao lsp");
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut c = TestClient::new(stdout, stdin);
    let init = c.initialize(rich_capabilities()).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(init["serverInfo"]["name"], "nianbao");

    let text = typo_report();
    let uri = "untitled:stdio.txt";
    c.did_open(uri, 1, &text).await;
    let d = c.wait_diagnostics(uri, 1).await;
    let utf8 = expected(
        &text,
        &Config::default(),
        nianbao::text::PositionEncoding::Utf8,
    );
    // The pull of the (empty) configuration may re-publish; both equal the library.
    assert_eq!(findings(&d), utf8);
    assert!(!utf8.is_empty());

    let resp = c.request("shutdown", Some(Value::Null)).await;
    assert_eq!(resp["result"], Value::Null);
    c.notify_exit().await;
    let status = tokio::time::timeout(TIMEOUT, child.wait())
        .await
        .expect("exit")
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_exits_one_without_shutdown() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("lsp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut c = TestClient::new(stdout, stdin);
    c.initialize(json!({})).await;
    c.notify_exit().await;
    let status = tokio::time::timeout(TIMEOUT, child.wait())
        .await
        .expect("exit")
        .unwrap();
    assert_eq!(status.code(), Some(1));
}
