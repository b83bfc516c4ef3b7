//! What is wrong with a field of an input file, as data: each kind of fault with its numbers.
//! Its English is its `Display` (what programs and the English messages read); the Chinese is
//! put on it by `report::problem_words`. A fault the YAML reader or a value's parser reports
//! is kept as the reader's words ([`Fault::Read`]).

use std::fmt;

use crate::values::item::ItemId;
use crate::values::measure::Quantity;
use crate::values::money::Money;

/// One thing wrong with an input's facts, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The field's path, e.g. `resident_enterprises[3].uscc`.
    pub path: String,
    /// 1-based line, where known.
    pub line: Option<u32>,
    /// What is wrong.
    pub fault: Fault,
}

/// An amount that may not be negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NegativeAmount {
    /// A digital investment.
    Investment,
    /// A grant paid under this policy.
    PriorGrant,
    /// A grant under another policy.
    OtherGrant,
    /// A case-by-case amount （十七）.
    Approved,
    /// A decided amount.
    Decided,
}

/// A part of a park's land or floor area that cannot be larger than its whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The industrial land, of the whole land.
    IndustrialLand,
    /// The non-production land, of the whole land.
    NonProductionLand,
    /// The plot-ratio floor area, of the total floor area.
    PlotRatioFloor,
    /// The non-production floor area, of the total floor area.
    NonProductionFloor,
}

/// A share that cannot pass 100%.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    /// The non-production plot-ratio floor area, of the whole plot-ratio floor area.
    NonProductionPlotRatio,
    /// The self-held non-production floor area, of the non-production floor area.
    SelfHeldNonProduction,
    /// The self-held production floor area, of the total floor area.
    SelfHeldProduction,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// A required text is empty.
    Empty,
    /// A control character in an id or a name (its 1-based place).
    ControlCharacter { at: usize, character: char },
    /// The same enterprise twice in one application.
    EnterpriseTwice { uscc: String, first: usize },
    /// A negative amount.
    Negative { amount_of: NegativeAmount, amount: Money },
    /// A grant under another policy that does not say which.
    OtherPolicyUnnamed,
    /// A case-by-case amount without its approval's reference.
    ApprovalMissing,
    /// A second case-by-case amount for an item.
    SecondOverride { item: ItemId, first: usize },
    /// A second decided amount for an item.
    SecondDecided { item: ItemId, first: usize },
    /// A part of the land or floor area larger than its whole.
    LargerThanWhole(Part),
    /// The non-production land above the industrial land.
    NonProductionLandAboveIndustrial {
        non_production_mu: Quantity,
        industrial_mu: Quantity,
    },
    /// The self-held production floor above the production floor (total − non-production).
    SelfHeldAboveProductionFloor {
        held_m2: Quantity,
        total_m2: Quantity,
        non_production_m2: Quantity,
        production_m2: Quantity,
    },
    /// The green area larger than the land.
    GreenAboveLand {
        green_m2: Quantity,
        land_mu: Quantity,
        land_m2: Quantity,
    },
    /// A floor-area share over 100%.
    ShareOver100(Share),
    /// More small and micro enterprises than resident ones.
    SmallMicroAboveResident { small_micro: u64, resident: u64 },
    /// More enterprises in the leading industries than resident ones.
    LeadingAboveResident { leading: u64, resident: u64 },
    /// An industry code that is not three digits.
    NotIndustryCode { code: String },
    /// An industry listed twice.
    IndustryTwice { code: String },
    /// The reader's own words: a YAML or value fault (a missing or unknown field, a malformed
    /// amount or date …), with its "did you mean" where one is known.
    Read(String),
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Empty => f.write_str("must not be empty"),
            Fault::ControlCharacter { at, character } => {
                f.write_str(&crate::values::text::control_character_problem(*at, *character))
            }
            Fault::EnterpriseTwice { uscc, first } => write!(
                f,
                "enterprise {uscc} is listed twice (first at resident_enterprises[{first}]): its contribution would be counted twice (不重复)"
            ),
            Fault::Negative { amount_of, amount } => {
                let what = match amount_of {
                    NegativeAmount::Investment => "an investment",
                    NegativeAmount::PriorGrant => "a grant paid",
                    NegativeAmount::OtherGrant => "a grant",
                    NegativeAmount::Approved => "an approved amount",
                    NegativeAmount::Decided => "a decided amount",
                };
                write!(f, "{what} cannot be negative ({amount})")
            }
            Fault::OtherPolicyUnnamed => f.write_str("name the other policy that paid it"),
            Fault::ApprovalMissing => {
                f.write_str("a case-by-case amount （十七） needs the approval's reference, e.g. 慈政办〔2022〕12号")
            }
            Fault::SecondOverride { item, first } => write!(
                f,
                "a second override for {item} (first at overrides[{first}]): one approval per item"
            ),
            Fault::SecondDecided { item, first } => {
                write!(
                    f,
                    "a second decided amount for {item} (first at decided_amounts[{first}])"
                )
            }
            Fault::LargerThanWhole(part) => f.write_str(match part {
                Part::IndustrialLand => "the industrial land is larger than the whole land",
                Part::NonProductionLand => "the non-production land is larger than the whole land",
                Part::PlotRatioFloor => "the plot-ratio floor area is larger than the total floor area",
                Part::NonProductionFloor => "the non-production floor area is larger than the total floor area",
            }),
            Fault::NonProductionLandAboveIndustrial {
                non_production_mu,
                industrial_mu,
            } => write!(
                f,
                "a part larger than its whole: land.non_production_mu ({non_production_mu} mu) is above land.industrial_mu ({industrial_mu} mu)"
            ),
            Fault::SelfHeldAboveProductionFloor {
                held_m2,
                total_m2,
                non_production_m2,
                production_m2,
            } => write!(
                f,
                "a part larger than its whole: self_held.production_m2 ({held_m2} m²) is above the production floor area, floor_area.total_m2 − floor_area.non_production_m2 ({total_m2} − {non_production_m2} = {production_m2} m²)"
            ),
            Fault::GreenAboveLand {
                green_m2,
                land_mu,
                land_m2,
            } => write!(
                f,
                "the green area ({green_m2} m²) is larger than the land ({land_mu} mu = {land_m2} m²)"
            ),
            Fault::ShareOver100(share) => f.write_str(match share {
                Share::NonProductionPlotRatio => "a share over 100%: more than the whole plot-ratio floor area",
                Share::SelfHeldNonProduction => "a share over 100%: more than the non-production floor area",
                Share::SelfHeldProduction => "a share over 100%: more than the total floor area",
            }),
            Fault::SmallMicroAboveResident { small_micro, resident } => write!(
                f,
                "a share over 100%: {small_micro} small and micro enterprises of {resident} resident"
            ),
            Fault::LeadingAboveResident { leading, resident } => write!(
                f,
                "a share over 100%: {leading} enterprises in the leading industries of {resident} resident"
            ),
            Fault::NotIndustryCode { code } => write!(
                f,
                "`{code}` is not a GB/T 4754 middle category: write its three digits, e.g. 383"
            ),
            Fault::IndustryTwice { code } => write!(f, "industry {code} is listed twice"),
            Fault::Read(words) => f.write_str(words),
        }
    }
}
