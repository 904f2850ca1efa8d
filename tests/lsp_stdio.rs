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

/// Issue #13 item 1: malformed frames and messages are answered (or logged) and the server
/// reads on: garbage, a wrong, missing or non-numeric Content-Length, more headers than the
/// library accepts, a body that is not UTF-8 or not JSON, a batch.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_survives_malformed_frames_and_messages() {
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

    let frame = |headers: &str, body: &[u8]| {
        let mut f = headers.as_bytes().to_vec();
        f.extend_from_slice(body);
        f
    };
    let bad: Vec<(&str, Vec<u8>)> = vec![
        // The issue's example, before initialize.
        ("json", frame("Content-Length: 5\r\n\r\n", b"{bad}")),
        ("garbage", b"hello\r\n".to_vec()),
        ("no length", frame("Content-Type: x\r\n\r\n", b"{}")),
        ("bad length", frame("Content-Length: x1\r\n\r\n", b"{}")),
        (
            "short length",
            frame("Content-Length: 10\r\n\r\n", br#"{"jsonrpc":"2.0","method":"x"}"#),
        ),
        (
            "extra headers",
            frame(
                "Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\nX-A: 1\r\n\r\n",
                b"[]",
            ),
        ),
        ("not utf-8", frame("Content-Length: 4\r\n\r\n", b"\"\xff\xfe\"")),
        ("empty batch", frame("Content-Length: 2\r\n\r\n", b"[]")),
        (
            "batch",
            frame(
                "Content-Length: 32\r\n\r\n",
                br#"[{"jsonrpc":"2.0","method":"x"}]"#,
            ),
        ),
        (
            "long length",
            frame("Content-Length: 500\r\n\r\n", br#"{"jsonrpc":"2.0","method":"y"}"#),
        ),
    ];
    for (_, bytes) in &bad {
        c.send_bytes(bytes).await;
    }
    // A request after all that is served.
    let init = c.initialize(json!({})).await;
    assert_eq!(init["serverInfo"]["name"], "nianbao");
    let errors: Vec<Value> = std::mem::take(&mut c.unmatched_responses);
    assert!(
        errors.len() >= bad.len() - 1,
        "{} error responses for {} malformed inputs: {errors:?}",
        errors.len(),
        bad.len()
    );
    assert!(
        errors
            .iter()
            .all(|e| e["id"].is_null()
                && matches!(e["error"]["code"].as_i64(), Some(-32700 | -32600)))
    );
    assert!(errors.iter().any(|e| e["error"]["code"] == -32700));
    assert!(errors.iter().any(|e| e["error"]["code"] == -32600));

    // Between requests, after initialize: still answered, still alive.
    for (_, bytes) in &bad {
        c.send_bytes(bytes).await;
        let text = typo_report();
        c.did_open("untitled:after-garbage.txt", 1, &text).await;
        c.wait_diagnostics("untitled:after-garbage.txt", 1).await;
    }
    let resp = c.request("shutdown", None).await;
    assert_eq!(resp["result"], Value::Null);
    c.notify_exit().await;
    let status = tokio::time::timeout(TIMEOUT, child.wait())
        .await
        .expect("exit")
        .unwrap();
    assert_eq!(status.code(), Some(0));
}
