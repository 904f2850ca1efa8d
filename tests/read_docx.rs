//! The `.docx` reader: packages built here with the `zip` crate, as Word and
//! WPS write them (merged cells, runs, tracked changes, fields, content
//! controls, text boxes, numbering), the errors a wrong or damaged file gives,
//! and files saved by LibreOffice (`tests/data/docx/`).

use std::io::Write;

use nianbao::check::Lang;
use nianbao::read::docx::{self, DocxError, Found};
use nianbao::read::{Format, Origin};
use proptest::prelude::*;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#;

fn package_rels(main: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{main}"/></Relationships>"#
    )
}

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://example.org/" TargetMode="External"/></Relationships>"#;

/// Styles as Chinese Word writes them: heading styles with numeric ids.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="a5"><w:name w:val="报告节标题"/><w:basedOn w:val="2"/><w:pPr><w:pPrChange w:id="1" w:author="x" w:date="2022-01-01T00:00:00Z"><w:pPr><w:outlineLvl w:val="8"/></w:pPr></w:pPrChange></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="a7"><w:name w:val="标题 4"/></w:style>
<w:style w:type="character" w:styleId="a9"><w:name w:val="heading 1 Char"/></w:style>
<w:style w:type="paragraph" w:styleId="list"><w:name w:val="章节编号"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>"#;

/// A Chinese outline list: `一、` (nothing after it), `（一）`, `1.` (a tab).
const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"#;

/// A zip package of `parts`, each deflated or stored.
fn zip_of(parts: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn document_xml(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:wpc=\"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas\" \
         xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
         xmlns:w=\"{W_NS}\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" \
         xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" \
         xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
         xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
         xmlns:v=\"urn:schemas-microsoft-com:vml\" mc:Ignorable=\"w14\">\
         <w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>"
    )
}

/// A `.docx` as Word writes it, with the styles and numbering above.
fn docx_with(body: &str, method: CompressionMethod) -> Vec<u8> {
    let document = document_xml(body);
    let rels = package_rels("word/document.xml");
    zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", rels.as_bytes()),
            ("docProps/app.xml", b"<Properties/>"),
            ("word/document.xml", document.as_bytes()),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
            ("word/styles.xml", STYLES.as_bytes()),
            ("word/numbering.xml", NUMBERING.as_bytes()),
        ],
        method,
    )
}

fn docx(body: &str) -> Vec<u8> {
    docx_with(body, CompressionMethod::Deflated)
}

fn reading(body: &str) -> String {
    let doc = docx::read(&docx(body)).unwrap();
    assert_eq!(doc.format, Format::Docx);
    assert!(matches!(doc.origin, Origin::Binary));
    doc.text
}

fn run(text: &str) -> String {
    let space = if text.starts_with(' ') || text.ends_with(' ') {
        " xml:space=\"preserve\""
    } else {
        ""
    };
    format!("<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t{space}>{text}</w:t></w:r>")
}

/// A paragraph of one run per `|`-separated piece.
fn p(text: &str) -> String {
    let runs: String = text.split('|').map(run).collect();
    format!("<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{runs}</w:p>")
}

fn styled(style: &str, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{}</w:p>",
        run(text)
    )
}

/// A table cell: its paragraphs (`\n`-separated; none: one empty paragraph),
/// grid span and vertical merge (`Some("restart")`, `Some("")` to continue).
fn tc(text: &str, span: usize, vmerge: Option<&str>) -> String {
    let mut pr = "<w:tcW w:w=\"1200\" w:type=\"dxa\"/>".to_string();
    if span > 1 {
        pr += &format!("<w:gridSpan w:val=\"{span}\"/>");
    }
    match vmerge {
        Some("restart") => pr += "<w:vMerge w:val=\"restart\"/>",
        Some(_) => pr += "<w:vMerge/>",
        None => {}
    }
    pr += "<w:vAlign w:val=\"center\"/>";
    let paras: String = if text.is_empty() {
        "<w:p><w:pPr><w:jc w:val=\"center\"/><w:rPr><w:sz w:val=\"18\"/></w:rPr></w:pPr></w:p>"
            .into()
    } else {
        text.split('\n').map(p).collect()
    };
    format!("<w:tc><w:tcPr>{pr}</w:tcPr>{paras}</w:tc>")
}

fn tr(cells: &[String]) -> String {
    format!(
        "<w:tr w:rsidR=\"00A1\"><w:trPr><w:jc w:val=\"center\"/></w:trPr>{}</w:tr>",
        cells.concat()
    )
}

fn tbl(columns: usize, rows: &[String]) -> String {
    let grid: String = (0..columns).map(|_| "<w:gridCol w:w=\"1200\"/>").collect();
    format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders><w:top w:val=\"single\"/></w:tblBorders></w:tblPr>\
         <w:tblGrid>{grid}</w:tblGrid>{}</w:tbl>",
        rows.concat()
    )
}

// ---------------------------------------------------------------------------
// Paragraphs and runs.

#[test]
fn a_paragraph_split_over_runs() {
    let body = "<w:p><w:pPr><w:spacing w:line=\"560\"/><w:ind w:firstLine=\"640\"/><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr>\
        <w:bookmarkStart w:id=\"0\" w:name=\"_Toc1\"/><w:r><w:t>2021</w:t></w:r><w:r><w:t>年，</w:t></w:r><w:proofErr w:type=\"spellStart\"/>\
        <w:r><w:rPr><w:b/></w:rPr><w:t>本机关</w:t></w:r><w:proofErr w:type=\"spellEnd\"/><w:bookmarkEnd w:id=\"0\"/>\
        <w:r><w:t xml:space=\"preserve\">共收到申请 </w:t></w:r><w:r><w:t>12</w:t></w:r><w:r><w:t xml:space=\"preserve\"> 件</w:t></w:r>\
        <w:r><w:t>&lt;含&gt;&#x4E00;&amp;</w:t></w:r></w:p>";
    assert_eq!(reading(body), "2021年，本机关共收到申请 12 件<含>一&\n");
}

#[test]
fn tabs_breaks_hyphens_and_symbols() {
    let body = "<w:p><w:r><w:t>行政</w:t><w:tab/><w:t>许可</w:t></w:r><w:r><w:br/><w:t>第二行</w:t><w:cr/><w:t>第三行</w:t></w:r></w:p>\
        <w:p><w:r><w:t>本年增减</w:t><w:noBreakHyphen/><w:t>8</w:t><w:softHyphen/></w:r>\
        <w:r><w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/><w:sym w:font=\"Symbol\" w:char=\"F0B7\"/><w:sym w:font=\"宋体\" w:char=\"2460\"/></w:r>\
        <w:r><w:ruby><w:rubyPr><w:rubyAlign w:val=\"center\"/></w:rubyPr><w:rt><w:r><w:t>zhèng</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>政</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>\
        <w:p><w:r><w:br w:type=\"page\"/></w:r></w:p><w:p/><w:p><w:r><w:t xml:space=\"preserve\">   </w:t></w:r></w:p>";
    assert_eq!(reading(body), "行政 许可\n第二行\n第三行\n本年增减-8✓①政\n");
}

#[test]
fn headings_by_style_outline_and_title() {
    let body = [
        styled("a3", "某县人民政府办公室2021年政府信息公开工作年度报告"),
        styled("1", "一、总体情况"),
        styled("2", "（一）主动公开"),
        styled("Heading3", "1.规章"),
        styled("a5", "二、主动公开政府信息情况"),
        styled("a7", "标题四级"),
        "<w:p><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr><w:r><w:t>直接大纲级别</w:t></w:r></w:p>".into(),
        "<w:p><w:pPr><w:pStyle w:val=\"1\"/><w:outlineLvl w:val=\"9\"/></w:pPr><w:r><w:t>正文级别</w:t></w:r></w:p>".into(),
        styled("a", "正文段落"),
        styled("missing", "未知样式"),
        "<w:p><w:pPr><w:pStyle w:val=\"1\"/></w:pPr><w:r><w:t>标题</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>".into(),
    ]
    .concat();
    assert_eq!(
        reading(&body),
        "# 某县人民政府办公室2021年政府信息公开工作年度报告\n# 一、总体情况\n## （一）主动公开\n\
         ### 1.规章\n## 二、主动公开政府信息情况\n#### 标题四级\n### 直接大纲级别\n正文级别\n正文段落\n未知样式\n\
         # 标题\n第二行\n"
    );
}

#[test]
fn list_numbering_is_written_as_shown() {
    let num = |id: u32, ilvl: u8, text: &str| {
        format!(
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{id}\"/></w:numPr></w:pPr>{}</w:p>",
            run(text)
        )
    };
    let body = [
        num(1, 0, "总体情况"),
        num(1, 1, "主动公开"),
        num(1, 1, "依申请公开"),
        num(1, 2, "规章"),
        num(1, 2, "规范性文件"),
        num(2, 0, "要点"),
        num(1, 0, "主动公开政府信息情况"),
        num(1, 1, "重新计数"),
        // The style's list (level 0), and a paragraph that removes it.
        styled("list", "收到和处理政府信息公开申请情况"),
        "<w:p><w:pPr><w:pStyle w:val=\"list\"/><w:numPr><w:numId w:val=\"0\"/></w:numPr></w:pPr><w:r><w:t>不编号</w:t></w:r></w:p>".into(),
        // Another instance of the same list, restarting level 2 at 5.
        num(3, 2, "从五开始"),
    ]
    .concat();
    assert_eq!(
        reading(&body),
        "一、总体情况\n（一）主动公开\n（二）依申请公开\n1. 规章\n2. 规范性文件\n要点\n\
         二、主动公开政府信息情况\n（一）重新计数\n三、收到和处理政府信息公开申请情况\n不编号\n5. 从五开始\n"
    );
}

// ---------------------------------------------------------------------------
// Tables.

/// The 2021 template's 收到和处理 table as the official Word file builds it:
/// a three-column label area (the note merged over the three header rows),
/// group labels merged down (`vMerge`), row labels across two columns
/// (`gridSpan`), header words in two paragraphs, one blank value.
fn section_three_table() -> String {
    let values = |row: usize| -> Vec<String> {
        (0..7)
            .map(|c| {
                if row == 0 && c == 4 {
                    tc("", 1, None)
                } else if c == 0 || c == 6 {
                    tc(&(row + 1).to_string(), 1, None)
                } else {
                    tc("0", 1, None)
                }
            })
            .collect()
    };
    let with = |mut cells: Vec<String>, row: usize| {
        cells.extend(values(row));
        tr(&cells)
    };
    let cont = || tc("", 1, Some(""));
    let mut rows = vec![
        tr(&[
            tc(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                3,
                Some("restart"),
            ),
            tc("申请人情况", 7, None),
        ]),
        tr(&[
            tc("", 3, Some("")),
            tc("自然人", 1, Some("restart")),
            tc("法人或其他组织", 5, None),
            tc("总计", 1, Some("restart")),
        ]),
        tr(&[
            tc("", 3, Some("")),
            cont(),
            tc("商业\n企业", 1, None),
            tc("科研\n机构", 1, None),
            tc("社会公益组织", 1, None),
            tc("法律服务机构", 1, None),
            tc("其他", 1, None),
            cont(),
        ]),
        with(vec![tc("一、本年新收政府信息公开申请数量", 3, None)], 0),
        with(vec![tc("二、上年结转政府信息公开申请数量", 3, None)], 1),
        with(
            vec![
                tc("三、本年度办理结果", 1, Some("restart")),
                tc("（一）予以公开", 2, None),
            ],
            2,
        ),
        with(
            vec![
                cont(),
                tc(
                    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                    2,
                    None,
                ),
            ],
            3,
        ),
    ];
    let groups: [(&str, &[&str]); 4] = [
        (
            "（三）不予公开",
            &[
                "1.属于国家秘密",
                "2.其他法律行政法规禁止公开",
                "3.危及“三安全一稳定”",
                "4.保护第三方合法权益",
                "5.属于三类内部事务信息",
                "6.属于四类过程性信息",
                "7.属于行政执法案卷",
                "8.属于行政查询事项",
            ],
        ),
        (
            "（四）无法提供",
            &[
                "1.本机关不掌握相关政府信息",
                "2.没有现成信息需要另行制作",
                "3.补正后申请内容仍不明确",
            ],
        ),
        (
            "（五）不予处理",
            &[
                "1.信访举报投诉类申请",
                "2.重复申请",
                "3.要求提供公开出版物",
                "4.无正当理由大量反复申请",
                "5.要求行政机关确认或重新出具已获取信息",
            ],
        ),
        (
            "（六）其他处理",
            &[
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "3.其他",
            ],
        ),
    ];
    let mut row = 4;
    for (group, items) in groups {
        for (i, item) in items.iter().enumerate() {
            let label = if i == 0 {
                tc(group, 1, Some("restart"))
            } else {
                cont()
            };
            rows.push(with(vec![cont(), label, tc(item, 1, None)], row));
            row += 1;
        }
    }
    rows.push(with(vec![cont(), tc("（七）总计", 2, None)], row));
    rows.push(with(vec![tc("四、结转下年度继续办理", 3, None)], row + 1));
    tbl(10, &rows)
}

const SECTION_THREE_READING: &str = "\
## 三、收到和处理政府信息公开申请情况
| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |
| 自然人 | 法人或其他组织 | 总计 |
| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |
| 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 |  | 0 | 1 |
| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
| 三、本年度办理结果 | （一）予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 4 | 0 | 0 | 0 | 0 | 0 | 4 |
| （三）不予公开 | 1.属于国家秘密 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |
| 2.其他法律行政法规禁止公开 | 6 | 0 | 0 | 0 | 0 | 0 | 6 |
| 3.危及“三安全一稳定” | 7 | 0 | 0 | 0 | 0 | 0 | 7 |
| 4.保护第三方合法权益 | 8 | 0 | 0 | 0 | 0 | 0 | 8 |
| 5.属于三类内部事务信息 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |
| 6.属于四类过程性信息 | 10 | 0 | 0 | 0 | 0 | 0 | 10 |
| 7.属于行政执法案卷 | 11 | 0 | 0 | 0 | 0 | 0 | 11 |
| 8.属于行政查询事项 | 12 | 0 | 0 | 0 | 0 | 0 | 12 |
| （四）无法提供 | 1.本机关不掌握相关政府信息 | 13 | 0 | 0 | 0 | 0 | 0 | 13 |
| 2.没有现成信息需要另行制作 | 14 | 0 | 0 | 0 | 0 | 0 | 14 |
| 3.补正后申请内容仍不明确 | 15 | 0 | 0 | 0 | 0 | 0 | 15 |
| （五）不予处理 | 1.信访举报投诉类申请 | 16 | 0 | 0 | 0 | 0 | 0 | 16 |
| 2.重复申请 | 17 | 0 | 0 | 0 | 0 | 0 | 17 |
| 3.要求提供公开出版物 | 18 | 0 | 0 | 0 | 0 | 0 | 18 |
| 4.无正当理由大量反复申请 | 19 | 0 | 0 | 0 | 0 | 0 | 19 |
| 5.要求行政机关确认或重新出具已获取信息 | 20 | 0 | 0 | 0 | 0 | 0 | 20 |
| （六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 21 | 0 | 0 | 0 | 0 | 0 | 21 |
| 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 22 | 0 | 0 | 0 | 0 | 0 | 22 |
| 3.其他 | 23 | 0 | 0 | 0 | 0 | 0 | 23 |
| （七）总计 | 24 | 0 | 0 | 0 | 0 | 0 | 24 |
| 四、结转下年度继续办理 | 25 | 0 | 0 | 0 | 0 | 0 | 25 |
";

#[test]
fn section_three_table_with_merged_cells() {
    let body = styled("2", "三、收到和处理政府信息公开申请情况") + &section_three_table();
    let text = reading(&body);
    assert_eq!(text, SECTION_THREE_READING);
    // The model reads it as the template's table: the blank cell is blank, not shifted.
    let analysis = nianbao::model::analyze(&text);
    let table = analysis
        .report
        .tables
        .iter()
        .find(|t| t.kind == nianbao::template::TableKind::Applications)
        .expect("the applications table");
    let new: Vec<&str> = table
        .row("new")
        .unwrap()
        .values
        .iter()
        .map(|v| v.text.as_str())
        .collect();
    assert_eq!(new, ["1", "0", "0", "0", "", "0", "1"]);
    let refused_2: Vec<&str> = table
        .row("refused_2")
        .unwrap()
        .values
        .iter()
        .map(|v| v.text.as_str())
        .collect();
    assert_eq!(refused_2, ["6", "0", "0", "0", "0", "0", "6"]);
    assert!(table.row("carry_over").is_some());
}

#[test]
fn a_blank_cell_is_written_a_merge_continuation_is_not() {
    let body = tbl(
        3,
        &[
            tr(&[
                tc("规章", 1, Some("restart")),
                tc("本年制发件数", 1, None),
                tc("", 1, None),
            ]),
            tr(&[
                tc("", 1, Some("")),
                tc("现行有效件数", 1, None),
                tc("3", 1, None),
            ]),
            // A continuation with nothing merged above it is a cell of its own.
            tr(&[tc("", 1, None), tc("孤立", 1, Some("")), tc("4", 1, None)]),
        ],
    );
    assert_eq!(
        reading(&body),
        "| 规章 | 本年制发件数 |  |\n| 现行有效件数 | 3 |\n|  | 孤立 | 4 |\n"
    );
}

#[test]
fn cells_with_several_paragraphs_and_breaks() {
    let cell = "<w:tc><w:p><w:r><w:t>法人或</w:t></w:r></w:p><w:p><w:r><w:t>其他组织</w:t></w:r></w:p></w:tc>\
        <w:tc><w:p><w:r><w:t>Total</w:t><w:br/><w:t>2021</w:t></w:r></w:p><w:p/></w:tc>\
        <w:tc><w:p><w:r><w:t>a|b</w:t></w:r></w:p></w:tc><w:tc/>";
    let body = format!("<w:tbl><w:tr>{cell}</w:tr></w:tbl>");
    assert_eq!(reading(&body), "| 法人或其他组织 | Total 2021 | a¦b |  |\n");
}

#[test]
fn a_nested_table_makes_the_outer_one_layout() {
    let inner = tbl(2, &[tr(&[tc("规章", 1, None), tc("0", 1, None)])]);
    let body = format!(
        "{}<w:tbl><w:tr><w:tc>{}{inner}<w:p/></w:tc><w:tc>{}</w:tc></w:tr></w:tbl>{}",
        p("前言"),
        p("二、主动公开政府信息情况"),
        p("右栏"),
        p("后记")
    );
    assert_eq!(
        reading(&body),
        "前言\n二、主动公开政府信息情况\n| 规章 | 0 |\n右栏\n后记\n"
    );
}

#[test]
fn long_text_in_a_cell_makes_the_table_layout() {
    let long = "本机关认真贯彻条例。".repeat(40);
    let body = tbl(1, &[tr(&[tc(&format!("一、总体情况\n{long}"), 1, None)])]);
    assert_eq!(reading(&body), format!("一、总体情况\n{long}\n"));
}

#[test]
fn grid_before_and_legacy_horizontal_merge() {
    let body = "<w:tbl><w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>\
        <w:tc><w:tcPr><w:hMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc></w:tr>\
        <w:tr><w:tc><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>丁</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
    assert_eq!(reading(body), "| 甲 | 乙 |\n| 丙 | 丁 |\n");
}

// ---------------------------------------------------------------------------
// Revisions, fields, controls, text boxes.

#[test]
fn tracked_changes_are_accepted() {
    let body = "<w:p><w:r><w:t>本年</w:t></w:r><w:del w:id=\"1\" w:author=\"张三\"><w:r><w:delText>新收</w:delText></w:r></w:del>\
        <w:ins w:id=\"2\" w:author=\"张三\"><w:r><w:t>收到</w:t></w:r></w:ins><w:moveFrom w:id=\"3\"><w:r><w:t>移走</w:t></w:r></w:moveFrom>\
        <w:moveTo w:id=\"4\"><w:r><w:t>申请</w:t></w:r></w:moveTo></w:p>\
        <w:p><w:pPr><w:rPr><w:del w:id=\"5\" w:author=\"张三\"/></w:rPr></w:pPr><w:r><w:t>两段</w:t></w:r></w:p>\
        <w:p><w:r><w:t>合并</w:t></w:r></w:p>\
        <w:p><w:pPr><w:rPr><w:del w:id=\"6\"/></w:rPr></w:pPr><w:del w:id=\"7\"><w:r><w:delText>整段删除</w:delText></w:r></w:del></w:p>\
        <w:p><w:pPr><w:pStyle w:val=\"1\"/><w:pPrChange w:id=\"8\"><w:pPr><w:pStyle w:val=\"a\"/></w:pPr></w:pPrChange></w:pPr><w:r><w:rPr><w:b/><w:rPrChange w:id=\"9\"><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t>改了样式</w:t></w:r></w:p>";
    let table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>保留</w:t></w:r></w:p></w:tc></w:tr>\
        <w:tr><w:trPr><w:del w:id=\"10\" w:author=\"张三\"/></w:trPr><w:tc><w:p><w:del w:id=\"11\"><w:r><w:delText>删除的行</w:delText></w:r></w:del></w:p></w:tc></w:tr>\
        <w:tr><w:trPr><w:ins w:id=\"12\"/></w:trPr><w:tc><w:p><w:ins w:id=\"13\"><w:r><w:t>插入的行</w:t></w:r></w:ins></w:p></w:tc></w:tr></w:tbl>";
    assert_eq!(
        reading(&format!("{body}{table}")),
        "本年收到申请\n两段合并\n# 改了样式\n| 保留 |\n| 插入的行 |\n"
    );
}

#[test]
fn fields_give_their_result_not_their_code() {
    let body = "<w:p><w:r><w:t xml:space=\"preserve\">发布日期：</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
        <w:r><w:instrText xml:space=\"preserve\"> DATE \\@ \"yyyy年M月d日\" </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
        <w:r><w:t>2022年1月20日</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>\
        <w:p><w:fldSimple w:instr=\" NUMPAGES \"><w:r><w:t>3</w:t></w:r></w:fldSimple><w:r><w:t>页</w:t></w:r></w:p>\
        <w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>HYPERLINK \"http://x\"</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t>无结果</w:t></w:r></w:p>";
    // A table of contents (Word wraps it in a content control) is not the report's text.
    let toc = "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/></w:docPartObj></w:sdtPr><w:sdtContent>\
        <w:p><w:r><w:t>目录</w:t></w:r></w:p>\
        <w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
        <w:hyperlink w:anchor=\"_Toc1\"><w:r><w:t>一、总体情况</w:t></w:r><w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGEREF _Toc1 \\h</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:hyperlink></w:p>\
        <w:p><w:r><w:t>二、主动公开政府信息情况 2</w:t></w:r></w:p>\
        <w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:sdtContent></w:sdt>\
        <w:p><w:fldSimple w:instr=\"TOC \\o\"><w:r><w:t>简单目录</w:t></w:r></w:fldSimple></w:p>";
    assert_eq!(
        reading(&format!("{toc}{body}")),
        "目录\n发布日期：2022年1月20日\n3页\n无结果\n"
    );
    // A field begun and never ended does not hide the rest of the document.
    let broken = "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
        <w:r><w:t>一、总体情况</w:t></w:r></w:p><w:p><w:r><w:t>二、主动公开政府信息情况</w:t></w:r></w:p>";
    assert_eq!(reading(broken), "一、总体情况\n二、主动公开政府信息情况\n");
}

#[test]
fn content_controls_links_and_smart_tags_are_read_through() {
    let body = "<w:sdt><w:sdtPr><w:alias w:val=\"机关名称\"/><w:text/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>某县</w:t></w:r>\
        <w:smartTag w:uri=\"urn:schemas-microsoft-com:office:smarttags\" w:element=\"place\"><w:smartTagPr><w:attr w:name=\"x\" w:val=\"y\"/></w:smartTagPr><w:r><w:t>人民政府</w:t></w:r></w:smartTag>\
        <w:hyperlink r:id=\"rId9\" w:history=\"1\"><w:r><w:rPr><w:rStyle w:val=\"a9\"/></w:rPr><w:t>办公室</w:t></w:r></w:hyperlink>\
        <w:customXml w:element=\"x\"><w:r><w:t>年报</w:t></w:r></w:customXml></w:p></w:sdtContent></w:sdt>\
        <w:p><w:r><w:t>数量：</w:t></w:r><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rStyle w:val=\"PlaceholderText\"/></w:rPr><w:t>单击或点击此处输入文字。</w:t></w:r></w:sdtContent></w:sdt></w:p>\
        <w:p><w:r><w:t>可见</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>不隐藏</w:t></w:r>\
        <w:r><w:footnoteReference w:id=\"1\"/></w:r><w:r><w:commentReference w:id=\"0\"/></w:r></w:p>";
    let table = "<w:tbl><w:sdt><w:sdtContent><w:tr><w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>行政许可</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt>\
        <w:tc><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>输入数字</w:t></w:r></w:p></w:sdtContent></w:sdt></w:tc></w:tr></w:sdtContent></w:sdt></w:tbl>";
    assert_eq!(
        reading(&format!("{body}{table}")),
        "某县人民政府办公室年报\n数量：\n可见不隐藏\n| 行政许可 |  |\n"
    );
}

#[test]
fn a_text_box_is_read_once_after_its_paragraph() {
    let textbox = |text: &str| {
        format!("<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>")
    };
    let body = format!(
        "<w:p><w:r><w:t>正文前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><wp:docPr id=\"1\" name=\"文本框 1\" descr=\"说明\"/>\
         <a:graphic><a:graphicData><wps:wsp><wps:txbx>{}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>\
         <mc:Fallback><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文后</w:t></w:r></w:p>",
        textbox("某县人民政府办公室文件"),
        textbox("某县人民政府办公室文件"),
    );
    assert_eq!(reading(&body), "正文前正文后\n某县人民政府办公室文件\n");
}

// ---------------------------------------------------------------------------
// Packages: where the main document is.

#[test]
fn the_main_part_is_found_through_the_package_relationships() {
    // WPS and some servers name it differently; the officeDocument relationship says where.
    let document = document_xml(&p("一、总体情况"));
    let rels = package_rels("/word/document2.xml");
    let bytes = zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", rels.as_bytes()),
            ("word/document.xml", document_xml(&p("不是这个")).as_bytes()),
            ("word/document2.xml", document.as_bytes()),
        ],
        CompressionMethod::Stored,
    );
    assert_eq!(docx::read(&bytes).unwrap().text, "一、总体情况\n");
    // Without package relationships: word/document.xml, found whatever its letter case.
    let bytes = zip_of(
        &[("Word/Document.xml", document.as_bytes())],
        CompressionMethod::Deflated,
    );
    assert_eq!(docx::read(&bytes).unwrap().text, "一、总体情况\n");
}

#[test]
fn the_strict_schema_and_other_prefixes_read_the_same() {
    let strict = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><document xmlns=\"http://purl.oclc.org/ooxml/wordprocessingml/main\" \
        xmlns:q=\"http://purl.oclc.org/ooxml/wordprocessingml/main\"><body><p><r><t>一、</t></r><q:r><q:t>总体情况</q:t></q:r></p>\
        <tbl><tr><tc><p><r><t>规章</t></r></p></tc><tc><p/></tc></tr></tbl>\
        <p xmlns=\"urn:other\"><r><t>别的命名空间</t></r></p></body></document>";
    let bytes = zip_of(
        &[("word/document.xml", strict.as_bytes())],
        CompressionMethod::Deflated,
    );
    assert_eq!(
        docx::read(&bytes).unwrap().text,
        "一、总体情况\n| 规章 |  |\n"
    );
    // With a byte-order mark: UTF-8, or UTF-16 as the XML declaration may say.
    let xml = document_xml(&p("规章"));
    let utf8: Vec<u8> = b"\xef\xbb\xbf".iter().copied().chain(xml.bytes()).collect();
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            xml.replace("UTF-8", "UTF-16")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    for bytes in [utf8, utf16] {
        let package = zip_of(
            &[("word/document.xml", &bytes)],
            CompressionMethod::Deflated,
        );
        assert_eq!(docx::read(&package).unwrap().text, "规章\n");
    }
}

#[test]
fn the_read_dispatch_sniffs_a_docx() {
    let bytes = docx(&p("一、总体情况"));
    assert_eq!(Format::sniff(&bytes), Some(Format::Docx));
    let doc = nianbao::read::read(&bytes, None).unwrap();
    assert_eq!(doc.text, "一、总体情况\n");
    assert_eq!(doc.source_text(), "一、总体情况\n");
    assert!(doc
        .editable(nianbao::text::TextRange::new(0, 3), "二")
        .is_none());
    // A document without text is empty.
    assert!(matches!(
        nianbao::read::read(&docx("<w:p/>"), Some(Format::Docx)),
        Err(nianbao::read::ReadError::Empty)
    ));
}

// ---------------------------------------------------------------------------
// Errors.

fn error(bytes: &[u8]) -> DocxError {
    docx::read(bytes).expect_err("not readable")
}

/// An OLE compound file (the container of `.doc` files and of password-protected
/// `.docx` files) whose directory holds one stream of `name`.
fn ole_with_stream(name: &str) -> Vec<u8> {
    let mut bytes = vec![0u8; 512 * 3];
    bytes[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let entry = |bytes: &mut Vec<u8>, at: usize, name: &str, kind: u8| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes[at..at + utf16.len()].copy_from_slice(&utf16);
        bytes[at + 64..at + 66].copy_from_slice(&((utf16.len() + 2) as u16).to_le_bytes());
        bytes[at + 66] = kind;
    };
    entry(&mut bytes, 1024, "Root Entry", 5);
    entry(&mut bytes, 1024 + 128, "EncryptionInfo", 2);
    entry(&mut bytes, 1024 + 256, name, 2);
    bytes
}

#[test]
fn not_a_zip() {
    assert_eq!(error(b""), DocxError::NotZip(None));
    assert_eq!(
        error(&[0x00, 0xff, 0x13, 0x37, 0x00, 0x01]),
        DocxError::NotZip(None)
    );
    assert_eq!(
        error(b"%PDF-1.7\n%\xe2\xe3"),
        DocxError::NotZip(Some(Found::Pdf))
    );
    assert_eq!(
        error(b"{\\rtf1\\ansi 2021"),
        DocxError::NotZip(Some(Found::Rtf))
    );
    assert_eq!(
        error(b"<!DOCTYPE html><html><body><p>x</p></body></html>"),
        DocxError::NotZip(Some(Found::Html))
    );
    assert_eq!(
        error("一、总体情况\n本机关认真贯彻条例。\n".as_bytes()),
        DocxError::NotZip(Some(Found::Text))
    );
    let (gbk, _, _) = encoding_rs::GBK.encode("一、总体情况\n");
    assert_eq!(error(&gbk), DocxError::NotZip(Some(Found::Text)));
    assert_eq!(
        error(b"<?xml version=\"1.0\"?><?mso-application progid=\"Word.Document\"?><pkg:package/>"),
        DocxError::NotZip(Some(Found::WordXml))
    );
}

#[test]
fn damaged_zips() {
    let bytes = docx(&p("一、总体情况"));
    // Cut short: the central directory is gone.
    assert_eq!(error(&bytes[..bytes.len() / 2]), DocxError::Damaged);
    assert_eq!(error(b"PK\x03\x04\x14\x00\x00\x00"), DocxError::Damaged);
    // A compressed byte changed: the data no longer inflates or fails its checksum.
    let body = p(&"本机关认真贯彻条例。".repeat(50));
    let mut bytes = docx_with(&body, CompressionMethod::Deflated);
    let name = b"word/document.xml";
    let at = bytes.windows(name.len()).position(|w| w == name).unwrap() + name.len() + 40;
    bytes[at] ^= 0x55;
    assert_eq!(error(&bytes), DocxError::Damaged);
}

#[test]
fn zips_that_are_not_word_documents() {
    let xlsx = zip_of(
        &[
            ("_rels/.rels", package_rels("xl/workbook.xml").as_bytes()),
            (
                "xl/workbook.xml",
                b"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>",
            ),
        ],
        CompressionMethod::Deflated,
    );
    assert_eq!(error(&xlsx), DocxError::NotWord(Some(Found::Excel)));
    let xlsx_without_rels = zip_of(
        &[("xl/workbook.xml", b"<workbook/>")],
        CompressionMethod::Deflated,
    );
    assert_eq!(
        error(&xlsx_without_rels),
        DocxError::NotWord(Some(Found::Excel))
    );
    let pptx = zip_of(
        &[("ppt/presentation.xml", b"<p:presentation/>")],
        CompressionMethod::Deflated,
    );
    assert_eq!(error(&pptx), DocxError::NotWord(Some(Found::PowerPoint)));
    let odt = zip_of(
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>"),
        ],
        CompressionMethod::Stored,
    );
    assert_eq!(
        error(&odt),
        DocxError::NotWord(Some(Found::OpenDocumentText))
    );
    let ofd = zip_of(&[("OFD.xml", b"<ofd:OFD/>")], CompressionMethod::Deflated);
    assert_eq!(error(&ofd), DocxError::NotWord(Some(Found::Ofd)));
    let zipped = zip_of(
        &[
            ("报告/2021年年报.docx", &docx(&p("x"))),
            ("__MACOSX/._x.docx", b""),
        ],
        CompressionMethod::Deflated,
    );
    assert_eq!(
        error(&zipped),
        DocxError::Archive {
            docx: "2021年年报.docx".into()
        }
    );
    let other = zip_of(&[("readme.txt", b"hello")], CompressionMethod::Deflated);
    assert_eq!(error(&other), DocxError::NotWord(None));
    // A main part that is not a Word document.
    let glossary = zip_of(
        &[("word/document.xml", b"<x:other xmlns:x=\"urn:x\"/>")],
        CompressionMethod::Stored,
    );
    assert_eq!(error(&glossary), DocxError::NotWord(None));
}

#[test]
fn password_protected_and_old_binary_files() {
    assert_eq!(
        error(&ole_with_stream("EncryptedPackage")),
        DocxError::Encrypted
    );
    assert_eq!(
        error(&ole_with_stream("WordDocument")),
        DocxError::NotZip(Some(Found::Word97))
    );
    assert_eq!(
        error(&ole_with_stream("Workbook")),
        DocxError::NotZip(Some(Found::Excel97))
    );
    assert_eq!(
        error(&ole_with_stream("Other")),
        DocxError::NotZip(Some(Found::Ole))
    );
    // Just the signature.
    assert_eq!(
        error(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        DocxError::NotZip(Some(Found::Ole))
    );
}

#[test]
fn malformed_xml() {
    let bytes = zip_of(
        &[("word/document.xml", format!("<w:document xmlns:w=\"{W_NS}\"><w:body><w:p><w:r><w:t>一、总体情况</w:r></w:p></w:body></w:document>").as_bytes())],
        CompressionMethod::Deflated,
    );
    match error(&bytes) {
        DocxError::Malformed { part, at } => {
            assert_eq!(part, "word/document.xml");
            assert!(at > 0);
        }
        e => panic!("{e:?}"),
    }
    let bytes = zip_of(&[("word/document.xml", b"")], CompressionMethod::Deflated);
    assert_eq!(error(&bytes), DocxError::NotWord(None));
}

#[test]
fn messages_are_in_one_language() {
    let errors = [
        DocxError::NotZip(None),
        DocxError::NotZip(Some(Found::Pdf)),
        DocxError::NotZip(Some(Found::Word97)),
        DocxError::NotZip(Some(Found::Ole)),
        DocxError::NotWord(Some(Found::Excel)),
        DocxError::NotWord(Some(Found::OpenDocumentText)),
        DocxError::NotWord(None),
        DocxError::Archive {
            docx: "report.docx".into(),
        },
        DocxError::Damaged,
        DocxError::Encrypted,
        DocxError::Malformed {
            part: "word/document.xml".into(),
            at: 120,
        },
        DocxError::TooLarge {
            part: "word/document.xml".into(),
            limit: 200 << 20,
        },
        DocxError::TooManyEntries { limit: 20_000 },
    ];
    let cjk = |s: &str| {
        s.chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || "，：（）".contains(c))
    };
    for e in &errors {
        let zh = e.message(Lang::Zh);
        let en = e.message(Lang::En);
        assert!(cjk(&zh), "{zh}");
        assert!(!cjk(&en), "{en}");
        // Chinese messages have ASCII only for product names, formats and file names.
        let names = [
            "word",
            "wps",
            "office",
            "excel",
            "powerpoint",
            "opendocument",
            "odt",
            "pdf",
            "doc",
            "docx",
            "zip",
            "ole",
            "xml",
            "mb",
            "document",
            "report",
        ];
        for word in zh
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
        {
            assert!(
                names.contains(&word.to_lowercase().as_str()),
                "{word} in {zh}"
            );
        }
    }
    assert_eq!(
        DocxError::Encrypted.message(Lang::Zh),
        "文档设置了打开密码（已加密）：请在 Word 或 WPS 中取消密码，另存为 .docx 后再检查"
    );
    assert_eq!(
        DocxError::NotWord(Some(Found::Excel)).message(Lang::En),
        "not a .docx document but an Excel workbook: save the report as a Word document (.docx) and check that"
    );
}

// ---------------------------------------------------------------------------
// Files saved by LibreOffice.

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/data/docx/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The table rows of a reading or a Markdown text, cells trimmed, in order
/// (not Markdown's delimiter rows).
fn table_rows(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with('|'))
        .map(|l| l.split('|').map(str::trim).collect::<Vec<_>>().join("|"))
        .filter(|l| !l.chars().all(|c| matches!(c, '|' | '-' | ':')))
        .collect()
}

/// Every table row the model finds: its table, template row and values.
fn model_rows(text: &str) -> Vec<String> {
    let analysis = nianbao::model::analyze(text);
    analysis
        .report
        .tables
        .iter()
        .flat_map(|t| {
            t.rows.iter().map(move |r| {
                let values: Vec<&str> = r.values.iter().map(|v| v.text.as_str()).collect();
                format!("{:?} {:?} {}", t.kind, r.def, values.join(","))
            })
        })
        .collect()
}

/// `examples/reports/2021-quanzhou-service-center.txt` as Markdown (`nianbao
/// convert`), made HTML by pandoc and saved as `.docx` by LibreOffice.
#[test]
fn a_sample_report_saved_by_libreoffice() {
    let doc = docx::read(&fixture("2021-quanzhou-service-center.docx")).unwrap();
    let markdown = String::from_utf8(fixture("2021-quanzhou-service-center.md")).unwrap();
    let rows = table_rows(&doc.text);
    assert_eq!(rows.len(), 50);
    assert_eq!(rows, table_rows(&markdown));
    assert!(doc
        .text
        .contains("\n## 三、收到和处理政府信息公开申请情况\n"));
    let sample = std::fs::read_to_string(format!(
        "{}/examples/reports/2021-quanzhou-service-center.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let found = model_rows(&doc.text);
    assert!(found.len() >= 35, "{found:#?}");
    assert_eq!(found, model_rows(&sample));
}

/// `tests/real/2021-pingtan-zone.html` (a published page: Word tables with
/// rowspan/colspan) saved as `.docx` by LibreOffice: `w:gridSpan` and
/// `w:vMerge` cells read as the HTML reader reads the page's merged cells.
#[test]
fn a_published_page_saved_by_libreoffice() {
    let doc = docx::read(&fixture("2021-pingtan-zone.docx")).unwrap();
    let page = std::fs::read(format!(
        "{}/tests/real/2021-pingtan-zone.html",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let html = nianbao::read::html::read_bytes(&page).unwrap();
    let rows = table_rows(&doc.text);
    assert_eq!(rows.len(), 46);
    assert_eq!(rows, table_rows(&html.text));
    let found = model_rows(&doc.text);
    assert!(found.len() >= 35, "{found:#?}");
    assert_eq!(found, model_rows(&html.text));
}

// ---------------------------------------------------------------------------
// Never a panic.

fn mutated(base: &[u8], edits: &[(usize, u8)]) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for &(at, byte) in edits {
        if !bytes.is_empty() {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), zip_head in any::<bool>()) {
        let mut bytes = bytes;
        if zip_head {
            bytes.splice(0..0, *b"PK\x03\x04");
        }
        let _ = docx::read(&bytes);
    }

    #[test]
    fn mutated_documents_never_panic(
        stored in any::<bool>(),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
    ) {
        thread_local! {
            static BASES: (Vec<u8>, Vec<u8>) = {
                let body = styled("2", "三、收到和处理政府信息公开申请情况") + &section_three_table();
                (docx_with(&body, CompressionMethod::Stored), docx_with(&body, CompressionMethod::Deflated))
            };
        }
        let bytes = BASES.with(|(s, d)| mutated(if stored { s } else { d }, &edits));
        match docx::read(&bytes) {
            Ok(doc) => prop_assert!(!doc.text.contains('\0') || doc.text.len() < bytes.len() * 4),
            Err(e) => prop_assert!(!e.message(Lang::Zh).is_empty()),
        }
    }

    #[test]
    fn mutated_xml_never_panics(
        edits in proptest::collection::vec((any::<usize>(), prop::sample::select(b"<>/=\"&;: wpt0".to_vec())), 1..6),
    ) {
        thread_local! {
            static XML: String = document_xml(&(styled("2", "三、收到和处理政府信息公开申请情况") + &section_three_table()));
        }
        let xml = XML.with(|x| mutated(x.as_bytes(), &edits));
        let bytes = zip_of(&[("word/document.xml", &xml), ("word/styles.xml", STYLES.as_bytes()), ("word/numbering.xml", NUMBERING.as_bytes())], CompressionMethod::Stored);
        let _ = docx::read(&bytes);
    }
}
