//! `nianbao convert --to md FILE`: any readable layout rewritten as tidy Markdown, values and
//! prose unchanged.

use std::path::Path;

use super::input::read;
use crate::ide::format::to_markdown;

pub fn run(path: &Path) -> i32 {
    let shown = path.display().to_string();
    let text = match read(path).text {
        Ok(text) => text,
        Err(reason) => {
            eprintln!("nianbao: {shown}: {}", reason.en);
            return 2;
        }
    };
    let converted = to_markdown(&text);
    for (kind, line) in &converted.kept {
        eprintln!(
            "nianbao: {shown}:{}: the {kind} table is kept in its own layout (its Markdown form would not read back the same)",
            line + 1
        );
    }
    print!("{}", converted.text);
    0
}
