//! The configuration of one document: `nianbao.toml` from the document's folder or the
//! nearest parent that has one, then the editor's `nianbao` settings on top (same keys).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;
use tower_lsp_server::ls_types::Uri;

use crate::check::Config;

/// Name of the per-folder configuration file.
pub const CONFIG_FILE: &str = "nianbao.toml";

/// A `nianbao.toml` read from disk.
#[derive(Debug)]
pub struct LoadedFile {
    pub path: PathBuf,
    pub config: Config,
    /// Problems found in it, as `path:line: message`.
    pub errors: Vec<String>,
}

/// Caches which `nianbao.toml` applies to a folder. Cleared when a configuration file changes.
#[derive(Debug, Default)]
pub struct ConfigFiles {
    by_dir: Mutex<HashMap<PathBuf, Option<Arc<LoadedFile>>>>,
}

impl ConfigFiles {
    /// Forgets everything read so far.
    pub fn clear(&self) {
        self.by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// The `nianbao.toml` that applies to files in `dir`, and whether it was read just now.
    pub fn for_dir(&self, dir: &Path) -> (Option<Arc<LoadedFile>>, bool) {
        if let Some(hit) = self
            .by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(dir)
        {
            return (hit.clone(), false);
        }
        let found = find_config_file(dir).map(|path| Arc::new(load(&path)));
        self.by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(dir.to_path_buf(), found.clone());
        (found, true)
    }
}

/// The nearest `nianbao.toml` in `dir` or one of its parents.
#[must_use]
pub fn find_config_file(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

fn load(path: &Path) -> LoadedFile {
    let (config, errors) = match std::fs::read_to_string(path) {
        Ok(source) => {
            let (config, errors) = Config::from_toml(&source);
            let errors = errors
                .into_iter()
                .map(|e| format!("{}:{}: {}", path.display(), e.line, e.message))
                .collect();
            (config, errors)
        }
        Err(e) => (Config::default(), vec![format!("{}: {e}", path.display())]),
    };
    LoadedFile {
        path: path.to_path_buf(),
        config,
        errors,
    }
}

/// The editor's `nianbao` settings object out of a `didChangeConfiguration` payload, which
/// clients send either as `{ "nianbao": {…} }` or as the section itself.
#[must_use]
pub fn settings_section(settings: &Value) -> Value {
    match settings.get("nianbao") {
        Some(v) if v.is_object() => v.clone(),
        _ if settings.is_object() => settings.clone(),
        _ => Value::Object(serde_json::Map::new()),
    }
}

/// Problems in the editor's settings (they are ignored key by key, the rest applies).
#[must_use]
pub fn settings_errors(settings: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    Config::default().apply_json(settings, &mut |key, msg| {
        errors.push(format!("nianbao.{key}: {msg}"));
    });
    errors
}

/// The configuration of document `uri`: its `nianbao.toml` (file URIs only), then the editor
/// settings. Also returns the file when it was read just now, so its problems can be reported
/// once.
pub fn resolve(
    uri: &Uri,
    editor: &Value,
    files: &ConfigFiles,
) -> (Config, Option<Arc<LoadedFile>>) {
    let dir = uri
        .to_file_path()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    let (file, fresh) = match dir {
        Some(dir) => files.for_dir(&dir),
        None => (None, false),
    };
    let mut config = file.as_ref().map(|f| f.config.clone()).unwrap_or_default();
    config.apply_json(editor, &mut |_, _| {});
    (config, file.filter(|_| fresh))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Lang;
    use serde_json::json;

    #[test]
    fn file_then_editor_settings() {
        let dir = std::env::temp_dir().join(format!("nianbao-lsp-settings-{}", std::process::id()));
        let sub = dir.join("a").join("b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(dir.join(CONFIG_FILE), "lang = \"en\"\nyear = 2020\n").unwrap();
        let uri = Uri::from_file_path(sub.join("r.txt")).unwrap();
        let files = ConfigFiles::default();
        let (config, fresh) = resolve(&uri, &json!({}), &files);
        assert_eq!(config.lang, Lang::En);
        assert_eq!(config.year, Some(2020));
        assert!(fresh.is_some());
        // Cached: not fresh the second time; editor settings override the file.
        let (config, fresh) = resolve(&uri, &json!({"lang": "zh"}), &files);
        assert_eq!(config.lang, Lang::Zh);
        assert_eq!(config.year, Some(2020));
        assert!(fresh.is_none());
        // Non-file URIs get the editor settings only.
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        let (config, _) = resolve(&untitled, &json!({"lang": "en"}), &files);
        assert_eq!((config.lang, config.year), (Lang::En, None));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn section_shapes() {
        assert_eq!(
            settings_section(&json!({"nianbao": {"lang": "en"}})),
            json!({"lang": "en"})
        );
        assert_eq!(
            settings_section(&json!({"lang": "en"})),
            json!({"lang": "en"})
        );
        assert_eq!(settings_section(&json!(null)), json!({}));
        assert_eq!(settings_errors(&json!({"lang": "fr"})).len(), 1);
    }
}
