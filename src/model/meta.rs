//! The report's year, issuer and publication date, from its prose.

use regex::Regex;
use std::sync::OnceLock;

use super::{Date, Issuer, IssuerKind, Located};
use crate::syntax::{LineKind, Syntax};
use crate::text::normalize::nfkc_compact;
use crate::text::TextRange;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

const DIGITS4: &str = r"[0-9０-９]{4}";
const DIGITS12: &str = r"[0-9０-９]{1,2}";

/// `2020年1月1日至`, `2020年1月1日起至` : the statistics period.
fn period_re() -> &'static Regex {
    static PERIOD: OnceLock<Regex> = OnceLock::new();
    re(
        &PERIOD,
        &format!(
            r"({DIGITS4})\s*年\s*{DIGITS12}\s*月\s*{DIGITS12}\s*日\s*起?\s*(?:至|到|—|-|～|~)"
        ),
    )
}

/// The years of the statistics periods the prose states (`本报告所列数据的统计期限自
/// 2021年1月1日起至2021年12月31日止`): for each, the year of its start and, when written,
/// of its end. Only lines that say 统计 and match the period of the [`footprint`].
pub fn statistics_periods(text: &str, syntax: &Syntax) -> Vec<Vec<Located<i32>>> {
    static SPAN: OnceLock<Regex> = OnceLock::new();
    let span = re(
        &SPAN,
        &format!(
            r"({DIGITS4})\s*年\s*{DIGITS12}\s*月\s*{DIGITS12}\s*日\s*起?\s*(?:至|到|—|-|～|~)\s*(?:({DIGITS4})\s*年\s*)?{DIGITS12}\s*月\s*{DIGITS12}\s*日"
        ),
    );
    prose(text, syntax)
        .filter(|(_, line)| line.contains("统计") && period_re().is_match(line))
        .flat_map(|(range, line)| {
            span.captures_iter(line).map(move |c| {
                c.iter()
                    .skip(1)
                    .flatten()
                    .map(|m| Located {
                        value: digits(m.as_str()) as i32,
                        range: TextRange::new(range.start + m.start(), range.start + m.end()),
                    })
                    .collect()
            })
        })
        .collect()
}

/// `2020年，…` : a paragraph that opens with the year.
fn opening_re() -> &'static Regex {
    static OPENING: OnceLock<Regex> = OnceLock::new();
    re(&OPENING, &format!(r"^({DIGITS4})\s*年度?\s*[，,、：:]"))
}

/// A line that is only a date: `2022年1月18日`.
fn date_re() -> &'static Regex {
    static DATE: OnceLock<Regex> = OnceLock::new();
    re(
        &DATE,
        &format!(r"^({DIGITS4})\s*年\s*({DIGITS12})\s*月\s*({DIGITS12})\s*日$"),
    )
}

/// A line that is only a date in Chinese numerals: `二〇二二年一月十八日`.
fn cn_date_re() -> &'static Regex {
    static CN_DATE: OnceLock<Regex> = OnceLock::new();
    re(
        &CN_DATE,
        r"^([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$",
    )
}

/// Prose lines: (content range, content).
fn prose<'a>(text: &'a str, syntax: &'a Syntax) -> impl Iterator<Item = (TextRange, &'a str)> + 'a {
    syntax.lines.iter().filter_map(move |l| match l.kind {
        LineKind::Text { content, .. } => Some((content, &text[content.start..content.end])),
        _ => None,
    })
}

fn digits(s: &str) -> i64 {
    nfkc_compact(s).parse().unwrap_or(0)
}

/// What of a stretch of text can decide the report's year, publication date
/// and issuer (see [`find_year`], [`find_published`], [`find_issuer`]): its
/// first six prose lines, every prose line that states a statistics period,
/// opens with a year or is a date (each with the prose line before it), and
/// its last prose line. Two stretches with equal footprints give any document
/// that contains them the same year, date and issuer.
pub fn footprint(text: &str, syntax: &Syntax) -> Vec<String> {
    static RELEVANT: OnceLock<regex::RegexSet> = OnceLock::new();
    let relevant = RELEVANT.get_or_init(|| {
        regex::RegexSet::new(
            [period_re(), opening_re(), date_re(), cn_date_re()].map(Regex::as_str),
        )
        .expect("valid regexes")
    });
    let mut out = Vec::new();
    let mut previous = "";
    for (n, (_, line)) in prose(text, syntax).enumerate() {
        if n < 6 {
            out.push(line.to_string());
        } else if line.contains('年') && relevant.is_match(line) {
            out.push(format!("{previous}\n{line}"));
        }
        previous = line;
    }
    out.push(format!("last: {previous}"));
    out
}

/// A page that names an annual report in its first lines but whose report is an attachment
/// (`附件：某局2023年政府信息公开工作年度报告.pdf`): the attachment's file name. Asked only of
/// texts with no sections or tables, so that such a page is not passed over as "not a report".
pub fn attached_report(text: &str) -> Option<&str> {
    static NAMED: OnceLock<Regex> = OnceLock::new();
    static FILE: OnceLock<Regex> = OnceLock::new();
    let named = re(
        &NAMED,
        r"(?:19|20)[0-9]{2}\s*年度?[^。\n]{0,40}?信息公开[^。\n]{0,12}?报告",
    );
    let file = re(
        &FILE,
        r#"(?i)[^\s:：<>|"'“”（）()]{1,120}\.(?:pdf|docx?|wps|ofd|xlsx?|et|zip|rar|7z)\b"#,
    );
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    if !lines.by_ref().take(8).any(|l| named.is_match(l)) {
        return None;
    }
    text.lines()
        .filter_map(|l| file.find(l))
        .map(|m| m.as_str())
        .next()
}

/// The report year, in order of trust:
/// 1. the title or the sentence that names the report (`2021年政府信息公开年度工作报告`,
///    `现公布2020年…工作年度报告`) in the first lines;
/// 2. the statistics period (`统计期限为2020年1月1日至2020年12月31日`);
/// 3. a paragraph that opens with the year (`2020年，…`).
///
/// A full date (`2019年5月15日施行的《条例》`) is never the report year.
pub fn find_year(text: &str, syntax: &Syntax) -> Option<Located<i32>> {
    static TITLE: OnceLock<Regex> = OnceLock::new();
    let title = re(
        &TITLE,
        &format!(r"({DIGITS4})\s*年(?:度)?(?:[^0-9０-９月。；;]{{0,40}}?)报告"),
    );
    let (period, opening) = (period_re(), opening_re());

    let located = |caps: regex::Captures, start: usize| {
        let m = caps.get(1).unwrap();
        let year = digits(m.as_str()) as i32;
        (1990..=2200).contains(&year).then(|| Located {
            value: year,
            range: TextRange::new(start + m.start(), start + m.end()),
        })
    };
    for (range, line) in prose(text, syntax).take(6) {
        for caps in title.captures_iter(line) {
            // `2019年5月…` : a date, not a year of report.
            let m = caps.get(1).unwrap();
            let after = line[m.end()..]
                .trim_start_matches('年')
                .trim_start_matches('度');
            if after.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
                continue;
            }
            if let Some(y) = located(caps, range.start) {
                return Some(y);
            }
        }
    }
    for (range, line) in prose(text, syntax) {
        if let Some(y) = period.captures(line).and_then(|c| located(c, range.start)) {
            return Some(y);
        }
    }
    for (range, line) in prose(text, syntax) {
        if let Some(y) = opening.captures(line).and_then(|c| located(c, range.start)) {
            return Some(y);
        }
    }
    None
}

/// The publication date: the last line that is only a date (`2022年1月18日`,
/// `二〇二二年一月十八日`), where reports close.
pub fn find_published(text: &str, syntax: &Syntax) -> Option<Located<Date>> {
    let (date, cn_date) = (date_re(), cn_date_re());
    let mut found = None;
    for (range, line) in prose(text, syntax) {
        let parsed = if let Some(c) = date.captures(line) {
            Some((
                digits(&c[1]) as i32,
                digits(&c[2]) as u32,
                digits(&c[3]) as u32,
            ))
        } else {
            cn_date
                .captures(line)
                .and_then(|c| Some((cn_year(&c[1])?, cn_number(&c[2])?, cn_number(&c[3])?)))
        };
        if let Some((year, month, day)) = parsed {
            if (1..=12).contains(&month) && (1..=31).contains(&day) {
                found = Some(Located {
                    value: Date { year, month, day },
                    range,
                });
            }
        }
    }
    found
}

fn cn_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .map(|p| p as u32)
        .or(match c {
            '零' | '○' | 'Ｏ' => Some(0),
            _ => None,
        })
}

fn cn_year(s: &str) -> Option<i32> {
    s.chars()
        .try_fold(0i32, |acc, c| Some(acc * 10 + cn_digit(c)? as i32))
}

fn cn_number(s: &str) -> Option<u32> {
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        ['十', d] => Some(10 + cn_digit(*d)?),
        [t, '十'] => Some(cn_digit(*t)? * 10),
        [t, '十', d] => Some(cn_digit(*t)? * 10 + cn_digit(*d)?),
        [d] => cn_digit(*d),
        _ => None,
    }
}

const AGENCY_SUFFIX: &str = r"(?:人民政府|政府|办公室|办公厅|管理委员会|管委会|委员会|局|厅|委|办|中心|院|署|部|所|站|队|处|馆)";

/// The issuer: the signature above the closing date, else the title
/// (`泉州市…管委会关于`), else the sentence that names the report
/// (`现公布2020年资阳市人民政府办公室信息公开工作年度报告`).
pub fn find_issuer(
    text: &str,
    syntax: &Syntax,
    published: Option<&Located<Date>>,
) -> Option<Issuer> {
    static NAME: OnceLock<Regex> = OnceLock::new();
    static TITLE: OnceLock<Regex> = OnceLock::new();
    static PHRASE: OnceLock<Regex> = OnceLock::new();
    let name = re(
        &NAME,
        &format!(r"^[\p{{Han}}（）()]{{2,30}}{AGENCY_SUFFIX}$"),
    );
    let title = re(
        &TITLE,
        &format!(r"^([\p{{Han}}（）()]{{2,30}}?{AGENCY_SUFFIX})(?:关于|{DIGITS4}\s*年)"),
    );
    let phrase = re(
        &PHRASE,
        &format!(
            r"(?:公布|发布|现将)\s*{DIGITS4}\s*年度?\s*([\p{{Han}}（）()]{{2,30}}?{AGENCY_SUFFIX})(?:政府)?信息公开"
        ),
    );
    let make = |name: &str, start: usize| Issuer {
        name: name.to_string(),
        range: TextRange::new(start, start + name.len()),
        kind: issuer_kind(name),
    };

    if let Some(date) = published {
        let before = prose(text, syntax)
            .take_while(|(r, _)| r.start < date.range.start)
            .last();
        if let Some((range, line)) = before {
            if name.is_match(line) {
                return Some(make(line, range.start));
            }
        }
    }
    for (range, line) in prose(text, syntax).take(3) {
        if let Some(m) = title.captures(line).and_then(|c| c.get(1)) {
            return Some(make(m.as_str(), range.start + m.start()));
        }
    }
    for (range, line) in prose(text, syntax).take(6) {
        if let Some(m) = phrase.captures(line).and_then(|c| c.get(1)) {
            return Some(make(m.as_str(), range.start + m.start()));
        }
    }
    // A region's report titled by the region (`平潭综合实验区2021年度政府信息公开工作年度报告`,
    // `某某县2020年…`): its people's government's.
    static REGION: OnceLock<Regex> = OnceLock::new();
    let region = re(
        &REGION,
        &format!(
            r"^([\p{{Han}}]{{2,20}}?(?:自治区|省|市|区|县|州|旗|盟|镇|乡|街道))\s*{DIGITS4}\s*年度?[^。，]{{0,30}}报告$"
        ),
    );
    // The title may be broken after its year (`平潭综合实验区2019年` / `政府信息公开工作年度报告`).
    let first: Vec<(TextRange, &str)> = prose(text, syntax).take(4).collect();
    for (i, &(range, line)) in first.iter().take(3).enumerate() {
        let joined = first.get(i + 1).map(|(_, next)| format!("{line}{next}"));
        for candidate in std::iter::once(line).chain(joined.as_deref()) {
            if let Some(m) = region.captures(candidate).and_then(|c| c.get(1)) {
                return Some(Issuer {
                    kind: IssuerKind::Government,
                    ..make(m.as_str(), range.start + m.start())
                });
            }
        }
    }
    None
}

fn issuer_kind(name: &str) -> IssuerKind {
    if name.ends_with("政府") {
        IssuerKind::Government
    } else {
        IssuerKind::Department
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_report_published_as_an_attachment_is_named() {
        let page = "某市自然资源局2023年政府信息公开工作年度报告\n发布时间：2024-01-20\n附件：某市自然资源局2023年政府信息公开工作年度报告.PDF\n";
        assert_eq!(
            attached_report(page),
            Some("某市自然资源局2023年政府信息公开工作年度报告.PDF")
        );
        let draft = "2023年度政府信息公开工作报告\n相关附件 年报.docx 下载\n";
        assert_eq!(attached_report(draft), Some("年报.docx"));
        // A list of reports names no single report's attachment; a page without a file, none.
        assert_eq!(
            attached_report("政府信息公开年度报告\n附件：目录.pdf\n"),
            None
        );
        assert_eq!(
            attached_report("某市2023年政府信息公开工作年度报告\n点击查看详情\n"),
            None
        );
    }

    use super::*;
    use crate::text::LineIndex;

    fn run(text: &str) -> (Option<i32>, Option<String>, Option<String>) {
        let idx = LineIndex::new(text);
        let syntax = Syntax::parse(text, &idx);
        let published = find_published(text, &syntax);
        let issuer = find_issuer(text, &syntax, published.as_ref());
        (
            find_year(text, &syntax).map(|y| y.value),
            issuer.map(|i| i.name),
            published.map(|d| d.value.to_string()),
        )
    }

    #[test]
    fn regulation_date_is_not_the_year() {
        let (year, _, _) =
            run("根据2019年5月15日施行的《条例》规定，现公布2020年某局信息公开工作年度报告。");
        assert_eq!(year, Some(2020));
    }

    #[test]
    fn period_and_opening_sentence() {
        assert_eq!(
            run("统计期限为２０２２年1月1日至2022年12月31日。").0,
            Some(2022)
        );
        assert_eq!(run("一、总体情况\n2020年，在市委领导下").0, Some(2020));
        assert_eq!(run("根据2019年5月15日施行的条例").0, None);
    }

    #[test]
    fn a_region_titled_report_is_its_governments() {
        let text = "平潭综合实验区2021年度政府信息公开工作年度报告\n一、总体情况\n";
        let idx = LineIndex::new(text);
        let syntax = Syntax::parse(text, &idx);
        let issuer = find_issuer(text, &syntax, None).unwrap();
        assert_eq!(issuer.name, "平潭综合实验区");
        assert_eq!(issuer.kind, IssuerKind::Government);
        // A sentence that happens to start with a region is no title.
        let text = "某某县2021年度共收到申请3件，均已答复。\n";
        let idx = LineIndex::new(text);
        assert!(find_issuer(text, &Syntax::parse(text, &idx), None).is_none());
    }

    #[test]
    fn signature_and_date() {
        let (_, issuer, date) = run("正文。\n某某市人民政府\n二〇二二年一月十八日\n");
        assert_eq!(issuer.as_deref(), Some("某某市人民政府"));
        assert_eq!(date.as_deref(), Some("2022-01-18"));
        assert_eq!(issuer_kind("某某市人民政府"), IssuerKind::Government);
        assert_eq!(issuer_kind("某某市人民政府办公室"), IssuerKind::Department);
    }
}
