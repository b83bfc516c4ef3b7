//! Why an item stands as it does: the one condition or step of its trace that explains its
//! status, as data (the words are the report's). A copy of that condition or step, which
//! borrows, like the trace, from the application and the policy.

use super::assessment::{ItemResult, Status};
use super::trace::{Step, Test};
use crate::values::item::ItemId;
use crate::values::money::Money;

/// The reason an item stands as it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason<'t> {
    /// Not in force or ineligible: the first condition that fails.
    Failed(Test<'t>),
    /// Superseded, overridden, decided, or nil: the step that made it so.
    Step(Step<'t>),
    /// Payable: the amount, to whom.
    Payable { amount: Money, recipient: &'t str },
    /// Nil with no step to blame: nothing counted for the item in the year.
    NothingCounts(ItemId),
    /// No condition or step explains it (an ineligible item with no failing condition).
    Unexplained,
}

impl<'t> Reason<'t> {
    /// The reason of an item's result, read from its trace.
    pub fn of(r: &ItemResult<'t>) -> Reason<'t> {
        let last = |pred: fn(&Step) -> bool| r.trace.steps.iter().rev().find(|s| pred(s));
        let step = |s: Option<&Step<'t>>| s.map_or(Reason::Unexplained, |s| Reason::Step(*s));
        match r.status {
            Status::NotInForce | Status::Ineligible => r
                .trace
                .first_failure()
                .map_or(Reason::Unexplained, |t| Reason::Failed(*t)),
            Status::Superseded => step(last(|s| matches!(s, Step::Superseded { .. }))),
            Status::Overridden => step(last(|s| matches!(s, Step::Override { .. }))),
            Status::Decided => step(last(|s| matches!(s, Step::Decided { .. }))),
            Status::Nil => r
                .trace
                .steps
                .iter()
                .rev()
                .find(|s| made_nil(s))
                .map_or(Reason::NothingCounts(r.item), |s| Reason::Step(*s)),
            Status::Payable => Reason::Payable {
                amount: r.amount,
                recipient: r.recipient,
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
