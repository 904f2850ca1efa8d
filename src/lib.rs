//! nianbao (年报): a checker for China's government information-disclosure
//! annual reports (政府信息公开工作年度报告).
//!
//! Layers, each depending only on the ones above it:
//! - [`text`]: byte ranges, line index, positions, decoding, label keys;
//! - [`read`]: the text of other file formats (a PDF's text layer);
//! - [`syntax`]: lines, headings and table cells;
//! - [`template`]: the official templates, as data;
//! - [`model`]: the report aligned to its template;
//! - [`check`]: the rule catalog, findings and fixes;
//! - [`export`]: the model and findings as JSON data;
//! - [`incremental`]: re-checking only the section an edit touched;
//! - [`ide`]: editor features (hover, outline, completion, formatting) on the model;
//! - `files`: reports on disk — folders walked, files read, `nianbao.toml` found, one file
//!   checked — for the front ends;
//! - `cli` and `lsp`: thin front ends (the `cli` feature, on by default; the browser build
//!   in `crates/web` leaves them out).

pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
pub mod export;
// No files in a browser.
#[cfg(not(target_arch = "wasm32"))]
pub mod files;
pub mod ide;
pub mod incremental;
pub mod lang;
#[cfg(feature = "cli")]
pub mod lsp;
pub mod model;
pub mod read;
pub mod set;
pub mod skeleton;
pub mod syntax;
pub mod template;
pub mod text;
