//! The report model as data: the JSON shape of `nianbao extract` (see
//! `shared/spec/rules.md`), with positions in a chosen encoding.

use serde_json::{json, Value};

use crate::model::{CellValue, LabelRole, MatchKind, Report, Row, Table, ValueCell};
use crate::text::{LineIndex, PositionEncoding, TextRange};

/// Converts byte ranges of one document to JSON ranges.
pub struct Ranges<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: PositionEncoding,
    /// The document whose reading the ranges are in, when they must be mapped
    /// to its source text (an HTML page); `None`: they are ranges of `text`.
    pub doc: Option<&'a crate::read::Document>,
}

impl Ranges<'_> {
    pub fn json(&self, range: TextRange) -> Value {
        let range = self.doc.map_or(range, |d| d.to_source(range));
        serde_json::to_value(self.index.span(self.text, range, self.encoding))
            .expect("span serialises")
    }
}

pub fn report_json(path: &str, report: &Report, ranges: &Ranges) -> Value {
    json!({
        "path": path,
        "year": report.year.as_ref().map(|y| y.value),
        "template": report.template.map(|t| t.id.as_str()),
        "mixed_templates": report.mixed_templates,
        "issuer": report.issuer.as_ref().map(|i| i.name.as_str()),
        "published": report.published.as_ref().map(|d| d.value.to_string()),
        "sections": report.sections.iter().map(|s| json!({
            "number": s.number,
            "title": s.title,
            "official": s.official,
            "range": ranges.json(s.range),
        })).collect::<Vec<_>>(),
        "tables": report.tables.iter().map(|t| table_json(t, ranges)).collect::<Vec<_>>(),
    })
}

fn table_json(table: &Table, ranges: &Ranges) -> Value {
    json!({
        "kind": table.kind.as_str(),
        "template": table.template.id,
        "shape_ambiguous": table.shape_ambiguous,
        "section": table.section,
        "layout": format!("{:?}", table.layout),
        "torn": table.torn,
        "unplaced": table.unplaced.iter().map(|r| ranges.json(*r)).collect::<Vec<_>>(),
        "range": ranges.json(table.range),
        "labels": table.labels.iter().map(|l| json!({
            "role": match l.role {
                LabelRole::Block(_) => "block",
                LabelRole::Column(..) => "column",
                LabelRole::Header => "header",
                LabelRole::Note => "note",
            },
            "label": l.official,
            "written": l.written,
            "match": match_name(l.matched),
            "range": ranges.json(l.range),
        })).collect::<Vec<_>>(),
        "rows": table.rows.iter().map(|r| row_json(table, r, ranges)).collect::<Vec<_>>(),
    })
}

fn row_json(table: &Table, row: &Row, ranges: &Ranges) -> Value {
    let def = table.row_def(row);
    let block = table.block_def(row.block);
    let mut json = json!({
        "id": def.map(|d| d.id.as_str()),
        "label": def.map(|d| d.label.as_str()),
        "written": row.written,
        "match": def.map(|_| match_name(row.matched)),
        "block": block.label.as_deref(),
        "range": row.label_range.map(|r| ranges.json(r)),
        "values": row.values.iter().map(|v| value_json(v, ranges)).collect::<Vec<_>>(),
        "extra": row.extra.iter().map(|v| value_json(v, ranges)).collect::<Vec<_>>(),
    });
    // A label broken into pieces (wrapped in its cell, torn by a converter): `range` is the
    // first piece's, `written` all of them joined, `pieces` the others' ranges.
    if !row.label_rest.is_empty() {
        json["pieces"] = row.label_rest.iter().map(|&r| ranges.json(r)).collect();
    }
    json
}

fn value_json(cell: &ValueCell, ranges: &Ranges) -> Value {
    let mut v = json!({
        "text": cell.text,
        "value": cell.number(),
    });
    if let CellValue::Number {
        unit: Some(unit), ..
    } = &cell.value
    {
        v["unit"] = json!(unit);
    }
    if matches!(cell.value, CellValue::Unreadable) {
        v["unreadable"] = json!(true);
    }
    if let Some(range) = cell.range {
        v["range"] = ranges.json(range);
    }
    v
}

pub fn match_name(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::Exact => "exact",
        MatchKind::Variant => "variant",
        MatchKind::Typo => "typo",
        MatchKind::Truncated => "truncated",
    }
}

/// One file's findings, in the shape of `nianbao check --format json`.
pub fn check_json(
    path: &str,
    report: &Report,
    diagnostics: &[crate::check::Diagnostic],
    ranges: &Ranges,
) -> Value {
    json!({
        "path": path,
        "year": report.year.as_ref().map(|y| y.value),
        "template": report.template.map(|t| t.id.as_str()),
        "diagnostics": diagnostics.iter().map(|d| diagnostic_json(d, ranges)).collect::<Vec<_>>(),
    })
}

pub fn diagnostic_json(d: &crate::check::Diagnostic, ranges: &Ranges) -> Value {
    json!({
        "code": d.code,
        "severity": d.severity.as_str(),
        "message": d.message,
        "range": ranges.json(d.range),
        "related": d.related.iter().map(|r| match &r.elsewhere {
            None => json!({
                "message": r.message,
                "range": ranges.json(r.range),
            }),
            // In another file (last year's report): its path, and the range there.
            Some(e) => json!({
                "message": r.message,
                "path": &*e.path,
                "range": serde_json::to_value(e.span(ranges.encoding)).expect("span serialises"),
            }),
        }).collect::<Vec<_>>(),
        "fixes": d.fixes.iter().map(|f| json!({
            "title": f.title,
            "applicability": f.applicability.as_str(),
            "edits": f.edits.iter().flat_map(|e| concise(e, ranges)).map(|e| json!({
                "range": ranges.json(e.range),
                "newText": e.new_text,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// An edit that rewrites lines (a table written anew) as the edits of the lines it changes,
/// so that the output holds a fix's changes rather than a copy of the table; other edits,
/// and edits of a text the ranges map from (a page's reading), as they are.
fn concise(e: &crate::check::Edit, ranges: &Ranges) -> Vec<crate::check::Edit> {
    let old = ranges
        .doc
        .is_none()
        .then(|| ranges.text.get(e.range.start..e.range.end))
        .flatten();
    match old {
        Some(old) if e.new_text.contains('\n') && old.contains('\n') => {
            let lines: Vec<crate::check::Edit> = crate::check::fix::diff_edits(old, &e.new_text)
                .into_iter()
                .map(|mut d| {
                    d.range = d.range.shifted(e.range.start as isize);
                    d
                })
                .collect();
            if lines.is_empty() {
                vec![e.clone()]
            } else {
                lines
            }
        }
        _ => vec![e.clone()],
    }
}

/// Where a finding is in the report's terms (`location` of a finding in a
/// page, a `.docx` or a PDF).
pub fn place_json(place: &crate::model::Place) -> Value {
    json!({
        "section": place.section,
        "table": place.table,
        "row": place.row,
        "column": place.column,
        "text": place.text,
    })
}
