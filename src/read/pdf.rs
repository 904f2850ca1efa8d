//! The text layer of a PDF, laid out as on the page: poppler's `pdftotext -layout`.
//!
//! Why poppler and not a Rust crate is measured in `docs/pdf-reader.md`: on the real reports
//! `pdftotext -layout` keeps every table row on one line with its values in column order
//! (it places text by its position, not by the order the producer wrote it), reads every CJK
//! encoding including the predefined CMaps (`UniGB-UCS2-H`, `GBK-EUC-H`: `poppler-data`),
//! and neither panicked nor hung on mutated files; the pure-Rust extractors lose the rows
//! (`lopdf`, `pdf_oxide`) or panic on those CMaps (`pdf-extract`).
//!
//! How the tool is run: the PDF goes to `pdftotext` on its standard input and the text comes
//! back on its standard output, so no temporary file is ever written. The child is killed and
//! reaped when it runs longer than [`Options::timeout`] (30 s by default); its output is capped
//! at [`Options::max_output`]. No Rust code parses the PDF, so nothing here can panic on one.
//!
//! The text ([`PdfText::text`]) is UTF-8 with `\n` line breaks; pages are separated by a line
//! holding only a form feed (`"\n\x0c\n"`, [`PAGE_BREAK`]; a form feed is whitespace, so a
//! reader that trims lines sees a blank line). Cleanup, the same for any PDF:
//! - `\r\n` and `\r` become `\n`; control characters other than tab are dropped;
//! - trailing spaces of each line, and blank lines at the top and bottom of each page, go;
//! - page-number lines go, only when sure: the first or last line of a page, alone on it,
//!   written `-3-`, `- 3 -`, `— 3 —`, `第3页`, `第 3 页 共 5 页` or `3/5` (of 5 pages), on at
//!   least two pages, and numbered in step with the pages (number − page index the same on
//!   every page where one is found). A bare number is never removed: it may be a value.
//!
//! Nothing else is changed: indentation and the spaces between cells are `pdftotext`'s.

use std::ffi::OsString;
use std::io::{ErrorKind, Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use regex::Regex;

use crate::check::Lang;

/// What separates two pages in [`PdfText::text`]: a line holding only a form feed.
pub const PAGE_BREAK: &str = "\n\x0c\n";

/// The text layer of a PDF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PdfText {
    /// UTF-8, `\n` line breaks, one table row per line as on the page; pages separated by
    /// [`PAGE_BREAK`]; ends with `\n`.
    pub text: String,
    /// The number of pages of the PDF.
    pub page_count: usize,
    /// The pages (numbered from 1) that have no text: scanned pages inside a PDF that
    /// otherwise has a text layer (a report whose tables were scanned), or blank pages.
    pub empty_pages: Vec<usize>,
}

impl PdfText {
    /// Each page's text, in order ([`PdfText::page_count`] of them).
    pub fn pages(&self) -> impl Iterator<Item = &str> {
        self.text
            .strip_suffix('\n')
            .unwrap_or(&self.text)
            .split(PAGE_BREAK)
    }
}

/// What a file that is not a PDF looks like, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// An HTML or XML page (a web page saved under a `.pdf` name, an error page).
    Html,
    /// A ZIP archive: OFD, DOCX, XLSX and the like.
    Zip,
    /// A legacy Office document (DOC, XLS; also WPS's older files).
    LegacyOffice,
    /// A picture (PNG, JPEG, GIF, TIFF).
    Image,
}

/// Why a PDF's text could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PdfError {
    /// The bytes are not a PDF: no `%PDF-` header in the first 1024 bytes.
    NotPdf { looks_like: Option<FileKind> },
    /// A PDF whose structure cannot be read. `truncated`: no `%%EOF` at its end (an
    /// incomplete download, most likely). `detail`: the tool's own words, in English (for logs;
    /// not part of [`PdfError::message`]).
    Damaged { truncated: bool, detail: String },
    /// Encrypted with a password that is needed to open it.
    Encrypted,
    /// No page has any text: an image-only (scanned) PDF, which needs OCR first.
    NoText { pages: usize },
    /// The external program, or data it needs, is not installed: `package` is the Debian
    /// package to install (`poppler-utils`; `poppler-data` for the CJK encodings).
    ToolMissing {
        program: String,
        package: &'static str,
    },
    /// The tool ran but gave no usable result.
    Failed { reason: Failure },
}

/// Why running the tool failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// It ran longer than [`Options::timeout`] and was killed.
    Timeout { limit: Duration },
    /// Its text exceeded [`Options::max_output`] bytes.
    OutputTooLarge { limit: usize },
    /// It exited with an unexpected code, or was killed by a signal (a crash).
    Crashed {
        code: Option<i32>,
        signal: Option<i32>,
    },
    /// It could not be started (other than not being installed).
    CannotRun { permission_denied: bool },
}

impl PdfError {
    /// The reason, for the user, in one language.
    pub fn message(&self, lang: Lang) -> String {
        let zh = matches!(lang, Lang::Zh);
        match self {
            PdfError::NotPdf { looks_like } => {
                let base = if zh {
                    "不是 PDF 文件：文件开头没有 PDF 标记（%PDF-）"
                } else {
                    "not a PDF file: it does not start with the PDF header (%PDF-)"
                };
                match looks_like {
                    None => base.to_string(),
                    Some(kind) if zh => format!("{base}，看起来是{}", kind.name(lang)),
                    Some(kind) => format!("{base}; it looks like {}", kind.name(lang)),
                }
            }
            PdfError::Damaged { truncated: true, .. } => if zh {
                "PDF 文件已损坏：文件不完整（末尾没有 %%EOF 标记），可能没有下载完整"
            } else {
                "the PDF file is damaged: it is incomplete (no %%EOF marker at its end), perhaps a partial download"
            }
            .to_string(),
            PdfError::Damaged { .. } => if zh {
                "PDF 文件已损坏：无法读取其结构"
            } else {
                "the PDF file is damaged: its structure cannot be read"
            }
            .to_string(),
            PdfError::Encrypted => if zh {
                "PDF 文件已加密，需要密码才能打开：请提供未加密的版本"
            } else {
                "the PDF file is encrypted and needs a password to be opened: provide an unencrypted copy"
            }
            .to_string(),
            PdfError::NoText { pages } => match (zh, *pages) {
                (true, 1) => "PDF 没有文字层：它仅有的一页没有可提取的文字，应是扫描件（只有图片），需要先做文字识别（OCR）".to_string(),
                (true, pages) => format!(
                    "PDF 没有文字层：全部 {pages} 页都没有可提取的文字，应是扫描件（只有图片），需要先做文字识别（OCR）"
                ),
                (false, 1) => "the PDF has no text layer: its only page has no text to extract; it is a scan (images only) and needs OCR first".to_string(),
                (false, pages) => format!(
                    "the PDF has no text layer: none of its {pages} pages has any text to extract; it is a scan (images only) and needs OCR first"
                ),
            },
            PdfError::ToolMissing { program, package } => {
                if *package == DATA_PACKAGE {
                    if zh {
                        format!("{program} 缺少读取此 PDF 中文所需的中日韩编码数据：请安装软件包 {package}（apt-get install {package}）")
                    } else {
                        format!("{program} lacks the CJK encoding data this PDF's Chinese text needs: install the package {package} (apt-get install {package})")
                    }
                } else if zh {
                    format!("读取 PDF 需要 {program}，但系统中找不到它：请安装软件包 {package}（apt-get install {package}）")
                } else {
                    format!("reading a PDF needs {program}, which is not installed: install the package {package} (apt-get install {package})")
                }
            }
            PdfError::Failed { reason } => reason.message(lang),
        }
    }
}

impl Failure {
    fn message(&self, lang: Lang) -> String {
        let zh = matches!(lang, Lang::Zh);
        match self {
            Failure::Timeout { limit } => {
                let s = seconds(*limit);
                if zh {
                    format!("读取 PDF 超时：pdftotext 在 {s} 秒内没有完成，已被终止")
                } else {
                    format!("reading the PDF timed out: pdftotext did not finish within {s} s and was stopped")
                }
            }
            Failure::OutputTooLarge { limit } => {
                let mib = limit.div_ceil(1 << 20);
                if zh {
                    format!("读取 PDF 失败：文字超过 {mib} MiB 的上限")
                } else {
                    format!("reading the PDF failed: its text exceeds the limit of {mib} MiB")
                }
            }
            Failure::Crashed {
                signal: Some(n), ..
            } => {
                if zh {
                    format!("读取 PDF 失败：pdftotext 异常终止（信号 {n}）")
                } else {
                    format!("reading the PDF failed: pdftotext crashed (signal {n})")
                }
            }
            Failure::Crashed { code, .. } => {
                let code = code.map_or_else(|| "?".to_string(), |c| c.to_string());
                if zh {
                    format!("读取 PDF 失败：pdftotext 异常退出（退出码 {code}）")
                } else {
                    format!(
                        "reading the PDF failed: pdftotext exited with the unexpected code {code}"
                    )
                }
            }
            Failure::CannotRun { permission_denied } => match (zh, permission_denied) {
                (true, true) => "读取 PDF 失败：无权运行 pdftotext".to_string(),
                (true, false) => "读取 PDF 失败：无法启动 pdftotext".to_string(),
                (false, true) => {
                    "reading the PDF failed: no permission to run pdftotext".to_string()
                }
                (false, false) => {
                    "reading the PDF failed: pdftotext could not be started".to_string()
                }
            },
        }
    }
}

impl FileKind {
    fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FileKind::Html, Lang::Zh) => "网页（HTML）",
            (FileKind::Html, Lang::En) => "a web page (HTML)",
            (FileKind::Zip, Lang::Zh) => "ZIP 压缩包（可能是 OFD、DOCX 或 XLSX 文档）",
            (FileKind::Zip, Lang::En) => "a ZIP archive (perhaps an OFD, DOCX or XLSX document)",
            (FileKind::LegacyOffice, Lang::Zh) => "旧版 Office 文档（DOC 或 XLS）",
            (FileKind::LegacyOffice, Lang::En) => "a legacy Office document (DOC or XLS)",
            (FileKind::Image, Lang::Zh) => "图片（需要先做文字识别）",
            (FileKind::Image, Lang::En) => "a picture (which needs OCR)",
        }
    }
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for PdfError {}

/// `1.5` for 1.5 s, `30` for 30 s.
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

const TOOL_PACKAGE: &str = "poppler-utils";
const DATA_PACKAGE: &str = "poppler-data";

/// How the text layer is read.
#[derive(Clone, Debug)]
pub struct Options {
    /// The `pdftotext` to run: a name looked up on `PATH`, or a path.
    pub program: OsString,
    /// The longest the tool may run; it is killed after that.
    pub timeout: Duration,
    /// The most text, in bytes, accepted from the tool.
    pub max_output: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            program: OsString::from("pdftotext"),
            timeout: Duration::from_secs(30),
            max_output: 64 << 20,
        }
    }
}

/// The text layer of the PDF `bytes`, with the default [`Options`].
pub fn text_layer(bytes: &[u8]) -> Result<PdfText, PdfError> {
    text_layer_with(bytes, &Options::default())
}

/// The text layer of the PDF `bytes`.
pub fn text_layer_with(bytes: &[u8], options: &Options) -> Result<PdfText, PdfError> {
    if !has_pdf_header(bytes) {
        return Err(PdfError::NotPdf {
            looks_like: sniff(bytes),
        });
    }
    let program = options.program.to_string_lossy().into_owned();
    let out = match run(bytes, options) {
        Ok(out) => out,
        Err(RunError::Spawn(e)) if e.kind() == ErrorKind::NotFound => {
            return Err(PdfError::ToolMissing {
                program,
                package: TOOL_PACKAGE,
            })
        }
        Err(RunError::Spawn(e)) => {
            return Err(PdfError::Failed {
                reason: Failure::CannotRun {
                    permission_denied: e.kind() == ErrorKind::PermissionDenied,
                },
            })
        }
        Err(RunError::Timeout) => {
            return Err(PdfError::Failed {
                reason: Failure::Timeout {
                    limit: options.timeout,
                },
            })
        }
    };
    // poppler says so when a predefined CJK CMap's data (poppler-data) is not installed; the
    // text would silently lack those fonts' characters.
    if out.stderr.contains("Missing language pack") {
        return Err(PdfError::ToolMissing {
            program,
            package: DATA_PACKAGE,
        });
    }
    if out.stderr.contains("Incorrect password") {
        return Err(PdfError::Encrypted);
    }
    match (out.status.code(), signal(&out.status)) {
        (Some(0), _) => {}
        // 1: error opening the PDF; 99: another error (poppler's pdftotext)
        (Some(1 | 99), _) => {
            return Err(PdfError::Damaged {
                truncated: !has_eof_marker(bytes),
                detail: out.stderr,
            })
        }
        // 3: "Copying of text from this document is not allowed" (older poppler)
        (Some(3), _) => return Err(PdfError::Encrypted),
        (code, signal) => {
            return Err(PdfError::Failed {
                reason: Failure::Crashed { code, signal },
            })
        }
    }
    if out.overflow {
        return Err(PdfError::Failed {
            reason: Failure::OutputTooLarge {
                limit: options.max_output,
            },
        });
    }
    let raw = String::from_utf8_lossy(&out.stdout);
    let pages = clean(&raw);
    if pages.is_empty() {
        return Err(PdfError::Damaged {
            truncated: !has_eof_marker(bytes),
            detail: format!("no page ({})", out.stderr.trim()),
        });
    }
    let empty_pages: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, lines)| lines.is_empty())
        .map(|(i, _)| i + 1)
        .collect();
    if empty_pages.len() == pages.len() {
        return Err(PdfError::NoText { pages: pages.len() });
    }
    let mut text = pages
        .iter()
        .map(|lines| lines.join("\n"))
        .collect::<Vec<_>>()
        .join(PAGE_BREAK);
    text.push('\n');
    Ok(PdfText {
        text,
        page_count: pages.len(),
        empty_pages,
    })
}

/// `%PDF-` in the first 1024 bytes, where readers look for it.
fn has_pdf_header(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// `%%EOF` in the last 1024 bytes (trailing junk after it is common).
fn has_eof_marker(bytes: &[u8]) -> bool {
    bytes[bytes.len().saturating_sub(1024)..]
        .windows(5)
        .any(|w| w == b"%%EOF")
}

fn sniff(bytes: &[u8]) -> Option<FileKind> {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = &start[start
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(start.len())..];
    let head: Vec<u8> = start
        .iter()
        .take(16)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let is = |p: &[u8]| head.starts_with(p);
    if is(b"<!doctype") || is(b"<html") || is(b"<?xml") || is(b"<head") || is(b"<meta") {
        Some(FileKind::Html)
    } else if start.starts_with(b"PK\x03\x04") {
        Some(FileKind::Zip)
    } else if start.starts_with(b"\xD0\xCF\x11\xE0") {
        Some(FileKind::LegacyOffice)
    } else if start.starts_with(b"\x89PNG")
        || start.starts_with(b"\xFF\xD8\xFF")
        || start.starts_with(b"GIF8")
        || start.starts_with(b"II*\0")
        || start.starts_with(b"MM\0*")
    {
        Some(FileKind::Image)
    } else {
        None
    }
}

#[cfg(unix)]
fn signal(status: &ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(status)
}

#[cfg(not(unix))]
fn signal(_: &ExitStatus) -> Option<i32> {
    None
}

const ARGS: [&str; 8] = [
    "-layout", "-nodiag", "-enc", "UTF-8", "-eol", "unix", "-", "-",
];
/// The most of the tool's messages kept.
const MAX_STDERR: usize = 64 << 10;

struct Output {
    status: ExitStatus,
    stdout: Vec<u8>,
    overflow: bool,
    stderr: String,
}

enum RunError {
    Spawn(std::io::Error),
    Timeout,
}

enum Stream {
    Out(Vec<u8>, bool),
    Err(Vec<u8>),
}

/// Runs the tool on `bytes`, within the time limit. The pipes are served by threads of their
/// own (no deadlock whatever the tool writes first); after a kill they are left to end by
/// themselves rather than waited for.
fn run(bytes: &[u8], options: &Options) -> Result<Output, RunError> {
    let deadline = Instant::now() + options.timeout;
    let mut child = Command::new(&options.program)
        .args(ARGS)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(RunError::Spawn)?;
    let (tx, rx) = mpsc::channel();
    if let Some(mut stdin) = child.stdin.take() {
        let input = bytes.to_vec();
        // A tool that exits without reading it all closes the pipe: the error is expected.
        thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
    }
    let mut pending = 0;
    if let Some(stdout) = child.stdout.take() {
        let tx = tx.clone();
        let cap = options.max_output;
        pending += 1;
        thread::spawn(move || {
            let (buf, overflow) = read_capped(stdout, cap);
            let _ = tx.send(Stream::Out(buf, overflow));
        });
    }
    if let Some(stderr) = child.stderr.take() {
        let tx = tx.clone();
        pending += 1;
        thread::spawn(move || {
            let (buf, _) = read_capped(stderr, MAX_STDERR);
            let _ = tx.send(Stream::Err(buf));
        });
    }
    drop(tx);
    let (mut stdout, mut overflow, mut stderr) = (Vec::new(), false, Vec::new());
    while pending > 0 {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Stream::Out(buf, over)) => {
                stdout = buf;
                overflow = over;
                pending -= 1;
            }
            Ok(Stream::Err(buf)) => {
                stderr = buf;
                pending -= 1;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => return Err(kill(child)),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    // Both pipes are closed: the tool has exited, or is about to.
    let mut pause = Duration::from_micros(200);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => return Err(kill(child)),
            Ok(None) => {
                thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            Err(e) => {
                let _ = kill(child);
                return Err(RunError::Spawn(e));
            }
        }
    };
    Ok(Output {
        status,
        stdout,
        overflow,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    })
}

fn kill(mut child: std::process::Child) -> RunError {
    let _ = child.kill();
    let _ = child.wait();
    RunError::Timeout
}

/// Reads `r` to its end, keeping at most `cap` bytes; `true` when there was more.
fn read_capped(mut r: impl Read, cap: usize) -> (Vec<u8>, bool) {
    let mut kept = Vec::new();
    let mut overflow = false;
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        match r.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                let room = cap.saturating_sub(kept.len());
                if n > room {
                    overflow = true;
                }
                kept.extend_from_slice(&chunk[..n.min(room)]);
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    (kept, overflow)
}

/// The tool's text as pages of cleaned lines (see the module documentation).
fn clean(raw: &str) -> Vec<Vec<String>> {
    let raw = raw.replace("\r\n", "\n").replace('\r', "\n");
    // pdftotext ends every page with a form feed.
    let mut pieces: Vec<&str> = raw.split('\x0c').collect();
    if pieces.last().is_some_and(|p| p.trim().is_empty()) {
        pieces.pop();
    }
    let mut pages: Vec<Vec<String>> = pieces.into_iter().map(clean_page).collect();
    remove_page_numbers(&mut pages);
    pages
}

fn clean_page(page: &str) -> Vec<String> {
    let mut lines: Vec<String> = page
        .split('\n')
        .map(|line| {
            line.chars()
                .filter(|&c| c == '\t' || !c.is_control())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect();
    trim_blank_lines(&mut lines);
    lines
}

fn trim_blank_lines(lines: &mut Vec<String>) {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let lead = lines.iter().take_while(|l| l.trim().is_empty()).count();
    lines.drain(..lead);
}

/// Removes the page-number lines, when sure (module documentation).
fn remove_page_numbers(pages: &mut [Vec<String>]) {
    let count = pages.len();
    for footer in [true, false] {
        let found: Vec<(usize, i64)> = pages
            .iter()
            .enumerate()
            .filter_map(|(i, lines)| {
                let line = if footer { lines.last() } else { lines.first() }?;
                page_number(line, count).map(|n| (i, n - i as i64))
            })
            .collect();
        let in_step = found.windows(2).all(|w| w[0].1 == w[1].1);
        if found.len() < 2 || !in_step {
            continue;
        }
        for &(i, _) in &found {
            let lines = &mut pages[i];
            if footer {
                lines.pop();
            } else {
                lines.remove(0);
            }
            trim_blank_lines(lines);
        }
    }
}

/// The number of a page-number line: `-3-`, `- 3 -`, `第3页`, `第 3 页 共 5 页`, `3/5`.
fn page_number(line: &str, page_count: usize) -> Option<i64> {
    static DASHED: OnceLock<Regex> = OnceLock::new();
    static WRITTEN: OnceLock<Regex> = OnceLock::new();
    static OF: OnceLock<Regex> = OnceLock::new();
    let line = line.trim();
    let dashed = DASHED
        .get_or_init(|| Regex::new(r"^[-－—–―‒]\s*(\d{1,4})\s*[-－—–―‒]$").expect("valid regex"));
    let written = WRITTEN.get_or_init(|| {
        Regex::new(r"^第\s*(\d{1,4})\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?$")
            .expect("valid regex")
    });
    let of = OF.get_or_init(|| Regex::new(r"^(\d{1,4})\s*/\s*(\d{1,4})$").expect("valid regex"));
    if let Some(c) = dashed.captures(line).or_else(|| written.captures(line)) {
        return c[1].parse().ok();
    }
    let c = of.captures(line)?;
    let total: usize = c[2].parse().ok()?;
    (total == page_count).then(|| c[1].parse().ok())?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(raw: &str) -> Vec<Vec<String>> {
        clean(raw)
    }

    #[test]
    fn page_numbers_in_step_are_removed() {
        let raw = "a\n\n   -1-\n\x0cb\r\n- 2 -\n\x0c  c  \n\n—3—\n\x0c";
        assert_eq!(pages(raw), vec![vec!["a"], vec!["b"], vec!["  c"]]);
    }

    #[test]
    fn written_and_fraction_page_numbers() {
        let raw = "第 1 页 共 2 页\na\x0c第2页，共2页\nb\x0c";
        assert_eq!(pages(raw), vec![vec!["a"], vec!["b"]]);
        let raw = "a\n1/2\x0cb\n2/2\x0c";
        assert_eq!(pages(raw), vec![vec!["a"], vec!["b"]]);
        // 3 pages but "/2": not page numbers
        let raw = "a\n1/2\x0cb\n2/2\x0cc\x0c";
        assert_eq!(pages(raw)[0], vec!["a", "1/2"]);
    }

    #[test]
    fn page_numbers_only_when_sure() {
        // one page only: kept
        assert_eq!(pages("a\n-1-\n\x0c"), vec![vec!["a", "-1-"]]);
        // out of step: kept
        let raw = "a\n-1-\x0cb\n-5-\x0c";
        assert_eq!(pages(raw), vec![vec!["a", "-1-"], vec!["b", "-5-"]]);
        // bare numbers: values, kept
        let raw = "a\n1\x0cb\n2\x0c";
        assert_eq!(pages(raw), vec![vec!["a", "1"], vec!["b", "2"]]);
        // numbering that starts on the second page (a cover), one page without
        let raw = "cover\x0ca\n-1-\x0cb\n-2-\x0cc\x0c";
        assert_eq!(
            pages(raw),
            vec![vec!["cover"], vec!["a"], vec!["b"], vec!["c"]]
        );
    }

    #[test]
    fn control_characters_go_tabs_stay() {
        assert_eq!(pages("a\0b\tc \x0c"), vec![vec!["ab\tc"]]);
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"\xEF\xBB\xBF <!DOCTYPE html>"), Some(FileKind::Html));
        assert_eq!(sniff(b"PK\x03\x04...."), Some(FileKind::Zip));
        assert_eq!(sniff(b"\x89PNG\r\n"), Some(FileKind::Image));
        assert_eq!(sniff(b"hello"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn seconds_are_short() {
        assert_eq!(seconds(Duration::from_secs(30)), "30");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5");
    }
}
