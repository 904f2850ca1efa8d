//! HTML pages: government sites publish reports as CMS article pages — the
//! report body inside navigation, breadcrumbs, share buttons and footers, its
//! tables pasted from Word (`rowspan`/`colspan`, `<p>` and `<br>` inside cells,
//! `&nbsp;` for blank, `<o:p>` tags), sometimes in GBK.
//!
//! The page is tokenized by html5gum (WHATWG tokenization with byte spans, so
//! every text keeps its place in the source), and a small tree builder applies
//! the implied-end-tag rules the report's markup relies on (`<p>`, `<li>`,
//! table cells and rows). The report body is found by where the text is, not
//! by site-specific class names: from `<body>` down, into the child that holds
//! most of the page's non-link text, while it holds most of it. Tables that
//! hold other tables, or long flowing text, are page layout and are read as
//! flow; the others are data tables, written one row per line with merged
//! cells once.

use html5gum::{DefaultEmitter, Emitter, ForwardingEmitter, Token, Tokenizer};

/// html5gum's emitter with byte spans, without parse errors and attributes: a page's markup
/// errors are none of the report's, and no attribute is read (the layout of a page pasted from
/// Word is in thousands of `style` attributes; validating characters and collecting attributes
/// cost half of the read).
struct Quiet(DefaultEmitter<usize>);

impl ForwardingEmitter for Quiet {
    type Token = Token<usize>;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn init_attribute(&mut self) {}

    fn push_attribute_name(&mut self, _: &[u8]) {}

    fn push_attribute_value(&mut self, _: &[u8]) {}
}

use super::writer::{CellPieces, Piece, Writer};
use super::{Document, Format, Origin};
use crate::text::decode::{decode_with, DecodeError};
use crate::text::TextRange;

/// Reads an HTML page's bytes: the charset from a BOM, a `<meta>` declaration
/// or, failing those, the bytes themselves (UTF-8, else GB18030).
pub fn read_bytes(bytes: &[u8]) -> Result<Document, DecodeError> {
    let declared = declared_charset(bytes);
    let decoded = decode_with(bytes, declared)?;
    Ok(read(&decoded.text))
}

/// Reads an HTML page's text.
pub fn read(source: &str) -> Document {
    let dom = Dom::parse(source);
    let mut writer = Writer::new();
    let body = dom.article_root();
    if let Some(title) = dom.title_line(body) {
        writer.paragraph(
            None,
            &[Piece::Source {
                text: title.0,
                src: Some(title.1),
            }],
        );
    }
    Layout {
        dom: &dom,
        writer: &mut writer,
        markdown: false,
    }
    .flow(body);
    let (text, map) = writer.finish();
    Document {
        format: Format::Html,
        text,
        origin: Origin::Mapped {
            source: source.to_string(),
            map,
        },
    }
}

/// Reads a Markdown file with HTML in it (a converter's `<table>` for a table with merged
/// cells, `<span style=…>` around runs of text): its lines stay lines, with the tags out of
/// them and the entities decoded; an HTML data table is written as rows, as on a page.
pub fn read_markdown(source: &str) -> Document {
    let dom = Dom::parse(source);
    let mut writer = Writer::new();
    Layout {
        dom: &dom,
        writer: &mut writer,
        markdown: true,
    }
    .flow(0);
    let (text, map) = writer.finish();
    Document {
        format: Format::Markdown,
        text,
        origin: Origin::Mapped {
            source: source.to_string(),
            map,
        },
    }
}

/// Whether a Markdown file holds HTML that its reading must take out: a table, or tags
/// around its text (as converters write them). Inline tags a few times over (a `<br>` in a
/// cell, a link) leave it its own reading.
pub fn markdown_has_html(source: &str) -> bool {
    const INLINE: &[&str] = &[
        "<span", "<SPAN", "<font", "<FONT", "<p>", "<p ", "<P>", "<P ", "<div", "<DIV",
    ];
    source.contains("<table")
        || source.contains("<TABLE")
        || INLINE
            .iter()
            .map(|tag| source.matches(tag).count())
            .sum::<usize>()
            >= 3
}

/// Escapes text for an HTML text node.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The charset a page declares in its first bytes (`<meta charset=…>`,
/// `<meta http-equiv="Content-Type" content="text/html; charset=…">`).
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"charset") {
        let mut j = from + i + b"charset".len();
        while j < lower.len() && matches!(lower[j], b' ' | b'=' | b'"' | b'\'') {
            j += 1;
        }
        let end = lower[j..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')))
            .map_or(lower.len(), |p| j + p);
        if let Some(enc) = encoding_rs::Encoding::for_label(&lower[j..end]) {
            // A page "in UTF-16" that reached us as ASCII-compatible bytes is not.
            if enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE {
                return Some(enc);
            }
        }
        from = end.max(from + i + 1);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------
// The tree.

type NodeId = usize;

#[derive(Debug)]
enum Kind {
    Element(Element),
    /// A run of character data: `text` as decoded, in pieces that say where
    /// each came from.
    Text(Vec<TextPiece>),
}

#[derive(Debug)]
struct Element {
    name: String,
    /// Just after the start tag: where an empty element's text would go.
    inner: usize,
}

#[derive(Debug)]
struct TextPiece {
    text: String,
    src: TextRange,
    verbatim: bool,
}

#[derive(Debug)]
struct Node {
    kind: Kind,
    children: Vec<NodeId>,
}

struct Dom<'s> {
    source: &'s str,
    nodes: Vec<Node>,
    /// The `<title>` text and where it starts.
    title: Option<(String, usize)>,
}

/// Elements whose content is not the page's text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "svg", "math", "select",
    "textarea", "button", "canvas", "video", "audio", "map",
];
/// Elements with no content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "basefont", "bgsound", "frame", "keygen",
];
/// Elements that start a new line of text.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "caption",
    "br",
    "xmp",
];
/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "li",
    "dd",
    "dt",
    "listing",
    "xmp",
];
/// Elements the report body may be: the search for it goes down through these
/// only (never into a paragraph).
const CONTAINERS: &[&str] = &[
    "html", "body", "div", "section", "article", "main", "center", "form", "table", "tbody",
    "thead", "tr", "td", "th", "span", "font",
];
/// Deeper nesting than this is malformed; further elements are not opened.
const MAX_DEPTH: usize = 256;

impl<'s> Dom<'s> {
    fn parse(source: &'s str) -> Dom<'s> {
        let mut dom = Dom {
            source,
            nodes: vec![Node {
                kind: Kind::Element(Element {
                    name: "#document".into(),
                    inner: 0,
                }),
                children: Vec::new(),
            }],
            title: None,
        };
        let mut inner = DefaultEmitter::<usize>::new_with_span();
        inner.naively_switch_states(true);
        let emitter = Quiet(inner);
        let mut stack: Vec<NodeId> = vec![0];
        // Inside a skipped element: its name and its depth on the stack. Elements
        // inside it are pushed as placeholders (`usize::MAX`).
        let mut skipping: Option<(String, usize)> = None;
        let mut in_title = false;
        for token in Tokenizer::new_with_emitter(source, emitter).flatten() {
            match token {
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    in_title = name == "title";
                    let void = VOID.contains(&name.as_str()) || tag.self_closing;
                    if skipping.is_some() {
                        if !void && stack.len() < MAX_DEPTH {
                            stack.push(usize::MAX);
                        }
                        continue;
                    }
                    dom.close_implied(&mut stack, &name);
                    let id = dom.nodes.len();
                    dom.nodes.push(Node {
                        kind: Kind::Element(Element {
                            inner: tag.span.end,
                            name: name.clone(),
                        }),
                        children: Vec::new(),
                    });
                    let parent = *stack.last().expect("the document stays open");
                    dom.nodes[parent].children.push(id);
                    if !void && stack.len() < MAX_DEPTH {
                        stack.push(id);
                        if SKIPPED.contains(&name.as_str()) {
                            skipping = Some((name, stack.len()));
                        }
                    }
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    in_title = false;
                    if let Some((skipped, depth)) = &skipping {
                        if *skipped == name {
                            stack.truncate(depth - 1);
                            skipping = None;
                        } else if stack.len() > *depth {
                            stack.pop();
                        }
                        continue;
                    }
                    if name == "br" {
                        // `</br>` is read as `<br>`.
                        let id = dom.nodes.len();
                        dom.nodes.push(Node {
                            kind: Kind::Element(Element {
                                name,
                                inner: tag.span.end,
                            }),
                            children: Vec::new(),
                        });
                        let parent = *stack.last().expect("the document stays open");
                        dom.nodes[parent].children.push(id);
                        continue;
                    }
                    dom.close(&mut stack, &name);
                }
                Token::String(s) => {
                    let value = String::from_utf8_lossy(&s.value).into_owned();
                    if in_title {
                        dom.title.get_or_insert((value, s.span.start));
                        continue;
                    }
                    if skipping.is_some() {
                        continue;
                    }
                    let pieces =
                        align_text(source, TextRange::new(s.span.start, s.span.end), &value);
                    let id = dom.nodes.len();
                    dom.nodes.push(Node {
                        kind: Kind::Text(pieces),
                        children: Vec::new(),
                    });
                    let parent = *stack.last().expect("the document stays open");
                    dom.nodes[parent].children.push(id);
                }
                Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
            }
        }
        dom
    }

    fn name(&self, id: NodeId) -> &str {
        match &self.nodes.get(id).map(|n| &n.kind) {
            None => "#placeholder",
            Some(kind) => match kind {
                Kind::Element(e) => &e.name,
                Kind::Text(_) => "#text",
            },
        }
    }

    fn element(&self, id: NodeId) -> Option<&Element> {
        match &self.nodes[id].kind {
            Kind::Element(e) => Some(e),
            Kind::Text(_) => None,
        }
    }

    /// The end tags a start tag implies: a new paragraph, list item, cell or
    /// row closes the open one.
    fn close_implied(&self, stack: &mut Vec<NodeId>, name: &str) {
        let open = |stack: &Vec<NodeId>, target: &[&str], barrier: &[&str]| {
            stack
                .iter()
                .rposition(|&id| {
                    let n = self.name(id);
                    target.contains(&n) || barrier.contains(&n)
                })
                .filter(|&i| target.contains(&self.name(stack[i])))
        };
        const CELL_SCOPE: &[&str] = &["td", "th", "table", "#document"];
        if CLOSES_P.contains(&name) {
            if let Some(i) = open(stack, &["p"], CELL_SCOPE) {
                stack.truncate(i);
            }
        }
        let (targets, barrier): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol", "td", "th", "table", "#document"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl", "td", "th", "table", "#document"]),
            "td" | "th" => (&["td", "th"], &["tr", "table", "#document"]),
            "tr" => (&["tr"], &["table", "tbody", "thead", "tfoot", "#document"]),
            "tbody" | "thead" | "tfoot" => (&["tbody", "thead", "tfoot"], &["table", "#document"]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => (
                &["h1", "h2", "h3", "h4", "h5", "h6"],
                &["td", "th", "table", "#document"],
            ),
            _ => return,
        };
        if let Some(i) = open(stack, targets, barrier) {
            stack.truncate(i);
        }
    }

    /// An end tag closes the innermost open element of its name, unless a
    /// table or cell boundary lies between (a stray `</div>` inside a cell
    /// does not close the page's layout).
    fn close(&self, stack: &mut Vec<NodeId>, name: &str) {
        let barrier: &[&str] = match name {
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" => &["table"],
            "table" => &[],
            _ => &["td", "th", "table"],
        };
        for i in (1..stack.len()).rev() {
            let n = self.name(stack[i]);
            if n == name {
                stack.truncate(i);
                return;
            }
            if barrier.contains(&n) {
                return;
            }
        }
    }

    // -- Finding the report body.

    /// Per node: characters of text outside links (whitespace aside).
    fn text_weights(&self) -> Vec<usize> {
        let mut weight = vec![0usize; self.nodes.len()];
        // Children come after their parents in `nodes`: sum bottom-up.
        for id in (0..self.nodes.len()).rev() {
            let own = match &self.nodes[id].kind {
                Kind::Text(pieces) => pieces
                    .iter()
                    .map(|p| p.text.chars().filter(|c| !c.is_whitespace()).count())
                    .sum(),
                Kind::Element(e) if e.name == "a" => 0,
                Kind::Element(_) => self.nodes[id].children.iter().map(|&c| weight[c]).sum(),
            };
            weight[id] = own;
        }
        weight
    }

    /// The element that holds the report: from `<body>` down, into the child
    /// with most of the text while it holds at least half of it.
    fn article_root(&self) -> NodeId {
        let weight = self.text_weights();
        let mut node = self.find_first("body").unwrap_or(0);
        loop {
            let best = self.nodes[node]
                .children
                .iter()
                .copied()
                .filter(|&c| {
                    let name = self.name(c);
                    CONTAINERS.contains(&name) && (name != "table" || !self.is_data_table(c))
                })
                .max_by_key(|&c| weight[c]);
            match best {
                Some(c) if weight[c] * 2 >= weight[node] && weight[c] > 0 => node = c,
                _ => return node,
            }
        }
    }

    /// A data table holds no table and no long flowing text.
    fn is_data_table(&self, table: NodeId) -> bool {
        let dom = self;
        let mut stack = dom.nodes[table].children.clone();
        while let Some(id) = stack.pop() {
            match &dom.nodes[id].kind {
                Kind::Element(e) if e.name == "table" => return false,
                Kind::Element(e) if e.name == "td" || e.name == "th" => {
                    let mut text = String::new();
                    dom.collect_text(id, &mut text, MAX_DATA_CELL_CHARS * 4);
                    if text.chars().filter(|c| !c.is_whitespace()).count() > MAX_DATA_CELL_CHARS {
                        return false;
                    }
                    stack.extend(dom.nodes[id].children.iter().copied());
                }
                Kind::Element(_) => stack.extend(dom.nodes[id].children.iter().copied()),
                Kind::Text(_) => {}
            }
        }
        true
    }

    fn find_first(&self, name: &str) -> Option<NodeId> {
        (0..self.nodes.len()).find(|&id| self.name(id) == name)
    }

    /// The page title as the report's first line, when the body does not name
    /// the report in its own first lines (CMS titles read `报告名_栏目_站点`).
    fn title_line(&self, body: NodeId) -> Option<(&'s str, usize)> {
        let (title, start) = self.title.as_ref()?;
        let first = title
            .split(['_', '|', '｜'])
            .next()
            .unwrap_or_default()
            .trim();
        if !first.contains("报告") {
            return None;
        }
        let mut opening = String::new();
        self.collect_text(body, &mut opening, 400);
        // The body names the report itself (its title, or `…2021年…报告` on its first line):
        // the title would be said twice. `本报告根据…` names no report.
        let named = |t: &str| {
            let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            let title: String = first.chars().filter(|c| !c.is_whitespace()).collect();
            let head: String = compact.chars().take(40).collect();
            compact.contains(&title) || head.find('年').is_some_and(|y| head[y..].contains("报告"))
        };
        if named(&opening) {
            return None;
        }
        // The title's raw text, to map it: it is a verbatim slice when it has no entity.
        let at = self.source[*start..].find(first)? + start;
        Some((&self.source[at..at + first.len()], at))
    }

    fn collect_text(&self, id: NodeId, out: &mut String, limit: usize) {
        if out.len() >= limit {
            return;
        }
        match &self.nodes[id].kind {
            Kind::Text(pieces) => pieces.iter().for_each(|p| out.push_str(&p.text)),
            Kind::Element(_) => {
                for &c in &self.nodes[id].children {
                    self.collect_text(c, out, limit);
                }
            }
        }
    }
}

/// Splits a decoded text token into pieces that are the source's own text and
/// pieces decoded from a character reference or a normalised line break.
fn align_text(source: &str, span: TextRange, decoded: &str) -> Vec<TextPiece> {
    let raw = source.get(span.start..span.end).unwrap_or("");
    if raw == decoded {
        return vec![TextPiece {
            text: decoded.to_string(),
            src: span,
            verbatim: true,
        }];
    }
    let mut pieces: Vec<TextPiece> = Vec::new();
    let mut push = |text: &str, src: TextRange, verbatim: bool| {
        if let Some(last) = pieces.last_mut() {
            if verbatim && last.verbatim && last.src.end == src.start {
                last.text.push_str(text);
                last.src.end = src.end;
                return;
            }
        }
        pieces.push(TextPiece {
            text: text.to_string(),
            src,
            verbatim,
        });
    };
    let (mut i, mut j) = (0usize, 0usize);
    let rb = raw.as_bytes();
    while j < decoded.len() {
        let c = decoded[j..].chars().next().expect("inside the string");
        let clen = c.len_utf8();
        let at = span.start + i;
        if i >= raw.len() {
            // Nothing left to align with: the rest maps to the token's end.
            push(&decoded[j..], TextRange::empty(span.end), false);
            break;
        }
        if raw[i..].starts_with(c) && rb[i] != b'&' {
            push(&decoded[j..j + clen], TextRange::new(at, at + clen), true);
            i += clen;
            j += clen;
        } else if rb[i] == b'&' {
            // A character reference: up to its `;`, or its alphanumeric run.
            let rest = &raw[i + 1..];
            let len = match rest.find(';') {
                Some(p) if p <= 32 => p + 2,
                _ => {
                    1 + rest
                        .char_indices()
                        .find(|(_, ch)| !(ch.is_ascii_alphanumeric() || *ch == '#'))
                        .map_or(rest.len(), |(p, _)| p)
                }
            };
            if raw[i..].starts_with(c) && len == 1 {
                // A bare `&` standing for itself.
                push(&decoded[j..j + clen], TextRange::new(at, at + 1), true);
                i += 1;
                j += clen;
                continue;
            }
            push(&decoded[j..j + clen], TextRange::new(at, at + len), false);
            i += len;
            j += clen;
        } else if rb[i] == b'\r' {
            // `\r\n` and a lone `\r` are read as `\n`.
            let len = if raw[i..].starts_with("\r\n") { 2 } else { 1 };
            push(&decoded[j..j + clen], TextRange::new(at, at + len), false);
            i += len;
            j += clen;
        } else {
            let rlen = raw[i..].chars().next().map_or(1, char::len_utf8);
            push(&decoded[j..j + clen], TextRange::new(at, at + rlen), false);
            i += rlen;
            j += clen;
        }
    }
    pieces
}

// ---------------------------------------------------------------------------
// Writing the reading.

struct Layout<'a, 's> {
    dom: &'a Dom<'s>,
    writer: &'a mut Writer,
    /// Writing a Markdown file's lines ([`read_markdown`]): a line break in the text ends a
    /// line, a `<br>` is a break inside it, and the lines keep their `|`.
    markdown: bool,
}

/// Longest text a data-table cell holds before the table is taken as layout.
const MAX_DATA_CELL_CHARS: usize = 300;

impl<'a, 's> Layout<'a, 's> {
    /// Writes the flow content of `id`: paragraphs, headings and tables.
    fn flow(&mut self, id: NodeId) {
        let mut line: Vec<Piece<'a>> = Vec::new();
        let mut heading = None;
        self.flow_into(id, &mut line, &mut heading, 0);
        self.writer.paragraph(heading, &line);
    }

    fn flush(&mut self, line: &mut Vec<Piece<'a>>, heading: &mut Option<u8>) {
        if self.markdown {
            self.writer.markdown_line(heading.take(), line);
        } else {
            self.writer.paragraph(heading.take(), line);
        }
        line.clear();
    }

    /// A Markdown file's text: each line break ends a line; an empty line stays one.
    fn markdown_text(
        &mut self,
        pieces: &'a [TextPiece],
        line: &mut Vec<Piece<'a>>,
        heading: &mut Option<u8>,
    ) {
        for p in pieces {
            if !p.verbatim || !p.text.contains('\n') {
                line.push(piece(p));
                continue;
            }
            let mut from = 0;
            for (at, _) in p.text.match_indices('\n') {
                if at > from {
                    line.push(Piece::Source {
                        text: &p.text[from..at],
                        src: Some(p.src.start + from),
                    });
                }
                // A line without text is an empty line (a paragraph break).
                // (A heading waits for its text.)
                if self.writer.markdown_line(*heading, line) {
                    *heading = None;
                } else {
                    self.writer.blank_line();
                }
                line.clear();
                from = at + 1;
            }
            if from < p.text.len() {
                line.push(Piece::Source {
                    text: &p.text[from..],
                    src: Some(p.src.start + from),
                });
            }
        }
    }

    fn flow_into(
        &mut self,
        id: NodeId,
        line: &mut Vec<Piece<'a>>,
        heading: &mut Option<u8>,
        depth: usize,
    ) {
        let dom = self.dom;
        match &dom.nodes[id].kind {
            Kind::Text(pieces) if self.markdown => self.markdown_text(pieces, line, heading),
            Kind::Text(pieces) => line.extend(pieces.iter().map(piece)),
            Kind::Element(e) => {
                let name = e.name.as_str();
                if name == "table" && depth < MAX_DEPTH && self.dom.is_data_table(id) {
                    self.flush(line, heading);
                    self.table(id);
                    if self.markdown {
                        self.writer.blank_line();
                    }
                    return;
                }
                if self.markdown && name == "br" {
                    line.push(Piece::Break);
                    return;
                }
                let block = BLOCK.contains(&name);
                if block {
                    self.flush(line, heading);
                }
                if let Some(level) = name
                    .strip_prefix('h')
                    .and_then(|l| l.parse::<u8>().ok())
                    .filter(|l| (1..=6).contains(l))
                {
                    *heading = Some(level);
                }
                for &c in &dom.nodes[id].children {
                    self.flow_into(c, line, heading, depth + 1);
                }
                if block {
                    self.flush(line, heading);
                }
            }
        }
    }

    /// Writes a data table: one line per row, each cell once (a cell merged
    /// over later rows or columns is not repeated there).
    fn table(&mut self, table: NodeId) {
        let dom = self.dom;
        let mut rows: Vec<Vec<NodeId>> = Vec::new();
        // Cells directly under the table or a row group, without a `<tr>`, form a row.
        let mut loose: Vec<NodeId> = Vec::new();
        // Rows of this table only: not those of a table nested in a cell.
        let mut stack: Vec<NodeId> = dom.nodes[table].children.iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            let name = dom.name(id);
            if matches!(name, "td" | "th") {
                loose.push(id);
                continue;
            }
            if !loose.is_empty() && dom.element(id).is_some() {
                rows.push(std::mem::take(&mut loose));
            }
            match name {
                "tr" => rows.push(
                    dom.nodes[id]
                        .children
                        .iter()
                        .copied()
                        .filter(|&c| matches!(dom.name(c), "td" | "th"))
                        .collect(),
                ),
                "thead" | "tbody" | "tfoot" | "form" => {
                    stack.extend(dom.nodes[id].children.iter().rev().copied())
                }
                _ => {}
            }
        }
        if !loose.is_empty() {
            rows.push(loose);
        }
        for row in rows {
            let cells: Vec<CellPieces> = row
                .iter()
                .map(|&cell| {
                    let mut pieces = Vec::new();
                    self.cell_pieces(cell, &mut pieces);
                    CellPieces {
                        pieces,
                        anchor: dom.element(cell).map(|e| e.inner),
                    }
                })
                .collect();
            self.writer.row(&cells);
        }
    }

    /// A cell's text: its paragraphs and line breaks joined.
    fn cell_pieces(&self, id: NodeId, out: &mut Vec<Piece<'a>>) {
        let dom = self.dom;
        for &c in &dom.nodes[id].children {
            match &dom.nodes[c].kind {
                Kind::Text(pieces) => out.extend(pieces.iter().map(piece)),
                Kind::Element(e) => {
                    let block = BLOCK.contains(&e.name.as_str());
                    if block {
                        out.push(Piece::Break);
                    }
                    self.cell_pieces(c, out);
                    if block {
                        out.push(Piece::Break);
                    }
                }
            }
        }
    }
}

fn piece(p: &TextPiece) -> Piece<'_> {
    if p.verbatim {
        Piece::Source {
            text: &p.text,
            src: Some(p.src.start),
        }
    } else {
        Piece::Decoded {
            text: &p.text,
            src: Some(p.src),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(html: &str) -> String {
        read(html).text
    }

    #[test]
    fn markdown_keeps_its_lines_and_reads_its_html_tables() {
        let md = "# <span style=\"x\">某局</span>2019年报告\n\n| a | b |\n|---|---|\n| 规章 | 1 |\n\n<table>\n<tr><td><p>本年新<br />\n制作数量</p></td><td colspan=\"2\">&nbsp;</td></tr>\n</table>\n\n三、收到\n";
        assert!(markdown_has_html(md));
        let doc = read_markdown(md);
        assert_eq!(
            doc.text,
            "# 某局2019年报告\n\n| a | b |\n|---|---|\n| 规章 | 1 |\n\n| 本年新制作数量 |  |\n\n三、收到\n"
        );
        let cell = doc.text.find("规章").unwrap();
        assert_eq!(
            doc.to_source(TextRange::new(cell, cell + "规章".len())),
            TextRange::new(md.find("规章").unwrap(), md.find("规章").unwrap() + 6)
        );
        assert!(!markdown_has_html("| a<br>b | 1 |\n"));
    }

    #[test]
    fn paragraphs_headings_and_cells() {
        let html = "<html><head><title>x</title><script>var a='<p>';</script></head><body>\
            <h2>二、主动公开政府信息情况</h2><p>正文<br>第二行</p>\
            <table><tr><td colspan=2>信息内容</td><td>本年制发件数</td></tr>\
            <tr><td rowspan=2>第二十条</td><td>规章</td><td><p>1</p></td></tr>\
            <tr><td>行政<br>规范性文件</td><td>&nbsp;</td></tr></table></body></html>";
        assert_eq!(
            reading(html),
            "## 二、主动公开政府信息情况\n正文\n第二行\n| 信息内容 | 本年制发件数 |\n\
             | 第二十条 | 规章 | 1 |\n| 行政规范性文件 |  |\n"
        );
    }

    #[test]
    fn cells_map_back_to_the_source() {
        let html = "<table><tr><td><span>规章</span></td><td> 12 </td><td>&nbsp;</td></tr></table>";
        let doc = read(html);
        let text = &doc.text;
        let at = text.find("12").unwrap();
        let range = TextRange::new(at, at + 2);
        let src = doc.editable(range, "13").unwrap();
        assert_eq!(&html[src.start..src.end], "12");
        let label = text.find("规章").unwrap();
        assert_eq!(
            doc.to_source(TextRange::new(label, label + 6)),
            TextRange::new(html.find("规章").unwrap(), html.find("规章").unwrap() + 6)
        );
        // The `&nbsp;` cell is blank: a value typed there goes just after its `<td>`.
        let blank = text.rfind("|  |").unwrap() + 3;
        let at = html.rfind("&nbsp;").unwrap();
        assert_eq!(
            doc.editable(TextRange::empty(blank), "0"),
            Some(TextRange::empty(at))
        );
    }

    #[test]
    fn nested_layout_tables_are_flow() {
        let html = "<table><tr><td><p>一、总体情况</p><table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>";
        assert_eq!(reading(html), "一、总体情况\n| 规章 | 0 |\n");
    }

    #[test]
    fn the_body_is_where_the_text_is() {
        let article =
            "<p>一、总体情况</p><p>".to_string() + &"本机关认真贯彻条例。".repeat(20) + "</p>";
        let html = format!(
            "<body><div class=nav><a>首页</a><a>政务公开</a></div><div><div class=t>当前位置：首页</div>\
             <div class=content>{article}</div></div><div class=foot>版权所有 主办单位：某局</div></body>"
        );
        let text = reading(&html);
        assert!(text.starts_with("一、总体情况\n"), "{text}");
        assert!(!text.contains("版权所有"), "{text}");
    }

    #[test]
    fn charset_from_meta() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<meta charset=gb2312><p>一、总体情况</p>");
        assert_eq!(read_bytes(&gbk).unwrap().text, "一、总体情况\n");
        let (gbk, _, _) = encoding_rs::GBK.encode(
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GBK\"><p>规章</p>",
        );
        assert_eq!(read_bytes(&gbk).unwrap().text, "规章\n");
    }

    #[test]
    fn entities_are_not_editable_in_place() {
        let html = "<p>a&amp;b 规章</p>";
        let doc = read(html);
        assert_eq!(doc.text, "a&b 规章\n");
        let amp = TextRange::new(1, 2);
        assert_eq!(doc.editable(amp, "x"), None);
        assert_eq!(doc.to_source(amp), TextRange::new(4, 9));
        let label = TextRange::new(4, 10);
        let src = doc.editable(label, "规章").unwrap();
        assert_eq!(&html[src.start..src.end], "规章");
    }
}
