//! The kinds of rule of clause （十四）, one module per family. Each turns facts and the
//! year's terms into an exact, unrounded figure and its trace; `adjustments` then applies
//! what every item shares: other policies' grants, rounding, overrides.

pub mod adjustments;
pub mod digital_subsidy;
pub mod fiscal_rebate;
pub mod ladder;

use crate::engine::trace::{FactValue, Trace};
use crate::facts::application::Application;
use crate::policy::Param;
use crate::values::item::ItemId;
use crate::values::money::Unrounded;

/// Where an item stands before the shared adjustments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Its conditions hold.
    Eligible,
    /// A condition fails; the trace's first failed condition says which.
    Ineligible,
    /// A higher rung of the same exclusivity group pays instead.
    Superseded,
}

/// One item's figure as its rule computes it.
#[derive(Debug, Clone)]
pub struct Outcome<'a> {
    /// The item.
    pub item: ItemId,
    /// Where it stands.
    pub standing: Standing,
    /// The exact figure (zero unless eligible).
    pub exact: Unrounded,
    /// How it was reached.
    pub trace: Trace<'a>,
}

impl<'a> Outcome<'a> {
    /// An eligible item's exact figure, capped, with the cap recorded in its trace.
    pub fn capped(
        item: ItemId,
        before: Unrounded,
        cap: Unrounded,
        param: Param<'a>,
        mut trace: Trace<'a>,
    ) -> Outcome<'a> {
        let exact = before.min(cap);
        trace.step(crate::engine::trace::Step::Cap {
            before,
            cap,
            result: exact,
            param,
        });
        Outcome {
            item,
            standing: Standing::Eligible,
            exact,
            trace,
        }
    }

    /// Zero, with the trace explaining why.
    pub fn nothing(item: ItemId, standing: Standing, trace: Trace<'a>) -> Outcome<'a> {
        Outcome {
            item,
            standing,
            exact: Unrounded::ZERO,
            trace,
        }
    }
}

/// A per-year cap covers everything paid for the item and year (GUIDE.md §1.6, clause
/// （十四）「不超过」): prior grants of the same item for the calculation year are netted against
/// the capped figure, `max(0, min(computed, cap) − paid this year)`. Grants for other years do
/// not touch a per-year cap. Nothing is recorded when the year has no such grant.
///
/// # Errors
/// Overflow while adding the grants.
pub(crate) fn net_paid_this_year<'a>(
    app: &'a Application,
    terms: &crate::engine::terms::Terms,
    outcome: &mut Outcome<'a>,
) -> Result<(), Overflow> {
    let (item, year) = (outcome.item, terms.year);
    if outcome.standing != Standing::Eligible {
        return Ok(());
    }
    let (paid, any) = prior_grants_paid(app, &mut outcome.trace, item, |g| g.item == item && g.year == year)?;
    if !any {
        return Ok(());
    }
    let before = outcome.exact;
    let result = checked(before.checked_sub(paid.exact()), item, "grants paid this year")?.max(Unrounded::ZERO);
    outcome.trace.step(crate::engine::trace::Step::PaidThisYear {
        before,
        year: year.get(),
        paid,
        result,
    });
    outcome.exact = result;
    Ok(())
}

/// The prior grants that `keep` picks, each recorded as a fact of the trace, and their sum
/// (with whether there was any): what an item has already been paid under this policy.
///
/// # Errors
/// Overflow while adding them, for `item`.
pub(crate) fn prior_grants_paid<'a>(
    app: &'a Application,
    trace: &mut Trace<'a>,
    item: ItemId,
    keep: impl Fn(&crate::facts::application::PriorGrant) -> bool,
) -> Result<(crate::values::money::Money, bool), Overflow> {
    let mut paid = crate::values::money::Money::ZERO;
    let mut any = false;
    for (i, g) in app.prior_grants.iter().enumerate().filter(|(_, g)| keep(g)) {
        trace.fact(
            crate::engine::trace::Field::Row("prior_grants", i),
            FactValue::PriorGrant {
                item: g.item,
                year: g.year.get(),
                amount: g.amount,
            },
        );
        paid = checked(paid.checked_add(g.amount), item, "prior grants")?;
        any = true;
    }
    Ok((paid, any))
}

/// The star rating's facts, as both the rebate and the star award read them.
pub(crate) fn rating_facts<'a>(app: &'a Application, trace: &mut Trace<'a>) {
    let rating = app.star_rating.as_ref();
    trace.fact_opt("star_rating.stars", rating, |r| {
        FactValue::Number(i64::from(r.stars.get()))
    });
    trace.fact_opt("star_rating.recognized_on", rating, |r| {
        FactValue::Date(r.recognized_on)
    });
}

/// Arithmetic beyond what the engine holds: an error, never a wrong figure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{item}: the figures are too large to compute exactly ({what})")]
pub struct Overflow {
    /// The item being computed.
    pub item: ItemId,
    /// The step that overflowed.
    pub what: &'static str,
}

/// `Some(v)` or the overflow error for `item`'s step `what`.
pub(crate) fn checked<T>(value: Option<T>, item: ItemId, what: &'static str) -> Result<T, Overflow> {
    value.ok_or(Overflow { item, what })
}

#[cfg(test)]
pub(crate) mod testing {
    //! Small applications written as YAML, for the rules' unit tests.

    use crate::facts::application::Application;
    use crate::policy::LoadedPolicy;

    /// An application for park CX-T in `year`, with `rest` of its YAML.
    pub fn app(year: i16, rest: &str) -> Application {
        let text = format!("park: {{ id: CX-T, name: 园, town: 镇, operator: 运营 }}\nyear: {year}\n{rest}");
        crate::facts::input::parse_application(&text, std::path::Path::new("test.yaml")).unwrap()
    }

    /// The embedded policy, optionally overlaid, kept for the rest of the test run: a rule's
    /// outcome borrows from the policy, and a test's helper returns the outcome.
    pub fn kept_policy(overlay: Option<&str>) -> &'static LoadedPolicy {
        Box::leak(Box::new(policy(overlay)))
    }

    /// The embedded policy, optionally overlaid.
    pub fn policy(overlay: Option<&str>) -> LoadedPolicy {
        let files: Vec<_> = overlay
            .map(|o| (std::path::PathBuf::from("overlay.yaml"), o.to_string()))
            .into_iter()
            .collect();
        LoadedPolicy::from_texts(&files).unwrap()
    }
}
