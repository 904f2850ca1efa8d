//! The chains' ground truth checked against their text, read back with
//! nianbao's model (tables, sections) and simple text scans — not with the
//! rules the chains test: consecutive years continue each other, stated
//! quantities are the tables', prose is drawn afresh every year, enumerations
//! are well formed, sections 五 and 六 say what they must; and each injected
//! mistake breaks exactly that, on its expected line.

use std::collections::{HashMap, HashSet};

use nianbao::model::{analyze, Analysis};
use nianbao::template::TableKind;
use nianbao_corpus::chain::{
    chain, chain_set, issuer_key, Chain, ChainMistake, ChainReport, ChainSpec,
};

const SEED: u64 = 20261203;

fn set() -> &'static [Chain] {
    static SET: std::sync::OnceLock<Vec<Chain>> = std::sync::OnceLock::new();
    SET.get_or_init(|| chain_set(SEED))
}

/// A row's values (`None` for a cell that is not a number) and the line of each.
fn row(a: &Analysis, kind: TableKind, id: &str) -> Option<Vec<(i64, usize)>> {
    let t = a.report.tables.iter().find(|t| t.kind == kind)?;
    let r = t
        .rows
        .iter()
        .find(|r| r.def.is_some_and(|(b, i)| t.def.blocks[b].rows[i].id == id))?;
    let (b, _) = r.def?;
    let _ = b;
    Some(
        r.values
            .iter()
            .map(|v| {
                let n = match v.value.number() {
                    Some(nianbao::model::Number::Int(i)) => i,
                    other => panic!("{id}: {other:?}"),
                };
                let line = a.line_index.line_of(v.range.expect("written").start);
                (n, line)
            })
            .collect(),
    )
}

fn column(a: &Analysis, kind: TableKind, row_id: &str, col: &str) -> (i64, usize) {
    let t = a.report.tables.iter().find(|t| t.kind == kind).unwrap();
    let (b, _) = t.def.row_position(row_id).unwrap();
    let c = t.def.blocks[b].column_index(col).unwrap();
    row(a, kind, row_id).unwrap()[c]
}

/// (report, line) of every cell where a year does not continue the year before.
fn breaks(chain: &Chain) -> Vec<(usize, &'static str, usize)> {
    let mut out = Vec::new();
    let analyses: Vec<Analysis> = chain.reports.iter().map(|r| analyze(&r.text)).collect();
    for i in 1..chain.reports.len() {
        let (r, p) = (&chain.reports[i], &chain.reports[i - 1]);
        let (a, b) = (&analyses[i], &analyses[i - 1]);
        if p.template == "2008" {
            continue;
        }
        let carried = row(a, TableKind::Applications, "carried").unwrap();
        let last = row(b, TableKind::Applications, "carry_over").unwrap();
        for (c, (v, line)) in carried.iter().enumerate() {
            if *v != last[c].0 {
                out.push((i, "carry-over", *line));
            }
        }
        if r.template == "2021" {
            // After the 2019 format, its 对外公开总数量 is taken as what was in force.
            let last = if p.template == "2021" {
                "effective"
            } else {
                "in_force"
            };
            for id in ["regulations", "normative_documents"] {
                let (base, _) = column(b, TableKind::Proactive, id, last);
                let (issued, _) = column(a, TableKind::Proactive, id, "issued");
                let (repealed, _) = column(a, TableKind::Proactive, id, "repealed");
                let (effective, line) = column(a, TableKind::Proactive, id, "effective");
                assert!(repealed <= base + issued, "{}", r.name);
                if effective != base + issued - repealed {
                    out.push((i, "in-force-count", line));
                }
            }
        }
        if r.template == "2019" && p.template == "2019" {
            for id in [
                "licensing",
                "other_services",
                "penalties",
                "enforcement",
                "fees",
            ] {
                let (last, _) = column(b, TableKind::Proactive, id, "last_year");
                let (change, _) = column(b, TableKind::Proactive, id, "change");
                let (now, line) = column(a, TableKind::Proactive, id, "last_year");
                if now != last + change {
                    out.push((i, "in-force-count", line));
                }
            }
        }
    }
    out.sort_unstable();
    out
}

fn expected_of(chain: &Chain, codes: &[&str]) -> Vec<(usize, &'static str, usize)> {
    let mut v: Vec<_> = chain
        .expected
        .iter()
        .filter(|e| codes.contains(&e.code))
        .map(|e| (e.report, e.code, e.line))
        .collect();
    v.sort_unstable();
    v
}

#[test]
fn years_continue_each_other_except_where_a_mistake_breaks_them() {
    let mut checked = 0;
    for chain in set() {
        let got = breaks(chain);
        let want = expected_of(chain, &["carry-over", "in-force-count"]);
        assert_eq!(got, want, "chain {} ({:?})", chain.index, chain.mistake);
        checked += 1;
    }
    assert!(checked > 40);
    // Carry-over is tested with numbers: some chains carry requests forward.
    let carried: i64 = set()
        .iter()
        .flat_map(|c| &c.reports)
        .map(|r| r.figures.carried)
        .sum();
    assert!(carried > 20, "{carried}");
}

/// (quantity word, figure) pairs stated in a line: the number right after the word.
fn stated(line: &str) -> Vec<(&'static str, i64)> {
    const WORDS: [&str; 7] = [
        "收到政府信息公开申请",
        "上年结转",
        "办结",
        "予以公开",
        "结转下年度继续办理",
        "行政复议",
        "行政诉讼",
    ];
    let mut out = Vec::new();
    for w in WORDS {
        for (at, _) in line.match_indices(w) {
            let digits: String = line[at + w.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(n) = digits.parse() {
                out.push((w, n));
            }
        }
    }
    out
}

fn figure(r: &ChainReport, word: &str) -> i64 {
    let f = &r.figures;
    match word {
        "收到政府信息公开申请" => f.received,
        "上年结转" => f.carried,
        "办结" => f.closed,
        "予以公开" => f.opened,
        "结转下年度继续办理" => f.carry_over,
        "行政复议" => f.review,
        _ => f.litigation,
    }
}

/// Prose lines (not table lines, nor section 二's block labels) with their line numbers.
fn prose(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.contains('|') && !l.trim().is_empty() && !l.contains("第二十条第"))
}

#[test]
fn stated_quantities_are_the_tables() {
    let mut statements = 0;
    for chain in set() {
        let mut wrong = Vec::new();
        for (i, r) in chain.reports.iter().enumerate() {
            for (n, line) in prose(&r.text) {
                for (word, v) in stated(line) {
                    statements += 1;
                    if v != figure(r, word) {
                        wrong.push((i, "narrative-mismatch", n));
                    }
                }
                if line.contains("已全部办结") && r.figures.carry_over != 0 {
                    wrong.push((i, "narrative-mismatch", n));
                }
            }
        }
        wrong.dedup();
        assert_eq!(
            wrong,
            expected_of(chain, &["narrative-mismatch"]),
            "chain {}",
            chain.index
        );
    }
    assert!(statements > 500, "{statements}");
}

const CN: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/// Is every enumeration of the line numbered 一, 二, 三, … in turn? An
/// ordinal opening the paragraph (`（二）依申请公开情况。`) is a sub-heading.
fn well_numbered(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    let mut shi = Vec::new();
    let mut bracket = Vec::new();
    for i in 0..chars.len() {
        if let Some(n) = CN.iter().position(|&c| c == chars[i]) {
            if chars.get(i + 1) == Some(&'是') {
                shi.push(n);
            }
            if i > 1 && chars[i - 1] == '（' && chars.get(i + 1) == Some(&'）') {
                bracket.push(n);
            }
        }
    }
    [shi, bracket]
        .iter()
        .all(|seq| seq.iter().enumerate().all(|(i, &n)| i == n))
}

#[test]
fn enumerations_are_well_formed_except_the_injected() {
    let mut lists = 0;
    for chain in set() {
        let mut wrong = Vec::new();
        for (i, r) in chain.reports.iter().enumerate() {
            for (n, line) in prose(&r.text) {
                lists += usize::from(line.contains("一是"));
                if !well_numbered(line) {
                    wrong.push((i, "enumeration", n));
                }
            }
        }
        assert_eq!(
            wrong,
            expected_of(chain, &["enumeration"]),
            "chain {}",
            chain.index
        );
    }
    assert!(lists > 150, "{lists}");
}

/// Section `n`'s text (prose lines of its body) as the model reads it.
fn section(r: &ChainReport, n: u8) -> Option<String> {
    let a = analyze(&r.text);
    let s = a.report.sections.iter().find(|s| s.number == n)?;
    let body = &r.text[s.body.start..s.body.end];
    Some(
        body.lines()
            .skip(1)
            .filter(|l| !l.contains('|') && !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Dice coefficient of the character bigrams of two texts.
fn similarity(a: &str, b: &str) -> f64 {
    let grams = |s: &str| -> HashMap<(char, char), usize> {
        let c: Vec<char> = s.chars().filter(|c| !c.is_ascii_digit()).collect();
        let mut m = HashMap::new();
        for w in c.windows(2) {
            *m.entry((w[0], w[1])).or_default() += 1;
        }
        m
    };
    let (x, y) = (grams(a), grams(b));
    let common: usize = x
        .iter()
        .map(|(k, n)| (*n).min(*y.get(k).unwrap_or(&0)))
        .sum();
    let total: usize = x.values().sum::<usize>() + y.values().sum::<usize>();
    2.0 * common as f64 / total.max(1) as f64
}

#[test]
fn sections_one_and_five_are_drawn_afresh_unless_copied() {
    let mut highest: f64 = 0.0;
    let mut pairs = 0;
    for chain in set() {
        for i in 1..chain.reports.len() {
            let (r, p) = (&chain.reports[i], &chain.reports[i - 1]);
            if p.template == "2008" {
                continue;
            }
            for (n, mistake) in [
                (1, ChainMistake::CopiedOverview),
                (5, ChainMistake::CopiedProblems),
            ] {
                let (Some(a), Some(b)) = (section(r, n), section(p, n)) else {
                    panic!("{}: section {n}", r.name);
                };
                let s = similarity(&a, &b);
                if r.mistake == Some(mistake) {
                    assert!(s > 0.9, "{}: copied section {n} only {s:.2} alike", r.name);
                    let e = chain.expected.iter().find(|e| e.report == i).unwrap();
                    let heading = analyze(&r.text)
                        .report
                        .sections
                        .iter()
                        .find(|s| s.number == n)
                        .unwrap()
                        .line;
                    assert_eq!(e.line, heading, "{}", r.name);
                } else if !(n == 5
                    && matches!(
                        r.mistake,
                        Some(ChainMistake::EmptyProblems | ChainMistake::NoImprovements)
                    ))
                {
                    pairs += 1;
                    highest = highest.max(s);
                    assert!(s < 0.6, "{} section {n}: {s:.2} alike last year's", r.name);
                }
            }
        }
    }
    assert!(pairs > 100, "{pairs}");
    eprintln!("consecutive sections 一/五: at most {highest:.2} alike (bigram Dice)");
}

const IMPROVEMENT: [&str; 5] = ["改进", "措施", "下一步", "将", "整改"];

#[test]
fn sections_five_and_six_say_what_they_must() {
    for chain in set() {
        for r in &chain.reports {
            if r.template == "2008" {
                continue;
            }
            let five = section(r, 5).expect("section 五");
            let six = section(r, 6).expect("section 六");
            match r.mistake {
                Some(ChainMistake::EmptyProblems) => {
                    assert!(five.is_empty() || five == "无。", "{}: {five}", r.name)
                }
                Some(ChainMistake::NoImprovements) => {
                    assert!(five.contains("问题") || five.contains("不足"), "{}", r.name);
                    assert!(
                        !IMPROVEMENT.iter().any(|w| five.contains(w)),
                        "{}: {five}",
                        r.name
                    );
                }
                _ => {
                    assert!(
                        ["问题", "不足", "差距", "薄弱"]
                            .iter()
                            .any(|w| five.contains(w)),
                        "{}: {five}",
                        r.name
                    );
                    assert!(IMPROVEMENT.iter().any(|w| five.contains(w)), "{}", r.name);
                }
            }
            if r.template == "2021" {
                let fee = six.contains("信息处理费");
                let dropouts = six.contains("缴纳费用");
                match r.mistake {
                    Some(ChainMistake::NoFeeStatement) => {
                        assert!(!fee && r.figures.fee_dropouts == 0, "{}: {six}", r.name)
                    }
                    Some(ChainMistake::UnmentionedFeeRefusals) => {
                        assert!(
                            fee && !dropouts && r.figures.fee_dropouts > 0,
                            "{}: {six}",
                            r.name
                        )
                    }
                    _ => {
                        assert!(fee, "{}: {six}", r.name);
                        assert_eq!(dropouts, r.figures.fee_dropouts > 0, "{}: {six}", r.name);
                    }
                }
            }
        }
    }
}

#[test]
fn the_years_named_are_the_reports_except_the_injected() {
    for chain in set() {
        for (i, r) in chain.reports.iter().enumerate() {
            let title = r.text.lines().next().unwrap();
            let wants = |y: i32| title.contains(&format!("{y}年"));
            let period_line = r
                .text
                .lines()
                .position(|l| l.contains("统计期限"))
                .expect("a statistics period");
            let period = r.text.lines().nth(period_line).unwrap();
            let e = chain.expected.iter().find(|e| e.report == i);
            match r.mistake {
                Some(ChainMistake::TitleYear) => {
                    assert!(wants(r.year - 1) && !wants(r.year), "{title}");
                    assert_eq!(e.map(|e| e.line), Some(0));
                }
                Some(ChainMistake::PeriodYear) => {
                    assert!(
                        period.contains(&format!("{}年1月1日", r.year - 1)),
                        "{period}"
                    );
                    assert_eq!(e.map(|e| e.line), Some(period_line));
                }
                _ => {
                    assert!(wants(r.year), "{title}");
                    assert!(period.contains(&format!("{}年1月1日", r.year)), "{period}");
                    assert!(!period.contains(&format!("{}年", r.year - 1)), "{period}");
                }
            }
        }
    }
}

#[test]
fn an_issuer_signs_in_several_ways_that_come_to_one_key() {
    let mut keys = HashSet::new();
    let mut varied = 0;
    for chain in set() {
        assert!(keys.insert(chain.key.clone()), "issuer {} twice", chain.key);
        let signatures: HashSet<&str> =
            chain.reports.iter().map(|r| r.signature.as_str()).collect();
        for s in &signatures {
            assert_eq!(issuer_key(s), chain.key, "{s}");
        }
        // The model reads the signature as the issuer.
        for r in &chain.reports {
            let a = analyze(&r.text);
            assert_eq!(
                a.report.issuer.as_ref().map(|i| i.name.as_str()),
                Some(r.signature.as_str()),
                "{}",
                r.name
            );
            let year = if r.mistake == Some(ChainMistake::TitleYear) {
                r.year - 1
            } else {
                r.year
            };
            assert_eq!(
                a.report.year.as_ref().map(|y| y.value),
                Some(year),
                "{}",
                r.name
            );
        }
        varied += usize::from(signatures.len() > 1);
    }
    assert!(varied >= 5, "{varied}");
}

#[test]
fn every_mistake_is_in_every_layout_and_found_once() {
    let mut seen = HashSet::new();
    for chain in set() {
        let Some(m) = chain.mistake else {
            assert!(chain.expected.is_empty());
            continue;
        };
        let file = chain
            .reports
            .iter()
            .position(|r| r.mistake == Some(m))
            .unwrap();
        assert!(!chain.expected.is_empty(), "{m:?}");
        for e in &chain.expected {
            assert_eq!((e.report, e.code), (file, m.code()));
            assert!(e.accepts(e.line));
        }
        seen.insert((
            m,
            nianbao_corpus::doc::layout_name(chain.reports[file].layout),
        ));
    }
    assert_eq!(seen.len(), ChainMistake::ALL.len() * 3);
}

#[test]
fn chains_are_reproducible() {
    let spec = ChainSpec {
        mistake: Some(ChainMistake::CarryOver),
        ..ChainSpec::default()
    };
    let (a, b) = (chain(3, 5, &spec), chain(3, 5, &spec));
    for (x, y) in a.reports.iter().zip(&b.reports) {
        assert_eq!(x.text, y.text);
    }
    assert_eq!(a.expected, b.expected);
    assert_eq!(a.mistake_year, b.mistake_year);
}
