//! What the report's prose says: the quantities its sentences state (`本年度共收到政府信息公开
//! 申请70件`), the sums they state (`共…2602条（其中…82条，…）`) and the ordinals that number
//! their items (`一是…二是…`).
//!
//! Pure text work: lines in, owned values out (no borrowing of the text), so that what a section
//! says can be kept in a small summary of it. The checks compare it with the tables
//! (`narrative-mismatch`) and with itself (`enumeration`).
//!
//! Precision over recall: a statement is only read where its sentence names the quantity plainly,
//! for the whole report (not a channel, an applicant type, a month or a part of the agency); its
//! years and any comparison with another period are recorded so that the checks can pass over
//! sentences about other years.
//!
//! The prose is read in *paragraphs*: consecutive text lines, joined while a line ends mid-sentence
//! (a PDF's text layer wraps its lines anywhere), whitespace dropped (`申请 21 件` is `申请21件`),
//! half-width punctuation and full-width digits folded; every character keeps its place in the
//! document.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use super::Report;
use crate::syntax::{Line, LineKind};
use crate::text::TextRange;

/// A quantity of the report's tables that a sentence states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// 收到/新收/受理 … 申请: section 三, 一、本年新收 (总计).
    Received,
    /// The same, the sentence saying that it includes 上年结转 (`其中上年结转2件`): 一 + 二.
    ReceivedWithCarried,
    /// 上年结转: section 三, 二.
    CarriedIn,
    /// 办结 / 答复: section 三, （七）总计.
    Completed,
    /// 办理: received or completed, the sentence does not say which (loose).
    Handled,
    /// 予以公开: （一）.
    Disclosed,
    /// 予以公开及部分公开: （一） + （二）.
    DisclosedOrPartly,
    /// 部分公开: （二）.
    Partly,
    /// 不予公开: the rows under （三）.
    Refused,
    /// 无法提供: the rows under （四）.
    Unable,
    /// 不予处理: the rows under （五）.
    NotProcessed,
    /// 其他处理: （六） (its rows in the 2021 format).
    OtherHandling,
    /// 结转下年度: 四.
    CarriedForward,
    /// 行政复议: section 四, 行政复议 总计.
    Reconsideration,
    /// 行政诉讼: section 四, the two 行政诉讼 总计s.
    Litigation,
    /// 行政复议和行政诉讼 as one number: the three 总计s.
    Appeals,
    /// A rate in percent (`公开率95%`): `value` is the number as written times 10^`decimals`.
    Rate { kind: RateKind, decimals: u8 },
}

/// A rate a sentence states, recomputed from the numbers the same sentence states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RateKind {
    /// 公开率: disclosed (or disclosed and partly) over the applications.
    Disclosure,
    /// 办结率 / 答复率: completed over the applications.
    Completion,
}

impl Quantity {
    /// A quantity of section 四's table.
    pub fn is_appeal(self) -> bool {
        matches!(
            self,
            Quantity::Reconsideration | Quantity::Litigation | Quantity::Appeals
        )
    }
}

/// A sentence stating one quantity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub quantity: Quantity,
    /// The number stated (0 for `未收到政府信息公开申请`).
    pub value: u64,
    /// The number as written (for a statement of none, the words saying so).
    pub range: TextRange,
    /// The sentence (to its `。`, `；`, `！` or `？`).
    pub sentence: TextRange,
    /// The wording is loose (`办理`: received or completed).
    pub loose: bool,
    /// The years (`2020年`) the sentence names.
    pub years: Vec<i32>,
    /// The sentence compares with another period (`同比`, `较上年`, `增长`…).
    pub compared: bool,
}

/// A whole and its parts stated in one sentence: `共X件，其中A件、B件`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sum {
    pub whole: u64,
    pub whole_range: TextRange,
    /// The parts, in order (at least one).
    pub parts: Vec<(u64, TextRange)>,
    /// The parts are said to be all of it (`分别为`, `其余`, 自然人 and 法人或其他组织).
    pub exhaustive: bool,
    /// A sum of applications (in `件`, in a sentence about them): its parts are the tables'
    /// categories, which never overlap.
    pub applications: bool,
    pub sentence: TextRange,
    pub years: Vec<i32>,
    pub compared: bool,
}

/// An ordinal that numbers an item of the prose: `一是`, `（二）`, `3.`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ordinal {
    pub style: OrdinalStyle,
    pub number: u32,
    /// The ordinal as written (`三是`, `（三）`).
    pub range: TextRange,
    /// The paragraph it stands in (its index among the paragraphs read).
    pub paragraph: usize,
    /// It opens its paragraph.
    pub leads: bool,
}

/// How an ordinal is written; each style is numbered on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrdinalStyle {
    /// `一是`.
    Shi,
    /// `（一）`.
    ParenCn,
    /// `一、`: a top-level heading's style.
    CnComma,
    /// `1.` or `1、`.
    Arabic,
    /// `（1）`.
    ParenArabic,
}

impl OrdinalStyle {
    /// The ordinal `n` written in this style.
    pub fn write(self, n: u32) -> String {
        match self {
            OrdinalStyle::Shi => format!("{}是", cn_numeral(n)),
            OrdinalStyle::ParenCn => format!("（{}）", cn_numeral(n)),
            OrdinalStyle::CnComma => format!("{}、", cn_numeral(n)),
            OrdinalStyle::Arabic => format!("{n}."),
            OrdinalStyle::ParenArabic => format!("（{n}）"),
        }
    }
}

/// What the prose says of the report's quantities.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Narrative {
    pub statements: Vec<Statement>,
    pub sums: Vec<Sum>,
}

impl Narrative {
    /// These statements with every range moved by `delta` bytes.
    #[must_use]
    pub fn shifted(mut self, delta: isize) -> Narrative {
        for s in &mut self.statements {
            s.range = s.range.shifted(delta);
            s.sentence = s.sentence.shifted(delta);
        }
        for s in &mut self.sums {
            s.whole_range = s.whole_range.shifted(delta);
            s.sentence = s.sentence.shifted(delta);
            for p in &mut s.parts {
                p.1 = p.1.shifted(delta);
            }
        }
        self
    }

    /// Appends what the text that follows says.
    pub fn extend(&mut self, next: Narrative) {
        self.statements.extend(next.statements);
        self.sums.extend(next.sums);
    }
}

/// What a line is to the prose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineRole {
    /// Prose (or a sub-heading within it).
    Prose,
    /// A section heading: its own paragraph, read only as the context of what follows.
    Heading,
    /// Not prose (a table's line): ends a paragraph.
    Skip,
}

/// A paragraph of prose: its text normalised, mapped back to the document every few
/// characters (a character's place is found again only for what is pointed at).
#[derive(Clone, Debug, Default)]
pub struct Paragraph<'d> {
    /// The document.
    src: &'d str,
    pub text: String,
    /// Every [`CHECKPOINT`] characters of a line: where it is in `text`, where in the
    /// document, and where its line's content ends.
    segs: Vec<(usize, usize, usize)>,
    pub heading: bool,
    /// A Markdown heading (`### 三是提高解读效能。`).
    pub markdown_heading: bool,
    /// Read whatever its lines say (a heading, or short: it may be the heading of the next).
    kept: bool,
}

/// Characters between two places of a paragraph's map.
const CHECKPOINT: usize = 32;

/// Characters the normalised text leaves out.
fn dropped(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '*'
}

impl Paragraph<'_> {
    /// The document range of the character of `text` that byte `at` is in.
    fn locate(&self, at: usize) -> Option<TextRange> {
        let k = self.segs.partition_point(|s| s.0 <= at).checked_sub(1)?;
        let (mut norm, start, end) = self.segs[k];
        for (i, c) in self.src[start..end].char_indices() {
            if dropped(c) {
                continue;
            }
            let n = fold(c).len_utf8();
            if at < norm + n {
                return Some(TextRange::new(start + i, start + i + c.len_utf8()));
            }
            norm += n;
        }
        None
    }

    /// The document range of `text[a..b]` (on character boundaries).
    pub fn source(&self, a: usize, b: usize) -> TextRange {
        let Some(first) = self.locate(a) else {
            let end = self.segs.last().map_or(0, |s| s.2);
            return TextRange::empty(end);
        };
        if b <= a {
            return TextRange::empty(first.start);
        }
        let last = self.locate(b - 1).unwrap_or(first);
        TextRange::new(first.start, last.end.max(first.start))
    }

    /// The whole paragraph in the document.
    pub fn range(&self) -> TextRange {
        self.source(0, self.text.len())
    }

    fn push(&mut self, s: &str, base: usize) {
        let end = base + s.len();
        // Most characters stay as they are: copied a run at a time (`s[run..]` is pending).
        let mut run = 0;
        let mut k = 0;
        for (i, c) in s.char_indices() {
            if dropped(c) {
                self.text.push_str(&s[run..i]);
                run = i + c.len_utf8();
                continue;
            }
            // A place to walk from every few characters: finding one is a short walk.
            if k % CHECKPOINT == 0 {
                self.segs.push((self.text.len() + (i - run), base + i, end));
            }
            k += 1;
            let folded = fold(c);
            if folded != c {
                self.text.push_str(&s[run..i]);
                self.text.push(folded);
                run = i + c.len_utf8();
            }
        }
        self.text.push_str(&s[run..]);
    }
}

/// Half-width punctuation as the full-width Chinese prose mostly uses; full-width digits as ASCII.
fn fold(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '!' => '！',
        '?' => '？',
        '．' => '.',
        '％' => '%',
        _ => c,
    }
}

/// Does a line open with an item's number (`（1）`, `(2)`, `3.`, `4、`, `（五）`, `六、`, `一是`)?
fn starts_item(s: &str) -> bool {
    let numeral = |c: char| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十".contains(c)
    };
    let s = s.trim_start();
    let (open, rest) = match s.strip_prefix(['（', '(']) {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let after = rest.trim_start_matches(numeral);
    let digits = rest[..rest.len() - after.len()].chars().count();
    if digits == 0 || digits > 3 {
        return false;
    }
    if open {
        after.starts_with(['）', ')'])
    } else {
        after.starts_with(['.', '．', '、', '是'])
    }
}

/// Does a line end where a sentence may end (so that the next line starts a paragraph)?
fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| "。！？；：.!?;:”\"）)".contains(c))
}

/// The prose of `lines`, one paragraph at a time: `f` gets each paragraph (not empty), the one
/// before it, and its index. Only two are held at once (a report may have megabytes of prose),
/// and a paragraph none of whose lines `wanted` wants is not normalised at all (but for a short
/// one or a heading: what follows may read it as its heading).
fn each_paragraph<'d>(
    text: &'d str,
    lines: &[Line],
    role: &dyn Fn(&Line) -> LineRole,
    wanted: &dyn Fn(&str) -> bool,
    f: &mut dyn FnMut(&Paragraph, Option<&Paragraph>, usize),
) {
    /// A paragraph's lines, before it is normalised.
    #[derive(Default)]
    struct Pending<'d> {
        lines: Vec<(&'d str, usize)>,
        heading: bool,
        markdown_heading: bool,
    }
    let mut previous: Option<Paragraph<'d>> = None;
    // The buffers of the paragraph before the previous one, reused for the next.
    let mut spare: Option<Paragraph<'d>> = None;
    let mut index = 0;
    let mut flush = |pending: &mut Pending<'d>, previous: &mut Option<Paragraph<'d>>| {
        if pending.lines.is_empty() {
            return;
        }
        let bytes: usize = pending.lines.iter().map(|l| l.0.len()).sum();
        let short = bytes <= SHORT_PARAGRAPH_BYTES;
        let kept = pending.heading || pending.markdown_heading || short;
        if !(kept || pending.lines.iter().any(|l| wanted(l.0))) {
            spare = previous.take().or(spare.take());
            if pending
                .lines
                .iter()
                .any(|l| l.0.chars().any(|c| !dropped(c)))
            {
                index += 1;
            }
            pending.lines.clear();
            return;
        }
        let mut p = spare.take().unwrap_or_default();
        p.text.clear();
        p.segs.clear();
        p.src = text;
        p.heading = pending.heading;
        p.markdown_heading = pending.markdown_heading;
        p.kept = kept;
        p.text.reserve(bytes);
        p.segs
            .reserve(bytes / (3 * CHECKPOINT) + pending.lines.len());
        for &(s, base) in &pending.lines {
            p.push(s, base);
        }
        pending.lines.clear();
        if p.text.is_empty() {
            spare = Some(p);
            return;
        }
        f(&p, previous.as_ref(), index);
        index += 1;
        spare = previous.replace(p);
    };
    let mut current = Pending::default();
    let mut open = false;
    for line in lines {
        let LineKind::Text {
            content,
            markdown_heading,
        } = &line.kind
        else {
            open = false;
            continue;
        };
        let role = role(line);
        if role == LineRole::Skip {
            open = false;
            continue;
        }
        let s = &text[content.start..content.end];
        let heading = role == LineRole::Heading;
        // A line that opens with an item's number starts a new paragraph, whatever the line
        // before ended with (a heading line `2.围绕重点领域…` has no full stop).
        open = open && !starts_item(s);
        if !(open && markdown_heading.is_none() && !heading) {
            flush(&mut current, &mut previous);
            current.heading = heading;
            current.markdown_heading = markdown_heading.is_some();
        }
        current.lines.push((s, content.start));
        open = !heading && markdown_heading.is_none() && !ends_sentence(s);
    }
    flush(&mut current, &mut previous);
}

/// A paragraph this short (in bytes) is always read: it may be the heading of the next.
const SHORT_PARAGRAPH_BYTES: usize = 120;

/// What each line of an analysed text is to its prose: a table's lines are not prose, a
/// section heading is read as the context of what follows.
pub fn role_in<'r>(report: &'r Report) -> impl Fn(&Line) -> LineRole + 'r {
    move |line: &Line| {
        if report
            .tables
            .iter()
            .any(|t| t.lines.0 <= line.number && line.number <= t.lines.1)
        {
            LineRole::Skip
        } else if report.sections.iter().any(|s| s.line == line.number) {
            LineRole::Heading
        } else {
            LineRole::Prose
        }
    }
}

/// What the prose of a report says: read once for every rule that reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prose {
    /// The quantities and sums it states.
    pub narrative: Narrative,
    /// The ordinals that number its items, in document order.
    pub ordinals: Vec<Ordinal>,
}

/// May a text state a quantity? A statement has a number, or says none (`未`, `无`, `没有`);
/// a sum says `其中` or `分别` (and has numbers).
fn may_state(s: &str) -> bool {
    s.contains(states)
}

/// A character a statement needs (see [`may_state`]).
fn states(c: char) -> bool {
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || is_cn_numeral(c)
        || matches!(c, '未' | '无' | '没')
}

/// A character an ordinal needs: a numeral before `是` or `、`, in brackets, or digits
/// before `.` or `、`.
fn numbers_items(c: char) -> bool {
    matches!(c, '是' | '（' | '(' | '、' | '.' | '．')
}

/// What the prose of `lines` says, in one pass over its paragraphs.
pub fn read_prose(text: &str, lines: &[Line], role: &dyn Fn(&Line) -> LineRole) -> Prose {
    let mut out = Prose::default();
    let wanted = |s: &str| s.contains(|c| states(c) || numbers_items(c));
    each_paragraph(text, lines, role, &wanted, &mut |p, before, i| {
        if p.heading {
            return;
        }
        // The paragraph before is the context of the statements only if it would be read for
        // statements itself (not one read only for its ordinals): what the statements were
        // read with when they had a pass of their own.
        let before = before.filter(|b| b.kept || may_state(&b.text));
        read_paragraph(p, before, &mut out.narrative);
        ordinals_of(p, i, &mut out.ordinals);
    });
    out
}

/// What the prose of `lines` says of the report's quantities.
pub fn read(text: &str, lines: &[Line], role: &dyn Fn(&Line) -> LineRole) -> Narrative {
    read_prose(text, lines, role).narrative
}

// ---------------------------------------------------------------------------------------------
// Numbers

/// A number followed by a unit (`70件`, `二十三件`), or a percentage.
#[derive(Clone, Copy, Debug)]
struct Count {
    value: u64,
    /// The number, in the paragraph's text.
    start: usize,
    end: usize,
    /// The unit (`件`), or `%`.
    unit: char,
    /// Just after the unit.
    after: usize,
    /// `约`, `近`, `余`, `多`, `左右`…: not an exact count.
    approx: bool,
    /// Digits after the decimal point (percentages only).
    decimals: u8,
}

const UNITS: &str = "件起条个项篇份次宗例场期家";

fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
    )
}

/// A Chinese numeral (`二十三`, `一百零五`, `两`) as a number.
fn cn_value(s: &str) -> Option<u64> {
    let digit = |c: char| -> Option<u64> {
        Some(match c {
            '〇' | '零' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let mut total = 0u64;
    let mut pending: Option<u64> = None;
    let mut last_unit = u64::MAX;
    let mut any_unit = false;
    for c in s.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                let d = digit(c)?;
                if d == 0 {
                    pending = None;
                    continue;
                }
                if pending.is_some() {
                    // Two digits in a row (`二〇二一`): a year or a code, not a count.
                    return None;
                }
                pending = Some(d);
                continue;
            }
        };
        if unit >= last_unit {
            return None;
        }
        last_unit = unit;
        any_unit = true;
        total += pending.take().unwrap_or(1) * unit;
    }
    if !any_unit && s.chars().count() > 1 {
        return None;
    }
    Some(total + pending.unwrap_or(0))
}

/// The numeral `n` in Chinese (1 … 99).
pub fn cn_numeral(n: u32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        20..=99 if n % 10 == 0 => format!("{}十", D[(n / 10) as usize]),
        20..=99 => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

const APPROX_BEFORE: [&str; 9] = ["约", "近", "超过", "超", "逾", "不足", "不到", "上", "达近"];
const APPROX_AFTER: [&str; 5] = ["左右", "以上", "以下", "之多", "有余"];

/// The counts and percentages of `text[s..e]`, and the years it names.
fn counts(text: &str, s: usize, e: usize) -> (Vec<Count>, Vec<i32>) {
    let mut out = Vec::new();
    let mut years = Vec::new();
    let bytes = text.as_bytes();
    let mut i = s;
    while i < e {
        let c = text[i..].chars().next().unwrap_or(' ');
        let start = i;
        let (value, mut end) = if c.is_ascii_digit() {
            let mut j = i;
            while j < e && bytes[j].is_ascii_digit() {
                j += 1;
            }
            let before = text[..i].chars().next_back();
            let glued = before.is_some_and(|b| b == '.' || b.is_ascii_alphanumeric() || b == '第');
            i = j;
            if glued || j - start > 12 {
                continue;
            }
            let v: u64 = text[start..j].parse().unwrap_or(0);
            if text[j..e].starts_with('年') && (j - start) == 4 && (1990..=2100).contains(&v) {
                years.push(v as i32);
                continue;
            }
            (v, j)
        } else if is_cn_numeral(c) {
            let mut j = i;
            for (k, ch) in text[i..e].char_indices() {
                if !is_cn_numeral(ch) {
                    break;
                }
                j = i + k + ch.len_utf8();
            }
            let before = text[..i].chars().next_back();
            i = j;
            if before == Some('第') {
                continue;
            }
            let Some(v) = cn_value(&text[start..j]) else {
                continue;
            };
            (v, j)
        } else {
            i += c.len_utf8();
            continue;
        };
        let mut decimals = 0u8;
        let mut value = value;
        let mut approx = APPROX_BEFORE.iter().any(|a| text[..start].ends_with(a));
        // A decimal: only a percentage may be one.
        if text[end..e].starts_with('.') && c.is_ascii_digit() {
            let mut j = end + 1;
            while j < e && bytes[j].is_ascii_digit() {
                j += 1;
            }
            if j == end + 1 || !text[j..e].starts_with('%') || j - end > 4 {
                i = j;
                continue;
            }
            decimals = (j - end - 1) as u8;
            value =
                value * 10u64.pow(decimals as u32) + text[end + 1..j].parse::<u64>().unwrap_or(0);
            end = j;
            i = j;
        }
        let mut unit_at = end;
        for a in ["余", "多"] {
            if text[unit_at..e].starts_with(a) {
                approx = true;
                unit_at += a.len();
            }
        }
        let Some(unit) = text[unit_at..e].chars().next() else {
            continue;
        };
        if unit != '%' && !UNITS.contains(unit) {
            continue;
        }
        if unit == '%' && !c.is_ascii_digit() {
            continue;
        }
        if unit != '%' && decimals > 0 {
            continue;
        }
        let after = unit_at + unit.len_utf8();
        approx |= APPROX_AFTER.iter().any(|a| text[after..e].starts_with(a));
        out.push(Count {
            value,
            start,
            end,
            unit,
            after,
            approx,
            decimals,
        });
        i = after;
    }
    (out, years)
}

// ---------------------------------------------------------------------------------------------
// Key words

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kw {
    Q(Quantity),
    Rate(RateKind),
    /// A word that takes a number away from every quantity (`按时办结`, `不予受理`).
    Ignore,
}

const KEYWORDS: &[(&str, Kw)] = {
    use Kw::{Ignore, Q};
    use Quantity::*;
    &[
        ("新收", Q(Received)),
        ("收到", Q(Received)),
        ("受理", Q(Received)),
        ("接收", Q(Received)),
        ("接到", Q(Received)),
        ("不予受理", Ignore),
        ("上年结转", Q(CarriedIn)),
        ("上年度结转", Q(CarriedIn)),
        ("上一年度结转", Q(CarriedIn)),
        ("上一年结转", Q(CarriedIn)),
        ("上年转入", Q(CarriedIn)),
        ("上年度转入", Q(CarriedIn)),
        ("上一年度转入", Q(CarriedIn)),
        ("办结", Q(Completed)),
        ("答复", Q(Completed)),
        ("办理完毕", Q(Completed)),
        ("办理完成", Q(Completed)),
        ("办理", Q(Handled)),
        ("按时办结", Ignore),
        ("按期办结", Ignore),
        ("延期办结", Ignore),
        ("按时答复", Ignore),
        ("按期答复", Ignore),
        ("延期答复", Ignore),
        ("及时答复", Ignore),
        ("及时办结", Ignore),
        ("当场答复", Ignore),
        ("予以公开", Q(Disclosed)),
        ("同意公开", Q(Disclosed)),
        ("准予公开", Q(Disclosed)),
        ("全部公开", Q(Disclosed)),
        ("予以公开及部分公开", Q(DisclosedOrPartly)),
        ("予以公开和部分公开", Q(DisclosedOrPartly)),
        ("予以公开与部分公开", Q(DisclosedOrPartly)),
        ("部分公开", Q(Partly)),
        ("不予公开", Q(Refused)),
        ("无法提供", Q(Unable)),
        ("不予处理", Q(NotProcessed)),
        ("其他处理", Q(OtherHandling)),
        ("结转下年度", Q(CarriedForward)),
        ("结转下一年度", Q(CarriedForward)),
        ("结转下一年", Q(CarriedForward)),
        ("结转至下年度", Q(CarriedForward)),
        ("结转至下一年度", Q(CarriedForward)),
        ("结转至下一年", Q(CarriedForward)),
        ("结转到下年度", Q(CarriedForward)),
        ("结转到下一年度", Q(CarriedForward)),
        ("转入下年度", Q(CarriedForward)),
        ("转入下一年度", Q(CarriedForward)),
        ("转至下年度", Q(CarriedForward)),
        ("转至下一年度", Q(CarriedForward)),
        ("转下一年度", Q(CarriedForward)),
        ("转下年度", Q(CarriedForward)),
        ("结转至明年", Q(CarriedForward)),
        ("行政复议", Q(Reconsideration)),
        ("行政诉讼", Q(Litigation)),
        ("行政复议和行政诉讼", Q(Appeals)),
        ("行政复议及行政诉讼", Q(Appeals)),
        ("行政复议、行政诉讼", Q(Appeals)),
        ("行政复议与行政诉讼", Q(Appeals)),
        ("行政复议或行政诉讼", Q(Appeals)),
        ("公开率", Kw::Rate(RateKind::Disclosure)),
        ("办结率", Kw::Rate(RateKind::Completion)),
        ("答复率", Kw::Rate(RateKind::Completion)),
        ("按时办结率", Ignore),
        ("按期办结率", Ignore),
        ("及时办结率", Ignore),
        ("按时答复率", Ignore),
        ("及时答复率", Ignore),
        ("按期答复率", Ignore),
    ]
};

fn keywords() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    // A full DFA: the overlapping search of every paragraph is the hot path of the prose, and
    // the few key words make a small one.
    AC.get_or_init(|| {
        AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(KEYWORDS.iter().map(|k| k.0))
            .expect("keyword automaton")
    })
}

/// A key word found: its place in the paragraph's text and what it names.
#[derive(Clone, Copy, Debug)]
struct Hit {
    start: usize,
    end: usize,
    kw: Kw,
}

/// Words that may stand between a key word and its number (`收到政府信息公开申请70件`).
const FILLER: &[&str] = &[
    "政府信息公开申请",
    "政府信息依申请公开",
    "依申请公开政府信息",
    "依申请信息公开",
    "依申请公开",
    "信息公开申请",
    "公开申请",
    "政府信息",
    "信息公开",
    "申请件",
    "申请",
    "数量",
    "总数",
    "件数",
    "案件",
    "和办理",
    "并办理",
    "和处理",
    "和答复",
    "并答复",
    "继续办理",
    "办理",
    "答复",
    "共计",
    "累计",
    "总计",
    "合计",
    "达到",
    "共",
    "达",
    "数",
    "为",
    "了",
    "的",
    "有",
    "均",
    "：",
];

/// Words that may stand between a number and a key word after it (`1件涉及政府信息公开工作的行政复议`).
const POST_FILLER: &[&str] = &[
    "政府信息公开申请",
    "信息公开申请",
    "政府信息公开",
    "信息公开",
    "申请",
    "涉及",
    "工作",
    "被提起",
    "被申请",
    "提起",
    "引起",
    "引发",
    "因",
    "的",
    "而",
    "被",
    "已",
    "均",
];

/// Is `s` made only of `words`?
fn only(s: &str, words: &[&str]) -> bool {
    let mut rest = s;
    while !rest.is_empty() {
        let Some(w) = words
            .iter()
            .filter(|w| rest.starts_with(**w))
            .max_by_key(|w| w.len())
        else {
            return false;
        };
        rest = &rest[w.len()..];
    }
    true
}

/// Words that make a number that of a part of the applications (a channel, an applicant type, a
/// part of the agency, a part of the year), wherever they stand before it in the sentence.
const SENTENCE_QUALIFIERS: &[&str] = &[
    "网络",
    "网上",
    "在线",
    "当面",
    "信函",
    "传真",
    "邮件",
    "邮寄",
    "现场",
    "窗口",
    "来信",
    "来电",
    "电话",
    "自然人",
    "法人",
    "企业",
    "公民",
    "个人",
    "律师",
    "涉及",
    "关于",
    "有关",
    "针对",
    "对于",
    "属于",
    "本级",
    "各部门",
    "各单位",
    "乡镇",
    "街道",
    "下属",
    "所属",
    "直属",
    "分别",
    "平均",
    "季度",
    "上半年",
    "下半年",
    "月份",
    "当月",
    "每月",
    "人大",
    "政协",
    "建议",
    "提案",
    "信访",
];

/// Parts of an agency or an area: a sentence naming one counts otherwise than the tables may.
const SUB_UNITS: &[&str] = &[
    "本级",
    "各部门",
    "乡镇",
    "街道",
    "县（市、区）",
    "县（市，区）",
    "县区",
    "区县",
    "各县",
    "所属单位",
    "下属单位",
    "直属单位",
];

/// Words that make a number of appeals that of a part of them.
const APPEAL_QUALIFIERS: &[&str] = &[
    "本级",
    "各部门",
    "各单位",
    "乡镇",
    "街道",
    "下属",
    "所属",
    "直属",
    "分别",
    "平均",
    "季度",
    "上半年",
    "下半年",
    "月份",
    "当月",
    "每月",
    "维持",
    "纠正",
    "纠错",
    "败诉",
    "胜诉",
];

/// Words that make a number that of a part of the applications in their own clause (on time,
/// late).
const CLAUSE_QUALIFIERS: &[&str] = &[
    "因",
    "按时",
    "按期",
    "延期",
    "逾期",
    "超期",
    "限期",
    "期限",
    "及时",
    "当场",
    "当日",
    "当天",
    "工作日",
];

/// Words by which a sentence compares with another period.
const COMPARISONS: &[&str] = &[
    "同比", "环比", "去年", "较上", "比上", "增长", "下降", "增加", "减少", "持平", "上升", "回落",
    "翻番", "前年", "往年", "历年",
];

/// Does the sentence compare with another period? `上年` counts unless it is the name of the
/// carried-over applications (`上年结转`).
fn compares(s: &str) -> bool {
    if COMPARISONS.iter().any(|c| s.contains(c)) {
        return true;
    }
    for lead in ["上一年", "上年"] {
        for (i, _) in s.match_indices(lead) {
            let rest = &s[i + lead.len()..];
            let rest = rest.strip_prefix('度').unwrap_or(rest);
            if !(rest.starts_with("结转") || rest.starts_with("转入")) {
                return true;
            }
        }
    }
    false
}

/// The months (`3月`) a sentence names, other than the year's first and last.
fn names_months(s: &str) -> bool {
    for (i, _) in s.match_indices('月') {
        let before = &s[..i];
        let digits: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let n = if digits.is_empty() {
            let cn: String = before
                .chars()
                .rev()
                .take_while(|c| is_cn_numeral(*c))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if cn.is_empty() {
                continue;
            }
            cn_value(&cn)
        } else {
            digits.parse().ok()
        };
        if !matches!(n, Some(1) | Some(12)) {
            return true;
        }
    }
    false
}

/// Words that say a sentence or its paragraph is about applications for information.
const APPLICATION_CONTEXT: &[&str] = &["依申请", "信息公开申请", "公开申请", "申请公开"];
/// … about information disclosure at all (for appeals).
const DISCLOSURE_CONTEXT: &[&str] = &["信息公开", "依申请", "公开申请", "申请公开"];

/// A paragraph's lead (its first sentence, when short: `（二）依申请公开方面。`).
fn lead<'p>(p: &'p Paragraph) -> &'p str {
    let t = &p.text;
    let end = t.find(['。', '；', '：']).unwrap_or(t.len());
    if t[..end].chars().count() <= 30 {
        &t[..end]
    } else {
        ""
    }
}

// ---------------------------------------------------------------------------------------------
// Statements

fn read_paragraph(p: &Paragraph, before: Option<&Paragraph>, out: &mut Narrative) {
    let text = p.text.as_str();
    if !text.contains(|c: char| {
        c.is_ascii_digit() || is_cn_numeral(c) || c == '未' || c == '无' || c == '没'
    }) {
        return;
    }
    let mut hits: Vec<Hit> = keywords()
        .find_overlapping_iter(text)
        .map(|m| Hit {
            start: m.start(),
            end: m.end(),
            kw: KEYWORDS[m.pattern().as_usize()].1,
        })
        .collect();
    let sums_said = text.contains("其中") || text.contains("分别");
    if hits.is_empty() && !sums_said {
        return;
    }
    hits.sort_by_key(|h| (h.start, h.end));
    let lead = lead(p);
    let heading_context = |words: &[&str]| {
        let in_lead = words.iter().any(|w| lead.contains(w));
        let above = before.is_some_and(|b| {
            (b.heading || b.markdown_heading || b.text.chars().count() <= 30)
                && words.iter().any(|w| b.text.contains(w))
        });
        in_lead || above
    };
    let about_applications = heading_context(APPLICATION_CONTEXT);
    let about_disclosure =
        heading_context(DISCLOSURE_CONTEXT) && heading_context(&["复议", "诉讼"]);
    let mut s = 0;
    let mut full_start = 0;
    let mut previous_full: Option<(usize, usize)> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '。')))
    {
        if !matches!(c, '。' | '！' | '？' | '；') {
            continue;
        }
        if s < i && !hits.is_empty() {
            let ctx = Ctx {
                p,
                s,
                e: i,
                about_applications,
                about_disclosure,
            };
            sentence(&ctx, &hits, out);
        }
        s = i + c.len_utf8();
        if c != '；' {
            if full_start < i {
                if sums_said {
                    sums(p, full_start, i, previous_full, about_applications, out);
                }
                previous_full = Some((full_start, i));
            }
            full_start = s;
        }
    }
}

struct Ctx<'a> {
    p: &'a Paragraph<'a>,
    s: usize,
    e: usize,
    about_applications: bool,
    about_disclosure: bool,
}

impl Ctx<'_> {
    fn text(&self) -> &str {
        &self.p.text[self.s..self.e]
    }
}

/// The start of the clause `at` is in (after the last `，`, `：`, `（` or `）` before it).
fn clause_start(text: &str, s: usize, at: usize) -> usize {
    text[s..at]
        .rfind(['，', '：', '（', '）'])
        .map_or(s, |i| s + i + '，'.len_utf8())
}

fn sentence(ctx: &Ctx, hits: &[Hit], out: &mut Narrative) {
    let text = ctx.p.text.as_str();
    let sent = ctx.text();
    // Most sentences name no quantity: nothing more is read of them.
    // The key words starting in the sentence (each use below looks only within it, so one
    // running past its end counts for nothing).
    let from = hits.partition_point(|h| h.start < ctx.s);
    let to = from + hits[from..].partition_point(|h| h.start < ctx.e);
    let hits = &hits[from..to];
    if !hits.iter().any(|h| h.end <= ctx.e) {
        return;
    }
    let (counts, years) = counts(text, ctx.s, ctx.e);
    let negated = sent.contains(['未', '无']) || sent.contains("没有");
    if counts.is_empty() && !negated {
        return;
    }
    // Said of the applications (or of disclosure) before the number or in its clause.
    let said_before = |at: usize, words: &[&str]| {
        let end = text[at..ctx.e]
            .find(['，', '：', '（', '）'])
            .map_or(ctx.e, |i| at + i);
        words.iter().any(|w| text[ctx.s..end].contains(w))
    };
    // What the sentence states: (quantity, number, where, loose).
    let mut found: Vec<(Quantity, u64, usize, usize, bool)> = Vec::new();
    let push = |found: &mut Vec<_>, quantity: Quantity, value: u64, a: usize, b: usize, loose| {
        found.push((quantity, value, a, b, loose));
    };
    for count in &counts {
        if count.approx {
            continue;
        }
        if count.unit == '%' {
            if let Some((kind, _)) = rate_before(text, hits, ctx.s, count.start) {
                push(
                    &mut found,
                    Quantity::Rate {
                        kind,
                        decimals: count.decimals,
                    },
                    count.value,
                    count.start,
                    count.after,
                    false,
                );
            }
            continue;
        }
        let Some((q, kw_start)) = quantity_of(text, hits, ctx.s, count) else {
            continue;
        };
        let appeal = q.is_appeal();
        if appeal && !"件起宗例个".contains(count.unit) || !appeal && count.unit != '件' {
            continue;
        }
        let context = if appeal {
            ctx.about_disclosure || said_before(count.after, DISCLOSURE_CONTEXT)
        } else {
            ctx.about_applications || said_before(count.after, APPLICATION_CONTEXT)
        };
        if !context {
            continue;
        }
        // Whatever qualifies the applications before the number, in the sentence or its clause.
        let before = &text[ctx.s..kw_start.min(count.start)];
        let clause = &text[clause_start(text, ctx.s, kw_start.min(count.start))..count.start];
        let qualifiers = if appeal {
            APPEAL_QUALIFIERS
        } else {
            SENTENCE_QUALIFIERS
        };
        if qualifiers.iter().any(|w| before.contains(w))
            || CLAUSE_QUALIFIERS
                .iter()
                .filter(|w| !(appeal && **w == "因"))
                .any(|w| clause.contains(w))
        {
            continue;
        }
        let whole_type = matches!(
            q,
            Quantity::Received | Quantity::Completed | Quantity::Handled
        );
        if whole_type && before.contains("其中") {
            continue;
        }
        let mut q = q;
        if q == Quantity::Received {
            // `收到…申请`: the applications named next to the number.
            let filler = &text[kw_start..count.start];
            let after = &text[count.after..ctx.e];
            if !filler.contains("申请")
                && !after.starts_with("申请")
                && !after.starts_with("政府信息公开申请")
                && !after.starts_with("信息公开申请")
            {
                continue;
            }
            if includes_carried(after) {
                q = Quantity::ReceivedWithCarried;
            }
        }
        push(
            &mut found,
            q,
            count.value,
            count.start,
            count.end,
            q == Quantity::Handled,
        );
    }
    // Statements of none: `未收到政府信息公开申请`, `未发生因政府信息公开被申请行政复议的情况`.
    let before_ok = |at: usize, qualifiers: &[&str]| {
        let before = &text[ctx.s..at];
        !qualifiers.iter().any(|w| before.contains(w)) && !before.contains("其中")
    };
    if let Some((a, b)) = none_received(text, ctx.s, ctx.e).filter(|_| negated) {
        let context = ctx.about_applications
            || said_before(a, APPLICATION_CONTEXT)
            || text[a..b].contains("信息公开");
        if context && before_ok(a, SENTENCE_QUALIFIERS) {
            push(&mut found, Quantity::Received, 0, a, b, false);
        }
    }
    if negated {
        for (q, a, b) in none_appealed(text, hits, ctx.s, ctx.e) {
            let context = ctx.about_disclosure
                || said_before(a, DISCLOSURE_CONTEXT)
                || text[a..b].contains("信息公开");
            if context && before_ok(a, APPEAL_QUALIFIERS) {
                push(&mut found, q, 0, a, b, false);
            }
        }
    }
    if found.is_empty() {
        return;
    }
    // Months, or parts of the agency named anywhere in the sentence (`其中区政府本级…件`): the
    // sentence counts otherwise than the tables may.
    if names_months(sent) || SUB_UNITS.iter().any(|w| sent.contains(w)) {
        return;
    }
    let compared = compares(sent);
    let sentence = ctx.p.source(ctx.s, ctx.e);
    for (quantity, value, a, b, loose) in found {
        out.statements.push(Statement {
            quantity,
            value,
            range: ctx.p.source(a, b),
            sentence,
            loose,
            years: years.clone(),
            compared,
        });
    }
}

/// The quantity a number states, from the key word before it (the leftmost whose words up to
/// the number are all [`FILLER`]), else the key word after it; and where that key word starts.
fn quantity_of(text: &str, hits: &[Hit], s: usize, count: &Count) -> Option<(Quantity, usize)> {
    let clause = clause_start(text, s, count.start);
    // (No two key words span the same text: the first in this order is the one.)
    let leftmost_longest = |h: &&Hit| (h.start, std::cmp::Reverse(h.end));
    let before = hits
        .iter()
        .filter(|h| h.start >= clause && h.end <= count.start)
        .filter(|h| only(&text[h.end..count.start], FILLER))
        .min_by_key(leftmost_longest);
    if let Some(h) = before {
        return match h.kw {
            Kw::Q(q) => Some((q, h.start)),
            _ => None,
        };
    }
    // After the number: `1件结转下年度继续办理`, `3件予以公开`.
    let rest_end = text[count.after..]
        .find(['，', '。', '；', '：', '（', '）', '！', '？'])
        .map_or(text.len(), |i| count.after + i);
    let h = hits
        .iter()
        .filter(|h| h.start >= count.after && h.end <= rest_end)
        .min_by_key(leftmost_longest)?;
    if !only(&text[count.after..h.start], POST_FILLER) {
        return None;
    }
    match h.kw {
        Kw::Q(q)
            if !matches!(
                q,
                Quantity::Received | Quantity::Handled | Quantity::CarriedIn
            ) =>
        {
            Some((q, count.start))
        }
        _ => None,
    }
}

/// The rate named just before a percentage (`公开率为95%`).
fn rate_before(text: &str, hits: &[Hit], s: usize, at: usize) -> Option<(RateKind, usize)> {
    let h = hits
        .iter()
        .filter(|h| h.start >= s && h.end <= at)
        .filter(|h| {
            only(
                &text[h.end..at],
                &["为", "达", "达到", "是", "：", "均为", "均达"],
            )
        })
        .min_by_key(|h| h.start)?;
    match h.kw {
        Kw::Rate(r) => Some((r, h.start)),
        _ => None,
    }
}

/// Does the text after a number of received applications say they include the carried-over ones
/// (`，其中上年结转2件`, `（含上年结转2件）`)?
fn includes_carried(after: &str) -> bool {
    let rest = after.trim_start_matches(['，', '（']);
    for lead in ["其中", "包含", "包括", "含"] {
        if let Some(r) = rest.strip_prefix(lead) {
            let r = r.trim_start_matches(['了', '：']);
            return ["上年", "上一年", "上年度", "上一年度"].iter().any(|y| {
                r.strip_prefix(y)
                    .is_some_and(|r| r.starts_with("结转") || r.starts_with("转入"))
            }) || r.starts_with("结转");
        }
    }
    false
}

/// `未收到（政府信息公开）申请`: where it is.
fn none_received(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    for neg in ["未收到", "没有收到", "未接到", "没有接到", "未接收到"] {
        for (i, _) in text[s..e].match_indices(neg) {
            let a = s + i;
            let mut r = a + neg.len();
            for opt in ["过", "任何"] {
                if text[r..e].starts_with(opt) {
                    r += opt.len();
                }
            }
            for opt in ["政府信息公开", "信息公开", "依申请公开", "依申请"] {
                if text[r..e].starts_with(opt) {
                    r += opt.len();
                    break;
                }
            }
            if text[r..e].starts_with('的') {
                r += '的'.len_utf8();
            }
            if !text[r..e].starts_with("申请") {
                continue;
            }
            let b = r + "申请".len();
            let tail = &text[b..e];
            if tail.is_empty()
                || tail.starts_with(['，', '、', '。', '；'])
                || tail.starts_with("事项")
                || tail.starts_with("情况")
            {
                return Some((a, b));
            }
        }
    }
    None
}

/// `未发生（因政府信息公开被申请）行政复议（、行政诉讼）（的情况）`: the quantities said to be
/// none, and where.
fn none_appealed(text: &str, hits: &[Hit], s: usize, e: usize) -> Vec<(Quantity, usize, usize)> {
    const NEGATIONS: [&str; 8] = [
        "未发生",
        "没有发生",
        "未出现",
        "没有出现",
        "未有",
        "没有",
        "无",
        "未",
    ];
    const GAP: &[&str] = &[
        "因政府信息公开",
        "政府信息公开",
        "信息公开",
        "被申请",
        "被提起",
        "工作",
        "申请",
        "涉及",
        "引起",
        "引发",
        "提起",
        "相关",
        "的",
        "而",
        "被",
        "因",
    ];
    let mut out = Vec::new();
    let appeal_hits: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.start >= s && h.end <= e)
        .filter(|h| matches!(h.kw, Kw::Q(q) if q.is_appeal()))
        .collect();
    let mut taken_until = s;
    for h in &appeal_hits {
        if h.start < taken_until {
            continue;
        }
        // The negation: the nearest one before, with only GAP words between.
        let window_start = clause_start(text, s, h.start);
        let negation = NEGATIONS.iter().find_map(|neg| {
            text[window_start..h.start]
                .match_indices(neg)
                .map(|(i, _)| window_start + i)
                .filter(|&i| only(&text[i + neg.len()..h.start], GAP))
                .min()
        });
        let Some(a) = negation else {
            continue;
        };
        let Kw::Q(mut q) = h.kw else {
            continue;
        };
        let mut b = h.end;
        // `行政复议和被提起行政诉讼`.
        if q == Quantity::Reconsideration {
            for conj in ["和", "及", "、", "或", "与", "也未", "，也未"] {
                if let Some(r) = text[b..e].strip_prefix(conj) {
                    let at = b + conj.len();
                    let next = appeal_hits.iter().find(|x| {
                        x.kw == Kw::Q(Quantity::Litigation)
                            && x.start >= at
                            && only(&text[at..x.start], GAP)
                    });
                    if let Some(x) = next {
                        let _ = r;
                        q = Quantity::Appeals;
                        b = x.end;
                    }
                    break;
                }
            }
        }
        for tail in ["的案件", "案件", "的情况", "情况", "事项", "的事项"] {
            if text[b..e].starts_with(tail) {
                b += tail.len();
                break;
            }
        }
        let tail = &text[b..e];
        if !(tail.is_empty() || tail.starts_with(['，', '、', '。', '；'])) {
            continue;
        }
        taken_until = b;
        out.push((q, a, b));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Sums

/// Dimensions a part of the applications may be counted by; parts from two of them overlap.
const DIMENSIONS: &[&[&str]] = &[
    &["自然人", "法人", "企业", "组织", "机构", "个人", "公民"],
    &[
        "网络", "网上", "在线", "当面", "信函", "传真", "邮件", "邮寄", "现场", "窗口",
    ],
    &[
        "公开", "提供", "处理", "办结", "结转", "答复", "转办", "告知",
    ],
];

/// `共X件，其中A件、B件…` in the sentence `text[s..e]` (to its `。`); `previous` is the sentence
/// before, whose last number is the whole when this one opens with `其中`.
fn sums(
    p: &Paragraph,
    s: usize,
    e: usize,
    previous: Option<(usize, usize)>,
    about_applications: bool,
    out: &mut Narrative,
) {
    let text = p.text.as_str();
    if !text[s..e].contains("其中")
        && !text[s..e].contains("分别为")
        && !text[s..e].contains("分别是")
    {
        return;
    }
    let (all, years) = counts(text, s, e);
    let sentence = &text[s..e];
    let compared = compares(sentence);
    for marker in ["其中", "分别为", "分别是"] {
        for (i, _) in sentence.match_indices(marker) {
            let at = s + i;
            let exhaustive_marker = marker != "其中";
            // The whole: the number just before the marker.
            let whole = all
                .iter()
                .rev()
                .find(|c| c.after <= at)
                .filter(|c| only(&text[c.after..at], &["，", "（", "："]))
                .copied()
                .or_else(|| {
                    // `…1629条。其中，…`
                    if at != s {
                        return None;
                    }
                    let (ps, pe) = previous?;
                    let (prev, _) = counts(text, ps, pe);
                    prev.last()
                        .filter(|c| only(&text[c.after..pe], &["）"]))
                        .copied()
                });
            let Some(whole) = whole else {
                continue;
            };
            if whole.approx || whole.unit == '%' {
                continue;
            }
            // The parts: to the `）` closing a `（其中`, else to the sentence's end or `；`;
            // numbers in brackets within are parts of a part.
            let in_bracket = text[..at].ends_with('（');
            let mut end = e;
            let mut depth = 0i32;
            let body_start = at + marker.len();
            let mut nested: Vec<(usize, usize)> = Vec::new();
            let mut open_at = 0;
            for (k, c) in text[body_start..e].char_indices() {
                let k = body_start + k;
                match c {
                    '（' => {
                        if depth == 0 {
                            open_at = k;
                        }
                        depth += 1;
                    }
                    '）' => {
                        if depth == 0 {
                            if in_bracket {
                                end = k;
                                break;
                            }
                        } else {
                            depth -= 1;
                            if depth == 0 {
                                nested.push((open_at, k));
                            }
                        }
                    }
                    '；' if depth == 0 && !in_bracket => {
                        end = k;
                        break;
                    }
                    _ => {}
                }
            }
            // A second `其中`, or a clause of its own (`另有`, `此外`, `共…`) ends the parts.
            for stop in [
                "其中",
                "另有",
                "另外",
                "此外",
                "同时",
                "还有",
                "，共",
                "，合计",
                "，累计",
                "，总计",
            ] {
                if let Some(k) = text[body_start..end].find(stop) {
                    let k = body_start + k;
                    if !nested.iter().any(|&(a, b)| a < k && k < b) {
                        end = end.min(k);
                    }
                }
            }
            let applications = whole.unit == '件'
                && (about_applications || APPLICATION_CONTEXT.iter().any(|w| sentence.contains(w)));
            let mut parts = Vec::new();
            let mut labels: Vec<String> = Vec::new();
            let mut complete = true;
            let mut last = body_start;
            let mut abort = false;
            for c in all
                .iter()
                .filter(|c| c.start >= body_start && c.after <= end)
            {
                if nested.iter().any(|&(a, b)| a < c.start && c.start < b) {
                    continue;
                }
                if c.unit == '%' {
                    continue;
                }
                if c.approx {
                    abort = true;
                    break;
                }
                let label = &text[last..c.start];
                // A clause of another kind (appeals, a rate) is no part; nor, of the
                // applications, one that names none of the ways they are counted.
                let other_kind = ["行政复议", "行政诉讼", "率"]
                    .iter()
                    .any(|w| label.contains(w));
                let counted = DIMENSIONS
                    .iter()
                    .any(|d| d.iter().any(|w| label.contains(w)));
                if other_kind || applications && !counted {
                    break;
                }
                labels.push(label.to_string());
                last = c.after;
                if c.unit != whole.unit {
                    complete = false;
                    continue;
                }
                parts.push((c.value, p.source(c.start, c.end)));
            }
            if abort || parts.is_empty() {
                continue;
            }
            let dims = DIMENSIONS
                .iter()
                .filter(|d| labels.iter().any(|l| d.iter().any(|w| l.contains(w))))
                .count();
            // Parts of the applications counted by two dimensions (applicant and channel) overlap.
            if applications && dims > 1 {
                continue;
            }
            let applicants = labels.iter().any(|l| l.contains("自然人"))
                && labels.iter().any(|l| l.contains("法人"));
            let rest = labels.last().is_some_and(|l| {
                let l = l.trim_start_matches(['，', '、', '：']);
                l.starts_with("其余") || l.starts_with("剩余") || l.starts_with("余下")
            });
            let exhaustive = complete
                && (applicants && labels.len() == 2
                    || (exhaustive_marker || rest) && (end == e || in_bracket));
            out.sums.push(Sum {
                whole: whole.value,
                whole_range: p.source(whole.start, whole.end),
                parts,
                exhaustive,
                applications,
                sentence: p.source(s, e),
                years: years.clone(),
                compared,
            });
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Ordinals

/// Result labels of section 三's table: `（一）予以公开` in the text is the table's row, not an
/// item of the prose.
const ROW_LABELS: &[&str] = &[
    "予以公开",
    "部分公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "其他处理",
    "总计",
];

fn ordinals_of(p: &Paragraph, index: usize, out: &mut Vec<Ordinal>) {
    let text = p.text.as_str();
    // The run of characters from `at` that `f` accepts.
    let run_of = |at: usize, f: fn(char) -> bool| {
        let rest = &text[at..];
        &rest[..rest.find(|c: char| !f(c)).unwrap_or(rest.len())]
    };
    let mut i = 0;
    let mut before: Option<char> = None;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let sentence_start =
            before.is_none_or(|b| matches!(b, '。' | '；' | '：' | '！' | '？' | '”' | '“' | '"'));
        let clause_start = sentence_start || matches!(before, Some('，' | '、'));
        let mut found: Option<(OrdinalStyle, u32, usize)> = None;
        if is_cn_numeral(c) && clause_start {
            let run = run_of(i, is_cn_numeral);
            let after = i + run.len();
            if let Some(n) = cn_value(run).filter(|n| (1..=30).contains(n)) {
                if text[after..].starts_with('是') {
                    found = Some((OrdinalStyle::Shi, n as u32, after + '是'.len_utf8()));
                } else if text[after..].starts_with('、') && sentence_start {
                    found = Some((OrdinalStyle::CnComma, n as u32, after + '、'.len_utf8()));
                }
            }
        } else if c == '（' && before != Some('第') && before != Some('条') {
            let run = run_of(i + c.len_utf8(), |c| is_cn_numeral(c) || c.is_ascii_digit());
            let after = i + c.len_utf8() + run.len();
            if !run.is_empty() && text[after..].starts_with('）') {
                let end = after + '）'.len_utf8();
                let rest = &text[end..];
                let cross_reference = rest.starts_with(['项', '款', '条', '目']);
                let row_label = ROW_LABELS.iter().any(|l| rest.starts_with(l));
                let n = if run.chars().all(|c| c.is_ascii_digit()) {
                    run.parse::<u64>()
                        .ok()
                        .map(|n| (OrdinalStyle::ParenArabic, n))
                } else {
                    cn_value(run).map(|n| (OrdinalStyle::ParenCn, n))
                };
                if let Some((style, n)) = n.filter(|(_, n)| (1..=50).contains(n)) {
                    if !cross_reference
                        && !row_label
                        && (style == OrdinalStyle::ParenCn || sentence_start)
                    {
                        found = Some((style, n as u32, end));
                    }
                }
            }
        } else if c.is_ascii_digit() && sentence_start {
            let run = run_of(i, |c| c.is_ascii_digit());
            let after = i + run.len();
            let rest = &text[after..];
            let next_is_digit = rest.chars().nth(1).is_some_and(|c| c.is_ascii_digit());
            if (rest.starts_with('.') || rest.starts_with('、')) && !next_is_digit {
                if let Ok(n) = run.parse::<u32>() {
                    if (1..=50).contains(&n) {
                        let sep = rest.chars().next().map_or(1, char::len_utf8);
                        found = Some((OrdinalStyle::Arabic, n, after + sep));
                    }
                }
            }
        }
        match found {
            Some((style, number, end)) => {
                out.push(Ordinal {
                    style,
                    number,
                    range: p.source(i, end),
                    paragraph: index,
                    leads: i == 0,
                });
                before = text[..end].chars().next_back();
                i = end;
            }
            None => {
                before = Some(c);
                i += c.len_utf8();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Syntax;
    use crate::text::LineIndex;

    fn narrative(text: &str) -> Narrative {
        let idx = LineIndex::new(text);
        let syntax = Syntax::parse(text, &idx);
        read(text, &syntax.lines, &|_| LineRole::Prose)
    }

    fn said(text: &str) -> Vec<(Quantity, u64, String)> {
        narrative(text)
            .statements
            .iter()
            .map(|s| {
                (
                    s.quantity,
                    s.value,
                    text[s.range.start..s.range.end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_value("二十三"), Some(23));
        assert_eq!(cn_value("十"), Some(10));
        assert_eq!(cn_value("十五"), Some(15));
        assert_eq!(cn_value("两"), Some(2));
        assert_eq!(cn_value("一百零五"), Some(105));
        assert_eq!(cn_value("二〇二一"), None);
        assert_eq!(cn_numeral(23), "二十三");
    }

    #[test]
    fn statements_of_the_applications() {
        use Quantity::*;
        assert_eq!(
            said("（二）依申请公开方面。本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。"),
            [(Received, 70, "70".into()), (CarriedForward, 1, "1".into())]
        );
        assert_eq!(
            said("全年收到政府信息公开申请 34 件，上年结转政府信息公开\n申请 2 件，所有申请均已按要求办理完成。"),
            [(Received, 34, "34".into()), (CarriedIn, 2, "2".into())]
        );
        assert_eq!(
            said("2020年,市政府办公室共收到和办理依申请公开19件,其中上年结转政府信息公开申请数量2件、因本机关不掌握无法提供2件,行政复议及行政诉讼案件0件。"),
            [
                (ReceivedWithCarried, 19, "19".into()),
                (CarriedIn, 2, "2".into()),
                (Appeals, 0, "0".into())
            ]
        );
        assert_eq!(
            said("全年依申请公开共受理申请二十三件，予以公开及部分公开十五件。"),
            [
                (Received, 23, "二十三".into()),
                (DisclosedOrPartly, 15, "十五".into())
            ]
        );
        assert_eq!(
            said("2021年,市行政服务中心未收到政府信息公开申请。"),
            [(Received, 0, "未收到政府信息公开申请".into())]
        );
        assert_eq!(
            said("本年度未发生因政府信息公开被申请行政复议和提起行政诉讼的情况。"),
            [(
                Appeals,
                0,
                "未发生因政府信息公开被申请行政复议和提起行政诉讼的情况".into()
            )]
        );
        assert_eq!(
            said("2024 年市科委有 1 件涉及政府信息公开工作的行政复议，该行政复议件未被复议审查机关纠错。"),
            [(Reconsideration, 1, "1".into())]
        );
        assert_eq!(
            said(
                "所有办结的信息公开申请中同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2件。"
            ),
            [
                (Disclosed, 9, "9".into()),
                (Partly, 0, "0".into()),
                (Refused, 2, "2".into())
            ]
        );
    }

    #[test]
    fn statements_about_parts_or_other_years_are_marked_or_not_read() {
        // Channels, applicant types, sub-units, months: not the table's quantities.
        assert!(said("依申请公开方面，通过网络收到申请15件。").is_empty());
        assert!(said("依申请公开方面，其中自然人申请741件。").is_empty());
        assert!(said("依申请公开方面，1至6月收到申请15件。").is_empty());
        assert!(said("依申请公开方面，按时办结20件。").is_empty());
        assert!(said("全年受理审批事项3906件，办结事项3395件。").is_empty());
        assert!(said("全年办理人大建议12件，政协提案10件，全部按时办结。").is_empty());
        assert!(
            said("全年受理申请12000件。").is_empty(),
            "no context of disclosure"
        );
        assert!(said("依申请公开方面，收到申请十余件。").is_empty());
        let n = narrative("依申请公开方面，2020年收到申请15件，同比增长20%。");
        assert_eq!(n.statements[0].years, [2020]);
        assert!(n.statements[0].compared);
        let n = narrative("依申请公开方面，上年结转申请2件。");
        assert!(!n.statements[0].compared);
    }

    #[test]
    fn sums_stated_in_prose() {
        let n = narrative("全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件，法人或其他组织申请 8 件；共办理 718 件，结转下一年 31 件。");
        assert_eq!(n.sums.len(), 1);
        assert_eq!(n.sums[0].whole, 749);
        assert_eq!(
            n.sums[0].parts.iter().map(|p| p.0).collect::<Vec<_>>(),
            [741, 8]
        );
        assert!(n.sums[0].exhaustive && n.sums[0].applications);
        let n = narrative("2018年,发布各类政府信息1629条。其中,市政务服务管理局发布信息共30条;市公共资源交易中心发布各类信息共1209条(其中,公共资源交易政策法规20条,市公共资源交易公告608条,市公共资源交易公示475条,各类新闻动态信息106条);中介超市综合服务中心共发布中介服务项目采购公告共390个。");
        let got: Vec<(u64, Vec<u64>)> = n
            .sums
            .iter()
            .map(|s| (s.whole, s.parts.iter().map(|p| p.0).collect()))
            .collect();
        assert_eq!(got, [(1629, vec![30]), (1209, vec![20, 608, 475, 106])]);
        // Parts counted by two dimensions overlap: no sum.
        assert!(
            narrative("依申请公开方面，共收到申请20件，其中自然人18件，网上申请15件。")
                .sums
                .is_empty()
        );
    }

    #[test]
    fn ordinals_in_prose() {
        let text = "存在问题：一是公开不及时；三是内容不规范，1、3号楼除外。\n（一）加强领导。第二十条第（五）项";
        let idx = LineIndex::new(text);
        let syntax = Syntax::parse(text, &idx);
        let found = read_prose(text, &syntax.lines, &|_| LineRole::Prose).ordinals;
        let got: Vec<(OrdinalStyle, u32, bool)> =
            found.iter().map(|o| (o.style, o.number, o.leads)).collect();
        assert_eq!(
            got,
            [
                (OrdinalStyle::Shi, 1, false),
                (OrdinalStyle::Shi, 3, false),
                (OrdinalStyle::ParenCn, 1, true)
            ]
        );
    }
}
