//! Why an item stands as it does: the one condition or step of its trace that explains its
//! status, as data (the words are the report's). Borrowed from the trace where it is said at
//! once (`calc`, the ledger); owned ([`Reason::into_owned`]) where it outlives the trace.

use std::borrow::Cow;

use super::assessment::{ItemResult, Status};
use super::trace::{Step, Test};
use crate::values::item::ItemId;
use crate::values::money::Money;

/// The reason an item stands as it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason<'t> {
    /// Not in force or ineligible: the first condition that fails.
    Failed(Cow<'t, Test>),
    /// Superseded, overridden, decided, or nil: the step that made it so.
    Step(Cow<'t, Step<'t>>),
    /// Payable: the amount, to whom.
    Payable { amount: Money, recipient: Cow<'t, str> },
    /// Nil with no step to blame: nothing counted for the item in the year.
    NothingCounts(ItemId),
    /// No condition or step explains it (an ineligible item with no failing condition).
    Unexplained,
}

impl<'t> Reason<'t> {
    /// The reason of an item's result, borrowed from its trace.
    pub fn of(r: &'t ItemResult<'t>) -> Reason<'t> {
        let last = |pred: fn(&Step) -> bool| r.trace.steps.iter().rev().find(|s| pred(s));
        let step = |s: Option<&'t Step<'t>>| s.map_or(Reason::Unexplained, |s| Reason::Step(Cow::Borrowed(s)));
        match r.status {
            Status::NotInForce | Status::Ineligible => r
                .trace
                .first_failure()
                .map_or(Reason::Unexplained, |t| Reason::Failed(Cow::Borrowed(t))),
            Status::Superseded => step(last(|s| matches!(s, Step::Superseded { .. }))),
            Status::Overridden => step(last(|s| matches!(s, Step::Override { .. }))),
            Status::Decided => step(last(|s| matches!(s, Step::Decided { .. }))),
            Status::Nil => r
                .trace
                .steps
                .iter()
                .rev()
                .find(|s| made_nil(s))
                .map_or(Reason::NothingCounts(r.item), |s| Reason::Step(Cow::Borrowed(s))),
            Status::Payable => Reason::Payable {
                amount: r.amount,
                recipient: Cow::Borrowed(r.recipient),
            },
        }
    }

    /// The same reason, owning what it names.
    pub fn into_owned(self) -> Reason<'static> {
        match self {
            Reason::Failed(t) => Reason::Failed(Cow::Owned(t.into_owned())),
            Reason::Step(s) => Reason::Step(Cow::Owned(s.into_owned().into_static())),
            Reason::Payable { amount, recipient } => Reason::Payable {
                amount,
                recipient: Cow::Owned(recipient.into_owned()),
            },
            Reason::NothingCounts(item) => Reason::NothingCounts(item),
            Reason::Unexplained => Reason::Unexplained,
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
