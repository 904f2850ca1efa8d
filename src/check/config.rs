//! Configuration: `nianbao.toml` in the report's folder or any parent, and the
//! same keys from the editor's settings.
//!
//! ```toml
//! lang = "en"              # message language: "zh" (default) or "en"
//! year = 2021              # the report year, when the text does not say it
//! template = "2021"        # the template the report must follow, whatever its year
//! inlay-hints = "always"   # computed sums beside totals: "always" | "different" (default) | "never"
//! issuer = "资阳市人民政府"  # whose report it is, when reports are grouped by issuer and year
//! copied-text = 0.9         # similarity from which a section counts as copied from last year
//!
//! [rules]
//! missing-value = "off"    # off | on | error | warning | info | hint
//! label-variant = "warning"
//! ```

use std::collections::BTreeMap;

use super::{RuleInfo, Severity};

pub use crate::lang::Lang;

/// A rule's configured state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    On,
    Severity(Severity),
}

/// When the editor shows the computed sum beside a total cell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InlayHints {
    /// Beside every total whose parts are all filled in.
    Always,
    /// Beside the totals that disagree with their parts.
    #[default]
    Different,
    Never,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub lang: Lang,
    /// Overrides the report year read from the text.
    pub year: Option<i32>,
    /// Overrides the template in force for the report year.
    pub template: Option<String>,
    pub rules: BTreeMap<String, RuleSetting>,
    /// Check even text that does not look like a report.
    pub force: bool,
    /// Whose report it is, overriding the issuer read from the text (reports are grouped by
    /// issuer and year to compare each with the previous year's).
    pub issuer: Option<String>,
    /// `copied-text`: the similarity (0–1) to last year's section from which it counts as
    /// copied; `None` for the rule's default.
    pub copied_text: Option<f64>,
    /// Computed sums beside total cells in the editor (`inlay-hints`, `inlayHints`).
    pub inlay_hints: InlayHints,
}

/// A problem in a configuration, with the 1-based line it is on (0 when unknown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub message: String,
}

impl Config {
    /// The severity a rule runs with, or `None` when it is switched off.
    pub fn severity_of(&self, rule: &RuleInfo) -> Option<Severity> {
        match self.rules.get(rule.code) {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::Severity(s)) => Some(*s),
            Some(RuleSetting::On) | None => Some(rule.severity),
        }
    }

    /// Reads `nianbao.toml` text. Whatever is wrong is reported, and the rest
    /// of the configuration still applies (bad keys fall back to defaults).
    pub fn from_toml(source: &str) -> (Config, Vec<ConfigError>) {
        let mut config = Config::default();
        let mut errors = Vec::new();
        let table: toml::Table = match source.parse() {
            Ok(t) => t,
            Err(e) => {
                let line = e.span().map_or(0, |s| line_of(source, s.start));
                errors.push(ConfigError {
                    line,
                    message: e.message().to_string(),
                });
                return (config, errors);
            }
        };
        let value = toml::Value::Table(table);
        let json = serde_json::to_value(&value).unwrap_or_default();
        config.apply_json(&json, &mut |key, message| {
            errors.push(ConfigError {
                line: find_key_line(source, key),
                message,
            })
        });
        errors.sort_by_key(|e| e.line);
        (config, errors)
    }

    /// Applies settings given as JSON (the editor's `nianbao` settings object,
    /// with the same keys as `nianbao.toml`); reports problems through `error`, in the
    /// language the settings choose (Chinese unless they say `lang = "en"`).
    pub fn apply_json(&mut self, json: &serde_json::Value, error: &mut dyn FnMut(&str, String)) {
        let Some(obj) = json.as_object() else {
            return;
        };
        let mut problems = Problems::default();
        for (key, value) in obj {
            self.apply_key(key, value, &mut problems);
        }
        for (key, zh, en) in problems.0 {
            error(
                &key,
                match self.lang {
                    Lang::Zh => zh,
                    Lang::En => en,
                },
            );
        }
    }

    fn apply_key(&mut self, key: &str, value: &serde_json::Value, problems: &mut Problems) {
        let mut bad = |zh: String, en: String| problems.push(key, zh, en);
        match key {
            "lang" => match value.as_str() {
                Some("zh") => self.lang = Lang::Zh,
                Some("en") => self.lang = Lang::En,
                _ => bad(
                    format!("`lang` 应为 \"zh\" 或 \"en\"，而不是 {value}"),
                    format!("`lang` must be \"zh\" or \"en\", not {value}"),
                ),
            },
            "year" => match value.as_i64() {
                Some(y) if (1990..=2200).contains(&y) => self.year = Some(y as i32),
                _ if value.is_null() => self.year = None,
                _ => bad(
                    format!("`year` 应为年份，如 2021，而不是 {value}"),
                    format!("`year` must be a year such as 2021, not {value}"),
                ),
            },
            "template" => match value.as_str() {
                Some(t) if crate::template::Templates::builtin().get(t).is_some() => {
                    self.template = Some(t.to_string())
                }
                Some("") => self.template = None,
                _ if value.is_null() => self.template = None,
                _ => {
                    let ids: Vec<String> = crate::template::Templates::builtin()
                        .ids()
                        .map(|id| format!("\"{id}\""))
                        .collect();
                    bad(
                        format!("`template` 应为 {} 之一，而不是 {value}", ids.join("、")),
                        format!("`template` must be one of {}, not {value}", ids.join(", ")),
                    )
                }
            },
            "issuer" => match value.as_str() {
                Some("") => self.issuer = None,
                Some(name) => self.issuer = Some(name.to_string()),
                None if value.is_null() => self.issuer = None,
                None => bad(
                    format!("`issuer` 应为机关名称，而不是 {value}"),
                    format!("`issuer` must be a name, not {value}"),
                ),
            },
            "copiedText" | "copied-text" => match value.as_f64() {
                Some(x) if (0.5..=1.0).contains(&x) => self.copied_text = Some(x),
                _ if value.is_null() => self.copied_text = None,
                _ => bad(
                    format!("`{key}` 应为 0.5 到 1 之间的相似度，而不是 {value}"),
                    format!("`{key}` must be a similarity between 0.5 and 1, not {value}"),
                ),
            },
            "force" => match value.as_bool() {
                Some(b) => self.force = b,
                None => bad(
                    format!("`force` 应为 true 或 false，而不是 {value}"),
                    format!("`force` must be true or false, not {value}"),
                ),
            },
            "rules" => match value.as_object() {
                Some(rules) => {
                    for (code, setting) in rules {
                        if super::rule(code).is_none() {
                            problems.push(
                                code,
                                format!("没有规则 `{code}`（见 `nianbao rules`）"),
                                format!("unknown rule `{code}` (see `nianbao rules`)"),
                            );
                            continue;
                        }
                        match parse_setting(setting) {
                            Some(s) => {
                                self.rules.insert(code.clone(), s);
                            }
                            None => problems.push(
                                code,
                                format!("规则 `{code}` 应设为 off、on、error、warning、info 或 hint，而不是 {setting}"),
                                format!("rule `{code}`: expected off, on, error, warning, info or hint, not {setting}"),
                            ),
                        }
                    }
                }
                // Lua (Neovim) encodes an empty table as an empty array.
                None if value.as_array().is_some_and(Vec::is_empty) => {}
                None => bad(
                    "`rules` 应为表".to_string(),
                    "`rules` must be a table".to_string(),
                ),
            },
            "inlayHints" | "inlay-hints" => match value.as_str() {
                Some("always") => self.inlay_hints = InlayHints::Always,
                Some("different") => self.inlay_hints = InlayHints::Different,
                Some("never") => self.inlay_hints = InlayHints::Never,
                _ => bad(
                    format!("`{key}` 应为 \"always\"、\"different\" 或 \"never\"，而不是 {value}"),
                    format!("`{key}` must be \"always\", \"different\" or \"never\", not {value}"),
                ),
            },
            // Editor-only settings travel with the same object.
            "server" | "trace" => {}
            _ => bad(
                format!("没有设置项 `{key}`"),
                format!("unknown setting `{key}`"),
            ),
        }
    }
}

/// Problems found in settings: (key, Chinese, English), reported once the settings' own
/// language is known.
#[derive(Default)]
struct Problems(Vec<(String, String, String)>);

impl Problems {
    fn push(&mut self, key: &str, zh: String, en: String) {
        self.0.push((key.to_string(), zh, en));
    }
}

fn parse_setting(v: &serde_json::Value) -> Option<RuleSetting> {
    match v {
        serde_json::Value::Bool(true) => Some(RuleSetting::On),
        serde_json::Value::Bool(false) => Some(RuleSetting::Off),
        serde_json::Value::String(s) => match s.as_str() {
            "off" | "false" => Some(RuleSetting::Off),
            "on" | "true" | "default" => Some(RuleSetting::On),
            "error" => Some(RuleSetting::Severity(Severity::Error)),
            "warning" | "warn" => Some(RuleSetting::Severity(Severity::Warning)),
            "info" | "information" => Some(RuleSetting::Severity(Severity::Info)),
            "hint" => Some(RuleSetting::Severity(Severity::Hint)),
            _ => None,
        },
        _ => None,
    }
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// The first line where `key` is set, for error messages.
fn find_key_line(source: &str, key: &str) -> usize {
    source
        .lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches('"');
            l.starts_with(key)
                && l[key.len()..]
                    .trim_start()
                    .trim_start_matches('"')
                    .trim_start()
                    .starts_with('=')
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_and_reports_bad_ones_with_lines() {
        let (config, errors) = Config::from_toml(
            "lang = \"en\"\nyear = 2021\n[rules]\nmissing-value = \"off\"\nrow-total = \"warning\"\nno-such-rule = \"off\"\nlabel-typo = 3\n",
        );
        assert_eq!(config.lang, Lang::En);
        assert_eq!(config.year, Some(2021));
        assert_eq!(config.rules.get("missing-value"), Some(&RuleSetting::Off));
        assert_eq!(
            config.rules.get("row-total"),
            Some(&RuleSetting::Severity(Severity::Warning))
        );
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].line, 6);
        assert!(errors[0].message.contains("no-such-rule"));
        assert_eq!(errors[1].line, 7);
    }

    #[test]
    fn inlay_hints_in_both_spellings() {
        assert_eq!(Config::default().inlay_hints, InlayHints::Different);
        let (config, errors) = Config::from_toml("inlay-hints = \"always\"\n");
        assert_eq!((config.inlay_hints, errors), (InlayHints::Always, vec![]));
        let mut config = Config::default();
        let mut errors = Vec::new();
        config.apply_json(&serde_json::json!({"inlayHints": "never"}), &mut |k, m| {
            errors.push((k.to_string(), m))
        });
        assert_eq!(config.inlay_hints, InlayHints::Never);
        config.apply_json(
            &serde_json::json!({"inlayHints": "sometimes"}),
            &mut |k, m| errors.push((k.to_string(), m)),
        );
        assert_eq!(config.inlay_hints, InlayHints::Never);
        assert_eq!(
            errors,
            [(
                "inlayHints".to_string(),
                "`inlayHints` 应为 \"always\"、\"different\" 或 \"never\"，而不是 \"sometimes\""
                    .to_string()
            )]
        );
        // In the language the settings choose.
        errors.clear();
        config.apply_json(
            &serde_json::json!({"inlayHints": "sometimes", "lang": "en"}),
            &mut |k, m| errors.push((k.to_string(), m)),
        );
        assert_eq!(
            errors[0].1,
            "`inlayHints` must be \"always\", \"different\" or \"never\", not \"sometimes\""
        );
    }

    #[test]
    fn empty_rules_array_from_lua_is_no_rules() {
        let mut config = Config::default();
        let mut errors = Vec::new();
        let mut record = |k: &str, m: String| errors.push((k.to_string(), m));
        config.apply_json(&serde_json::json!({"rules": []}), &mut record);
        config.apply_json(&serde_json::json!({"rules": [1]}), &mut record);
        assert_eq!(config, Config::default());
        assert_eq!(
            errors,
            [("rules".to_string(), "`rules` 应为表".to_string())]
        );
    }

    #[test]
    fn syntax_error_keeps_defaults() {
        let (config, errors) = Config::from_toml("lang = \n");
        assert_eq!(config, Config::default());
        assert_eq!(errors[0].line, 1);
    }
}
