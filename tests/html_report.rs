//! `nianbao check --format html`: the reviewer's page, opened in headless Chromium. A script
//! added to a copy of the page reads the DOM (totals, charts, the files' table, the Linyi
//! table's highlighted cells), types into the filter and clicks a column to sort, and writes
//! what it saw into the page; `--dump-dom` hands it back. A screenshot of the page is left in
//! the test output (`target/tmp/html-report.png`).
//!
//! Chromium comes from tests/editors/install.sh (Debian's `chromium`), as the editors of the
//! end-to-end tests do, and as there a missing browser is a failure, not a skip.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const INSTALL: &str = "bash tests/editors/install.sh";

fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("NIANBAO_CHROMIUM") {
        return PathBuf::from(p);
    }
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!("chromium not found (set NIANBAO_CHROMIUM or install it: `{INSTALL}`)");
}

/// Runs headless Chromium with a fresh profile and no network of its own.
fn headless(dir: &Path, args: &[&str]) -> std::process::Output {
    let profile = dir.join(format!("profile-{}", args.len()));
    let _ = std::fs::remove_dir_all(&profile);
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// What the probe script reports about the page.
const PROBE: &str = r#"<script>
(function(){
  function visible(sel){return Array.prototype.filter.call(document.querySelectorAll(sel),function(e){return !e.hidden;}).length;}
  var r={};
  r.totals={};
  document.querySelectorAll('[data-total]').forEach(function(e){r.totals[e.getAttribute('data-total')]=Number(e.querySelector('b').textContent);});
  r.charts={};
  document.querySelectorAll('figure.chart').forEach(function(f){
    var sum=0;f.querySelectorAll('g.bar').forEach(function(g){sum+=Number(g.getAttribute('data-count'));});
    r.charts[f.id]={bars:f.querySelectorAll('g.bar').length,sum:sum,svg:f.querySelectorAll('svg').length};
  });
  r.rows=visible('#files tbody tr');
  r.findings=document.querySelectorAll('.finding').length;
  r.clean=Array.prototype.map.call(document.querySelectorAll('#files tbody tr'),function(t){return t.querySelector('.clean')?t.getAttribute('data-path'):null;}).filter(Boolean);
  var linyi=Array.prototype.filter.call(document.querySelectorAll('section.file'),function(s){return s.id&&s.querySelector('h3').textContent.indexOf('linyi')>=0;})[0];
  var mv=linyi.querySelector('.finding[data-code="missing-value"]');
  r.linyi={findings:linyi.querySelectorAll('.finding').length,
    offending:mv.querySelectorAll('table .cell-offending').length,
    related:mv.querySelectorAll('table .cell-related').length,
    fix:mv.querySelector('.fixes').textContent};
  var filter=document.getElementById('filter');
  filter.value='linyi';filter.dispatchEvent(new Event('input'));
  r.filtered={rows:visible('#files tbody tr'),sections:visible('section.file')};
  filter.value='';filter.dispatchEvent(new Event('input'));
  r.unfiltered=visible('#files tbody tr');
  var th=document.querySelectorAll('#files thead th')[3];
  function errors(){return Array.prototype.map.call(document.querySelectorAll('#files tbody tr'),function(t){return Number(t.cells[3].getAttribute('data-value'));});}
  th.click();r.asc=errors();th.click();r.desc=errors();
  var out=document.createElement('pre');out.id='probe';out.textContent=JSON.stringify(r);document.body.appendChild(out);
})();
</script>"#;

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
fn reviewer_page_in_headless_chromium() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("html-report");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("report.html");
    let reports = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/reports");
    let run = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "html", "-o"])
        .arg(&page)
        .arg(reports)
        .output()
        .unwrap();
    // The samples have errors: exit 1, and nothing on stdout (the page went to the file).
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    assert!(run.stdout.is_empty());
    let html = std::fs::read_to_string(&page).unwrap();

    // Self-contained: nothing fetched (the SVG namespace is a name, not a fetch).
    for needle in ["src=", "href=\"http", "url(", "@import"] {
        assert!(!html.contains(needle), "page refers to {needle}");
    }
    // Made from the same data as --format json: the same findings, in the same order.
    let data_json = html
        .split("<script type=\"application/json\" id=\"nianbao-data\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .unwrap();
    let data: Value = serde_json::from_str(data_json).unwrap();
    let json = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "json", reports])
        .output()
        .unwrap();
    let plain: Value = serde_json::from_slice(&json.stdout).unwrap();
    let files = plain.as_array().unwrap();
    assert_eq!(data.as_array().unwrap().len(), files.len());
    let total: usize = files
        .iter()
        .map(|f| f["diagnostics"].as_array().map_or(0, Vec::len))
        .sum();
    for (a, b) in data.as_array().unwrap().iter().zip(files) {
        assert_eq!(a["path"], b["path"]);
        assert_eq!(a["diagnostics"], b["diagnostics"]);
        assert!(a["tables"].is_array());
    }

    // In the browser.
    let probe = dir.join("probe.html");
    std::fs::write(&probe, html.replace("</body>", &format!("{PROBE}</body>"))).unwrap();
    let out = headless(
        &dir,
        &[
            "--virtual-time-budget=5000",
            "--dump-dom",
            &format!("file://{}", probe.display()),
        ],
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let seen = dom
        .split("<pre id=\"probe\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .unwrap_or_else(|| panic!("the probe did not run: {dom:.2000}"));
    let r: Value = serde_json::from_str(&unescape(seen)).unwrap();

    assert_eq!(r["totals"]["files"], files.len());
    let errors = files
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(r["totals"]["errors"], errors);
    assert_eq!(r["findings"], total);
    for chart in ["chart-rule", "chart-issuer", "chart-year"] {
        assert_eq!(r["charts"][chart]["svg"], 1, "{chart}");
        assert_eq!(r["charts"][chart]["sum"], total, "{chart}");
    }
    assert!(r["charts"]["chart-rule"]["bars"].as_u64().unwrap() >= 5);
    assert_eq!(r["charts"]["chart-year"]["bars"], 4, "{r}");
    assert_eq!(r["rows"], files.len());
    // The ziyang and quanzhou samples are clean.
    assert_eq!(
        r["clean"],
        serde_json::json!([
            format!("{reports}/2020-ziyang-government-office.txt"),
            format!("{reports}/2021-quanzhou-service-center.txt")
        ])
    );
    // Linyi: one missing-value finding for the table, its 126 blank cells marked (the first
    // row's six as the finding itself, the others as related).
    assert_eq!(r["linyi"]["findings"], 10, "{r}");
    assert_eq!(r["linyi"]["offending"], 6, "{r}");
    assert_eq!(r["linyi"]["related"], 120, "{r}");
    assert!(r["linyi"]["fix"].as_str().unwrap().contains("（需复核）"));
    // Filtering and sorting.
    assert_eq!(r["filtered"]["rows"], 1, "{r}");
    assert_eq!(r["filtered"]["sections"], 1, "{r}");
    assert_eq!(r["unfiltered"], files.len());
    let asc: Vec<u64> = serde_json::from_value(r["asc"].clone()).unwrap();
    let desc: Vec<u64> = serde_json::from_value(r["desc"].clone()).unwrap();
    let mut sorted = asc.clone();
    sorted.sort_unstable();
    assert_eq!(asc, sorted);
    sorted.reverse();
    assert_eq!(desc, sorted);
    assert_ne!(asc, desc, "the samples' error counts all equal");

    // The screenshot, kept as the test's artefact.
    let shot = dir.join("..").join("html-report.png");
    let _ = std::fs::remove_file(&shot);
    headless(
        &dir,
        &[
            "--window-size=1280,2000",
            &format!("--screenshot={}", shot.display()),
            &format!("file://{}", page.display()),
        ],
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{}",
        png.len()
    );
    println!("screenshot: {}", shot.display());
}
