//! Reports checked together: grouped by issuer and year, each compared with the same
//! issuer's report of the previous year (the rules of [`Scope::Years`]).
//!
//! A front end reads every report of the set once to make its [`Digest`] (who, which year,
//! its [`Facts`] with ranges on the file as written), then checks each report with the
//! digest of the same issuer's previous year, when the set has one. The CLI's set is the
//! files it is given; the language server's is the reports of its workspace folders.
//!
//! [`Scope::Years`]: crate::check::Scope::Years

use std::collections::HashMap;
use std::sync::Arc;

use crate::check::{self, Config, FactSetting, Facts, Previous};
use crate::model::Analysis;
use crate::read::Document;
use crate::template::Templates;
use crate::text::TextRange;

/// Who a report is by and which year it is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReportKey {
    /// The issuer's name, normalised ([`issuer_key`]).
    pub issuer: String,
    pub year: i32,
}

impl ReportKey {
    /// The key of the same issuer's report of the year before.
    #[must_use]
    pub fn previous(&self) -> ReportKey {
        ReportKey {
            issuer: self.issuer.clone(),
            year: self.year - 1,
        }
    }
}

/// An issuer's name as reports are grouped by it: the same body however a report writes
/// its name — full width or not, with spaces, `人民政府` or `政府`, `管理委员会` or `管委会`,
/// the government or its office that compiles the report (`XX市人民政府办公室` writes the
/// report of `XX市人民政府`).
pub fn issuer_key(name: &str) -> String {
    let mut key: String = crate::text::normalize::label_key(name)
        .chars()
        .filter(|c| !matches!(c, '（' | '）' | '(' | ')' | '·'))
        .collect();
    key = key
        .replace("人民政府", "政府")
        .replace("管理委员会", "管委会");
    for office in ["办公室", "办公厅"] {
        if let Some(stem) = key.strip_suffix(office) {
            if stem.ends_with("政府") || stem.ends_with("管委会") {
                key.truncate(stem.len());
            }
        }
    }
    // A region's government is the region (`平潭县政府` and a report titled `平潭县2021年…`).
    if let Some(stem) = key.strip_suffix("政府") {
        if ["省", "市", "区", "县", "州", "旗", "盟", "镇", "乡", "街道"]
            .iter()
            .any(|r| stem.ends_with(r))
        {
            key.truncate(stem.len());
        }
    }
    key
}

/// The key of a report: the configured issuer, else the one its text names, else — for a
/// report that names none — `fallback` (the front end's name for it, e.g. the file name
/// without its years); the configured year, else the one the text states.
pub fn key_of(
    analysis: &Analysis,
    config: &Config,
    fallback: impl FnOnce() -> Option<String>,
) -> Option<ReportKey> {
    let report = &analysis.report;
    key_from(
        config.year.or(report.year.as_ref().map(|y| y.value)),
        report.issuer.as_ref().map(|i| i.name.as_str()),
        config,
        fallback,
    )
}

/// [`key_of`] a text, read without aligning its tables (the same key, for less: what a set
/// reads of every report to find which are another's previous year).
pub fn key_of_text(
    text: &str,
    config: &Config,
    fallback: impl FnOnce() -> Option<String>,
) -> Option<ReportKey> {
    let (year, issuer) = crate::model::year_and_issuer(text);
    key_from(
        config.year.or(year.map(|y| y.value)),
        issuer.as_ref().map(|i| i.name.as_str()),
        config,
        fallback,
    )
}

/// [`key_of`] from what decides it: the report year (the configured one, else the text's),
/// the issuer the text names (`None`: it names none), the configuration (its `issuer`).
pub fn key_from(
    year: Option<i32>,
    named: Option<&str>,
    config: &Config,
    fallback: impl FnOnce() -> Option<String>,
) -> Option<ReportKey> {
    let year = year?;
    let issuer = match config.issuer.as_deref() {
        Some(name) => issuer_key(name),
        None => match named {
            Some(name) => issuer_key(name),
            None => fallback()?,
        },
    };
    (!issuer.is_empty()).then_some(ReportKey { issuer, year })
}

/// A file's name as the key of a report that names no issuer: its stem without the years
/// in it (`2020-pingtan-zone.html` and `2021-pingtan-zone.html` are one issuer's), in its
/// folder.
pub fn name_key(path: &std::path::Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let mut out = String::new();
    let mut digits = String::new();
    for c in stem.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let year = digits.len() == 4 && matches!(digits.as_bytes()[0], b'1' | b'2');
        if !year {
            out.push_str(&digits);
        }
        digits.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    let name = out.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    if name.is_empty() {
        return None;
    }
    let folder = path
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    Some(format!("{folder}/{name}"))
}

/// What the set keeps of one report: its key and its facts (ranges on the file as written),
/// with their positions, to compare the next year's report with.
#[derive(Clone, Debug)]
pub struct Digest {
    pub key: ReportKey,
    pub previous: Arc<Previous<'static>>,
}

impl Digest {
    /// The digest of a read document (`analysis` is its reading's), `None` when the report
    /// has no key (no year, no issuer) or does not look like a report.
    pub fn of(
        path: Arc<str>,
        doc: &Document,
        analysis: &Analysis<'static>,
        config: &Config,
        fallback: impl FnOnce() -> Option<String>,
    ) -> Option<Digest> {
        if !analysis.report.looks_like_report() && !config.force {
            return None;
        }
        let key = key_of(analysis, config, fallback)?;
        let facts = Facts::of(&doc.text, analysis).for_next_year(Templates::builtin());
        let previous = Previous::new(
            path,
            key.year,
            facts_on_source(doc, facts),
            doc.source_text(),
        );
        Some(Digest {
            key,
            previous: Arc::new(previous),
        })
    }
}

/// Facts of a document's reading with their ranges on its source text.
pub fn facts_on_source<'t>(doc: &Document, mut facts: Facts<'t>) -> Facts<'t> {
    if doc.is_own_reading() {
        return facts;
    }
    let map = |r: TextRange| doc.to_source(r);
    for c in &mut facts.cells {
        c.range = map(c.range);
    }
    for s in &mut facts.sections {
        s.heading = map(s.heading);
        s.body = map(s.body);
    }
    facts
}

/// The digests of a set of reports, by key. Two reports with one key (the same report
/// twice, or a draft beside the published one) make the key ambiguous: neither is used as
/// the previous year of the next.
#[derive(Debug, Default)]
pub struct ReportSet {
    by_key: HashMap<ReportKey, Option<Arc<Previous<'static>>>>,
}

impl ReportSet {
    /// Which of the reports with these keys are the previous year of another (and alone
    /// with their key): the only ones whose digest the set needs.
    pub fn needed(keys: &[Option<ReportKey>]) -> Vec<bool> {
        let mut count: HashMap<&ReportKey, usize> = HashMap::new();
        for k in keys.iter().flatten() {
            *count.entry(k).or_default() += 1;
        }
        keys.iter()
            .map(|k| {
                k.as_ref().is_some_and(|k| {
                    let next = ReportKey {
                        issuer: k.issuer.clone(),
                        year: k.year + 1,
                    };
                    count.get(k) == Some(&1) && count.contains_key(&next)
                })
            })
            .collect()
    }

    pub fn new(digests: impl IntoIterator<Item = Digest>) -> ReportSet {
        let mut by_key: HashMap<ReportKey, Option<Arc<Previous<'static>>>> = HashMap::new();
        for d in digests {
            by_key
                .entry(d.key)
                .and_modify(|p| *p = None)
                .or_insert(Some(d.previous));
        }
        ReportSet { by_key }
    }

    /// The same issuer's report of the year before `key`'s.
    pub fn previous(&self, key: &ReportKey) -> Option<&Arc<Previous<'static>>> {
        let last = ReportKey {
            issuer: key.issuer.clone(),
            year: key.year - 1,
        };
        self.by_key.get(&last)?.as_ref()
    }

    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

/// The findings of the rules of [`check::Scope::Years`] for an analysed reading and its facts
/// ([`check::check_keeping_facts`]), against `previous` (ranges on the reading, as
/// [`check::check`] gives them).
pub fn check_years(
    facts: &Facts<'static>,
    analysis: &Analysis<'static>,
    config: &Config,
    previous: &Previous<'static>,
) -> Vec<check::Diagnostic> {
    if !analysis.report.looks_like_report() && !config.force {
        return Vec::new();
    }
    check_years_of(
        facts,
        config
            .year
            .or(analysis.report.year.as_ref().map(|y| y.value)),
        analysis.report.template,
        config,
        previous,
    )
}

/// [`check_years`] over a report's facts (an editor keeps them through edits), its year (the
/// configured one, else the text's) and the generation of its tables.
pub fn check_years_of(
    facts: &Facts<'_>,
    year: Option<i32>,
    template: Option<&'static crate::template::Template>,
    config: &Config,
    previous: &Previous<'_>,
) -> Vec<check::Diagnostic> {
    check::check_years(
        facts,
        &FactSetting {
            year,
            template,
            config,
            templates: Templates::builtin(),
        },
        previous,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_normalised() {
        assert_eq!(
            issuer_key("资阳市人民政府办公室"),
            issuer_key("资阳市人民政府")
        );
        assert_eq!(issuer_key("资阳市政府"), issuer_key("资阳市人民政府"));
        assert_eq!(issuer_key("平潭县人民政府"), issuer_key("平潭县"));
        assert_eq!(
            issuer_key("平潭综合实验区管理委员会"),
            issuer_key("平潭综合实验区管委会")
        );
        assert_eq!(issuer_key("泉州市 财政局"), issuer_key("泉州市财政局"));
        assert_ne!(issuer_key("泉州市财政局"), issuer_key("泉州市教育局"));
        // A department's office is not the department.
        assert_ne!(issuer_key("泉州市财政局办公室"), issuer_key("泉州市财政局"));
    }

    #[test]
    fn file_names_without_years() {
        let a = name_key(std::path::Path::new("r/2020-pingtan-zone.html"));
        let b = name_key(std::path::Path::new("r/2021-pingtan-zone.html"));
        assert_eq!(a, b);
        assert_eq!(a.as_deref(), Some("r/pingtan-zone"));
        assert_ne!(
            a,
            name_key(std::path::Path::new("s/2021-pingtan-zone.html"))
        );
        assert_eq!(name_key(std::path::Path::new("2021.txt")), None);
    }
}
