//! The application: one park's facts for one calculation year, as its operator writes them.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize};

use crate::facts::yaml::Located;
use crate::values::item::ItemId;
use crate::values::money::Money;
use crate::values::rating::{Grade, Stars};
use crate::values::uscc::Uscc;

/// The park and who runs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Park {
    /// The park's id, e.g. `CX-0001`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The town, street or zone it lies in: the fiscal rebate's recipient (属地政府).
    pub town: String,
    /// Its operator (运营管理机构): the other items' recipient.
    pub operator: String,
}

/// A calendar year from 1 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Year(i16);

impl Year {
    /// A year the calendar can hold.
    ///
    /// # Errors
    /// Outside 1..=9999.
    pub fn new(year: i64) -> Result<Year, String> {
        if (1..=9999).contains(&year) {
            Ok(Year(year as i16))
        } else {
            Err(format!("a year is 1 to 9999, not {year}"))
        }
    }

    /// The number.
    pub fn get(self) -> i16 {
        self.0
    }

    /// 31 December.
    pub fn last_day(self) -> Date {
        Date::new(self.0, 12, 31).expect("years 1..=9999 have a 31 December")
    }

    /// True when `date` falls in this year.
    pub fn contains(self, date: Date) -> bool {
        date.year() == self.0
    }
}

impl std::fmt::Display for Year {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> Deserialize<'de> for Year {
    /// A whole number, plain or quoted; a float is refused, never converted.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Year, D::Error> {
        let number = d.deserialize_any(crate::values::text::WholeVisitor::new("a year such as 2022"))?;
        Year::new(number).map_err(serde::de::Error::custom)
    }
}

/// The star rating in force for the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StarRating {
    /// 1★ to 5★.
    pub stars: Stars,
    /// The day it was recognised (认定).
    #[schemars(with = "crate::facts::schema::IsoDate")]
    pub recognized_on: Date,
}

/// A resident enterprise and its city-level fiscal contribution for the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResidentEnterprise {
    /// 统一社会信用代码
    pub uscc: Uscc,
    /// Its name.
    pub name: String,
    /// 市本级财力贡献: may be negative (a refund).
    pub city_fiscal_contribution: Money,
}

/// Soft investment (软性投入) or supporting hardware (支撑硬件投入).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvestmentKind {
    /// 软性投入
    Soft,
    /// 支撑硬件投入
    Hardware,
}

impl InvestmentKind {
    /// As written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            InvestmentKind::Soft => "soft",
            InvestmentKind::Hardware => "hardware",
        }
    }
}

/// One payment for digital construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DigitalInvestment {
    /// What was bought.
    pub item: String,
    /// Soft or hardware.
    pub kind: InvestmentKind,
    /// How much was paid.
    pub amount: Money,
    /// When it was paid.
    #[schemars(with = "crate::facts::schema::IsoDate")]
    pub paid_on: Date,
}

/// An amount already paid under this policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorGrant {
    /// The item it was paid as.
    pub item: ItemId,
    /// The year it was paid for.
    pub year: Year,
    /// How much.
    pub amount: Money,
}

/// Another policy's grant for the same purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OtherGrant {
    /// The item whose purpose it shares.
    pub item: ItemId,
    /// The other policy, e.g. 宁波市数字化示范园区奖励.
    pub source: String,
    /// How much.
    pub amount: Money,
}

/// A case-by-case amount approved by the city government （十七）.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// The item it replaces.
    pub item: ItemId,
    /// The approved amount.
    pub amount: Money,
    /// The approval's reference, e.g. 慈政办〔2022〕12号.
    pub approval: String,
}

/// An amount the paying department has decided, which must not exceed the entitlement
/// (GUIDE.md §1.1, 「不超过」).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecidedAmount {
    /// The item.
    pub item: ItemId,
    /// The amount decided.
    pub amount: Money,
}

/// One park, one calculation year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Application {
    /// The park.
    pub park: Park,
    /// The calculation year.
    pub year: Year,
    /// The day the park was selected as a provincial park (入选省级小微企业园).
    #[serde(default)]
    #[schemars(with = "Option<crate::facts::schema::IsoDate>")]
    pub provincial_listing: Option<Date>,
    /// The year's performance grade （十三）.
    #[serde(default)]
    pub performance_grade: Option<Grade>,
    /// The star rating in force for the year.
    #[serde(default)]
    pub star_rating: Option<StarRating>,
    /// The day of completion acceptance (竣工验收).
    #[serde(default)]
    #[schemars(with = "Option<crate::facts::schema::IsoDate>")]
    pub completion_accepted_on: Option<Date>,
    /// Resident enterprises with their contributions.
    #[serde(default)]
    pub resident_enterprises: Vec<Located<ResidentEnterprise>>,
    /// Payments for digital construction.
    #[serde(default)]
    pub digital_investments: Vec<Located<DigitalInvestment>>,
    /// Amounts paid earlier under this policy.
    #[serde(default)]
    pub prior_grants: Vec<Located<PriorGrant>>,
    /// Other policies' grants for the same purposes.
    #[serde(default)]
    pub other_grants: Vec<Located<OtherGrant>>,
    /// Case-by-case approvals （十七）.
    #[serde(default)]
    pub overrides: Vec<Located<Override>>,
    /// Amounts decided for payment, checked against the entitlement.
    #[serde(default)]
    pub decided_amounts: Vec<Located<DecidedAmount>>,
}

pub use crate::facts::fault::Problem;
use crate::facts::fault::{Fault, NegativeAmount};

impl Application {
    /// Checks what no single field can: duplicates, negative amounts, missing references.
    /// Returns every problem found, in file order.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut push = |path: String, line: Option<u32>, fault: Fault| out.push(Problem { path, line, fault });
        for (field, value) in [
            ("park.id", &self.park.id),
            ("park.name", &self.park.name),
            ("park.town", &self.park.town),
            ("park.operator", &self.park.operator),
        ] {
            if value.trim().is_empty() {
                push(field.into(), None, Fault::Empty);
            } else if let Some((at, c)) = crate::values::text::first_control_character(value) {
                push(field.into(), None, Fault::ControlCharacter { at, character: c });
            }
        }
        let mut seen: HashMap<&Uscc, usize> = HashMap::new();
        for (i, e) in self.resident_enterprises.iter().enumerate() {
            if let Some((at, c)) = crate::values::text::first_control_character(&e.name) {
                push(
                    format!("resident_enterprises[{i}].name"),
                    e.line,
                    Fault::ControlCharacter { at, character: c },
                );
            }
            if let Some(first) = seen.get(&e.uscc) {
                push(
                    format!("resident_enterprises[{i}].uscc"),
                    e.line,
                    Fault::EnterpriseTwice {
                        uscc: e.uscc.to_string(),
                        first: *first,
                    },
                );
            } else {
                seen.insert(&e.uscc, i);
            }
        }
        for (i, inv) in self.digital_investments.iter().enumerate() {
            if inv.amount.is_negative() {
                push(
                    format!("digital_investments[{i}].amount"),
                    inv.line,
                    Fault::Negative {
                        amount_of: NegativeAmount::Investment,
                        amount: inv.amount,
                    },
                );
            }
        }
        for (i, g) in self.prior_grants.iter().enumerate() {
            if g.amount.is_negative() {
                push(
                    format!("prior_grants[{i}].amount"),
                    g.line,
                    Fault::Negative {
                        amount_of: NegativeAmount::PriorGrant,
                        amount: g.amount,
                    },
                );
            }
        }
        for (i, g) in self.other_grants.iter().enumerate() {
            if g.amount.is_negative() {
                push(
                    format!("other_grants[{i}].amount"),
                    g.line,
                    Fault::Negative {
                        amount_of: NegativeAmount::OtherGrant,
                        amount: g.amount,
                    },
                );
            }
            if g.source.trim().is_empty() {
                push(format!("other_grants[{i}].source"), g.line, Fault::OtherPolicyUnnamed);
            }
        }
        let mut overridden: HashMap<ItemId, usize> = HashMap::new();
        for (i, o) in self.overrides.iter().enumerate() {
            if o.amount.is_negative() {
                push(
                    format!("overrides[{i}].amount"),
                    o.line,
                    Fault::Negative {
                        amount_of: NegativeAmount::Approved,
                        amount: o.amount,
                    },
                );
            }
            if o.approval.trim().is_empty() {
                push(format!("overrides[{i}].approval"), o.line, Fault::ApprovalMissing);
            }
            if let Some(first) = overridden.insert(o.item, i) {
                push(
                    format!("overrides[{i}].item"),
                    o.line,
                    Fault::SecondOverride { item: o.item, first },
                );
            }
        }
        let mut decided: HashMap<ItemId, usize> = HashMap::new();
        for (i, d) in self.decided_amounts.iter().enumerate() {
            if d.amount.is_negative() {
                push(
                    format!("decided_amounts[{i}].amount"),
                    d.line,
                    Fault::Negative {
                        amount_of: NegativeAmount::Decided,
                        amount: d.amount,
                    },
                );
            }
            if let Some(first) = decided.insert(d.item, i) {
                push(
                    format!("decided_amounts[{i}].item"),
                    d.line,
                    Fault::SecondDecided { item: d.item, first },
                );
            }
        }
        out
    }
}
