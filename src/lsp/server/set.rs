//! The server's side of the workspace's set of reports ([`crate::lsp::workspace`]): which
//! reports a document is compared with (its candidates), what a change to one of them makes
//! stale, the files read in the background, and the pulled diagnostics of the reports that
//! are not open.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, PoisonError};

use tower_lsp_server::ls_types::{MessageType, Uri};

use super::{Document, Inner, Snapshot, Stamp, State, WAIT_FOR_SCAN};
use crate::lsp::analysis;
use crate::lsp::settings;
use crate::lsp::state::Analysed;
use crate::lsp::workspace::{self, DiskRead, SetRef};
use crate::set::{Digest, ReportKey};
use crate::text::PositionEncoding;

/// The diagnostics of a report file that is not open, and what they were made from.
#[derive(Debug)]
pub(super) struct FileReport {
    pub(super) uri: Uri,
    pub(super) rev: u64,
    pub(super) compared: SetRef,
    pub(super) config_stamp: u64,
    pub(super) enc: PositionEncoding,
    pub(super) result_id: String,
    pub(super) items: Vec<tower_lsp_server::ls_types::Diagnostic>,
}

/// A candidate for a report's previous year: an open document's analysis or a file's digest.
pub(super) enum Member {
    Open(Arc<Analysed>),
    Disk(Digest),
}

pub(super) struct Candidate {
    id: String,
    pub(super) rev: u64,
    member: Member,
}

impl Candidate {
    fn digest(&self) -> Option<Digest> {
        match &self.member {
            Member::Open(a) => a.digest(),
            Member::Disk(d) => Some(d.clone()),
        }
    }
}

pub(super) fn set_ref(candidates: &[Candidate]) -> SetRef {
    candidates.iter().map(|c| (c.id.clone(), c.rev)).collect()
}

/// The one candidate's digest (none, or several: nothing to compare with).
pub(super) fn previous_of(candidates: &[Candidate]) -> Option<Digest> {
    match candidates {
        [one] => one.digest(),
        _ => None,
    }
}

impl Inner {
    /// Keeps `new` as the document's analysis unless a newer one is kept already. When its key
    /// or facts differ from those of the analysis before, or it is of another text (whose
    /// positions may differ), the document is a new revision of the set's member: the keys
    /// whose next year's reports must look again.
    pub(super) fn keep_analysed(&self, doc: &mut Document, new: &Arc<Analysed>) -> Vec<ReportKey> {
        let old = doc.analysed.clone();
        doc.keep_analysed(new);
        if !doc.analysed.as_ref().is_some_and(|a| Arc::ptr_eq(a, new)) {
            return Vec::new();
        }
        let old_key = old.as_ref().and_then(|o| o.key.clone());
        // Only documents with a file are members of the set.
        if doc.path.is_none() || (old_key.is_none() && new.key.is_none()) {
            return Vec::new();
        }
        let text_changed = old.as_ref().is_none_or(|o| o.text_epoch != new.text_epoch);
        if !text_changed
            && old_key == new.key
            && old.as_ref().map(|o| o.facts.as_deref()) == Some(new.facts.as_deref())
        {
            return Vec::new();
        }
        doc.digest_rev = self.next_rev.fetch_add(1, Ordering::Relaxed);
        old_key.into_iter().chain(new.key.clone()).collect()
    }

    /// The set's candidates for the report of `key` (a previous year), for the document
    /// `asking` (never its own candidate): the open documents with `file:` URIs analysed as
    /// reports of `key`, and the files read with `key` that are not open (an open document's
    /// analysis takes the place of its file once it has been made).
    pub(super) fn candidates(
        st: &State,
        key: &ReportKey,
        asking: &Uri,
        asking_path: Option<&Path>,
    ) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut open: Vec<&Path> = Vec::new();
        for (uri, doc) in &st.docs {
            let (Some(a), Some(path)) = (&doc.analysed, &doc.path) else {
                continue;
            };
            if !analysis::is_report_language(&doc.language_id) {
                continue;
            }
            open.push(path);
            if uri != asking && a.key.as_ref() == Some(key) {
                out.push(Candidate {
                    id: uri.to_string(),
                    rev: doc.digest_rev,
                    member: Member::Open(Arc::clone(a)),
                });
            }
        }
        for (path, entry) in st.workspace.with_key(key) {
            if open.contains(&path.as_path()) || Some(path.as_path()) == asking_path {
                continue;
            }
            if let Some(digest) = entry.read.as_ref().and_then(|r| r.digest.clone()) {
                out.push(Candidate {
                    id: entry.uri.to_string(),
                    rev: entry.rev,
                    member: Member::Disk(digest),
                });
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// What a document of `key` is compared with: the candidates as they are, and the one
    /// previous year's digest when there is exactly one.
    pub(super) fn previous_for(
        &self,
        snap: &Snapshot,
        key: Option<&ReportKey>,
    ) -> (SetRef, Option<Digest>) {
        let Some(key) = key else {
            return (SetRef::default(), None);
        };
        let candidates = {
            let st = self.lock();
            Self::candidates(&st, &key.previous(), &snap.uri, snap.path.as_deref())
        };
        // Outside the lock: an open candidate's digest is made on first use.
        (set_ref(&candidates), previous_of(&candidates))
    }

    /// The open reports compared with reports of `keys` (the year before theirs) whose set
    /// of candidates is no longer the one their current analysis was compared with: analysed
    /// again. (One whose analysis is still under way checks that itself when it finishes.)
    pub(super) fn refresh_dependents(self: &Arc<Self>, keys: &[ReportKey], except: Option<&Uri>) {
        if keys.is_empty() {
            return;
        }
        let snaps: Vec<Snapshot> = {
            let mut st = self.lock();
            let stale: Vec<Uri> = st
                .docs
                .iter()
                .filter(|(uri, _)| Some(*uri) != except)
                .filter_map(|(uri, doc)| {
                    let a = doc.current()?;
                    let previous = a.key.as_ref()?.previous();
                    if !keys.contains(&previous) {
                        return None;
                    }
                    let now = Self::candidates(&st, &previous, uri, doc.path.as_deref());
                    (set_ref(&now) != a.compared).then(|| uri.clone())
                })
                .collect();
            for uri in &stale {
                let epoch = self.bump_epoch();
                if let Some(d) = st.docs.get_mut(uri) {
                    d.epoch = epoch;
                }
            }
            stale
                .iter()
                .filter_map(|u| Self::snapshot(&st, u))
                .map(|mut s| {
                    s.refresh = true;
                    s
                })
                .collect()
        };
        for s in snaps {
            self.spawn_analysis(s);
        }
    }

    /// Asks a pulling client to pull again (`workspace/diagnostic/refresh`), once for the
    /// changes of the next moment, and not while the folders are still being read (their
    /// end asks).
    pub(super) fn request_diagnostic_refresh(self: &Arc<Self>) {
        let wanted = {
            let st = self.lock();
            st.flags.pull_diagnostics && st.flags.diagnostic_refresh
        };
        if !wanted
            || self.scans.load(Ordering::SeqCst) > 0
            || self.refresh_pending.swap(true, Ordering::SeqCst)
        {
            return;
        }
        let this = Arc::clone(self);
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            this.refresh_pending.store(false, Ordering::SeqCst);
            if let Err(e) = this.client.workspace_diagnostic_refresh().await {
                this.client
                    .log_message(
                        MessageType::LOG,
                        format!("workspace/diagnostic/refresh failed: {e}"),
                    )
                    .await;
            }
        });
    }

    /// Reads the report files under `folders` in the background (their digests), a few at a
    /// time.
    pub(super) fn scan(self: &Arc<Self>, folders: Vec<PathBuf>) {
        if folders.is_empty() {
            return;
        }
        self.scans.fetch_add(1, Ordering::SeqCst);
        let this = Arc::clone(self);
        tokio::spawn(async move {
            let listed = tokio::task::spawn_blocking(move || workspace::walk(&folders)).await;
            let (files, more) = listed.unwrap_or_default();
            if more {
                this.client
                    .log_message(
                        MessageType::WARNING,
                        format!(
                            "nianbao: more than {} report files in the workspace; the first {} are compared",
                            workspace::MAX_FILES,
                            workspace::MAX_FILES
                        ),
                    )
                    .await;
            }
            let reads: Vec<_> = files
                .into_iter()
                .filter_map(|p| {
                    let uri = Uri::from_file_path(&p)?;
                    Some(this.read_file(p, uri, Vec::new()))
                })
                .collect();
            for r in reads {
                let _ = r.await;
            }
            this.scans.fetch_sub(1, Ordering::SeqCst);
            this.scanned.notify_waiters();
            this.request_diagnostic_refresh();
        });
    }

    /// Reads every file of the set again (the configuration changed).
    pub(super) fn rescan(self: &Arc<Self>) {
        self.config_stamp.fetch_add(1, Ordering::SeqCst);
        let files: Vec<(PathBuf, Uri)> = self
            .lock()
            .workspace
            .files
            .iter()
            .map(|(p, e)| (p.clone(), e.uri.clone()))
            .collect();
        if files.is_empty() {
            return;
        }
        self.scans.fetch_add(1, Ordering::SeqCst);
        let this = Arc::clone(self);
        tokio::spawn(async move {
            let reads: Vec<_> = files
                .into_iter()
                .map(|(p, u)| this.read_file(p, u, Vec::new()))
                .collect();
            for r in reads {
                let _ = r.await;
            }
            this.scans.fetch_sub(1, Ordering::SeqCst);
            this.scanned.notify_waiters();
            this.request_diagnostic_refresh();
        });
    }

    /// Reads a report file for its digest in the background (at most
    /// [`Inner::disk_reads`] at once, on a blocking thread: a file that cannot be read, or
    /// whose reader panics, is a member that is not a report), then analyses again the open
    /// reports it changes the comparison of, and those compared with reports of `also` (the
    /// key of a document closed: the file takes its place).
    pub(super) fn read_file(
        self: &Arc<Self>,
        path: PathBuf,
        uri: Uri,
        also: Vec<ReportKey>,
    ) -> tokio::task::JoinHandle<()> {
        let stamp = self.next_rev.fetch_add(1, Ordering::Relaxed);
        self.lock().workspace.begin_read(&path, uri.clone(), stamp);
        let this = Arc::clone(self);
        tokio::spawn(async move {
            let Ok(permit) = Arc::clone(&this.disk_reads).acquire_owned().await else {
                return;
            };
            let settings = this.lock().settings.clone();
            let reader = Arc::clone(&this);
            let file = path.clone();
            let read = tokio::task::spawn_blocking(move || {
                // Gone (deleted, or never saved: a document closed): no longer a member.
                std::fs::symlink_metadata(&file).ok()?;
                let (config, _) = settings::resolve(&uri, &settings, &reader.config_files);
                Some(workspace::read_digest(&file, uri.as_str(), &config))
            })
            .await
            .unwrap_or(Some(DiskRead::default()));
            drop(permit);
            let rev = this.next_rev.fetch_add(1, Ordering::Relaxed);
            let keys = {
                let mut st = this.lock();
                match read {
                    Some(read) => st.workspace.finish_read(&path, stamp, read, rev),
                    None => st.workspace.forget(&path, stamp),
                }
            };
            let changed = keys.is_some();
            let keys: Vec<ReportKey> = keys.into_iter().flatten().chain(also).collect();
            this.refresh_dependents(&keys, None);
            if changed {
                this.request_diagnostic_refresh();
            }
        })
    }

    /// An open document's analysis as pulled diagnostics.
    pub(super) fn open_report(
        &self,
        state: &Analysed,
    ) -> Vec<tower_lsp_server::ls_types::Diagnostic> {
        let stamp = Stamp {
            version: state.version,
            generation: state.generation,
            epoch: state.epoch,
        };
        analysis::to_lsp_diagnostics(&state.findings, &state.rope, state.enc, &state.uri, stamp)
    }

    /// Waits (at most [`WAIT_FOR_SCAN`]) until no folder is being read.
    pub(super) async fn wait_for_scans(&self) {
        let deadline = tokio::time::Instant::now() + WAIT_FOR_SCAN;
        loop {
            let notified = self.scanned.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.scans.load(Ordering::SeqCst) == 0 {
                return;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return;
            }
        }
    }

    /// The pulled diagnostics of a report file that is not open: the last ones when neither
    /// the file, the configuration nor what it is compared with changed since, else the file
    /// read and checked now (on a blocking thread, a few at a time), as `nianbao check` checks
    /// it in the set.
    pub(super) async fn file_report(self: &Arc<Self>, path: &Path) -> Option<Arc<FileReport>> {
        let (uri, rev, candidates, enc, settings, report) = {
            let st = self.lock();
            let entry = st.workspace.files.get(path)?;
            let read = entry.read.as_ref();
            let candidates = match read.and_then(DiskRead::key) {
                Some(k) => Self::candidates(&st, &k.previous(), &entry.uri, Some(path)),
                None => Vec::new(),
            };
            (
                entry.uri.clone(),
                entry.rev,
                candidates,
                st.enc,
                st.settings.clone(),
                read.is_some_and(|r| r.report),
            )
        };
        let compared = set_ref(&candidates);
        let config_stamp = self.config_stamp.load(Ordering::SeqCst);
        let cached = self
            .file_reports
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(path)
            .cloned();
        if let Some(c) = cached.filter(|c| {
            c.uri == uri
                && c.rev == rev
                && c.compared == compared
                && c.config_stamp == config_stamp
                && c.enc == enc
        }) {
            return Some(c);
        }
        let items = if report {
            let permit = Arc::clone(&self.disk_reads).acquire_owned().await.ok()?;
            let this = Arc::clone(self);
            let (file, u) = (path.to_path_buf(), uri.clone());
            let items = tokio::task::spawn_blocking(move || {
                let (config, _) = settings::resolve(&u, &settings, &this.config_files);
                workspace::check_file(&file, &u, config, previous_of(&candidates), enc)
            })
            .await
            .unwrap_or_default();
            drop(permit);
            items
        } else {
            Vec::new()
        };
        let report = Arc::new(FileReport {
            uri,
            rev,
            compared,
            config_stamp,
            enc,
            result_id: format!("file-{}", self.next_rev.fetch_add(1, Ordering::Relaxed)),
            items,
        });
        self.file_reports
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_path_buf(), Arc::clone(&report));
        Some(report)
    }
}
