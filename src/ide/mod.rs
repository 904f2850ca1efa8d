//! Drafting comfort for editors, on the core model: hover, outline, folding, inlay hints,
//! completion and formatting. Byte ranges and plain Rust types in, plain types out; the LSP
//! glue (`lsp/features.rs`) converts positions and nothing else.

pub mod completion;
pub mod folding;
pub mod format;
pub mod hover;
pub mod inlay;
pub mod symbols;
