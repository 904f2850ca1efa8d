//! Reading a value cell: counts, signed changes, money, blanks.

use serde::Serialize;

use crate::text::normalize::nfkc_compact;

/// A number as written: an integer, or a decimal amount (万元).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Number {
    Int(i64),
    Dec(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Dec(d) => d,
        }
    }
    pub fn is_negative(self) -> bool {
        self.as_f64() < 0.0
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Dec(d) => write!(f, "{d}"),
        }
    }
}

/// What a value cell says.
#[derive(Clone, Debug, PartialEq)]
pub enum CellValue {
    /// A number, with the unit written in the cell if any (`251000元`).
    Number { value: Number, unit: Option<String> },
    /// Empty, `/`, `—`, `无`, `不涉及`: not filled in. Never zero.
    Blank,
    /// Text that is not a number.
    Unreadable,
}

impl CellValue {
    pub fn number(&self) -> Option<Number> {
        match self {
            CellValue::Number { value, .. } => Some(*value),
            _ => None,
        }
    }
}

const BLANK_TOKENS: &[&str] = &[
    "",
    "/",
    "／",
    "\\",
    "-",
    "--",
    "—",
    "——",
    "–",
    "―",
    "无",
    "不涉及",
    "空",
    "暂无",
    "N/A",
    "n/a",
];

/// Units people write inside value cells; longest first.
const UNITS: &[&str] = &[
    "人次", "万元", "元", "件", "条", "个", "次", "人", "项", "篇", "家", "期",
];

/// Is this cell text a bare unit (the 2008 table's 单位 column)?
pub fn is_unit(text: &str) -> bool {
    UNITS.contains(&&*nfkc_compact(text))
}

/// What a value cell's text says. Every token of every line is read so (the prose's too):
/// the commonest, plain ASCII digits and labels, without normalising (text that opens with a
/// CJK ideograph is no number, and no blank unless it is one of the blank words).
pub fn parse_value(text: &str) -> CellValue {
    if (1..=18).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = text.parse() {
            return CellValue::Number {
                value: Number::Int(n),
                unit: None,
            };
        }
    }
    let opens_with_ideograph = text
        .chars()
        .next()
        .is_some_and(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    if opens_with_ideograph
        && !text.contains(char::is_whitespace)
        && !matches!(text, "无" | "不涉及" | "空" | "暂无")
    {
        return CellValue::Unreadable;
    }
    parse_normalised(text)
}

/// [`parse_value`] the long way: normalised, then read.
fn parse_normalised(text: &str) -> CellValue {
    let compact = nfkc_compact(text);
    if BLANK_TOKENS.contains(&&*compact) {
        return CellValue::Blank;
    }
    let mut body = &*compact;
    let mut unit = None;
    for u in UNITS {
        if let Some(rest) = body.strip_suffix(u) {
            if !rest.is_empty() {
                unit = Some((*u).to_string());
                body = rest;
                break;
            }
        }
    }
    let (negative, digits) = match body.chars().next() {
        Some('+') => (false, &body[1..]),
        Some('-') => (true, &body[1..]),
        Some('−') => (true, &body['−'.len_utf8()..]),
        _ => (false, body),
    };
    match parse_unsigned(digits) {
        Some(n) => CellValue::Number {
            value: if negative { negate(n) } else { n },
            unit,
        },
        None => CellValue::Unreadable,
    }
}

fn negate(n: Number) -> Number {
    match n {
        Number::Int(i) => Number::Int(-i),
        Number::Dec(d) => Number::Dec(-d),
    }
}

/// `123`, `1,234`, `12.5`, `1,234.50`.
fn parse_unsigned(s: &str) -> Option<Number> {
    if s.is_empty() {
        return None;
    }
    let (int_part, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let int_digits: std::borrow::Cow<str> = if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let ok = !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return None;
        }
        groups.concat().into()
    } else {
        int_part.into()
    };
    if int_digits.is_empty() || !int_digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match frac {
        None => int_digits.parse().ok().map(Number::Int),
        Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{int_digits}.{f}").parse().ok().map(Number::Dec)
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_cuts_agree_with_the_long_way() {
        for t in [
            "0",
            "17",
            "+14",
            "-8",
            "１７",
            "1,234",
            "12.50",
            "0件",
            "3.22万元",
            "",
            "/",
            "—",
            "无",
            "不涉及",
            "空",
            "暂无",
            "暂 无",
            "无效",
            "规章",
            "一、本年新收",
            "十二",
            "元",
            "件",
            "99999999999999999999",
            "０",
            "⽆",
        ] {
            assert_eq!(parse_value(t), parse_normalised(t), "{t:?}");
        }
    }

    fn n(text: &str) -> Option<Number> {
        parse_value(text).number()
    }

    #[test]
    fn numbers() {
        assert_eq!(n("17"), Some(Number::Int(17)));
        assert_eq!(n("+14"), Some(Number::Int(14)));
        assert_eq!(n("-8"), Some(Number::Int(-8)));
        assert_eq!(n("－8"), Some(Number::Int(-8)));
        assert_eq!(n("１７"), Some(Number::Int(17)));
        assert_eq!(n("1,234"), Some(Number::Int(1234)));
        assert_eq!(n("１，２３４"), Some(Number::Int(1234)));
        assert_eq!(n("12.50"), Some(Number::Dec(12.5)));
        assert_eq!(n("0件"), Some(Number::Int(0)));
        assert_eq!(
            parse_value("251000元"),
            CellValue::Number {
                value: Number::Int(251000),
                unit: Some("元".into())
            }
        );
        assert_eq!(n("3.22万元"), Some(Number::Dec(3.22)));
    }

    #[test]
    fn blanks_and_unreadable() {
        for b in ["", " ", "/", "—", "无", "不涉及", "——"] {
            assert_eq!(parse_value(b), CellValue::Blank, "{b:?}");
        }
        for u in ["十二", "1,23", "12.", "约5", "5-6", "元", "++3"] {
            assert_eq!(parse_value(u), CellValue::Unreadable, "{u:?}");
        }
        assert!(is_unit("人次") && is_unit(" 件 ") && !is_unit("0件"));
    }
}
