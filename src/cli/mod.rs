//! The command-line front end: argument parsing, reading files, printing.
//! No report logic lives here.

mod catalog;
mod check;
mod convert;
mod extract;
mod fix;
mod help;
mod html;
mod new;
pub mod render;
mod sarif;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "nianbao",
    version,
    about = "Checker and language server for government information-disclosure annual reports (政府信息公开工作年度报告)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the parsed report: year, issuer, sections and template-aligned tables.
    Extract {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Message language (zh or en).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Report files or folders (the .txt, .md, .html, .docx and .pdf files under them).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Check reports against the rule catalog.
    ///
    /// Human output: each finding with its excerpt, then one line per file (`✓ path — 无问题`
    /// for a clean one, else its counts) and a summary. `--format html -o FILE` writes a
    /// reviewer's report (one self-contained page).
    ///
    /// Exit status: 0 when nothing of error severity was found (warnings alone exit 0);
    /// 1 when something of error severity was found (the bundled samples have errors, so
    /// `nianbao check examples/reports` exits 1); 2 when a path could not be read or the
    /// arguments are wrong (2 wins over 1). An empty file is not a report, not an error.
    Check {
        /// Output format (html: a reviewer's report, one self-contained page).
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Message language; overrides `lang` in nianbao.toml.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Show only findings of this severity or above (error > warning > info > hint).
        #[arg(long, value_enum)]
        severity: Option<SeverityArg>,
        /// Human output: no finding details and no clean files, only the files with
        /// something to report (one line each) and the summary.
        #[arg(long, short)]
        quiet: bool,
        /// Write the output to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Report files or folders (the .txt, .md, .html, .docx and .pdf files under
        /// them); `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Apply fixes in place (safe ones; with --unsafe, needs-review ones too).
    ///
    /// Exit status: 0 when no error-severity finding remains, 1 when one does,
    /// 2 when a path could not be read or written. With --diff (nothing written): 0 when a
    /// diff was printed, else as without it.
    Fix {
        /// Also apply fixes that change numbers the author typed (needs review).
        #[arg(long = "unsafe")]
        unsafe_fixes: bool,
        /// Print a unified diff of the fixes instead of writing the files.
        #[arg(long)]
        diff: bool,
        /// Message language; overrides `lang` in nianbao.toml.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Report files or folders (the .txt, .md, .html, .docx and .pdf files under them).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// List the rule catalog: code, default severity, scope, fix, summary.
    Rules {
        /// Language of the summaries (default: Chinese).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Print a rule's documentation.
    Explain {
        /// The rule's code, e.g. row-total.
        code: String,
        /// Language of the documentation (default: Chinese).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Run the language server on stdin/stdout (LSP).
    Lsp,
    /// Print a complete blank report in the template in force for a year.
    New {
        /// The report year (统计年度).
        #[arg(long)]
        year: i32,
        #[arg(long, value_enum, default_value_t = NewFormat::Md)]
        format: NewFormat,
        /// The issuing agency, written in the title.
        #[arg(long)]
        issuer: Option<String>,
    },
    /// Print a report rewritten as tidy Markdown (values and prose unchanged).
    Convert {
        /// The output format.
        #[arg(long, value_enum, default_value_t = ConvertTo::Md)]
        to: ConvertTo,
        /// Message language (zh or en).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// The report file: text, Markdown, an HTML page, a .docx or a PDF.
        file: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewFormat {
    Md,
    Txt,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ConvertTo {
    Md,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Sarif,
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Error,
    Warning,
    Info,
    Hint,
}

impl From<SeverityArg> for crate::check::Severity {
    fn from(s: SeverityArg) -> Self {
        match s {
            SeverityArg::Error => crate::check::Severity::Error,
            SeverityArg::Warning => crate::check::Severity::Warning,
            SeverityArg::Info => crate::check::Severity::Info,
            SeverityArg::Hint => crate::check::Severity::Hint,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for crate::check::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Zh => crate::check::Lang::Zh,
            LangArg::En => crate::check::Lang::En,
        }
    }
}

/// Runs the CLI; returns the process exit status.
pub fn main() -> i32 {
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = help::lang_of_args(&args);
    let parsed = help::localized(Cli::command(), lang)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            if e.use_stderr() && lang == crate::check::Lang::Zh {
                eprint!("{}", help::error_zh(&e));
            } else {
                let _ = e.print();
            }
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Extract {
            format,
            lang,
            paths,
        } => extract::run(&paths, format, lang.map(Into::into).unwrap_or_default()),
        Command::Check {
            format,
            lang,
            severity,
            quiet,
            output,
            paths,
        } => check::run(
            &paths,
            &check::Options {
                format,
                lang: lang.map(Into::into),
                severity: severity.map(Into::into),
                quiet,
                output,
            },
        ),
        Command::Fix {
            unsafe_fixes,
            diff,
            lang,
            paths,
        } => fix::run(&paths, unsafe_fixes, diff, lang.map(Into::into)),
        Command::Rules { lang } => catalog::list(lang.map(Into::into).unwrap_or_default()),
        Command::Explain { code, lang } => {
            catalog::explain(&code, lang.map(Into::into).unwrap_or_default())
        }
        Command::Lsp => crate::lsp::run_stdio(),
        Command::New {
            year,
            format,
            issuer,
        } => new::run(
            year,
            match format {
                NewFormat::Md => crate::skeleton::Format::Markdown,
                NewFormat::Txt => crate::skeleton::Format::Text,
            },
            issuer,
        ),
        Command::Convert {
            to: ConvertTo::Md,
            lang,
            file,
        } => convert::run(&file, lang.map(Into::into).unwrap_or_default()),
    }
}

/// Writes `text` to standard output and flushes it: the one writer of the commands that print
/// a text (a closed pipe is the caller's to take as the end, `nianbao rules | head`).
fn write_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}
