//! The language server (`nianbao lsp`): LSP over stdio, thin glue over [`crate::check`].
//!
//! - [`position`]: position-encoding negotiation and clamped conversions;
//! - [`document`]: an open document (rope, version, epoch) and incremental changes;
//! - [`analysis`]: the one call into the core, and findings -> LSP diagnostics;
//! - [`state`]: the analysis of one document version, shared by diagnostics and every request;
//! - [`features`]: hover, outline, folding, inlay hints, completion, formatting (over `crate::ide`);
//! - [`settings`]: `nianbao.toml` lookup and editor settings;
//! - [`server`]: the `LanguageServer` implementation (what the set needs of it in `server/set.rs`);
//! - [`transport`]: the stdio framing, which survives malformed messages;
//! - [`workspace`]: the workspace's reports as a set, each compared with the previous year's.

pub mod analysis;
pub mod document;
pub mod features;
pub mod position;
pub mod server;
pub mod settings;
pub mod state;
pub mod transport;
pub mod workspace;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tower_lsp_server::{ClientSocket, LspService};

pub use analysis::{analyze_document, check_document, DocumentAnalysis};
pub use server::{Backend, Hooks};

/// Builds the service. The returned flag becomes `true` once `shutdown` was received (LSP: exit
/// code 0 after `shutdown`, else 1).
#[must_use]
pub fn build_service() -> (LspService<Backend>, ClientSocket, Arc<AtomicBool>) {
    build_service_with(Hooks::default())
}

/// [`build_service`] with [`Hooks`] around each analysis (for tests).
#[must_use]
pub fn build_service_with(hooks: Hooks) -> (LspService<Backend>, ClientSocket, Arc<AtomicBool>) {
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&shutdown);
    let (service, socket) =
        LspService::build(move |client| Backend::with_hooks(client, flag, hooks.clone()))
            .custom_method("nianbao/documentText", Backend::document_text)
            .custom_method("nianbao/debugSleep", Backend::debug_sleep)
            .custom_method("nianbao/workspaceReports", Backend::workspace_reports)
            .finish();
    (service, socket, shutdown)
}

/// Serves LSP on stdin/stdout until `exit`; returns the process exit status (0 when `shutdown`
/// came first, else 1).
#[must_use]
pub fn run_stdio() -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("nianbao lsp: cannot start the runtime: {e}");
            return 1;
        }
    };
    let shutdown = runtime.block_on(async {
        let (service, socket, shutdown) = build_service();
        transport::serve(tokio::io::stdin(), tokio::io::stdout(), service, socket).await;
        shutdown
    });
    // Do not wait for a blocking stdin read or an analysis still running.
    runtime.shutdown_background();
    i32::from(!shutdown.load(Ordering::SeqCst))
}
