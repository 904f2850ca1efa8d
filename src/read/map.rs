//! From ranges of a reading back to ranges of the source it was written from.

use crate::text::TextRange;

/// A stretch of the reading and the stretch of the source it was written from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    /// Start in the reading.
    out: usize,
    out_len: usize,
    /// Start in the source.
    src: usize,
    src_len: usize,
    /// The reading's text is the source's text, byte for byte.
    verbatim: bool,
}

/// Where each piece of a reading came from in its source. Pieces the reader
/// wrote itself (line breaks, the `|` between cells) map to nothing; a
/// zero-length piece (an *anchor*) marks where an empty cell's content would
/// go in the source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// Sorted by `out`, not overlapping.
    segments: Vec<Segment>,
}

impl SourceMap {
    /// Appends a piece: `out_len` bytes of the reading at `out`, written from
    /// `src`. Consecutive verbatim pieces merge.
    pub(crate) fn push(&mut self, out: usize, out_len: usize, src: TextRange, verbatim: bool) {
        if let Some(last) = self.segments.last_mut() {
            if verbatim
                && last.verbatim
                && last.out + last.out_len == out
                && last.src + last.src_len == src.start
                && out_len > 0
                && last.out_len > 0
            {
                last.out_len += out_len;
                last.src_len += src.len();
                return;
            }
        }
        self.segments.push(Segment {
            out,
            out_len,
            src: src.start,
            src_len: src.len(),
            verbatim,
        });
    }

    /// The source range a reading range was written from: from where its first
    /// mapped byte came from to where its last one did.
    pub fn to_source(&self, range: TextRange) -> TextRange {
        if range.is_empty() {
            let at = self
                .anchor(range.start)
                .unwrap_or_else(|| self.start(range.start));
            return TextRange::empty(at);
        }
        // Blank cells only (their anchors and the `|`s the reader wrote): the first one's
        // place, as for one blank cell; between them the source has only markup.
        if let Some(at) = self.anchor(range.start) {
            let lo = self.segments.partition_point(|s| s.out < range.start);
            let hi = self.segments.partition_point(|s| s.out < range.end);
            if self.segments[lo..hi].iter().all(|s| s.out_len == 0) {
                return TextRange::empty(at);
            }
        }
        // A range from or to an empty cell (blank cells beside a written one) starts or ends
        // where that cell's content would go.
        let start = self
            .anchor(range.start)
            .unwrap_or_else(|| self.start(range.start));
        let end = self
            .anchor_before(range.end)
            .unwrap_or_else(|| self.end(range.end))
            .max(start);
        TextRange::new(start, end)
    }

    /// The anchor of the last piece that starts before reading byte `at`, when it is an
    /// anchor: between it and `at` the reading has only text the reader wrote (the `|`
    /// closing an empty cell).
    fn anchor_before(&self, at: usize) -> Option<usize> {
        let i = self.segments.partition_point(|s| s.out < at);
        let s = self.segments[..i].last()?;
        (s.out_len == 0).then_some(s.src)
    }

    /// The source range to replace when replacing reading `range`, if the
    /// reading is the source's own text there: the range lies inside one
    /// verbatim piece, or is an empty range at an anchor.
    pub fn editable(&self, range: TextRange) -> Option<TextRange> {
        if range.is_empty() {
            if let Some(at) = self.anchor(range.start) {
                return Some(TextRange::empty(at));
            }
        }
        let seg = self.containing(range.start, range.end)?;
        if !seg.verbatim {
            return None;
        }
        let start = seg.src + (range.start - seg.out);
        Some(TextRange::new(start, start + range.len()))
    }

    /// The reading offset a source offset was written to, if any (the first
    /// piece written from a source range containing it).
    pub fn to_reading(&self, src: usize) -> Option<usize> {
        self.segments.iter().find_map(|s| {
            let inside = s.src <= src && src < s.src + s.src_len.max(1);
            inside.then(|| {
                if s.verbatim {
                    s.out + (src - s.src).min(s.out_len)
                } else {
                    s.out
                }
            })
        })
    }

    /// The one segment with `out <= start` and `end <= out + out_len`
    /// (non-empty segments only).
    fn containing(&self, start: usize, end: usize) -> Option<&Segment> {
        let i = self
            .segments
            .partition_point(|s| s.out + s.out_len <= start);
        self.segments[i..]
            .iter()
            .take_while(|s| s.out <= start)
            .find(|s| s.out_len > 0 && s.out <= start && end <= s.out + s.out_len)
    }

    fn anchor(&self, at: usize) -> Option<usize> {
        let i = self.segments.partition_point(|s| s.out < at);
        self.segments[i..]
            .iter()
            .take_while(|s| s.out == at)
            .find(|s| s.out_len == 0)
            .map(|s| s.src)
    }

    /// Where reading byte `at` starts in the source.
    fn start(&self, at: usize) -> usize {
        let i = self.segments.partition_point(|s| s.out + s.out_len <= at);
        match self.segments.get(i) {
            Some(s) if s.out <= at => {
                if s.verbatim {
                    s.src + (at - s.out)
                } else {
                    s.src
                }
            }
            // In a gap: where the next piece starts.
            Some(s) => s.src,
            None => self.segments.last().map_or(0, |s| s.src + s.src_len),
        }
    }

    /// Where the reading byte before `at` ends in the source.
    fn end(&self, at: usize) -> usize {
        let i = self.segments.partition_point(|s| s.out < at);
        // Segments 0..i start before `at`; the last of them with content covers it or lies before.
        match self.segments[..i].iter().rev().find(|s| s.out_len > 0) {
            Some(s) if at <= s.out + s.out_len => {
                if s.verbatim {
                    s.src + (at - s.out)
                } else {
                    s.src + s.src_len
                }
            }
            // In a gap: where the previous piece ends.
            Some(s) => s.src + s.src_len,
            None => self.segments.first().map_or(0, |s| s.src),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading `a|bc` from source `<i>a</i><b>b&amp;</b>`: `a` verbatim at 3,
    /// `b` verbatim at 12, `c` written from the entity `&amp;` at 13..18.
    fn sample() -> SourceMap {
        let mut map = SourceMap::default();
        map.push(0, 1, TextRange::new(3, 4), true);
        map.push(2, 1, TextRange::new(12, 13), true);
        map.push(3, 1, TextRange::new(13, 18), false);
        map.push(5, 0, TextRange::empty(30), true);
        map
    }

    #[test]
    fn ranges_map_through_pieces_and_gaps() {
        let map = sample();
        assert_eq!(map.to_source(TextRange::new(0, 1)), TextRange::new(3, 4));
        // Across the synthetic `|`: from `a` to `b`.
        assert_eq!(map.to_source(TextRange::new(0, 3)), TextRange::new(3, 13));
        // The entity as a whole.
        assert_eq!(map.to_source(TextRange::new(3, 4)), TextRange::new(13, 18));
        // A range starting in the gap starts at the next piece.
        assert_eq!(map.to_source(TextRange::new(1, 3)), TextRange::new(12, 13));
        assert_eq!(map.to_source(TextRange::empty(5)), TextRange::empty(30));
        // From an empty cell's anchor, and to the `|` closing it.
        assert_eq!(map.to_source(TextRange::new(5, 6)), TextRange::new(30, 30));
        assert_eq!(map.to_source(TextRange::new(2, 6)), TextRange::new(12, 30));
    }

    /// Blank cells side by side (`||` in the reading, two anchors in a page's markup): the
    /// first one's place, not the markup between them.
    #[test]
    fn a_range_of_blank_cells_is_the_first_ones_place() {
        let mut map = SourceMap::default();
        map.push(0, 0, TextRange::empty(30), true);
        map.push(1, 0, TextRange::empty(60), true);
        map.push(2, 1, TextRange::new(90, 91), true);
        assert_eq!(map.to_source(TextRange::new(0, 2)), TextRange::empty(30));
        // With a written cell after them: up to its text.
        assert_eq!(map.to_source(TextRange::new(0, 3)), TextRange::new(30, 91));
    }

    #[test]
    fn only_verbatim_text_and_anchors_are_editable() {
        let map = sample();
        assert_eq!(
            map.editable(TextRange::new(0, 1)),
            Some(TextRange::new(3, 4))
        );
        assert_eq!(map.editable(TextRange::new(0, 3)), None);
        assert_eq!(map.editable(TextRange::new(3, 4)), None);
        assert_eq!(
            map.editable(TextRange::empty(5)),
            Some(TextRange::empty(30))
        );
        assert_eq!(map.to_reading(12), Some(2));
        assert_eq!(map.to_reading(15), Some(3));
    }

    #[test]
    fn consecutive_verbatim_pieces_merge() {
        let mut map = SourceMap::default();
        map.push(0, 3, TextRange::new(10, 13), true);
        map.push(3, 3, TextRange::new(13, 16), true);
        assert_eq!(map.segments.len(), 1);
        assert_eq!(
            map.editable(TextRange::new(2, 5)),
            Some(TextRange::new(12, 15))
        );
    }
}
