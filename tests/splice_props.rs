//! Fixes edit the file's bytes, not a re-encoding of its text (issue #13, item 6): for random
//! GB18030 byte strings (one-, two- and four-byte sequences, `80` included) and random edits,
//! `splice` changes the edited stretches only. The byte offsets are checked against an
//! independent reading: encoding_rs's own decoder fed one byte at a time.

use nianbao::text::decode::{decode, splice};
use nianbao::text::TextRange;
use proptest::prelude::*;

/// One GB18030 sequence (not necessarily a mapped one: unmapped strings are skipped).
fn sequence() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => (0x20u8..0x7F).prop_map(|b| vec![b]),
        1 => Just(vec![b'\n']),
        1 => Just(vec![0x80]),
        1 => Just(vec![0xA3, 0xA0]),
        4 => (0x81u8..=0xFE, prop_oneof![0x40u8..=0x7E, 0x80u8..=0xFE]).prop_map(|(a, b)| vec![a, b]),
        2 => (0x81u8..=0x84, 0x30u8..=0x39, 0x81u8..=0xFE, 0x30u8..=0x39)
            .prop_map(|(a, b, c, d)| vec![a, b, c, d]),
    ]
}

/// Byte offset in `bytes` of each character boundary of its GB18030 text, by feeding the
/// decoder one byte at a time: `(text offset, byte offset)`.
fn boundaries(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut out = String::new();
    let mut marks = vec![(0, 0)];
    for i in 0..bytes.len() {
        out.reserve(16);
        let (_, _, _) = decoder.decode_to_string(&bytes[i..=i], &mut out, i + 1 == bytes.len());
        if out.len() != marks.last().unwrap().0 {
            marks.push((out.len(), i + 1));
        }
    }
    marks
}

proptest! {
    #[test]
    fn only_the_edited_bytes_change(
        seqs in proptest::collection::vec(sequence(), 1..80),
        cuts in proptest::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), "[a-z0-9]{0,3}|规章|（五）|€|\n"), 0..4),
    ) {
        let bytes: Vec<u8> = seqs.concat();
        let Ok(decoded) = decode(&bytes) else { return Ok(()) };
        prop_assume!(decoded.encoding == "GB18030");
        let text = decoded.text;
        // Random non-overlapping edits on character boundaries.
        let marks = boundaries(&bytes);
        let mut points: Vec<usize> = cuts
            .iter()
            .flat_map(|(a, b, _)| [a.index(marks.len()), b.index(marks.len())])
            .collect();
        points.sort_unstable();
        let edits: Vec<(TextRange, &str)> = points
            .chunks(2)
            .zip(&cuts)
            .filter(|(p, _)| p.len() == 2)
            .map(|(p, (_, _, new))| (TextRange::new(marks[p[0]].0, marks[p[1]].0), new.as_str()))
            .collect();
        // Two inserts at one point are not "in order and not overlapping" for a text edit.
        let edits: Vec<(TextRange, &str)> = edits
            .iter()
            .enumerate()
            .filter(|(i, (r, _))| *i == 0 || edits[i - 1].0.end <= r.start)
            .map(|(_, e)| *e)
            .collect();
        let out = splice(&bytes, &text, &edits).expect("splices");
        // Independently: the original bytes between the edits, each new text encoded.
        let byte_at = |t: usize| marks.iter().find(|m| m.0 == t).unwrap().1;
        let mut want = Vec::new();
        let mut pos = 0;
        for (range, new) in &edits {
            want.extend_from_slice(&bytes[pos..byte_at(range.start)]);
            want.extend_from_slice(&encoding_rs::GB18030.encode(new).0);
            pos = byte_at(range.end);
        }
        want.extend_from_slice(&bytes[pos..]);
        prop_assert_eq!(&out, &want);
        // And it reads as the edited text.
        let mut edited = text.clone();
        for (range, new) in edits.iter().rev() {
            edited.replace_range(range.start..range.end, new);
        }
        // (Decoded as GB18030 directly: random bytes may look like another encoding.)
        let (read_back, errors) = encoding_rs::GB18030.decode_without_bom_handling(&out);
        prop_assert!(!errors);
        prop_assert_eq!(read_back.into_owned(), edited);
    }
}

#[test]
fn bytes_that_do_not_round_trip_survive_a_fix() {
    // `80` (€) and `A3 A0` (U+E5E5) re-encode as `A2 E3` and `A1 A1`.
    let mut bytes = b"\x80".to_vec();
    bytes.extend_from_slice(&encoding_rs::GB18030.encode("规章 | 1 |").0);
    bytes.extend_from_slice(b"\xA3\xA0");
    let text = decode(&bytes).unwrap().text;
    assert_ne!(
        encoding_rs::GB18030.encode(&text).0.as_ref(),
        bytes.as_slice()
    );
    let one = text.find('1').unwrap();
    let out = splice(&bytes, &text, &[(TextRange::new(one, one + 1), "2")]).unwrap();
    assert_eq!(out.len(), bytes.len());
    let diff: Vec<usize> = (0..bytes.len()).filter(|&i| out[i] != bytes[i]).collect();
    assert_eq!(diff.len(), 1);
    assert_eq!(out[diff[0]], b'2');
    // A new text GB18030 cannot write (U+E5E5 has no encoding) is refused, not written as
    // `&#58853;`.
    assert!(splice(&bytes, &text, &[(TextRange::new(one, one + 1), "\u{E5E5}")]).is_none());
}
