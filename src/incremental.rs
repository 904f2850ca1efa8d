//! Incremental checking of a document being edited: after an edit, only the
//! section that contains it is read and checked again.
//!
//! A document is cut into *regions* at its section headings (region 0 is
//! whatever comes before the first heading). A region's headings and tables
//! depend on its own text alone — table candidates never cross a heading and
//! a label broken by a line break never joins across one — and every rule but
//! the report-wide ones (scope [`Scope::Report`]) looks at one table or heading at a
//! time. So an edit inside one region is handled by reading and checking that
//! region alone, provided nothing the rest of the document depends on changed:
//! the region's *footprint* (its heading, the generations of its tables, the
//! style of its first table, the lines that decide the report's year, date and
//! issuer, its line endings) is the same as before, and no report-wide finding
//! touches it. Otherwise the whole document is analysed again.
//!
//! Either way the findings equal [`check::analyze_and_check`] on the whole
//! text. That is checked when a document is analysed whole: if reading its
//! regions one by one would give anything else, the document is always
//! analysed whole.
//!
//! The cost of an edit inside one region is that of the region, whatever the
//! size of the document (plus copying the findings): a keystroke in a table of
//! a report with a huge prose section, or in one of hundreds of reports pasted
//! into one document, re-reads only that table's section.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use crate::check::config::RuleSetting;
use crate::check::render::Style;
use crate::check::suppress::Markers;
use crate::check::{self, Config, Diagnostic, FactSetting, Facts, Run, Scope};
use crate::model::{self, Analysis, Located, Report};
use crate::template::{Template, Templates};
use crate::text::TextRange;

/// Is `code` a rule over the whole model (not one table or heading), whose findings are only
/// ever computed on the whole document? (`template-mismatch` names only the report's first
/// table in a wrong generation.) Rules over [`Facts`] are run again after every edit instead.
fn model_wide(code: &str) -> bool {
    check::rule(code).is_some_and(|r| r.scope != Scope::Local && matches!(r.run, Run::Model(_)))
}

/// Is `code` a rule over [`Facts`]?
fn over_facts(code: &str) -> bool {
    check::rule(code).is_some_and(|r| matches!(r.run, Run::Facts(_)))
}

/// A document text that can be sliced: a `str`, or the rope an editor's
/// document lives in (so that an edit does not copy the whole text).
pub trait Source {
    fn len_bytes(&self) -> usize;
    /// The text of a byte range that starts and ends on character boundaries.
    fn slice(&self, range: Range<usize>) -> Cow<'_, str>;
    /// The character boundary at or before byte `offset` (clamped to the text).
    fn floor_char_boundary(&self, offset: usize) -> usize;
}

impl Source for str {
    fn len_bytes(&self) -> usize {
        self.len()
    }
    fn slice(&self, range: Range<usize>) -> Cow<'_, str> {
        Cow::Borrowed(&self[range])
    }
    fn floor_char_boundary(&self, offset: usize) -> usize {
        crate::text::floor_char_boundary(self, offset.min(self.len()))
    }
}

impl Source for ropey::Rope {
    fn len_bytes(&self) -> usize {
        self.len_bytes()
    }
    fn slice(&self, range: Range<usize>) -> Cow<'_, str> {
        self.byte_slice(range).into()
    }
    fn floor_char_boundary(&self, offset: usize) -> usize {
        self.char_to_byte(self.byte_to_char(offset.min(self.len_bytes())))
    }
}

/// What changed since the text last analysed: the bytes `start..old_end` of
/// the old text are now `start..new_end`; everything before is the same, and
/// everything after is the same but moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Change {
    /// `next` (in the coordinates of the text after `self`) merged into one
    /// change from the text before `self`.
    #[must_use]
    pub fn then(self, next: Change) -> Change {
        let start = self.start.min(next.start);
        // The end of the changed stretch in the text between the two edits.
        let mid_end = self.new_end.max(next.old_end);
        let old_end = if mid_end <= self.new_end {
            self.old_end
        } else {
            self.old_end + (mid_end - self.new_end)
        };
        let new_end = mid_end + next.new_end - next.old_end;
        Change {
            start,
            old_end,
            new_end,
        }
    }

    fn delta(&self) -> isize {
        self.new_end as isize - self.old_end as isize
    }
}

/// Everything about a region that the rest of the document depends on.
#[derive(Clone, Debug, PartialEq)]
struct Footprint {
    /// Number, title and officialness of its headings.
    headings: Vec<(u8, String, bool)>,
    /// Its tables' generations (and whether their shape fits several).
    tables: Vec<(String, bool)>,
    /// The style an inserted section copies when this region holds the first table.
    first_table_style: Option<Style>,
    /// See [`model::meta_footprint`].
    meta: Vec<String>,
    /// Line endings and Markdown headings decide how inserted sections look.
    eol: &'static str,
    markdown_heading_mark: bool,
    /// Where the report-wide findings anchor at the document's first words.
    blank: bool,
}

#[derive(Debug)]
struct RegionData {
    len: usize,
    footprint: Footprint,
    /// The region's findings, ranges relative to its start.
    findings: Vec<Diagnostic>,
    /// The model of the region's text read alone (ranges relative to its start), when it
    /// could be read so: what the editor's features read after an edit inside the region.
    model: Option<Analysis<'static>>,
    /// The facts of the region's text read alone (ranges relative to its start).
    facts: Facts<'static>,
}

#[derive(Clone, Debug)]
struct Region {
    start: usize,
    data: Arc<RegionData>,
}

impl Region {
    fn end(&self) -> usize {
        self.start + self.data.len
    }
}

/// What every region is checked with: the report's year, generation and the
/// configuration without the report-wide rules.
#[derive(Clone, Debug)]
struct Global {
    year: Option<i32>,
    /// The issuer the text names (decided by the lines of the meta footprint).
    issuer: Option<String>,
    template: Option<&'static Template>,
    mixed: bool,
    region_config: Config,
}

/// How the last update was done (for tests and benchmarks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// The whole document was analysed.
    Whole,
    /// Only the region containing the edit was.
    Region,
}

/// The findings of a document, kept so that the next edit can be checked incrementally.
#[derive(Clone, Debug)]
pub struct IncrementalCheck {
    config: Config,
    len: usize,
    looks_like_report: bool,
    /// Can regions be checked one by one in this document?
    regional: bool,
    global: Global,
    regions: Vec<Region>,
    /// Findings of the rules over the whole model ([`model_wide`]), absolute ranges.
    report_wide: Vec<Diagnostic>,
    /// The regions' facts, joined (absolute ranges).
    facts: Arc<Facts<'static>>,
    /// Findings of the rules over facts, absolute ranges: computed after every update.
    from_facts: Vec<Diagnostic>,
    path: Path,
    /// Where the text may hold suppression comments (kept through edits; the findings above
    /// are the rules' own, before [`check::suppress`]).
    markers: Markers,
}

impl IncrementalCheck {
    /// Analyses and checks a whole document.
    pub fn new(text: &(impl Source + ?Sized), config: &Config) -> Self {
        Self::new_with_model(text, config).0
    }

    /// [`IncrementalCheck::new`], and the model of the whole text it was computed from
    /// (the editor's features share it rather than read the text again).
    pub fn new_with_model(
        text: &(impl Source + ?Sized),
        config: &Config,
    ) -> (Self, Analysis<'static>) {
        let whole = text.slice(0..text.len_bytes());
        let (mut check, model) = Self::whole(&whole, config);
        check.markers = Markers::scan(&whole);
        (check, model)
    }

    /// The findings after `change` turned the text last analysed into `text`.
    /// A change that does not match the text's length is treated as unknown.
    pub fn update(&self, text: &(impl Source + ?Sized), change: Change, config: &Config) -> Self {
        self.update_with_model(text, change, config).0
    }

    /// [`IncrementalCheck::update`], and the model of the whole text when the whole text
    /// was analysed (`None` when only the edited region was).
    pub fn update_with_model(
        &self,
        text: &(impl Source + ?Sized),
        change: Change,
        config: &Config,
    ) -> (Self, Option<Analysis<'static>>) {
        // Nothing changed (the document is checked again because something else did, such
        // as last year's report it is compared with): the same findings.
        let unchanged = change.start == change.old_end && change.old_end == change.new_end;
        if unchanged && text.len_bytes() == self.len && *config == self.config {
            return (self.clone(), None);
        }
        match self.update_in_region(text, change, config) {
            Some(mut check) => {
                // The lengths matched (checked above): only the edit's stretch is scanned.
                let edit = (change.start, change.old_end, change.new_end);
                let (a, b) = Markers::window(edit, text.len_bytes());
                let (a, b) = (text.floor_char_boundary(a), text.floor_char_boundary(b));
                check.markers = self.markers.edited(edit, a, &text.slice(a..b));
                (check, None)
            }
            None => {
                let (check, model) = Self::new_with_model(text, config);
                (check, Some(model))
            }
        }
    }

    /// Where the text may hold suppression comments, for [`check::suppress::apply`].
    pub fn markers(&self) -> &Markers {
        &self.markers
    }

    /// Every finding, in the order [`check::check`] gives.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self.report_wide.clone();
        out.extend(self.from_facts.iter().cloned());
        for region in &self.regions {
            out.extend(region.data.findings.iter().map(|d| {
                let mut d = d.clone();
                shift_ranges(&mut d, |r| r.shifted(region.start as isize));
                d
            }));
        }
        sort(&mut out);
        out
    }

    /// The document's facts (what the rules over facts, and those comparing it with the
    /// previous year's report, read), kept current through edits.
    pub fn facts(&self) -> Arc<Facts<'static>> {
        self.facts.clone()
    }

    /// Did the text look like a report (sections or tables found)?
    pub fn looks_like_report(&self) -> bool {
        self.looks_like_report
    }

    /// The report year: the configured one, else the one the text states.
    pub fn year(&self) -> Option<i32> {
        self.global.year
    }

    /// The issuer the text names, as written.
    pub fn issuer(&self) -> Option<&str> {
        self.global.issuer.as_deref()
    }

    /// The generation of the report's tables.
    pub fn template(&self) -> Option<&'static Template> {
        self.global.template
    }

    /// Can edits in this document be checked region by region? (Otherwise
    /// every edit analyses the whole document.)
    pub fn is_regional(&self) -> bool {
        self.regional
    }

    /// The regions' models when the document is checked region by region: each region's
    /// byte range and the model of its text read alone (ranges relative to its start). They
    /// give what the whole text's model gives there (the findings are checked to).
    pub fn region_models(&self) -> Option<Vec<(TextRange, &Analysis<'static>)>> {
        if !self.regional {
            return None;
        }
        self.regions
            .iter()
            .map(|r| {
                let model = r.data.model.as_ref()?;
                Some((TextRange::new(r.start, r.end()), model))
            })
            .collect()
    }

    /// How many regions the document was cut into.
    pub fn region_count(&self) -> usize {
        self.regions.len()
    }

    /// How this state was computed.
    pub fn path(&self) -> Path {
        self.path
    }

    /// Byte length of the text analysed.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn whole(text: &str, config: &Config) -> (Self, Analysis<'static>) {
        let templates = Templates::builtin();
        let analysis = model::analyze(text);
        let (findings, whole_facts) =
            check::check_keeping_facts(text, &analysis, config, templates);
        let report = &analysis.report;
        let global = Global {
            year: config.year.or(report.year.as_ref().map(|y| y.value)),
            issuer: report.issuer.as_ref().map(|i| i.name.clone()),
            template: report.template,
            mixed: report.mixed_templates,
            region_config: region_config(config),
        };
        // Region 0 (before the first heading) may be empty.
        let mut starts: Vec<usize> = vec![0];
        starts.extend(report.sections.iter().map(|s| s.body.start));
        let (from_facts, findings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            findings.into_iter().partition(|d| over_facts(d.code));
        let (report_wide, mut by_region): (Vec<Diagnostic>, Vec<Diagnostic>) =
            findings.into_iter().partition(|d| model_wide(d.code));
        let mut facts = Facts::default();
        let mut regional = starts[1..].windows(2).all(|w| w[0] < w[1]);
        let mut regions = Vec::with_capacity(starts.len());
        let mut summaries = Vec::new();
        for (i, &start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(text.len());
            let slice = &text[start..end];
            // The reference findings that start in this region, made relative.
            let split = if i + 1 == starts.len() {
                by_region.len()
            } else {
                by_region.partition_point(|d| d.range.start < end)
            };
            let mut mine: Vec<Diagnostic> = by_region.drain(..split).collect();
            for d in &mut mine {
                shift_ranges(d, |r| r.shifted(-(start as isize)));
            }
            // A region read alone must give what the whole document gives there.
            let (footprint, model) = match read_region(slice, i == 0, &global, templates) {
                Some(read) => {
                    regional &=
                        read.findings == mine && mine.iter().all(|d| in_bounds(d, slice.len()));
                    summaries.extend(read.tables);
                    facts.extend(read.facts.clone().shifted(start as isize));
                    (read.footprint, Some((read.analysis, read.facts)))
                }
                None => {
                    regional = false;
                    (Footprint::default_for(slice), None)
                }
            };
            let (model, region_facts) = match model {
                Some((m, f)) => (Some(m), f),
                None => (None, Facts::default()),
            };
            regions.push(Region {
                start,
                data: Arc::new(RegionData {
                    len: slice.len(),
                    footprint,
                    findings: mine,
                    model,
                    facts: region_facts,
                }),
            });
        }
        // One line-ending style throughout, and the same generation decision.
        regional &= regions
            .windows(2)
            .all(|w| w[0].data.footprint.eol == w[1].data.footprint.eol);
        let decided = model::decide_generation(summaries);
        regional &= decided.0.map(|t| &t.id) == report.template.map(|t| &t.id)
            && decided.1 == report.mixed_templates;
        // The rules over facts see the same facts region by region.
        regional &= facts == whole_facts;
        let looks_like_report = report.looks_like_report();
        let check = Self {
            config: config.clone(),
            len: text.len(),
            looks_like_report,
            regional,
            global,
            regions,
            report_wide,
            facts: Arc::new(whole_facts),
            from_facts,
            path: Path::Whole,
            markers: Markers::default(),
        };
        (check, analysis)
    }

    fn update_in_region(
        &self,
        text: &(impl Source + ?Sized),
        change: Change,
        config: &Config,
    ) -> Option<Self> {
        if !self.regional
            || *config != self.config
            || change.start > change.old_end
            || change.start > change.new_end
            || change.old_end > self.len
            || text.len_bytes() as isize != self.len as isize + change.delta()
        {
            return None;
        }
        let last = self.regions.len() - 1;
        let k = self.regions.iter().enumerate().position(|(i, r)| {
            r.start <= change.start
                && (change.old_end < r.end() || (i == last && change.old_end <= r.end()))
        })?;
        let old = &self.regions[k];
        let new_len = usize::try_from(old.data.len as isize + change.delta()).ok()?;
        let slice = text.slice(old.start..old.start + new_len);
        if k < last && !crate::text::ends_with_line_break(&slice) {
            return None;
        }
        let read = read_region(&slice, k == 0, &self.global, Templates::builtin())?;
        if read.footprint != old.data.footprint {
            return None;
        }
        let (lo, hi) = (old.start, old.end());
        let touches = |d: &Diagnostic| {
            let mut hit = false;
            visit_ranges(d, |r| hit |= r.end >= lo && r.start <= hi);
            hit
        };
        if self.report_wide.iter().any(touches) {
            return None;
        }
        let delta = change.delta();
        let mut regions = self.regions.clone();
        regions[k] = Region {
            start: old.start,
            data: Arc::new(RegionData {
                len: new_len,
                footprint: read.footprint,
                findings: read.findings,
                model: Some(read.analysis),
                facts: read.facts,
            }),
        };
        for r in &mut regions[k + 1..] {
            r.start = (r.start as isize + delta) as usize;
        }
        let mut report_wide = self.report_wide.clone();
        for d in &mut report_wide {
            shift_ranges(d, |r| {
                let at = |p: usize| {
                    if p >= hi {
                        (p as isize + delta) as usize
                    } else {
                        p
                    }
                };
                TextRange::new(at(r.start), at(r.end))
            });
        }
        let mut facts = Facts::default();
        for r in &regions {
            facts.extend(r.data.facts.clone().shifted(r.start as isize));
        }
        let from_facts = if self.looks_like_report || config.force {
            check::check_facts(
                &facts,
                &FactSetting {
                    year: self.global.year,
                    template: self.global.template,
                    config,
                    templates: Templates::builtin(),
                },
            )
        } else {
            Vec::new()
        };
        Some(Self {
            config: self.config.clone(),
            len: text.len_bytes(),
            looks_like_report: self.looks_like_report,
            regional: true,
            global: self.global.clone(),
            regions,
            report_wide,
            facts: Arc::new(facts),
            from_facts,
            path: Path::Region,
            markers: Markers::default(),
        })
    }
}

/// A region read and checked on its own.
struct ReadRegion {
    footprint: Footprint,
    tables: Vec<(&'static Template, bool)>,
    findings: Vec<Diagnostic>,
    analysis: Analysis<'static>,
    facts: Facts<'static>,
}

/// Reads and checks one region's text; `None` when its headings are not
/// those of a region (none in region 0, one on the first line elsewhere).
fn read_region(
    text: &str,
    first: bool,
    global: &Global,
    templates: &'static Templates,
) -> Option<ReadRegion> {
    let partial = model::analyze_partial(text, templates);
    let headings_fit = if first {
        partial.sections.is_empty()
    } else {
        partial.sections.len() == 1 && partial.sections[0].body.start == 0
    };
    if !headings_fit {
        return None;
    }
    let tables: Vec<(&'static Template, bool)> = partial
        .found
        .iter()
        .map(|f| (f.table.template, !f.alternatives.is_empty()))
        .collect();
    let meta = model::meta_footprint(text, &partial.syntax);
    let analysis = Analysis {
        report: Report {
            year: global.year.map(|value| Located {
                value,
                range: TextRange::empty(0),
            }),
            issuer: None,
            published: None,
            sections: partial.sections,
            tables: model::apply_generation(partial.found, global.template),
            template: global.template,
            mixed_templates: global.mixed,
            unread: Vec::new(),
        },
        line_index: partial.line_index,
        syntax: partial.syntax,
    };
    let footprint = Footprint {
        headings: analysis
            .report
            .sections
            .iter()
            .map(|s| (s.number, s.title.clone(), s.official))
            .collect(),
        tables: tables.iter().map(|(t, a)| (t.id.clone(), *a)).collect(),
        first_table_style: analysis
            .report
            .tables
            .first()
            .map(|t| Style::of_table(text, &analysis, t)),
        meta,
        ..Footprint::default_for(text)
    };
    // One read of the region's prose for its rules and its facts.
    let (findings, facts) =
        check::check_keeping_facts(text, &analysis, &global.region_config, templates);
    Some(ReadRegion {
        footprint,
        tables,
        findings,
        facts,
        analysis,
    })
}

impl Footprint {
    /// The text-only part of a footprint.
    fn default_for(text: &str) -> Footprint {
        Footprint {
            headings: Vec::new(),
            tables: Vec::new(),
            first_table_style: None,
            meta: Vec::new(),
            eol: crate::check::render::eol_of(text),
            markdown_heading_mark: crate::text::has_markdown_heading_mark(text),
            blank: text.trim().is_empty(),
        }
    }
}

/// The configuration regions are checked with: the report-wide rules off, and
/// no "does this look like a report" gate (the whole document decides that).
fn region_config(config: &Config) -> Config {
    let mut c = config.clone();
    for rule in check::rules::ALL.iter().filter(|r| r.scope != Scope::Local) {
        c.rules.insert(rule.code.to_string(), RuleSetting::Off);
    }
    c.force = true;
    c
}

fn sort(out: &mut [Diagnostic]) {
    check::sort(out);
}

fn visit_ranges(d: &Diagnostic, mut f: impl FnMut(TextRange)) {
    f(d.range);
    d.related.iter().for_each(|r| f(r.range));
    d.fixes
        .iter()
        .flat_map(|x| &x.edits)
        .for_each(|e| f(e.range));
}

fn shift_ranges(d: &mut Diagnostic, f: impl Fn(TextRange) -> TextRange) {
    d.range = f(d.range);
    for r in &mut d.related {
        r.range = f(r.range);
    }
    for e in d.fixes.iter_mut().flat_map(|x| &mut x.edits) {
        e.range = f(e.range);
    }
}

fn in_bounds(d: &Diagnostic, len: usize) -> bool {
    let mut ok = true;
    visit_ranges(d, |r| ok &= r.end <= len);
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_merge() {
        // "abcdef": replace "cd" (2..4) by "XYZ" -> "abXYZef"; then delete "Z" and "e" (4..6).
        let a = Change {
            start: 2,
            old_end: 4,
            new_end: 5,
        };
        let b = Change {
            start: 4,
            old_end: 6,
            new_end: 4,
        };
        // "abcdef" -> "abXYf": bytes 2..5 of the old text became 2..4.
        assert_eq!(
            a.then(b),
            Change {
                start: 2,
                old_end: 5,
                new_end: 4
            }
        );
        // An edit before the first one.
        let c = Change {
            start: 0,
            old_end: 1,
            new_end: 1,
        };
        assert_eq!(
            a.then(c),
            Change {
                start: 0,
                old_end: 4,
                new_end: 5
            }
        );
    }
}
