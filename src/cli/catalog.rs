//! `nianbao rules` and `nianbao explain CODE`: the rule catalog for people.

use crate::check::{doc, rule, rules, Lang, RuleInfo};

/// Does the rule offer a fix? `RuleInfo` does not say, so this reads the
/// documentation's `## Fix` section: a fix is offered when that section states
/// its applicability ("safe" or "needs review"), as every fixing rule's does.
pub fn has_fix(rule: &RuleInfo) -> bool {
    let mut section = String::new();
    let mut in_fix = false;
    for line in rule.doc.lines() {
        let line = line.trim();
        if let Some(title) = line.strip_prefix('#') {
            in_fix = title
                .trim_start_matches('#')
                .trim()
                .eq_ignore_ascii_case("fix");
        } else if in_fix {
            section.push(' ');
            section.push_str(&line.to_lowercase());
        }
    }
    section.contains("safe") || section.contains("needs review")
}

/// The catalog, summaries in `lang` (`src/check/rules_zh.md` for Chinese).
pub fn list(lang: Lang) -> i32 {
    let width = rules::ALL
        .iter()
        .map(|r| r.code.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let (summary, yes) = lang.pick(("说明", "有"), ("summary", "yes"));
    println!(
        "{:width$}  {:8}  {:3}  {summary}",
        "code", "severity", "fix"
    );
    for r in rules::ALL {
        println!(
            "{:width$}  {:8}  {:3}  {}",
            r.code,
            r.severity.as_str(),
            if has_fix(r) { yes } else { "—" },
            doc::summary(r, lang)
        );
    }
    if rules::ALL.is_empty() {
        println!("(no rules yet)");
    }
    0
}

/// A rule's documentation in `lang`.
pub fn explain(code: &str, lang: Lang) -> i32 {
    match rule(code) {
        Some(r) => {
            println!("# {} ({}, {})\n", r.code, r.name, r.severity.as_str());
            println!("{}", doc::doc(r, lang).trim_end());
            0
        }
        None => {
            let codes: Vec<&str> = rules::ALL.iter().map(|r| r.code).collect();
            eprintln!(
                "nianbao: unknown rule `{code}`; valid codes: {}",
                codes.join(", ")
            );
            2
        }
    }
}
