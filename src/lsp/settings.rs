//! The configuration of one document: `nianbao.toml` from the document's folder or the
//! nearest parent that has one, then the editor's `nianbao` settings on top (same keys).

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::ls_types::Uri;

use crate::check::Config;
pub use crate::files::config::{ConfigFile, ConfigFiles, CONFIG_FILE};

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
) -> (Config, Option<Arc<ConfigFile>>) {
    let dir = uri
        .to_file_path()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    let (file, fresh) = match dir {
        Some(dir) => {
            let found = files.for_dir(&dir);
            (found.file, found.fresh)
        }
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
