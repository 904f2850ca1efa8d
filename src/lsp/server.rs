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

mod set;

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

/// A document URI given as `"uri"`, `{ "uri": "…" }` or `{ "textDocument": { "uri": "…" } }`.
fn uri_arg(v: &Value) -> Result<Uri> {
    let s = v
        .get("textDocument")
        .and_then(|t| t.get("uri"))
        .or_else(|| v.get("uri"))
        .or(Some(v))
        .and_then(Value::as_str)
        .ok_or_else(|| Error::invalid_params("expected a document uri"))?;
    s.parse()
        .map_err(|e| Error::invalid_params(format!("bad uri: {e}")))
}

fn kind_wanted(kind: &str, only: Option<&[CodeActionKind]>) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            let o = o.as_str();
            kind == o
                || kind
                    .strip_prefix(o)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

fn code_str(d: &tower_lsp_server::ls_types::Diagnostic) -> String {
    match &d.code {
        Some(NumberOrString::String(s)) => s.clone(),
        Some(NumberOrString::Number(n)) => n.to_string(),
        None => String::new(),
    }
}

fn range_key(r: &Range) -> (u32, u32, u32, u32) {
    (r.start.line, r.start.character, r.end.line, r.end.character)
}

impl Inner {
    /// Never panics on a poisoned lock: the state is plain data, still usable.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn bump_epoch(&self) -> u64 {
        self.next_epoch.fetch_add(1, Ordering::Relaxed)
    }

    fn snapshot(st: &State, uri: &Uri) -> Option<Snapshot> {
        st.docs.get(uri).map(|d| Snapshot {
            uri: uri.clone(),
            rope: d.rope.clone(),
            version: d.version,
            epoch: d.epoch,
            generation: d.opened,
            enc: st.enc,
            settings: st.settings.clone(),
            language_id: d.language_id.clone(),
            base: d.check_base(),
            path: d.path.clone(),
            text_epoch: d.text_epoch,
            refresh: false,
        })
    }

    fn is_current(&self, uri: &Uri, epoch: u64) -> bool {
        self.lock().docs.get(uri).is_some_and(|d| d.epoch == epoch)
    }

    fn slot(&self, uri: &Uri) -> Arc<tokio::sync::Mutex<()>> {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(slots.entry(uri.clone()).or_default())
    }

    /// Analyses a snapshot (CPU work: call from a blocking thread). Documents that are not
    /// plain text or Markdown, and texts that do not look like a report, get no findings.
    fn compute(&self, snap: &Snapshot) -> Outcome {
        if let Some(hook) = &self.hooks.before_analysis {
            hook(&snap.uri, snap.version);
        }
        let mut config_errors = Vec::new();
        let report_language = analysis::is_report_language(&snap.language_id);
        let config = if report_language {
            let (config, fresh_file) =
                settings::resolve(&snap.uri, &snap.settings, &self.config_files);
            if let Some(file) = fresh_file {
                config_errors.clone_from(&file.errors);
            }
            config
        } else {
            check::Config::default()
        };
        let (mut findings, mut check, mut model, mut is_report) = (Vec::new(), None, None, false);
        // What the set needs of it, and what it was compared with.
        let (mut key, mut facts, mut compared) = (None, None, SetRef::default());
        let fallback = || snap.path.as_deref().and_then(crate::set::name_key);
        if !report_language {
        } else if let Some((format, whole)) =
            analysis::markup_reading(&snap.language_id, &snap.rope)
        {
            // A page is read whole on every change (its reading is written anew); its findings
            // and facts are put on its source, as `nianbao check` does.
            let doc = crate::read::read_text(&whole, format);
            let (analysis, mut all) = check::analyze_and_check(&doc.text, &config);
            if analysis.report.looks_like_report() || config.force {
                let reading = Facts::of(&doc.text, &analysis);
                key = crate::set::key_of(&analysis, &config, fallback);
                let previous;
                (compared, previous) = self.previous_for(snap, key.as_ref());
                if let Some(previous) = previous {
                    let year = config
                        .year
                        .or(analysis.report.year.as_ref().map(|y| y.value));
                    all.extend(crate::set::check_years_of(
                        &reading,
                        year,
                        analysis.report.template,
                        &config,
                        &previous.previous,
                    ));
                    check::sort(&mut all);
                }
                let all = check::on_source(&doc, all);
                findings = check::suppress::apply_to_document(&doc, all, &config).diagnostics;
                facts = Some(Arc::new(crate::set::facts_on_source(&doc, reading)));
                is_report = true;
            }
        } else {
            let (checked, whole) = match &snap.base {
                Some((base, change)) => base.update_with_model(&snap.rope, *change, &config),
                None => {
                    let (checked, whole) = IncrementalCheck::new_with_model(&snap.rope, &config);
                    (checked, Some(whole))
                }
            };
            is_report = checked.looks_like_report() || config.force;
            if is_report {
                let mut all = checked.diagnostics();
                key = crate::set::key_from(checked.year(), checked.issuer(), &config, fallback);
                let joined = checked.facts();
                let previous;
                (compared, previous) = self.previous_for(snap, key.as_ref());
                if let Some(previous) = previous {
                    all.extend(crate::set::check_years_of(
                        &joined,
                        checked.year(),
                        checked.template(),
                        &config,
                        &previous.previous,
                    ));
                    check::sort(&mut all);
                }
                // Suppression comments, on the document's own text (text and Markdown here).
                findings =
                    check::suppress::apply(&snap.rope, checked.markers(), false, all, &config)
                        .diagnostics;
                facts = Some(joined);
            }
            // A document checked region by region answers its features from the regions'
            // models: the whole one is not kept twice.
            model = whole.filter(|_| !checked.is_regional());
            check = Some(Arc::new(checked));
        }
        let mut analysed = Analysed::new(
            snap.uri.clone(),
            (snap.epoch, snap.version, snap.generation),
            snap.rope.clone(),
            snap.enc,
            snap.language_id.clone(),
            Arc::new(config),
            findings,
            check,
            is_report,
            model,
        );
        analysed.text_epoch = snap.text_epoch;
        analysed.key = key;
        analysed.facts = facts;
        analysed.compared = compared;
        let analysed = Arc::new(analysed);
        let stamp = Stamp {
            version: snap.version,
            generation: snap.generation,
            epoch: snap.epoch,
        };
        // A client that pulls converts them when it asks.
        let lsp = if self.lock().flags.pull_diagnostics {
            Vec::new()
        } else {
            analysis::to_lsp_diagnostics(&analysed.findings, &snap.rope, snap.enc, &snap.uri, stamp)
        };
        Outcome {
            analysed,
            lsp,
            config_errors,
        }
    }

    /// Runs [`Inner::compute`] on a blocking thread. A panic in the core is contained: it is
    /// logged and the caller gets `None`.
    async fn compute_blocking(self: &Arc<Self>, snap: &Snapshot) -> Option<Outcome> {
        let this = Arc::clone(self);
        let snap = snap.clone();
        match tokio::task::spawn_blocking(move || this.compute(&snap)).await {
            Ok(outcome) => Some(outcome),
            Err(e) => {
                self.client
                    .log_message(MessageType::ERROR, format!("nianbao: analysis failed: {e}"))
                    .await;
                None
            }
        }
    }

    /// Analyses `snap` and publishes the result unless it has gone stale meanwhile.
    async fn analyze_and_publish(self: Arc<Self>, snap: Snapshot) {
        // A burst of edits spawns many tasks; skip those already superseded.
        if !self.is_current(&snap.uri, snap.epoch) {
            return;
        }
        let slot = (snap.rope.len_bytes() > LARGE_DOCUMENT).then(|| self.slot(&snap.uri));
        let _guard = match &slot {
            Some(slot) => {
                let guard = slot.lock().await;
                // Coalesce: a newer version arrived while an older one was being analysed.
                if !self.is_current(&snap.uri, snap.epoch) {
                    return;
                }
                Some(guard)
            }
            None => None,
        };
        if let Some(outcome) = self.compute_blocking(&snap).await {
            for e in &outcome.config_errors {
                self.client
                    .log_message(MessageType::WARNING, format!("{CONFIG_FILE}: {e}"))
                    .await;
            }
            self.publish_if_current(&snap, outcome).await;
        }
        if let Some(hook) = &self.hooks.after_analysis {
            hook(&snap.uri, snap.version);
        }
    }

    /// Keeps and publishes an analysis unless it has gone stale: its document changed, or a
    /// report it is compared with did (then it is made again). A kept analysis whose key or
    /// facts differ from the one before, or of another text, is a new revision of the set's
    /// member: the open reports compared with it are analysed again.
    /// The client pulls from now on: what was pushed to it is withdrawn (it would be shown
    /// twice, beside what it pulls), and nothing more is pushed.
    async fn start_pulling(&self) {
        let _serial = self.publish_lock.lock().await;
        let pushed: Vec<Uri> = {
            let mut st = self.lock();
            if st.flags.pull_diagnostics {
                return;
            }
            st.flags.pull_diagnostics = true;
            st.docs
                .iter()
                .filter(|(_, d)| d.published.is_some())
                .map(|(u, _)| u.clone())
                .collect()
        };
        for uri in pushed {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn publish_if_current(self: &Arc<Self>, snap: &Snapshot, outcome: Outcome) {
        let _serial = self.publish_lock.lock().await;
        let mut again: Option<Snapshot> = None;
        let mut stale = false;
        let mut changed: Vec<ReportKey> = Vec::new();
        let (mut publish, mut refresh) = (false, false);
        {
            let mut st = self.lock();
            let new = &outcome.analysed;
            // Compared with the set as it is now?
            let fresh = new.key.as_ref().is_none_or(|k| {
                let now = Self::candidates(&st, &k.previous(), &snap.uri, snap.path.as_deref());
                set_ref(&now) == new.compared
            });
            let pull = st.flags.pull_diagnostics;
            if let Some(doc) = st.docs.get_mut(&snap.uri) {
                // Even a stale result is a closer base for the next incremental check.
                if let Some(check) = &new.check {
                    doc.keep_check(snap.epoch, Arc::clone(check));
                }
                if doc.epoch == snap.epoch && !fresh {
                    doc.epoch = self.bump_epoch();
                    stale = true;
                } else if doc.epoch == snap.epoch {
                    changed = self.keep_analysed(doc, new);
                    // Analysed again for the set's sake, with the findings last published for
                    // this version: nothing to say.
                    let same = snap.refresh
                        && doc
                            .published
                            .as_ref()
                            .is_some_and(|(v, f)| *v == new.version && **f == *new.findings);
                    publish = !pull && !same;
                    refresh = pull && snap.refresh && !same;
                    if publish || refresh {
                        doc.published = Some((new.version, Arc::clone(&new.findings)));
                    }
                }
            }
            if stale {
                again = Self::snapshot(&st, &snap.uri).map(|mut s| {
                    s.refresh = true;
                    s
                });
            }
        }
        self.analysed.notify_waiters();
        if publish {
            self.client
                .publish_diagnostics(snap.uri.clone(), outcome.lsp, Some(snap.version))
                .await;
        }
        if let Some(s) = again {
            self.spawn_analysis(s);
        }
        if !changed.is_empty() {
            self.refresh_dependents(&changed, Some(&snap.uri));
        }
        if refresh {
            self.request_diagnostic_refresh();
        }
    }

    fn spawn_analysis(self: &Arc<Self>, snap: Snapshot) {
        tokio::spawn(Arc::clone(self).analyze_and_publish(snap));
    }

    /// Bumps every open doc's epoch (so in-flight results with the old config are dropped) and
    /// re-analyses them all.
    fn reanalyze_all(self: &Arc<Self>) {
        let snaps: Vec<Snapshot> = {
            let mut st = self.lock();
            let uris: Vec<Uri> = st.docs.keys().cloned().collect();
            for uri in &uris {
                let epoch = self.bump_epoch();
                if let Some(d) = st.docs.get_mut(uri) {
                    d.epoch = epoch;
                }
            }
            uris.iter().filter_map(|u| Self::snapshot(&st, u)).collect()
        };
        for s in snaps {
            self.spawn_analysis(s);
        }
    }

    /// Pulls the `nianbao` settings via `workspace/configuration`.
    async fn pull_settings(&self) -> Option<Value> {
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some(CONFIG_SECTION.to_string()),
        }];
        match self.client.configuration(items).await {
            Ok(values) => Some(match values.into_iter().next() {
                Some(v) if v.is_object() => v,
                _ => json!({}),
            }),
            Err(e) => {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!("workspace/configuration failed: {e}"),
                    )
                    .await;
                None
            }
        }
    }

    async fn update_settings(self: &Arc<Self>, pushed: Option<&Value>) {
        let pull = self.lock().flags.configuration_pull;
        let settings = if pull {
            self.pull_settings().await
        } else {
            pushed.map(settings::settings_section)
        };
        let Some(settings) = settings else {
            return;
        };
        for e in settings::settings_errors(&settings) {
            self.client.log_message(MessageType::WARNING, e).await;
        }
        let changed = {
            let mut st = self.lock();
            let changed = st.settings != settings;
            st.settings = settings;
            changed
        };
        if changed {
            self.config_files.clear();
            self.reanalyze_all();
            // A file's key may follow the configuration (`issuer`, `year`).
            self.rescan();
        }
    }

    /// The analysis of a document's current text: the one kept, else the one under way
    /// (waited for, at most [`WAIT_FOR_ANALYSIS`]), else one made here and kept. `None` when
    /// the document is not open (or the analysis panicked).
    async fn current_state(self: &Arc<Self>, uri: &Uri) -> Option<Arc<Analysed>> {
        let deadline = tokio::time::Instant::now() + WAIT_FOR_ANALYSIS;
        loop {
            let notified = self.analysed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(current) = self.lock().docs.get(uri)?.current() {
                return Some(current);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                break;
            }
        }
        let snap = {
            let st = self.lock();
            Self::snapshot(&st, uri)?
        };
        let outcome = self.compute_blocking(&snap).await?;
        let changed = match self.lock().docs.get_mut(uri) {
            Some(doc) if doc.epoch == snap.epoch => self.keep_analysed(doc, &outcome.analysed),
            _ => Vec::new(),
        };
        self.refresh_dependents(&changed, Some(uri));
        Some(outcome.analysed)
    }

    /// "Fix all safe fixes" to a fixpoint ([`check::fix::fix_all`], as `nianbao fix` does),
    /// as LSP edits over the analysed text, and the number of fixes applied. Runs on a
    /// blocking thread (each round checks the text again).
    async fn fix_all_edits(&self, state: &Arc<Analysed>) -> (Vec<TextEdit>, usize) {
        if check::fix::fix_all_edits(&state.findings, Applicability::Safe).is_empty() {
            return (Vec::new(), 0);
        }
        let state = Arc::clone(state);
        tokio::task::spawn_blocking(move || {
            let text = state.text();
            let config = &*state.config;
            let findings = state.findings.to_vec();
            let fixed = if let Some(format) = analysis::markup_format(&state.language_id, text) {
                let recheck = |t: &str| check::check_source(t, format, config).1;
                check::fix::fix_all_by(text, findings, Applicability::Safe, &recheck)
            } else {
                check::fix::fix_all(text, findings, config, Applicability::Safe)
            };
            let edits = check::fix::diff_edits(text, &fixed.text);
            (
                analysis::text_edits(&edits, &state.rope, state.enc),
                fixed.applied,
            )
        })
        .await
        .unwrap_or_default()
    }

    /// The analysis a code action's diagnostic was published from, if its text is still the
    /// document's, and the index of its finding there (looked up by code, message and range
    /// when the analysis was made again for the same text, after a configuration change).
    fn finding_of(
        &self,
        uri: &Uri,
        d: &tower_lsp_server::ls_types::Diagnostic,
    ) -> Option<(Arc<Analysed>, usize)> {
        let data = serde_json::from_value::<DiagnosticData>(d.data.clone()?).ok()?;
        let state = self.lock().docs.get(uri)?.current()?;
        // Fixes computed for another version of the text, or for the same version number of
        // an earlier open of the document, would edit the wrong place.
        if data.version != state.version || data.generation != state.generation {
            return None;
        }
        let code = code_str(d);
        let index = if data.epoch == state.epoch {
            Some(data.index).filter(|&i| state.findings.get(i).is_some_and(|f| f.code == code))
        } else {
            state.findings.iter().position(|f| {
                f.code == code
                    && f.message == d.message
                    && text_range_to_range(&state.rope, f.range, state.enc) == d.range
            })
        }?;
        Some((state, index))
    }

    /// The analysis an action's `data` names, if it is still the document's current one.
    fn state_of_action(&self, data: &ActionData) -> Option<Arc<Analysed>> {
        let uri: Uri = data.uri.parse().ok()?;
        self.lock()
            .docs
            .get(&uri)?
            .current()
            .filter(|s| s.epoch == data.epoch)
    }

    fn workspace_edit(&self, uri: &Uri, version: i32, edits: Vec<TextEdit>) -> WorkspaceEdit {
        if self.lock().flags.document_changes {
            // Versioned edit: the client rejects it if the document moved on meanwhile.
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: uri.clone(),
                        version: Some(version),
                    },
                    edits: edits.into_iter().map(OneOf::Left).collect(),
                }])),
                ..WorkspaceEdit::default()
            }
        } else {
            WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), edits)])),
                ..WorkspaceEdit::default()
            }
        }
    }

    async fn command_fix_all(self: &Arc<Self>, args: &[Value]) -> Result<Option<LSPAny>> {
        let uri = uri_arg(args.first().unwrap_or(&Value::Null))?;
        let Some(state) = self.current_state(&uri).await else {
            return Err(Error::invalid_params("document not open"));
        };
        let (edits, count) = self.fix_all_edits(&state).await;
        if edits.is_empty() {
            return Ok(Some(json!({ "applied": true, "count": 0 })));
        }
        let edit = self.workspace_edit(&uri, state.version, edits);
        let resp = self.client.apply_edit(edit).await?;
        Ok(Some(json!({ "applied": resp.applied, "count": count })))
    }

    async fn command_insert_skeleton(&self, args: &[Value]) -> Result<Option<LSPAny>> {
        let first = args.first().unwrap_or(&Value::Null);
        let uri = uri_arg(first)?;
        let year = first
            .get("year")
            .or_else(|| args.get(1))
            .and_then(Value::as_i64)
            .and_then(|y| i32::try_from(y).ok())
            .ok_or_else(|| Error::invalid_params("expected a report year"))?;
        let (version, at, prefix, format) = {
            let st = self.lock();
            let doc = st
                .docs
                .get(&uri)
                .ok_or_else(|| Error::invalid_params("document not open"))?;
            let markdown = doc.language_id.eq_ignore_ascii_case("markdown")
                || uri.as_str().ends_with(".md")
                || uri.as_str().ends_with(".markdown");
            let format = if markdown {
                crate::skeleton::Format::Markdown
            } else {
                crate::skeleton::Format::Text
            };
            let len = doc.rope.len_chars();
            let prefix = match (len, len.checked_sub(1).map(|i| doc.rope.char(i))) {
                (0, _) => "",
                (_, Some('\n')) => "\n",
                (_, Some('\r')) => "\r",
                _ => "\n\n",
            };
            (
                doc.version,
                char_to_position(&doc.rope, len, st.enc),
                prefix,
                format,
            )
        };
        let body = crate::skeleton::render(year, format)
            .ok_or_else(|| Error::invalid_params(format!("no template for the year {year}")))?;
        let edit = TextEdit::new(Range::new(at, at), format!("{prefix}{body}"));
        let edit = self.workspace_edit(&uri, version, vec![edit]);
        let resp = self.client.apply_edit(edit).await?;
        Ok(Some(json!({ "applied": resp.applied })))
    }
}

/// Drafting features: the analysis of the document's current version, shared with its
/// diagnostics, the feature run on a blocking thread. `None` (an empty answer) for a document
/// that is not open or not a report language, or when the feature panicked.
impl Inner {
    async fn feature<T: Send + 'static>(
        self: &Arc<Self>,
        uri: &Uri,
        run: impl FnOnce(&Analysed) -> T + Send + 'static,
    ) -> Option<T> {
        let state = self.current_state(uri).await?;
        // Editor features read the text itself: not an HTML page's markup.
        if !analysis::is_report_language(&state.language_id) || state.is_html() {
            return None;
        }
        tokio::task::spawn_blocking(move || run(&state)).await.ok()
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let enc = negotiate(&params.capabilities);
        {
            let mut st = self.inner.lock();
            st.enc = enc;
            let ws = params.capabilities.workspace.as_ref();
            st.flags = ClientFlags {
                configuration_pull: ws.and_then(|w| w.configuration).unwrap_or(false),
                dynamic_did_change_configuration: ws
                    .and_then(|w| w.did_change_configuration.as_ref())
                    .and_then(|d| d.dynamic_registration)
                    .unwrap_or(false),
                dynamic_watched_files: ws
                    .and_then(|w| w.did_change_watched_files.as_ref())
                    .and_then(|d| d.dynamic_registration)
                    .unwrap_or(false),
                document_changes: ws
                    .and_then(|w| w.workspace_edit.as_ref())
                    .and_then(|e| e.document_changes)
                    .unwrap_or(false),
                resolve_edits: params
                    .capabilities
                    .text_document
                    .as_ref()
                    .and_then(|t| t.code_action.as_ref())
                    .is_some_and(|c| {
                        c.data_support == Some(true)
                            && c.resolve_support
                                .as_ref()
                                .is_some_and(|r| r.properties.iter().any(|p| p == "edit"))
                    }),
                pull_capable: params
                    .capabilities
                    .text_document
                    .as_ref()
                    .is_some_and(|t| t.diagnostic.is_some()),
                pull_diagnostics: false,
                diagnostic_refresh: ws
                    .and_then(|w| w.diagnostics.as_ref())
                    .and_then(|d| d.refresh_support)
                    .unwrap_or(false),
            };
            // The workspace's folders: read once initialized.
            #[allow(deprecated)]
            let root = params
                .root_uri
                .as_ref()
                .and_then(workspace::file_path)
                .or_else(|| params.root_path.as_ref().map(PathBuf::from));
            let folders: Vec<PathBuf> = match &params.workspace_folders {
                Some(folders) => folders
                    .iter()
                    .filter_map(|f| workspace::file_path(&f.uri))
                    .collect(),
                None => root.into_iter().collect(),
            };
            st.workspace.add_folders(folders);
            if let Some(opts) = params.initialization_options.as_ref() {
                st.settings = settings::settings_section(opts);
            }
        }
        let pull = self.inner.lock().flags.pull_capable;
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                // Findings are pulled by the clients that can (and then never pushed to them).
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some(DIAGNOSTIC_ID.to_string()),
                        // A report is compared with last year's: editing that one changes
                        // this one's findings.
                        inter_file_dependencies: true,
                        workspace_diagnostics: true,
                        ..DiagnosticOptions::default()
                    })
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                position_encoding: Some(encoding_kind(enc)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::from(FIX_ALL_KIND.to_string()),
                        ]),
                        resolve_provider: Some(true),
                        ..CodeActionOptions::default()
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![CMD_FIX_ALL.to_string(), CMD_INSERT_SKELETON.to_string()],
                    ..ExecuteCommandOptions::default()
                }),
                // Drafting features (src/lsp/features.rs).
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["第".to_string(), "（".to_string()]),
                    ..CompletionOptions::default()
                }),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "nianbao".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // The workspace's reports are read in the background once the configuration is known
        // (a file's key may follow it); a request that waits for them waits from now on.
        self.inner.scans.fetch_add(1, Ordering::SeqCst);
        let (dynamic_config, dynamic_files) = {
            let st = self.inner.lock();
            (
                st.flags.dynamic_did_change_configuration,
                st.flags.dynamic_watched_files,
            )
        };
        let mut registrations = Vec::new();
        if dynamic_config {
            // Without this, pull-model clients (VS Code) never send didChangeConfiguration.
            registrations.push(Registration {
                id: "nianbao-config".to_string(),
                method: "workspace/didChangeConfiguration".to_string(),
                register_options: None,
            });
        }
        if dynamic_files {
            // The configuration files, and the reports (one pattern each: not every client
            // reads `{a,b}` in a glob).
            let watch = |glob: String| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob),
                kind: None,
            };
            let mut watchers = vec![watch(format!("**/{CONFIG_FILE}"))];
            watchers.extend(
                crate::cli::walk::REPORT_EXTENSIONS
                    .iter()
                    .map(|ext| watch(format!("**/*.{ext}"))),
            );
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            registrations.push(Registration {
                id: "nianbao-config-files".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            });
        }
        if !registrations.is_empty() {
            if let Err(e) = self.inner.client.register_capability(registrations).await {
                self.inner
                    .client
                    .log_message(
                        MessageType::WARNING,
                        format!("registerCapability failed: {e}"),
                    )
                    .await;
            }
        }
        self.inner.update_settings(None).await;
        let folders = self.inner.lock().workspace.folders.clone();
        self.inner.scan(folders);
        self.inner.scans.fetch_sub(1, Ordering::SeqCst);
        self.inner.scanned.notify_waiters();
    }

    async fn shutdown(&self) -> Result<()> {
        self.inner.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let td = params.text_document;
        let snap = {
            let mut st = self.inner.lock();
            let mut doc = Document::new(
                &td.text,
                td.version,
                self.inner.bump_epoch(),
                &td.language_id,
            );
            doc.path = workspace::file_path(&td.uri);
            st.docs.insert(td.uri.clone(), doc);
            Inner::snapshot(&st, &td.uri)
        };
        if let Some(s) = snap {
            self.inner.spawn_analysis(s);
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Synchronous, before any `.await`: see the module docs.
        let snap = {
            let mut st = self.inner.lock();
            let enc = st.enc;
            let epoch = self.inner.bump_epoch();
            match st.docs.get_mut(&params.text_document.uri) {
                Some(doc) => {
                    doc.apply_changes(&params.content_changes, enc, epoch);
                    doc.version = params.text_document.version;
                    Inner::snapshot(&st, &params.text_document.uri)
                }
                None => None,
            }
        };
        match snap {
            Some(s) => self.inner.spawn_analysis(s),
            None => {
                self.inner
                    .client
                    .log_message(
                        MessageType::WARNING,
                        "didChange for a document that is not open",
                    )
                    .await;
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let (closed, pull, reread) = {
            let mut st = self.inner.lock();
            let closed = st.docs.remove(&uri);
            // Its file takes its place in the set again: read as it is on disk now (the
            // editor may have saved it, or dropped its changes).
            let reread = closed
                .as_ref()
                .and_then(|d| d.path.clone())
                .filter(|p| st.workspace.contains(p) && workspace::is_report_file(p));
            (closed, st.flags.pull_diagnostics, reread)
        };
        self.inner
            .slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&uri);
        let key: Vec<ReportKey> = closed
            .as_ref()
            .and_then(|d| d.analysed.as_ref())
            .and_then(|a| a.key.clone())
            .into_iter()
            .collect();
        // The reports compared with it look again once its file is read (or at once).
        match reread {
            Some(path) => drop(self.inner.read_file(path, uri.clone(), key)),
            None => self.inner.refresh_dependents(&key, None),
        }
        if pull {
            return;
        }
        // Clear the client's diagnostics; under the publish lock so it orders after any
        // in-flight publish (which will now see the doc gone and skip).
        let _serial = self.inner.publish_lock.lock().await;
        if !self.inner.lock().docs.contains_key(&uri) {
            self.inner
                .client
                .publish_diagnostics(uri, Vec::new(), None)
                .await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.inner.update_settings(Some(&params.settings)).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let ours = params
            .changes
            .iter()
            .any(|c| c.uri.as_str().ends_with(CONFIG_FILE));
        if ours {
            self.inner.config_files.clear();
            self.inner.reanalyze_all();
            self.inner.rescan();
        }
        // Reports created, changed or deleted on disk.
        let (mut gone, mut deleted, mut reads) = (Vec::new(), Vec::new(), Vec::new());
        {
            let mut st = self.inner.lock();
            for change in &params.changes {
                let Some(path) = workspace::file_path(&change.uri) else {
                    continue;
                };
                if change.typ == FileChangeType::DELETED {
                    gone.extend(st.workspace.remove(&path));
                    deleted.push(path);
                } else if workspace::is_report_file(&path)
                    && (st.workspace.contains(&path) || st.workspace.files.contains_key(&path))
                {
                    reads.push((path, change.uri.clone()));
                }
            }
        }
        if !deleted.is_empty() {
            self.inner
                .file_reports
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .retain(|p, _| !deleted.iter().any(|d| p.starts_with(d)));
        }
        if !gone.is_empty() {
            self.inner.refresh_dependents(&gone, None);
            self.inner.request_diagnostic_refresh();
        }
        for (path, uri) in reads {
            drop(self.inner.read_file(path, uri, Vec::new()));
        }
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let (gone, added) = {
            let mut st = self.inner.lock();
            let mut gone = Vec::new();
            for f in &params.event.removed {
                if let Some(path) = workspace::file_path(&f.uri) {
                    gone.extend(st.workspace.remove_folder(&path));
                }
            }
            let added = st.workspace.add_folders(
                params
                    .event
                    .added
                    .iter()
                    .filter_map(|f| workspace::file_path(&f.uri)),
            );
            (gone, added)
        };
        if !gone.is_empty() {
            self.inner.refresh_dependents(&gone, None);
            self.inner.request_diagnostic_refresh();
        }
        self.inner.scan(added);
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        self.inner.start_pulling().await;
        let uri = params.text_document.uri;
        let full = |result_id: String, items| {
            DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
                RelatedFullDocumentDiagnosticReport {
                    related_documents: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: Some(result_id),
                        items,
                    },
                },
            ))
        };
        let unchanged = |result_id: String| {
            DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
                RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id,
                    },
                },
            ))
        };
        let open = self.inner.lock().docs.contains_key(&uri);
        if open {
            let Some(state) = self.inner.current_state(&uri).await else {
                return Ok(full(String::new(), Vec::new()));
            };
            let result_id = format!("doc-{}", state.epoch);
            if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
                return Ok(unchanged(result_id));
            }
            let items = self.inner.open_report(&state);
            return Ok(full(result_id, items));
        }
        // A report of the workspace that is not open.
        if let Some(path) = workspace::file_path(&uri) {
            if let Some(report) = self.inner.file_report(&path).await {
                if params.previous_result_id.as_deref() == Some(report.result_id.as_str()) {
                    return Ok(unchanged(report.result_id.clone()));
                }
                return Ok(full(report.result_id.clone(), report.items.clone()));
            }
        }
        Ok(full(String::new(), Vec::new()))
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        self.inner.start_pulling().await;
        self.inner.wait_for_scans().await;
        let previous: HashMap<String, String> = params
            .previous_result_ids
            .into_iter()
            .map(|p| (p.uri.to_string(), p.value))
            .collect();
        let (open, files): (Vec<Uri>, Vec<PathBuf>) = {
            let st = self.inner.lock();
            let open: Vec<Uri> = st
                .docs
                .iter()
                .filter(|(_, d)| analysis::is_report_language(&d.language_id))
                .map(|(u, _)| u.clone())
                .collect();
            let open_paths: Vec<&PathBuf> =
                st.docs.values().filter_map(|d| d.path.as_ref()).collect();
            let mut files: Vec<PathBuf> = st
                .workspace
                .files
                .keys()
                .filter(|p| !open_paths.contains(p))
                .cloned()
                .collect();
            files.sort();
            (open, files)
        };
        let report = |uri: Uri, version: Option<i64>, result_id: String, items| {
            if previous.get(uri.as_str()) == Some(&result_id) {
                WorkspaceDocumentDiagnosticReport::Unchanged(
                    WorkspaceUnchangedDocumentDiagnosticReport {
                        uri,
                        version,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                            result_id,
                        },
                    },
                )
            } else {
                WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                    uri,
                    version,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: Some(result_id),
                        items,
                    },
                })
            }
        };
        let mut items = Vec::new();
        for uri in open {
            if let Some(state) = self.inner.current_state(&uri).await {
                let lsp = self.inner.open_report(&state);
                let id = format!("doc-{}", state.epoch);
                items.push(report(uri, Some(i64::from(state.version)), id, lsp));
            }
        }
        // The files, a few at a time (each waits for its turn to read).
        let mut tasks = tokio::task::JoinSet::new();
        for (i, path) in files.into_iter().enumerate() {
            let inner = Arc::clone(&self.inner);
            tasks.spawn(async move { (i, inner.file_report(&path).await) });
        }
        let mut done: Vec<(usize, Arc<FileReport>)> = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            if let Ok((i, Some(r))) = joined {
                done.push((i, r));
            }
        }
        done.sort_by_key(|(i, _)| *i);
        for (_, r) in done {
            items.push(report(
                r.uri.clone(),
                None,
                r.result_id.clone(),
                r.items.clone(),
            ));
        }
        Ok(WorkspaceDiagnosticReportResult::Report(
            WorkspaceDiagnosticReport { items },
        ))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let only = params.context.only.as_deref();
        if !self.inner.lock().docs.contains_key(&uri) {
            return Ok(None);
        }
        let resolve = self.inner.lock().flags.resolve_edits;
        let mut actions: Vec<CodeActionOrCommand> = Vec::new();

        if kind_wanted(CodeActionKind::QUICKFIX.as_str(), only) {
            let mut ours: Vec<&tower_lsp_server::ls_types::Diagnostic> = params
                .context
                .diagnostics
                .iter()
                .filter(|d| d.source.as_deref() == Some(SOURCE))
                .collect();
            ours.sort_by(|a, b| {
                (range_key(&a.range), code_str(a), &a.message).cmp(&(
                    range_key(&b.range),
                    code_str(b),
                    &b.message,
                ))
            });
            for d in ours {
                let Some((state, index)) = self.inner.finding_of(&uri, d) else {
                    continue;
                };
                for (i, fix) in state.findings[index].fixes.iter().enumerate() {
                    let preferred = i == 0 && fix.applicability == Applicability::Safe;
                    let mut action = CodeAction {
                        title: fix.title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![d.clone()]),
                        is_preferred: preferred.then_some(true),
                        ..CodeAction::default()
                    };
                    if resolve {
                        action.data = serde_json::to_value(ActionData {
                            uri: uri.to_string(),
                            epoch: state.epoch,
                            index,
                            fix: i,
                            fix_all: false,
                        })
                        .ok();
                    } else {
                        let edits = analysis::text_edits(&fix.edits, &state.rope, state.enc);
                        action.edit = Some(self.inner.workspace_edit(&uri, state.version, edits));
                    }
                    actions.push(CodeActionOrCommand::CodeAction(action));
                }
                // After the fixes: a suppression comment above the finding's line.
                let code = code_str(d);
                if code.is_empty() || code == check::rules::UnusedSuppression::INFO.code {
                    continue;
                }
                if let Some((title, edit)) = analysis::ignore_here(
                    &state.rope,
                    &state.language_id,
                    d.range.start.line,
                    &code,
                    state.config.lang,
                ) {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![d.clone()]),
                        edit: Some(self.inner.workspace_edit(&uri, state.version, vec![edit])),
                        ..CodeAction::default()
                    }));
                }
            }
        }

        if kind_wanted(FIX_ALL_KIND, only) {
            if let Some(state) = self.inner.current_state(&uri).await {
                let mut action = CodeAction {
                    title: match state.config.lang {
                        check::Lang::Zh => "修复所有可安全修复的问题".to_string(),
                        check::Lang::En => "Fix all safe problems".to_string(),
                    },
                    kind: Some(CodeActionKind::from(FIX_ALL_KIND.to_string())),
                    ..CodeAction::default()
                };
                if resolve {
                    // Offered when a safe fix is there; the rounds run when it is chosen.
                    if !check::fix::fix_all_edits(&state.findings, Applicability::Safe).is_empty() {
                        action.data = serde_json::to_value(ActionData {
                            uri: uri.to_string(),
                            epoch: state.epoch,
                            index: 0,
                            fix: 0,
                            fix_all: true,
                        })
                        .ok();
                        actions.push(CodeActionOrCommand::CodeAction(action));
                    }
                } else {
                    let (edits, _) = self.inner.fix_all_edits(&state).await;
                    if !edits.is_empty() {
                        action.edit = Some(self.inner.workspace_edit(&uri, state.version, edits));
                        actions.push(CodeActionOrCommand::CodeAction(action));
                    }
                }
            }
        }
        Ok(Some(actions))
    }

    /// The edit of an action offered without one: from the analysis it was offered from, if
    /// that is still the document's current one (else the action comes back without an edit).
    async fn code_action_resolve(&self, mut action: CodeAction) -> Result<CodeAction> {
        let Some(data) = action
            .data
            .clone()
            .and_then(|v| serde_json::from_value::<ActionData>(v).ok())
        else {
            return Ok(action);
        };
        let Some(state) = self.inner.state_of_action(&data) else {
            return Ok(action);
        };
        let uri = state.uri.clone();
        if data.fix_all {
            let (edits, _) = self.inner.fix_all_edits(&state).await;
            if !edits.is_empty() {
                action.edit = Some(self.inner.workspace_edit(&uri, state.version, edits));
            }
        } else if let Some(fix) = state
            .findings
            .get(data.index)
            .and_then(|f| f.fixes.get(data.fix))
        {
            let edits = analysis::text_edits(&fix.edits, &state.rope, state.enc);
            action.edit = Some(self.inner.workspace_edit(&uri, state.version, edits));
        }
        Ok(action)
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        match params.command.as_str() {
            CMD_FIX_ALL => self.inner.command_fix_all(&params.arguments).await,
            CMD_INSERT_SKELETON => self.inner.command_insert_skeleton(&params.arguments).await,
            other => Err(Error::invalid_params(format!("unknown command {other}"))),
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let out = self
            .inner
            .feature(&p.text_document.uri, move |a| {
                super::features::hover(a, p.position)
            })
            .await;
        Ok(out.flatten())
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let out = self
            .inner
            .feature(&params.text_document.uri, super::features::document_symbols)
            .await;
        Ok(Some(DocumentSymbolResponse::Nested(
            out.unwrap_or_default(),
        )))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let out = self
            .inner
            .feature(&params.text_document.uri, super::features::folding_ranges)
            .await;
        Ok(Some(out.unwrap_or_default()))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let range = params.range;
        let out = self
            .inner
            .feature(&params.text_document.uri, move |a| {
                super::features::inlay_hints(a, range)
            })
            .await;
        Ok(Some(out.unwrap_or_default()))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let out = self
            .inner
            .feature(&p.text_document.uri, move |a| {
                super::features::completions(a, p.position)
            })
            .await;
        Ok(Some(CompletionResponse::Array(out.unwrap_or_default())))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let out = self
            .inner
            .feature(&params.text_document.uri, |a| {
                super::features::formatting(a, None)
            })
            .await;
        Ok(Some(out.unwrap_or_default()))
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        let range = params.range;
        let out = self
            .inner
            .feature(&params.text_document.uri, move |a| {
                super::features::formatting(a, Some(range))
            })
            .await;
        Ok(Some(out.unwrap_or_default()))
    }
}
