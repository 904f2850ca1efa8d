//! Drafting features over JSON-RPC (in-process server, the real core): hover, inlay hints,
//! document symbols, folding ranges, completion, formatting — with UTF-16 positions checked
//! on text that has characters outside the BMP before a cell.

mod lsp_support;

use lsp_support::*;
use nianbao::check::Config;
use nianbao::text::PositionEncoding::{Utf16, Utf8};
use nianbao::text::{LineIndex, PositionEncoding};
use serde_json::{json, Value};

/// 一's label with an explanatory note holding 𠀀 and 😀 (2 UTF-16 units each), and a total
/// that disagrees with its parts (6 ≠ 89).
const EMOJI_ROW: &str = "一、本年新收政府信息公开申请数量（𠀀😀） | 6 | 0 | 0 | 0 | 0 | 0 | 89 |";
const ROW_ONE: &str = "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";

/// The 2022 blank report (row per line) with [`EMOJI_ROW`] for 一.
fn emoji_report() -> String {
    let text = nianbao::skeleton::render(2022, nianbao::skeleton::Format::Text).unwrap();
    assert!(text.contains(ROW_ONE));
    text.replace(ROW_ONE, EMOJI_ROW)
}

/// (line, UTF-16 column) of byte `offset` of `text`, computed without the server.
fn pos16(text: &str, offset: usize) -> (u64, u64) {
    let p = LineIndex::new(text).position(text, offset, Utf16);
    (u64::from(p.line), u64::from(p.character))
}

fn pos_json(text: &str, offset: usize, enc: PositionEncoding) -> Value {
    let p = LineIndex::new(text).position(text, offset, enc);
    json!({"line": p.line, "character": p.character})
}

fn doc_pos(uri: &str, text: &str, offset: usize) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos_json(text, offset, Utf16)})
}

async fn open(c: &mut Client, uri: &str, text: &str) {
    c.did_open(uri, 1, text).await;
}

async fn hover_at(c: &mut Client, uri: &str, text: &str, offset: usize) -> Value {
    let r = c
        .request("textDocument/hover", Some(doc_pos(uri, text, offset)))
        .await;
    assert!(r.get("error").is_none(), "{r}");
    r["result"].clone()
}

fn range_json(text: &str, start: usize, end: usize) -> Value {
    json!({"start": pos_json(text, start, Utf16), "end": pos_json(text, end, Utf16)})
}

async fn request_ok(c: &mut Client, method: &str, params: Value) -> Value {
    let r = c.request(method, Some(params)).await;
    assert!(r.get("error").is_none(), "{method}: {r}");
    r["result"].clone()
}

async fn inlays(c: &mut Client, uri: &str) -> Value {
    request_ok(
        c,
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9999, "character": 0}}}),
    )
    .await
}

async fn format(c: &mut Client, uri: &str) -> Vec<Value> {
    request_ok(
        c,
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    )
    .await
    .as_array()
    .cloned()
    .unwrap()
}

/// Initialize with editor settings passed as initialization options.
async fn initialize_with(c: &mut Client, settings: Value) {
    let resp = c
        .request(
            "initialize",
            Some(
                json!({"processId": null, "rootUri": null, "capabilities": {},
                        "initializationOptions": {"nianbao": settings}}),
            ),
        )
        .await;
    assert!(resp.get("error").is_none(), "{resp}");
    c.notify("initialized", json!({})).await;
}

/// The report as `extract` sees it, without ranges and written labels: year, template,
/// issuer, date, sections, and every table row's template label and cell texts.
fn extracted(text: &str) -> Value {
    let analysis = nianbao::model::analyze(text);
    let ranges = nianbao::export::Ranges {
        text,
        index: &analysis.line_index,
        encoding: Utf16,
        doc: None,
    };
    let mut json = nianbao::export::report_json("doc", &analysis.report, &ranges);
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for k in ["range", "written", "labels", "layout", "match"] {
                    m.remove(k);
                }
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut json);
    json
}

/// (code, message) of every finding, sorted.
fn finding_messages(text: &str) -> Vec<(String, String)> {
    let (_, diags) = nianbao::check::analyze_and_check(text, &Config::default());
    let mut v: Vec<(String, String)> = diags
        .iter()
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capabilities_announce_the_drafting_features() {
    let (mut c, server) = start();
    let caps = c.initialize(json!({})).await["capabilities"].clone();
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["documentSymbolProvider"], true);
    assert_eq!(caps["foldingRangeProvider"], true);
    assert_eq!(caps["inlayHintProvider"], true);
    assert_eq!(caps["documentFormattingProvider"], true);
    assert_eq!(caps["documentRangeFormattingProvider"], true);
    assert_eq!(
        caps["completionProvider"]["triggerCharacters"],
        json!(["第", "（"])
    );
    shutdown_and_exit(&mut c, server).await;
}

const HOVER_TOTAL_CELL: &str = "**一、本年新收政府信息公开申请数量 · 总计**

该行各申请人类别之和：自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他

本行各列之和：

- 自然人：6
- 商业企业：0
- 科研机构：0
- 社会公益组织：0
- 法律服务机构：0
- 其他：0

合计 **6**，填写值 89 与之不符

*中华人民共和国政府信息公开工作年度报告格式·收到和处理政府信息公开申请情况（国办公开办函〔2021〕30号）*

---

**row-total**（error）：「一、本年新收政府信息公开申请数量」行总计 89 与各分项之和 6 不符（自然人 6，其余为 0）

A total cell differs from the sum of the cells it totals in its row.

#### What it does";

const HOVER_PARTIAL: &str = "**（二）部分公开（区分处理的，只计这一情形，不计其他情形）**

决定部分公开的申请件数；区分处理的只计此项，不计其他情形

所属：三、本年度办理结果

计入：（七）总计

依据：条例 第五十条第（二）项：行政机关收到和处理政府信息公开申请的情况

*中华人民共和国政府信息公开工作年度报告格式·收到和处理政府信息公开申请情况（国办公开办函〔2021〕30号）*";

const HOVER_BLOCK: &str = "**第二十条第（五）项**

依据：条例 第二十条第（五）项：办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果

本项各行：行政许可

*中华人民共和国政府信息公开工作年度报告格式·主动公开政府信息情况（国办公开办函〔2021〕30号）*";

const HOVER_SECTION: &str = "**三、收到和处理政府信息公开申请情况**

依据：条例 第五十条第（二）项：行政机关收到和处理政府信息公开申请的情况";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_labels_cells_and_headings() {
    let (mut c, server) = start();
    c.initialize(json!({})).await;
    let text = emoji_report();
    let uri = "untitled:emoji.txt";
    open(&mut c, uri, &text).await;

    // The total cell after 𠀀😀 on its line: the sum, its parts, the finding and its rule.
    let cell = text.find(" | 89 |").unwrap() + 3;
    let h = hover_at(&mut c, uri, &text, cell + 1).await;
    let md = h["contents"]["value"].as_str().unwrap();
    assert_eq!(h["contents"]["kind"], "markdown");
    assert!(md.starts_with(HOVER_TOTAL_CELL), "{md}");
    assert!(md.ends_with("`missing-value`)."), "{md}");
    assert_eq!(h["range"], range_json(&text, cell, cell + 2));
    // 𠀀 and 😀 count two UTF-16 units each: the line's UTF-16 length, not its chars.
    let line_start = text.find(EMOJI_ROW).unwrap();
    assert_eq!(
        h["range"]["start"]["character"],
        EMOJI_ROW[..cell - line_start].encode_utf16().count()
    );
    assert_eq!(
        EMOJI_ROW[..cell - line_start].chars().count() + 2,
        EMOJI_ROW[..cell - line_start].encode_utf16().count()
    );

    for (needle, want) in [
        ("（二）部分公开", HOVER_PARTIAL),
        ("第二十条第（五）项", HOVER_BLOCK),
        ("三、收到和处理", HOVER_SECTION),
    ] {
        let at = text.find(needle).unwrap();
        let h = hover_at(&mut c, uri, &text, at + 3).await;
        assert_eq!(h["contents"]["value"], want, "{needle}");
    }
    // A row label that is a known variant: the official label, and what is written.
    let h = hover_at(&mut c, uri, &text, line_start).await;
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(
        md.starts_with("**一、本年新收政府信息公开申请数量**\n\n本年度收到的政府信息公开申请件数，按申请人类别分列\n\n勾稽关系：一、本年新收政府信息公开申请数量 + 二、上年结转政府信息公开申请数量 = （七）总计 + 四、结转下年度继续办理"),
        "{md}"
    );
    assert!(
        md.contains("\n\n原文：「一、本年新收政府信息公开申请数量（𠀀😀）」"),
        "{md}"
    );
    assert!(md.contains("\n\n**label-variant**（hint）："), "{md}");
    // Prose, a position past the end: nothing.
    let prose = text.find("本报告中所列数据").unwrap();
    assert_eq!(hover_at(&mut c, uri, &text, prose).await, Value::Null);
    let past = c
        .request(
            "textDocument/hover",
            Some(json!({"textDocument": {"uri": uri}, "position": {"line": 99999, "character": 99999}})),
        )
        .await;
    assert_eq!(past["result"], Value::Null);
    shutdown_and_exit(&mut c, server).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inlay_hints_beside_totals_that_disagree() {
    let text = emoji_report();
    let uri = "untitled:emoji.txt";
    let cell_end = text.find(" | 89 |").unwrap() + 5;
    let line = text[..cell_end].matches('\n').count();
    let (l, ch) = pos16(&text, cell_end);
    assert_eq!(l, line as u64);

    // Default ("different"): one hint, after 89, in UTF-16 units.
    let (mut c, server) = start();
    c.initialize(json!({})).await;
    open(&mut c, uri, &text).await;
    assert_eq!(
        inlays(&mut c, uri).await,
        json!([{"kind": 2, "label": "= 6", "paddingLeft": true,
                "position": {"line": l, "character": ch},
                "tooltip": "各分项之和 6（自然人 6，其余为 0）；填写值 89"}])
    );
    // UTF-8 clients count bytes.
    shutdown_and_exit(&mut c, server).await;
    let (mut c, server) = start();
    c.initialize(caps_with_encodings(&["utf-8"])).await;
    open(&mut c, uri, &text).await;
    let hints = inlays(&mut c, uri).await;
    assert_eq!(hints[0]["position"], pos_json(&text, cell_end, Utf8));
    shutdown_and_exit(&mut c, server).await;

    // "always": every total whose parts are filled in; the cell that totals both its row and
    // its column says which sum is which.
    let (mut c, server) = start();
    initialize_with(&mut c, json!({"inlayHints": "always"})).await;
    open(&mut c, uri, &text).await;
    let hints = inlays(&mut c, uri).await;
    let labels: Vec<&str> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels.len(), 35, "{labels:?}");
    assert_eq!(labels[0], "= 6");
    assert!(labels[1..]
        .iter()
        .all(|l| ["= 0", "行和 0", "列和 0"].contains(l)));
    assert_eq!(labels.iter().filter(|l| l.starts_with("列和")).count(), 1);
    assert_eq!(hints[0]["position"], json!({"line": l, "character": ch}));
    shutdown_and_exit(&mut c, server).await;

    // "never" (the nianbao.toml spelling works in the editor settings too).
    let (mut c, server) = start();
    initialize_with(&mut c, json!({"inlay-hints": "never"})).await;
    open(&mut c, uri, &text).await;
    assert_eq!(inlays(&mut c, uri).await, json!([]));
    shutdown_and_exit(&mut c, server).await;
}

/// The symbol tree as indented lines: name, kind, 1-based lines, detail.
fn symbol_tree(symbols: &Value, depth: usize, out: &mut String) {
    for s in symbols.as_array().unwrap() {
        let kind = match s["kind"].as_u64().unwrap() {
            2 => "section",
            23 => "table",
            3 => "block",
            8 => "row",
            k => panic!("kind {k}"),
        };
        let r = &s["range"];
        out.push_str(&format!(
            "{}{} [{kind}] {}–{}{}\n",
            "  ".repeat(depth),
            s["name"].as_str().unwrap(),
            r["start"]["line"].as_u64().unwrap() + 1,
            r["end"]["line"].as_u64().unwrap() + 1,
            s["detail"]
                .as_str()
                .map_or(String::new(), |d| format!(" — {d}"))
        ));
        // The selection lies inside the range (LSP requires it).
        let sel = &s["selectionRange"];
        let key = |p: &Value| {
            (
                p["line"].as_u64().unwrap(),
                p["character"].as_u64().unwrap(),
            )
        };
        assert!(key(&r["start"]) <= key(&sel["start"]) && key(&sel["end"]) <= key(&r["end"]));
        if let Some(children) = s.get("children") {
            for c in children.as_array().unwrap() {
                let cr = &c["range"];
                assert!(key(&r["start"]) <= key(&cr["start"]) && key(&cr["end"]) <= key(&r["end"]));
            }
            symbol_tree(children, depth + 1, out);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_symbols_and_folding_of_samples() {
    let (mut c, server) = start();
    c.initialize(json!({})).await;
    for (name, text) in samples() {
        if !name.starts_with("2020-ziyang") && !name.starts_with("2017") {
            continue;
        }
        let uri = format!("untitled:{name}");
        open(&mut c, &uri, &text).await;
        let symbols = request_ok(
            &mut c,
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
        let mut tree = String::new();
        symbol_tree(&symbols, 0, &mut tree);
        insta::assert_snapshot!(format!("symbols_{}", &name[..name.len() - 4]), tree);
        let folds = request_ok(
            &mut c,
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
        let folds: Vec<(u64, u64)> = folds
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                assert_eq!(f["kind"], "region");
                (
                    f["startLine"].as_u64().unwrap(),
                    f["endLine"].as_u64().unwrap(),
                )
            })
            .collect();
        insta::assert_snapshot!(
            format!("folding_{}", &name[..name.len() - 4]),
            format!("{folds:?}")
        );
    }
    // Folding of the blank report: sections 二 三 四 (with prose-free bodies) and their tables.
    let text = emoji_report();
    open(&mut c, "untitled:e.txt", &text).await;
    let folds = request_ok(
        &mut c,
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": "untitled:e.txt"}}),
    )
    .await;
    let line_of = |needle: &str| text[..text.find(needle).unwrap()].matches('\n').count() as u64;
    let table_end = |needle: &str| {
        let start = text.find(needle).unwrap();
        let end = start + text[start..].find("\n\n").unwrap();
        text[..end].matches('\n').count() as u64
    };
    let want: Vec<Value> = [
        (line_of("二、主动公开"), table_end("第二十条第（八）项")),
        (
            line_of("第二十条第（一）项"),
            table_end("第二十条第（八）项"),
        ),
        (line_of("三、收到和处理"), table_end("申请人情况")),
        (line_of("申请人情况"), table_end("申请人情况")),
        (line_of("四、政府信息公开行政复议"), table_end("行政复议 |")),
        (line_of("行政复议 |"), table_end("行政复议 |")),
    ]
    .iter()
    .map(|(s, e)| json!({"startLine": s, "endLine": e, "kind": "region"}))
    .collect();
    assert_eq!(folds, json!(want));
    shutdown_and_exit(&mut c, server).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_of_missing_rows_headings_and_blocks() {
    const PARTIAL_ROW: &str =
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形） | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n";
    let full = emoji_report();
    let text = full
        .replace(PARTIAL_ROW, "")
        .replace("五、存在的主要问题及改进情况\n", "五、\n");
    let text = text.replacen(
        "二、主动公开政府信息情况\n",
        "二、主动公开政府信息情况\n第二十条第\n",
        1,
    );
    let uri = "untitled:c.txt";
    let (mut c, server) = start();
    c.initialize(json!({})).await;
    open(&mut c, uri, &text).await;
    let complete = |offset: usize| json!({"textDocument": {"uri": uri}, "position": pos_json(&text, offset, Utf16)});

    // At the start of a row of section 三: the row it lacks, with empty cells, row per line.
    let at = text.find("（三）不予公开 |").unwrap();
    let items = request_ok(&mut c, "textDocument/completion", complete(at)).await;
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    let item = &items[0];
    assert_eq!(
        item["label"],
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    );
    assert_eq!(item["kind"], 5);
    assert_eq!(item["detail"], "缺少的行 · 收到和处理政府信息公开申请情况");
    assert_eq!(
        item["textEdit"],
        json!({"range": range_json(&text, at, at),
               "newText": "（二）部分公开（区分处理的，只计这一情形，不计其他情形） |  |  |  |  |  |  |  |\n"})
    );
    // Accepted, the row is read in its place with seven blank cells.
    let edited = apply_text_edits(&text, &[item["textEdit"].clone()], Utf16);
    let analysis = nianbao::model::analyze(&edited);
    let table = &analysis.report.tables[1];
    let row = table.row("partial").expect("row inserted");
    assert_eq!(row.values.len(), 7);
    assert!(row.values.iter().all(|v| v.text.is_empty()));

    // At a heading: the official headings; the one typed so far is replaced.
    let five = text.find("五、\n").unwrap();
    let items = request_ok(
        &mut c,
        "textDocument/completion",
        complete(five + "五、".len()),
    )
    .await;
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项"
        ]
    );
    let item = &items[4];
    assert_eq!(item["detail"], "章节标题 · 本报告缺少");
    assert_eq!(
        item["textEdit"],
        json!({"range": range_json(&text, five, five + "五、".len()),
               "newText": "五、存在的主要问题及改进情况"})
    );

    // After 第二十条第: the blocks of the 2021 format.
    let after = text.find("第二十条第\n").unwrap() + "第二十条第".len();
    let items = request_ok(&mut c, "textDocument/completion", complete(after)).await;
    let got: Vec<(&str, &str)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            assert_eq!(i["textEdit"]["range"], range_json(&text, after, after));
            (
                i["label"].as_str().unwrap(),
                i["textEdit"]["newText"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("第二十条第（一）项", "（一）项"),
            ("第二十条第（五）项", "（五）项"),
            ("第二十条第（六）项", "（六）项"),
            ("第二十条第（八）项", "（八）项")
        ]
    );
    // Inside prose: nothing.
    let prose = text.find("统计期限").unwrap();
    let items = request_ok(&mut c, "textDocument/completion", complete(prose)).await;
    assert_eq!(items, json!([]));
    shutdown_and_exit(&mut c, server).await;
}

/// A row-per-line report with ragged spacing, a total that disagrees, and an unknown row with
/// 𠀀😀 closing section 三's table.
fn ragged_report() -> String {
    let text = nianbao::skeleton::render(2022, nianbao::skeleton::Format::Text).unwrap();
    let text = text.replace(
        ROW_ONE,
        "一、本年新收政府信息公开申请数量|6 |0|0 | 0|0|0|  89 |",
    );
    let text = text.replace("规章 | 0 | 0 | 0 |", "规章   |1|0|    12|");
    let last = "四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n";
    assert!(text.contains(last));
    text.replace(
        last,
        &format!("{last}其他𠀀😀 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn formatting_round_trip_keeps_values_and_findings() {
    let (mut c, server) = start();
    c.initialize(json!({})).await;
    let text = ragged_report();
    let uri = "untitled:ragged.txt";
    open(&mut c, uri, &text).await;
    let edits = format(&mut c, uri).await;
    assert!(!edits.is_empty());
    let formatted = apply_text_edits(&text, &edits, Utf16);
    assert_eq!(extracted(&formatted), extracted(&text));
    assert_eq!(finding_messages(&formatted), finding_messages(&text));
    assert!(finding_messages(&text)
        .iter()
        .any(|(c, _)| c == "unknown-row"));
    // Aligned: the rows of section 二's first block, and the unknown row kept as written.
    assert!(
        formatted.contains(
            "\n规章           | 1            | 0            | 12           |\n行政规范性文件 | 0            | 0            | 0            |\n"
        ),
        "{formatted}"
    );
    assert!(
        formatted.contains(&format!(
            "\n其他𠀀😀{}| 1      | 0        | 0        | 0            | 0            | 0    | 1    |\n",
            " ".repeat(65)
        )),
        "{formatted}"
    );
    // The edit of section 三's table ends after 𠀀😀's line, counted in UTF-16 units.
    let end = text.find("其他𠀀😀").unwrap() + "其他𠀀😀 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |".len();
    assert!(edits
        .iter()
        .any(|e| e["range"]["end"] == pos_json(&text, end, Utf16)));
    // Formatting the result again changes nothing.
    c.did_change_full(uri, 2, &formatted).await;
    assert_eq!(format(&mut c, uri).await, Vec::<Value>::new());

    // Range formatting: only the table under the range.
    c.did_change_full(uri, 3, &text).await;
    let at = text.find("规章").unwrap();
    let edits = request_ok(
        &mut c,
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": uri}, "range": range_json(&text, at, at + 3),
               "options": {"tabSize": 4, "insertSpaces": true}}),
    )
    .await;
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1);
    let first_block = text.find("第二十条第（一）项").unwrap();
    assert_eq!(
        edits[0]["range"]["start"],
        pos_json(&text, first_block, Utf16)
    );
    shutdown_and_exit(&mut c, server).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn formatting_a_markdown_document_makes_markdown_tables() {
    let (mut c, server) = start();
    c.initialize(json!({})).await;
    for (name, text) in samples() {
        let uri = format!("untitled:{}.md", &name[..name.len() - 4]);
        c.did_open_as(&uri, "markdown", 1, &text).await;
        let edits = format(&mut c, &uri).await;
        let formatted = apply_text_edits(&text, &edits, Utf16);
        assert_eq!(extracted(&formatted), extracted(&text), "{name}");
        // Official labels: label findings go, every other finding stays.
        let not_labels = |v: Vec<(String, String)>| -> Vec<(String, String)> {
            v.into_iter()
                .filter(|(c, _)| c != "label-typo" && c != "label-variant")
                .collect()
        };
        assert_eq!(
            not_labels(finding_messages(&formatted)),
            not_labels(finding_messages(&text)),
            "{name}"
        );
        let analysis = nianbao::model::analyze(&formatted);
        assert!(
            analysis
                .report
                .tables
                .iter()
                .all(|t| t.layout == nianbao::model::Layout::Markdown),
            "{name}"
        );
        c.did_change_full(&uri, 2, &formatted).await;
        assert_eq!(format(&mut c, &uri).await, Vec::<Value>::new(), "{name}");
    }
    shutdown_and_exit(&mut c, server).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_documents_and_other_languages_get_empty_answers() {
    let (mut c, server) = start();
    c.initialize(json!({})).await;
    let text = emoji_report();
    c.did_open_as("untitled:x.rs", "rust", 1, &text).await;
    for uri in ["untitled:not-open.txt", "untitled:x.rs"] {
        let pos = json!({"textDocument": {"uri": uri}, "position": {"line": 33, "character": 50}});
        assert_eq!(
            request_ok(&mut c, "textDocument/hover", pos.clone()).await,
            Value::Null
        );
        assert_eq!(
            request_ok(&mut c, "textDocument/completion", pos).await,
            json!([])
        );
        let doc = json!({"textDocument": {"uri": uri}});
        assert_eq!(
            request_ok(&mut c, "textDocument/documentSymbol", doc.clone()).await,
            json!([])
        );
        assert_eq!(
            request_ok(&mut c, "textDocument/foldingRange", doc).await,
            json!([])
        );
        assert_eq!(inlays(&mut c, uri).await, json!([]));
        assert_eq!(format(&mut c, uri).await, Vec::<Value>::new());
    }
    // Positions and ranges past the end of a real report: clamped, never an error.
    let uri = "untitled:e.txt";
    open(&mut c, uri, &text).await;
    let far = json!({"line": u32::MAX, "character": u32::MAX});
    let pos = json!({"textDocument": {"uri": uri}, "position": far});
    assert_eq!(
        request_ok(&mut c, "textDocument/hover", pos.clone()).await,
        Value::Null
    );
    request_ok(&mut c, "textDocument/completion", pos).await;
    let edits = request_ok(
        &mut c,
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": uri}, "range": {"start": far, "end": {"line": 0, "character": 0}},
               "options": {"tabSize": 4, "insertSpaces": true}}),
    )
    .await;
    assert!(edits.is_array());
    shutdown_and_exit(&mut c, server).await;
}

/// The byte offset of the first number in a table of section 三 (or the 2008 statistics
/// table): a cell a clerk types into.
fn table_cell(text: &str) -> Option<usize> {
    let analysis = nianbao::model::analyze(text);
    analysis
        .report
        .tables
        .iter()
        .filter(|t| t.section == Some(3) || t.kind == nianbao::template::TableKind::Statistics)
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.values)
        .find_map(|v| v.number().and(v.range))
        .map(|r| r.start)
}

/// The feature answers for `text` from the model of the whole text (an analysis that keeps it),
/// as JSON, for the position of byte `at`.
fn whole_model_answers(text: &str, at: usize) -> Vec<Value> {
    use nianbao::lsp::features;
    use nianbao::lsp::state::Analysed;
    use tower_lsp_server::ls_types::{Position, Range};
    let config = Config::default();
    let (_, findings) = nianbao::check::analyze_and_check(text, &config);
    let a = Analysed::new(
        "untitled:whole.txt".parse().unwrap(),
        (1, 1, 1),
        ropey::Rope::from_str(text),
        Utf16,
        "plaintext".to_string(),
        std::sync::Arc::new(config),
        findings,
        None,
        true,
        Some(nianbao::model::analyze(text)),
    );
    let p = LineIndex::new(text).position(text, at, Utf16);
    let pos = Position::new(p.line, p.character);
    let all = Range::new(Position::new(0, 0), Position::new(9999, 0));
    vec![
        serde_json::to_value(features::document_symbols(&a)).unwrap(),
        serde_json::to_value(features::folding_ranges(&a)).unwrap(),
        serde_json::to_value(features::inlay_hints(&a, all)).unwrap(),
        serde_json::to_value(features::hover(&a, pos)).unwrap(),
        serde_json::to_value(features::completions(&a, pos)).unwrap(),
    ]
}

/// After an edit inside one region the features read that region's model (the incremental
/// check's, no whole re-analysis): every answer equals the one for the same text opened anew
/// (read whole).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn features_after_an_edit_in_one_region_equal_those_of_the_whole_text() {
    use nianbao::incremental::{Change, IncrementalCheck, Path};
    let (mut c, server) = start();
    c.initialize(json!({})).await;
    let mut regional = 0;
    for (name, text) in samples() {
        let Some(at) = table_cell(&text) else {
            continue;
        };
        let mut edited = text.clone();
        edited.replace_range(at..at + 1, "7");
        let config = Config::default();
        let path = IncrementalCheck::new(text.as_str(), &config)
            .update(
                edited.as_str(),
                Change {
                    start: at,
                    old_end: at + 1,
                    new_end: at + 1,
                },
                &config,
            )
            .path();
        regional += usize::from(path == Path::Region);

        let a = format!("untitled:a-{name}");
        let b = format!("untitled:b-{name}");
        c.did_open(&a, 1, &text).await;
        c.wait_diagnostics(&a, 1).await;
        let p = LineIndex::new(&text).position(&text, at, Utf16);
        c.did_change(&a, 2, [p.line, p.character, p.line, p.character + 1], "7")
            .await;
        c.wait_diagnostics(&a, 2).await;
        c.did_open(&b, 1, &edited).await;
        c.wait_diagnostics(&b, 1).await;
        let mut answers = Vec::new();
        for uri in [&a, &b] {
            let doc = json!({"textDocument": {"uri": uri}});
            let mut got = Vec::new();
            got.push(request_ok(&mut c, "textDocument/documentSymbol", doc.clone()).await);
            got.push(request_ok(&mut c, "textDocument/foldingRange", doc.clone()).await);
            got.push(inlays(&mut c, uri).await);
            got.push(hover_at(&mut c, uri, &edited, at).await);
            got.push(
                request_ok(&mut c, "textDocument/completion", doc_pos(uri, &edited, at)).await,
            );
            answers.push(got);
        }
        // And the answers of the whole text's model, in-process.
        answers.push(whole_model_answers(&edited, at));
        let names = ["symbols", "folding", "inlay hints", "hover", "completion"];
        for (i, what) in names.iter().enumerate() {
            assert_eq!(answers[0][i], answers[1][i], "{name}: {what}");
            assert_eq!(answers[0][i], answers[2][i], "{name}: {what} (whole model)");
        }
        assert!(
            answers[0][0].as_array().is_some_and(|s| !s.is_empty()),
            "{name}"
        );
    }
    assert!(
        regional >= 3,
        "only {regional} samples took the region path"
    );
    shutdown_and_exit(&mut c, server).await;
}
