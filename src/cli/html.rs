//! `nianbao check --format html`: a reviewer's report, one self-contained page (no network,
//! no CDN: styles, script and charts are inline).
//!
//! The page is made from the same data as `--format json` ([`super::check::json`]), each
//! file's object extended with its `issuer` and `tables` (as `nianbao extract --format json`
//! gives them, ranged in the same source text), and nothing else; the data is embedded in
//! the page too (`<script type="application/json" id="nianbao-data">`). It holds: the totals;
//! inline SVG bar charts of the findings by rule, by issuer and by year; a table of the
//! files with their counts, filterable and sortable (a few lines of script); and for each
//! finding its message, its explanation (the rule's documentation), its fixes and the table
//! it is in, rendered, the offending cells marked `cell-offending` and the related ones
//! `cell-related`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::check::{rule, Lang};

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A JSON position as `(line, character)`.
fn pos(v: &Value) -> Option<(u64, u64)> {
    Some((v["line"].as_u64()?, v["character"].as_u64()?))
}

/// A JSON range as two positions.
fn range(v: &Value) -> Option<((u64, u64), (u64, u64))> {
    Some((pos(&v["start"])?, pos(&v["end"])?))
}

/// Do two ranges share a character, or does an empty one stand inside (or at an end of)
/// the other?
fn overlaps(a: ((u64, u64), (u64, u64)), b: ((u64, u64), (u64, u64))) -> bool {
    if a.0 == a.1 || b.0 == b.1 {
        a.0 <= b.1 && b.0 <= a.1
    } else {
        a.0 < b.1 && b.0 < a.1
    }
}

struct Texts {
    title: &'static str,
    files: &'static str,
    errors: &'static str,
    warnings: &'static str,
    notes: &'static str,
    findings: &'static str,
    by_rule: &'static str,
    by_issuer: &'static str,
    by_year: &'static str,
    file: &'static str,
    issuer: &'static str,
    year: &'static str,
    filter: &'static str,
    clean: &'static str,
    unreadable: &'static str,
    not_report: &'static str,
    fix: &'static str,
    explanation: &'static str,
    related: &'static str,
    colon: &'static str,
    unknown: &'static str,
    none: &'static str,
}

const ZH: Texts = Texts {
    title: "政府信息公开工作年度报告检查结果",
    files: "文件",
    errors: "错误",
    warnings: "警告",
    notes: "提示",
    findings: "问题",
    by_rule: "按规则",
    by_issuer: "按发布机关",
    by_year: "按年度",
    file: "文件",
    issuer: "发布机关",
    year: "年度",
    filter: "筛选文件、机关或年度…",
    clean: "无问题",
    unreadable: "无法读取",
    not_report: "不是年报",
    fix: "修复",
    explanation: "说明",
    related: "相关单元格",
    colon: "：",
    unknown: "未知",
    none: "没有问题",
};

const EN: Texts = Texts {
    title: "Annual report check results",
    files: "files",
    errors: "errors",
    warnings: "warnings",
    notes: "notes",
    findings: "findings",
    by_rule: "By rule",
    by_issuer: "By issuer",
    by_year: "By year",
    file: "File",
    issuer: "Issuer",
    year: "Year",
    filter: "Filter by file, issuer or year…",
    clean: "no problems",
    unreadable: "unreadable",
    not_report: "not a report",
    fix: "Fix",
    explanation: "Explanation",
    related: "Related cells",
    colon: ": ",
    unknown: "unknown",
    none: "no findings",
};

/// One file's counts.
#[derive(Default, Clone, Copy)]
struct Counts {
    errors: usize,
    warnings: usize,
    notes: usize,
}

fn counts(file: &Value) -> Counts {
    let mut c = Counts::default();
    for d in file["diagnostics"].as_array().into_iter().flatten() {
        match d["severity"].as_str() {
            Some("error") => c.errors += 1,
            Some("warning") => c.warnings += 1,
            _ => c.notes += 1,
        }
    }
    c
}

/// A horizontal bar chart, inline SVG: one bar per entry, largest first.
fn bar_chart(id: &str, title: &str, entries: &[(String, usize)]) -> String {
    let mut entries = entries.to_vec();
    entries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let max = entries.iter().map(|e| e.1).max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h) = (220usize, 260usize, 22usize);
    let height = row_h * entries.len().max(1) + 8;
    let width = label_w + bar_w + 60;
    let mut svg = format!(
        "<figure class=\"chart\" id=\"{id}\"><figcaption>{}</figcaption>\
         <svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">",
        esc(title)
    );
    for (i, (label, n)) in entries.iter().enumerate() {
        let y = 4 + i * row_h;
        let w = (bar_w * n / max).max(1);
        let shown: String = if label.chars().count() > 16 {
            label.chars().take(15).chain(std::iter::once('…')).collect()
        } else {
            label.clone()
        };
        let _ = write!(
            svg,
            "<g class=\"bar\" data-label=\"{l}\" data-count=\"{n}\"><title>{l}: {n}</title>\
             <text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\">{s}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"></rect>\
             <text x=\"{nx}\" y=\"{ty}\">{n}</text></g>",
            l = esc(label),
            s = esc(&shown),
            tx = label_w - 6,
            ty = y + 15,
            h = row_h - 6,
            nx = label_w + w + 6,
        );
    }
    svg.push_str("</svg></figure>");
    svg
}

/// The table a finding is in (the first whose range holds its start or one of its related
/// ranges), rendered with the offending and related cells marked.
fn finding_table(tables: &[Value], d: &Value) -> Option<String> {
    let at = range(&d["range"])?;
    let related: Vec<_> = d["related"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| range(&r["range"]))
        .collect();
    let table = tables.iter().find(|t| {
        range(&t["range"]).is_some_and(|tr| {
            overlaps(tr, (at.0, at.0)) || related.iter().any(|r| overlaps(tr, (r.0, r.0)))
        })
    })?;
    let mark = |r: Option<((u64, u64), (u64, u64))>| match r {
        Some(r) if overlaps(r, at) => " class=\"cell-offending\"",
        Some(r) if related.iter().any(|x| overlaps(r, *x)) => " class=\"cell-related\"",
        _ => "",
    };
    let mut out = String::from("<table class=\"report-table\"><tbody>");
    let mut block: Option<&str> = None;
    for row in table["rows"].as_array().into_iter().flatten() {
        let b = row["block"].as_str();
        if b.is_some() && b != block {
            let _ = write!(
                out,
                "<tr class=\"block\"><th colspan=\"99\">{}</th></tr>",
                esc(b.unwrap_or_default())
            );
        }
        block = b;
        let label = row["written"]
            .as_str()
            .filter(|s| !s.is_empty())
            .or(row["label"].as_str())
            .unwrap_or("");
        let _ = write!(
            out,
            "<tr><th{}>{}</th>",
            mark(range(&row["range"])),
            esc(label)
        );
        for v in row["values"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(row["extra"].as_array().into_iter().flatten())
        {
            let _ = write!(
                out,
                "<td{}>{}</td>",
                mark(range(&v["range"])),
                esc(v["text"].as_str().unwrap_or(""))
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    Some(out)
}

/// The rule's explanation: its documentation's "What it does" part (the documentation is
/// in English: shown on an English page only).
fn explanation(code: &str) -> String {
    let Some(r) = rule(code) else {
        return String::new();
    };
    let mut out: Vec<&str> = Vec::new();
    let mut inside = false;
    for line in r.doc.lines() {
        let line = line.trim();
        if let Some(title) = line.strip_prefix("## ") {
            if inside {
                break;
            }
            inside = title == "What it does";
        } else if inside && !line.is_empty() {
            out.push(line);
        }
    }
    if out.is_empty() {
        r.summary.to_string()
    } else {
        out.join(" ")
    }
}

const STYLE: &str = r#"
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
.totals{display:flex;gap:1em;flex-wrap:wrap}.totals div{background:#f4f4f6;border-radius:6px;padding:.5em 1em}
.totals b{font-size:1.4em;display:block}
.charts{display:flex;flex-wrap:wrap;gap:1em}.chart{margin:0}.chart figcaption{font-weight:bold}
.chart rect{fill:#4a78c2}.chart text{font-size:12px;fill:#333}
table{border-collapse:collapse}#files th,#files td{border:1px solid #ccc;padding:.25em .5em}
#files th{cursor:pointer;background:#f4f4f6;user-select:none}#files td.n{text-align:right}
#filter{width:24em;padding:.3em;margin:.5em 0}
.finding{border-left:4px solid #999;padding:.3em .8em;margin:.8em 0;background:#fafafa}
.finding.error{border-color:#c33}.finding.warning{border-color:#d90}.finding.info,.finding.hint{border-color:#39c}
.sev{font-weight:bold;text-transform:uppercase;font-size:.8em}.code{font-family:monospace}
.report-table td,.report-table th{border:1px solid #ddd;padding:.1em .4em;font-size:.85em;text-align:left;font-weight:normal}
.report-table tr.block th{background:#eee}
.cell-offending{background:#f8b4b4 !important;outline:2px solid #c33}.cell-related{background:#fde9a8 !important}
.clean{color:#383}.fixes{margin:.3em 0}.explain{color:#555;font-size:.9em}
"#;

const SCRIPT: &str = r#"
(function(){
  var table=document.getElementById('files');
  var body=table.tBodies[0];
  var filter=document.getElementById('filter');
  function apply(){
    var q=filter.value.trim().toLowerCase();
    Array.prototype.forEach.call(body.rows,function(r){
      r.hidden=q!==''&&r.textContent.toLowerCase().indexOf(q)<0;
    });
    document.querySelectorAll('section.file').forEach(function(s){
      s.hidden=q!==''&&s.getAttribute('data-search').toLowerCase().indexOf(q)<0;
    });
  }
  filter.addEventListener('input',apply);
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
    th.addEventListener('click',function(){
      var numeric=th.getAttribute('data-type')==='number';
      var dir=th.getAttribute('data-dir')==='asc'?'desc':'asc';
      Array.prototype.forEach.call(table.tHead.rows[0].cells,function(c){c.removeAttribute('data-dir');});
      th.setAttribute('data-dir',dir);
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[i].getAttribute('data-value'),y=b.cells[i].getAttribute('data-value');
        var c=numeric?(Number(x)-Number(y)):x.localeCompare(y);
        return dir==='asc'?c:-c;
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
})();
"#;

/// The page for `data` (what `--format json` prints, each file with `issuer` and `tables`).
pub fn page(data: &Value, lang: Lang) -> String {
    let t = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    let files: &[Value] = data.as_array().map_or(&[], Vec::as_slice);
    let mut total = Counts::default();
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_issuer: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_year: BTreeMap<String, usize> = BTreeMap::new();
    for f in files {
        let c = counts(f);
        total.errors += c.errors;
        total.warnings += c.warnings;
        total.notes += c.notes;
        let n = c.errors + c.warnings + c.notes;
        let issuer = f["issuer"].as_str().unwrap_or(t.unknown).to_string();
        let year = f["year"]
            .as_i64()
            .map_or_else(|| t.unknown.to_string(), |y| y.to_string());
        *by_issuer.entry(issuer).or_default() += n;
        *by_year.entry(year).or_default() += n;
        for d in f["diagnostics"].as_array().into_iter().flatten() {
            *by_rule
                .entry(d["code"].as_str().unwrap_or("").to_string())
                .or_default() += 1;
        }
    }
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"generator\" content=\"nianbao {}\"><title>{}</title><style>{STYLE}</style></head><body>",
        match lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        },
        env!("CARGO_PKG_VERSION"),
        esc(t.title)
    );
    let _ = write!(h, "<h1>{}</h1>", esc(t.title));
    let _ = write!(
        h,
        "<div class=\"totals\" id=\"totals\">\
         <div data-total=\"files\"><b>{}</b>{}</div><div data-total=\"errors\"><b>{}</b>{}</div>\
         <div data-total=\"warnings\"><b>{}</b>{}</div><div data-total=\"notes\"><b>{}</b>{}</div></div>",
        files.len(),
        t.files,
        total.errors,
        t.errors,
        total.warnings,
        t.warnings,
        total.notes,
        t.notes
    );
    h.push_str("<div class=\"charts\">");
    let entries = |m: BTreeMap<String, usize>| m.into_iter().collect::<Vec<_>>();
    h.push_str(&bar_chart("chart-rule", t.by_rule, &entries(by_rule)));
    h.push_str(&bar_chart("chart-issuer", t.by_issuer, &entries(by_issuer)));
    h.push_str(&bar_chart("chart-year", t.by_year, &entries(by_year)));
    h.push_str("</div>");

    // The files.
    let _ = write!(
        h,
        "<h2>{}</h2><input id=\"filter\" type=\"search\" placeholder=\"{}\">\
         <table id=\"files\"><thead><tr><th data-type=\"text\">{}</th><th data-type=\"text\">{}</th>\
         <th data-type=\"number\">{}</th><th data-type=\"number\">{}</th><th data-type=\"number\">{}</th>\
         <th data-type=\"number\">{}</th></tr></thead><tbody>",
        esc(t.files),
        esc(t.filter),
        t.file,
        t.issuer,
        t.year,
        t.errors,
        t.warnings,
        t.notes
    );
    for (i, f) in files.iter().enumerate() {
        let c = counts(f);
        let path = f["path"].as_str().unwrap_or("");
        let issuer = f["issuer"].as_str().unwrap_or("");
        let year = f["year"]
            .as_i64()
            .map(|y| y.to_string())
            .unwrap_or_default();
        let state = if f.get("error").is_some() {
            format!(" <span class=\"state\">{}</span>", t.unreadable)
        } else if f["report"] == Value::Bool(false) {
            format!(" <span class=\"state\">{}</span>", t.not_report)
        } else if c.errors + c.warnings + c.notes == 0 {
            format!(" <span class=\"clean\">✓ {}</span>", t.clean)
        } else {
            String::new()
        };
        let _ = write!(
            h,
            "<tr data-path=\"{p}\"><td data-value=\"{p}\"><a href=\"#file-{i}\">{p}</a>{state}</td>\
             <td data-value=\"{is}\">{is}</td><td class=\"n\" data-value=\"{y}\">{y}</td>\
             <td class=\"n\" data-value=\"{e}\">{e}</td><td class=\"n\" data-value=\"{w}\">{w}</td>\
             <td class=\"n\" data-value=\"{n}\">{n}</td></tr>",
            p = esc(path),
            is = esc(issuer),
            y = year,
            e = c.errors,
            w = c.warnings,
            n = c.notes,
        );
    }
    h.push_str("</tbody></table>");

    // The findings, file by file.
    let _ = write!(h, "<h2>{}</h2>", t.findings);
    for (i, f) in files.iter().enumerate() {
        let path = f["path"].as_str().unwrap_or("");
        let search = format!(
            "{path} {} {}",
            f["issuer"].as_str().unwrap_or(""),
            f["year"]
                .as_i64()
                .map(|y| y.to_string())
                .unwrap_or_default()
        );
        let _ = write!(
            h,
            "<section class=\"file\" id=\"file-{i}\" data-search=\"{}\"><h3>{}</h3>",
            esc(&search),
            esc(path)
        );
        if let Some(e) = f["error"].as_str() {
            let _ = write!(h, "<p>{}{}{}</p>", t.unreadable, t.colon, esc(e));
        }
        let tables: &[Value] = f["tables"].as_array().map_or(&[], Vec::as_slice);
        let diags: &[Value] = f["diagnostics"].as_array().map_or(&[], Vec::as_slice);
        if diags.is_empty() && f.get("error").is_none() {
            let _ = write!(h, "<p class=\"clean\">✓ {}</p>", t.none);
        }
        for d in diags {
            let sev = d["severity"].as_str().unwrap_or("warning");
            let code = d["code"].as_str().unwrap_or("");
            let line = d["range"]["start"]["line"].as_u64().map_or(0, |l| l + 1);
            let sev_shown = match (sev, lang) {
                ("error", Lang::Zh) => "错误",
                ("warning", Lang::Zh) => "警告",
                (_, Lang::Zh) => "提示",
                (other, Lang::En) => other,
            };
            let _ = write!(
                h,
                "<div class=\"finding {sev}\" data-code=\"{c}\"><p><span class=\"sev\">{sev_shown}</span> \
                 <span class=\"code\">[{c}]</span> {m} <small>({path}:{line})</small></p>",
                c = esc(code),
                m = esc(d["message"].as_str().unwrap_or("")),
                path = esc(path),
            );
            // The explanation: the rule's documentation on an English page; on a Chinese
            // one (the documentation is English) where to read it, never mixed.
            let explain = match lang {
                Lang::En => explanation(code),
                Lang::Zh => format!("规则说明见 `nianbao explain {code}`"),
            };
            let _ = write!(
                h,
                "<p class=\"explain\">{}{}{}</p>",
                t.explanation,
                t.colon,
                esc(&explain)
            );
            let related: Vec<&str> = d["related"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r["message"].as_str())
                .collect();
            if !related.is_empty() {
                let _ = write!(
                    h,
                    "<details class=\"related\"><summary>{} ({})</summary><ul>",
                    t.related,
                    related.len()
                );
                for m in related {
                    let _ = write!(h, "<li>{}</li>", esc(m));
                }
                h.push_str("</ul></details>");
            }
            for fix in d["fixes"].as_array().into_iter().flatten() {
                let _ = write!(
                    h,
                    "<p class=\"fixes\">{}{}{} <small>[{}]</small></p>",
                    t.fix,
                    t.colon,
                    esc(fix["title"].as_str().unwrap_or("")),
                    match (fix["applicability"].as_str(), lang) {
                        (Some("safe"), Lang::Zh) => "安全",
                        (Some("safe"), Lang::En) => "safe",
                        (_, Lang::Zh) => "需复核",
                        (_, Lang::En) => "needs review",
                    }
                );
            }
            if let Some(table) = finding_table(tables, d) {
                h.push_str(&table);
            }
            h.push_str("</div>");
        }
        h.push_str("</section>");
    }
    // The data the page was made from; `<` escaped so that no text can end the script.
    let json = serde_json::to_string(data)
        .expect("JSON")
        .replace('<', "\\u003c");
    let _ = writeln!(
        h,
        "<script type=\"application/json\" id=\"nianbao-data\">{json}</script><script>{SCRIPT}</script></body></html>"
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_overlap_as_cells_do() {
        let r = |a: u64, b: u64, c: u64, d: u64| ((a, b), (c, d));
        assert!(overlaps(r(1, 0, 1, 2), r(1, 1, 1, 3)));
        assert!(!overlaps(r(1, 0, 1, 2), r(1, 2, 1, 3)));
        // An empty cell at the end of a range is in it.
        assert!(overlaps(r(1, 2, 1, 2), r(1, 0, 1, 2)));
        assert!(!overlaps(r(1, 3, 1, 3), r(1, 0, 1, 2)));
    }

    /// The text of a page's body without its tags, its script and the rule documentation
    /// (English prose quoting the templates' Chinese labels).
    fn words(page: &str) -> String {
        let body = &page[page.find("<body>").unwrap()..page.find("<script").unwrap()];
        let mut out = String::new();
        let mut in_tag = false;
        let mut rest = body;
        while let Some(i) = rest.find("<p class=\"explain\">") {
            let end = rest[i..].find("</p>").unwrap() + i;
            let (before, after) = (&rest[..i], &rest[end..]);
            for c in before.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => out.push(c),
                    _ => {}
                }
            }
            rest = after;
        }
        for c in rest.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    /// The page's own words are in one language (the data's, e.g. messages, as they are).
    #[test]
    fn the_page_speaks_one_language() {
        let range = serde_json::json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}});
        let data = serde_json::json!([{
            "path": "a.txt", "year": 2020, "issuer": null, "report": true, "tables": [],
            "diagnostics": [{
                "code": "row-total", "severity": "error", "message": "M", "range": range,
                "related": [{"message": "R", "range": range}],
                "fixes": [{"title": "T", "applicability": "needs-review", "edits": []}]
            }]
        }]);
        let cjk = |c: char| {
            ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
        };
        let en = words(&page(&data, Lang::En));
        assert!(!en.chars().any(cjk), "{en}");
        assert!(
            en.contains("[needs review]") && en.contains("Related cells (1)"),
            "{en}"
        );
        let zh = words(&page(&data, Lang::Zh));
        let latin: String = zh.chars().filter(char::is_ascii_alphabetic).collect();
        // Only the data: the rule code (chart, title), the path, the message, the related
        // text and the fix's title.
        assert_eq!(latin, "rowtotalrowtotalatxtatxtrowtotalMatxtRT", "{zh}");
        assert!(
            zh.contains("[需复核]") && zh.contains("相关单元格 (1)"),
            "{zh}"
        );
        assert!(zh.contains("错误 [row-total]"), "{zh}");
        assert!(page(&data, Lang::Zh).contains("说明：规则说明见 `nianbao explain row-total`"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
