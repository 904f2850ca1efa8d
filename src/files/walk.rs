//! Expanding the paths given on the command line into the report files to read.
//!
//! Folders are walked in name order. Their entries are looked at (`stat`), never opened: a
//! named pipe, socket or device is skipped, so a FIFO called `x.txt` cannot block the walk.
//! Links are followed, and every real file and folder is taken once, by its (device, inode)
//! (its canonical path where there are no inodes): a link back to a folder already walked is
//! not walked again, and a file reached twice is checked once. Hidden entries (a name
//! starting with `.`) are passed over silently; every other entry that is not taken is
//! returned with its reason, for the front end to print one line each.
//!
//! A file named on the command line is always read, whatever its extension or kind.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::check::Lang;

/// Extensions (lowercase) of the formats reports are read from.
pub const REPORT_EXTENSIONS: [&str; 8] = [
    "txt", "md", "markdown", "html", "htm", "shtml", "docx", "pdf",
];

/// What the walk found, in order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Walk {
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A file to read.
    File(PathBuf),
    /// Something not taken, with why.
    Skipped(Skipped),
}

#[cfg(test)]
impl Walk {
    /// The files to read, in order.
    pub fn files(&self) -> impl Iterator<Item = &PathBuf> + '_ {
        self.entries.iter().filter_map(|e| match e {
            Entry::File(p) => Some(p),
            Entry::Skipped(_) => None,
        })
    }

    /// What was not taken, in order.
    pub fn skipped(&self) -> impl Iterator<Item = &Skipped> + '_ {
        self.entries.iter().filter_map(|e| match e {
            Entry::Skipped(s) => Some(s),
            Entry::File(_) => None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// Why an entry was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// A report format nianbao cannot read (`doc`, `wps`, `ofd`): the format's name and what
    /// to save it as instead.
    Unsupported {
        format: &'static str,
        save_as: &'static str,
    },
    /// Not a report format (another extension, or none).
    NotReport,
    /// A named pipe, socket or device: the kind.
    Special(SpecialKind),
    /// The same file as one taken already.
    SameFile(PathBuf),
    /// The same folder as one walked already (a link loop, or a folder given twice).
    SameFolder(PathBuf),
    /// A link that leads nowhere: the reason it cannot be followed.
    BrokenLink(Why),
    /// A folder that cannot be listed, or an entry that cannot be looked at.
    Unreadable(Why),
}

/// What the system said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    NotFound,
    PermissionDenied,
    /// The system's own words.
    Other(String),
}

impl Why {
    fn of(e: &std::io::Error) -> Why {
        match e.kind() {
            std::io::ErrorKind::NotFound => Why::NotFound,
            std::io::ErrorKind::PermissionDenied => Why::PermissionDenied,
            _ => Why::Other(e.to_string()),
        }
    }

    fn message(&self, zh: bool) -> String {
        match (self, zh) {
            (Why::NotFound, true) => "目标不存在".into(),
            (Why::NotFound, false) => "its target does not exist".into(),
            (Why::PermissionDenied, true) => "没有权限".into(),
            (Why::PermissionDenied, false) => "permission denied".into(),
            (Why::Other(s), _) => s.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecialKind {
    Fifo,
    Socket,
    Device,
    Other,
}

impl SkipReason {
    /// Is this a report that could not be read (which makes `check` exit with 2)?
    #[must_use]
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            SkipReason::Unsupported { .. } | SkipReason::Unreadable(_)
        )
    }

    /// The reason in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let zh = matches!(lang, Lang::Zh);
        match self {
            SkipReason::Unsupported { format, save_as } => {
                let ext = save_as.to_ascii_lowercase();
                let target = if *save_as == "PDF" {
                    "PDF".to_string()
                } else {
                    format!(".{ext}")
                };
                if zh {
                    format!("不支持 {format} 格式，请另存为 {target} 后再检查")
                } else {
                    format!(
                        "the {format} format is not supported; save it as {target} and check again"
                    )
                }
            }
            SkipReason::NotReport => {
                let list = "txt、md、html、docx、pdf";
                if zh {
                    format!("不是报告文件格式，已跳过（只检查 {list} 文件）")
                } else {
                    "not a report format, skipped (only txt, md, html, docx and pdf files are checked)"
                        .to_string()
                }
            }
            SkipReason::Special(kind) => {
                let (k_zh, k_en) = match kind {
                    SpecialKind::Fifo => ("命名管道", "a named pipe"),
                    SpecialKind::Socket => ("套接字", "a socket"),
                    SpecialKind::Device => ("设备文件", "a device"),
                    SpecialKind::Other => ("特殊文件", "a special file"),
                };
                if zh {
                    format!("不是普通文件（{k_zh}），未打开")
                } else {
                    format!("not a regular file ({k_en}), not opened")
                }
            }
            SkipReason::SameFile(first) => {
                let first = first.display();
                if zh {
                    format!("与 {first} 是同一个文件，只检查一次")
                } else {
                    format!("the same file as {first}, checked once")
                }
            }
            SkipReason::SameFolder(first) => {
                let first = first.display();
                if zh {
                    format!("与 {first} 是同一个文件夹（链接循环或重复给出），不再进入")
                } else {
                    format!("the same folder as {first} (a link loop, or given twice), not walked again")
                }
            }
            SkipReason::BrokenLink(why) => {
                let why = why.message(zh);
                if zh {
                    format!("链接无法打开（{why}）")
                } else {
                    format!("a link that cannot be followed ({why})")
                }
            }
            SkipReason::Unreadable(why) => {
                let why = why.message(zh);
                if zh {
                    format!("无法列出或查看（{why}）")
                } else {
                    format!("cannot be listed or looked at ({why})")
                }
            }
        }
    }
}

/// A report format that cannot be read: its name and what to save it as.
fn unsupported(ext: &str) -> Option<(&'static str, &'static str)> {
    match ext {
        "doc" => Some(("DOC (Word 97–2003)", "DOCX")),
        "wps" => Some(("WPS", "DOCX")),
        "ofd" => Some(("OFD", "PDF")),
        _ => None,
    }
}

/// Identity of a real file or folder.
type Id = (u64, u64);

#[cfg(unix)]
fn id_of(path: &Path, meta: &std::fs::Metadata) -> Option<Id> {
    use std::os::unix::fs::MetadataExt;
    let _ = path;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn id_of(path: &Path, _meta: &std::fs::Metadata) -> Option<Id> {
    use std::hash::{Hash, Hasher};
    let canonical = std::fs::canonicalize(path).ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    canonical.hash(&mut h);
    Some((0, h.finish()))
}

#[cfg(unix)]
fn special_kind(ft: std::fs::FileType) -> SpecialKind {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        SpecialKind::Fifo
    } else if ft.is_socket() {
        SpecialKind::Socket
    } else if ft.is_block_device() || ft.is_char_device() {
        SpecialKind::Device
    } else {
        SpecialKind::Other
    }
}

#[cfg(not(unix))]
fn special_kind(_ft: std::fs::FileType) -> SpecialKind {
    SpecialKind::Other
}

struct Walker {
    out: Walk,
    files: HashMap<Id, PathBuf>,
    folders: HashMap<Id, PathBuf>,
}

impl Walker {
    fn skip(&mut self, path: PathBuf, reason: SkipReason) {
        self.out
            .entries
            .push(Entry::Skipped(Skipped { path, reason }));
    }

    /// Takes a file unless the same file was taken already.
    fn take(&mut self, path: PathBuf, id: Option<Id>) {
        if let Some(id) = id {
            if let Some(first) = self.files.get(&id) {
                let first = first.clone();
                self.skip(path, SkipReason::SameFile(first));
                return;
            }
            self.files.insert(id, path.clone());
        }
        self.out.entries.push(Entry::File(path));
    }

    fn folder(&mut self, dir: &Path, meta: &std::fs::Metadata) {
        if let Some(id) = id_of(dir, meta) {
            if let Some(first) = self.folders.get(&id) {
                let first = first.clone();
                self.skip(dir.to_path_buf(), SkipReason::SameFolder(first));
                return;
            }
            self.folders.insert(id, dir.to_path_buf());
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.skip(dir.to_path_buf(), SkipReason::Unreadable(Why::of(&e)));
                return;
            }
        };
        let mut entries: Vec<(std::ffi::OsString, PathBuf, Option<std::fs::FileType>)> = entries
            .map(|entry| match entry {
                Ok(e) => (e.file_name(), e.path(), e.file_type().ok()),
                Err(_) => (Default::default(), dir.to_path_buf(), None),
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, path, file_type) in entries {
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            self.entry(path, file_type);
        }
    }

    fn entry(&mut self, path: PathBuf, file_type: Option<std::fs::FileType>) {
        // Follow a link (once: its target is looked at, not listed again by name).
        let meta = match file_type {
            Some(ft) if !ft.is_symlink() => std::fs::symlink_metadata(&path),
            _ => std::fs::metadata(&path),
        };
        let meta = match meta {
            Ok(m) => m,
            Err(e) => {
                let is_link = file_type.is_some_and(|ft| ft.is_symlink());
                let reason = if is_link {
                    SkipReason::BrokenLink(Why::of(&e))
                } else {
                    SkipReason::Unreadable(Why::of(&e))
                };
                self.skip(path, reason);
                return;
            }
        };
        let ft = meta.file_type();
        if ft.is_dir() {
            self.folder(&path, &meta);
        } else if ft.is_file() {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .unwrap_or_default();
            if REPORT_EXTENSIONS.contains(&ext.as_str()) {
                let id = id_of(&path, &meta);
                self.take(path, id);
            } else if let Some((format, save_as)) = unsupported(&ext) {
                self.skip(path, SkipReason::Unsupported { format, save_as });
            } else {
                self.skip(path, SkipReason::NotReport);
            }
        } else {
            self.skip(path, SkipReason::Special(special_kind(ft)));
        }
    }
}

/// The files under `paths` (see the module docs).
#[must_use]
pub fn expand(paths: &[PathBuf]) -> Walk {
    let mut w = Walker {
        out: Walk::default(),
        files: HashMap::new(),
        folders: HashMap::new(),
    };
    for p in paths {
        match std::fs::metadata(p) {
            Ok(meta) if meta.is_dir() => w.folder(p, &meta),
            // Named explicitly: read, whatever it is (a missing file is reported by the reader).
            Ok(meta) => {
                let id = id_of(p, &meta);
                w.take(p.clone(), id);
            }
            Err(_) => w.out.entries.push(Entry::File(p.clone())),
        }
    }
    w.out
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn tmp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("nianbao-walk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn mkfifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo");
        assert!(status.success());
    }

    #[test]
    fn takes_each_real_file_once_and_says_why_for_the_rest() {
        let d = tmp("once");
        std::fs::write(d.join("a.txt"), "x").unwrap();
        std::fs::write(d.join("B.MD"), "x").unwrap();
        std::fs::write(d.join("c.Html"), "x").unwrap();
        std::fs::write(d.join("d.doc"), "x").unwrap();
        std::fs::write(d.join("e.ofd"), "x").unwrap();
        std::fs::write(d.join("f.xlsx"), "x").unwrap();
        std::fs::write(d.join("g"), "x").unwrap();
        std::fs::write(d.join(".hidden.txt"), "x").unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/h.pdf"), "x").unwrap();
        mkfifo(&d.join("x.txt"));
        symlink(".", d.join("loop")).unwrap();
        symlink("..", d.join("sub/up")).unwrap();
        symlink("a.txt", d.join("same.txt")).unwrap();
        symlink("nowhere.txt", d.join("broken.txt")).unwrap();
        let w = expand(std::slice::from_ref(&d));
        let names: Vec<String> = w
            .files()
            .map(|p| p.strip_prefix(&d).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["B.MD", "a.txt", "c.Html", "sub/h.pdf"]);
        let skipped: Vec<(String, SkipReason)> = w
            .skipped()
            .map(|s| {
                (
                    s.path.strip_prefix(&d).unwrap().display().to_string(),
                    s.reason.clone(),
                )
            })
            .collect();
        assert_eq!(
            skipped,
            [
                (
                    "broken.txt".to_string(),
                    SkipReason::BrokenLink(Why::NotFound)
                ),
                (
                    "d.doc".into(),
                    SkipReason::Unsupported {
                        format: "DOC (Word 97–2003)",
                        save_as: "DOCX"
                    }
                ),
                (
                    "e.ofd".into(),
                    SkipReason::Unsupported {
                        format: "OFD",
                        save_as: "PDF"
                    }
                ),
                ("f.xlsx".into(), SkipReason::NotReport),
                ("g".into(), SkipReason::NotReport),
                ("loop".into(), SkipReason::SameFolder(d.clone())),
                ("same.txt".into(), SkipReason::SameFile(d.join("a.txt"))),
                ("sub/up".into(), SkipReason::SameFolder(d.clone())),
                ("x.txt".into(), SkipReason::Special(SpecialKind::Fifo)),
            ]
        );
        // Two loops: still one pass.
        symlink("..", d.join("sub/up2")).unwrap();
        let w = expand(&[d.clone(), d.join("sub")]);
        assert_eq!(w.files().count(), 4);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_file_named_explicitly_is_always_taken() {
        let d = tmp("explicit");
        std::fs::write(d.join("report.doc"), "x").unwrap();
        std::fs::write(d.join("notes"), "x").unwrap();
        let files = [d.join("report.doc"), d.join("notes"), d.join("missing.txt")];
        let w = expand(&files);
        assert_eq!(w.files().cloned().collect::<Vec<_>>(), files);
        assert_eq!(w.skipped().count(), 0);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn reasons_are_in_one_language() {
        let reasons = [
            SkipReason::Unsupported {
                format: "WPS",
                save_as: "DOCX",
            },
            SkipReason::Unsupported {
                format: "OFD",
                save_as: "PDF",
            },
            SkipReason::NotReport,
            SkipReason::Special(SpecialKind::Fifo),
            SkipReason::SameFile("a.txt".into()),
            SkipReason::SameFolder("d".into()),
        ];
        for r in &reasons {
            let en = r.message(Lang::En);
            assert!(
                !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{en}"
            );
            let zh = r.message(Lang::Zh);
            let words = zh
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 3 && !["docx", "DOCX", "html"].contains(w))
                .count();
            assert_eq!(words, 0, "{zh}");
        }
        assert!(reasons[0].message(Lang::Zh).contains(".docx"));
        assert!(reasons[1].message(Lang::En).contains("PDF"));
    }
}
