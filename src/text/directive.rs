//! Suppression comments as written: `<!-- nianbao-disable-next-line row-total -->`, or in
//! plain text `// nianbao-disable-next-line row-total`, alone on their line.
//!
//! This is only the lexical part (what a line says); what a comment suppresses and where its
//! scope ends is decided by [`crate::check::suppress`]. The syntax layer reads a line that
//! is such a comment as a blank line, so that a comment put between the rows of a table
//! does not break the table apart.

/// The marker every suppression comment contains (what a scan for comments looks for).
pub const MARKER: &str = "nianbao-";

/// What a suppression comment does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `nianbao-disable-next-line CODE…`: the next line that has content.
    NextLine,
    /// `nianbao-disable CODE…`: from here to the next `nianbao-enable` (or the end).
    Disable,
    /// `nianbao-enable [CODE…]`: ends a `nianbao-disable` of these codes (all when none).
    Enable,
    /// `nianbao-disable-file CODE…`: the whole file.
    File,
    /// `nianbao-` followed by something that is none of these (a misspelt comment).
    Unknown,
}

impl Kind {
    /// The keyword after `nianbao-`.
    pub fn keyword(self) -> &'static str {
        match self {
            Kind::NextLine => "disable-next-line",
            Kind::Disable => "disable",
            Kind::Enable => "enable",
            Kind::File => "disable-file",
            Kind::Unknown => "",
        }
    }
}

/// The comment syntax a directive is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// `<!-- … -->` (Markdown, HTML, also accepted in plain text).
    Html,
    /// `// …` (plain text and Markdown).
    Line,
}

/// One suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive<'a> {
    pub kind: Kind,
    pub form: Form,
    /// The rule codes named, in order (none: every rule).
    pub codes: Vec<&'a str>,
    /// What follows ` -- ` (why the finding is suppressed), trimmed.
    pub reason: Option<&'a str>,
    /// For [`Kind::Unknown`]: the word written after `nianbao-`.
    pub keyword: &'a str,
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// The directive a whole line is, if it is one: a `<!-- nianbao-… -->` comment or a
/// `// nianbao-…` comment with nothing else on the line but whitespace.
#[must_use]
pub fn parse(line: &str) -> Option<Directive<'_>> {
    let trimmed = line.trim_matches(is_space);
    let (body, form) = if let Some(inner) = trimmed
        .strip_prefix("<!--")
        .and_then(|s| s.strip_suffix("-->"))
    {
        (inner, Form::Html)
    } else if let Some(inner) = trimmed.strip_prefix("//") {
        (inner, Form::Line)
    } else {
        return None;
    };
    let body = body.trim_matches(is_space).strip_prefix(MARKER)?;
    // An HTML comment closes at its first `-->`: nothing may follow inside.
    if form == Form::Html && body.contains("-->") {
        return None;
    }
    let (words, reason) = match split_reason(body) {
        Some((words, reason)) => (words, Some(reason).filter(|r| !r.is_empty())),
        None => (body, None),
    };
    let keyword_end = words.find(is_space).unwrap_or(words.len());
    let (keyword, rest) = words.split_at(keyword_end);
    let kind = match keyword {
        "disable-next-line" => Kind::NextLine,
        "disable" => Kind::Disable,
        "enable" => Kind::Enable,
        "disable-file" => Kind::File,
        _ => Kind::Unknown,
    };
    let codes = rest
        .split(|c: char| is_space(c) || matches!(c, ',' | '，' | '、'))
        .filter(|c| !c.is_empty())
        .collect();
    Some(Directive {
        kind,
        form,
        codes,
        reason,
        keyword,
    })
}

/// `words -- reason`: the `--` standing alone between spaces.
fn split_reason(body: &str) -> Option<(&str, &str)> {
    let mut from = 0;
    while let Some(i) = body[from..].find("--").map(|i| i + from) {
        let before = body[..i].chars().next_back();
        let after = body[i + 2..].chars().next();
        if before.is_some_and(is_space) && after.is_none_or(is_space) {
            return Some((&body[..i], body[i + 2..].trim_matches(is_space)));
        }
        from = i + 2;
    }
    None
}

/// Is the whole line a suppression comment (of any form)?
#[must_use]
pub fn is_directive_line(line: &str) -> bool {
    line.contains(MARKER) && parse(line).is_some()
}

/// The comment that suppresses `codes` on the line after it, in `form`.
#[must_use]
pub fn render(kind: Kind, form: Form, codes: &[&str], reason: Option<&str>) -> String {
    let mut body = format!("{MARKER}{}", kind.keyword());
    for (i, c) in codes.iter().enumerate() {
        body.push_str(if i == 0 { " " } else { ", " });
        body.push_str(c);
    }
    if let Some(r) = reason {
        body.push_str(" -- ");
        body.push_str(r);
    }
    match form {
        Form::Html => format!("<!-- {body} -->"),
        Form::Line => format!("// {body}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_forms() {
        let d = parse("  <!-- nianbao-disable-next-line row-total, missing-value -->\r").unwrap();
        assert_eq!(d.kind, Kind::NextLine);
        assert_eq!(d.form, Form::Html);
        assert_eq!(d.codes, ["row-total", "missing-value"]);
        assert_eq!(d.reason, None);
        let d = parse("// nianbao-disable missing-value -- 原表如此").unwrap();
        assert_eq!(
            (d.kind, d.form, d.codes.clone(), d.reason),
            (
                Kind::Disable,
                Form::Line,
                vec!["missing-value"],
                Some("原表如此")
            )
        );
        let d = parse("<!--nianbao-enable-->").unwrap();
        assert_eq!((d.kind, d.codes.len()), (Kind::Enable, 0));
        let d = parse("<!-- nianbao-disable-file label-variant、row-total -->").unwrap();
        assert_eq!(d.kind, Kind::File);
        assert_eq!(d.codes, ["label-variant", "row-total"]);
        let d = parse("<!-- nianbao-disable-nextline row-total -->").unwrap();
        assert_eq!((d.kind, d.keyword), (Kind::Unknown, "disable-nextline"));
    }

    #[test]
    fn other_lines_are_not_directives() {
        for line in [
            "",
            "自然人 | 3 |",
            "<!-- 一个普通的注释 -->",
            "// 不是指令",
            "见 nianbao-disable-next-line 的说明",
            "<!-- nianbao-disable row-total --> 后面还有字",
            "<!-- nianbao-disable row-total --> <!-- x -->",
            "<!-- nianbao-disable row-total",
        ] {
            assert_eq!(parse(line), None, "{line:?}");
            assert!(!is_directive_line(line), "{line:?}");
        }
    }

    #[test]
    fn renders_what_it_reads() {
        for form in [Form::Html, Form::Line] {
            let s = render(
                Kind::NextLine,
                form,
                &["row-total", "balance"],
                Some("已核实"),
            );
            let d = parse(&s).unwrap();
            assert_eq!(d.kind, Kind::NextLine);
            assert_eq!(d.codes, ["row-total", "balance"]);
            assert_eq!(d.reason, Some("已核实"));
        }
        assert_eq!(
            render(Kind::NextLine, Form::Html, &["row-total"], None),
            "<!-- nianbao-disable-next-line row-total -->"
        );
        assert_eq!(
            render(Kind::NextLine, Form::Line, &["row-total"], None),
            "// nianbao-disable-next-line row-total"
        );
    }
}
