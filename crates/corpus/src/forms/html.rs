//! A report as a government CMS article page: the site's header with its
//! navigation, a breadcrumb, the article's title and metadata line, the report
//! in an article `<div>` (or in a layout `<table>`), share buttons and the
//! footer. The report's tables are pasted from Word: `border=1`, merged label
//! cells (`rowspan`/`colspan`), `<p>` inside cells, `&nbsp;` in blank ones.
//! Class names and ids are drawn, so that nothing can depend on them. UTF-8
//! mostly; sometimes GBK, declared by `<meta charset="gb2312">`.

use nianbao::template::TableDef;

use super::grid::{grids, Drawing, GCell, Grid, Kind, RowKind};
use super::{pieces, About, Out};
use crate::doc::{Part, Style, TableOut};
use crate::rng::Rng;
use crate::Quirk;

/// How a page is written: drawn once per report.
struct Page {
    gbk: bool,
    http_equiv: bool,
    /// The article inside a layout table rather than `<div>`s.
    layout_table: bool,
    /// The title and metadata line in the same layout cell as the report.
    meta_with_article: bool,
    /// The report's title at the top of the article body: 0 none (only the
    /// page's `<h1>`), 1 a centred bold paragraph, 2 an `<h2>`.
    body_title: u8,
    /// Section headings: 0 `<p><strong>`, 1 `<h3>`, 2 `<p><span style="font-family:黑体">`.
    heading: u8,
    /// Paragraphs as lines of text in the article's container, ended by
    /// `<br>` rather than wrapped in `<p>`.
    br_paragraphs: bool,
    /// Paragraph text in `<span style=…>` runs, cut mid-word.
    spans: bool,
    /// Paragraph indentation: 0 CSS, 1 `&nbsp;`×4, 2 ideographic spaces.
    indent: u8,
    /// A `<br>` closing some paragraphs.
    trailing_br: bool,
    /// Table markup.
    thead: bool,
    tbody: bool,
    th: bool,
    /// Cell text inside `<p>` (sometimes two, a label broken between CJK characters).
    cell_p: bool,
    /// Word's `<o:p></o:p>` after cell text.
    mso: bool,
    drawing: Drawing,
    /// Class and id names, drawn.
    names: Names,
}

struct Names {
    top: String,
    header: String,
    nav: String,
    crumb: String,
    main: String,
    title: String,
    meta: String,
    content: String,
    content_id: String,
    inner: Option<String>,
    share: String,
    footer: String,
}

const CLASSES: &[&str] = &[
    "wrap", "box", "main", "con", "content", "article", "detail", "zw", "nr", "text", "view",
    "xxgk", "zwgk", "info", "page", "body", "inner", "layout", "mod", "panel",
];
const SUFFIXES: &[&str] = &[
    "", "_con", "-box", "_text", "-main", "_nr", "-detail", "_zw", "-wrap", "_info",
];
const EDITORS: &[&str] = &[
    "TRS_Editor",
    "Custom_UnionStyle",
    "TRS_UEDITOR",
    "ue_table",
    "zoom",
    "article-body",
];

fn name(rng: &mut Rng) -> String {
    let mut s = format!("{}{}", rng.pick(CLASSES), rng.pick(SUFFIXES));
    if rng.chance(40) {
        s.push_str(&rng.range(1, 9).to_string());
    }
    s
}

impl Page {
    fn draw(rng: &mut Rng) -> Page {
        let layout_table = rng.chance(25);
        Page {
            gbk: rng.chance(20),
            http_equiv: rng.chance(50),
            layout_table,
            meta_with_article: layout_table && rng.chance(50),
            body_title: rng.below(3) as u8,
            heading: rng.below(3) as u8,
            br_paragraphs: rng.chance(15),
            spans: rng.chance(60),
            indent: rng.below(3) as u8,
            trailing_br: rng.chance(20),
            thead: rng.chance(30),
            tbody: rng.chance(60),
            th: rng.chance(25),
            cell_p: rng.chance(70),
            mso: rng.chance(30),
            drawing: Drawing {
                merged_header: rng.chance(70),
                note_in_corner: rng.chance(50),
                heading_across: rng.chance(40),
                split_blocks: rng.chance(30),
            },
            names: Names {
                top: name(rng),
                header: name(rng),
                nav: name(rng),
                crumb: name(rng),
                main: name(rng),
                title: name(rng),
                meta: name(rng),
                content: name(rng),
                content_id: name(rng),
                inner: rng.chance(60).then(|| rng.pick(EDITORS).to_string()),
                share: name(rng),
                footer: name(rng),
            },
        }
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

const FONTS: &[&str] = &[
    "font-family:仿宋_GB2312;font-size:16pt",
    "font-family:仿宋;font-size:12pt",
    "font-size:16px;font-family:宋体",
    "font-family:仿宋_GB2312;mso-hansi-font-family:Calibri;font-size:16.0000pt",
];

/// Inline text, maybe in spans cut mid-word.
fn runs(out: &mut String, text: &str, spans: bool, rng: &mut Rng) {
    if !spans {
        out.push_str(&escape(text));
        return;
    }
    let font = rng.pick(FONTS);
    for piece in pieces(text, 4, rng) {
        out.push_str(&format!("<span style=\"{font}\">{}</span>", escape(piece)));
    }
}

struct Writer<'a> {
    page: Page,
    style: &'a Style,
    rng: &'a mut Rng,
    out: String,
}

impl Writer<'_> {
    fn paragraph(&mut self, text: &str, align: Option<&str>) {
        if self.page.br_paragraphs {
            self.out.push_str(match (align, self.page.indent) {
                (Some(_), _) => "",
                (None, 1) => "&nbsp;&nbsp;&nbsp;&nbsp;",
                (None, _) => "\u{3000}\u{3000}",
            });
            runs(&mut self.out, text, self.page.spans, self.rng);
            self.out.push_str("<br>\n");
            return;
        }
        match align {
            Some(a) => self.out.push_str(&format!("<p style=\"text-align:{a}\">")),
            None if self.page.indent == 0 => self
                .out
                .push_str("<p style=\"text-indent:2em;line-height:1.75em;\">"),
            None => self.out.push_str("<p>"),
        }
        if align.is_none() {
            match self.page.indent {
                1 => self.out.push_str("&nbsp;&nbsp;&nbsp;&nbsp;"),
                2 => self.out.push_str("\u{3000}\u{3000}"),
                _ => {}
            }
        }
        runs(&mut self.out, text, self.page.spans, self.rng);
        if self.page.trailing_br && self.rng.chance(30) {
            self.out.push_str("<br>");
        }
        self.out.push_str("</p>\n");
    }

    fn heading(&mut self, text: &str) {
        if self.page.br_paragraphs {
            self.out.push_str("\u{3000}\u{3000}<strong>");
            runs(&mut self.out, text, false, self.rng);
            self.out.push_str("</strong><br>\n");
            return;
        }
        match self.page.heading {
            0 => {
                self.out.push_str("<p style=\"text-indent:2em;\"><strong>");
                runs(&mut self.out, text, self.page.spans, self.rng);
                self.out.push_str("</strong></p>\n");
            }
            1 => {
                self.out.push_str("<h3>");
                runs(&mut self.out, text, false, self.rng);
                self.out.push_str("</h3>\n");
            }
            _ => {
                self.out
                    .push_str("<p style=\"text-indent:2em;\"><span style=\"font-family:黑体;font-size:16pt\">");
                self.out.push_str(&escape(text));
                self.out.push_str("</span></p>\n");
            }
        }
    }

    fn title(&mut self, text: &str) {
        match self.page.body_title {
            1 => {
                self.out.push_str(
                    "<p style=\"text-align:center\"><strong><span style=\"font-size:22px\">",
                );
                self.out.push_str(&escape(text));
                self.out.push_str("</span></strong></p>\n");
            }
            2 => self.out.push_str(&format!("<h2>{}</h2>\n", escape(text))),
            _ => {}
        }
    }

    fn table(&mut self, table: &TableOut, def: &TableDef) {
        let (grids, note_in_corner) = grids(table, def, self.style, self.page.drawing);
        if let (Some(note), false) = (&table.note_before, note_in_corner) {
            self.paragraph(note, None);
        }
        for grid in &grids {
            self.grid(grid);
        }
        if let Some(note) = &table.note_after {
            self.paragraph(note, None);
        }
    }

    fn grid(&mut self, grid: &Grid) {
        let widths = ["100%", "600", "98%", "640"];
        let width = *self.rng.pick(&widths);
        self.out.push_str(&format!(
            "<div align=\"center\"><table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" width=\"{width}\" style=\"border-collapse:collapse;border:none;\">\n"
        ));
        let headers = grid
            .rows
            .iter()
            .take_while(|r| r.kind != RowKind::Data)
            .count();
        let mut open_group: Option<&str> = None;
        for (r, row) in grid.rows.iter().enumerate() {
            let group = if self.page.thead && r < headers {
                Some("thead")
            } else if self.page.tbody || self.page.thead {
                Some("tbody")
            } else {
                None
            };
            if group != open_group {
                if let Some(g) = open_group {
                    self.out.push_str(&format!("</{g}>\n"));
                }
                if let Some(g) = group {
                    self.out.push_str(&format!("<{g}>\n"));
                }
                open_group = group;
            }
            self.out.push_str("<tr>");
            for cell in &row.cells {
                self.cell(cell, row.kind);
            }
            self.out.push_str("</tr>\n");
        }
        if let Some(g) = open_group {
            self.out.push_str(&format!("</{g}>\n"));
        }
        self.out.push_str("</table></div>\n");
    }

    fn cell(&mut self, cell: &GCell, row: RowKind) {
        let tag = if self.page.th && (row == RowKind::Header || cell.kind == Kind::Header) {
            "th"
        } else {
            "td"
        };
        let mut attrs = String::new();
        if cell.rowspan > 1 {
            attrs.push_str(&format!(" rowspan=\"{}\"", cell.rowspan));
        }
        if cell.colspan > 1 {
            attrs.push_str(&format!(" colspan=\"{}\"", cell.colspan));
        }
        match self.rng.below(3) {
            0 => attrs.push_str(" valign=\"center\""),
            1 => attrs
                .push_str(" style=\"border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt\""),
            _ => {}
        }
        self.out.push_str(&format!("<{tag}{attrs}>"));
        let text = cell.text.as_str();
        let align = if cell.kind == Kind::Value {
            " align=\"center\""
        } else {
            ""
        };
        let mso = if self.page.mso { "<o:p></o:p>" } else { "" };
        if text.is_empty() {
            let blank = match self.rng.below(3) {
                0 => String::new(),
                1 => "&nbsp;".to_string(),
                _ => format!("<p{align}>&nbsp;{mso}</p>"),
            };
            self.out.push_str(&blank);
        } else if self.page.cell_p {
            // A label Word wrapped in its cell: two paragraphs, broken between CJK characters.
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let cjk = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
            let breaks: Vec<usize> = (1..chars.len())
                .filter(|&i| cjk(chars[i - 1].1) && cjk(chars[i].1))
                .map(|i| chars[i].0)
                .collect();
            let split = (cell.kind != Kind::Value && !breaks.is_empty() && self.rng.chance(25))
                .then(|| breaks[self.rng.below(breaks.len())]);
            let font = self.page.spans.then(|| *self.rng.pick(FONTS));
            let parts: Vec<&str> = match split {
                Some(at) => vec![&text[..at], &text[at..]],
                None => vec![text],
            };
            for part in parts {
                self.out.push_str(&format!("<p{align}>"));
                let value_space = cell.kind == Kind::Value && self.rng.chance(10);
                if value_space {
                    self.out.push_str("&nbsp;");
                }
                match font {
                    Some(f) => {
                        for piece in pieces(part, 3, self.rng) {
                            self.out
                                .push_str(&format!("<span style=\"{f}\">{}</span>", escape(piece)));
                        }
                    }
                    None => self.out.push_str(&escape(part)),
                }
                self.out.push_str(mso);
                self.out.push_str("</p>");
            }
        } else {
            self.out.push_str(&escape(text));
        }
        self.out.push_str(&format!("</{tag}>"));
    }
}

const SECTIONS: &[&str] = &[
    "政府信息公开年报",
    "政府信息公开工作年度报告",
    "年度报告",
    "信息公开年报",
];
const PROVINCES: &[&str] = &["闽", "鲁", "川", "滇", "苏", "浙", "赣", "湘", "黔"];

/// The page.
pub(crate) fn render(
    parts: &[Part],
    style: &Style,
    defs: &[&TableDef],
    about: &About,
    out: &mut Out,
    rng: &mut Rng,
) -> Vec<u8> {
    let mut page = Page::draw(rng);
    // The title only in the chrome while the article's opening names a report:
    // the reader takes the opening for the title's place.
    let opening: String = parts
        .iter()
        .filter_map(|p| match p {
            Part::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .next()
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    if page.body_title == 0 && opening.contains("报告") {
        if out.allows(Quirk::TitleOnlyInChrome) {
            out.wrote(Quirk::TitleOnlyInChrome);
        } else {
            page.body_title = 1;
        }
    }
    let title = parts
        .iter()
        .find_map(|p| match p {
            Part::Title(t) => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let place: String = about.issuer.chars().take(2).collect();
    let site = format!("{place}市人民政府");
    let section = *rng.pick(SECTIONS);
    let (y, m, d) = about.date;
    let published = format!(
        "{y}-{m:02}-{d:02} {:02}:{:02}",
        rng.range(8, 18),
        rng.range(0, 59)
    );
    let hits = rng.range(30, 9000);
    let gt = if rng.chance(50) { "&gt;" } else { ">" };
    let title_tag = match rng.below(3) {
        0 => format!("{}_{}_{}", escape(&title), section, site),
        1 => format!("{}_{}", escape(&title), site),
        _ => escape(&title),
    };
    let charset = if page.gbk { "gb2312" } else { "utf-8" };
    let meta = if page.http_equiv {
        format!("<meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\">")
    } else {
        format!("<meta charset=\"{charset}\">")
    };
    let n = &page.names;
    let mut head = String::new();
    head.push_str("<!DOCTYPE html>\n<html>\n<head>\n");
    head.push_str(&meta);
    head.push_str(&format!(
        "\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title_tag}</title>\n\
         <meta name=\"ArticleTitle\" content=\"{}\">\n\
         <link rel=\"stylesheet\" href=\"/images/{}.css\">\n\
         <script src=\"/js/jquery-1.11.3.min.js\"></script>\n\
         <script>var _hmt = _hmt || [];(function() {{ var hm = document.createElement(\"script\"); hm.src = \"https://hm.baidu.com/hm.js?{}\"; }})();</script>\n\
         </head>\n<body>\n",
        escape(&title),
        n.main,
        rng.range(100_000, 999_999)
    ));
    head.push_str(&format!(
        "<div class=\"{}\"><div class=\"w1200\"><span>欢迎访问{site}门户网站</span> <a href=\"/wza/\">无障碍浏览</a> <a href=\"javascript:;\">长者模式</a> <a href=\"/m/\">手机版</a></div></div>\n",
        n.top
    ));
    head.push_str(&format!(
        "<div class=\"{}\"><div class=\"logo\"><a href=\"/\"><img src=\"/images/logo.png\" alt=\"{site}\"></a></div>\n<ul class=\"{}\" id=\"nav\">\n<li><a href=\"/\">首页</a></li>\n<li><a href=\"/zwgk/\">政务公开</a></li>\n<li><a href=\"/zwfw/\">政务服务</a></li>\n<li><a href=\"/hdjl/\">互动交流</a></li>\n<li><a href=\"/zj/\">走进{place}</a></li>\n</ul>\n<form action=\"/search\"><input type=\"text\" name=\"q\" placeholder=\"请输入关键字\"><button>搜索</button></form></div>\n",
        n.header, n.nav
    ));
    let crumb = format!(
        "<div class=\"{}\">当前位置：<a href=\"/\">首页</a> {gt} <a href=\"/zwgk/\">政务公开</a> {gt} <a href=\"/zwgk/ndbg/\">{section}</a></div>\n",
        n.crumb
    );
    let title_box = format!(
        "<div class=\"{}\"><h1>{}</h1></div>\n<div class=\"{}\">发布时间：{published}&nbsp;&nbsp;来源：{}&nbsp;&nbsp;浏览次数：<span id=\"hits\">{hits}</span>&nbsp;&nbsp;【字体：<a href=\"javascript:doZoom(18)\">大</a> <a href=\"javascript:doZoom(16)\">中</a> <a href=\"javascript:doZoom(14)\">小</a>】</div>\n",
        n.title,
        escape(&title),
        n.meta,
        escape(about.issuer)
    );
    let share = format!(
        "<div class=\"{}\">分享到：<a href=\"javascript:;\" class=\"wx\">微信</a> <a href=\"javascript:;\" class=\"wb\">微博</a> <a href=\"javascript:;\" class=\"qq\">QQ空间</a></div>\n<div class=\"print\"><a href=\"javascript:window.print()\">【打印本页】</a> <a href=\"javascript:window.close()\">【关闭窗口】</a></div>\n",
        n.share
    );
    let footer = format!(
        "<div class=\"{}\"><p>主办单位：{site}办公室&nbsp;&nbsp;承办单位：{}</p><p>网站标识码：{}&nbsp;&nbsp;<a href=\"https://beian.miit.gov.cn/\">{}ICP备{}号-1</a>&nbsp;&nbsp;{}公网安备 {}号</p><p>地址：{place}市人民路{}号&nbsp;&nbsp;电话：0{}-{}</p></div>\n",
        n.footer,
        escape(about.issuer),
        rng.range(1_000_000_000, 9_999_999_999),
        rng.pick(PROVINCES),
        rng.range(10_000_000, 99_999_999),
        rng.pick(PROVINCES),
        rng.range(10_000_000_000, 99_999_999_999),
        rng.range(1, 300),
        rng.range(500, 999),
        rng.range(1_000_000, 9_999_999)
    );

    // The article.
    let mut w = Writer {
        page,
        style,
        rng,
        out: String::with_capacity(40_000),
    };
    let mut tables = defs.iter();
    for part in parts {
        match part {
            Part::Title(t) => w.title(t),
            Part::Heading { text, .. } => w.heading(text),
            // The signature stands right.
            Part::Text(t) => w.paragraph(t, (t == about.issuer).then_some("right")),
            Part::Date(t) => w.paragraph(t, Some("right")),
            Part::Table(t) => {
                let def = tables.next().expect("a definition per table");
                w.table(t, def);
            }
        }
    }
    let article = std::mem::take(&mut w.out);
    let page = w.page;
    let n = &page.names;
    let body = match &n.inner {
        Some(inner) => format!("<div class=\"{inner}\">\n{article}</div>\n"),
        None => article,
    };
    let mut html = head;
    html.push_str(&crumb);
    if page.layout_table {
        html.push_str("<table width=\"1000\" align=\"center\" border=\"0\" cellspacing=\"0\" cellpadding=\"0\">\n<tr><td height=\"20\"></td></tr>\n");
        if page.meta_with_article {
            html.push_str(&format!(
                "<tr><td class=\"{}\">\n{title_box}{body}</td></tr>\n",
                n.content
            ));
        } else {
            html.push_str(&format!("<tr><td>{title_box}</td></tr>\n"));
            html.push_str(&format!(
                "<tr><td class=\"{}\" id=\"{}\">\n{body}</td></tr>\n",
                n.content, n.content_id
            ));
        }
        html.push_str(&format!("<tr><td>{share}</td></tr>\n</table>\n"));
    } else {
        html.push_str(&format!("<div class=\"{}\">\n{title_box}", n.main));
        html.push_str(&format!(
            "<div class=\"{}\" id=\"{}\">\n{body}</div>\n",
            n.content, n.content_id
        ));
        html.push_str(&share);
        html.push_str("</div>\n");
    }
    html.push_str(&footer);
    html.push_str("<script src=\"/js/common.js\"></script>\n</body>\n</html>\n");
    if page.gbk {
        let (bytes, _, _) = encoding_rs::GBK.encode(&html);
        bytes.into_owned()
    } else {
        html.into_bytes()
    }
}
