//! State and scheduling: the analysis of a document version (on a blocking thread, one at a
//! time per large document), publishing it if still current, settings, and waiting for the
//! analysis a request is about.

use super::*;

impl Inner {
    /// Never panics on a poisoned lock: the state is plain data, still usable.
    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn bump_epoch(&self) -> u64 {
        self.next_epoch.fetch_add(1, Ordering::Relaxed)
    }

    pub(super) fn snapshot(st: &State, uri: &Uri) -> Option<Snapshot> {
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

    pub(super) fn is_current(&self, uri: &Uri, epoch: u64) -> bool {
        self.lock().docs.get(uri).is_some_and(|d| d.epoch == epoch)
    }

    pub(super) fn slot(&self, uri: &Uri) -> Arc<tokio::sync::Mutex<()>> {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(slots.entry(uri.clone()).or_default())
    }

    /// Analyses a snapshot (CPU work: call from a blocking thread). Documents that are not
    /// plain text or Markdown, and texts that do not look like a report, get no findings.
    pub(super) fn compute(&self, snap: &Snapshot) -> Outcome {
        if let Some(hook) = &self.hooks.before_analysis {
            hook(&snap.uri, snap.version);
        }
        let mut config_errors = Vec::new();
        let report_language = analysis::is_report_language(&snap.language_id);
        let config = if report_language {
            let (config, fresh_file) =
                settings::resolve(&snap.uri, &snap.settings, &self.config_files);
            if let Some(file) = fresh_file {
                config_errors = file.problem_lines(&file.path.display().to_string(), config.lang);
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
    pub(super) async fn compute_blocking(self: &Arc<Self>, snap: &Snapshot) -> Option<Outcome> {
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
    pub(super) async fn analyze_and_publish(self: Arc<Self>, snap: Snapshot) {
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
    pub(super) async fn start_pulling(&self) {
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

    pub(super) async fn publish_if_current(self: &Arc<Self>, snap: &Snapshot, outcome: Outcome) {
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

    pub(super) fn spawn_analysis(self: &Arc<Self>, snap: Snapshot) {
        tokio::spawn(Arc::clone(self).analyze_and_publish(snap));
    }

    /// Bumps every open doc's epoch (so in-flight results with the old config are dropped) and
    /// re-analyses them all.
    pub(super) fn reanalyze_all(self: &Arc<Self>) {
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
    pub(super) async fn pull_settings(&self) -> Option<Value> {
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

    pub(super) async fn update_settings(self: &Arc<Self>, pushed: Option<&Value>) {
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
    pub(super) async fn current_state(self: &Arc<Self>, uri: &Uri) -> Option<Arc<Analysed>> {
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
}
