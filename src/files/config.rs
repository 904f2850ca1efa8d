//! Which `nianbao.toml` applies to a report: the one in the report's folder or the nearest
//! parent folder that has one, each file read once. The one resolver of both front ends:
//! `nianbao check` reports a file's problems on stderr, the language server in the editor.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::check::config::ConfigError;
use crate::check::{Config, Lang};

/// Name of the per-folder configuration file.
pub const CONFIG_FILE: &str = "nianbao.toml";

/// A `nianbao.toml` as read from disk: what was fine in it applies, the rest is in
/// [`Self::problems`] (in the file's language: its `lang`, else Chinese).
#[derive(Debug)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub config: Config,
    pub problems: Vec<ConfigError>,
    /// Why the file could not be read at all (the defaults then apply).
    pub unreadable: Option<String>,
}

impl ConfigFile {
    /// Its problems as `shown:line: message` (`shown: message` without a line); that it could
    /// not be read in `lang`, the front end's language.
    #[must_use]
    pub fn problem_lines(&self, shown: &str, lang: Lang) -> Vec<String> {
        let unreadable = self.unreadable.iter().map(|e| match lang {
            Lang::Zh => format!("{shown}: 无法读取配置（{e}），使用默认配置"),
            Lang::En => format!("{shown}: cannot read configuration: {e}; using the defaults"),
        });
        let problems = self.problems.iter().map(|p| match p.line {
            0 => format!("{shown}: {}", p.message),
            line => format!("{shown}:{line}: {}", p.message),
        });
        unreadable.chain(problems).collect()
    }

    fn read(path: &Path) -> ConfigFile {
        let (config, problems, unreadable) = match std::fs::read_to_string(path) {
            Ok(source) => {
                let (config, problems) = Config::from_toml(&source);
                (config, problems, None)
            }
            Err(e) => (Config::default(), Vec::new(), Some(e.to_string())),
        };
        ConfigFile {
            path: path.to_path_buf(),
            config,
            problems,
            unreadable,
        }
    }
}

/// The configuration file found for a folder, and whether it was read just now (its
/// problems are then to be reported, once).
pub struct Found {
    pub file: Option<Arc<ConfigFile>>,
    pub fresh: bool,
}

/// Which `nianbao.toml` applies to each folder, found and read once (shared between
/// threads). [`Self::clear`] when a configuration file changes.
#[derive(Debug, Default)]
pub struct ConfigFiles {
    by_dir: Mutex<HashMap<PathBuf, Option<Arc<ConfigFile>>>>,
    by_file: Mutex<HashMap<PathBuf, Arc<ConfigFile>>>,
}

impl ConfigFiles {
    /// Forgets everything read so far.
    pub fn clear(&self) {
        self.by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        self.by_file
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// The `nianbao.toml` that applies to a report at `path` (a file's folder; `-` and bare
    /// names are in the working folder).
    pub fn for_report(&self, path: &Path) -> Found {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let dir = std::fs::canonicalize(&dir)
            .or_else(|_| std::path::absolute(&dir))
            .unwrap_or(dir);
        self.for_dir(&dir)
    }

    /// The `nianbao.toml` that applies to reports in `dir`: `dir`'s own, else its nearest
    /// parent's.
    pub fn for_dir(&self, dir: &Path) -> Found {
        if let Some(hit) = self
            .by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(dir)
        {
            return Found {
                file: hit.clone(),
                fresh: false,
            };
        }
        let (file, fresh) = match find_config_file(dir) {
            Some(path) => {
                let mut by_file = self.by_file.lock().unwrap_or_else(PoisonError::into_inner);
                match by_file.get(&path) {
                    Some(f) => (Some(f.clone()), false),
                    None => {
                        let f = Arc::new(ConfigFile::read(&path));
                        by_file.insert(path, f.clone());
                        (Some(f), true)
                    }
                }
            }
            None => (None, false),
        };
        self.by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(dir.to_path_buf(), file.clone());
        Found { file, fresh }
    }
}

/// The nearest `nianbao.toml` in `dir` or one of its parents.
#[must_use]
pub fn find_config_file(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_file_read_once_for_every_folder_under_it() {
        let dir = std::env::temp_dir().join(format!("nianbao-config-files-{}", std::process::id()));
        let a = dir.join("a");
        let b = a.join("b");
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(dir.join(CONFIG_FILE), "year = 2020\nnot-a-key = 1\n").unwrap();
        let files = ConfigFiles::default();
        let first = files.for_report(&b.join("r.txt"));
        let file = first.file.clone().unwrap();
        assert!(first.fresh);
        assert_eq!(file.config.year, Some(2020));
        assert_eq!(file.problems.len(), 1);
        assert_eq!(file.problems[0].line, 2);
        assert!(file.problem_lines("x.toml", Lang::En)[0].starts_with("x.toml:2: "));
        // Another folder under the same file: the same reading, not fresh.
        let second = files.for_report(&a.join("s.txt"));
        assert!(!second.fresh);
        assert!(Arc::ptr_eq(&second.file.unwrap(), &file));
        // A folder nearer to its own file takes that one.
        std::fs::write(b.join(CONFIG_FILE), "year = 2021\n").unwrap();
        files.clear();
        let nearer = files.for_dir(&b);
        assert_eq!(nearer.file.unwrap().config.year, Some(2021));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
