use crate::check::{Context, Diagnostic, Severity};

crate::declare_rule! {
    /// A suppression comment that suppresses nothing.
    ///
    /// ## What it does
    /// Reports a `nianbao-disable-next-line`, `nianbao-disable`, `nianbao-enable` or
    /// `nianbao-disable-file` comment (or one rule code named in it) that hides no finding:
    /// the finding it was written for is gone, the code is misspelt or names no rule, the
    /// rule is switched off in the configuration, or the comment itself is not one nianbao
    /// knows (`nianbao-disable-nextline`). The comments are written alone on their line:
    ///
    /// ```text
    /// <!-- nianbao-disable-next-line row-total -->          Markdown, HTML (and plain text)
    /// // nianbao-disable-next-line row-total                plain text
    /// <!-- nianbao-disable missing-value -->  …  <!-- nianbao-enable -->
    /// <!-- nianbao-disable-file label-variant -->
    /// ```
    ///
    /// `disable-next-line` covers the next line that has content (blank lines and other
    /// suppression comments are skipped); `disable` runs to the next `enable` naming the same
    /// code (or none), else to the end of the file; `disable-file` covers the whole file.
    /// Several codes are separated by commas or spaces; without a code a comment covers every
    /// rule. What follows ` -- ` is a reason, for the reviewer.
    ///
    /// ## Why
    /// A suppression that no longer suppresses anything hides the next real finding at that
    /// place, and a misspelt one silently hides nothing (as ruff reports an unused `noqa`).
    ///
    /// ## Example
    /// ```text
    /// <!-- nianbao-disable-next-line row-total -->
    /// 一、本年新收政府信息公开申请数量 | 6 | 0 | 0 | 0 | 0 | 0 | 6 |
    /// ```
    /// The total adds up: the comment suppresses nothing.
    ///
    /// ## Fix
    /// Delete the comment, or the unused codes from it (safe: no finding changes).
    pub struct UnusedSuppression => "unused-suppression", Severity::Warning, scope: Local, fixes: Safe, Model(check)
}

/// The findings are made by [`crate::check::suppress`], on the source text, once the other
/// rules ran: this rule is in the catalog for its code, documentation and configuration.
fn check(_: &Context, _: &mut Vec<Diagnostic>) {}
