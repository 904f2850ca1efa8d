//! The incremental path against a whole check: a text, then a few edits derived from the
//! input (digits, pipes, line breaks, headings typed or deleted at places it picks), each
//! checked incrementally from the previous state (one edit at a time, and two merged) and
//! compared with a check of the whole new text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::check::Config;
use nianbao::incremental::{Change, IncrementalCheck};

const PIECES: [&str; 12] = [
    "0", "7", "|", " | ", "\n", "\r", "\r\n", "（", "一、总体情况\n",
    "三、收到和处理政府信息公开申请情况\n", "(二)不分公开", "",
];

/// A small deterministic generator seeded by the input.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A random edit of `text`: the new text and the change.
fn edit(text: &str, rng: &mut Rng) -> (String, Change) {
    let start = floor(text, rng.below(text.len() + 1));
    let end = floor(text, start + rng.below(8)).max(start);
    let piece = PIECES[rng.below(PIECES.len())];
    let mut new = String::with_capacity(text.len() + piece.len());
    new.push_str(&text[..start]);
    new.push_str(piece);
    new.push_str(&text[end..]);
    (
        new,
        Change {
            start,
            old_end: end,
            new_end: start + piece.len(),
        },
    )
}

fn findings(c: &IncrementalCheck) -> Vec<(&'static str, usize, usize, String)> {
    c.diagnostics()
        .into_iter()
        .map(|d| (d.code, d.range.start, d.range.end, d.message))
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut rng = Rng(data.iter().fold(0x9E37_79B9_7F4A_7C15u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
    }) | 1);
    let config = Config::default();
    let mut state = IncrementalCheck::new(text.as_str(), &config);
    let mut text = text;
    for _ in 0..1 + rng.below(4) {
        let (next, change) = edit(&text, &mut rng);
        let updated = state.update(next.as_str(), change, &config);
        let whole = IncrementalCheck::new(next.as_str(), &config);
        assert_eq!(findings(&updated), findings(&whole), "{change:?}");
        assert_eq!(updated.looks_like_report(), whole.looks_like_report());
        // Two edits merged into one change.
        let (after, second) = edit(&next, &mut rng);
        let merged = state.update(after.as_str(), change.then(second), &config);
        assert_eq!(
            findings(&merged),
            findings(&IncrementalCheck::new(after.as_str(), &config)),
            "{change:?} then {second:?}"
        );
        state = updated;
        text = next;
    }
});
