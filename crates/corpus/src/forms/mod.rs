//! Writing a report in the forms reports are published and drafted in, from
//! the same parts as its Markdown text: a CMS page ([`html`]), a Word draft
//! ([`docx`]) and a PDF's text layer ([`spaced`]). Tables are drawn from a
//! grid of merged cells ([`grid`]).
//!
//! Everything about how a report is written here is drawn from a stream of
//! its own, so the report's content — and the findings it must give — is that
//! of its Markdown text.

mod docx;
mod grid;
mod html;
mod spaced;

use nianbao::template::TableDef;

use crate::doc::{Part, Style};
use crate::rng::Rng;
use crate::{Form, Quirk};

/// What a report's chrome names (the page's metadata, the document's
/// author), and its template's section key words.
pub(crate) struct About<'a> {
    pub issuer: &'a str,
    /// The publication date as `(year, month, day)`.
    pub date: (i32, u32, u32),
    pub keywords: &'a [&'a str],
    /// How many sections the template has.
    pub sections: usize,
}

/// The quirks to avoid, and those written.
pub(crate) struct Out<'a> {
    pub avoid: &'a [Quirk],
    pub quirks: &'a mut Vec<Quirk>,
}

impl Out<'_> {
    /// May `quirk` be written?
    fn allows(&self, quirk: Quirk) -> bool {
        !self.avoid.contains(&quirk)
    }

    fn wrote(&mut self, quirk: Quirk) {
        self.quirks.push(quirk);
    }
}

/// The report's file in `form` (not a text layout).
pub(crate) fn render(
    form: Form,
    parts: &[Part],
    style: &Style,
    defs: &[&TableDef],
    about: &About,
    out: &mut Out,
    rng: &mut Rng,
) -> Vec<u8> {
    match form {
        Form::Html => html::render(parts, style, defs, about, out, rng),
        Form::Docx => docx::render(parts, style, defs, about, rng),
        Form::Spaced => spaced::render(parts, style, defs, about, out, rng).into_bytes(),
        Form::CellPerLine | Form::RowPerLine | Form::Markdown => {
            unreachable!("text layouts are rendered by doc::render")
        }
    }
}

/// `text` cut into up to `max` pieces at character boundaries drawn at random
/// (a run of formatting ending mid-word, as editors leave them).
fn pieces<'t>(text: &'t str, max: usize, rng: &mut Rng) -> Vec<&'t str> {
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).skip(1).collect();
    if bounds.is_empty() || max <= 1 {
        return vec![text];
    }
    let k = rng.below(max.min(bounds.len() + 1));
    let mut cuts: Vec<usize> = (0..k).map(|_| bounds[rng.below(bounds.len())]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut start = 0;
    for cut in cuts {
        out.push(&text[start..cut]);
        start = cut;
    }
    out.push(&text[start..]);
    out
}

/// Columns a text takes in a monospaced layout: CJK and full-width characters two.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_join_back() {
        let mut rng = Rng::new(3);
        for _ in 0..50 {
            let p = pieces("三、本年度办理结果", 4, &mut rng);
            assert_eq!(p.concat(), "三、本年度办理结果");
            assert!(p.iter().all(|s| !s.is_empty()));
        }
    }
}
