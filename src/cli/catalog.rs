//! `nianbao rules` and `nianbao explain CODE`: the rule catalog for people.

use crate::check::{rule, rules, RuleInfo};

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

pub fn list() -> i32 {
    let width = rules::ALL
        .iter()
        .map(|r| r.code.len())
        .max()
        .unwrap_or(4)
        .max(4);
    println!("{:width$}  {:8}  {:3}  summary", "code", "severity", "fix");
    for r in rules::ALL {
        println!(
            "{:width$}  {:8}  {:3}  {}",
            r.code,
            r.severity.as_str(),
            if has_fix(r) { "yes" } else { "—" },
            r.summary
        );
    }
    if rules::ALL.is_empty() {
        println!("(no rules yet)");
    }
    0
}

pub fn explain(code: &str) -> i32 {
    match rule(code) {
        Some(r) => {
            print!("{}", crate::check::rule_page(r));
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
