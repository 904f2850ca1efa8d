//! Templates are data: a new official revision is a new `templates/NNNN.toml` and a line in
//! `schedule.toml`, and nothing else changes.

use nianbao::check::{check_with, Config};
use nianbao::template::{Schedule, Template, Templates};

fn file(name: &str) -> String {
    std::fs::read_to_string(format!("{}/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The built-in templates plus a revision "2025" with the 2021 format's shape, in force from
/// 2025.
fn with_revision() -> Templates {
    let mut templates: Vec<Template> = ["2008", "2019", "2021"]
        .iter()
        .map(|id| toml::from_str(&file(&format!("templates/{id}.toml"))).unwrap())
        .collect();
    let revision = file("templates/2021.toml")
        .replacen("id = \"2021\"", "id = \"2025\"", 1)
        .replacen("rank = 3", "rank = 4", 1);
    templates.push(toml::from_str(&revision).unwrap());
    let schedule = format!(
        "{}\n[[in_force]]\nfrom = 2025\ntemplate = \"2025\"\n",
        file("templates/schedule.toml")
    );
    let schedule: Schedule = toml::from_str(&schedule).unwrap();
    Templates::new(templates, schedule)
}

fn codes(text: &str, templates: &Templates) -> (Option<String>, Vec<&'static str>) {
    let analysis = nianbao::model::analyze_with(text, templates);
    let findings = check_with(text, &analysis, &Config::default(), templates);
    (
        analysis.report.template.map(|t| t.id.clone()),
        findings.iter().map(|d| d.code).collect(),
    )
}

/// Two generations of one shape: the one in force for the report year wins, so a 2021
/// report is not told it uses a template newer than its year, and a 2025 report written in
/// the same shape is the 2025 format.
#[test]
fn a_revision_with_the_same_shape_is_settled_by_the_year() {
    let templates = with_revision();
    let report = file("examples/reports/2021-quanzhou-service-center.txt");
    let (builtin, builtin_codes) = codes(&report, Templates::builtin());
    let (template, found) = codes(&report, &templates);
    assert_eq!(template.as_deref(), Some("2021"));
    assert_eq!(builtin.as_deref(), Some("2021"));
    assert_eq!(found, builtin_codes);
    assert!(!found.contains(&"template-mismatch"), "{found:?}");

    let later = report
        .replace("2021年", "2025年")
        .replace("2022年", "2026年");
    let (template, found) = codes(&later, &templates);
    assert_eq!(template.as_deref(), Some("2025"));
    assert!(!found.contains(&"template-mismatch"), "{found:?}");
    assert!(!found.contains(&"outdated-template"), "{found:?}");
}

/// A schedule naming a template that does not exist is an error, not a silent fallback.
#[test]
#[should_panic(expected = "is not among the templates")]
fn an_unknown_template_in_the_schedule_is_an_error() {
    let templates: Vec<Template> = ["2008", "2019", "2021"]
        .iter()
        .map(|id| toml::from_str(&file(&format!("templates/{id}.toml"))).unwrap())
        .collect();
    let schedule = format!(
        "{}\n[[in_force]]\nfrom = 2025\ntemplate = \"2052\"\n",
        file("templates/schedule.toml")
    );
    Templates::new(templates, toml::from_str(&schedule).unwrap());
}

/// Every file of `templates/` is built in.
#[test]
fn every_template_file_is_built_in() {
    let mut files: Vec<String> =
        std::fs::read_dir(format!("{}/templates", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n != "schedule.toml")
            .map(|n| n.trim_end_matches(".toml").to_string())
            .collect();
    files.sort();
    let ids: Vec<&str> = Templates::builtin().ids().collect();
    assert_eq!(ids, files);
}
