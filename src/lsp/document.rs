//! An open text document: a rope, the client's version, a server-side epoch, and the last
//! analysis (an [`Analysed`], shared by diagnostics, code actions and every feature).

use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use super::position::range_to_chars;
use super::state::Analysed;
use crate::incremental::{Change, IncrementalCheck};
use crate::text::PositionEncoding;

/// One open document.
#[derive(Clone, Debug)]
pub struct Document {
    /// Current text. Cloning a ropey `Rope` is O(1) (shared, copy-on-write nodes), so analysis
    /// takes a snapshot by cloning and runs without holding any lock.
    pub rope: Rope,
    /// The client's version from didOpen/didChange (what `publishDiagnostics.version` reports).
    pub version: i32,
    /// Server-side generation, unique across the whole server and bumped on every open, change
    /// and configuration change. Staleness is decided on this, not on `version`: a client may
    /// close and reopen a document starting again at version 1, and a config change re-analyses
    /// the same version.
    pub epoch: u64,
    /// The client's `languageId`.
    pub language_id: String,
    /// The analysis last kept (published, or made for a request), of its epoch.
    pub analysed: Option<Arc<Analysed>>,
    /// The newest incremental check state, with the epoch of the text it is for.
    pub checked: Option<(u64, Arc<IncrementalCheck>)>,
    /// Every edit made since that text (since the didOpen while there is none), with its
    /// epoch; `None`: the whole text was replaced, or the log was cut short.
    pub edits: Vec<(u64, Option<Change>)>,
    /// The file the document is (`file:` URIs): a member of the workspace's set of reports,
    /// in place of what is on disk once it has been analysed.
    pub path: Option<std::path::PathBuf>,
    /// The epoch of the last change of the text (the didOpen, or a didChange).
    pub text_epoch: u64,
    /// The revision of what the next year's report is compared with (the kept analysis's
    /// key and facts, and the text they are positioned in): changed when either changes.
    pub digest_rev: u64,
    /// The version and findings last published for it (or, to a client that pulls, last
    /// announced by a refresh).
    pub published: Option<(i32, Arc<Vec<crate::check::Diagnostic>>)>,
    /// The epoch of the didOpen this document was created by. A check of an older epoch is
    /// of another text (an earlier open of the same URI) and is never adopted; findings carry
    /// it so that a fix computed before a close and reopen is not applied to the new text.
    pub opened: u64,
}

/// Edits logged at most; beyond, the log collapses to "unknown" (the next check is whole).
pub const MAX_LOGGED_EDITS: usize = 10_000;

impl Document {
    /// Creates a document from the didOpen text.
    #[must_use]
    pub fn new(text: &str, version: i32, epoch: u64, language_id: &str) -> Self {
        Self {
            rope: Rope::from_str(text),
            version,
            epoch,
            language_id: language_id.to_string(),
            analysed: None,
            checked: None,
            edits: Vec::new(),
            path: None,
            text_epoch: epoch,
            digest_rev: 0,
            published: None,
            opened: epoch,
        }
    }

    /// Applies one content change. Changes of one didChange must be applied in array order,
    /// each against the result of the previous one. A change without a range replaces the
    /// whole document. Out-of-range positions are clamped, a reversed range is swapped: never
    /// panics.
    /// Returns the change in bytes (`None` when the whole text was replaced).
    pub fn apply_change(
        &mut self,
        change: &TextDocumentContentChangeEvent,
        enc: PositionEncoding,
    ) -> Option<Change> {
        match change.range {
            None => {
                self.rope = Rope::from_str(&change.text);
                None
            }
            Some(range) => {
                let chars = range_to_chars(&self.rope, range, enc);
                let start = self.rope.char_to_byte(chars.start);
                let old_end = self.rope.char_to_byte(chars.end);
                if !chars.is_empty() {
                    self.rope.remove(chars.clone());
                }
                if !change.text.is_empty() {
                    self.rope.insert(chars.start, &change.text);
                }
                Some(Change {
                    start,
                    old_end,
                    new_end: start + change.text.len(),
                })
            }
        }
    }

    /// Applies one didChange (its changes in order) as the text of `epoch`, and logs the
    /// edits for the incremental check.
    ///
    /// Every edit is logged, also before the first check is kept: the analysis of an older
    /// text may still be running, and when it is kept the edits made since must be applied
    /// to it. A replaced text, or a log grown past [`MAX_LOGGED_EDITS`] (a document whose
    /// checks never come back, such as another language's), collapses to one "unknown".
    pub fn apply_changes(
        &mut self,
        changes: &[TextDocumentContentChangeEvent],
        enc: PositionEncoding,
        epoch: u64,
    ) {
        for change in changes {
            let edit = self.apply_change(change, enc);
            // Nothing before an unknown can be of use: a base older than it is unusable.
            if edit.is_none() || self.edits.len() >= MAX_LOGGED_EDITS {
                self.edits.clear();
                self.edits.push((epoch, None));
            } else {
                self.edits.push((epoch, edit));
            }
        }
        self.epoch = epoch;
        self.text_epoch = epoch;
    }

    /// The last check state and the edits made since, merged into one change (`None`: no
    /// usable state, analyse the whole text).
    #[must_use]
    pub fn check_base(&self) -> Option<(Arc<IncrementalCheck>, Change)> {
        let (_, base) = self.checked.as_ref()?;
        let mut merged: Option<Change> = None;
        for (_, edit) in &self.edits {
            let edit = (*edit)?;
            merged = Some(match merged {
                None => edit,
                Some(m) => m.then(edit),
            });
        }
        let change = merged.unwrap_or(Change {
            start: 0,
            old_end: 0,
            new_end: 0,
        });
        Some((Arc::clone(base), change))
    }

    /// Keeps `check`, computed for the text of `epoch`, as the base of the next check
    /// unless a newer one is kept already, or it is of a text from before this document was
    /// opened.
    pub fn keep_check(&mut self, epoch: u64, check: Arc<IncrementalCheck>) {
        if epoch < self.opened || self.checked.as_ref().is_some_and(|(e, _)| *e >= epoch) {
            return;
        }
        self.edits.retain(|(e, _)| *e > epoch);
        self.checked = Some((epoch, check));
    }

    /// The analysis of the current text (and configuration), if it was made already.
    #[must_use]
    pub fn current(&self) -> Option<Arc<Analysed>> {
        self.analysed
            .as_ref()
            .filter(|a| a.epoch == self.epoch)
            .cloned()
    }

    /// Keeps `analysed` unless a newer analysis is kept already.
    pub fn keep_analysed(&mut self, analysed: &Arc<Analysed>) {
        if self
            .analysed
            .as_ref()
            .is_none_or(|a| a.epoch < analysed.epoch)
            && analysed.epoch >= self.opened
        {
            self.analysed = Some(Arc::clone(analysed));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Config;

    fn insert(line: u32, col: u32, text: &str) -> TextDocumentContentChangeEvent {
        change(line, col, line, col, text)
    }

    #[test]
    fn edits_are_logged_against_the_kept_check() {
        let enc = PositionEncoding::Utf16;
        let mut d = Document::new("一、总体情况\n𠀀正文\n", 1, 1, "plaintext");
        d.apply_changes(&[insert(0, 0, "x")], enc, 2);
        let check = Arc::new(IncrementalCheck::new(&d.rope, &Config::default()));
        d.keep_check(2, check);
        assert!(d.edits.is_empty());
        // 𠀀 is 2 UTF-16 units and 4 bytes: column 2 is byte 4 of line 1.
        let line1 = "x一、总体情况\n".len();
        d.apply_changes(&[insert(1, 2, "ab")], enc, 3);
        d.apply_changes(&[change(1, 2, 1, 3, "")], enc, 4);
        let (_, merged) = d.check_base().unwrap();
        assert_eq!(
            merged,
            Change {
                start: line1 + 4,
                old_end: line1 + 4,
                new_end: line1 + 5
            }
        );
        // A newer check drops the edits it includes; an older one is ignored.
        let newer = Arc::new(IncrementalCheck::new(&d.rope, &Config::default()));
        d.keep_check(3, Arc::clone(&newer));
        assert_eq!(d.edits.len(), 1);
        d.keep_check(2, newer);
        assert_eq!(d.checked.as_ref().unwrap().0, 3);
        // Replacing the whole text leaves nothing to apply edits to.
        d.apply_changes(
            &[TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "new".into(),
            }],
            enc,
            5,
        );
        assert!(d.check_base().is_none());
        // ... until a check of that text (or a later one) is kept.
        d.apply_changes(&[insert(0, 0, "y")], enc, 6);
        assert!(d.check_base().is_none());
        d.keep_check(
            5,
            Arc::new(IncrementalCheck::new("new", &Config::default())),
        );
        assert_eq!(
            d.check_base().unwrap().1,
            Change {
                start: 0,
                old_end: 0,
                new_end: 1
            }
        );
    }

    /// A blank 2022 report, and the byte offset of section 三's 总计 of 自然人.
    fn report() -> (String, usize) {
        let text = crate::skeleton::render(2022, crate::skeleton::Format::Text).unwrap();
        let analysis = crate::model::analyze(&text);
        let at = analysis
            .report
            .tables
            .iter()
            .find(|t| t.section == Some(3))
            .and_then(|t| t.row("total"))
            .and_then(|r| r.values[0].range)
            .unwrap()
            .start;
        (text, at)
    }

    /// The first value cell of section 二's table.
    fn cell_in_two(text: &str) -> usize {
        let analysis = crate::model::analyze(text);
        analysis
            .report
            .tables
            .iter()
            .find(|t| t.section == Some(2))
            .and_then(|t| t.rows.iter().flat_map(|r| &r.values).find_map(|v| v.range))
            .unwrap()
            .start
    }

    /// Replaces the character at byte `offset` by `text`.
    fn replace_at(rope: &Rope, offset: usize, text: &str) -> TextDocumentContentChangeEvent {
        let p = crate::lsp::position::byte_to_position(rope, offset, PositionEncoding::Utf16);
        change(p.line, p.character, p.line, p.character + 1, text)
    }

    fn findings(check: &IncrementalCheck) -> Vec<(&'static str, crate::text::TextRange)> {
        check
            .diagnostics()
            .iter()
            .map(|d| (d.code, d.range))
            .collect()
    }

    /// The race of issue #13: an edit made while the first analysis runs, the first analysis
    /// kept, another edit. The base of the next check must include both edits.
    #[test]
    fn an_edit_before_the_first_check_is_kept_is_not_lost() {
        let enc = PositionEncoding::Utf16;
        let config = Config::default();
        let (text, total) = report();
        let mut d = Document::new(&text, 1, 1, "plaintext");
        // The analysis of version 1 starts on this snapshot...
        let v1 = d.rope.clone();
        // ... while the total is changed (the row no longer adds up; same length, so a
        // length check cannot tell the edit was missed) ...
        let edit = replace_at(&d.rope, total, "9");
        d.apply_changes(&[edit], enc, 2);
        // ... then it is kept, and an edit elsewhere follows.
        d.keep_check(1, Arc::new(IncrementalCheck::new(&v1, &config)));
        // (In section 二: alone, an edit there re-reads only that section.)
        let edit = replace_at(&d.rope, cell_in_two(&text), "1");
        d.apply_changes(&[edit], enc, 3);
        let (base, change) = d.check_base().expect("a base");
        let incremental = base.update(&d.rope, change, &config);
        let whole = IncrementalCheck::new(&d.rope, &config);
        assert_eq!(findings(&incremental), findings(&whole));
        assert!(findings(&whole)
            .iter()
            .any(|(code, _)| *code == "row-total"));
    }

    /// Close and reopen of the same URI: the analysis of the old text, finishing late, is
    /// not the new document's base.
    #[test]
    fn a_check_of_the_text_before_a_reopen_is_not_adopted() {
        let config = Config::default();
        let (text, total) = report();
        let old = Document::new(&text, 1, 1, "plaintext");
        let old_check = Arc::new(IncrementalCheck::new(&old.rope, &config));
        // Reopened (at version 1 again) with other text.
        let mut text2 = text.clone();
        text2.replace_range(total..=total, "9");
        let mut d = Document::new(&text2, 1, 5, "plaintext");
        d.keep_check(1, old_check);
        assert!(d.checked.is_none());
        let edit = replace_at(&d.rope, cell_in_two(&text2), "1");
        d.apply_changes(&[edit], PositionEncoding::Utf16, 6);
        assert!(
            d.check_base().is_none(),
            "the old text's check would be the base"
        );
        d.keep_check(5, Arc::new(IncrementalCheck::new(text2.as_str(), &config)));
        let (base, change) = d.check_base().expect("the new text's check");
        assert_eq!(
            findings(&base.update(&d.rope, change, &config)),
            findings(&IncrementalCheck::new(&d.rope, &config))
        );
    }

    #[test]
    fn the_log_of_a_document_never_checked_is_bounded() {
        let mut d = Document::new("", 1, 1, "rust");
        for i in 0..(MAX_LOGGED_EDITS as u64 + 10) {
            d.apply_changes(&[insert(0, 0, "x")], PositionEncoding::Utf16, i + 2);
        }
        assert!(d.edits.len() <= MAX_LOGGED_EDITS);
    }

    use tower_lsp_server::ls_types::{Position, Range};

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn incremental_edits_after_astral_chars() {
        let mut d = Document::new("𠀀😀TODO\n第二行\n", 1, 1, "plaintext");
        // UTF-16: 𠀀 = 2 units, 😀 = 2 units -> "TODO" at 4..8
        d.apply_change(&change(0, 4, 0, 8, "DONE"), PositionEncoding::Utf16);
        assert_eq!(d.rope.to_string(), "𠀀😀DONE\n第二行\n");
        // UTF-8: 第 is 3 bytes -> insert after it.
        d.apply_change(&change(1, 3, 1, 3, "X"), PositionEncoding::Utf8);
        assert_eq!(d.rope.to_string(), "𠀀😀DONE\n第X二行\n");
        // Delete across the line break.
        d.apply_change(&change(0, 8, 1, 0, ""), PositionEncoding::Utf16);
        assert_eq!(d.rope.to_string(), "𠀀😀DONE第X二行\n");
        // Reversed and out-of-range range: clamped and swapped, no panic.
        d.apply_change(&change(99, 0, 0, 99, "!"), PositionEncoding::Utf16);
        assert_eq!(d.rope.to_string(), "𠀀😀DONE第X二行!");
        // Full replacement.
        d.apply_change(
            &TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "new".into(),
            },
            PositionEncoding::Utf16,
        );
        assert_eq!(d.rope.to_string(), "new");
    }
}
