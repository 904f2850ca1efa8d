//! The analysis of one version of a document, built once and shared by everything the
//! server answers about that version: the published diagnostics, code actions and their
//! resolution, fix-all, hover, inlay hints, symbols, folding, completion and formatting.
//!
//! An [`Analysed`] is made by the analysis task for each version it analyses (incrementally
//! from the previous one, region by region; see [`crate::incremental`]) with the document's
//! configuration resolved for it, and kept on the document until the next one. The whole
//! text as a string and its model are made on first use and then kept: several requests
//! after one keystroke read the text once. A document the incremental check reads region by
//! region answers from the regions' models it keeps (see [`Analysed::parts`]); otherwise the
//! whole model of the check is kept at once and never made again.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

use crate::check::{Config, Diagnostic, Facts, Previous};
use crate::incremental::IncrementalCheck;
use crate::model::Analysis;
use crate::set::{Digest, ReportKey};
use crate::text::{PositionEncoding, TextRange};

use super::workspace::{self, SetRef};

/// A stretch of the text and its model (ranges relative to the stretch's start).
#[derive(Clone, Copy, Debug)]
pub struct Part<'a> {
    pub range: TextRange,
    pub model: &'a Analysis<'static>,
}

/// One version of a document, analysed.
#[derive(Debug)]
pub struct Analysed {
    pub uri: Uri,
    /// The server's epoch of the text (see [`super::document::Document::epoch`]).
    pub epoch: u64,
    /// The client's version of the text.
    pub version: i32,
    /// The didOpen the text belongs to ([`super::document::Document::opened`]).
    pub generation: u64,
    pub rope: Rope,
    pub enc: PositionEncoding,
    pub language_id: String,
    /// The configuration the text was checked with (`nianbao.toml` and the editor's settings,
    /// resolved once for this version).
    pub config: Arc<Config>,
    /// The findings, in the core's order (empty for a text that is not a report). Published
    /// diagnostics name theirs by index in this list.
    pub findings: Arc<Vec<Diagnostic>>,
    /// The incremental check state (plain text and Markdown), the base for the next edit.
    pub check: Option<Arc<IncrementalCheck>>,
    /// Did the text look like a report (or is it checked anyway, `force`)?
    pub is_report: bool,
    /// The epoch of the text's last change (a document analysed again for another reason,
    /// such as last year's report changing, keeps it).
    pub text_epoch: u64,
    /// Whose report of which year it is (`None`: not a report, or no year or issuer).
    pub key: Option<ReportKey>,
    /// Its facts, ranges on the document's text (an HTML page's source): what the next
    /// year's report is compared with.
    pub facts: Option<Arc<Facts<'static>>>,
    /// The reports of the set it was compared with: the candidates for its previous year
    /// (compared only when there is one), as they were.
    pub compared: SetRef,
    digest: OnceLock<Option<Digest>>,
    text: OnceLock<String>,
    model: OnceLock<Analysis<'static>>,
}

impl Analysed {
    /// An analysed version; `model` when the check read the whole text anyway.
    #[allow(clippy::too_many_arguments)]
    #[must_use]
    pub fn new(
        uri: Uri,
        (epoch, version, generation): (u64, i32, u64),
        rope: Rope,
        enc: PositionEncoding,
        language_id: String,
        config: Arc<Config>,
        findings: Vec<Diagnostic>,
        check: Option<Arc<IncrementalCheck>>,
        is_report: bool,
        model: Option<Analysis<'static>>,
    ) -> Self {
        let cell = OnceLock::new();
        if let Some(m) = model {
            let _ = cell.set(m);
        }
        Self {
            uri,
            epoch,
            version,
            generation,
            rope,
            enc,
            language_id,
            config,
            findings: Arc::new(findings),
            check,
            is_report,
            text_epoch: epoch,
            key: None,
            facts: None,
            compared: SetRef::default(),
            digest: OnceLock::new(),
            text: OnceLock::new(),
            model: cell,
        }
    }

    /// What the next year's report is compared with (made once, when one asks): its key, its
    /// facts with their positions in this text, related information naming its URI.
    pub fn digest(&self) -> Option<Digest> {
        self.digest
            .get_or_init(|| {
                let key = self.key.clone()?;
                let facts = Facts::clone(self.facts.as_deref()?);
                let previous =
                    Previous::with_positions(self.uri.as_str().into(), key.year, facts, |o| {
                        workspace::file_position(&self.rope, o)
                    });
                Some(Digest {
                    key,
                    previous: Arc::new(previous),
                })
            })
            .clone()
    }

    /// The whole text (made once).
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| self.rope.to_string())
    }

    /// The model of the whole text (made once).
    pub fn model(&self) -> &Analysis<'static> {
        self.model
            .get_or_init(|| crate::model::analyze(self.text()))
    }

    /// The models the features read: the whole text's when it was made, else the regions'
    /// the incremental check keeps (after an edit inside one region nothing else is read
    /// again), else the whole text's, made now.
    pub fn parts(&self) -> Vec<Part<'_>> {
        if self.model.get().is_none() {
            if let Some(regions) = self.check.as_ref().and_then(|c| c.region_models()) {
                return regions
                    .into_iter()
                    .map(|(range, model)| Part { range, model })
                    .collect();
            }
        }
        vec![Part {
            range: TextRange::new(0, self.rope.len_bytes()),
            model: self.model(),
        }]
    }

    /// The part that holds byte `offset` (the last one starting at or before it).
    pub fn part_at(&self, offset: usize) -> Part<'_> {
        let parts = self.parts();
        let i = parts
            .partition_point(|p| p.range.start <= offset)
            .saturating_sub(1);
        parts[i]
    }

    /// The text of a part.
    pub fn part_text(&self, part: &Part) -> Cow<'_, str> {
        if part.range.start == 0 && part.range.end == self.rope.len_bytes() {
            Cow::Borrowed(self.text())
        } else {
            self.rope
                .byte_slice(part.range.start..part.range.end)
                .into()
        }
    }

    /// Is the document Markdown (its language or its name)?
    #[must_use]
    pub fn is_markdown(&self) -> bool {
        self.language_id.eq_ignore_ascii_case("markdown")
            || self.uri.as_str().ends_with(".md")
            || self.uri.as_str().ends_with(".markdown")
    }

    /// Is the document an HTML page (its findings are on the markup; the drafting features
    /// read text)?
    #[must_use]
    pub fn is_html(&self) -> bool {
        super::analysis::is_html(&self.language_id)
    }
}
