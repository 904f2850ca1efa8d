//! Property tests: any text — pipes, CJK labels, digits, line breaks, CR,
//! BOM, characters outside the BMP — parses without panicking, and every
//! range of the model lies inside the document, on character boundaries,
//! covering exactly the text it claims. The same for sample reports with
//! lines deleted, inserted, duplicated and swapped.

mod support;

use nianbao::model::analyze;
use nianbao::template::Templates;
use proptest::prelude::*;
use support::{check_json_ranges, check_model_ranges, extract_json, sample, SAMPLES};

/// Every label of the built-in templates: row, column, block, header, note.
fn template_labels() -> Vec<String> {
    let mut out = Vec::new();
    for t in &Templates::builtin().templates {
        for s in &t.sections {
            out.push(s.title.clone());
        }
        for table in &t.tables {
            out.extend(table.headers.iter().cloned());
            out.extend(table.notes.iter().cloned());
            for b in &table.blocks {
                out.extend(b.label.iter().cloned());
                out.extend(b.columns.iter().map(|c| c.label.clone()));
                out.extend(b.rows.iter().map(|r| r.label.clone()));
            }
        }
    }
    out
}

/// A piece of report-like text.
fn piece() -> impl Strategy<Value = String> {
    let fixed: Vec<&'static str> = vec![
        "|",
        "｜",
        "||",
        " | ",
        "\n",
        "\n",
        "\r\n",
        "\r",
        "\u{feff}",
        "𠀀",
        "😀",
        " ",
        "\t",
        "#",
        "## ",
        "|---|",
        ":",
        "-",
        "**",
        "\\",
        "一、",
        "（",
        "）",
        "(",
        ")",
        "、",
        "其中：",
        "元",
        "万元",
        "人次",
        "年",
        "月",
        "日",
        "2020年",
        "２０２１年",
        "2022年1月18日\n",
        "二〇二二年一月十八日\n",
        "泉州市行政服务中心管委会\n",
        "关于",
        "现公布2020年某某局信息公开工作年度报告。",
        "统计期限为2020年1月1日至2020年12月31日",
        "/",
        "—",
        "无",
        "+",
        "−",
        "，",
        ".",
        "\u{0}",
        "\u{301}",
        "\u{fffd}",
    ];
    prop_oneof![
        4 => prop::sample::select(fixed).prop_map(String::from),
        3 => prop::sample::select(template_labels()),
        2 => "[0-9]{1,7}",
        1 => "[０-９]{1,3}",
        1 => "[+-]?[0-9]{1,4}(\\.[0-9]{0,3})?(,[0-9]{3})?",
        1 => any::<char>().prop_map(String::from),
        1 => "\\PC{0,6}",
    ]
}

fn report_like_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..300).prop_map(|pieces| pieces.concat())
}

/// Parses `text` and checks every range of the model and of its JSON.
fn check(text: &str) {
    let analysis = analyze(text);
    let n = check_model_ranges(text, &analysis);
    let json = extract_json("prop", text, &analysis);
    assert_eq!(check_json_ranges(text, &json), n);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_with_sound_ranges(text in report_like_text()) {
        check(&text);
    }

    #[test]
    fn arbitrary_strings_parse(text in "\\PC*|(\\PC|\\r|\\n|\\|)*") {
        check(&text);
    }
}

/// An edit of a report's lines.
#[derive(Clone, Debug)]
enum Edit {
    Delete(usize),
    Insert(usize, String),
    Duplicate(usize),
    Swap(usize, usize),
    /// Cut a line at a character.
    Truncate(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = any::<prop::sample::Index>();
    prop_oneof![
        3 => at.clone().prop_map(|i| Edit::Delete(i.index(usize::MAX))),
        3 => (at.clone(), piece()).prop_map(|(i, s)| Edit::Insert(i.index(usize::MAX), format!("{s}\n"))),
        1 => at.clone().prop_map(|i| Edit::Duplicate(i.index(usize::MAX))),
        1 => (at.clone(), at.clone()).prop_map(|(i, j)| Edit::Swap(i.index(usize::MAX), j.index(usize::MAX))),
        1 => (at.clone(), at).prop_map(|(i, j)| Edit::Truncate(i.index(usize::MAX), j.index(usize::MAX))),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
    for e in edits {
        let n = lines.len();
        match e {
            Edit::Delete(i) if n > 0 => {
                lines.remove(i % n);
            }
            Edit::Insert(i, s) => lines.insert(i % (n + 1), s.clone()),
            Edit::Duplicate(i) if n > 0 => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            Edit::Swap(i, j) if n > 0 => lines.swap(i % n, j % n),
            Edit::Truncate(i, j) if n > 0 => {
                let l = &mut lines[i % n];
                let cut = l
                    .char_indices()
                    .map(|(k, _)| k)
                    .nth(j % l.chars().count().max(1))
                    .unwrap_or(0);
                l.truncate(cut);
            }
            _ => {}
        }
    }
    lines.concat()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_samples_parse_with_sound_ranges(
        which in 0..SAMPLES.len(),
        edits in prop::collection::vec(edit(), 1..25),
        crlf in any::<bool>(),
    ) {
        let mut text = apply(&sample(SAMPLES[which]), &edits);
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        check(&text);
    }
}

#[test]
fn edge_cases() {
    for text in [
        "",
        "\n",
        "\r",
        "\r\n",
        "\u{feff}",
        "|",
        "｜",
        "||||",
        "|\r\n|",
        "# ",
        "## 二、主动公开政府信息情况\n|",
        "二、主动公开政府信息情况\n规章\n0 |",
        "三、收到和处理政府信息公开申请情况\n（三）不予\n公开 |\n𠀀",
        "😀|𠀀|\r|",
        "2022年1月18日",
        "\u{feff}一、总体情况\r\n2020年，😀\r\n",
    ] {
        check(text);
    }
}
