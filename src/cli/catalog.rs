//! `nianbao rules` and `nianbao explain CODE`: the rule catalog for people.

use crate::check::{doc, rule, rules, Lang};

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
        "{:width$}  {:8}  {:6}  {:3}  {summary}",
        "code", "severity", "scope", "fix"
    );
    for r in rules::ALL {
        println!(
            "{:width$}  {:8}  {:6}  {:3}  {}",
            r.code,
            r.severity.as_str(),
            r.scope.as_str(),
            if r.fixes.offered() { yes } else { "—" },
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
