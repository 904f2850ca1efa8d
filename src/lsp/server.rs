//! The `LanguageServer` implementation (tower-lsp-server 0.23): glue between the LSP protocol
//! and the core. No rule logic lives here.
//!
//! Concurrency model (see the LSP prototype's REPORT.md for the library source references):
//! * tower-lsp-server runs up to 4 handler futures at once, notifications included. Handler
//!   bodies start in message order, but anything after the first `.await` may interleave with
//!   later messages.
//! * Therefore every document mutation happens synchronously at the top of the handler, under a
//!   `std::sync::Mutex`, before any `.await`. The guard is never held across an `.await` (the
//!   trait demands `Send` futures, so the compiler rejects that anyway).
//! * Analysis runs in a spawned task on a rope snapshot (`spawn_blocking` for the CPU work), so
//!   notification handlers return at once. No debounce: every change is analysed unless a newer
//!   one superseded it before the analysis started. For large documents analyses of one
//!   document run one at a time, and a queued one whose text is already stale is skipped, so a
//!   burst of edits costs one or two analyses.
//! * Publishing is serialised by an async mutex and gated on the document's epoch: a result
//!   whose epoch is no longer current (the doc changed, was closed, or the config changed) is
//!   dropped, and since check and send happen under the same lock, an older result can never be
//!   sent after a newer one.
//! * One analysis per version ([`Analysed`]): the published one is kept on the document and
//!   every request about that version reads it — code actions, their resolution, fix-all,
//!   hover, inlay hints, symbols, folding, completion, formatting. A request that arrives
//!   before its version's analysis waits for it (at most [`WAIT_FOR_ANALYSIS`], then makes
//!   it itself). The configuration is resolved once per analysis, not per request.
//! * Light diagnostics: a published diagnostic names its finding in the analysis (epoch and
//!   index) instead of carrying its fixes; the code action converts the fix it offers, at
//!   `codeAction/resolve` when the client supports it, else when the actions are asked for.
//! * The workspace's reports are a set ([`super::workspace`]): each report is also compared
//!   with the same issuer's previous year, an open document's current analysis or, when it
//!   is not open, its file's digest read in the background. An analysis records the
//!   candidates it was compared with (their revisions); it is published only if they are
//!   still those (else it is made again), and a new revision of a member (an analysis of
//!   another text or with other facts, a file read again, added, removed, closed) analyses
//!   again the open reports whose candidates changed — only those, and what they publish
//!   again only if their findings differ.
//! * Push or pull: a client that declares `textDocument.diagnostic` is offered pull
//!   diagnostics (`textDocument/diagnostic`, `workspace/diagnostic` for the reports not open
//!   too, with result ids); from its first pull it is not pushed to (what was pushed is
//!   withdrawn then, so nothing shows twice); it is asked to pull again
//!   (`workspace/diagnostic/refresh`) when a report it did not edit changed. Any other client
//!   gets `publishDiagnostics`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ropey::Rope;
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeActionResponse, ConfigurationItem,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentChanges, ExecuteCommandOptions, ExecuteCommandParams,
    FileSystemWatcher, GlobPattern, InitializeParams, InitializeResult, InitializedParams, LSPAny,
    MessageType, NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier, Range,
    Registration, ServerCapabilities, ServerInfo, TextDocumentEdit, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextEdit, Uri, WorkspaceEdit,
};
use tower_lsp_server::ls_types::{
    CompletionOptions, CompletionParams, CompletionResponse, DocumentFormattingParams,
    DocumentRangeFormattingParams, DocumentSymbolParams, DocumentSymbolResponse, FoldingRange,
    FoldingRangeParams, FoldingRangeProviderCapability, Hover, HoverParams,
    HoverProviderCapability, InlayHint, InlayHintParams,
};
use tower_lsp_server::ls_types::{
    DiagnosticOptions, DiagnosticServerCapabilities, DidChangeWorkspaceFoldersParams,
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FileChangeType, FullDocumentDiagnosticReport, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport,
    WorkspaceDiagnosticParams, WorkspaceDiagnosticReport, WorkspaceDiagnosticReportResult,
    WorkspaceDocumentDiagnosticReport, WorkspaceFoldersServerCapabilities,
    WorkspaceFullDocumentDiagnosticReport, WorkspaceServerCapabilities,
    WorkspaceUnchangedDocumentDiagnosticReport,
};
use tower_lsp_server::{Client, LanguageServer};

use super::analysis::{self, DiagnosticData, Stamp, SOURCE};
use super::document::Document;
use super::position::{char_to_position, encoding_kind, negotiate, text_range_to_range};
use super::settings::{self, ConfigFiles, CONFIG_FILE};
use super::state::Analysed;
use super::workspace::{self, DiskRead, SetRef, Workspace};
use crate::check::{self, Applicability, Facts};
use crate::incremental::{Change, IncrementalCheck};
use crate::set::ReportKey;
use crate::text::PositionEncoding;

mod actions;
mod handlers;
mod scheduling;
mod set;

use handlers::uri_arg;

use set::{set_ref, FileReport};

/// Command: apply every safe fix of a document (argument: the document URI).
pub const CMD_FIX_ALL: &str = "nianbao.fixAll";
/// Command: insert a blank report in the template in force for a year (arguments: URI, year).
pub const CMD_INSERT_SKELETON: &str = "nianbao.insertSkeleton";
/// Configuration section pulled with `workspace/configuration`.
pub const CONFIG_SECTION: &str = "nianbao";
/// Code action kind of "fix all safe fixes".
pub const FIX_ALL_KIND: &str = "source.fixAll.nianbao";
/// Documents larger than this (bytes) are analysed one version at a time, skipping versions
/// that were superseded while waiting.
pub const LARGE_DOCUMENT: usize = 1 << 20;
/// How long a request waits for the analysis of its document's current version before it
/// makes that analysis itself.
pub const WAIT_FOR_ANALYSIS: std::time::Duration = std::time::Duration::from_secs(2);
/// How long `workspace/diagnostic` waits for the workspace's reports to be read before it
/// answers with those read so far.
pub const WAIT_FOR_SCAN: std::time::Duration = std::time::Duration::from_secs(10);
/// `Diagnostic` provider id (pull diagnostics).
pub const DIAGNOSTIC_ID: &str = "nianbao";

/// Called with the document and the version an analysis is for.
pub type AnalysisHook = Arc<dyn Fn(&Uri, i32) + Send + Sync>;

/// Observation points around each analysis, for tests that must order an analysis against
/// the messages that arrive while it runs (the server itself sets none).
#[derive(Clone, Default)]
pub struct Hooks {
    /// On the analysis thread, before the analysis starts (it may block there).
    pub before_analysis: Option<AnalysisHook>,
    /// After an analysis ran, once its result was kept and published, or dropped as stale
    /// (not for an analysis skipped because a newer text arrived before it started).
    pub after_analysis: Option<AnalysisHook>,
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks")
            .field("before_analysis", &self.before_analysis.is_some())
            .field("after_analysis", &self.after_analysis.is_some())
            .finish()
    }
}

#[derive(Debug, Default)]
struct ClientFlags {
    configuration_pull: bool,
    dynamic_did_change_configuration: bool,
    dynamic_watched_files: bool,
    document_changes: bool,
    /// The client resolves a code action's `edit` (`codeAction/resolve`) and keeps its `data`.
    resolve_edits: bool,
    /// The client can pull diagnostics (it declares `textDocument.diagnostic`): the server
    /// offers them.
    pull_capable: bool,
    /// The client has pulled diagnostics: nothing is pushed to it any more. (A client may
    /// declare the capability and never ask, or ask only for some documents: pushing stops
    /// at its first pull, not at its declaration, so such a client still sees findings.)
    pull_diagnostics: bool,
    /// The client takes `workspace/diagnostic/refresh`.
    diagnostic_refresh: bool,
}

#[derive(Debug, Default)]
struct State {
    docs: HashMap<Uri, Document>,
    enc: PositionEncoding,
    flags: ClientFlags,
    /// The editor's `nianbao` settings object (same keys as `nianbao.toml`).
    settings: Value,
    /// The workspace folders and the reports read from them.
    workspace: Workspace,
}

/// Everything an analysis needs, detached from the lock.
#[derive(Clone)]
struct Snapshot {
    uri: Uri,
    rope: Rope,
    version: i32,
    epoch: u64,
    /// The document's [`Document::opened`].
    generation: u64,
    enc: PositionEncoding,
    settings: Value,
    language_id: String,
    /// The last incremental check and the change since (see [`Document::check_base`]).
    base: Option<(Arc<IncrementalCheck>, Change)>,
    /// The document's file ([`Document::path`]).
    path: Option<PathBuf>,
    /// [`Document::text_epoch`].
    text_epoch: u64,
    /// Analysed again because a report it is compared with changed (its text did not).
    refresh: bool,
}

/// The result of analysing a snapshot.
struct Outcome {
    analysed: Arc<Analysed>,
    lsp: Vec<tower_lsp_server::ls_types::Diagnostic>,
    /// Problems in a `nianbao.toml` read for this analysis.
    config_errors: Vec<String>,
}

/// `CodeAction.data` of an action whose edit is resolved later: the document, the analysis
/// (its epoch) and the finding's fix (`index`, `fix`), or fix-all.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct ActionData {
    uri: String,
    epoch: u64,
    #[serde(default)]
    index: usize,
    #[serde(default)]
    fix: usize,
    #[serde(default)]
    fix_all: bool,
}

struct Inner {
    client: Client,
    state: Mutex<State>,
    /// Serialises "is this still current? then send" for publishDiagnostics.
    publish_lock: tokio::sync::Mutex<()>,
    next_epoch: AtomicU64,
    shutdown_requested: Arc<AtomicBool>,
    config_files: ConfigFiles,
    /// One analysis at a time per large document.
    slots: Mutex<HashMap<Uri, Arc<tokio::sync::Mutex<()>>>>,
    /// Woken whenever an analysis is kept (requests waiting for their version's).
    analysed: tokio::sync::Notify,
    hooks: Hooks,
    /// Revisions of the set's members and stamps of disk reads.
    next_rev: AtomicU64,
    /// Files read from disk at once.
    disk_reads: Arc<tokio::sync::Semaphore>,
    /// Folder scans under way, and their end.
    scans: AtomicUsize,
    scanned: tokio::sync::Notify,
    /// A `workspace/diagnostic/refresh` is about to be sent.
    refresh_pending: AtomicBool,
    /// Changed with the configuration: what was checked before is of another one.
    config_stamp: AtomicU64,
    /// The last pulled diagnostics of each report file that is not open.
    file_reports: Mutex<HashMap<PathBuf, Arc<FileReport>>>,
}

/// The language server backend. Cheap to clone (an `Arc`).
#[derive(Clone)]
pub struct Backend {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backend").finish_non_exhaustive()
    }
}

impl Backend {
    /// Creates the backend;
    /// `shutdown_requested` is set when `shutdown` arrives (for the process exit code).
    #[must_use]
    pub fn new(client: Client, shutdown_requested: Arc<AtomicBool>) -> Self {
        Self::with_hooks(client, shutdown_requested, Hooks::default())
    }

    /// [`Backend::new`] with [`Hooks`] around each analysis.
    #[must_use]
    pub fn with_hooks(client: Client, shutdown_requested: Arc<AtomicBool>, hooks: Hooks) -> Self {
        Self {
            inner: Arc::new(Inner {
                client,
                state: Mutex::new(State {
                    settings: json!({}),
                    ..State::default()
                }),
                publish_lock: tokio::sync::Mutex::new(()),
                next_epoch: AtomicU64::new(1),
                shutdown_requested,
                config_files: ConfigFiles::default(),
                slots: Mutex::new(HashMap::new()),
                analysed: tokio::sync::Notify::new(),
                hooks,
                next_rev: AtomicU64::new(1),
                disk_reads: Arc::new(tokio::sync::Semaphore::new(
                    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4)),
                )),
                scans: AtomicUsize::new(0),
                scanned: tokio::sync::Notify::new(),
                refresh_pending: AtomicBool::new(false),
                config_stamp: AtomicU64::new(0),
                file_reports: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Custom request `nianbao/documentText` `{uri}` -> `{version, text}`: the server's copy of
    /// a document (a test and debugging aid).
    pub async fn document_text(&self, params: Value) -> Result<Value> {
        let uri = uri_arg(&params)?;
        let st = self.inner.lock();
        let doc = st
            .docs
            .get(&uri)
            .ok_or_else(|| Error::invalid_params("document not open"))?;
        Ok(json!({ "version": doc.version, "text": doc.rope.to_string() }))
    }

    /// Custom request `nianbao/workspaceReports` -> `[{uri, issuer, year, report}]`: the
    /// workspace's report files as the set knows them, once the folders have been read (at
    /// most [`WAIT_FOR_SCAN`]); open documents as analysed (a test and debugging aid).
    pub async fn workspace_reports(&self, _: Value) -> Result<Value> {
        self.inner.wait_for_scans().await;
        let st = self.inner.lock();
        let mut out: Vec<Value> = st
            .workspace
            .files
            .values()
            .map(|e| {
                let read = e.read.as_ref();
                let key = read.and_then(DiskRead::key);
                json!({
                    "uri": e.uri.as_str(),
                    "open": false,
                    "report": read.is_some_and(|r| r.report),
                    "issuer": key.map(|k| k.issuer.clone()),
                    "year": key.map(|k| k.year),
                })
            })
            .collect();
        for (uri, d) in &st.docs {
            let a = d.analysed.as_ref();
            let key = a.and_then(|a| a.key.as_ref());
            out.push(json!({
                "uri": uri.as_str(),
                "open": true,
                "report": a.is_some_and(|a| a.is_report),
                "issuer": key.map(|k| k.issuer.clone()),
                "year": key.map(|k| k.year),
            }));
        }
        out.sort_by(|a, b| {
            (a["uri"].as_str(), a["open"].as_bool()).cmp(&(b["uri"].as_str(), b["open"].as_bool()))
        });
        Ok(Value::Array(out))
    }

    /// Custom request `nianbao/debugSleep` `{ms}` (at most 10 s): an in-flight request to
    /// exercise `$/cancelRequest` with.
    pub async fn debug_sleep(&self, params: Value) -> Result<Value> {
        let ms = params
            .get("ms")
            .and_then(Value::as_u64)
            .unwrap_or(0)
            .min(10_000);
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        Ok(json!(ms))
    }
}
