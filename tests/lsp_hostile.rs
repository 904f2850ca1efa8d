//! Hostile input: the server must answer, publish sensible results and shut down cleanly.

mod lsp_support;

use lsp_support::*;
use nianbao::check::Config;
use nianbao::text::PositionEncoding::Utf16;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn survives_garbage_huge_documents_bad_edits_unknown_docs_and_cancellation() {
    let (mut c, server) = start();
    c.initialize(json!({})).await;

    // Garbage text: control characters, lone CR, pipes, BOMs, non-BMP, broken tables.
    let garbage: String = (0u32..20_000)
        .map(|i| match i % 13 {
            0 => '|',
            1 => '\r',
            2 => '\n',
            3 => '\u{feff}',
            4 => '😀',
            5 => '\u{c}',
            6 => '｜',
            7 => '（',
            8 => char::from_u32(0x4e00 + (i * 7919) % 20000).unwrap_or('x'),
            9 => '\u{2028}',
            10 => '0',
            _ => char::from_u32(0x20 + (i * 31) % 90).unwrap_or('y'),
        })
        .collect();
    c.did_open("untitled:garbage.txt", 1, &garbage).await;
    c.wait_diagnostics("untitled:garbage.txt", 1).await;

    // A 5 MB document: a report followed by pages of prose. (A sample repeated to 5 MB takes
    // minutes in a debug build: the core is superlinear there, see the bench.)
    let (_, sample) = samples().into_iter().next().unwrap();
    let prose = "本机关坚持以人民为中心的发展思想，不断推进政府信息公开工作，认真落实各项制度要求，持续提升公开质量和实效。\n";
    let big = format!(
        "{sample}{}",
        prose.repeat(5 * 1024 * 1024 / prose.len() + 1)
    );
    assert!(big.len() >= 5 * 1024 * 1024);
    c.did_open("untitled:big.txt", 1, &big).await;
    // A burst of edits to it; only the last version must be published eventually.
    for v in 2..=6 {
        c.did_change("untitled:big.txt", v, [0, 0, 0, 0], "年")
            .await;
    }
    let d = c.wait_diagnostics("untitled:big.txt", 6).await;
    let big6 = format!("{}{big}", "年".repeat(5));
    assert_eq!(findings(&d), expected(&big6, &Config::default(), Utf16));

    // Edits past the end, reversed ranges, huge positions: clamped.
    let uri = "untitled:small.txt";
    c.did_open(uri, 1, "ab\ncd").await;
    c.did_change(uri, 2, [99, 99, 199, 0], "X").await;
    c.did_change(uri, 3, [1, 1, 0, 1], "").await;
    c.did_change(uri, 4, [u32::MAX, u32::MAX, u32::MAX, u32::MAX], "😀")
        .await;
    c.did_change(uri, 5, [0, 1, 0, 1], "\r\n").await;
    assert_eq!(
        c.document_text(uri).await,
        json!({"version": 5, "text": "a\r\ndX😀"})
    );

    // Requests and notifications for unknown documents.
    let none = "untitled:never-opened.txt";
    c.did_change(none, 2, [0, 0, 0, 0], "x").await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": none}}),
    )
    .await;
    let r = c
        .request(
            "textDocument/codeAction",
            Some(json!({"textDocument": {"uri": none},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": []}})),
        )
        .await;
    assert_eq!(r["result"], json!(null));
    let r = c
        .request("nianbao/documentText", Some(json!({"uri": none})))
        .await;
    assert_eq!(r["error"]["code"], -32602);
    let r = c
        .request(
            "workspace/executeCommand",
            Some(json!({"command": "nianbao.fixAll", "arguments": [none]})),
        )
        .await;
    assert_eq!(r["error"]["code"], -32602);
    let r = c
        .request(
            "workspace/executeCommand",
            Some(json!({"command": "no.such", "arguments": []})),
        )
        .await;
    assert_eq!(r["error"]["code"], -32602);
    // Malformed params and unknown methods.
    let r = c
        .request("textDocument/codeAction", Some(json!({"bogus": 1})))
        .await;
    assert_eq!(r["error"]["code"], -32602);
    let r = c.request("nianbao/noSuchMethod", Some(json!({}))).await;
    assert_eq!(r["error"]["code"], -32601);
    c.notify("textDocument/didOpen", json!({"nonsense": true}))
        .await;

    // $/cancelRequest on an in-flight request.
    let id = c.take_id();
    c.send(&json!({"jsonrpc": "2.0", "id": id, "method": "nianbao/debugSleep", "params": {"ms": 5000}}))
        .await;
    c.notify("$/cancelRequest", json!({"id": id})).await;
    let r = c.wait_response(id).await;
    assert_eq!(r["error"]["code"], -32800, "{r}");
    // Cancelling an unknown id is ignored.
    c.notify("$/cancelRequest", json!({"id": 987_654})).await;

    // Still alive and correct after all that.
    c.did_change(uri, 6, [0, 0, 0, 0], "z").await;
    assert_eq!(c.document_text(uri).await["text"], "za\r\ndX😀");
    let text = typo_report();
    c.did_open("untitled:after.txt", 1, &text).await;
    let d = c.wait_diagnostics("untitled:after.txt", 1).await;
    assert_eq!(findings(&d), expected(&text, &Config::default(), Utf16));

    // Closed documents get no more publications after their clear.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": "untitled:big.txt"}}),
    )
    .await;
    c.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == "untitled:big.txt" && p["version"].is_null()
    })
    .await;
    let r = c
        .request(
            "nianbao/documentText",
            Some(json!({"uri": "untitled:big.txt"})),
        )
        .await;
    assert_eq!(r["error"]["code"], -32602);
    shutdown_and_exit(&mut c, server).await;
    assert!(c.drain_diagnostics("untitled:big.txt").is_empty());
}
