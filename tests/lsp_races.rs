//! Orderings of analyses against the messages that arrive while they run (issue #13, items 2
//! and 8), made deterministic by holding chosen analyses at the server's `before_analysis`
//! hook until the test releases them.

mod lsp_support;

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use lsp_support::*;
use nianbao::check::Config;
use nianbao::text::{LineIndex, PositionEncoding::Utf16};
use serde_json::{json, Value};

#[derive(Default)]
struct State {
    /// (uri, version) of analyses to hold when they start, in order.
    to_hold: VecDeque<(String, i32)>,
    /// Every analysis started: (uri, version, held).
    arrived: Vec<(String, i32, bool)>,
    /// Indices into `arrived` released by the test.
    released: Vec<usize>,
    /// (uri, version) of analyses finished, in order.
    done: Vec<(String, i32)>,
    /// Everything released (the test ended): a held analysis thread must not outlive it.
    all_released: bool,
}

/// Holds chosen analyses at the start until released.
#[derive(Clone, Default)]
struct Gates(Arc<(Mutex<State>, Condvar)>);

impl Gates {
    fn hooks(&self) -> nianbao::lsp::Hooks {
        let before = self.clone();
        let after = self.clone();
        nianbao::lsp::Hooks {
            before_analysis: Some(Arc::new(move |uri, version| {
                before.arrive(uri.as_str(), version)
            })),
            after_analysis: Some(Arc::new(move |uri, version| {
                let (state, cv) = &*after.0;
                state
                    .lock()
                    .unwrap()
                    .done
                    .push((uri.as_str().to_string(), version));
                cv.notify_all();
            })),
        }
    }

    /// The next analysis of `uri` at `version` is held.
    fn hold_next(&self, uri: &str, version: i32) {
        self.0
             .0
            .lock()
            .unwrap()
            .to_hold
            .push_back((uri.to_string(), version));
    }

    /// On the analysis thread: blocks while this analysis is held.
    fn arrive(&self, uri: &str, version: i32) {
        let (state, cv) = &*self.0;
        let mut st = state.lock().unwrap();
        let key = (uri.to_string(), version);
        let held = st.to_hold.front() == Some(&key);
        if held {
            st.to_hold.pop_front();
        }
        let id = st.arrived.len();
        st.arrived.push((key.0, version, held));
        cv.notify_all();
        while held && !st.released.contains(&id) && !st.all_released {
            st = cv.wait(st).unwrap();
        }
    }

    /// Releases everything when dropped (also when the test fails).
    fn release_all_on_drop(&self) -> ReleaseAll {
        ReleaseAll(self.clone())
    }

    fn release(&self, id: usize) {
        let (state, cv) = &*self.0;
        state.lock().unwrap().released.push(id);
        cv.notify_all();
    }

    /// Polls (without blocking the runtime) until `f` gives a value.
    async fn until<T>(&self, what: &str, f: impl Fn(&State) -> Option<T>) -> T {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(v) = f(&self.0 .0.lock().unwrap()) {
                return v;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    /// The id of the `nth` (0-based) held analysis of `uri` at `version`, once it started.
    async fn held(&self, uri: &str, version: i32, nth: usize) -> usize {
        self.until("a held analysis", |st| {
            st.arrived
                .iter()
                .enumerate()
                .filter(|(_, (u, v, h))| u == uri && *v == version && *h)
                .nth(nth)
                .map(|(i, _)| i)
        })
        .await
    }

    /// Waits until `count` analyses of `uri` at `version` finished.
    async fn finished(&self, uri: &str, version: i32, count: usize) {
        self.until("a finished analysis", |st| {
            (st.done
                .iter()
                .filter(|(u, v)| u == uri && *v == version)
                .count()
                >= count)
                .then_some(())
        })
        .await;
    }
}

struct ReleaseAll(Gates);

impl Drop for ReleaseAll {
    fn drop(&mut self) {
        let (state, cv) = &*self.0 .0;
        state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .all_released = true;
        cv.notify_all();
    }
}

/// A blank 2022 report; the byte offsets of section 三's first 总计 cell and of section 二's
/// first value cell.
fn report() -> (String, usize, usize) {
    let text = nianbao::skeleton::render(2022, nianbao::skeleton::Format::Text).unwrap();
    let analysis = nianbao::model::analyze(&text);
    let cell = |section: u8, row: Option<&str>| {
        let table = analysis
            .report
            .tables
            .iter()
            .find(|t| t.section == Some(section))
            .unwrap();
        let row = match row {
            Some(id) => table.row(id).unwrap(),
            None => &table.rows[0],
        };
        row.values[0].range.unwrap().start
    };
    let (total, two) = (cell(3, Some("total")), cell(2, None));
    (text, total, two)
}

/// `[line, col, line, col + 1]` of the character at byte `at`.
fn one_char(text: &str, at: usize) -> [u32; 4] {
    let p = LineIndex::new(text).position(text, at, Utf16);
    [p.line, p.character, p.line, p.character + 1]
}

fn replaced(text: &str, at: usize, with: &str) -> String {
    let mut t = text.to_string();
    t.replace_range(at..at + 1, with);
    t
}

/// Issue #13 item 2: an edit made before the first analysis result is kept must be part of
/// the next incremental check's base (it was dropped: the total's `row-total` never appeared).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_made_while_the_first_analysis_runs_is_not_lost() {
    let uri = "untitled:race.txt";
    let (text, total, two) = report();
    let gates = Gates::default();
    let _release = gates.release_all_on_drop();
    gates.hold_next(uri, 1);
    gates.hold_next(uri, 2);
    let (mut c, server) = start_with(gates.hooks());
    c.initialize(json!({})).await;

    c.did_open(uri, 1, &text).await;
    let first = gates.held(uri, 1, 0).await;
    // The total no longer adds up (same length: nothing but the edit log can tell).
    c.did_change(uri, 2, one_char(&text, total), "9").await;
    let v2 = replaced(&text, total, "9");
    let second = gates.held(uri, 2, 0).await;
    // Version 1's analysis finishes (stale, but kept as the base), then an edit elsewhere.
    gates.release(first);
    gates.finished(uri, 1, 1).await;
    c.did_change(uri, 3, one_char(&v2, two), "1").await;
    let v3 = replaced(&v2, two, "1");

    let published = c.wait_diagnostics(uri, 3).await;
    let want = expected(&v3, &Config::default(), Utf16);
    assert!(want.iter().any(|f| f.0 == "row-total"), "{want:?}");
    assert_eq!(findings(&published), want);
    gates.release(second);
    shutdown_and_exit(&mut c, server).await;
}

/// Issue #13 item 2: close and reopen of the same URI; the old text's analysis, finishing
/// late, must not become the new text's base.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reopened_document_does_not_adopt_the_old_texts_analysis() {
    let uri = "untitled:reopen.txt";
    let (text, total, two) = report();
    let gates = Gates::default();
    let _release = gates.release_all_on_drop();
    gates.hold_next(uri, 1);
    gates.hold_next(uri, 1);
    let (mut c, server) = start_with(gates.hooks());
    c.initialize(json!({})).await;

    c.did_open(uri, 1, &text).await;
    let old = gates.held(uri, 1, 0).await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
    let reopened = replaced(&text, total, "9");
    c.did_open(uri, 1, &reopened).await;
    let new = gates.held(uri, 1, 1).await;
    gates.release(old);
    gates.finished(uri, 1, 1).await;
    c.did_change(uri, 2, one_char(&reopened, two), "1").await;
    let v2 = replaced(&reopened, two, "1");

    let published = c.wait_diagnostics(uri, 2).await;
    let want = expected(&v2, &Config::default(), Utf16);
    assert!(want.iter().any(|f| f.0 == "row-total"), "{want:?}");
    assert_eq!(findings(&published), want);
    gates.release(new);
    shutdown_and_exit(&mut c, server).await;
}

fn quick_fixes(resp: &Value) -> Vec<Value> {
    resp["result"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|a| a["kind"] == "quickfix")
        .collect()
}

async fn code_action(c: &mut Client, uri: &str, diagnostic: &Value) -> Value {
    c.request(
        "textDocument/codeAction",
        Some(json!({
            "textDocument": {"uri": uri},
            "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}
        })),
    )
    .await
}

/// Issue #13 item 8: a code action request carrying a diagnostic from before a close and
/// reopen (both at version 1) must not offer the old text's fix.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fix_from_before_a_reopen_is_not_offered() {
    let uri = "untitled:reopen-fix.txt";
    let (mut c, server) = start();
    c.initialize(json!({})).await;
    let text = typo_report();
    c.did_open(uri, 1, &text).await;
    let old = c.wait_diagnostics(uri, 1).await;
    let typo = old
        .iter()
        .find(|d| d["code"] == "label-typo")
        .expect("the typo")
        .clone();
    // The label's fix and "忽略此处的 label-typo".
    assert_eq!(quick_fixes(&code_action(&mut c, uri, &typo).await).len(), 2);

    // Reopened at version 1 with other text: a line inserted at the top (every line moves).
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
    let reopened = format!("说明：本报告为草稿。\n{text}");
    c.did_open(uri, 1, &reopened).await;
    let new = loop {
        let d = c.wait_diagnostics(uri, 1).await;
        if d != old {
            break d;
        }
    };
    assert!(
        quick_fixes(&code_action(&mut c, uri, &typo).await).is_empty(),
        "the old diagnostic's fix would edit the new text at the old place"
    );
    // The new text's own finding still has its fix.
    let typo = new.iter().find(|d| d["code"] == "label-typo").unwrap();
    assert_eq!(quick_fixes(&code_action(&mut c, uri, typo).await).len(), 2);
    shutdown_and_exit(&mut c, server).await;
}
