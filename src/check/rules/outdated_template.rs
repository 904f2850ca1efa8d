use crate::check::render::{render_table, Style};
use crate::check::rules::support::{after_line, expected_template, line_start};
use crate::check::{Applicability, Context, Diagnostic, Edit, Fix, Severity};
use crate::model::Table;
use crate::template::{BlockDef, RowDef, TableDef};

crate::declare_rule! {
    /// A table uses a template older than the one in force for the report year.
    ///
    /// ## What it does
    /// Compares each table's template generation (decided from its shape) with
    /// the template in force for the report year: the 2008 statistics table up
    /// to 2018 reports, the 2019 format (国办公开办函〔2019〕60号) for 2019 and 2020,
    /// the 2021 format (国办公开办函〔2021〕30号) from 2021. For 2019 reports the 2019
    /// format was only encouraged, so a 2008 table there is a warning.
    ///
    /// ## Why
    /// Copying last year's report forward keeps last year's template: a 2022
    /// report whose section 二 still has `本年新制作数量` columns, or whose （六）其他处理
    /// has no sub-rows, does not follow the format in force.
    ///
    /// ## Example
    /// ```text
    /// 第二十条第(一)项 |
    /// 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
    /// ```
    /// in a 2021 report.
    ///
    /// ## Fix
    /// Rewrite the table in the template in force, in its own layout, carrying
    /// every value whose meaning did not change (行政许可/行政处罚/行政强制 处理决定数量 →
    /// 本年处理决定数量; a 2019 （六）其他处理 → 2021 （六）3.其他) and leaving cells whose
    /// meaning changed blank for the author (needs review).
    pub struct OutdatedTemplate => "outdated-template", Severity::Error, scope: Local, fixes: NeedsReview, Model(check)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((expected, encouraged)) = expected_template(ctx) else {
        return;
    };
    for table in &ctx.report().tables {
        if table.template.rank >= expected.rank {
            continue;
        }
        let (used, want) = (&table.template.id, &expected.id);
        let year = ctx.year.map_or(String::new(), |y| y.to_string());
        let range = table.anchor_range();
        let new_def = expected.tables.iter().find(|d| d.kind == table.kind);
        let fixes = new_def
            .map(|def| migrate(ctx, table, def))
            .into_iter()
            .collect();
        out.push(Diagnostic {
            code: OutdatedTemplate::INFO.code,
            severity: if encouraged { Severity::Warning } else { OutdatedTemplate::INFO.severity },
            message: ctx.msg(
                format!("「{}」采用已过时的 {used} 年模板，{year} 年度报告应使用 {want} 年模板（{}）", table.def.title, expected.document),
                format!("“{}” uses the outdated {used} template; a {year} report must use the {want} template ({})", table.def.title, expected.document),
            ),
            range,
            related: Vec::new(),
            fixes,
        });
    }
}

/// The table rewritten in `def`'s template, values carried by their ids.
fn migrate(ctx: &Context, table: &Table, def: &TableDef) -> Fix {
    let style = Style::of_table(ctx.text, ctx.analysis, table);
    let carried = |block: &BlockDef, row: &RowDef, c: usize| -> String {
        let column = &block.columns[c].id;
        let ids: Vec<&String> = std::iter::once(&row.id).chain(&row.carries).collect();
        table
            .rows
            .iter()
            .find_map(|r| {
                let (b, i) = r.def?;
                let old_block = &table.def.blocks[b];
                let old_row = &old_block.rows[i];
                if old_block.id != block.id || !ids.contains(&&old_row.id) {
                    return None;
                }
                let oc = old_block.column_index(column)?;
                let v = r.values.get(oc)?;
                v.number().map(|_| v.text.clone())
            })
            .unwrap_or_default()
    };
    let new_text = render_table(&style, def, &carried);
    let start = line_start(ctx, table.lines.0);
    let end = after_line(ctx, table.lines.1);
    let mut new_text = new_text;
    if end == ctx.text.len() && !crate::text::ends_with_line_break(ctx.text) {
        new_text.truncate(new_text.trim_end_matches(['\r', '\n']).len());
    }
    Fix {
        title: ctx.msg(
            format!("改用 {} 年模板重写本表", template_id(def, ctx)),
            format!(
                "Rewrite the table in the {} template",
                template_id(def, ctx)
            ),
        ),
        applicability: Applicability::NeedsReview,
        edits: vec![Edit {
            range: crate::text::TextRange::new(start, end),
            new_text,
        }],
    }
}

fn template_id<'a>(def: &TableDef, ctx: &Context<'a, '_>) -> String {
    ctx.templates
        .templates
        .iter()
        .find(|t| t.tables.iter().any(|d| std::ptr::eq(d, def)))
        .map_or(String::new(), |t| t.id.clone())
}
