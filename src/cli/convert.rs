//! `nianbao convert --to md FILE`: a report in any form nianbao reads (text, Markdown, an HTML
//! page, a `.docx`, a PDF) rewritten as tidy Markdown, values and prose unchanged — to start
//! this year's draft in an editor from last year's published page or Word file.

use std::path::Path;

use crate::files::input::read;
use crate::ide::format::to_markdown;
use crate::lang::Lang;

pub fn run(path: &Path, lang: Lang) -> i32 {
    let shown = path.display().to_string();
    let text = match read(path).doc {
        Ok(doc) => doc.text,
        Err(reason) => {
            eprintln!("nianbao: {shown}: {}", reason.get(lang));
            return 2;
        }
    };
    let converted = to_markdown(&text);
    for (kind, title, line) in &converted.kept {
        let line = line + 1;
        match lang {
            Lang::Zh => eprintln!(
                "nianbao: {shown}:{line}: 「{title}」表格保留原样式（转为 Markdown 后读出的内容会不同）"
            ),
            Lang::En => eprintln!(
                "nianbao: {shown}:{line}: the {kind} table is kept in its own layout (its Markdown form would not read back the same)"
            ),
        }
    }
    print!("{}", converted.text);
    0
}
