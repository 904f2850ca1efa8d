//! Shared support for the LSP tests: the test client, an in-process server, and the library
//! side of every comparison (findings converted to UTF-16 positions with the core's own
//! `LineIndex`, an implementation independent of the server's rope conversion).
#![allow(dead_code, unused_imports)]

pub mod client;

use std::path::PathBuf;

pub use client::{range_of, rich_capabilities, TestClient, TIMEOUT};
use nianbao::check::Config;
use nianbao::text::{LineIndex, Position, PositionEncoding};
use serde_json::{json, Value};
use tokio::io::{DuplexStream, ReadHalf, WriteHalf};
use tokio::task::JoinHandle;

pub type Client = TestClient<ReadHalf<DuplexStream>, WriteHalf<DuplexStream>>;

/// Starts the real server in-process over a duplex pipe, through the same transport as
/// `nianbao lsp` (frames checked, malformed ones answered).
pub fn start() -> (Client, JoinHandle<()>) {
    start_with(nianbao::lsp::Hooks::default())
}

/// [`start`] with hooks around each analysis.
pub fn start_with(hooks: nianbao::lsp::Hooks) -> (Client, JoinHandle<()>) {
    let (client_io, server_io) = tokio::io::duplex(1 << 20);
    let (sr, sw) = tokio::io::split(server_io);
    let (service, socket, _shutdown) = nianbao::lsp::build_service_with(hooks);
    let server = tokio::spawn(nianbao::lsp::transport::serve(sr, sw, service, socket));
    let (cr, cw) = tokio::io::split(client_io);
    (TestClient::new(cr, cw), server)
}

/// shutdown + exit; asserts the server answered and stopped.
pub async fn shutdown_and_exit(c: &mut Client, server: JoinHandle<()>) {
    let resp = c.request("shutdown", None).await;
    assert_eq!(resp["result"], Value::Null, "{resp}");
    c.notify_exit().await;
    tokio::time::timeout(TIMEOUT, server)
        .await
        .expect("server did not stop after exit")
        .expect("server task panicked");
}

/// (code, (line, char, line, char), message) of a finding.
pub type Finding = (String, (u64, u64, u64, u64), String);

/// What the library finds in `text`, positions in `enc` units (the core's `LineIndex`).
pub fn expected(text: &str, config: &Config, enc: PositionEncoding) -> Vec<Finding> {
    let (analysis, diags) = nianbao::check::analyze_and_check(text, config);
    if !analysis.report.looks_like_report() && !config.force {
        return Vec::new();
    }
    // The text's suppression comments, as `nianbao check` applies them.
    let diags = nianbao::check::suppress::apply_to_text(text, false, diags, config);
    let idx = LineIndex::new(text);
    diags
        .iter()
        .map(|d| {
            let s = idx.span(text, d.range, enc);
            (
                d.code.to_string(),
                (
                    u64::from(s.start.line),
                    u64::from(s.start.character),
                    u64::from(s.end.line),
                    u64::from(s.end.character),
                ),
                d.message.clone(),
            )
        })
        .collect()
}

/// The same triple out of published LSP diagnostics.
pub fn findings(diags: &[Value]) -> Vec<Finding> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                range_of(d),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn offset(text: &str, pos: &Value, enc: PositionEncoding) -> usize {
    let idx = LineIndex::new(text);
    let p = Position {
        line: u32::try_from(pos["line"].as_u64().unwrap()).unwrap(),
        character: u32::try_from(pos["character"].as_u64().unwrap()).unwrap(),
    };
    idx.offset(text, p, enc)
}

/// Applies LSP `TextEdit`s (JSON) to `text` the way an editor does: all ranges refer to the
/// original text; applied from the last to the first.
pub fn apply_text_edits(text: &str, edits: &[Value], enc: PositionEncoding) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], enc),
                offset(text, &e["range"]["end"], enc),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| (s.0, s.1));
    let mut out = text.to_string();
    for (s, e, t) in spans.into_iter().rev() {
        out.replace_range(s..e, &t);
    }
    out
}

/// The text edits for `uri` in a `WorkspaceEdit` (either `changes` or `documentChanges`).
pub fn edits_for(workspace_edit: &Value, uri: &str) -> Vec<Value> {
    if let Some(dc) = workspace_edit["documentChanges"].as_array() {
        return dc
            .iter()
            .filter(|d| d["textDocument"]["uri"] == uri)
            .flat_map(|d| d["edits"].as_array().cloned().unwrap_or_default())
            .collect();
    }
    workspace_edit["changes"][uri]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The sample reports shipped in examples/reports, (file name, text).
pub fn samples() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/reports");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("examples/reports")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let text = nianbao::text::decode::decode(&bytes).expect("decodes").text;
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty());
    out
}

/// A `file:` URI in a fresh temporary folder (no nianbao.toml above it unless the test puts
/// one there; /tmp itself is assumed to have none).
pub fn temp_uri(test: &str, name: &str) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("nianbao-lsp-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let uri = format!("file://{}/{name}", dir.display());
    (dir, uri)
}

/// The official label of 三（二） and the typo of the task (`不分公开`).
pub const PARTIAL_LABEL: &str = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）";
pub const PARTIAL_TYPO: &str = "(二)不分公开(区分处理的,只计这一情形,不计其他情形)";

/// A valid 2022 report (the built-in skeleton) whose 三（二） label has a typing mistake.
pub fn typo_report() -> String {
    let text = nianbao::skeleton::render(2022, nianbao::skeleton::Format::Text).unwrap();
    assert!(text.contains(PARTIAL_LABEL));
    text.replace(PARTIAL_LABEL, PARTIAL_TYPO)
}

/// initialize params for a client offering `encodings` and nothing else.
pub fn caps_with_encodings(encodings: &[&str]) -> Value {
    json!({"general": {"positionEncodings": encodings}})
}
