//! An open text document: a rope, the client's version, a server-side epoch, and the last
//! analysis result (kept so "fix all" does not have to re-analyse).

use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use super::position::range_to_chars;
use crate::check::Diagnostic;
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
    /// The findings last published, with the epoch they were computed for.
    pub last: Option<(u64, Arc<Vec<Diagnostic>>)>,
    /// The newest incremental check state, with the epoch of the text it is for.
    pub checked: Option<(u64, Arc<IncrementalCheck>)>,
    /// The edits made since that text, with their epochs (`None`: the whole text was replaced).
    pub edits: Vec<(u64, Option<Change>)>,
}

impl Document {
    /// Creates a document from the didOpen text.
    #[must_use]
    pub fn new(text: &str, version: i32, epoch: u64, language_id: &str) -> Self {
        Self {
            rope: Rope::from_str(text),
            version,
            epoch,
            language_id: language_id.to_string(),
            last: None,
            checked: None,
            edits: Vec::new(),
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
    pub fn apply_changes(
        &mut self,
        changes: &[TextDocumentContentChangeEvent],
        enc: PositionEncoding,
        epoch: u64,
    ) {
        for change in changes {
            let edit = self.apply_change(change, enc);
            // Without a check state there is nothing to apply the edits to (documents that are
            // never checked, such as other languages, keep no log).
            if self.checked.is_some() {
                self.edits.push((epoch, edit));
            }
        }
        self.epoch = epoch;
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
    /// unless a newer one is kept already.
    pub fn keep_check(&mut self, epoch: u64, check: Arc<IncrementalCheck>) {
        if self.checked.as_ref().is_some_and(|(e, _)| *e >= epoch) {
            return;
        }
        self.edits.retain(|(e, _)| *e > epoch);
        self.checked = Some((epoch, check));
    }

    /// The findings of the current text, if they were computed already.
    #[must_use]
    pub fn current_findings(&self) -> Option<Arc<Vec<Diagnostic>>> {
        match &self.last {
            Some((epoch, diags)) if *epoch == self.epoch => Some(Arc::clone(diags)),
            _ => None,
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
        // No check yet: nothing to log against.
        d.apply_changes(&[insert(0, 0, "x")], enc, 2);
        assert!(d.edits.is_empty() && d.check_base().is_none());
        let check = Arc::new(IncrementalCheck::new(&d.rope, &Config::default()));
        d.keep_check(2, check);
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
