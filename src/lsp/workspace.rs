//! The workspace's reports as a set (see [`crate::set`]): each report compared with the same
//! issuer's report of the previous year, as `nianbao check` compares the files it is given.
//!
//! The set's members are the report files under the workspace folders, read from disk in
//! the background ([`read_digest`]: only their [`Digest`] is kept, not their text), and the
//! open documents with `file:` URIs, whose digest comes from their current analysis
//! ([`super::state::Analysed::digest`]) and takes the place of the file's on disk once the
//! document has been analysed. Every member has a revision, changed whenever what the next
//! year's report is compared with changes; an analysis records the revisions of the
//! candidates it was compared with ([`SetRef`]), so the server can tell which analyses a
//! change made stale.
//!
//! Nothing here blocks on anything but the file it reads; nothing panics on any content
//! (a file too big, not a regular file, unreadable or not a report is a member that is not
//! a report).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

use crate::check::facts::FilePosition;
use crate::check::{Config, Diagnostic};
use crate::files::walk::REPORT_EXTENSIONS;
use crate::set::{Digest, ReportKey, ReportSet};
use crate::text::{LineIndex, PositionEncoding};

/// Files larger than this are not read for the set (no report is; a PDF of scans may be).
pub const MAX_FILE_BYTES: u64 = 32 << 20;
/// Report files taken from the workspace folders at most (the rest are left out, and the
/// client is told so).
pub const MAX_FILES: usize = 5_000;

/// The candidates an analysis was compared with: each one's id (its URI) and revision, in
/// order. The comparison was made when there was exactly one.
pub type SetRef = Vec<(String, u64)>;

/// A report file of the workspace, as last read from disk.
#[derive(Clone, Debug)]
pub struct DiskEntry {
    /// The URI the client knows the file by (else made from its path).
    pub uri: Uri,
    /// The stamp of the newest read asked for: an older read's result is dropped.
    pub pending: u64,
    /// The revision of [`Self::read`] (0 while it has never been read).
    pub rev: u64,
    pub read: Option<DiskRead>,
}

/// What a read of a file found.
#[derive(Clone, Debug, Default)]
pub struct DiskRead {
    /// It was read and looked like a report (or `force` is set): it has findings to report.
    pub report: bool,
    /// Its digest, when it is a report with a year and an issuer.
    pub digest: Option<Digest>,
}

impl DiskRead {
    pub fn key(&self) -> Option<&ReportKey> {
        self.digest.as_ref().map(|d| &d.key)
    }
}

/// The folders and the reports read from them.
#[derive(Debug, Default)]
pub struct Workspace {
    pub folders: Vec<PathBuf>,
    pub files: HashMap<PathBuf, DiskEntry>,
    /// The files of each key (read ones only).
    by_key: HashMap<ReportKey, Vec<PathBuf>>,
}

impl Workspace {
    /// Is `path` under one of the folders?
    #[must_use]
    pub fn contains(&self, path: &Path) -> bool {
        self.folders.iter().any(|f| path.starts_with(f))
    }

    /// Adds folders (those not there yet); the ones added.
    pub fn add_folders(&mut self, folders: impl IntoIterator<Item = PathBuf>) -> Vec<PathBuf> {
        let mut added = Vec::new();
        for f in folders {
            if !self.folders.contains(&f) {
                self.folders.push(f.clone());
                added.push(f);
            }
        }
        added
    }

    /// A read of `path` is asked for, as `stamp` (the file is a member from now on).
    pub fn begin_read(&mut self, path: &Path, uri: Uri, stamp: u64) {
        let entry = self.files.entry(path.to_path_buf()).or_insert(DiskEntry {
            uri: uri.clone(),
            pending: stamp,
            rev: 0,
            read: None,
        });
        entry.uri = uri;
        entry.pending = stamp;
    }

    /// Keeps the result of the read `stamp` of `path`, as revision `rev`, unless a newer read
    /// was asked for or the file left the set meanwhile. The keys whose members changed.
    pub fn finish_read(
        &mut self,
        path: &Path,
        stamp: u64,
        read: DiskRead,
        rev: u64,
    ) -> Option<Vec<ReportKey>> {
        let entry = self.files.get_mut(path).filter(|e| e.pending == stamp)?;
        let old = entry.read.replace(read);
        entry.rev = rev;
        let new_key = entry.read.as_ref().and_then(DiskRead::key).cloned();
        let old_key = old.as_ref().and_then(DiskRead::key).cloned();
        if let Some(k) = &old_key {
            self.unindex(k, path);
        }
        if let Some(k) = &new_key {
            self.by_key
                .entry(k.clone())
                .or_default()
                .push(path.to_path_buf());
        }
        Some(old_key.into_iter().chain(new_key).collect())
    }

    /// The read `stamp` of `path` found no file there: it leaves the set (unless a newer read
    /// was asked for). The keys whose members changed.
    pub fn forget(&mut self, path: &Path, stamp: u64) -> Option<Vec<ReportKey>> {
        self.files.get(path).filter(|e| e.pending == stamp)?;
        Some(self.remove_where(|p| p == path))
    }

    fn unindex(&mut self, key: &ReportKey, path: &Path) {
        if let Some(paths) = self.by_key.get_mut(key) {
            paths.retain(|p| p != path);
            if paths.is_empty() {
                self.by_key.remove(key);
            }
        }
    }

    /// Removes the file at `path`, or every file under it (a folder deleted); the keys of
    /// what was removed.
    pub fn remove(&mut self, path: &Path) -> Vec<ReportKey> {
        self.remove_where(|p| p.starts_with(path))
    }

    /// Removes a folder, and the files no other folder holds; the keys of what was removed.
    pub fn remove_folder(&mut self, folder: &Path) -> Vec<ReportKey> {
        self.folders.retain(|f| f != folder);
        let folders = self.folders.clone();
        self.remove_where(|p| p.starts_with(folder) && !folders.iter().any(|f| p.starts_with(f)))
    }

    fn remove_where(&mut self, gone: impl Fn(&Path) -> bool) -> Vec<ReportKey> {
        let paths: Vec<PathBuf> = self.files.keys().filter(|p| gone(p)).cloned().collect();
        let mut keys = Vec::new();
        for p in paths {
            if let Some(key) = self
                .files
                .remove(&p)
                .and_then(|e| e.read)
                .and_then(|r| r.digest)
                .map(|d| d.key)
            {
                self.unindex(&key, &p);
                keys.push(key);
            }
        }
        keys
    }

    /// The files read with `key`.
    pub fn with_key<'a>(
        &'a self,
        key: &ReportKey,
    ) -> impl Iterator<Item = (&'a PathBuf, &'a DiskEntry)> + 'a {
        self.by_key
            .get(key)
            .into_iter()
            .flatten()
            .filter_map(|p| Some((p, self.files.get(p)?)))
    }
}

/// The path of a `file:` URI.
#[must_use]
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.as_str().starts_with("file:") {
        return None;
    }
    uri.to_file_path().map(std::borrow::Cow::into_owned)
}

/// Is `path` named as a report file (`nianbao check`'s extensions, any case)?
#[must_use]
pub fn is_report_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The report files under `folders` (the folder walk of `nianbao check`: entries looked at,
/// never opened; each real file once; hidden entries passed over), at most [`MAX_FILES`];
/// and whether there were more.
#[must_use]
pub fn walk(folders: &[PathBuf]) -> (Vec<PathBuf>, bool) {
    let mut files: Vec<PathBuf> = crate::files::walk::expand(folders)
        .entries
        .into_iter()
        .filter_map(|e| match e {
            crate::files::walk::Entry::File(p) => Some(p),
            crate::files::walk::Entry::Skipped(_) => None,
        })
        .collect();
    let more = files.len() > MAX_FILES;
    files.truncate(MAX_FILES);
    (files, more)
}

/// Is `path` a regular file small enough to read? (A pipe named `x.txt` is never opened.)
fn readable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= MAX_FILE_BYTES)
}

/// Reads a file for its digest (as `nianbao check` does for a set): related information
/// will name `uri`.
#[must_use]
pub fn read_digest(path: &Path, uri: &str, config: &Config) -> DiskRead {
    if !readable(path) {
        return DiskRead::default();
    }
    let Ok(doc) = crate::files::input::read(path).doc else {
        return DiskRead::default();
    };
    let analysis = crate::model::analyze(&doc.text);
    let report = analysis.report.looks_like_report() || config.force;
    let digest = Digest::of(uri.into(), &doc, &analysis, config, || {
        crate::set::name_key(path)
    });
    DiskRead { report, digest }
}

/// Checks a file that is not open, as `nianbao check` checks it in a set whose report of
/// the previous year is `previous`: its findings on its source text, converted for `uri`
/// (empty for a file that cannot be read or is not a report).
#[must_use]
pub fn check_file(
    path: &Path,
    uri: &Uri,
    config: Config,
    previous: Option<Digest>,
    enc: PositionEncoding,
) -> Vec<tower_lsp_server::ls_types::Diagnostic> {
    if !readable(path) {
        return Vec::new();
    }
    let set = previous.map(|d| ReportSet::new([d]));
    let job = crate::files::check::Job {
        file: path.to_path_buf(),
        config: Arc::new(config),
        refused: None,
    };
    let checked = crate::files::check::check_file(job, None, set.as_ref());
    let crate::files::check::Outcome::Read(read) = &checked.outcome else {
        return Vec::new();
    };
    if !read.is_report {
        return Vec::new();
    }
    let (text, index) = read.source();
    convert(&read.diagnostics, text, index, enc, uri)
}

fn convert(
    findings: &[Diagnostic],
    text: &str,
    index: &LineIndex,
    enc: PositionEncoding,
    uri: &Uri,
) -> Vec<tower_lsp_server::ls_types::Diagnostic> {
    findings
        .iter()
        .map(|d| super::analysis::to_lsp_diagnostic_in_text(d, text, index, enc, uri))
        .collect()
}

/// The line and columns of byte `offset` of an editor's document, in every encoding.
#[must_use]
pub fn file_position(rope: &Rope, offset: usize) -> FilePosition {
    FilePosition::from_each(|enc| {
        let p = super::position::byte_to_position(rope, offset, enc);
        crate::text::Position {
            line: p.line,
            character: p.character,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_from_the_rope_are_those_of_the_line_index() {
        let text = "𠀀😀 a\r\n年 | 3 |\rb\n\nlast";
        let rope = Rope::from_str(text);
        let index = LineIndex::new(text);
        for (o, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let p = file_position(&rope, o);
            for enc in [
                PositionEncoding::Utf8,
                PositionEncoding::Utf16,
                PositionEncoding::Utf32,
            ] {
                assert_eq!(p.in_encoding(enc), index.position(text, o, enc), "{o}");
            }
        }
    }

    #[test]
    fn files_are_indexed_by_key_and_removed_by_folder() {
        let mut ws = Workspace::default();
        ws.add_folders([PathBuf::from("/w/a"), PathBuf::from("/w/b")]);
        assert!(ws.contains(Path::new("/w/a/x.txt")));
        assert!(!ws.contains(Path::new("/w/c/x.txt")));
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/reports/2020-ziyang-government-office.txt"
        ))
        .unwrap();
        let doc = crate::read::read_text(&text, crate::read::Format::Text);
        let analysis = crate::model::analyze(&doc.text);
        let digest = Digest::of(
            "file:///w/a/x.txt".into(),
            &doc,
            &analysis,
            &Config::default(),
            || None,
        );
        let key = digest.as_ref().unwrap().key.clone();
        let path = Path::new("/w/a/x.txt");
        let uri: Uri = "file:///w/a/x.txt".parse().unwrap();
        ws.begin_read(path, uri.clone(), 1);
        ws.begin_read(path, uri, 2);
        // The older read is dropped.
        let read = DiskRead {
            report: true,
            digest,
        };
        assert!(ws.finish_read(path, 1, read.clone(), 10).is_none());
        assert_eq!(ws.finish_read(path, 2, read, 11), Some(vec![key.clone()]));
        assert_eq!(ws.with_key(&key).count(), 1);
        assert_eq!(ws.remove_folder(Path::new("/w/b")), Vec::<ReportKey>::new());
        assert_eq!(ws.remove_folder(Path::new("/w/a")), vec![key.clone()]);
        assert_eq!(ws.with_key(&key).count(), 0);
        assert!(ws.files.is_empty());
    }

    #[test]
    fn what_cannot_be_read_is_not_a_report() {
        let dir = std::env::temp_dir().join(format!("nianbao-ws-junk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let junk = dir.join("junk.docx");
        std::fs::write(&junk, [0u8, 159, 146, 150, 255, 0, 1]).unwrap();
        let read = read_digest(&junk, "file:///junk.docx", &Config::default());
        assert!(!read.report && read.digest.is_none());
        let missing = read_digest(
            &dir.join("missing.txt"),
            "file:///m.txt",
            &Config::default(),
        );
        assert!(!missing.report);
        assert!(read_digest(&dir, "file:///d", &Config::default())
            .digest
            .is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
