//! The engine: one application, one policy, four items with their traces, and the total.

use serde::Serialize;

use crate::engine::rules::adjustments::{self, DecidedAboveEntitlement};
use crate::engine::rules::{self, Outcome, Overflow, Standing};
use crate::engine::terms::Terms;
use crate::engine::trace::{FactValue, Field, Test, Trace};
use crate::facts::application::{Application, Park, Year};
use crate::policy::{LoadedPolicy, PolicyError};
use crate::values::item::{Beneficiary, ItemId};
use crate::values::money::Money;

/// Where an item's figure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Eligible, with something to pay.
    Payable,
    /// Eligible, but nothing is left to pay (paid before, covered by another policy, no base).
    Nil,
    /// A condition fails.
    Ineligible,
    /// A higher rung of the rating ladder pays instead.
    Superseded,
    /// The calculation year is outside every period in force （十八）.
    NotInForce,
    /// A case-by-case amount replaces the computed one （十七）.
    Overridden,
    /// A decided amount, within the entitlement, is paid.
    Decided,
}

impl Status {
    /// Every status, in the order of the enum.
    pub const ALL: [Status; 7] = [
        Status::Payable,
        Status::Nil,
        Status::Ineligible,
        Status::Superseded,
        Status::NotInForce,
        Status::Overridden,
        Status::Decided,
    ];

    /// As written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Payable => "payable",
            Status::Nil => "nil",
            Status::Ineligible => "ineligible",
            Status::Superseded => "superseded",
            Status::NotInForce => "not_in_force",
            Status::Overridden => "overridden",
            Status::Decided => "decided",
        }
    }
}

/// One item's figure, who receives it, and why.
#[derive(Debug, Clone, Serialize)]
pub struct ItemResult<'a> {
    /// Which item.
    pub item: ItemId,
    /// Operator or local government.
    pub beneficiary: Beneficiary,
    /// The operator's or the town's name.
    pub recipient: &'a str,
    /// What is owed, to the fen.
    pub amount: Money,
    /// Where it stands.
    pub status: Status,
    /// The entitlement the rules give, before any override or decided amount.
    pub computed: Money,
    /// The clause, e.g. `（十四）`.
    pub clause: &'a str,
    /// The policy's words.
    pub words: &'a str,
    /// How it was reached.
    pub trace: Trace<'a>,
}

/// A park's four items for one year.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment<'a> {
    /// The park.
    pub park: &'a Park,
    /// The calculation year.
    pub year: Year,
    /// Whether the year lies within a period in force.
    pub in_force: bool,
    /// The four items, in the order of [`ItemId::ALL`].
    pub items: Vec<ItemResult<'a>>,
    /// The sum of the items.
    pub total: Money,
}

/// Why a calculation could not be finished.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The policy lacks a value the year needs.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// Numbers too large to compute exactly.
    #[error(transparent)]
    Overflow(#[from] Overflow),
    /// A decided amount above its entitlement (boxed: it carries two amounts, and every
    /// caller's error holds this one).
    #[error(transparent)]
    DecidedAboveEntitlement(Box<DecidedAboveEntitlement>),
}

impl From<DecidedAboveEntitlement> for EngineError {
    fn from(e: DecidedAboveEntitlement) -> Self {
        EngineError::DecidedAboveEntitlement(Box::new(e))
    }
}

impl EngineError {
    /// The application line it concerns, where known.
    pub fn line(&self) -> Option<u32> {
        match self {
            EngineError::DecidedAboveEntitlement(e) => e.line,
            EngineError::Policy(_) | EngineError::Overflow(_) => None,
        }
    }
}

/// Computes every item for the application under the policy.
///
/// # Examples
/// ```
/// use std::path::Path;
/// use cixi_parks::{assess, facts::input::parse_application, LoadedPolicy};
/// let app = parse_application(
///     "park: { id: CX-0001, name: 园, town: 周巷镇, operator: 运营 }\nyear: 2022\nprovincial_listing: 2022-04-10\n",
///     Path::new("example.yaml"),
/// ).unwrap();
/// let policy = LoadedPolicy::from_texts(&[]).unwrap();
/// let result = assess(&app, &policy).unwrap();
/// assert_eq!(result.total.to_string(), "100000.00");
/// ```
///
/// # Errors
/// A policy value missing for the year, an overflow, or a decided amount above entitlement.
///
/// # Properties
/// - `total` is the exact sum of the items' amounts.
/// - Without an override, no item exceeds its cap or highest rung.
pub fn assess<'a>(app: &'a Application, loaded: &'a LoadedPolicy) -> Result<Assessment<'a>, EngineError> {
    let policy = &loaded.policy;
    let year = app.year;
    if !policy.covers_year(year.get()) {
        return not_in_force(app, loaded);
    }
    let terms = Terms::for_year(policy, year)?;
    assess_with_terms(app, loaded, &terms)
}

/// As [`assess`], with the year's terms already looked up (a batch looks them up once a year).
///
/// # Errors
/// As [`assess`].
pub fn assess_with_terms<'a>(
    app: &'a Application,
    loaded: &'a LoadedPolicy,
    terms: &Terms<'a>,
) -> Result<Assessment<'a>, EngineError> {
    let year = app.year;
    if !loaded.policy.covers_year(year.get()) {
        return not_in_force(app, loaded);
    }
    let (listing, star) = rules::ladder::assess(app, terms)?;
    let rebate = rules::fiscal_rebate::assess(app, terms)?;
    let digital = rules::digital_subsidy::assess(app, terms)?;

    // Each outcome is finished where it lies (no array of the four to move them through).
    let mut items = Vec::with_capacity(4);
    let mut total = Money::ZERO;
    total = finish(app, loaded, terms, listing, total, &mut items)?;
    total = finish(app, loaded, terms, star, total, &mut items)?;
    total = finish(app, loaded, terms, rebate, total, &mut items)?;
    total = finish(app, loaded, terms, digital, total, &mut items)?;
    Ok(Assessment {
        park: &app.park,
        year,
        in_force: true,
        items,
        total,
    })
}

/// The shared adjustments on one rule's outcome (other policies' grants, rounding, an override,
/// a decided amount), its result pushed to `items`; returns the running total with it.
fn finish<'a>(
    app: &'a Application,
    loaded: &'a LoadedPolicy,
    terms: &Terms,
    mut outcome: Outcome<'a>,
    total: Money,
    items: &mut Vec<ItemResult<'a>>,
) -> Result<Money, EngineError> {
    let item = outcome.item;
    let computed = adjustments::entitlement(app, terms, &mut outcome)?;
    let Outcome {
        standing, mut trace, ..
    } = outcome;
    let mut status = match standing {
        Standing::Eligible if computed.is_zero() => Status::Nil,
        Standing::Eligible => Status::Payable,
        Standing::Ineligible => Status::Ineligible,
        Standing::Superseded => Status::Superseded,
    };
    let mut amount = computed;
    if let Some(approved) = adjustments::apply_override(app, item, computed, &mut trace) {
        amount = approved;
        status = Status::Overridden;
    }
    if let Some(decided) = adjustments::apply_decided(app, item, amount, &mut trace)? {
        amount = decided;
        status = Status::Decided;
    }
    let total = rules::checked(total.checked_add(amount), item, "total")?;
    items.push(result(app, loaded, item, amount, computed, status, trace));
    Ok(total)
}

fn year_in_force(year: Year, holds: bool) -> crate::engine::trace::Condition<'static> {
    crate::engine::trace::Condition {
        test: Test::YearInForce { year: year.get() },
        holds,
    }
}

fn result<'a>(
    app: &'a Application,
    loaded: &'a LoadedPolicy,
    item: ItemId,
    amount: Money,
    computed: Money,
    status: Status,
    trace: Trace<'a>,
) -> ItemResult<'a> {
    let policy = &loaded.policy;
    let beneficiary = policy.beneficiary(item);
    let recipient = match beneficiary {
        Beneficiary::Operator => &app.park.operator,
        Beneficiary::LocalGovernment => &app.park.town,
    };
    let (clause, words) = policy.item_source(item);
    ItemResult {
        item,
        beneficiary,
        recipient,
        amount,
        status,
        computed,
        clause,
        words,
        trace,
    }
}

/// Every item 0.00: the year is outside the policy's period （十八）, overrides included.
///
/// # Errors
/// A decided amount above 0.00: every entitlement is 0.00 in such a year (GUIDE.md §1.1).
fn not_in_force<'a>(app: &'a Application, loaded: &'a LoadedPolicy) -> Result<Assessment<'a>, EngineError> {
    let mut items = Vec::with_capacity(ItemId::ALL.len());
    for item in ItemId::ALL {
        let mut trace = Trace::default();
        trace.fact(Field::Path("year"), FactValue::Number(i64::from(app.year.get())));
        for (i, o) in app.overrides.iter().enumerate().filter(|(_, o)| o.item == item) {
            trace.fact(Field::Row("overrides", i), FactValue::from_override(o, false));
        }
        trace.conditions.push(year_in_force(app.year, false));
        adjustments::apply_decided(app, item, Money::ZERO, &mut Trace::default())?;
        items.push(result(
            app,
            loaded,
            item,
            Money::ZERO,
            Money::ZERO,
            Status::NotInForce,
            trace,
        ));
    }
    Ok(Assessment {
        park: &app.park,
        year: app.year,
        in_force: false,
        items,
        total: Money::ZERO,
    })
}
