//! The LSP handlers: each request or notification turned into calls on [`Inner`], thin glue.

use super::*;

/// A document URI given as `"uri"`, `{ "uri": "…" }` or `{ "textDocument": { "uri": "…" } }`.
pub(super) fn uri_arg(v: &Value) -> Result<Uri> {
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

pub(super) fn kind_wanted(kind: &str, only: Option<&[CodeActionKind]>) -> bool {
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

pub(super) fn code_str(d: &tower_lsp_server::ls_types::Diagnostic) -> String {
    match &d.code {
        Some(NumberOrString::String(s)) => s.clone(),
        Some(NumberOrString::Number(n)) => n.to_string(),
        None => String::new(),
    }
}

pub(super) fn range_key(r: &Range) -> (u32, u32, u32, u32) {
    (r.start.line, r.start.character, r.end.line, r.end.character)
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
                crate::files::walk::REPORT_EXTENSIONS
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
                crate::lsp::features::hover(a, p.position)
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
            .feature(
                &params.text_document.uri,
                crate::lsp::features::document_symbols,
            )
            .await;
        Ok(Some(DocumentSymbolResponse::Nested(
            out.unwrap_or_default(),
        )))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let out = self
            .inner
            .feature(
                &params.text_document.uri,
                crate::lsp::features::folding_ranges,
            )
            .await;
        Ok(Some(out.unwrap_or_default()))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let range = params.range;
        let out = self
            .inner
            .feature(&params.text_document.uri, move |a| {
                crate::lsp::features::inlay_hints(a, range)
            })
            .await;
        Ok(Some(out.unwrap_or_default()))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let out = self
            .inner
            .feature(&p.text_document.uri, move |a| {
                crate::lsp::features::completions(a, p.position)
            })
            .await;
        Ok(Some(CompletionResponse::Array(out.unwrap_or_default())))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let out = self
            .inner
            .feature(&params.text_document.uri, |a| {
                crate::lsp::features::formatting(a, None)
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
                crate::lsp::features::formatting(a, Some(range))
            })
            .await;
        Ok(Some(out.unwrap_or_default()))
    }
}
