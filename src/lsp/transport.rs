//! The stdio transport: LSP frames read here, malformed ones answered and skipped, well-formed
//! ones passed to tower-lsp-server through an in-memory pipe.
//!
//! tower-lsp-server stops reading after the first framing or JSON error (its `FramedRead`
//! ends the stream on a decoder error), so one bad message would end the server. Here:
//!
//! * A frame is `Content-Length: N` among any headers (names case-insensitive, any order,
//!   `\r\n` or `\n` line ends), a blank line, and `N` bytes. Blank lines and whitespace
//!   between frames are skipped.
//! * A body that is not UTF-8 or not JSON is answered `-32700` (parse error); JSON that is not
//!   one JSON-RPC 2.0 message (an array, a number, a request without a method, a wrong
//!   `jsonrpc`) is answered `-32600` (invalid request), with the message's `id` when it has
//!   a usable one, else `null`.
//! * Bytes that are not a header, a header block without a usable `Content-Length`, and a
//!   `Content-Length` longer than its message (the next frame's header turns up inside it) are
//!   answered `-32700` once each, and reading resumes at the next `Content-Length` header.
//! * Every error is also written to stderr (the client's log).
//!
//! What is passed on is the message re-serialised from tower-lsp-server's own types, so the
//! library never sees anything it cannot decode. The server's output is copied to stdout
//! frame by frame, interleaved with the error responses written here.

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// A header block longer than this without its blank line is not a header.
pub const MAX_HEADER: usize = 64 * 1024;
/// A message longer than this is refused (and skipped).
pub const MAX_BODY: usize = 1 << 30;

/// JSON-RPC parse error.
pub const PARSE_ERROR: i64 = -32700;
/// JSON-RPC invalid request.
pub const INVALID_REQUEST: i64 = -32600;

/// What the reader found next in the byte stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A frame's body, as sent.
    Body(Vec<u8>),
    /// Bytes that could not be read as a frame (skipped), and why.
    Malformed(String),
}

/// Reads frames from a byte stream, resynchronising after garbage.
pub struct FrameReader<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
}

const CONTENT_LENGTH: &[u8] = b"content-length";

/// The first `Content-Length` (any case) in `hay`.
fn find_content_length(hay: &[u8]) -> Option<usize> {
    let n = CONTENT_LENGTH.len();
    if hay.len() < n {
        return None;
    }
    (0..=hay.len() - n)
        .find(|&i| hay[i] | 0x20 == b'c' && hay[i..i + n].eq_ignore_ascii_case(CONTENT_LENGTH))
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The `Content-Length` of a header block (its lines without the blank one).
fn content_length(block: &[u8]) -> Result<usize, String> {
    let mut length: Option<usize> = None;
    for line in block.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return Err("a header line without ':'".to_string());
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if name.is_empty() || !name.iter().all(|&b| is_token_byte(b)) {
            return Err("a malformed header name".to_string());
        }
        if value.iter().any(|&b| b < 0x20 && b != b'\t') {
            return Err("a control character in a header".to_string());
        }
        if !name.eq_ignore_ascii_case(CONTENT_LENGTH) {
            continue;
        }
        let value = std::str::from_utf8(value)
            .map(str::trim)
            .unwrap_or_default();
        let n = value
            .parse::<usize>()
            .ok()
            .filter(|_| value.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| format!("Content-Length {value:?} is not a number of bytes"))?;
        if length.is_some_and(|l| l != n) {
            return Err("two different Content-Length headers".to_string());
        }
        length = Some(n);
    }
    let n = length.ok_or_else(|| "a header block without Content-Length".to_string())?;
    if n > MAX_BODY {
        return Err(format!("Content-Length {n} is larger than {MAX_BODY}"));
    }
    Ok(n)
}

/// Where the blank line ending a header block starts and ends, in `hay`.
fn blank_line(hay: &[u8]) -> Option<(usize, usize)> {
    let mut i = 0;
    while let Some(nl) = hay[i..].iter().position(|&b| b == b'\n') {
        let after = i + nl + 1;
        if hay[after..].starts_with(b"\r\n") {
            return Some((i + nl, after + 2));
        }
        if hay[after..].starts_with(b"\n") {
            return Some((i + nl, after + 1));
        }
        if after + 2 > hay.len() {
            return None;
        }
        i = after;
    }
    None
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            buf: Vec::new(),
            pos: 0,
            eof: false,
        }
    }

    /// Reads more bytes; `false` at the end of the stream (or on a read error).
    async fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        self.buf.reserve(64 * 1024);
        match self.inner.read_buf(&mut self.buf).await {
            Ok(0) | Err(_) => {
                self.eof = true;
                false
            }
            Ok(_) => true,
        }
    }

    /// Skips to the next `Content-Length` after the current position (keeping a possible
    /// partial one at the end of the buffer).
    fn resync(&mut self, reason: String) -> Frame {
        match find_content_length(&self.buf[self.pos + 1..]) {
            Some(i) => self.pos += 1 + i,
            None => {
                let keep = CONTENT_LENGTH.len() - 1;
                self.pos = self
                    .buf
                    .len()
                    .saturating_sub(keep)
                    .max(self.pos + 1)
                    .min(self.buf.len());
            }
        }
        Frame::Malformed(reason)
    }

    /// The next frame, or `None` at the end of the stream.
    pub async fn next(&mut self) -> Option<Frame> {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        loop {
            while self.pos < self.buf.len() && self.buf[self.pos].is_ascii_whitespace() {
                self.pos += 1;
            }
            if self.pos == self.buf.len() {
                if !self.fill().await {
                    return None;
                }
                continue;
            }
            let Some((block_end, body_start)) = blank_line(&self.buf[self.pos..]) else {
                if self.buf.len() - self.pos > MAX_HEADER {
                    return Some(self.resync("bytes that are not a header".to_string()));
                }
                if !self.fill().await {
                    self.pos = self.buf.len();
                    return Some(Frame::Malformed(
                        "the input ended inside a header".to_string(),
                    ));
                }
                continue;
            };
            let block = &self.buf[self.pos..self.pos + block_end];
            match content_length(block) {
                Err(reason) => return Some(self.resync(reason)),
                Ok(len) => {
                    self.pos += body_start;
                    return Some(self.body(len).await);
                }
            }
        }
    }

    /// The `len` bytes of a body starting at the current position.
    async fn body(&mut self, len: usize) -> Frame {
        let start = self.pos;
        let mut scanned = start;
        loop {
            let end = self.buf.len().min(start + len);
            if let Some(at) = self.header_inside(start, scanned, end) {
                self.pos = at;
                return Frame::Malformed(format!(
                    "Content-Length {len} is longer than the message ({} bytes)",
                    at - start
                ));
            }
            scanned = end;
            if self.buf.len() - start >= len {
                self.pos = start + len;
                return Frame::Body(self.buf[start..start + len].to_vec());
            }
            if !self.fill().await {
                self.pos = self.buf.len();
                return Frame::Malformed(format!(
                    "the input ended inside a message ({} of {len} bytes)",
                    self.buf.len() - start
                ));
            }
        }
    }

    /// A `Content-Length` header within `scanned..end` of the body that starts at `start`,
    /// after a complete JSON value: the next frame, inside a length that was too large.
    fn header_inside(&self, start: usize, scanned: usize, end: usize) -> Option<usize> {
        let mut from = scanned.saturating_sub(CONTENT_LENGTH.len() - 1).max(start);
        while let Some(i) = find_content_length(&self.buf[from..end]) {
            let at = from + i;
            if is_one_json_value(&self.buf[start..at]) {
                return Some(at);
            }
            from = at + 1;
        }
        None
    }
}

/// Is `bytes` one JSON object, and whitespace? (Cheap first: a header inside a JSON string
/// is preceded by other characters than a closing brace.)
fn is_one_json_value(bytes: &[u8]) -> bool {
    let ends_object = bytes
        .iter()
        .rev()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'}');
    if !ends_object {
        return false;
    }
    let mut values =
        serde_json::Deserializer::from_slice(bytes).into_iter::<serde::de::IgnoredAny>();
    matches!(values.next(), Some(Ok(_)))
        && bytes[values.byte_offset()..]
            .iter()
            .all(u8::is_ascii_whitespace)
}

/// An error response: `id` (or `null`), code and message.
fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// A usable JSON-RPC id of a message (a number or a string), else `null`.
fn id_of(v: &Value) -> Value {
    match v.get("id") {
        Some(id @ Value::String(_)) => id.clone(),
        Some(id) if id.is_i64() => id.clone(),
        _ => Value::Null,
    }
}

/// A body checked: the message re-serialised for tower-lsp-server, or the error response
/// to send back.
pub fn validate(body: &[u8]) -> Result<Vec<u8>, Value> {
    let text = std::str::from_utf8(body).map_err(|e| {
        error_response(
            Value::Null,
            PARSE_ERROR,
            &format!("parse error: the message is not UTF-8 ({e})"),
        )
    })?;
    let value: Value = serde_json::from_str(text)
        .map_err(|e| error_response(Value::Null, PARSE_ERROR, &format!("parse error: {e}")))?;
    let invalid = |id: Value, why: &str| {
        error_response(id, INVALID_REQUEST, &format!("invalid request: {why}"))
    };
    let Value::Object(obj) = &value else {
        return Err(match value {
            Value::Array(a) if a.is_empty() => invalid(Value::Null, "an empty batch"),
            Value::Array(_) => invalid(Value::Null, "batches are not supported"),
            _ => invalid(Value::Null, "not a JSON-RPC message object"),
        });
    };
    let id = id_of(&value);
    if obj.contains_key("method") {
        let request: Request = serde_json::from_value(value)
            .map_err(|e| invalid(id, &format!("not a JSON-RPC 2.0 request ({e})")))?;
        return serde_json::to_vec(&request).map_err(|e| invalid(Value::Null, &e.to_string()));
    }
    if obj.contains_key("result") || obj.contains_key("error") {
        let response: Response = serde_json::from_value(value)
            .map_err(|e| invalid(id, &format!("not a JSON-RPC 2.0 response ({e})")))?;
        return serde_json::to_vec(&response).map_err(|e| invalid(Value::Null, &e.to_string()));
    }
    Err(invalid(id, "no method, result or error"))
}

/// `body` as one frame.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Reads the client's frames: well-formed messages go to `server`, error responses to `out`.
async fn read_client<I, S>(input: I, mut server: S, out: mpsc::Sender<Vec<u8>>)
where
    I: AsyncRead + Unpin,
    S: AsyncWrite + Unpin,
{
    let mut frames = FrameReader::new(input);
    while let Some(f) = frames.next().await {
        let answer = match f {
            Frame::Body(body) => match validate(&body) {
                Ok(message) => {
                    if server.write_all(&frame(&message)).await.is_err()
                        || server.flush().await.is_err()
                    {
                        // The server stopped reading (after `exit`).
                        return;
                    }
                    continue;
                }
                Err(response) => response,
            },
            Frame::Malformed(why) => {
                error_response(Value::Null, PARSE_ERROR, &format!("framing error: {why}"))
            }
        };
        eprintln!(
            "nianbao lsp: {}",
            answer["error"]["message"].as_str().unwrap_or_default()
        );
        let bytes = serde_json::to_vec(&answer).unwrap_or_default();
        if out.send(frame(&bytes)).await.is_err() {
            return;
        }
    }
    // End of input: closing `server` lets the server see it.
}

/// Copies the server's frames to `out`, whole.
async fn copy_server<R: AsyncRead + Unpin>(from: R, out: mpsc::Sender<Vec<u8>>) {
    let mut frames = FrameReader::new(from);
    while let Some(f) = frames.next().await {
        match f {
            Frame::Body(body) => {
                if out.send(frame(&body)).await.is_err() {
                    return;
                }
            }
            Frame::Malformed(why) => eprintln!("nianbao lsp: server output: {why}"),
        }
    }
}

/// Serves `service` on `input`/`output` until the server stops (`exit`, or the end of the
/// input), surviving any byte stream (see the module docs).
pub async fn serve<I, O>(
    input: I,
    output: O,
    service: tower_lsp_server::LspService<super::Backend>,
    socket: tower_lsp_server::ClientSocket,
) where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let (tx, mut rx) = mpsc::channel::<Vec<u8>>(64);
    let writer = tokio::spawn(async move {
        let mut output = output;
        while let Some(bytes) = rx.recv().await {
            if output.write_all(&bytes).await.is_err() {
                return;
            }
            if rx.is_empty() && output.flush().await.is_err() {
                return;
            }
        }
        let _ = output.flush().await;
    });
    let copier = tokio::spawn(copy_server(from_server, tx.clone()));
    let reader = tokio::spawn(read_client(input, to_server, tx));
    tower_lsp_server::Server::new(server_in, server_out, socket)
        .serve(service)
        .await;
    // The server dropped its ends of the pipes: the copier sees the end of its output.
    reader.abort();
    let _ = copier.await;
    let _ = reader.await;
    let _ = writer.await;
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Frame> {
        let mut r = FrameReader::new(input);
        let mut out = Vec::new();
        while let Some(f) = r.next().await {
            out.push(f);
        }
        out
    }

    fn body(s: &str) -> Frame {
        Frame::Body(s.as_bytes().to_vec())
    }

    fn malformed(f: &Frame) -> bool {
        matches!(f, Frame::Malformed(_))
    }

    #[tokio::test]
    async fn reads_frames_with_any_headers_and_line_ends() {
        let got = frames(
            b"Content-Length: 2\r\n\r\n{}\
              content-length:3\nContent-Type: application/vscode-jsonrpc; charset=utf-8\nX-Extra: 1\n\n[1]\
              \r\n\r\nCONTENT-LENGTH: 4\r\n\r\nnull",
        )
        .await;
        assert_eq!(got, vec![body("{}"), body("[1]"), body("null")]);
    }

    #[tokio::test]
    async fn resumes_at_the_next_frame_after_garbage() {
        // Garbage, a wrong length, a missing length, a length too large, a bad number.
        let good = "Content-Length: 2\r\n\r\n{}";
        let input = format!(
            "garbage{good}Content-Length: 3\r\n\r\n{{\"a\":1}}{good}Content-Type: x\r\n\r\n{{}}{good}\
             Content-Length: 99\r\n\r\n{{\"b\":2}}\r\n{good}Content-Length: -1\r\n\r\n{{}}{good}"
        );
        let got = frames(input.as_bytes()).await;
        let bodies: Vec<&Frame> = got.iter().filter(|f| !malformed(f)).collect();
        // Every good frame comes through; the short one as its 3 bytes.
        assert_eq!(
            bodies,
            vec![
                &body("{}"),
                &body("{\"a"),
                &body("{}"),
                &body("{}"),
                &body("{}"),
                &body("{}")
            ]
        );
        assert!(got.iter().filter(|f| malformed(f)).count() >= 4, "{got:?}");
    }

    #[tokio::test]
    async fn a_length_too_large_is_found_when_the_next_frame_is_already_there() {
        let next = format!("Content-Length: 2\r\n\r\n{{}}{}", " ".repeat(600));
        let input = format!("Content-Length: 500\r\n\r\n{{\"x\":\"Content-Length\"}}{next}");
        let got = frames(input.as_bytes()).await;
        assert!(malformed(&got[0]), "{got:?}");
        assert_eq!(got[1], body("{}"));
        // A header inside a string of a well-formed message is just text.
        let msg = r#"{"a":"} Content-Length: 3\r\n\r\n{}"}"#;
        let input = format!("Content-Length: {}\r\n\r\n{msg}", msg.len());
        assert_eq!(frames(input.as_bytes()).await, vec![body(msg)]);
    }

    #[tokio::test]
    async fn a_truncated_stream_ends_with_a_malformed_frame() {
        let got = frames(b"Content-Length: 10\r\n\r\n{}").await;
        assert!(matches!(got.as_slice(), [Frame::Malformed(_)]), "{got:?}");
        let got = frames(b"Content-Len").await;
        assert!(matches!(got.as_slice(), [Frame::Malformed(_)]), "{got:?}");
    }

    #[test]
    fn validates_messages() {
        let ok = validate(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#).unwrap();
        let v: Value = serde_json::from_slice(&ok).unwrap();
        assert_eq!(v["method"], "shutdown");
        assert!(validate(br#"{"jsonrpc":"2.0","id":1,"result":null}"#).is_ok());
        let code = |b: &[u8]| validate(b).unwrap_err()["error"]["code"].as_i64().unwrap();
        assert_eq!(code(b"{bad}"), PARSE_ERROR);
        assert_eq!(code(b"\xff\xfe{}"), PARSE_ERROR);
        assert_eq!(code(b"[]"), INVALID_REQUEST);
        assert_eq!(
            code(br#"[{"jsonrpc":"2.0","method":"x"}]"#),
            INVALID_REQUEST
        );
        assert_eq!(code(b"42"), INVALID_REQUEST);
        assert_eq!(
            code(br#"{"jsonrpc":"1.0","id":1,"method":"x"}"#),
            INVALID_REQUEST
        );
        assert_eq!(code(br#"{"jsonrpc":"2.0","id":1}"#), INVALID_REQUEST);
        // The id comes back when it is usable.
        let e = validate(br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#).unwrap_err();
        assert_eq!(e["id"], 7);
        let e = validate(br#"{"jsonrpc":"1.0","id":{"x":1},"method":"x"}"#).unwrap_err();
        assert_eq!(e["id"], Value::Null);
    }
}
