use std::collections::HashSet;

use crate::check::{Diagnostic, FactContext, Related, Severity};

crate::declare_rule! {
    /// A section's prose is nearly the same as in last year's report.
    ///
    /// ## What it does
    /// With the same issuer's report of the previous year beside it, compares the prose of
    /// section 一 (总体情况) and section 五 (存在的主要问题及改进情况) with the same section of
    /// last year's: the share of their four-character pieces the two have in common
    /// (Jaccard similarity, with every digit read as the same digit, so that a section copied
    /// with its numbers updated still counts as copied, and spaces and punctuation ignored).
    /// From a similarity of 0.9 (`copied-text = 0.85` in `nianbao.toml` to change it) the
    /// section is reported. Sections of fewer than 80 characters are not compared: a short
    /// formula may rightly be the same every year.
    ///
    /// ## Why
    /// Evaluators count a section 五 copied from last year as problems not analysed and
    /// improvements not made; a section 一 copied forward usually keeps last year's facts.
    ///
    /// ## Example
    /// The 2021 report's 五、存在的主要问题及改进情况 is the 2020 report's, word for word.
    ///
    /// ## Fix
    /// None: write this year's problems and improvements. The related information points at
    /// last year's section.
    pub struct CopiedText => "copied-text", Severity::Warning, scope: Years, fixes: None, Facts(check)
}

/// Sections whose prose is compared.
const COMPARED: [u8; 2] = [1, 5];
/// The default similarity from which a section is copied.
const THRESHOLD: f64 = 0.9;
/// Shorter sections (in characters that count) are not compared.
const MIN_CHARS: usize = 80;
/// Characters per piece.
const SHINGLE: usize = 4;

fn check(ctx: &FactContext, out: &mut Vec<Diagnostic>) {
    let Some(previous) = ctx.previous else {
        return;
    };
    let threshold = ctx.config.copied_text.unwrap_or(THRESHOLD);
    for number in COMPARED {
        let (Some(this), Some(last)) = (ctx.facts.section(number), previous.facts.section(number))
        else {
            continue;
        };
        let Some(similarity) = similarity(&this.prose, &last.prose) else {
            continue;
        };
        if similarity < threshold {
            continue;
        }
        let percent = (similarity * 100.0).floor();
        let year = previous.year;
        out.push(Diagnostic {
            code: CopiedText::INFO.code,
            severity: CopiedText::INFO.severity,
            message: ctx.msg(
                format!("第{}部分与 {year} 年报告的同一部分几乎相同（相似度 {percent}%）", cn(number)),
                format!(
                    "section {number} is nearly the same as in the {year} report ({percent}% similar)"
                ),
            ),
            range: this.body,
            related: vec![Related {
                range: last.heading,
                message: ctx.msg(
                    format!("{year} 年报告的第{}部分", cn(number)),
                    format!("section {number} of the {year} report"),
                ),
                elsewhere: Some(previous.place(last.heading)),
            }],
            fixes: Vec::new(),
        });
    }
}

fn cn(number: u8) -> &'static str {
    ["", "一", "二", "三", "四", "五", "六"]
        .get(number as usize)
        .copied()
        .unwrap_or("")
}

/// Jaccard similarity of the two texts' pieces, `None` when either is too short to say.
fn similarity(a: &str, b: &str) -> Option<f64> {
    let (a, b) = (pieces(a)?, pieces(b)?);
    let common = a.intersection(&b).count();
    let union = a.len() + b.len() - common;
    Some(common as f64 / union as f64)
}

/// The text's characters that count (letters, every digit as `0`), cut into overlapping
/// pieces.
fn pieces(text: &str) -> Option<HashSet<[char; SHINGLE]>> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| if c.is_numeric() { '0' } else { c })
        .collect();
    if chars.len() < MIN_CHARS {
        return None;
    }
    Some(
        chars
            .windows(SHINGLE)
            .map(|w| [w[0], w[1], w[2], w[3]])
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIVE: &str =
        "一是公开内容还不够全面，部分栏目更新不及时；二是依申请公开答复的规范性有待提高。\
        下一步，我们将加强培训，完善制度，推进政务公开标准化规范化建设，提升公开质量和实效，\
        进一步畅通依申请公开渠道，认真做好答复工作。";

    #[test]
    fn copied_with_numbers_changed_is_copied() {
        let next = FIVE.replace("一是", "1是");
        assert!(similarity(FIVE, &next).unwrap() > 0.95);
        let other = "本年度主要问题在于网站信息发布审核流程较长，群众留言答复时限偏长。2022年将优化审核流程，\
            建立答复时限预警机制，每季度通报各科室信息发布情况，并开展两次专题业务培训，提高工作人员能力。";
        assert!(similarity(FIVE, other).unwrap() < 0.3);
        assert_eq!(similarity("无。", "无。"), None);
    }
}
