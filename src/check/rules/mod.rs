//! The rule catalog (`shared/spec/rules.md`): one file per rule.

use super::RuleInfo;

pub const ALL: &[RuleInfo] = &[];
