//! Shared LSP test support: a framed JSON-RPC test client speaking framed JSON-RPC over any AsyncRead/AsyncWrite.
//!
//! * `request` sends a request and waits for ITS response; everything arriving meanwhile is
//!   handled: server->client requests are auto-answered, notifications are queued.
//! * `wait_notification` returns the first queued-or-incoming notification matching a predicate.
//! * Auto-answers: `workspace/configuration` (from `self.config`, per requested section),
//!   `client/registerCapability` / `client/unregisterCapability` / `window/workDoneProgress/create`
//!   / `workspace/diagnostic/refresh` (null), `workspace/applyEdit` (recorded in
//!   `applied_edits`, answers `{applied: true}`), anything else -> MethodNotFound.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// Per-call safety timeout so a broken server fails the test instead of hanging it.
pub const TIMEOUT: Duration = Duration::from_secs(10);

pub struct TestClient<R, W> {
    reader: BufReader<R>,
    writer: W,
    next_id: i64,
    /// Notifications received but not consumed yet.
    pub notifications: VecDeque<Value>,
    /// Value returned for `workspace/configuration` items with section `nianbao`.
    pub config: Value,
    /// Every server->client request seen (method, params), in arrival order.
    pub server_requests: Vec<(String, Value)>,
    /// `workspace/applyEdit` params received.
    pub applied_edits: Vec<Value>,
    /// Responses with a `null` id (the server's answers to malformed messages).
    pub unmatched_responses: Vec<Value>,
}

impl<R: AsyncRead + Unpin, W: AsyncWrite + Unpin> TestClient<R, W> {
    pub fn new(reader: R, writer: W) -> Self {
        Self {
            reader: BufReader::new(reader),
            writer,
            next_id: 1,
            notifications: VecDeque::new(),
            config: json!({}),
            server_requests: Vec::new(),
            applied_edits: Vec::new(),
            unmatched_responses: Vec::new(),
        }
    }

    /// Writes one frame: `Content-Length: N\r\n\r\n<body>` (N in bytes).
    pub async fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).expect("serialize");
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        self.writer
            .write_all(header.as_bytes())
            .await
            .expect("write header");
        self.writer.write_all(&body).await.expect("write body");
        self.writer.flush().await.expect("flush");
    }

    /// Writes raw bytes (no framing added): for malformed frames.
    pub async fn send_bytes(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.expect("write bytes");
        self.writer.flush().await.expect("flush");
    }

    /// Sends a raw string as the frame body (for exact shapes such as `"params": null`).
    pub async fn send_raw(&mut self, body: &str) {
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        self.writer
            .write_all(header.as_bytes())
            .await
            .expect("write header");
        self.writer
            .write_all(body.as_bytes())
            .await
            .expect("write body");
        self.writer.flush().await.expect("flush");
    }

    /// Reads one frame; `None` on clean EOF. Accepts any header order and extra headers
    /// (e.g. `Content-Type`), case-insensitive names.
    pub async fn read_frame(&mut self) -> Option<Value> {
        let mut len: Option<usize> = None;
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).await.expect("read header");
            if n == 0 {
                return None;
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if len.is_some() {
                    break;
                }
                continue;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.trim().eq_ignore_ascii_case("content-length") {
                    len = Some(v.trim().parse().expect("content-length"));
                }
            }
        }
        let mut body = vec![0u8; len.expect("content-length")];
        self.reader.read_exact(&mut body).await.expect("read body");
        Some(serde_json::from_slice(&body).expect("json body"))
    }

    /// Reads one frame with a timeout, panicking on timeout or EOF.
    async fn next_frame(&mut self) -> Value {
        tokio::time::timeout(TIMEOUT, self.read_frame())
            .await
            .expect("timed out waiting for the server")
            .expect("server closed the stream")
    }

    /// Handles a server->client request or queues a notification. Returns the message back if it
    /// is a response (so the caller can match it).
    async fn dispatch(&mut self, msg: Value) -> Option<Value> {
        let method = msg.get("method").and_then(Value::as_str).map(str::to_owned);
        match (method, msg.get("id").cloned()) {
            (Some(method), Some(id)) => {
                let params = msg.get("params").cloned().unwrap_or(Value::Null);
                self.server_requests.push((method.clone(), params.clone()));
                let reply = match method.as_str() {
                    "workspace/configuration" => {
                        let items = params["items"].as_array().cloned().unwrap_or_default();
                        let results: Vec<Value> = items
                            .iter()
                            .map(|it| match it["section"].as_str() {
                                Some("nianbao") => self.config.clone(),
                                _ => Value::Null,
                            })
                            .collect();
                        json!({"jsonrpc": "2.0", "id": id, "result": results})
                    }
                    "client/registerCapability"
                    | "client/unregisterCapability"
                    | "window/workDoneProgress/create"
                    | "workspace/diagnostic/refresh" => {
                        json!({"jsonrpc": "2.0", "id": id, "result": null})
                    }
                    "workspace/applyEdit" => {
                        self.applied_edits.push(params);
                        json!({"jsonrpc": "2.0", "id": id, "result": {"applied": true}})
                    }
                    _ => json!({"jsonrpc": "2.0", "id": id,
                                "error": {"code": -32601, "message": format!("unhandled {method}")}}),
                };
                self.send(&reply).await;
                None
            }
            (Some(_), None) => {
                self.notifications.push_back(msg);
                None
            }
            (None, Some(Value::Null)) => {
                self.unmatched_responses.push(msg);
                None
            }
            (None, _) => Some(msg),
        }
    }

    /// Sends a request (`params: None` omits the field) and returns the whole response message.
    pub async fn request(&mut self, method: &str, params: Option<Value>) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({"jsonrpc": "2.0", "id": id, "method": method});
        if let Some(p) = params {
            msg["params"] = p;
        }
        self.send(&msg).await;
        self.wait_response(id).await
    }

    /// Allocates an id for a hand-built request (see `send_raw`).
    pub fn take_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub async fn wait_response(&mut self, id: i64) -> Value {
        loop {
            let msg = self.next_frame().await;
            if let Some(resp) = self.dispatch(msg).await {
                if resp["id"] == json!(id) {
                    return resp;
                }
                panic!("unexpected response {resp}");
            }
        }
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// First notification (queued or incoming) with `method` whose params satisfy `pred`.
    /// Non-matching notifications stay queued.
    pub async fn wait_notification(
        &mut self,
        method: &str,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        if let Some(i) = self
            .notifications
            .iter()
            .position(|n| n["method"] == method && pred(&n["params"]))
        {
            return self
                .notifications
                .remove(i)
                .expect("index")
                .get("params")
                .cloned()
                .unwrap();
        }
        loop {
            let msg = self.next_frame().await;
            if let Some(resp) = self.dispatch(msg).await {
                panic!("unexpected response {resp}");
            }
            let hit = self
                .notifications
                .back()
                .is_some_and(|last| last["method"] == method && pred(&last["params"]));
            if hit {
                return self.notifications.pop_back().expect("last")["params"].clone();
            }
        }
    }

    /// Waits for publishDiagnostics of `uri` at exactly `version`.
    pub async fn wait_diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let p = self
            .wait_notification("textDocument/publishDiagnostics", |p| {
                p["uri"] == uri && p["version"] == json!(version)
            })
            .await;
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// Removes and returns all queued publishDiagnostics params for `uri`, in arrival order.
    pub fn drain_diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let (hit, keep): (Vec<Value>, Vec<Value>) = self.notifications.drain(..).partition(|n| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
        });
        self.notifications = keep.into();
        hit.into_iter().map(|n| n["params"].clone()).collect()
    }

    /// Standard initialize -> initialized handshake; returns the initialize result.
    pub async fn initialize(&mut self, capabilities: Value) -> Value {
        let resp = self
            .request(
                "initialize",
                Some(json!({"processId": null, "rootUri": null, "capabilities": capabilities})),
            )
            .await;
        assert!(resp.get("error").is_none(), "initialize failed: {resp}");
        // Must NOT be sent before the initialize response arrived (see REPORT: 0.23 drops
        // notifications that arrive while it is still "Uninitialized").
        self.notify("initialized", json!({})).await;
        resp["result"].clone()
    }

    /// `exit` notification without params.
    pub async fn notify_exit(&mut self) {
        self.send_raw(r#"{"jsonrpc":"2.0","method":"exit"}"#).await;
    }

    /// didOpen as plain text.
    pub async fn did_open(&mut self, uri: &str, version: i64, text: &str) {
        self.did_open_as(uri, "plaintext", version, text).await;
    }

    pub async fn did_open_as(&mut self, uri: &str, language_id: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": version, "text": text}}),
        )
        .await;
    }

    /// didChange replacing the whole text.
    pub async fn did_change_full(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        )
        .await;
    }

    /// One incremental change `[(l0,c0)-(l1,c1)) -> text`.
    pub async fn did_change(&mut self, uri: &str, version: i64, range: [u32; 4], text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{
                    "range": {"start": {"line": range[0], "character": range[1]},
                              "end": {"line": range[2], "character": range[3]}},
                    "text": text
                }]
            }),
        )
        .await;
    }

    pub async fn document_text(&mut self, uri: &str) -> Value {
        let r = self
            .request("nianbao/documentText", Some(json!({"uri": uri})))
            .await;
        r["result"].clone()
    }
}

/// Capabilities of a typical modern client: utf-8 offered, config pull, dynamic registration.
pub fn rich_capabilities() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-8", "utf-16"]},
        "workspace": {
            "configuration": true,
            "didChangeConfiguration": {"dynamicRegistration": true},
            "workspaceEdit": {"documentChanges": true},
            "applyEdit": true
        },
        "textDocument": {"synchronization": {"dynamicRegistration": false}}
    })
}

/// Start/end (line, character) of a diagnostic as a tuple.
pub fn range_of(d: &Value) -> (u64, u64, u64, u64) {
    let r = &d["range"];
    (
        r["start"]["line"].as_u64().unwrap(),
        r["start"]["character"].as_u64().unwrap(),
        r["end"]["line"].as_u64().unwrap(),
        r["end"]["character"].as_u64().unwrap(),
    )
}
