//! The workspace's reports as a set, over JSON-RPC as an editor speaks it: each report
//! compared with the same issuer's report of the previous year (`carry-over`,
//! `in-force-count`, `copied-text`), whether last year's is open in the editor or only on
//! disk; its changes (typed, or saved and notified by `workspace/didChangeWatchedFiles`)
//! republish this year's findings; pull diagnostics for the clients that ask for them; the
//! findings equal `nianbao check --format json` of the same files.

mod lsp_support;
mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use lsp_support::*;
use serde_json::{json, Value};

use support::temp_dir;

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// [`support::ziyang_pair`] written to `dir`: their paths and texts.
fn ziyang_pair(dir: &Path) -> (PathBuf, PathBuf, String, String) {
    let (last, this) = support::ziyang_pair();
    let (a, b) = (dir.join("2020-ziyang.txt"), dir.join("2021-ziyang.txt"));
    std::fs::write(&a, &last).unwrap();
    std::fs::write(&b, &this).unwrap();
    (a, b, last, this)
}

/// The lines (0-based) of 2020's 四、结转下年度继续办理 cells of 自然人 and 总计 (one cell a
/// line after the label).
fn carried_lines(text: &str) -> (u32, u32) {
    let label = text
        .lines()
        .position(|l| l.starts_with("四、结转下年度继续办理"))
        .unwrap();
    let label = u32::try_from(label).unwrap();
    (label + 1, label + 7)
}

/// `initialize` with `folder` as the workspace, `initialized`, then waits until the server
/// has read the folder's reports (`nianbao/workspaceReports`, which it answers once they are
/// read); that answer.
async fn start_in(
    folder: &Path,
    capabilities: Value,
) -> (Client, tokio::task::JoinHandle<()>, Value, Value) {
    let (mut c, server) = start();
    let uri = file_uri(folder);
    let resp = c
        .request(
            "initialize",
            Some(json!({
                "processId": null,
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": "reports"}],
                "capabilities": capabilities,
            })),
        )
        .await;
    assert!(resp.get("error").is_none(), "{resp}");
    c.notify("initialized", json!({})).await;
    let reports = c.request("nianbao/workspaceReports", Some(json!({}))).await;
    (c, server, resp["result"].clone(), reports["result"].clone())
}

/// A finding as both front ends give it: code, range, severity, message, and its related
/// places (the file's name, range, message).
type Norm = (
    String,
    (u64, u64, u64, u64),
    String,
    String,
    Vec<(String, (u64, u64, u64, u64), String)>,
);

fn span(r: &Value) -> (u64, u64, u64, u64) {
    (
        r["start"]["line"].as_u64().unwrap(),
        r["start"]["character"].as_u64().unwrap(),
        r["end"]["line"].as_u64().unwrap(),
        r["end"]["character"].as_u64().unwrap(),
    )
}

fn name_of(path: &str) -> String {
    path.rsplit('/').next().unwrap_or_default().to_string()
}

/// `nianbao check --format json FILES`: the array of file objects.
fn check_json(files: &[&Path]) -> Vec<Value> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "json"])
        .args(files)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    json.as_array().unwrap().clone()
}

fn cli_findings(file: &Value) -> Vec<Norm> {
    let own = name_of(file["path"].as_str().unwrap());
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let related = d["related"]
                .as_array()
                .map(|rs| {
                    rs.iter()
                        .map(|r| {
                            let file = r["path"].as_str().map_or(own.clone(), name_of);
                            (
                                file,
                                span(&r["range"]),
                                r["message"].as_str().unwrap().to_string(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            (
                d["code"].as_str().unwrap().to_string(),
                span(&d["range"]),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                related,
            )
        })
        .collect()
}

fn lsp_findings(diags: &[Value]) -> Vec<Norm> {
    diags
        .iter()
        .map(|d| {
            let related = d["relatedInformation"]
                .as_array()
                .map(|rs| {
                    rs.iter()
                        .map(|r| {
                            (
                                name_of(r["location"]["uri"].as_str().unwrap()),
                                span(&r["location"]["range"]),
                                r["message"].as_str().unwrap().to_string(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let severity = match d["severity"].as_u64() {
                Some(1) => "error",
                Some(2) => "warning",
                Some(3) => "info",
                _ => "hint",
            };
            (
                d["code"].as_str().unwrap().to_string(),
                span(&d["range"]),
                severity.to_string(),
                d["message"].as_str().unwrap().to_string(),
                related,
            )
        })
        .collect()
}

fn of_code<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

/// The next publishDiagnostics of `uri` (any version) whose diagnostics satisfy `pred`.
async fn wait_published(c: &mut Client, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let p = c
        .wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && pred(p["diagnostics"].as_array().map_or(&[][..], Vec::as_slice))
        })
        .await;
    p["diagnostics"].as_array().cloned().unwrap_or_default()
}

/// One incremental change of line `line`, characters `from..to`, to `text`.
async fn replace(
    c: &mut Client,
    uri: &str,
    version: i64,
    line: u32,
    from: u32,
    to: u32,
    text: &str,
) {
    c.did_change(uri, version, [line, from, line, to], text)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn last_years_report_open_or_on_disk_gives_this_years_carry_over() {
    let dir = temp_dir("lsp-set-carry");
    let (path20, path21, last, this) = ziyang_pair(&dir);
    // Another issuer's report, open too: nothing it is compared with changes.
    let other = dir.join("2021-quanzhou.txt");
    std::fs::write(&other, support::sample("2021-quanzhou-service-center")).unwrap();
    let (uri20, uri21, uri_other) = (file_uri(&path20), file_uri(&path21), file_uri(&other));
    let caps = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let (mut c, server, _, reports) = start_in(&dir, caps).await;

    // The folder's reports were read: one issuer's 2020 and 2021, and Quanzhou's 2021.
    let reports = reports.as_array().unwrap();
    assert_eq!(reports.len(), 3, "{reports:#?}");
    let ziyang: Vec<&Value> = reports
        .iter()
        .filter(|r| r["uri"] != uri_other.as_str())
        .collect();
    assert_eq!(ziyang[0]["issuer"], ziyang[1]["issuer"]);
    assert_eq!(
        (ziyang[0]["year"].as_i64(), ziyang[1]["year"].as_i64()),
        (Some(2020), Some(2021))
    );
    // The reports on disk are watched.
    let watched = c.server_requests.iter().any(|(m, p)| {
        m == "client/registerCapability"
            && p["registrations"].as_array().unwrap().iter().any(|r| {
                r["method"] == "workspace/didChangeWatchedFiles"
                    && r["registerOptions"]["watchers"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|w| w["globPattern"] == "**/*.txt")
            })
    });
    assert!(watched, "{:#?}", c.server_requests);

    // 2021 opened: compared with 2020 as it is on disk (not open).
    c.did_open(&uri21, 1, &this).await;
    let d = c.wait_diagnostics(&uri21, 1).await;
    let carry = of_code(&d, "carry-over");
    assert_eq!(carry.len(), 2, "{d:#?}");
    let (natural, total) = carried_lines(&last);
    let related = &carry[0]["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], uri20.as_str());
    assert_eq!(
        span(&related["range"]),
        (u64::from(natural), 0, u64::from(natural), 1)
    );
    assert_eq!(
        span(&carry[1]["relatedInformation"][0]["location"]["range"]),
        (u64::from(total), 0, u64::from(total), 1)
    );
    // Exactly what `nianbao check` says of the pair.
    let cli = check_json(&[&path20, &path21]);
    assert_eq!(lsp_findings(&d), cli_findings(&cli[1]));
    assert!(!of_code(&d, "copied-text").is_empty());

    c.did_open(
        &uri_other,
        1,
        &support::sample("2021-quanzhou-service-center"),
    )
    .await;
    c.wait_diagnostics(&uri_other, 1).await;

    // 2020 opened and edited (not saved) so that it carried 2 over: 2021's findings are
    // published again without the carry-over, its own text unchanged.
    c.did_open(&uri20, 1, &last).await;
    c.wait_diagnostics(&uri20, 1).await;
    replace(&mut c, &uri20, 2, natural, 0, 1, "2").await;
    replace(&mut c, &uri20, 3, total, 0, 1, "2").await;
    let d = wait_published(&mut c, &uri21, |d| {
        d.iter().all(|x| x["code"] != "carry-over")
    })
    .await;
    assert!(!of_code(&d, "copied-text").is_empty(), "{d:#?}");
    // ... and only 2021's: Quanzhou is compared with nothing that changed.
    tokio::time::sleep(Duration::from_millis(300)).await;
    c.document_text(&uri_other).await;
    assert!(c.drain_diagnostics(&uri_other).is_empty());
    // The same as `nianbao check` with 2020 as edited.
    let edited: String = {
        let mut lines: Vec<&str> = last.split('\n').collect();
        lines[natural as usize] = "2 |";
        lines[total as usize] = "2 |";
        lines.join("\n")
    };
    let copy = temp_dir("lsp-set-carry-edited");
    std::fs::write(copy.join("2020-ziyang.txt"), &edited).unwrap();
    std::fs::write(copy.join("2021-ziyang.txt"), &this).unwrap();
    let cli = check_json(&[&copy.join("2020-ziyang.txt"), &copy.join("2021-ziyang.txt")]);
    assert_eq!(lsp_findings(&d), cli_findings(&cli[1]));

    // Closed without saving: the file on disk is last year's report again.
    c.drain_diagnostics(&uri21);
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri20}}),
    )
    .await;
    let d = wait_published(&mut c, &uri21, |d| of_code(d, "carry-over").len() == 2).await;
    let cli = check_json(&[&path20, &path21]);
    assert_eq!(lsp_findings(&d), cli_findings(&cli[1]));

    // Saved elsewhere and notified: the file's new text counts.
    c.drain_diagnostics(&uri21);
    std::fs::write(&path20, &edited).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri20, "type": 2}]}),
    )
    .await;
    wait_published(&mut c, &uri21, |d| {
        d.iter().all(|x| x["code"] != "carry-over")
    })
    .await;

    // Written back as it was (created again), then deleted: compared, then with nothing.
    c.drain_diagnostics(&uri21);
    std::fs::write(&path20, &last).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri20, "type": 1}]}),
    )
    .await;
    wait_published(&mut c, &uri21, |d| of_code(d, "carry-over").len() == 2).await;
    c.drain_diagnostics(&uri21);
    std::fs::remove_file(&path20).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri20, "type": 3}]}),
    )
    .await;
    let d = wait_published(&mut c, &uri21, |d| {
        d.iter().all(|x| x["code"] != "carry-over")
    })
    .await;
    assert!(of_code(&d, "copied-text").is_empty(), "{d:#?}");
    shutdown_and_exit(&mut c, server).await;
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&copy);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_clients_get_the_same_findings_and_nothing_pushed() {
    let dir = temp_dir("lsp-set-pull");
    let (path20, path21, last, this) = ziyang_pair(&dir);
    let (uri20, uri21) = (file_uri(&path20), file_uri(&path21));
    let caps = json!({
        "textDocument": {"diagnostic": {"dynamicRegistration": false}},
        "workspace": {"diagnostics": {"refreshSupport": true}}
    });
    let (mut c, server, init, _) = start_in(&dir, caps).await;
    let provider = &init["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["interFileDependencies"], true, "{init:#}");
    assert_eq!(provider["workspaceDiagnostics"], true);
    let cli = check_json(&[&path20, &path21]);

    // The client pulls (its first pull, before it opens anything): nothing is pushed from
    // here on.
    c.request(
        "textDocument/diagnostic",
        Some(json!({"textDocument": {"uri": uri20}})),
    )
    .await;
    c.did_open(&uri21, 1, &this).await;
    let r = c
        .request(
            "textDocument/diagnostic",
            Some(json!({"textDocument": {"uri": uri21}})),
        )
        .await;
    let report = &r["result"];
    assert_eq!(report["kind"], "full", "{r}");
    let items = report["items"].as_array().unwrap();
    assert_eq!(of_code(items, "carry-over").len(), 2);
    assert_eq!(lsp_findings(items), cli_findings(&cli[1]));
    // Asked again with its result id: unchanged.
    let again = c
        .request(
            "textDocument/diagnostic",
            Some(json!({"textDocument": {"uri": uri21}, "previousResultId": report["resultId"]})),
        )
        .await;
    assert_eq!(again["result"]["kind"], "unchanged", "{again}");

    // The workspace: 2021 open (with its version), 2020 read from disk.
    let r = c
        .request(
            "workspace/diagnostic",
            Some(json!({"previousResultIds": []})),
        )
        .await;
    let items = r["result"]["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2, "{r:#}");
    let of = |uri: &str| items.iter().find(|i| i["uri"] == uri).unwrap().clone();
    let (w20, w21) = (of(&uri20), of(&uri21));
    assert_eq!(w21["version"], 1);
    assert_eq!(w20["version"], Value::Null);
    assert_eq!(
        lsp_findings(w20["items"].as_array().unwrap()),
        cli_findings(&cli[0])
    );
    assert_eq!(
        lsp_findings(w21["items"].as_array().unwrap()),
        cli_findings(&cli[1])
    );
    // With the result ids: nothing changed.
    let ids: Vec<Value> = items
        .iter()
        .map(|i| json!({"uri": i["uri"], "value": i["resultId"]}))
        .collect();
    let r = c
        .request(
            "workspace/diagnostic",
            Some(json!({"previousResultIds": ids})),
        )
        .await;
    let kinds: Vec<&Value> = r["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["kind"])
        .collect();
    assert_eq!(kinds, [&json!("unchanged"), &json!("unchanged")], "{r:#}");

    // 2020 edited in the editor: the client is asked to pull again, and 2021 has no
    // carry-over any more.
    let (natural, total) = carried_lines(&last);
    c.did_open(&uri20, 1, &last).await;
    replace(&mut c, &uri20, 2, natural, 0, 1, "2").await;
    replace(&mut c, &uri20, 3, total, 0, 1, "2").await;
    let deadline = tokio::time::Instant::now() + TIMEOUT;
    loop {
        let r = c
            .request(
                "textDocument/diagnostic",
                Some(json!({"textDocument": {"uri": uri21}})),
            )
            .await;
        let items = r["result"]["items"].as_array().unwrap();
        if of_code(items, "carry-over").is_empty() {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "still {items:#?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let deadline = tokio::time::Instant::now() + TIMEOUT;
    while !c
        .server_requests
        .iter()
        .any(|(m, _)| m == "workspace/diagnostic/refresh")
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no refresh asked for"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
        c.document_text(&uri21).await;
    }
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri20}}),
    )
    .await;
    c.document_text(&uri21).await;
    // Never pushed.
    assert!(
        c.notifications
            .iter()
            .all(|n| n["method"] != "textDocument/publishDiagnostics"),
        "{:#?}",
        c.notifications
    );
    shutdown_and_exit(&mut c, server).await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// The Ziyang 2020 report as an HTML page (its tables as `<table>`s, by way of `nianbao
/// convert --to md`), with characters outside the BMP in a comment on the row of 四、结转下年度
/// 继续办理, before its cells.
fn ziyang_page(dir: &Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["convert", "--to", "md"])
        .arg(format!(
            "{}/examples/reports/2020-ziyang-government-office.txt",
            env!("CARGO_MANIFEST_DIR")
        ))
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut html = vec![
        "<!DOCTYPE html>".to_string(),
        "<html><head><meta charset=\"utf-8\"><title>资阳</title></head><body>".to_string(),
    ];
    let mut in_table = false;
    for line in md.lines() {
        if line.starts_with('|') {
            let cells: Vec<&str> = line
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            if cells
                .iter()
                .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
            {
                continue;
            }
            if !in_table {
                html.push("<table>".into());
                in_table = true;
            }
            let tds: Vec<String> = cells
                .iter()
                .map(|c| format!("<td>{}</td>", escape(c)))
                .collect();
            let row = if cells[0].starts_with("四、结转下年度继续办理") {
                format!("{}<!--😀𠀀-->{}", tds[0], tds[1..].concat())
            } else {
                tds.concat()
            };
            html.push(format!("<tr>{row}</tr>"));
            continue;
        }
        if in_table {
            html.push("</table>".into());
            in_table = false;
        }
        if let Some(h) = line.strip_prefix('#') {
            html.push(format!(
                "<h2>{}</h2>",
                escape(h.trim_start_matches('#').trim())
            ));
        } else if !line.trim().is_empty() {
            html.push(format!("<p>{}</p>", escape(line)));
        }
    }
    if in_table {
        html.push("</table>".into());
    }
    html.push("</body></html>".into());
    let page = html.join("\n") + "\n";
    std::fs::write(dir.join("2020-ziyang.html"), &page).unwrap();
    page
}

/// The line of the page's 结转下年度 row, and the UTF-16 columns of its 自然人 and 总计 cells
/// (counted here from the line's text).
fn carried_cells(page: &str) -> (u64, u64, u64) {
    let (line, text) = page
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("四、结转下年度继续办理"))
        .unwrap();
    let cells: Vec<usize> = text
        .match_indices("<td>0</td>")
        .map(|(i, _)| i + 4)
        .collect();
    let col = |byte: usize| text[..byte].encode_utf16().count() as u64;
    (line as u64, col(cells[0]), col(cells[6]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn last_years_page_related_in_its_source_in_utf16_past_astral_characters() {
    let dir = temp_dir("lsp-set-page");
    let (path20, path21, _, this) = ziyang_pair(&dir);
    std::fs::remove_file(&path20).unwrap();
    let page = ziyang_page(&dir);
    let page_path = dir.join("2020-ziyang.html");
    let (uri20, uri21) = (file_uri(&page_path), file_uri(&path21));
    let (line, natural, total) = carried_cells(&page);
    // Code points and UTF-16 units differ before the cell.
    let text = page.lines().nth(line as usize).unwrap();
    let bytes = text.match_indices("<td>0</td>").next().unwrap().0 + 4;
    assert_ne!(text[..bytes].chars().count() as u64, natural);

    let (mut c, server, init, _) = start_in(&dir, json!({})).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    c.did_open(&uri21, 1, &this).await;
    let d = c.wait_diagnostics(&uri21, 1).await;
    let carry = of_code(&d, "carry-over");
    assert_eq!(carry.len(), 2, "{d:#?}");
    let at = |d: &Value| {
        let l = &d["relatedInformation"][0]["location"];
        (l["uri"].as_str().unwrap().to_string(), span(&l["range"]))
    };
    assert_eq!(
        at(carry[0]),
        (uri20.clone(), (line, natural, line, natural + 1))
    );
    assert_eq!(
        at(carry[1]),
        (uri20.clone(), (line, total, line, total + 1))
    );
    let cli = check_json(&[&page_path, &path21]);
    assert_eq!(lsp_findings(&d), cli_findings(&cli[1]));

    // The page open in the editor (read through its markup): two more units before the
    // cells move the related places; then 自然人 takes over 2 and only 总计 is left.
    c.did_open_as(&uri20, "html", 1, &page).await;
    c.wait_diagnostics(&uri20, 1).await;
    let comment = u32::try_from(
        text[..text.find("<!--").unwrap() + 4]
            .encode_utf16()
            .count(),
    )
    .unwrap();
    let line32 = u32::try_from(line).unwrap();
    replace(&mut c, &uri20, 2, line32, comment, comment, "😀").await;
    let d = wait_published(&mut c, &uri21, |d| {
        of_code(d, "carry-over").first().is_some_and(|x| {
            x["relatedInformation"][0]["location"]["range"]["start"]["character"] == natural + 2
        })
    })
    .await;
    assert_eq!(
        at(of_code(&d, "carry-over")[1]),
        (uri20.clone(), (line, total + 2, line, total + 3))
    );
    let n = u32::try_from(natural + 2).unwrap();
    replace(&mut c, &uri20, 3, line32, n, n + 1, "2").await;
    let d = wait_published(&mut c, &uri21, |d| of_code(d, "carry-over").len() == 1).await;
    assert_eq!(
        at(of_code(&d, "carry-over")[0]),
        (uri20.clone(), (line, total + 2, line, total + 3))
    );
    // As `nianbao check` says of the page as edited.
    let copy = temp_dir("lsp-set-page-edited");
    let edited = c.document_text(&uri20).await["text"]
        .as_str()
        .unwrap()
        .to_string();
    std::fs::write(copy.join("2020-ziyang.html"), edited).unwrap();
    std::fs::write(copy.join("2021-ziyang.txt"), &this).unwrap();
    let cli = check_json(&[
        &copy.join("2020-ziyang.html"),
        &copy.join("2021-ziyang.txt"),
    ]);
    assert_eq!(lsp_findings(&d), cli_findings(&cli[1]));
    shutdown_and_exit(&mut c, server).await;
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&copy);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn junk_in_the_workspace_neither_stalls_nor_stops_the_server() {
    let dir = temp_dir("lsp-set-junk");
    let (path20, path21, _, this) = ziyang_pair(&dir);
    let junk = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let bytes: Vec<u8> = (0..50_000u32).map(|i| (i * 7919 % 256) as u8).collect();
    junk("binary.txt", &bytes);
    junk("binary.md", &bytes);
    junk("fake.docx", &bytes);
    junk("fake.pdf", b"%PDF-1.4\n\x00\x01garbage");
    junk(
        "page.html",
        b"<html><body><table><tr><td>\xff\xfe</td></tr>",
    );
    junk("empty.txt", b"");
    junk("notes.xlsx", &bytes);
    // A huge file (sparse: nothing is written), a folder and a pipe named as reports, links
    // that loop or lead nowhere.
    let huge = std::fs::File::create(dir.join("huge.txt")).unwrap();
    huge.set_len(64 << 20).unwrap();
    std::fs::create_dir(dir.join("folder.txt")).unwrap();
    let fifo = dir.join("pipe.txt");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink(".", dir.join("loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", dir.join("broken.txt")).unwrap();

    let caps = json!({
        "textDocument": {"diagnostic": {}},
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
    });
    let (mut c, server, _, reports) = tokio::time::timeout(TIMEOUT, start_in(&dir, caps))
        .await
        .expect("the folder was not read in time");
    let reports = reports.as_array().unwrap();
    let report = |name: &str| {
        reports
            .iter()
            .find(|r| r["uri"].as_str().unwrap().ends_with(name))
            .map(|r| r["report"].clone())
    };
    assert_eq!(report("/2020-ziyang.txt"), Some(json!(true)));
    assert_eq!(report("/2021-ziyang.txt"), Some(json!(true)));
    for name in [
        "/binary.txt",
        "/fake.docx",
        "/fake.pdf",
        "/huge.txt",
        "/empty.txt",
    ] {
        assert_eq!(report(name), Some(json!(false)), "{name}: {reports:#?}");
    }
    assert_eq!(report("/pipe.txt"), None);

    // The pair is still compared.
    let uri21 = file_uri(&path21);
    c.did_open(&uri21, 1, &this).await;
    let r = c
        .request(
            "textDocument/diagnostic",
            Some(json!({"textDocument": {"uri": uri21}})),
        )
        .await;
    assert_eq!(
        of_code(r["result"]["items"].as_array().unwrap(), "carry-over").len(),
        2
    );
    // Changes notified for the pipe, the folder, the junk: nothing is opened that would
    // block, and the server answers at once.
    let changes: Vec<Value> = [
        "pipe.txt",
        "folder.txt",
        "binary.txt",
        "huge.txt",
        "fake.pdf",
    ]
    .iter()
    .map(|n| json!({"uri": file_uri(&dir.join(n)), "type": 2}))
    .collect();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": changes}),
    )
    .await;
    let r = tokio::time::timeout(
        Duration::from_secs(5),
        c.request(
            "workspace/diagnostic",
            Some(json!({"previousResultIds": []})),
        ),
    )
    .await
    .expect("workspace/diagnostic stalled");
    let items = r["result"]["items"].as_array().unwrap();
    for i in items {
        let uri = i["uri"].as_str().unwrap();
        if !uri.contains("ziyang") {
            assert_eq!(i["items"], json!([]), "{uri}");
        }
    }
    let w20 = items
        .iter()
        .find(|i| i["uri"] == file_uri(&path20).as_str())
        .unwrap();
    assert!(w20["items"].as_array().is_some());
    shutdown_and_exit(&mut c, server).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folders_added_and_removed_and_suppression_comments_apply() {
    let dir = temp_dir("lsp-set-folders");
    let (path20, path21, _, this) = ziyang_pair(&dir);
    let uri21 = file_uri(&path21);
    let (mut c, server) = start();
    let resp = c
        .request(
            "initialize",
            Some(
                json!({"processId": null, "rootUri": null, "workspaceFolders": [],
                "capabilities": {"workspace": {"workspaceFolders": true}}}),
            ),
        )
        .await;
    assert_eq!(
        resp["result"]["capabilities"]["workspace"]["workspaceFolders"]["changeNotifications"],
        true
    );
    c.notify("initialized", json!({})).await;
    // Alone: compared with nothing (its own file is on disk, but no folder is open).
    c.did_open(&uri21, 1, &this).await;
    let d = c.wait_diagnostics(&uri21, 1).await;
    assert!(of_code(&d, "carry-over").is_empty());

    let folder = json!({"uri": file_uri(&dir), "name": "reports"});
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [folder], "removed": []}}),
    )
    .await;
    wait_published(&mut c, &uri21, |d| of_code(d, "carry-over").len() == 2).await;

    // A suppression comment above 自然人's cell hides that one (and is used).
    let line = this
        .lines()
        .position(|l| l.starts_with("二、上年结转"))
        .unwrap();
    let comment = nianbao::check::suppress::comment_for("carry-over", true);
    let line = u32::try_from(line).unwrap() + 1;
    c.did_change(&uri21, 2, [line, 0, line, 0], &format!("{comment}\n"))
        .await;
    let d = c.wait_diagnostics(&uri21, 2).await;
    assert_eq!(of_code(&d, "carry-over").len(), 1, "{d:#?}");
    assert!(of_code(&d, "unused-suppression").is_empty());
    let text = c.document_text(&uri21).await["text"]
        .as_str()
        .unwrap()
        .to_string();
    std::fs::write(&path21, &text).unwrap();
    let cli = check_json(&[&path20, &path21]);
    assert_eq!(lsp_findings(&d), cli_findings(&cli[1]));

    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": [folder]}}),
    )
    .await;
    let d = wait_published(&mut c, &uri21, |d| of_code(d, "carry-over").is_empty()).await;
    // Nothing to hide now: the comment is reported unused, as `nianbao check` alone does.
    assert_eq!(of_code(&d, "unused-suppression").len(), 1, "{d:#?}");
    shutdown_and_exit(&mut c, server).await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// A burst of edits to last year's report, each analysed (or skipped) while this year's is
/// analysed again: what this year's report ends with is its comparison with the last text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_edits_to_last_year_ends_with_this_years_findings_against_the_last() {
    let dir = temp_dir("lsp-set-burst");
    let (path20, path21, last, this) = ziyang_pair(&dir);
    let (uri20, uri21) = (file_uri(&path20), file_uri(&path21));
    let (mut c, server, _, _) = start_in(&dir, json!({})).await;
    c.did_open(&uri21, 1, &this).await;
    c.wait_diagnostics(&uri21, 1).await;
    c.did_open(&uri20, 1, &last).await;
    c.wait_diagnostics(&uri20, 1).await;
    c.drain_diagnostics(&uri21);
    let (natural, _) = carried_lines(&last);
    let mut version = 1;
    for value in ["1", "3", "0", "5", "2", "4", "9", "7"] {
        version += 1;
        replace(&mut c, &uri20, version, natural, 0, 1, value).await;
    }
    let carried_seven = |d: &[Value]| {
        of_code(d, "carry-over").first().is_some_and(|x| {
            x["relatedInformation"][0]["message"]
                .as_str()
                .is_some_and(|m| m.ends_with(" 7"))
        })
    };
    // 2021's publications in the order they arrive, up to the one against the last text.
    let d = loop {
        let p = c
            .wait_notification("textDocument/publishDiagnostics", |p| {
                p["uri"] == uri21.as_str()
            })
            .await;
        let d = p["diagnostics"].as_array().unwrap().clone();
        if carried_seven(&d) {
            break d;
        }
    };
    c.wait_diagnostics(&uri20, version).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    c.document_text(&uri21).await;
    // Nothing older arrives after it.
    for p in c.drain_diagnostics(&uri21) {
        assert!(carried_seven(p["diagnostics"].as_array().unwrap()), "{p:#}");
    }
    // Saved, notified, closed: what was published equals `nianbao check` of the files, and
    // the file on disk taking the document's place changes nothing.
    let edited: String = {
        let mut lines: Vec<&str> = last.split('\n').collect();
        lines[natural as usize] = "7 |";
        lines.join("\n")
    };
    std::fs::write(&path20, edited).unwrap();
    let cli = check_json(&[&path20, &path21]);
    assert_eq!(lsp_findings(&d), cli_findings(&cli[1]));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri20, "type": 2}]}),
    )
    .await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri20}}),
    )
    .await;
    // The close clears 2020's diagnostics.
    c.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri20.as_str() && p["version"].is_null()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    c.document_text(&uri21).await;
    for p in c.drain_diagnostics(&uri21) {
        assert_eq!(
            lsp_findings(p["diagnostics"].as_array().unwrap()),
            cli_findings(&cli[1])
        );
    }
    shutdown_and_exit(&mut c, server).await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// A client that declares pull diagnostics but never pulls (Neovim 0.11 with a server that
/// also pushes) is pushed to; at its first pull what was pushed is withdrawn, so nothing is
/// shown twice, and nothing more is pushed.
#[tokio::test]
async fn pushed_until_the_client_first_pulls_then_withdrawn() {
    let dir = temp_dir("lsp-set-pull-late");
    let (path20, path21, _last, this) = ziyang_pair(&dir);
    let uri21 = file_uri(&path21);
    let caps = json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}});
    let (mut c, server, _init, _) = start_in(&dir, caps).await;
    let cli = check_json(&[&path20, &path21]);
    c.did_open(&uri21, 1, &this).await;
    let pushed = wait_published(&mut c, &uri21, |d| !d.is_empty()).await;
    assert_eq!(lsp_findings(&pushed), cli_findings(&cli[1]));
    let r = c
        .request(
            "textDocument/diagnostic",
            Some(json!({"textDocument": {"uri": uri21}})),
        )
        .await;
    let items = r["result"]["items"].as_array().unwrap().clone();
    assert_eq!(lsp_findings(&items), cli_findings(&cli[1]));
    // The pushed findings withdrawn: the last push is empty.
    let last = wait_published(&mut c, &uri21, |d| d.is_empty()).await;
    assert!(last.is_empty());
    // An edit is not pushed any more.
    let count = |c: &Client| {
        c.notifications
            .iter()
            .filter(|n| n["method"] == "textDocument/publishDiagnostics")
            .count()
    };
    let before = count(&c);
    c.did_change_full(&uri21, 2, &this.replacen("2021年", "2021 年", 1))
        .await;
    c.document_text(&uri21).await;
    c.request(
        "textDocument/diagnostic",
        Some(json!({"textDocument": {"uri": uri21}})),
    )
    .await;
    assert_eq!(count(&c), before, "{:#?}", c.notifications);
    drop(server);
}
