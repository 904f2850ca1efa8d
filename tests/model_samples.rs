//! The five sample reports, parsed: year, template, issuer, publication date
//! and every value of their tables, checked against the texts by hand.
//!
//! Each sample is pinned twice: an insta snapshot of a compact per-row
//! rendering (`tests/snapshots/`), and hand-written assertions below.

mod support;

use nianbao::model::{analyze, Analysis, CellValue, MatchKind, Number, Table};
use nianbao::template::TableKind;
use support::{compact, sample, SAMPLES};

fn parsed(name: &str) -> (String, Analysis<'static>) {
    let text = sample(name);
    let analysis = analyze(&text);
    (text, analysis)
}

fn table<'a, 't>(analysis: &'a Analysis<'t>, kind: TableKind) -> &'a Table<'t> {
    let mut found = analysis.report.tables.iter().filter(|t| t.kind == kind);
    let table = found.next().unwrap_or_else(|| panic!("no {kind:?} table"));
    assert!(found.next().is_none(), "more than one {kind:?} table");
    table
}

/// A row's values: `Some(n)` for a number, `None` for a blank cell.
fn values(table: &Table, id: &str) -> Vec<Option<i64>> {
    let row = table.row(id).unwrap_or_else(|| panic!("no row {id}"));
    row.values
        .iter()
        .map(|v| match v.value {
            CellValue::Number {
                value: Number::Int(n),
                ..
            } => Some(n),
            CellValue::Blank => None,
            ref other => panic!("row {id}: unexpected value {other:?} ({:?})", v.text),
        })
        .collect()
}

fn texts<'a>(table: &'a Table, id: &str) -> Vec<&'a str> {
    table
        .row(id)
        .unwrap()
        .values
        .iter()
        .map(|v| v.text.as_str())
        .collect()
}

/// The template row ids of the table's rows, in document order.
fn row_ids<'a>(table: &'a Table) -> Vec<&'a str> {
    table
        .rows
        .iter()
        .map(|r| table.row_def(r).map_or("?", |d| d.id.as_str()))
        .collect()
}

/// Every template row of the table, once, in template order.
fn all_template_rows<'a>(table: &'a Table) -> Vec<&'a str> {
    table
        .def
        .blocks
        .iter()
        .flat_map(|b| b.rows.iter().map(|r| r.id.as_str()))
        .collect()
}

/// Asserts the listed rows' values, and that every other row with values is
/// all zeros.
fn assert_rows(table: &Table, listed: &[(&str, &[Option<i64>])]) {
    assert_eq!(
        row_ids(table),
        all_template_rows(table),
        "{:?}: rows",
        table.kind
    );
    for row in &table.rows {
        let def = table.row_def(row).unwrap();
        assert!(
            row.extra.is_empty(),
            "{}: extra values {:?}",
            def.id,
            row.extra
        );
        if !def.values {
            assert!(
                row.values.is_empty(),
                "{}: a label-only row has values",
                def.id
            );
            continue;
        }
        let got = values(table, &def.id);
        assert_eq!(got.len(), table.block_def(row.block).columns.len());
        match listed.iter().find(|(id, _)| *id == def.id) {
            Some((_, expected)) => assert_eq!(&got, expected, "row {}", def.id),
            None => assert!(
                got.iter().all(|v| *v == Some(0)),
                "row {}: {got:?}, expected zeros",
                def.id
            ),
        }
    }
    for (id, _) in listed {
        assert!(table.row(id).is_some(), "no row {id}");
    }
}

fn meta<'a>(
    analysis: &'a Analysis,
) -> (
    Option<i32>,
    Option<&'a str>,
    Option<&'a str>,
    Option<String>,
) {
    let r = &analysis.report;
    (
        r.year.as_ref().map(|y| y.value),
        r.template.map(|t| t.id.as_str()),
        r.issuer.as_ref().map(|i| i.name.as_str()),
        r.published.as_ref().map(|d| d.value.to_string()),
    )
}

fn section_numbers(analysis: &Analysis) -> Vec<u8> {
    analysis.report.sections.iter().map(|s| s.number).collect()
}

const Z: Option<i64> = Some(0);
const B: Option<i64> = None;

#[test]
fn snapshots() {
    for name in SAMPLES {
        let (text, analysis) = parsed(name);
        insta::assert_snapshot!(name, compact(&text, &analysis));
    }
}

#[test]
fn yanzhou_2017_statistics_table() {
    let (text, a) = parsed("2017-yanzhou-enforcement-bureau");
    assert_eq!(
        meta(&a),
        (Some(2017), Some("2008"), None, Some("2018-02-28".into()))
    );
    let date = a.report.published.as_ref().unwrap().range;
    assert_eq!(&text[date.start..date.end], "2018年2月28日");
    assert_eq!(a.report.tables.len(), 1);
    let t = table(&a, TableKind::Statistics);
    assert_eq!(t.template.id, "2008");
    assert_eq!(row_ids(t), all_template_rows(t));
    // The filled indicators, with their units.
    let filled = [
        ("s1_1", 39, "条"),
        ("s1_1_normative", 1, "条"),
        ("s1_2_4", 59, "条"),
    ];
    for row in &t.rows {
        let def = t.row_def(row).unwrap();
        let unit = row.unit.map(|u| &text[u.start..u.end]);
        match filled.iter().find(|(id, _, _)| *id == def.id) {
            Some(&(id, n, u)) => {
                assert_eq!(values(t, id), [Some(n)], "{id}");
                assert_eq!(unit, Some(u), "{id}");
            }
            None if def.values => {
                assert!(
                    row.values.iter().all(|v| v.value == CellValue::Blank),
                    "{}: {:?}",
                    def.id,
                    row.values
                );
                // The template's unit is the unit written in the row.
                assert_eq!(unit, def.unit.as_deref(), "{}", def.id);
            }
            None => assert!(row.values.is_empty() && unit.is_none(), "{}", def.id),
        }
    }
    // The last indicator has no value cell at all (`(三)接受培训人员数 | 人次 |`).
    let last = t.row("s10_3").unwrap();
    assert_eq!(
        (last.values[0].text.as_str(), last.values[0].range),
        ("", None)
    );
    // The duplicated note is still the indicator 一（一）.
    assert_eq!(t.row("s1_1").unwrap().matched, MatchKind::Variant);
}

#[test]
fn zhaotong_2018_tables_in_2019_format() {
    let (_, a) = parsed("2018-zhaotong-services-bureau");
    assert_eq!(
        meta(&a),
        (
            Some(2018),
            Some("2019"),
            Some("昭通市政务服务管理局"),
            Some("2019-01-31".into())
        )
    );
    assert_eq!(section_numbers(&a), [1, 2, 3, 4, 5, 6]);
    let kinds: Vec<_> = a
        .report
        .tables
        .iter()
        .map(|t| (t.kind, t.template.id.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (TableKind::Proactive, "2019"),
            (TableKind::Applications, "2019"),
            (TableKind::Appeals, "2019")
        ]
    );
    let p = table(&a, TableKind::Proactive);
    assert_rows(p, &[("fees", &[Z, Z]), ("procurement", &[Z, Z])]);
    let apps = table(&a, TableKind::Applications);
    assert_rows(apps, &[]);
    // Typos of the official labels are still their rows.
    assert_eq!(
        apps.row("partial").unwrap().written,
        "(二)不分公开(区分处理的,只计这一情形,不计其他情形)"
    );
    assert_eq!(apps.row("partial").unwrap().matched, MatchKind::Typo);
    assert_eq!(
        apps.row("not_processed_5").unwrap().written,
        "5.要求行政机关确认或重新出具以获取信息"
    );
    assert_rows(table(&a, TableKind::Appeals), &[]);
}

#[test]
fn linyi_2020_tables() {
    let (_, a) = parsed("2020-linyi-approval-bureau");
    assert_eq!(meta(&a), (Some(2020), Some("2019"), None, None));
    assert_eq!(section_numbers(&a), [1, 2, 3, 4, 5, 6]);

    let p = table(&a, TableKind::Proactive);
    assert_eq!(p.template.id, "2019");
    assert_rows(
        p,
        &[
            ("licensing", &[Some(150), Some(14), Some(30927)]),
            ("fees", &[Z, Z]),
            ("procurement", &[Z, Z]),
        ],
    );
    assert_eq!(texts(p, "licensing"), ["150", "+14", "30927"]);

    let apps = table(&a, TableKind::Applications);
    assert_eq!(apps.template.id, "2019");
    let blank6 = |total: i64| [B, B, B, B, B, B, Some(total)];
    assert_rows(
        apps,
        &[
            ("new", &[Some(6), Z, Z, Z, Z, Z, Some(89)]),
            ("open", &blank6(84)),
            ("partial", &blank6(0)),
            ("refused_1", &blank6(0)),
            ("refused_2", &blank6(0)),
            ("refused_3", &blank6(0)),
            ("refused_4", &blank6(5)),
            ("refused_5", &blank6(0)),
            ("refused_6", &blank6(0)),
            ("refused_7", &blank6(0)),
            ("refused_8", &blank6(0)),
            ("unable_1", &blank6(66)),
            ("unable_2", &blank6(0)),
            ("unable_3", &blank6(0)),
            ("not_processed_1", &blank6(0)),
            ("not_processed_2", &blank6(0)),
            ("not_processed_3", &blank6(0)),
            ("not_processed_4", &blank6(0)),
            ("not_processed_5", &blank6(0)),
            ("other_handling", &blank6(0)),
            ("total", &blank6(87)),
            ("carry_over", &blank6(2)),
        ],
    );
    // Blank cells are present (empty, with a range), not missing.
    assert!(apps.row("open").unwrap().values[..6]
        .iter()
        .all(|v| v.text.is_empty() && v.range.is_some()));
    assert_eq!(
        apps.row("refused_3").unwrap().written,
        "3.危害“三安全一稳定”"
    );
    assert_eq!(apps.row("refused_7").unwrap().written, "7.属于行政执法案件");
    assert_eq!(
        apps.row("not_processed_1").unwrap().written,
        "1.信访举报投诉类"
    );

    let appeals = table(&a, TableKind::Appeals);
    let mut expected = vec![Z; 15];
    expected[0] = Some(1);
    assert_eq!(values(appeals, "cases"), expected);
}

#[test]
fn ziyang_2020_tables() {
    let (_, a) = parsed("2020-ziyang-government-office");
    assert_eq!(
        meta(&a),
        (Some(2020), Some("2019"), Some("资阳市人民政府办公室"), None)
    );
    assert_eq!(section_numbers(&a), [1, 2, 3, 4, 5, 6]);
    let p = table(&a, TableKind::Proactive);
    assert_rows(
        p,
        &[
            ("regulations", &[Z, Z, Some(4)]),
            ("normative_documents", &[Some(67), Some(67), Some(348)]),
            ("fees", &[Z, Z]),
            ("procurement", &[Z, Z]),
        ],
    );
    let apps = table(&a, TableKind::Applications);
    let row = |natural: i64| [Some(natural), Z, Z, Z, Z, Z, Some(natural)];
    assert_rows(
        apps,
        &[
            ("new", &row(17)),
            ("carried", &row(2)),
            ("open", &row(17)),
            ("unable_1", &row(2)),
            ("total", &row(19)),
        ],
    );
    // `(三)不予 公开`: a space inside the label.
    assert_eq!(apps.row("refused").unwrap().written, "(三)不予 公开");
    assert_rows(table(&a, TableKind::Appeals), &[]);
}

#[test]
fn quanzhou_2021_tables() {
    let (_, a) = parsed("2021-quanzhou-service-center");
    assert_eq!(
        meta(&a),
        (
            Some(2021),
            Some("2021"),
            Some("泉州市行政服务中心管委会"),
            Some("2022-01-18".into())
        )
    );
    assert_eq!(section_numbers(&a), [1, 2, 3, 4, 5, 6]);
    let p = table(&a, TableKind::Proactive);
    assert_eq!(p.template.id, "2021");
    assert_rows(
        p,
        &[
            ("normative_documents", &[Some(1), Some(1), Some(1)]),
            ("licensing", &[Z]),
            ("penalties", &[Z]),
            ("enforcement", &[Z]),
            ("fees", &[Z]),
        ],
    );
    let apps = table(&a, TableKind::Applications);
    assert_eq!(apps.template.id, "2021");
    assert_rows(apps, &[]);
    assert!(apps.row("other_handling_3").is_some());
    let appeals = table(&a, TableKind::Appeals);
    assert_eq!(appeals.template.id, "2021");
    assert_rows(appeals, &[]);
}
