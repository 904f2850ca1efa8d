//! Checks: the rule catalog run over a report model.
//!
//! Every rule is one file in `rules/`, declared with [`declare_rule!`]: its doc
//! comment is what `nianbao explain CODE` prints and what the editor's hover
//! shows. Rules see the [`Context`] and push [`Diagnostic`]s; they never touch
//! positions in lines/characters, terminals or LSP types.

pub mod config;
pub mod doc;
pub mod facts;
pub mod fix;
pub mod render;
pub mod rules;
pub mod suppress;

use crate::model::narrative::Prose;
use crate::model::{Analysis, Report};
use crate::template::Templates;
use crate::text::TextRange;
pub use config::{Config, Lang};
pub use facts::{FactContext, Facts, Previous};

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

/// Whether a fix may be applied without a person looking (ruff's applicability).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Keeps the meaning: a label, an inserted row whose values the totals confirm.
    Safe,
    /// Changes or invents a number the author must confirm.
    NeedsReview,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::NeedsReview => "needs-review",
        }
    }
}

/// Replace `range` of the document with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edit {
    pub range: TextRange,
    pub new_text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    /// Non-overlapping edits, in document order.
    pub edits: Vec<Edit>,
}

/// A place that explains a finding: a part of a sum, the other side of a balance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub range: TextRange,
    pub message: String,
    /// The place is in another file (the previous year's report): `range` is then unused.
    pub elsewhere: Option<facts::Elsewhere>,
}

impl Related {
    /// A place in the finding's own document.
    pub fn here(range: TextRange, message: String) -> Related {
        Related {
            range,
            message,
            elsewhere: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's stable code (`row-total`).
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub range: TextRange,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

/// What a rule sees.
pub struct Context<'a, 't> {
    pub text: &'a str,
    pub analysis: &'a Analysis<'t>,
    pub templates: &'t Templates,
    pub config: &'a Config,
    /// The report year: the configured one, else the one the text states.
    pub year: Option<i32>,
    /// The prose, read when a rule first asks (and kept for the report's [`Facts`]).
    prose: std::cell::OnceCell<Prose>,
    /// The equations of each table, made when a rule first asks.
    equations: std::cell::OnceCell<Vec<rules::support::TableEquations>>,
}

impl<'a, 't> Context<'a, 't> {
    pub fn report(&self) -> &'a Report<'t> {
        &self.analysis.report
    }

    /// What the report's prose says, read once for every rule that reads it.
    pub(crate) fn prose(&self) -> &Prose {
        self.prose
            .get_or_init(|| facts::read_prose(self.text, self.analysis))
    }

    /// The equations of each of the report's tables (in order), made once for every rule
    /// that checks them.
    pub(crate) fn equations(&self) -> &[rules::support::TableEquations] {
        self.equations.get_or_init(|| {
            self.report()
                .tables
                .iter()
                .map(rules::support::TableEquations::new)
                .collect()
        })
    }

    /// A message in the configured language.
    pub fn msg(&self, zh: String, en: String) -> String {
        match self.config.lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// What a rule's findings depend on, which decides when an editor must run it again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One table, heading or section at a time: re-run on the section an edit is in.
    Local,
    /// The report as a whole (its headings, its year, its tables against its prose).
    Report,
    /// The report against the same issuer's report of the previous year.
    Years,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Local => "local",
            Scope::Report => "report",
            Scope::Years => "years",
        }
    }
}

/// Which fixes a rule offers (ruff's fix availability).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixes {
    None,
    /// Always safe.
    Safe,
    /// Always needs review.
    NeedsReview,
    /// Safe when the report confirms it, else needs review.
    SafeOrReview,
}

impl Fixes {
    pub fn offered(self) -> bool {
        self != Fixes::None
    }
}

/// How a rule runs: over the whole report model, or over the report's [`Facts`] (what the
/// comparisons across tables, prose and years read), which an editor keeps per section so
/// that they are re-run after every edit without reading the document again.
#[derive(Clone, Copy)]
pub enum Run {
    Model(fn(&Context, &mut Vec<Diagnostic>)),
    Facts(fn(&FactContext, &mut Vec<Diagnostic>)),
}

/// A rule of the catalog.
#[derive(Clone, Copy)]
pub struct RuleInfo {
    pub code: &'static str,
    /// The rule's type name (`RowTotalMismatch`).
    pub name: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    pub fixes: Fixes,
    /// Markdown documentation: what, why, example, fix.
    pub doc: &'static str,
    /// One-line summary (the doc's first line).
    pub summary: &'static str,
    pub run: Run,
}

impl std::fmt::Debug for RuleInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleInfo")
            .field("code", &self.code)
            .finish()
    }
}

/// Declares a rule: a unit struct whose doc comment is the rule's documentation, with its
/// code, default severity, [`Scope`], [`Fixes`] and how it runs ([`Run`]).
///
/// ```ignore
/// declare_rule! {
///     /// One-line summary.
///     ///
///     /// ## What it does …
///     pub struct RowTotalMismatch => "row-total", Severity::Error,
///         scope: Local, fixes: NeedsReview, Model(check)
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* pub struct $name:ident => $code:literal, $severity:expr,
        scope: $scope:ident, fixes: $fixes:ident, $kind:ident($run:path)) => {
        $(#[doc = $doc])*
        pub struct $name;
        impl $name {
            pub const INFO: $crate::check::RuleInfo = $crate::check::RuleInfo {
                code: $code,
                name: stringify!($name),
                severity: $severity,
                scope: $crate::check::Scope::$scope,
                fixes: $crate::check::Fixes::$fixes,
                doc: concat!($($doc, "\n"),*),
                summary: $crate::check::first_line(concat!($($doc, "\n"),*)),
                run: $crate::check::Run::$kind($run),
            };
        }
    };
}

/// The first non-empty line of a doc comment, trimmed (usable in consts).
pub const fn first_line(doc: &'static str) -> &'static str {
    let bytes = doc.as_bytes();
    let mut start = 0;
    while start < bytes.len() && (bytes[start] == b' ' || bytes[start] == b'\n') {
        start += 1;
    }
    let mut end = start;
    while end < bytes.len() && bytes[end] != b'\n' {
        end += 1;
    }
    let (_, rest) = bytes.split_at(start);
    let (line, _) = rest.split_at(end - start);
    match std::str::from_utf8(line) {
        Ok(s) => s,
        Err(_) => "",
    }
}

/// Looks a rule up by code.
pub fn rule(code: &str) -> Option<&'static RuleInfo> {
    rules::ALL.iter().find(|r| r.code == code)
}

/// Runs every enabled rule; findings sorted by position, then code.
pub fn check(text: &str, analysis: &Analysis, config: &Config) -> Vec<Diagnostic> {
    check_with(text, analysis, config, Templates::builtin())
}

pub fn check_with<'t>(
    text: &str,
    analysis: &Analysis<'t>,
    config: &Config,
    templates: &'t Templates,
) -> Vec<Diagnostic> {
    check_inner(text, analysis, config, templates, false).0
}

/// [`check_with`], and the report's [`Facts`] it read (made here when no rule needed them):
/// for what else reads them — the incremental check, the comparison with last year's report —
/// without reading the prose again.
pub fn check_keeping_facts<'t>(
    text: &str,
    analysis: &Analysis<'t>,
    config: &Config,
    templates: &'t Templates,
) -> (Vec<Diagnostic>, Facts<'t>) {
    let (findings, facts) = check_inner(text, analysis, config, templates, true);
    (findings, facts.unwrap_or_else(|| Facts::of(text, analysis)))
}

fn check_inner<'t>(
    text: &str,
    analysis: &Analysis<'t>,
    config: &Config,
    templates: &'t Templates,
    keep_facts: bool,
) -> (Vec<Diagnostic>, Option<Facts<'t>>) {
    let year = config
        .year
        .or(analysis.report.year.as_ref().map(|y| y.value));
    if !analysis.report.looks_like_report() && !config.force {
        return (Vec::new(), None);
    }
    let ctx = Context {
        text,
        analysis,
        templates,
        config,
        year,
        prose: std::cell::OnceCell::new(),
        equations: std::cell::OnceCell::new(),
    };
    let mut out = Vec::new();
    let mut has_fact_rules = false;
    run_enabled(config, &mut out, |rule, out| match rule.run {
        Run::Model(run) => run(&ctx, out),
        Run::Facts(_) => has_fact_rules |= rule.scope != Scope::Years,
    });
    // The prose the rules over the model read (if any did) is the facts' narrative.
    let facts = (has_fact_rules || keep_facts).then(|| {
        let prose = ctx
            .prose
            .into_inner()
            .unwrap_or_else(|| facts::read_prose(text, analysis));
        Facts::with_narrative(text, analysis, prose.narrative)
    });
    if let Some(facts) = facts.as_ref().filter(|_| has_fact_rules) {
        out.extend(check_facts(
            facts,
            &FactSetting {
                year,
                template: analysis.report.template,
                config,
                templates,
            },
        ));
    }
    (finish(out, config), facts)
}

/// What the rules over [`Facts`] are run with besides the facts: what the whole report
/// decided (its year and generation) and the configuration.
pub struct FactSetting<'a, 't> {
    pub year: Option<i32>,
    pub template: Option<&'t crate::template::Template>,
    pub config: &'a Config,
    pub templates: &'t Templates,
}

/// Runs the enabled rules of [`Scope::Report`] that read [`Facts`]. Sorted as [`check`]
/// sorts.
pub fn check_facts(facts: &Facts, setting: &FactSetting) -> Vec<Diagnostic> {
    run_facts(facts, setting, None)
}

/// Runs the enabled rules of [`Scope::Years`]: the report's facts against the same
/// issuer's report of the previous year. Sorted as [`check`] sorts.
pub fn check_years(facts: &Facts, setting: &FactSetting, previous: &Previous) -> Vec<Diagnostic> {
    run_facts(facts, setting, Some(previous))
}

fn run_facts(facts: &Facts, setting: &FactSetting, previous: Option<&Previous>) -> Vec<Diagnostic> {
    let ctx = FactContext {
        facts,
        year: setting.year,
        template: setting.template,
        config: setting.config,
        templates: setting.templates,
        previous,
    };
    let scope = if previous.is_some() {
        Scope::Years
    } else {
        Scope::Report
    };
    let mut out = Vec::new();
    run_enabled(setting.config, &mut out, |rule, out| match rule.run {
        Run::Facts(run) if rule.scope == scope => run(&ctx, out),
        _ => {}
    });
    finish(out, setting.config)
}

/// Runs `run` for every rule the configuration enables, a configured severity applied to
/// what it found.
fn run_enabled(
    config: &Config,
    out: &mut Vec<Diagnostic>,
    mut run: impl FnMut(&RuleInfo, &mut Vec<Diagnostic>),
) {
    for rule in rules::ALL {
        let Some(severity) = config.severity_of(rule) else {
            continue;
        };
        let start = out.len();
        run(rule, out);
        // A configured severity wins over the rule's own (which may vary by case).
        if let Some(config::RuleSetting::Severity(_)) = config.rules.get(rule.code) {
            for d in &mut out[start..] {
                d.severity = severity;
            }
        }
    }
}

fn finish(mut out: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    for fix in out.iter_mut().flat_map(|d| &mut d.fixes) {
        mark_needs_review(fix, config.lang);
    }
    sort(&mut out);
    out
}

/// Findings in the order every front end shows them: by position, then code.
pub fn sort(out: &mut [Diagnostic]) {
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
}

/// A rule's page, as `nianbao explain CODE` prints it and `docs/rules/CODE.md` holds it.
#[must_use]
pub fn rule_page(rule: &RuleInfo) -> String {
    format!(
        "# {} ({}, {})\n\n{}\n",
        rule.code,
        rule.name,
        rule.severity.as_str(),
        rule.doc.trim_end()
    )
}

/// A fix that needs review says so in its title, wherever it is shown (the editor's quick
/// fix menu shows nothing else): `（需复核）`, ` (needs review)`.
pub fn mark_needs_review(fix: &mut Fix, lang: Lang) {
    if fix.applicability != Applicability::NeedsReview
        || fix.title.contains(NEEDS_REVIEW_ZH)
        || fix.title.contains(NEEDS_REVIEW_EN)
    {
        return;
    }
    match lang {
        Lang::Zh => fix.title.push_str(&format!("（{NEEDS_REVIEW_ZH}）")),
        Lang::En => fix.title.push_str(&format!(" ({NEEDS_REVIEW_EN})")),
    }
}

/// What a needs-review fix's title says, in each language.
pub const NEEDS_REVIEW_ZH: &str = "需复核";
pub const NEEDS_REVIEW_EN: &str = "needs review";

/// Parses and checks a text with the built-in templates.
pub fn analyze_and_check(text: &str, config: &Config) -> (Analysis<'static>, Vec<Diagnostic>) {
    let analysis = crate::model::analyze(text);
    let diagnostics = check(text, &analysis, config);
    (analysis, diagnostics)
}

/// Checks a document's source text of `format` (what an editor holds): an HTML page is read
/// into its reading and its findings put back on the page's source (see [`on_source`]); other
/// texts are their own reading; then the text's suppression comments are applied
/// ([`suppress`]). Whether the text looked like a report, and the findings.
pub fn check_source(
    source: &str,
    format: crate::read::Format,
    config: &Config,
) -> (bool, Vec<Diagnostic>) {
    let doc = crate::read::read_text(source, format);
    let (analysis, diagnostics) = analyze_and_check(&doc.text, config);
    let diagnostics = on_source(&doc, diagnostics);
    (
        analysis.report.looks_like_report(),
        suppress::apply_to_document(&doc, diagnostics, config).diagnostics,
    )
}

/// Findings on a document's reading as findings on its source text (see
/// [`crate::read::Document::source_text`]): every range mapped; a fix kept
/// only when each of its edits replaces text that is the source's own (an
/// HTML page's cell text, not markup or an entity), written as the source
/// format needs; none for a document without a source text (`.docx`, PDF).
pub fn on_source(doc: &crate::read::Document, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if doc.is_own_reading() {
        return diagnostics;
    }
    diagnostics
        .into_iter()
        .map(|d| Diagnostic {
            range: doc.to_source(d.range),
            related: d
                .related
                .into_iter()
                .map(|r| Related {
                    range: if r.elsewhere.is_some() {
                        r.range
                    } else {
                        doc.to_source(r.range)
                    },
                    ..r
                })
                .collect(),
            fixes: d
                .fixes
                .into_iter()
                .filter_map(|fix| {
                    let edits = fix
                        .edits
                        .iter()
                        .map(|e| {
                            Some(Edit {
                                range: doc.editable(e.range, &e.new_text)?,
                                new_text: doc.source_text_for(&e.new_text),
                            })
                        })
                        .collect::<Option<Vec<Edit>>>()?;
                    Some(Fix { edits, ..fix })
                })
                .collect(),
            ..d
        })
        .collect()
}
