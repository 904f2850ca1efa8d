//! Finding each report's configuration: `nianbao.toml` in the report's folder
//! or the nearest parent folder that has one, read once per folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::{Config, Lang};

pub const CONFIG_FILE: &str = "nianbao.toml";

/// Configurations by folder. Problems in a configuration file are printed on
/// stderr once, with the file's path and line; what was fine in it still applies.
pub struct Settings {
    /// `--lang`: wins over every file's `lang`.
    lang: Option<Lang>,
    by_dir: HashMap<PathBuf, Arc<Config>>,
    by_file: HashMap<PathBuf, Arc<Config>>,
    defaults: Arc<Config>,
}

impl Settings {
    pub fn new(lang: Option<Lang>) -> Settings {
        let mut defaults = Config::default();
        if let Some(lang) = lang {
            defaults.lang = lang;
        }
        Settings {
            lang,
            by_dir: HashMap::new(),
            by_file: HashMap::new(),
            defaults: Arc::new(defaults),
        }
    }

    /// The configuration that applies to the report at `path`.
    pub fn config_for(&mut self, path: &Path) -> Arc<Config> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let dir = std::fs::canonicalize(&dir)
            .or_else(|_| std::path::absolute(&dir))
            .unwrap_or(dir);
        self.config_in(&dir)
    }

    fn config_in(&mut self, dir: &Path) -> Arc<Config> {
        if let Some(c) = self.by_dir.get(dir) {
            return c.clone();
        }
        let file = dir.join(CONFIG_FILE);
        let config = if file.is_file() {
            self.load(&file)
        } else {
            match dir.parent() {
                Some(parent) => self.config_in(parent),
                None => self.defaults.clone(),
            }
        };
        self.by_dir.insert(dir.to_path_buf(), config.clone());
        config
    }

    fn load(&mut self, file: &Path) -> Arc<Config> {
        if let Some(c) = self.by_file.get(file) {
            return c.clone();
        }
        let shown = shown_path(file);
        let mut config = match std::fs::read_to_string(file) {
            Ok(source) => {
                let (config, errors) = Config::from_toml(&source);
                for e in errors {
                    if e.line > 0 {
                        eprintln!("nianbao: {shown}:{}: {}", e.line, e.message);
                    } else {
                        eprintln!("nianbao: {shown}: {}", e.message);
                    }
                }
                config
            }
            Err(e) => {
                match self.lang.unwrap_or_default() {
                    Lang::Zh => eprintln!("nianbao: {shown}: 无法读取配置（{e}），使用默认配置"),
                    Lang::En => eprintln!(
                        "nianbao: {shown}: cannot read configuration: {e}; using the defaults"
                    ),
                }
                Config::default()
            }
        };
        if let Some(lang) = self.lang {
            config.lang = lang;
        }
        let config = Arc::new(config);
        self.by_file.insert(file.to_path_buf(), config.clone());
        config
    }
}

/// `path` relative to the working folder when it is under it.
fn shown_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}
