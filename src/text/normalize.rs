//! Label normalisation: real reports mix full- and half-width punctuation and
//! digits, put spaces and line breaks inside labels and use straight or curly
//! quotes at random. Labels are compared by their normalised *key*.

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Is `s` already in NFKC? Most labels and values are ASCII, CJK ideographs
/// and CJK punctuation without decompositions, which need no normalising;
/// anything else goes through the quick check of the Unicode tables.
fn is_nfkc(s: &str) -> bool {
    let stable = |c: char| {
        c.is_ascii()
            || ('\u{4E00}'..='\u{9FFF}').contains(&c)
            || matches!(c, '、' | '。' | '“' | '”' | '‘' | '’' | '《' | '》')
    };
    s.chars().all(stable) || is_nfkc_quick(s.chars()) == IsNormalized::Yes
}

/// The comparison key of a label: NFKC (full-width → half-width), whitespace,
/// quotes and emphasis markers removed, list separators unified.
pub fn label_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if is_nfkc(s) {
        push_key_chars(&mut out, s.chars());
    } else {
        push_key_chars(&mut out, s.nfkc());
    }
    // A trailing colon or full stop is decoration, not part of the label.
    while out.ends_with(':') || out.ends_with('。') || out.ends_with('.') {
        out.pop();
    }
    out
}

fn push_key_chars(out: &mut String, chars: impl Iterator<Item = char>) {
    for c in chars {
        match c {
            c if c.is_whitespace() => {}
            '"' | '\'' | '“' | '”' | '‘' | '’' | '「' | '」' | '『' | '』' | '*' | '`' =>
                {}
            '、' | ',' | '，' | '．' => out.push('.'),
            '〔' | '［' | '【' => out.push('['),
            '〕' | '］' | '】' => out.push(']'),
            c => out.push(c),
        }
    }
}

/// The key with parenthesised notes after the label body removed, for
/// matching labels written without (or with a repeated) explanatory note:
/// `(二)部分公开(区分处理的…)` → `(二)部分公开`.
pub fn core_key(key: &str) -> String {
    let (ordinal, body) = split_ordinal(key);
    let mut out = String::from(ordinal);
    let mut depth = 0usize;
    for c in body.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Splits a leading list ordinal (`一.`, `(一)`, `1.`, `其中:`) from a key.
pub fn split_ordinal(key: &str) -> (&str, &str) {
    let bytes_end = ordinal_len(key);
    key.split_at(bytes_end)
}

fn ordinal_len(key: &str) -> usize {
    let mut chars = key.char_indices().peekable();
    match chars.peek() {
        Some((_, '(')) => {
            chars.next();
            let mut seen = false;
            for (i, c) in chars {
                if is_numeral(c) {
                    seen = true;
                } else if c == ')' && seen {
                    return i + 1;
                } else {
                    return 0;
                }
            }
            0
        }
        Some((_, c)) if is_numeral(*c) => {
            for (i, c) in chars {
                if is_numeral(c) {
                    continue;
                }
                return if c == '.' { i + 1 } else { 0 };
            }
            0
        }
        _ => 0,
    }
}

/// Digits and Chinese numerals.
pub fn is_numeral(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            '〇' | '零'
                | '一'
                | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '百'
        )
}

/// The numerals of a key, in order: two labels that differ in a numeral are
/// different rows (`第（八）项` vs `第（九）项`), never typos of each other.
pub fn numerals(key: &str) -> impl Iterator<Item = char> + '_ {
    key.chars().filter(|&c| is_numeral(c))
}

/// Similarity of two keys in `0.0..=1.0` (1 − normalised Levenshtein distance
/// over characters), or 0 when their numerals differ.
pub fn similarity(a: &str, b: &str) -> f64 {
    if !numerals(a).eq(numerals(b)) {
        return 0.0;
    }
    strsim::normalized_levenshtein(a, b)
}

/// [`similarity`] of two keys when it is at least `min`, else `None`. Pairs
/// that share too few characters to reach `min` are ruled out before the
/// edit distance is computed: it is at least the longer length minus the
/// characters in common, and a 128-bit set of `b`'s characters bounds those
/// from above without allocating.
pub fn similarity_at_least(a: &str, b: &str, min: f64) -> Option<f64> {
    if !numerals(a).eq(numerals(b)) {
        return None;
    }
    let bit = |c: char| 1u128 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 25);
    let in_b = b.chars().fold(0u128, |set, c| set | bit(c));
    let (la, lb) = (a.chars().count(), b.chars().count());
    let longest = la.max(lb);
    if longest > 0 {
        let common = a.chars().filter(|&c| in_b & bit(c) != 0).count().min(lb);
        let bound = 1.0 - (longest - common) as f64 / longest as f64;
        if bound < min {
            return None;
        }
    }
    let s = strsim::normalized_levenshtein(a, b);
    (s >= min).then_some(s)
}

/// NFKC without whitespace: how a value cell's text is read. Most cells are that already:
/// borrowed, not copied.
pub fn nfkc_compact(s: &str) -> Cow<'_, str> {
    if !is_nfkc(s) {
        Cow::Owned(s.nfkc().filter(|c| !c.is_whitespace()).collect())
    } else if s.contains(char::is_whitespace) {
        Cow::Owned(s.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_width_spaces_and_quotes() {
        assert_eq!(label_key("（三）不予 公开"), label_key("(三)不予公开"));
        assert_eq!(
            label_key("3.危及“三安全一稳定”"),
            label_key("3.危及\"三安全一稳定\"")
        );
        assert_eq!(label_key("统 计 指 标"), "统计指标");
        assert_eq!(label_key("一、本年新收"), "一.本年新收");
        assert_eq!(label_key("其中:"), "其中");
    }

    #[test]
    fn fast_nfkc_check_agrees_with_nfkc() {
        for s in [
            "规章 | 0",
            "（一）予以公开",
            "１７",
            "3.危及“三安全一稳定”",
            "《条例》、。",
            "e\u{301}",
            "Å",
            "㈠",
            "𠀀😀",
            "丽",
        ] {
            assert_eq!(is_nfkc(s), s.nfkc().eq(s.chars()), "{s:?}");
            assert_eq!(
                nfkc_compact(s),
                s.nfkc().filter(|c| !c.is_whitespace()).collect::<String>()
            );
        }
    }

    #[test]
    fn similarity_at_least_agrees_with_similarity() {
        let keys = [
            "第二十条第(八)条",
            "第二十条第(八)项",
            "第二十条第(九)项",
            "(二)不分公开",
            "(二)部分公开",
            "7.属于行政执法案件",
            "7.属于行政执法案卷",
            "",
            "结果",
            "abc",
            "cab",
        ];
        for a in keys {
            for b in keys {
                for min in [0.0, 0.5, 0.7, 0.8, 0.9, 1.0] {
                    let s = similarity(a, b);
                    let expected =
                        (s >= min && (s > 0.0 || numerals(a).eq(numerals(b)))).then_some(s);
                    assert_eq!(
                        similarity_at_least(a, b, min),
                        expected,
                        "{a:?} {b:?} {min}"
                    );
                }
            }
        }
    }

    #[test]
    fn core_key_drops_notes() {
        let k = label_key("（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
        assert_eq!(core_key(&k), "(二)部分公开");
        assert_eq!(split_ordinal("1.属于国家秘密"), ("1.", "属于国家秘密"));
        assert_eq!(split_ordinal("(十)x"), ("(十)", "x"));
        assert_eq!(split_ordinal("(注)x"), ("", "(注)x"));
    }

    #[test]
    fn numerals_gate_similarity() {
        assert_eq!(similarity("第二十条第(八)条", "第二十条第(九)项"), 0.0);
        assert!(similarity("第二十条第(八)条", "第二十条第(八)项") > 0.85);
    }
}
