//! The command line's own texts in the chosen language: `--help` and argument errors.
//!
//! The arguments are declared once (the derive in `mod.rs`, whose doc comments are the
//! English help); the Chinese help is that command with every text replaced from the tables
//! below. The language is `--lang` when the arguments give it, else `NIANBAO_LANG`, else
//! Chinese (the users' language), as for every other output.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::check::Lang;

/// The language of the command line's own texts for these arguments.
pub fn lang_of_args(args: &[std::ffi::OsString]) -> Lang {
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = args.next() {
        let value = match a.strip_prefix("--lang") {
            Some("") => args.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => continue,
        };
        match value.as_deref() {
            Some("en") => return Lang::En,
            Some("zh") => return Lang::Zh,
            _ => {}
        }
    }
    match std::env::var("NIANBAO_LANG").as_deref() {
        Ok("en") => Lang::En,
        _ => Lang::Zh,
    }
}

const ABOUT: &str = "政府信息公开工作年度报告检查工具与语言服务器";

const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

const PATHS: &str = "报告文件或文件夹（其中的 .txt、.md、.html、.docx 和 .pdf 文件）";

/// (subcommand, usage, about, long about, [(argument, help)]).
type Texts = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, &'static str)],
);

const SUBCOMMANDS: &[Texts] = &[
    (
        "extract",
        "nianbao extract [选项] <路径>...",
        "输出解析后的报告：年度、发布机关、各部分和按模板对齐的表格。",
        None,
        &[
            ("format", "输出格式：human（默认）或 json"),
            ("lang", "消息语言：zh 或 en"),
            ("paths", PATHS),
        ],
    ),
    (
        "check",
        "nianbao check [选项] <路径>...",
        "按规则目录检查报告。",
        Some(
            "按规则目录检查报告。\n\n\
             给出多个文件时，按发布机关和年度分组，每份报告还与同一机关上一年度的报告比较\
             （上年结转、现行有效件数、照抄上年文字）。\n\n\
             人工阅读的输出：每个问题附原文摘录，然后每个文件一行（无问题的为 `✓ 路径 — 无问题`，\
             否则为各级问题的个数）和汇总。`--format html -o 文件` 写出供审核人员使用的报告（一个独立网页）。\n\n\
             退出码：未发现错误级别的问题时为 0（只有警告也为 0）；发现错误级别的问题时为 1\
             （附带的样例有错误，因此 `nianbao check examples/reports` 的退出码为 1）；\
             路径无法读取或参数有误时为 2（2 优先于 1）。空文件不是年报，不算错误。",
        ),
        &[
            (
                "format",
                "输出格式：human（默认）、json、sarif 或 html（供审核人员使用的独立网页）",
            ),
            ("lang", "消息语言：zh 或 en；优先于 nianbao.toml 中的 lang"),
            (
                "severity",
                "只显示此级别及以上的问题：error > warning > info > hint",
            ),
            (
                "quiet",
                "人工阅读的输出中不显示问题详情和无问题的文件，只列出有问题的文件（每个一行）和汇总",
            ),
            ("output", "把输出写入此文件，而不是标准输出"),
            (
                "paths",
                "报告文件或文件夹（其中的 .txt、.md、.html、.docx 和 .pdf 文件）；`-` 读取标准输入",
            ),
        ],
    ),
    (
        "fix",
        "nianbao fix [选项] <路径>...",
        "就地应用修复（安全的修复；加 --unsafe 时也应用需复核的修复）。",
        Some(
            "就地应用修复（安全的修复；加 --unsafe 时也应用需复核的修复）。\n\n\
             退出码：不再有错误级别的问题时为 0，仍有时为 1，路径无法读取或写入时为 2。\
             加 --diff（不写入文件）时：输出了差异为 0，否则同上。",
        ),
        &[
            ("unsafe_fixes", "同时应用会改动作者所填数字的修复（需复核）"),
            ("diff", "输出修复的统一差异格式，而不写入文件"),
            ("lang", "消息语言：zh 或 en；优先于 nianbao.toml 中的 lang"),
            ("paths", PATHS),
        ],
    ),
    (
        "rules",
        "nianbao rules [选项]",
        "列出规则目录：代码、默认级别、范围、修复、说明。",
        None,
        &[("lang", "说明的语言：zh（默认）或 en")],
    ),
    (
        "explain",
        "nianbao explain [选项] <代码>",
        "输出一条规则的说明。",
        None,
        &[
            ("code", "规则代码，例如 row-total"),
            ("lang", "说明的语言：zh（默认）或 en"),
        ],
    ),
    (
        "lsp",
        "nianbao lsp",
        "在标准输入/输出上运行语言服务器（LSP）。",
        None,
        &[],
    ),
    (
        "new",
        "nianbao new --year <年度> [选项]",
        "输出某一年度现行模板的完整空白报告。",
        None,
        &[
            ("year", "报告年度（统计年度）"),
            ("format", "输出格式：md（默认）或 txt"),
            ("issuer", "发布机关，写入标题"),
        ],
    ),
    (
        "convert",
        "nianbao convert [选项] <文件>",
        "把报告改写为整齐的 Markdown 输出（数值和正文不变）。",
        None,
        &[
            ("to", "输出格式：md（默认）"),
            ("lang", "消息语言：zh 或 en"),
            ("file", "报告文件：纯文本、Markdown、HTML 网页、.docx 或 PDF"),
        ],
    ),
];

/// What an argument's value is called in the help (`<路径>`).
fn value_name(id: &str) -> Option<&'static str> {
    Some(match id {
        "paths" => "路径",
        "format" | "to" => "格式",
        "lang" => "语言",
        "severity" => "级别",
        "output" | "file" => "文件",
        "year" => "年度",
        "issuer" => "机关",
        "code" => "代码",
        _ => return None,
    })
}

fn help_arg() -> Arg {
    Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help("显示帮助")
        .help_heading("选项")
}

/// The command with its texts in `lang` (the declared ones are English).
pub fn localized(cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    let mut cmd = cmd
        .about(ABOUT)
        .help_template(TEMPLATE)
        .override_usage("nianbao <命令>")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(help_arg())
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    for &(name, usage, about, long, args) in SUBCOMMANDS {
        cmd = cmd.mut_subcommand(name, |mut sub| {
            sub = sub
                .about(about)
                .long_about(long)
                .help_template(TEMPLATE)
                .override_usage(usage)
                .disable_help_flag(true)
                .arg(help_arg());
            for &(id, help) in args {
                sub = sub.mut_arg(id, |a| {
                    let heading = if a.is_positional() {
                        "参数"
                    } else {
                        "选项"
                    };
                    let takes_values = a.get_action().takes_values();
                    let mut a = a.help(help).long_help(None::<&str>).help_heading(heading);
                    if let Some(name) = value_name(id) {
                        a = a.value_name(name);
                    }
                    if takes_values {
                        // Their values and default are in the help text, in words.
                        a.hide_default_value(true).hide_possible_values(true)
                    } else {
                        a
                    }
                });
            }
            sub
        });
    }
    cmd
}

/// An argument error in Chinese: what is wrong, with the argument or value it is about, and
/// where to read more. (English errors are clap's own.)
pub fn error_zh(e: &clap::Error) -> String {
    let context = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        _ => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let what = match e.kind() {
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("{arg} 的值 `{value}` 无效")
            } else {
                format!("{arg} 的值 `{value}` 无效，可选：{valid}")
            }
        }
        ErrorKind::UnknownArgument => format!("不认识的参数 `{arg}`"),
        ErrorKind::InvalidSubcommand => {
            let sub = context(ContextKind::InvalidSubcommand);
            format!("不认识的命令 `{sub}`")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::ArgumentConflict => format!("参数 {arg} 不能与其他参数同时使用"),
        ErrorKind::ValueValidation => format!("{arg} 的值 `{value}` 无效"),
        ErrorKind::TooManyValues => format!("多余的值 `{value}`"),
        _ => format!("参数有误：{}", e.kind()),
    };
    format!("错误：{what}\n\n运行 `nianbao --help` 查看用法。\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<std::ffi::OsString> {
        a.iter().map(Into::into).collect()
    }

    #[test]
    fn language_from_the_arguments() {
        assert_eq!(
            lang_of_args(&args(&["nianbao", "check", "--lang", "en"])),
            Lang::En
        );
        assert_eq!(
            lang_of_args(&args(&["nianbao", "rules", "--lang=en"])),
            Lang::En
        );
        assert_eq!(
            lang_of_args(&args(&["nianbao", "rules", "--lang", "zh"])),
            Lang::Zh
        );
    }
}
