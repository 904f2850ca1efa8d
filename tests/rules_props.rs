//! Property tests of the arithmetic rules: section 三 (2019 and 2021 formats)
//! and section 四 tables with random counts whose sums hold check clean of
//! errors; one covered cell changed by +1 yields the matching arithmetic finding.

use nianbao::check::render::{render_table, Style};
use nianbao::check::{analyze_and_check, Config, Severity};
use nianbao::template::Templates;
use proptest::prelude::*;
use std::collections::HashMap;

/// Renders a Markdown report; `cells[(row id, column index)]` gives the values
/// (0 where absent).
fn report(tid: &str, year: i32, cells: &HashMap<(String, usize), u32>) -> String {
    let t = Templates::builtin().get(tid).unwrap();
    let style = Style::markdown("\n");
    let mut out = format!("# 某市某某局{year}年政府信息公开工作年度报告\n\n");
    for s in &t.sections {
        out.push_str(&format!(
            "## {}\n\n{}\n\n",
            s.title,
            prose(tid, year, s.number)
        ));
        if let Some(kind) = s.table {
            let def = t.tables.iter().find(|d| d.kind == kind).unwrap();
            out.push_str(&render_table(&style, def, &|_, r, c| {
                cells
                    .get(&(r.id.clone(), c))
                    .copied()
                    .unwrap_or(0)
                    .to_string()
            }));
            out.push('\n');
        }
    }
    out.push_str(&format!("某市某某局\n{}年1月20日\n", year + 1));
    out
}

/// A section's line of prose: section 五 states a problem and its improvement, section 六 (in
/// the 2021 format) the fees charged.
fn prose(tid: &str, year: i32, section: u8) -> String {
    match section {
        5 => "政策解读形式还不够丰富，下一步将加强政策解读。".to_string(),
        6 if tid == "2021" => "本年度未收取信息处理费。".to_string(),
        _ => format!("{year}年，本局依法做好政府信息公开工作。"),
    }
}

/// Consistent section 三 and 四 values from the random parts.
fn consistent(tid: &str, parts: &[u32], appeals: &[u32]) -> HashMap<(String, usize), u32> {
    let t = Templates::builtin().get(tid).unwrap();
    let apps = t
        .tables
        .iter()
        .find(|d| d.kind.as_str() == "applications")
        .unwrap();
    let block = &apps.blocks[0];
    let result_rows: Vec<&str> = block
        .rows
        .iter()
        .filter(|r| r.values && r.parent.is_some() && r.id != "total")
        .map(|r| r.id.as_str())
        .collect();
    let mut cells = HashMap::new();
    let mut k = 0;
    let mut next = || {
        k += 1;
        parts[k % parts.len()]
    };
    for c in 0..6 {
        let mut total = 0;
        for r in &result_rows {
            let v = next();
            cells.insert((r.to_string(), c), v);
            total += v;
        }
        let carried = next().min(total);
        let carry_over = next();
        cells.insert(("total".into(), c), total);
        cells.insert(("carry_over".into(), c), carry_over);
        cells.insert(("carried".into(), c), carried);
        cells.insert(("new".into(), c), total + carry_over - carried);
    }
    let ids: Vec<String> = block
        .rows
        .iter()
        .filter(|r| r.values)
        .map(|r| r.id.clone())
        .collect();
    for id in ids {
        let sum: u32 = (0..6)
            .map(|c| cells.get(&(id.clone(), c)).copied().unwrap_or(0))
            .sum();
        cells.insert((id, 6), sum);
    }
    // Section 四: three groups of four parts and their total.
    for g in 0..3 {
        let mut sum = 0;
        for i in 0..4 {
            let v = appeals[g * 4 + i];
            cells.insert(("cases".into(), g * 5 + i), v);
            sum += v;
        }
        cells.insert(("cases".into(), g * 5 + 4), sum);
    }
    cells
}

fn errors(text: &str) -> Vec<&'static str> {
    let (_, diags) = analyze_and_check(text, &Config::default());
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn consistent_tables_check_clean(
        gen in prop::sample::select(vec![("2019", 2020), ("2021", 2021)]),
        parts in prop::collection::vec(0u32..30, 7..40),
        appeals in prop::collection::vec(0u32..9, 12),
    ) {
        let cells = consistent(gen.0, &parts, &appeals);
        let text = report(gen.0, gen.1, &cells);
        prop_assert_eq!(errors(&text), Vec::<&str>::new(), "{}", text);
    }

    #[test]
    fn one_changed_cell_is_found(
        gen in prop::sample::select(vec![("2019", 2020), ("2021", 2021)]),
        parts in prop::collection::vec(0u32..30, 7..40),
        appeals in prop::collection::vec(0u32..9, 12),
        which in 0usize..6,
        col in 0usize..6,
        group in 0usize..3,
        part in 0usize..5,
    ) {
        let mut cells = consistent(gen.0, &parts, &appeals);
        // (row, column) changed, and the rule that must report it.
        let (key, rule) = match which {
            0 => (("new".to_string(), col), "row-total"),       // and balance
            1 => (("open".to_string(), 6), "row-total"),        // and column-total
            2 => (("total".to_string(), col), "column-total"),  // and row-total, balance
            3 => (("carry_over".to_string(), col), "balance"),  // and row-total
            4 => (("open".to_string(), col), "column-total"),   // and row-total
            _ => (("cases".to_string(), group * 5 + part), "row-total"),
        };
        *cells.entry(key).or_insert(0) += 1;
        let text = report(gen.0, gen.1, &cells);
        let found = errors(&text);
        prop_assert!(found.contains(&rule), "{:?} lacks {}\n{}", found, rule, text);
        prop_assert!(found.iter().all(|c| ["row-total", "column-total", "balance"].contains(c)), "{:?}", found);
    }
}
