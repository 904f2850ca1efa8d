//! The VS Code extension's settings (`editors/vscode/package.json`) stay in sync with the
//! server: one `nianbao.rules.<code>` setting per rule of the catalog, described by the rule's
//! own summary, and the same top-level keys as `nianbao.toml` / `Config::apply_json`, every
//! declared value accepted by the server. (rust-analyzer keeps its package.json in sync the
//! same way.) On a mismatch the failure prints the JSON to put in package.json.

use std::collections::BTreeSet;

use nianbao::check::rules::ALL;
use nianbao::check::{Config, RuleInfo};
use nianbao::template::Templates;
use serde_json::{json, Map, Value};

/// Settings only the extension reads; the server ignores them.
const EDITOR_ONLY: &[&str] = &["server.path", "trace.server"];
const RULE_VALUES: &[&str] = &["off", "on", "error", "warning", "info", "hint"];

fn properties() -> Map<String, Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/editors/vscode/package.json");
    let text = std::fs::read_to_string(path).expect("editors/vscode/package.json");
    let pkg: Value = serde_json::from_str(&text).expect("package.json is JSON");
    pkg["contributes"]["configuration"]["properties"]
        .as_object()
        .expect("contributes.configuration.properties")
        .clone()
}

/// `nianbao.a.b` → the key below the `nianbao` section, `a.b`.
fn section_key(key: &str) -> &str {
    key.strip_prefix("nianbao.")
        .unwrap_or_else(|| panic!("setting {key} is outside the nianbao section"))
}

fn description(rule: &RuleInfo) -> String {
    format!(
        "`{}` (default severity: {}): {}",
        rule.code,
        rule.severity.as_str(),
        rule.summary
    )
}

fn expected_rule_setting(rule: &RuleInfo) -> Value {
    json!({
        "type": "string",
        "enum": RULE_VALUES,
        "default": "on",
        "markdownDescription": description(rule),
    })
}

/// The settings object the extension sends for one setting set to `value` (dotted keys
/// nest, as VS Code's configuration does).
fn nested(key: &str, value: Value) -> Value {
    key.rsplit('.').fold(value, |v, part| json!({ part: v }))
}

fn errors_of(settings: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    Config::default().apply_json(settings, &mut |k, m| errors.push(format!("{k}: {m}")));
    errors
}

#[test]
fn one_setting_per_rule_described_by_its_summary() {
    let props = properties();
    let declared: BTreeSet<&str> = props
        .keys()
        .filter_map(|k| k.strip_prefix("nianbao.rules."))
        .collect();
    let catalog: BTreeSet<&str> = ALL.iter().map(|r| r.code).collect();
    let missing: Vec<String> = ALL
        .iter()
        .filter(|r| !declared.contains(r.code))
        .map(|r| {
            format!(
                "\"nianbao.rules.{}\": {}",
                r.code,
                serde_json::to_string_pretty(&expected_rule_setting(r)).unwrap()
            )
        })
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a setting in editors/vscode/package.json; add:\n{}",
        missing.join(",\n")
    );
    let extra: Vec<&&str> = declared.difference(&catalog).collect();
    assert!(
        extra.is_empty(),
        "package.json declares settings for rules that do not exist: {extra:?}"
    );

    for rule in ALL {
        let key = format!("nianbao.rules.{}", rule.code);
        let p = &props[&key];
        let want = expected_rule_setting(rule);
        for field in ["type", "enum", "default", "markdownDescription"] {
            assert_eq!(
                p[field], want[field],
                "{key}.{field} in editors/vscode/package.json is out of date"
            );
        }
        // Every value offered in the editor is one the server accepts for this rule.
        for v in RULE_VALUES {
            let errors = errors_of(&json!({ "rules": { rule.code: v } }));
            assert!(errors.is_empty(), "{key} = {v:?}: {errors:?}");
        }
    }
}

/// The top-level keys `Config::apply_json` understands, read from its match arms.
fn server_keys() -> BTreeSet<String> {
    let src = include_str!("../src/check/config.rs");
    let start = src.find("pub fn apply_json").expect("Config::apply_json");
    let end = start + src[start..].find("\nfn ").unwrap_or(src.len() - start);
    let mut keys = BTreeSet::new();
    for line in src[start..end].lines() {
        let Some((arm, _)) = line.trim().split_once("=>") else {
            continue;
        };
        let alternatives: Vec<&str> = arm.split('|').map(str::trim).collect();
        // An arm of quoted keys; the editor spells them in camelCase (`copied-text` is
        // `nianbao.toml`'s spelling of `copiedText`).
        if alternatives
            .iter()
            .all(|a| a.len() > 2 && a.starts_with('"') && a.ends_with('"'))
        {
            keys.extend(
                alternatives
                    .iter()
                    .map(|a| &a[1..a.len() - 1])
                    .filter(|k| k.chars().all(|c| c.is_ascii_alphabetic()))
                    .map(str::to_string),
            );
        }
    }
    keys
}

#[test]
fn top_level_keys_are_the_servers() {
    let props = properties();
    let declared: BTreeSet<String> = props
        .keys()
        .map(|k| section_key(k).split('.').next().unwrap().to_string())
        .collect();
    let server = server_keys();
    assert!(
        server.contains("lang") && server.contains("rules"),
        "could not read the keys of Config::apply_json: {server:?}"
    );
    assert_eq!(
        declared, server,
        "top-level keys of editors/vscode/package.json vs. Config::apply_json (src/check/config.rs)"
    );
}

#[test]
fn every_declared_value_is_accepted_by_the_server() {
    let props = properties();
    for (key, p) in &props {
        let key = section_key(key);
        if EDITOR_ONLY.contains(&key) {
            continue;
        }
        assert!(
            p.get("markdownDescription").is_some() || p.get("description").is_some(),
            "nianbao.{key} has no description"
        );
        let mut values: Vec<Value> = p["enum"].as_array().cloned().unwrap_or_default();
        values.push(p["default"].clone());
        let types: Vec<&str> = match &p["type"] {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            other => panic!("nianbao.{key}: type {other}"),
        };
        if types.contains(&"integer") {
            values.extend([p["minimum"].clone(), p["maximum"].clone(), json!(2021)]);
        }
        if types.contains(&"boolean") {
            values.extend([json!(true), json!(false)]);
        }
        for v in values {
            let errors = errors_of(&nested(key, v.clone()));
            assert!(errors.is_empty(), "nianbao.{key} = {v}: {errors:?}");
        }
        if types.contains(&"integer") {
            let below = p["minimum"]
                .as_i64()
                .expect("integer settings have a minimum")
                - 1;
            assert!(
                !errors_of(&nested(key, json!(below))).is_empty(),
                "nianbao.{key}: the server accepts {below}, below the declared minimum"
            );
        }
    }
}

#[test]
fn enums_list_what_the_server_offers() {
    let props = properties();
    let mut templates: Vec<String> = Templates::builtin()
        .templates
        .iter()
        .map(|t| t.id.clone())
        .collect();
    templates.insert(0, String::new());
    assert_eq!(
        props["nianbao.template"]["enum"],
        json!(templates),
        "nianbao.template: \"\" (the template in force) and every built-in template"
    );
    assert_eq!(props["nianbao.lang"]["enum"], json!(["zh", "en"]));
    assert_eq!(
        props["nianbao.inlayHints"]["enum"],
        json!(["always", "different", "never"])
    );
    // A value outside an enum is refused by the server too (where it checks them).
    for (key, bad) in [("lang", json!("fr")), ("template", json!("1999"))] {
        assert!(
            !errors_of(&nested(key, bad.clone())).is_empty(),
            "nianbao.{key} = {bad} should be refused"
        );
    }
}
