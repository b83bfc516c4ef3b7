//! The kinds of rule of clause （十四）, one module per family. Each turns facts and the
//! year's terms into an exact, unrounded figure and its trace; `adjustments` then applies
//! what every item shares: other policies' grants, rounding, overrides.

pub mod adjustments;
pub mod digital_subsidy;
pub mod fiscal_rebate;
pub mod ladder;

use crate::application::Application;
use crate::item::ItemId;
use crate::money::Unrounded;
use crate::trace::{FactValue, Trace};

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
pub struct Outcome {
    /// The item.
    pub item: ItemId,
    /// Where it stands.
    pub standing: Standing,
    /// The exact figure (zero unless eligible).
    pub exact: Unrounded,
    /// How it was reached.
    pub trace: Trace,
}

impl Outcome {
    /// An eligible item's exact figure, capped, with the cap recorded in its trace.
    pub fn capped(item: ItemId, before: Unrounded, cap: Unrounded, mut trace: Trace) -> Outcome {
        let exact = before.min(cap);
        trace.step(crate::trace::Step::Cap {
            before,
            cap,
            result: exact,
        });
        Outcome {
            item,
            standing: Standing::Eligible,
            exact,
            trace,
        }
    }

    /// Zero, with the trace explaining why.
    pub fn nothing(item: ItemId, standing: Standing, trace: Trace) -> Outcome {
        Outcome {
            item,
            standing,
            exact: Unrounded::ZERO,
            trace,
        }
    }
}

/// The star rating's facts, as both the rebate and the star award read them.
pub(crate) fn rating_facts(app: &Application, trace: &mut Trace) {
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

    use crate::application::Application;
    use crate::policy::LoadedPolicy;

    /// An application for park CX-T in `year`, with `rest` of its YAML.
    pub fn app(year: i16, rest: &str) -> Application {
        let text = format!("park: {{ id: CX-T, name: 园, town: 镇, operator: 运营 }}\nyear: {year}\n{rest}");
        crate::input::parse_application(&text, std::path::Path::new("test.yaml")).unwrap()
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
