//! Drafting features over LSP: hover, document symbols, folding ranges, inlay hints,
//! completion and formatting. Thin glue: each function reads the version's shared analysis
//! ([`Analysed`]: its text, model, findings and configuration, made once per version) with the
//! core (`crate::ide`) and converts byte ranges to LSP positions through [`super::position`].
//! Nothing here panics on any input: an unknown position is clamped, a text that is not a
//! report gets empty answers.

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, DocumentSymbol, Documentation,
    FoldingRange, FoldingRangeKind, Hover, HoverContents, InlayHint, InlayHintKind, InlayHintLabel,
    InlayHintTooltip, MarkupContent, MarkupKind, Position, Range, SymbolKind, TextEdit,
};

use super::position::{byte_to_position, position_to_byte, text_range_to_range};
use super::state::Analysed;
use crate::ide;
use crate::text::{PositionEncoding, TextRange};

fn byte_range(rope: &Rope, range: Range, enc: PositionEncoding) -> TextRange {
    let a = position_to_byte(rope, range.start, enc);
    let b = position_to_byte(rope, range.end, enc);
    TextRange::new(a.min(b), a.max(b))
}

fn markdown(value: String) -> MarkupContent {
    MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    }
}

/// `textDocument/hover`.
#[must_use]
pub fn hover(a: &Analysed, pos: Position) -> Option<Hover> {
    if !a.is_report {
        return None;
    }
    let (rope, enc) = (&a.rope, a.enc);
    let offset = position_to_byte(rope, pos, enc);
    let h = ide::hover::hover(a.text(), a.model(), &a.findings, offset)?;
    Some(Hover {
        contents: HoverContents::Markup(markdown(h.markdown)),
        range: Some(text_range_to_range(rope, h.range, enc)),
    })
}

fn symbol_kind(kind: ide::symbols::SymbolKind) -> SymbolKind {
    match kind {
        ide::symbols::SymbolKind::Section => SymbolKind::MODULE,
        ide::symbols::SymbolKind::Table => SymbolKind::STRUCT,
        ide::symbols::SymbolKind::Block => SymbolKind::NAMESPACE,
        ide::symbols::SymbolKind::Row => SymbolKind::FIELD,
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written out.
fn document_symbol(s: ide::symbols::Symbol, rope: &Rope, enc: PositionEncoding) -> DocumentSymbol {
    let children: Vec<DocumentSymbol> = s
        .children
        .into_iter()
        .map(|c| document_symbol(c, rope, enc))
        .collect();
    DocumentSymbol {
        name: s.name,
        detail: s.detail,
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        range: text_range_to_range(rope, s.range, enc),
        selection_range: text_range_to_range(rope, s.selection, enc),
        children: (!children.is_empty()).then_some(children),
    }
}

/// `textDocument/documentSymbol`: sections → tables → blocks and row groups → rows.
#[must_use]
pub fn document_symbols(a: &Analysed) -> Vec<DocumentSymbol> {
    if !a.is_report {
        return Vec::new();
    }
    let (rope, enc) = (&a.rope, a.enc);
    ide::symbols::document_symbols(a.model())
        .into_iter()
        .map(|s| document_symbol(s, rope, enc))
        .collect()
}

/// `textDocument/foldingRange`: sections and tables.
#[must_use]
pub fn folding_ranges(a: &Analysed) -> Vec<FoldingRange> {
    if !a.is_report {
        return Vec::new();
    }
    let (rope, enc) = (&a.rope, a.enc);
    ide::folding::folding_ranges(a.text(), a.model())
        .into_iter()
        .filter_map(|f| {
            let r = text_range_to_range(rope, f.range, enc);
            (r.end.line > r.start.line).then_some(FoldingRange {
                start_line: r.start.line,
                start_character: None,
                end_line: r.end.line,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: None,
            })
        })
        .collect()
}

/// `textDocument/inlayHint`: computed sums beside totals, as the configuration says.
#[must_use]
pub fn inlay_hints(a: &Analysed, range: Range) -> Vec<InlayHint> {
    if !a.is_report {
        return Vec::new();
    }
    let (rope, enc) = (&a.rope, a.enc);
    let range = byte_range(rope, range, enc);
    ide::inlay::inlay_hints(a.model(), a.config.inlay_hints, Some(range))
        .into_iter()
        .map(|h| InlayHint {
            position: byte_to_position(rope, h.offset, enc),
            label: InlayHintLabel::String(h.label),
            kind: Some(InlayHintKind::PARAMETER),
            text_edits: None,
            tooltip: Some(InlayHintTooltip::String(h.tooltip)),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect()
}

/// `textDocument/completion`.
#[must_use]
pub fn completions(a: &Analysed, pos: Position) -> Vec<CompletionItem> {
    let (rope, enc) = (&a.rope, a.enc);
    let offset = position_to_byte(rope, pos, enc);
    ide::completion::completions(a.text(), a.model(), offset, a.config.year)
        .into_iter()
        .map(|c| CompletionItem {
            label: c.label,
            kind: Some(match c.kind {
                ide::completion::CompletionKind::Row => CompletionItemKind::FIELD,
                ide::completion::CompletionKind::Heading => CompletionItemKind::MODULE,
                ide::completion::CompletionKind::Block => CompletionItemKind::ENUM_MEMBER,
            }),
            detail: c.detail,
            documentation: c
                .documentation
                .map(|d| Documentation::MarkupContent(markdown(d))),
            sort_text: Some(c.sort),
            filter_text: Some(c.filter),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                text_range_to_range(rope, c.replace, enc),
                c.insert,
            ))),
            ..CompletionItem::default()
        })
        .collect()
}

/// `textDocument/formatting` (`range: None`) and `rangeFormatting`.
#[must_use]
pub fn formatting(a: &Analysed, range: Option<Range>) -> Vec<TextEdit> {
    if !a.is_report {
        return Vec::new();
    }
    let (rope, enc) = (&a.rope, a.enc);
    let range = range.map(|r| byte_range(rope, r, enc));
    let options = ide::format::FormatOptions {
        markdown: a.is_markdown(),
    };
    ide::format::format_edits_with(a.text(), a.model(), range, options)
        .into_iter()
        .map(|e| TextEdit::new(text_range_to_range(rope, e.range, enc), e.new_text))
        .collect()
}
