use crate::check::facts::CellFact;
use crate::check::{Diagnostic, FactContext, Facts, Related, Severity};
use crate::model::narrative::{Quantity, RateKind, Statement, Sum};
use crate::model::Number;
use crate::template::{TableDef, TableKind};
use crate::text::TextRange;

crate::declare_rule! {
    /// A number the prose states differs from the report's own table.
    ///
    /// ## What it does
    /// Reads the sentences that state a quantity of the tables for the report year and compares
    /// them with the tables: `收到/新收/受理…申请 N 件` with section 三's 一、本年新收 (总计; with
    /// 一 + 二 when the sentence says the number includes 上年结转), `上年结转 N 件` with 二,
    /// `办结/答复 N 件` with （七）总计, `予以公开`, `部分公开`, `予以公开及部分公开`, `不予公开`,
    /// `无法提供`, `不予处理`, `其他处理` with their rows, `结转下年度 N 件` with 四,
    /// `行政复议 N 件` and `行政诉讼 N 件` with section 四's 总计s (`未收到…申请`,
    /// `未发生…行政复议` as zero). Numbers may be written in Chinese (`二十三件`). It also checks
    /// the prose against itself: the parts of `共 X 件，其中 A 件、B 件` must not add up to more
    /// than X (to X exactly when they are said to be all of it: `分别为`, `其余`, 自然人 and
    /// 法人或其他组织), and a `公开率`/`办结率` must be the ratio of the numbers the sentence states.
    ///
    /// Only plain statements about the whole year are read: a sentence naming another year or
    /// comparing with one (`同比`, `较上年`), or a number of a part of the applications (a channel,
    /// an applicant type, a month, a part of the agency, `按时办结`) is passed over. The finding
    /// is an info rather than a warning where the wording is loose (`办理 N 件`) or where the
    /// number is that of a neighbouring quantity (`收到 N 件` where N is 一 + 二), and for sums of
    /// things other than applications (their categories may overlap).
    ///
    /// ## Why
    /// Reviewers read the narrative first; a number there that the table contradicts is counted
    /// as an error of the report, whichever of the two is wrong.
    ///
    /// ## Example
    /// `本年度共收到政府信息公开申请70件` while section 三's 一、本年新收政府信息公开申请数量 says
    /// 68 in its 总计 column.
    ///
    /// ## Fix
    /// None: correct the sentence or the table, whichever is wrong.
    pub struct NarrativeMismatch => "narrative-mismatch", Severity::Warning,
        scope: Report, fixes: None, Facts(check)
}

/// A cell of a table that a statement is compared with.
struct Cell {
    value: i64,
    range: TextRange,
    /// The row's label (`一、本年新收政府信息公开申请数量`).
    label: String,
    /// The column's label (`总计`, `行政复议·总计`).
    column: String,
}

/// What the tables say of a quantity: the cells it is the sum of, and other readings of the
/// same figure where the table contradicts itself (a row total that is not the sum of its row).
struct Figure {
    cells: Vec<Cell>,
    alternatives: Vec<i64>,
}

impl Figure {
    fn value(&self) -> i64 {
        self.cells.iter().map(|c| c.value).sum()
    }
    fn agrees(&self, v: i64) -> bool {
        self.value() == v || self.alternatives.contains(&v)
    }
}

fn int(n: Option<Number>) -> Option<i64> {
    match n? {
        Number::Int(i) if i >= 0 => Some(i),
        _ => None,
    }
}

/// A table of the report as its facts give it: its definition and its cells.
struct Tab<'a, 't> {
    facts: &'a Facts<'t>,
    kind: TableKind,
    def: &'t TableDef,
}

impl<'a, 't> Tab<'a, 't> {
    /// The report's table of `kind`, when it has one table of that kind (one cell per place).
    fn of(ctx: &FactContext<'a, 't>, kind: TableKind) -> Option<Tab<'a, 't>> {
        let first = ctx.facts.cells.iter().find(|c| c.table == kind)?;
        let template = ctx.templates.get(first.template)?;
        let def = template.tables.iter().find(|t| t.kind == kind)?;
        let mut seen = rustc_hash::FxHashSet::with_capacity_and_hasher(
            ctx.facts.cells.len(),
            Default::default(),
        );
        let single = ctx
            .facts
            .cells
            .iter()
            .filter(|c| c.table == kind)
            .all(|c| c.template == first.template && seen.insert((c.block, c.row, c.column)));
        single.then_some(Tab {
            facts: ctx.facts,
            kind,
            def,
        })
    }

    fn cell(&self, block: &str, row: &str, column: &str) -> Option<&'a CellFact<'t>> {
        self.facts.cell(self.kind, block, row, column)
    }

    /// The cell at `row`, `column` of the table's (only) block, with its labels, and the sum
    /// of the row's other cells (its other reading, for a total).
    fn figure_cell(&self, row: &str, column: &str) -> Option<(Cell, Option<i64>)> {
        let block = self.def.blocks.first()?;
        let fact = self.cell(&block.id, row, column)?;
        let row_def = block.rows.iter().find(|r| r.id == row)?;
        let col_def = block.columns.iter().find(|c| c.id == column)?;
        let others: Option<i64> = block
            .columns
            .iter()
            .filter(|c| c.id != column)
            .map(|c| int(self.cell(&block.id, row, &c.id)?.value))
            .sum();
        Some((
            Cell {
                value: int(fact.value)?,
                range: fact.range,
                // Section 四's one row has no label: its columns say it all.
                label: if row_def.implicit {
                    String::new()
                } else {
                    row_def.label.clone()
                },
                column: match &col_def.group {
                    Some(g) => format!("{g}·{}", col_def.label),
                    None => col_def.label.clone(),
                },
            },
            others,
        ))
    }

    /// The sum of the 总计 cells of section 三's rows `ids` (every one there and read).
    fn rows(&self, ids: &[&str]) -> Option<Figure> {
        if ids.is_empty() {
            return None;
        }
        let mut cells = Vec::new();
        let mut others = Some(0i64);
        for id in ids {
            let (cell, other) = self.figure_cell(id, "total")?;
            others = others.zip(other).map(|(a, b)| a + b);
            cells.push(cell);
        }
        Some(Figure {
            cells,
            alternatives: others.into_iter().collect(),
        })
    }

    /// The rows that carry the numbers of a result row: its sub-rows, or itself.
    fn value_rows(&self, parent: &str) -> Vec<&'t str> {
        let Some(block) = self.def.blocks.first() else {
            return Vec::new();
        };
        let children: Vec<&str> = block
            .rows
            .iter()
            .filter(|r| r.values && r.parent.as_deref() == Some(parent))
            .map(|r| r.id.as_str())
            .collect();
        if children.is_empty() {
            block
                .rows
                .iter()
                .filter(|r| r.values && r.id == parent)
                .map(|r| r.id.as_str())
                .collect()
        } else {
            children
        }
    }

    /// （七）总计, with the sum of the result rows above it as another reading.
    fn completed(&self) -> Option<Figure> {
        let mut figure = self.rows(&["total"])?;
        let results: Vec<&str> = [
            "open",
            "partial",
            "refused",
            "unable",
            "not_processed",
            "other_handling",
        ]
        .iter()
        .flat_map(|p| self.value_rows(p))
        .collect();
        if let Some(sum) = self.rows(&results) {
            figure.alternatives.push(sum.value());
        }
        Some(figure)
    }

    /// Section 四's 总计 cells `ids`, with the sums of their groups' four results as the other
    /// reading.
    fn appeals(&self, ids: &[&str]) -> Option<Figure> {
        let block = self.def.blocks.first()?;
        let row = block.rows.first()?;
        let mut cells = Vec::new();
        let mut parts = Some(0i64);
        for id in ids {
            let (cell, _) = self.figure_cell(&row.id, id)?;
            cells.push(cell);
            let col = block.columns.iter().position(|c| c.id == *id)?;
            let sum: Option<i64> = block.columns[col.saturating_sub(4)..col]
                .iter()
                .map(|c| int(self.cell(&block.id, &row.id, &c.id)?.value))
                .sum();
            parts = parts.zip(sum).map(|(a, b)| a + b);
        }
        Some(Figure {
            cells,
            alternatives: parts.into_iter().collect(),
        })
    }
}

/// What the tables say of the quantity `q`.
fn figure_of(apps: Option<&Tab>, appeals: Option<&Tab>, q: Quantity) -> Option<Figure> {
    use Quantity::*;
    match q {
        Reconsideration => appeals?.appeals(&["review_total"]),
        Litigation => appeals?.appeals(&["direct_total", "after_total"]),
        Appeals => appeals?.appeals(&["review_total", "direct_total", "after_total"]),
        Received => apps?.rows(&["new"]),
        ReceivedWithCarried => apps?.rows(&["new", "carried"]),
        CarriedIn => apps?.rows(&["carried"]),
        Completed | Handled => apps?.completed(),
        Disclosed => apps?.rows(&["open"]),
        DisclosedOrPartly => apps?.rows(&["open", "partial"]),
        Partly => apps?.rows(&["partial"]),
        Refused => apps?.rows(&apps?.value_rows("refused")),
        Unable => apps?.rows(&apps?.value_rows("unable")),
        NotProcessed => apps?.rows(&apps?.value_rows("not_processed")),
        OtherHandling => apps?.rows(&apps?.value_rows("other_handling")),
        CarriedForward => apps?.rows(&["carry_over"]),
        Rate { .. } => None,
    }
}

/// What the sentence says the number is, in each language.
fn name(q: Quantity) -> (&'static str, &'static str) {
    use Quantity::*;
    match q {
        Received => ("本年新收申请", "new applications"),
        ReceivedWithCarried => (
            "收到申请（含上年结转）",
            "applications received, carried-over ones included",
        ),
        CarriedIn => ("上年结转申请", "applications carried over from last year"),
        Completed => ("办结申请", "applications completed"),
        Handled => ("办理申请", "applications handled"),
        Disclosed => ("予以公开", "applications granted"),
        DisclosedOrPartly => (
            "予以公开及部分公开",
            "applications granted in full or in part",
        ),
        Partly => ("部分公开", "applications granted in part"),
        Refused => ("不予公开", "applications refused"),
        Unable => ("无法提供", "applications the agency could not answer"),
        NotProcessed => ("不予处理", "applications not processed"),
        OtherHandling => ("其他处理", "applications otherwise handled"),
        CarriedForward => ("结转下年度", "applications carried over to next year"),
        Reconsideration => ("行政复议", "administrative reconsiderations"),
        Litigation => ("行政诉讼", "administrative lawsuits"),
        Appeals => ("行政复议和行政诉讼", "reconsiderations and lawsuits"),
        Rate { .. } => ("比率", "rate"),
    }
}

/// Where a figure stands: `「一、本年新收政府信息公开申请数量」总计` (each cell).
fn place(cells: &[Cell]) -> (String, String) {
    let zh: Vec<String> = cells.iter().map(zh_cell).collect();
    let en: Vec<String> = cells.iter().map(en_cell).collect();
    (zh.join(" + "), en.join(" + "))
}

fn zh_cell(c: &Cell) -> String {
    if c.label.is_empty() {
        c.column.clone()
    } else {
        format!("「{}」{}", c.label, c.column)
    }
}

fn en_cell(c: &Cell) -> String {
    if c.label.is_empty() {
        c.column.clone()
    } else {
        format!("{}, {}", c.label, c.column)
    }
}

fn related(ctx: &FactContext, figure: &Figure) -> Vec<Related> {
    let shown: Vec<&Cell> = if figure.cells.len() <= 3 {
        figure.cells.iter().collect()
    } else {
        let nonzero: Vec<&Cell> = figure.cells.iter().filter(|c| c.value != 0).collect();
        if nonzero.is_empty() {
            figure.cells.iter().take(1).collect()
        } else {
            nonzero
        }
    };
    shown
        .into_iter()
        .map(|c| {
            Related::here(
                c.range,
                ctx.msg(
                    format!("表格：{} {}", zh_cell(c), c.value),
                    format!("table: {}: {}", en_cell(c), c.value),
                ),
            )
        })
        .collect()
}

/// A statement about the report year, plainly.
fn of_the_year(ctx: &FactContext, years: &[i32], compared: bool) -> bool {
    !compared && years.iter().all(|y| Some(*y) == ctx.year)
}

fn check(ctx: &FactContext, out: &mut Vec<Diagnostic>) {
    let apps = Tab::of(ctx, TableKind::Applications);
    let appeals = Tab::of(ctx, TableKind::Appeals);
    let narrative = &ctx.facts.narrative;
    if apps.is_some() || appeals.is_some() {
        for st in &narrative.statements {
            if !of_the_year(ctx, &st.years, st.compared) {
                continue;
            }
            if let Some(d) = compare(ctx, apps.as_ref(), appeals.as_ref(), st) {
                out.push(d);
            }
        }
    }
    for st in &narrative.statements {
        if let Quantity::Rate { kind, decimals } = st.quantity {
            if of_the_year(ctx, &st.years, st.compared) {
                out.extend(rate(ctx, &narrative.statements, st, kind, decimals));
            }
        }
    }
    for sum in &narrative.sums {
        if of_the_year(ctx, &sum.years, sum.compared) {
            out.extend(parts(ctx, sum));
        }
    }
}

fn compare(
    ctx: &FactContext,
    apps: Option<&Tab>,
    appeals: Option<&Tab>,
    st: &Statement,
) -> Option<Diagnostic> {
    use Quantity::*;
    let figure = figure_of(apps, appeals, st.quantity)?;
    let v = st.value as i64;
    if figure.agrees(v) {
        return None;
    }
    // A neighbouring quantity of the same table: the wording, not the number, is off.
    let neighbours: Vec<(Quantity, Figure)> = match st.quantity {
        Received => vec![ReceivedWithCarried, Completed],
        ReceivedWithCarried => vec![Received, Completed],
        Completed => vec![Received, ReceivedWithCarried],
        Handled => vec![Received, ReceivedWithCarried],
        _ => vec![],
    }
    .into_iter()
    .filter_map(|q| Some((q, figure_of(apps, appeals, q)?)))
    .collect();
    if st.quantity == Handled && neighbours.iter().any(|(_, f)| f.agrees(v)) {
        return None;
    }
    let neighbour = neighbours.iter().find(|(_, f)| f.agrees(v));
    let (zh_name, en_name) = name(st.quantity);
    let t = figure.value();
    let (zh_place, en_place) = place(&figure.cells);
    let section = if st.quantity.is_appeal() {
        "四"
    } else {
        "三"
    };
    let mut zh = format!("正文说{zh_name} {v} 件，第{section}部分表格为 {t}（{zh_place}）");
    let mut en =
        format!("the text says {v} {en_name}; section {section}'s table says {t} ({en_place})");
    if let Some((q, f)) = neighbour {
        let (zq, eq) = name(*q);
        let (zp, ep) = place(&f.cells);
        zh.push_str(&format!("；{v} 是表格中「{zq}」的数字（{zp}），请核对措辞"));
        en.push_str(&format!(
            "; {v} is the table's figure of {eq} ({ep}): check the wording"
        ));
    }
    let severity = if st.loose || neighbour.is_some() {
        Severity::Info
    } else {
        NarrativeMismatch::INFO.severity
    };
    Some(Diagnostic {
        code: NarrativeMismatch::INFO.code,
        severity,
        message: ctx.msg(zh, en),
        range: st.range,
        related: related(ctx, &figure),
        fixes: Vec::new(),
    })
}

/// A rate recomputed from the numbers its sentence states: a finding when no reading of them
/// (numerator over any of the totals stated) gives it.
fn rate(
    ctx: &FactContext,
    all: &[Statement],
    st: &Statement,
    kind: RateKind,
    decimals: u8,
) -> Option<Diagnostic> {
    use Quantity::*;
    let same: Vec<&Statement> = all
        .iter()
        .filter(|s| s.sentence == st.sentence && s.range.end <= st.range.start)
        .collect();
    let numerators: Vec<&Statement> = same
        .iter()
        .copied()
        .filter(|s| match kind {
            RateKind::Disclosure => matches!(s.quantity, Disclosed | DisclosedOrPartly),
            RateKind::Completion => s.quantity == Completed,
        })
        .collect();
    let denominators: Vec<&Statement> = same
        .iter()
        .copied()
        .filter(|s| {
            matches!(s.quantity, Received | ReceivedWithCarried | Handled)
                || kind == RateKind::Disclosure && s.quantity == Completed
        })
        .filter(|s| s.value > 0)
        .collect();
    if numerators.is_empty() || denominators.is_empty() {
        return None;
    }
    let scale = 10f64.powi(decimals as i32);
    let stated = st.value as f64 / scale;
    let fits = |n: &Statement, d: &Statement| {
        let exact = n.value as f64 * 100.0 / d.value as f64;
        (exact - stated).abs() <= 0.5 / scale + 1e-9
            || ((exact * scale).floor() / scale - stated).abs() < 1e-9
    };
    if numerators
        .iter()
        .any(|n| denominators.iter().any(|d| fits(n, d)))
    {
        return None;
    }
    let (n, d) = (numerators[0], denominators[0]);
    let exact = n.value as f64 * 100.0 / d.value as f64;
    let digits = decimals.max(1) as usize;
    let written = format!("{}%", st.value as f64 / scale);
    // What a rate is taken over (the applications received, those due, those completed) is the
    // author's choice: an info.
    Some(Diagnostic {
        code: NarrativeMismatch::INFO.code,
        severity: Severity::Info,
        message: ctx.msg(
            format!(
                "比率 {written} 与本句所列数字不符：{} ÷ {} = {exact:.digits$}%",
                n.value, d.value
            ),
            format!(
                "the rate {written} does not follow from the sentence's numbers: {} / {} = {exact:.digits$}%",
                n.value, d.value
            ),
        ),
        range: st.range,
        related: [n, d]
            .iter()
            .map(|s| {
                Related::here(
                    s.range,
                    ctx.msg(format!("正文：{}", s.value), format!("text: {}", s.value)),
                )
            })
            .collect(),
        fixes: Vec::new(),
    })
}

/// `共 X 件，其中 A 件、B 件`: the parts add up to more than X (to other than X when said to be
/// all of it).
fn parts(ctx: &FactContext, sum: &Sum) -> Option<Diagnostic> {
    let total: u64 = sum.parts.iter().map(|p| p.0).sum();
    let wrong = total > sum.whole || sum.exhaustive && total != sum.whole;
    if !wrong {
        return None;
    }
    let terms: Vec<String> = sum.parts.iter().map(|p| p.0.to_string()).collect();
    let terms = terms.join(" + ");
    let whole = sum.whole;
    let (zh, en) = if sum.parts.len() == 1 {
        (
            format!("部分 {total} 大于总数 {whole}"),
            format!("the part {total} is more than the whole {whole}"),
        )
    } else if total > sum.whole {
        (
            format!("各部分之和 {terms} = {total} 大于总数 {whole}"),
            format!("the parts add up to {terms} = {total}, more than the whole {whole}"),
        )
    } else {
        (
            format!("所列各部分之和 {terms} = {total} 与总数 {whole} 不符"),
            format!("the parts listed add up to {terms} = {total}, not the whole {whole}"),
        )
    };
    Some(Diagnostic {
        code: NarrativeMismatch::INFO.code,
        severity: if sum.applications {
            NarrativeMismatch::INFO.severity
        } else {
            Severity::Info
        },
        message: ctx.msg(zh, en),
        range: sum.whole_range,
        related: sum
            .parts
            .iter()
            .map(|p| {
                Related::here(
                    p.1,
                    ctx.msg(format!("部分：{}", p.0), format!("part: {}", p.0)),
                )
            })
            .collect(),
        fixes: Vec::new(),
    })
}
