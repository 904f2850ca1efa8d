//! SARIF 2.1.0 output (`nianbao check --format sarif`), for code-scanning
//! services. Regions are 1-based, columns count UTF-16 code units (declared
//! with `columnKind`), and `endColumn` is the column just after the region.

use serde_json::{json, Value};

use super::check::{Checked, Outcome};
use crate::check::{rules, Diagnostic, RuleInfo, Severity};
use crate::text::{LineIndex, PositionEncoding, TextRange};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn rule_json(rule: &RuleInfo) -> Value {
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": rule.doc },
        "help": { "text": rule.doc, "markdown": rule.doc },
        "defaultConfiguration": { "level": level(rule.severity) },
    })
}

/// The whole log: one run, its rules the catalog, its results every finding
/// of every file in order; files that could not be read become notifications.
pub fn log(files: &[Checked]) -> Value {
    let mut driver = json!({
        "name": "nianbao",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules::ALL.iter().map(rule_json).collect::<Vec<_>>(),
    });
    let uri = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|u| !u.is_empty());
    if let Some(uri) = uri {
        driver["informationUri"] = json!(uri);
    }
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in files {
        let uri = path_uri(&file.path);
        match &file.outcome {
            Outcome::Unreadable(reason) => notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {}", file.path, reason.get(file.config.lang)) },
                "locations": [ { "physicalLocation": { "artifactLocation": { "uri": uri } } } ],
            })),
            Outcome::Read(read) => {
                if !read.is_report {
                    notifications.push(json!({
                        "level": "warning",
                        "message": { "text": format!("{}: {}", file.path, super::check::not_a_report(file.config.lang)) },
                        "locations": [ { "physicalLocation": { "artifactLocation": { "uri": uri } } } ],
                    }));
                }
                let loc = Locator {
                    uri: &uri,
                    text: read.source().0,
                    index: read.source().1,
                };
                results.extend(read.diagnostics.iter().map(|d| result_json(d, &loc)));
            }
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [ {
            "tool": { "driver": driver },
            "columnKind": "utf16CodeUnits",
            "invocations": [ {
                "executionSuccessful": !files.iter().any(|f| matches!(f.outcome, Outcome::Unreadable(_))),
                "toolExecutionNotifications": notifications,
            } ],
            "results": results,
        } ],
    })
}

struct Locator<'a> {
    uri: &'a str,
    text: &'a str,
    index: &'a LineIndex,
}

impl Locator<'_> {
    fn region(&self, range: TextRange) -> Value {
        let span = self.index.span(self.text, range, PositionEncoding::Utf16);
        json!({
            "startLine": span.start.line + 1,
            "startColumn": span.start.character + 1,
            "endLine": span.end.line + 1,
            "endColumn": span.end.character + 1,
        })
    }

    fn location(&self, range: TextRange) -> Value {
        json!({
            "physicalLocation": {
                "artifactLocation": { "uri": self.uri },
                "region": self.region(range),
            }
        })
    }
}

/// A place in another file of the run (last year's report).
fn elsewhere_location(e: &crate::check::facts::Elsewhere) -> Value {
    let span = e.span(PositionEncoding::Utf16);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": &*e.path },
            "region": {
                "startLine": span.start.line + 1,
                "startColumn": span.start.character + 1,
                "endLine": span.end.line + 1,
                "endColumn": span.end.character + 1,
            },
        }
    })
}

fn result_json(d: &Diagnostic, loc: &Locator) -> Value {
    let mut result = json!({
        "ruleId": d.code,
        "level": level(d.severity),
        "message": { "text": d.message },
        "locations": [ loc.location(d.range) ],
    });
    if let Some(index) = rules::ALL.iter().position(|r| r.code == d.code) {
        result["ruleIndex"] = json!(index);
    }
    if !d.related.is_empty() {
        result["relatedLocations"] = d
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut l = match &r.elsewhere {
                    None => loc.location(r.range),
                    Some(e) => elsewhere_location(e),
                };
                l["id"] = json!(i);
                l["message"] = json!({ "text": r.message });
                l
            })
            .collect();
    }
    if !d.fixes.is_empty() {
        result["fixes"] = d
            .fixes
            .iter()
            .map(|f| {
                json!({
                    "description": { "text": f.title },
                    "properties": { "applicability": f.applicability.as_str() },
                    "artifactChanges": [ {
                        "artifactLocation": { "uri": loc.uri },
                        "replacements": f.edits.iter().map(|e| json!({
                            "deletedRegion": loc.region(e.range),
                            "insertedContent": { "text": e.new_text },
                        })).collect::<Vec<_>>(),
                    } ],
                })
            })
            .collect();
    }
    result
}

/// A path as a URI reference: relative paths stay relative, absolute ones get
/// `file://`; separators become `/` and other characters are percent-encoded.
pub fn path_uri(path: &str) -> String {
    let forward = path.replace('\\', "/");
    let mut out = String::new();
    let mut rest = forward.as_str();
    if forward.starts_with('/') {
        out.push_str("file://");
    } else if forward.len() > 2
        && forward.as_bytes()[0].is_ascii_alphabetic()
        && &forward.as_bytes()[1..3] == b":/"
    {
        out.push_str("file:///");
        out.push_str(&forward[..2]);
        rest = &forward[2..];
    }
    for b in rest.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(
            path_uri("reports/2020 年.txt"),
            "reports/2020%20%E5%B9%B4.txt"
        );
        assert_eq!(path_uri("/tmp/a.txt"), "file:///tmp/a.txt");
        assert_eq!(path_uri("C:\\r\\a.txt"), "file:///C:/r/a.txt");
        assert_eq!(path_uri("a:b.txt"), "a%3Ab.txt");
    }
}
