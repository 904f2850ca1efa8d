//! The rule catalog (`shared/spec/rules.md`): one file per rule, in catalog order.

mod balance;
mod carry_over;
mod column_total;
mod copied_text;
mod duplicate_row;
mod enumeration;
mod extra_value;
mod fee_statement;
mod in_force_count;
mod label_typo;
mod label_variant;
mod late_publication;
mod missing_row;
mod missing_section;
mod missing_value;
mod narrative_mismatch;
mod negative_value;
mod outdated_template;
mod partial_table;
mod problems_section;
mod row_total;
mod section_numbering;
mod stale_year;
mod subset_exceeds;
pub mod support;
mod template_mismatch;
mod unknown_row;
mod unknown_year;
mod unreadable_table;
mod unused_suppression;
mod years;

use super::RuleInfo;

pub use balance::BalanceMismatch;
pub use carry_over::CarryOver;
pub use column_total::ColumnTotalMismatch;
pub use copied_text::CopiedText;
pub use duplicate_row::DuplicateRow;
pub use enumeration::Enumeration;
pub use extra_value::ExtraValue;
pub use fee_statement::FeeStatement;
pub use in_force_count::InForceCount;
pub use label_typo::LabelTypo;
pub use label_variant::LabelVariant;
pub use late_publication::LatePublication;
pub use missing_row::MissingRow;
pub use missing_section::MissingSection;
pub use missing_value::MissingValue;
pub use narrative_mismatch::NarrativeMismatch;
pub use negative_value::NegativeValue;
pub use outdated_template::OutdatedTemplate;
pub use partial_table::PartialTable;
pub use problems_section::ProblemsSection;
pub use row_total::RowTotalMismatch;
pub use section_numbering::SectionNumbering;
pub use stale_year::StaleYear;
pub use subset_exceeds::SubsetExceeds;
pub use template_mismatch::TemplateMismatch;
pub use unknown_row::UnknownRow;
pub use unknown_year::UnknownYear;
pub use unreadable_table::UnreadableTable;
pub use unused_suppression::UnusedSuppression;

pub const ALL: &[RuleInfo] = &[
    MissingSection::INFO,
    SectionNumbering::INFO,
    MissingRow::INFO,
    MissingValue::INFO,
    ExtraValue::INFO,
    UnknownRow::INFO,
    DuplicateRow::INFO,
    LabelTypo::INFO,
    LabelVariant::INFO,
    RowTotalMismatch::INFO,
    ColumnTotalMismatch::INFO,
    BalanceMismatch::INFO,
    NegativeValue::INFO,
    SubsetExceeds::INFO,
    OutdatedTemplate::INFO,
    TemplateMismatch::INFO,
    UnknownYear::INFO,
    LatePublication::INFO,
    StaleYear::INFO,
    NarrativeMismatch::INFO,
    Enumeration::INFO,
    ProblemsSection::INFO,
    FeeStatement::INFO,
    UnreadableTable::INFO,
    PartialTable::INFO,
    UnusedSuppression::INFO,
    CarryOver::INFO,
    InForceCount::INFO,
    CopiedText::INFO,
];
