//! `docs/rules/CODE.md` (one page per rule, what `nianbao explain CODE` prints) and
//! `docs/rules/README.md` (the catalog) are generated from the rules' own documentation and
//! kept in sync here. `NIANBAO_UPDATE_DOCS=1 cargo test --test rule_docs` rewrites them.

use std::path::PathBuf;

use nianbao::check::{rule_page, rules};

fn dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules"))
}

fn index() -> String {
    let mut out = String::from(
        "# Rules\n\nGenerated from the rule catalog (`nianbao rules`); each page is what \
         `nianbao explain CODE` prints.\n\n| code | severity | summary |\n|---|---|---|\n",
    );
    for r in rules::ALL {
        out.push_str(&format!(
            "| [`{0}`]({0}.md) | {1} | {2} |\n",
            r.code,
            r.severity.as_str(),
            r.summary
        ));
    }
    out
}

fn expected() -> Vec<(PathBuf, String)> {
    let mut pages: Vec<(PathBuf, String)> = rules::ALL
        .iter()
        .map(|r| (dir().join(format!("{}.md", r.code)), rule_page(r)))
        .collect();
    pages.push((dir().join("README.md"), index()));
    pages
}

#[test]
fn rule_pages_are_in_sync_with_the_catalog() {
    let update = std::env::var_os("NIANBAO_UPDATE_DOCS").is_some();
    if update {
        std::fs::create_dir_all(dir()).unwrap();
    }
    let mut stale = Vec::new();
    for (path, text) in expected() {
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if update {
                std::fs::write(&path, &text).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    // No page for a rule that is gone.
    let wanted: Vec<PathBuf> = expected().into_iter().map(|(p, _)| p).collect();
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        if !wanted.contains(&path) {
            stale.push(format!("{} (no such rule)", path.display()));
        }
    }
    assert!(
        stale.is_empty(),
        "out of date (NIANBAO_UPDATE_DOCS=1 cargo test --test rule_docs): {stale:#?}"
    );
    assert_eq!(rules::ALL.len() + 1, wanted.len());
    assert!(std::fs::read_to_string(dir().join("row-total.md"))
        .unwrap()
        .contains("## Fix"));
}
