//! Why an item stands as it does: the one condition or step of its trace that explains its
//! status, as data (the words are the report's).

use super::assessment::{ItemResult, Status};
use super::trace::{Step, Test};
use crate::values::item::ItemId;
use crate::values::money::Money;

/// The reason an item stands as it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Not in force or ineligible: the first condition that fails.
    Failed(Test),
    /// Superseded, overridden, decided, or nil: the step that made it so.
    Step(Step),
    /// Payable: the amount, to whom.
    Payable { amount: Money, recipient: String },
    /// Nil with no step to blame: nothing counted for the item in the year.
    NothingCounts(ItemId),
    /// No condition or step explains it (an ineligible item with no failing condition).
    Unexplained,
}

impl Reason {
    /// The reason of an item's result.
    pub fn of(r: &ItemResult<'_>) -> Reason {
        let last = |pred: fn(&Step) -> bool| r.trace.steps.iter().rev().find(|s| pred(s)).cloned();
        let step = |s: Option<Step>| s.map_or(Reason::Unexplained, Reason::Step);
        match r.status {
            Status::NotInForce | Status::Ineligible => r
                .trace
                .first_failure()
                .cloned()
                .map_or(Reason::Unexplained, Reason::Failed),
            Status::Superseded => step(last(|s| matches!(s, Step::Superseded { .. }))),
            Status::Overridden => step(last(|s| matches!(s, Step::Override { .. }))),
            Status::Decided => step(last(|s| matches!(s, Step::Decided { .. }))),
            Status::Nil => r
                .trace
                .steps
                .iter()
                .rev()
                .find(|s| made_nil(s))
                .cloned()
                .map_or(Reason::NothingCounts(r.item), Reason::Step),
            Status::Payable => Reason::Payable {
                amount: r.amount,
                recipient: r.recipient.to_string(),
            },
        }
    }
}

/// A step whose result is zero, which makes an item nil.
fn made_nil(step: &Step) -> bool {
    match step {
        Step::LadderTopUp { result, .. } | Step::OtherPolicyTopUp { result, .. } => result.is_zero(),
        Step::LifetimeCap { remaining, .. } => remaining.is_zero(),
        Step::PaidThisYear { result, .. } | Step::SameAwardPaid { result, .. } => result.is_zero(),
        Step::OtherPolicyExclusive { .. } | Step::FloorAtZero { .. } => true,
        _ => false,
    }
}
