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
    let part = a.part_at(offset);
    let r = part.range;
    // The part's findings, relative to its start.
    let findings: Vec<crate::check::Diagnostic> = a
        .findings
        .iter()
        .filter(|d| r.start <= d.range.start && d.range.end <= r.end)
        .map(|d| {
            let mut d = d.clone();
            d.range = d.range.shifted(-(r.start as isize));
            d
        })
        .collect();
    let h = ide::hover::hover(
        &a.part_text(&part),
        part.model,
        &findings,
        offset - r.start,
        a.config.lang,
    )?;
    Some(Hover {
        contents: HoverContents::Markup(markdown(h.markdown)),
        range: Some(text_range_to_range(
            rope,
            h.range.shifted(r.start as isize),
            enc,
        )),
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
fn document_symbol(
    s: ide::symbols::Symbol,
    at: isize,
    rope: &Rope,
    enc: PositionEncoding,
) -> DocumentSymbol {
    let children: Vec<DocumentSymbol> = s
        .children
        .into_iter()
        .map(|c| document_symbol(c, at, rope, enc))
        .collect();
    DocumentSymbol {
        name: s.name,
        detail: s.detail,
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        range: text_range_to_range(rope, s.range.shifted(at), enc),
        selection_range: text_range_to_range(rope, s.selection.shifted(at), enc),
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
    a.parts()
        .into_iter()
        .flat_map(|p| {
            let at = p.range.start as isize;
            ide::symbols::document_symbols(p.model)
                .into_iter()
                .map(move |s| document_symbol(s, at, rope, enc))
        })
        .collect()
}

/// `textDocument/foldingRange`: sections and tables.
#[must_use]
pub fn folding_ranges(a: &Analysed) -> Vec<FoldingRange> {
    if !a.is_report {
        return Vec::new();
    }
    let (rope, enc) = (&a.rope, a.enc);
    let mut folds = Vec::new();
    for p in a.parts() {
        let at = p.range.start as isize;
        folds.extend(
            ide::folding::folding_ranges(&a.part_text(&p), p.model)
                .into_iter()
                .map(|f| f.range.shifted(at)),
        );
    }
    folds
        .into_iter()
        .filter_map(|f| {
            let r = text_range_to_range(rope, f, enc);
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
    let mut hints = Vec::new();
    for p in a.parts() {
        if p.range.end < range.start || range.end < p.range.start {
            continue;
        }
        // The requested range in the part's coordinates.
        let start = range.start.max(p.range.start) - p.range.start;
        let end = range.end.min(p.range.end) - p.range.start;
        let mut here = ide::inlay::inlay_hints(
            p.model,
            a.config.inlay_hints,
            a.config.lang,
            Some(TextRange::new(start, end)),
        );
        for h in &mut here {
            h.offset += p.range.start;
        }
        hints.extend(here);
    }
    hints
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
    let part = a.part_at(offset);
    let at = part.range.start;
    let mut items =
        ide::completion::completions(&a.part_text(&part), part.model, offset - at, a.config.year);
    for c in &mut items {
        c.replace = c.replace.shifted(at as isize);
    }
    items
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
