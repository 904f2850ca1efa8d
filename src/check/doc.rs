//! A rule's documentation in the user's language. The English text is the rule's doc comment
//! ([`RuleInfo::doc`], what `nianbao explain` prints); the Chinese one is `rules_zh.md`, one
//! `# code` section per rule with the same parts (检查内容, 为什么, 示例, 修复).

use super::{Lang, RuleInfo};

const ZH: &str = include_str!("rules_zh.md");

/// The Chinese documentation of the rule `code`: its section of `rules_zh.md` without the
/// `# code` line.
fn zh(code: &str) -> Option<&'static str> {
    let mut at = 0;
    while let Some(found) = ZH[at..].find("# ") {
        let start = at + found;
        at = start + 2;
        if start > 0 && ZH.as_bytes()[start - 1] != b'\n' {
            continue;
        }
        let line_end = ZH[start..].find('\n').map_or(ZH.len(), |i| start + i);
        if ZH[start + 2..line_end].trim() != code {
            continue;
        }
        let body = &ZH[(line_end + 1).min(ZH.len())..];
        let end = body.find("\n# ").map_or(body.len(), |i| i + 1);
        return Some(body[..end].trim());
    }
    None
}

/// The rule's documentation (Markdown: a summary line, then `## ` parts) in `lang`.
pub fn doc(rule: &RuleInfo, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => zh(rule.code).unwrap_or(rule.doc),
        Lang::En => rule.doc,
    }
}

/// The rule's one-line summary in `lang`.
pub fn summary(rule: &RuleInfo, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => zh(rule.code)
            .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
            .unwrap_or(rule.summary),
        Lang::En => rule.summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::ALL;

    #[test]
    fn every_rule_has_its_chinese_documentation_in_four_parts() {
        let parts = ["## 检查内容", "## 为什么", "## 示例", "## 修复"];
        for rule in ALL {
            let d = zh(rule.code).unwrap_or_else(|| panic!("{}: no Chinese doc", rule.code));
            let mut at = 0;
            for p in parts {
                let i = d[at..]
                    .find(&format!("\n{p}\n"))
                    .unwrap_or_else(|| panic!("{}: `{p}` missing or out of order", rule.code));
                at += i + 1 + p.len();
            }
            assert!(!d.contains("\n# "), "{}: runs into another rule", rule.code);
            let s = summary(rule, Lang::Zh);
            assert!(s.ends_with('。'), "{}: summary {s:?}", rule.code);
            assert!(!s.is_ascii(), "{}: summary {s:?}", rule.code);
        }
        // Every section is a rule of the catalog.
        let codes: Vec<&str> = ZH
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .map(str::trim)
            .collect();
        assert_eq!(codes.len(), ALL.len());
        for c in codes {
            assert!(crate::check::rule(c).is_some(), "{c} is not a rule");
        }
    }

    #[test]
    fn documentation_in_each_language() {
        let rule = crate::check::rule("row-total").expect("row-total");
        assert_eq!(
            summary(rule, Lang::Zh),
            "合计单元格与本行所合计各单元格之和不符。"
        );
        assert_eq!(
            summary(rule, Lang::En),
            "A total cell differs from the sum of the cells it totals in its row."
        );
        assert!(doc(rule, Lang::Zh)
            .starts_with("合计单元格与本行所合计各单元格之和不符。\n\n## 检查内容\n"));
        assert!(doc(rule, Lang::Zh).ends_with("（见 `missing-value`）。"));
        assert_eq!(doc(rule, Lang::En), rule.doc);
        // The last section ends at the end of the file.
        let last = crate::check::rule("partial-table").expect("partial-table");
        assert!(doc(last, Lang::Zh).ends_with("把每行的数字写在其标签所在的行上。"));
    }
}
