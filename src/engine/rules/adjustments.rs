//! What every item shares after its own rule: another policy's grant for the same purpose
//! （十八）「不重复」, the one rounding to the fen, a case-by-case override （十七）, and a decided
//! amount that must stay within the entitlement (GUIDE.md §1.1 「不超过」).

use crate::engine::rules::{Outcome, Overflow, Standing, checked};
use crate::engine::terms::Terms;
use crate::engine::trace::{FactValue, Field, OtherSources, Step, Trace};
use crate::facts::application::Application;
use crate::policy::OtherGrantsReading;
use crate::policy::ReadingId;
use crate::values::item::ItemId;
use crate::values::money::{Money, Unrounded};

/// The entitlement after other policies' grants, rounded once, half up.
///
/// # Errors
/// Overflow while adding the other grants.
pub fn entitlement<'a>(app: &'a Application, terms: &Terms, outcome: &mut Outcome<'a>) -> Result<Money, Overflow> {
    let item = outcome.item;
    let trace = &mut outcome.trace;
    let mut exact = outcome.exact;
    // The other grants for this item; the trace's sources read the same list in place.
    let others = || app.other_grants.iter().enumerate().filter(|(_, g)| g.item == item);
    if outcome.standing == Standing::Eligible && others().next().is_some() {
        let mut other = Money::ZERO;
        let sources = OtherSources {
            grants: &app.other_grants,
            item,
        };
        for (i, g) in others() {
            trace.fact(
                Field::Row("other_grants", i),
                FactValue::OtherGrant {
                    item: g.item,
                    amount: g.amount,
                    source: &g.source,
                },
            );
            other = checked(other.checked_add(g.amount), item, "other policies' grants")?;
        }
        trace.readings.push(terms.reading_use(ReadingId::OtherPolicyGrants));
        match terms.readings.other_policy_grants {
            OtherGrantsReading::TopUp => {
                let topped = checked(exact.checked_sub(other.exact()), item, "top-up")?.max(Unrounded::ZERO);
                trace.step(Step::OtherPolicyTopUp {
                    before: exact,
                    other,
                    sources,
                    result: topped,
                });
                exact = topped;
            }
            OtherGrantsReading::Exclusive => {
                if !other.is_zero() {
                    trace.step(Step::OtherPolicyExclusive {
                        before: exact,
                        other,
                        sources,
                    });
                    exact = Unrounded::ZERO;
                }
            }
        }
    }
    let rounded = exact.round_half_up();
    if outcome.standing == Standing::Eligible {
        trace.step(Step::Round { exact, result: rounded });
    }
    Ok(rounded)
}

/// A case-by-case override for the item, if the application has one: it replaces the amount.
pub fn apply_override<'a>(app: &'a Application, item: ItemId, computed: Money, trace: &mut Trace<'a>) -> Option<Money> {
    let (i, o) = app.overrides.iter().enumerate().find(|(_, o)| o.item == item)?;
    trace.fact(Field::Row("overrides", i), FactValue::from_override(o, true));
    trace.step(Step::Override {
        computed,
        amount: o.amount,
        approval: &o.approval,
    });
    Some(o.amount)
}

/// A decided amount above the entitlement: to report, never to pay.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "decided_amounts[{index}].amount: {item} decided at {decided} exceeds its entitlement of {entitlement}: an amount above the entitlement is never paid (「不超过」, GUIDE.md §1.1)"
)]
pub struct DecidedAboveEntitlement {
    /// Its place in `decided_amounts`.
    pub index: usize,
    /// Its line in the application, where known.
    pub line: Option<u32>,
    /// The item.
    pub item: ItemId,
    /// The amount decided.
    pub decided: Money,
    /// The most it may be.
    pub entitlement: Money,
}

/// A decided amount for the item, if any, checked against the entitlement.
///
/// # Errors
/// The decided amount exceeds the entitlement.
pub fn apply_decided(
    app: &Application,
    item: ItemId,
    entitlement: Money,
    trace: &mut Trace,
) -> Result<Option<Money>, DecidedAboveEntitlement> {
    let Some((i, d)) = app.decided_amounts.iter().enumerate().find(|(_, d)| d.item == item) else {
        return Ok(None);
    };
    if d.amount > entitlement {
        return Err(DecidedAboveEntitlement {
            index: i,
            line: d.line,
            item,
            decided: d.amount,
            entitlement,
        });
    }
    trace.fact(
        Field::Row("decided_amounts", i),
        FactValue::Decided {
            item: d.item,
            amount: d.amount,
        },
    );
    trace.step(Step::Decided {
        entitlement,
        amount: d.amount,
    });
    Ok(Some(d.amount))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rules::testing::{app, policy};

    fn entitlement_of(exact: &str, others: &str, overlay: Option<&str>) -> Money {
        let a = app(2022, others);
        let p = policy(overlay);
        let terms = Terms::for_year(&p.policy, a.year).unwrap();
        let exact = Money::parse(exact).unwrap().exact();
        let mut o = Outcome {
            item: ItemId::DigitalSubsidy,
            standing: Standing::Eligible,
            exact,
            trace: Trace::default(),
        };
        entitlement(&a, &terms, &mut o).unwrap()
    }

    const NINGBO: &str = "other_grants:\n  - { item: digital_subsidy, source: 宁波, amount: 400000 }\n  - { item: star_award, source: 别的, amount: 1 }";

    #[test]
    fn another_policys_grant_is_topped_up() {
        assert_eq!(entitlement_of("1000000.00", NINGBO, None).to_string(), "600000.00");
        assert_eq!(entitlement_of("300000.00", NINGBO, None).to_string(), "0.00");
    }

    #[test]
    fn or_excludes_by_the_alternative_reading() {
        let overlay = "kind: overlay\nreadings:\n  other_policy_grants:\n    choice: { 2021-08-20: exclusive }\n";
        assert_eq!(entitlement_of("1000000.00", NINGBO, Some(overlay)).to_string(), "0.00");
    }

    #[test]
    fn a_decided_amount_above_the_entitlement_is_an_error() {
        let a = app(2022, "decided_amounts:\n  - { item: star_award, amount: 200000.01 }");
        let mut trace = Trace::default();
        let err = apply_decided(&a, ItemId::StarAward, Money::from_yuan(200_000), &mut trace).unwrap_err();
        assert_eq!(err.index, 0);
        assert!(
            apply_decided(&a, ItemId::FiscalRebate, Money::ZERO, &mut trace)
                .unwrap()
                .is_none()
        );
    }
}
