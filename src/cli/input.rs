//! Reading report files: expanding folders, decoding, clear reasons on failure.

use std::path::{Path, PathBuf};

use crate::text::decode::decode;

/// A file given on the command line, read or not.
pub struct Input {
    pub path: PathBuf,
    pub text: Result<String, String>,
}

/// Expands folders into the `.txt` and `.md` files under them (sorted); files
/// named explicitly are taken whatever their extension.
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found);
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("txt" | "md" | "markdown")) {
            out.push(path);
        }
    }
}

pub fn read(path: &Path) -> Input {
    let text = match std::fs::read(path) {
        Ok(bytes) => decode(&bytes).map(|d| d.text).map_err(|e| e.to_string()),
        Err(e) => Err(io_reason(&e)),
    };
    Input {
        path: path.to_path_buf(),
        text,
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if e.raw_os_error() == Some(21) => "is a directory".to_string(),
        _ => e.to_string(),
    }
}
