//! The fees of （十一） (GUIDE.md §3): the special property maintenance fund and the property
//! warranty deposit of an investor-developed park, per m² of floor area.

use crate::facts::profile::Profile;
use crate::policy::Policy;
use crate::values::measure::Quantity;
use crate::values::money::{Money, Unrounded};

/// One fee.
#[derive(Debug, Clone)]
pub struct Fee {
    /// `maintenance_fund` (物业专项维修资金) or `warranty_deposit` (物业保修金).
    pub fee: &'static str,
    /// Per m² of floor area.
    pub per_m2: Money,
    /// The floor area charged.
    pub floor_area_m2: Quantity,
    /// The fee, rounded once, half up, to the fen.
    pub amount: Money,
}

/// A fee beyond 10^15 yuan, which the engine does not hold exactly: no figure is given.
#[derive(Debug, Clone)]
pub struct Beyond {
    /// The fee.
    pub fee: &'static str,
    /// Its rate per m².
    pub per_m2: Money,
    /// The floor area.
    pub floor_area_m2: Quantity,
}

/// The fees of （十一）.
#[derive(Debug, Clone)]
pub struct Fees {
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// Who collects them.
    pub collected_by: String,
    /// Whether they apply: an investor-developed park (not said: assumed, and noted).
    pub applies: Option<bool>,
    /// Each fee (empty when the floor area is not given or they do not apply).
    pub fees: Vec<Fee>,
    /// Their sum.
    pub total: Option<Money>,
    /// Why no fee is given although the floor area is.
    pub beyond: Option<Beyond>,
}

pub(super) fn fees(profile: &Profile, policy: &Policy) -> Fees {
    let f = &policy.fees;
    let applies = profile.investor_developed;
    let mut out = Fees {
        clause: f.clause.clone(),
        words: f.words.clone(),
        collected_by: f.collected_by.clone(),
        applies,
        fees: vec![],
        total: None,
        beyond: None,
    };
    let Some(area) = profile.floor_area.total_m2 else {
        return out;
    };
    if applies == Some(false) {
        return out;
    }
    let mut total = Money::ZERO;
    for (fee, per) in [
        ("maintenance_fund", f.maintenance_fund_per_m2),
        ("warranty_deposit", f.warranty_deposit_per_m2),
    ] {
        let per = per.expect("validated");
        // A fee is exact only below 10^15 yuan (a product of an amount and an area may pass
        // what a decimal holds to the fen): beyond it, no figure rather than a wrong one.
        let limit = rust_decimal::Decimal::from(1_000_000_000_000_000_i64);
        let product = per.as_decimal().checked_mul(area.get()).filter(|p| *p < limit);
        let sum = product.and_then(|p| total.checked_add(Unrounded::from_decimal(p).round_half_up()));
        let (Some(product), Some(sum)) = (product, sum) else {
            out.fees.clear();
            out.beyond = Some(Beyond {
                fee,
                per_m2: per,
                floor_area_m2: area,
            });
            return out;
        };
        total = sum;
        out.fees.push(Fee {
            fee,
            per_m2: per,
            floor_area_m2: area,
            amount: Unrounded::from_decimal(product).round_half_up(),
        });
    }
    out.total = Some(total);
    out
}
