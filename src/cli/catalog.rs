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
    let (yes, [code, severity, scope, fix, summary]) = lang.pick(
        ("有", ["代码", "级别", "范围", "修复", "说明"]),
        ("yes", ["code", "severity", "scope", "fix", "summary"]),
    );
    let mut out = format!(
        "{}  {}  {}  {}  {summary}\n",
        pad(code, width),
        pad(severity, 8),
        pad(scope, 6),
        pad(fix, 3)
    );
    for r in rules::ALL {
        out.push_str(&format!(
            "{:width$}  {:8}  {:6}  {:3}  {}\n",
            r.code,
            r.severity.as_str(),
            r.scope.as_str(),
            if r.fixes.offered() { yes } else { "—" },
            doc::summary(r, lang)
        ));
    }
    print_all(&out)
}

/// `text` padded with spaces to `width` columns (a CJK character takes two).
fn pad(text: &str, width: usize) -> String {
    let columns: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(columns)))
}

/// Prints to standard output; a closed pipe (`nianbao rules | head`) is not an error.
fn print_all(text: &str) -> i32 {
    match super::write_stdout(text) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(_) => 2,
    }
}

/// A rule's documentation in `lang`.
pub fn explain(code: &str, lang: Lang) -> i32 {
    match rule(code) {
        Some(r) => print_all(&format!(
            "# {} ({}, {})\n\n{}\n",
            r.code,
            r.name,
            r.severity.as_str(),
            doc::doc(r, lang).trim_end()
        )),
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
