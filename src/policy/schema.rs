//! The shape of `policy.yaml`: dated values, the items' rules, the rating ladder, the
//! readings, the targets, the standards of （二）（四） and the fees of （十一）, each with its
//! clause and the policy's own words.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::*;
use crate::values::item::{Beneficiary, ItemId};
use crate::values::measure::Quantity;
use crate::values::money::Money;
use crate::values::rate::Rate;
use crate::values::rating::Grade;

/// Whether a `--policy` file is a whole policy or changes to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// A complete policy: replaces whatever came before.
    Policy,
    /// Changes only what it names; dated values are added, everything else replaced.
    Overlay,
}

/// Values keyed by the date they take effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Dated<T>(pub BTreeMap<Date, T>);

impl<T> Default for Dated<T> {
    fn default() -> Self {
        Dated(BTreeMap::new())
    }
}

impl<T> Dated<T> {
    /// The value in force on `date`: the one with the latest effective date not after it.
    pub fn at(&self, date: Date) -> Option<&T> {
        self.0.range(..=date).next_back().map(|(_, v)| v)
    }

    /// The value in force on `date`, with the day it took effect.
    pub fn in_force(&self, date: Date) -> Option<(Date, &T)> {
        self.0.range(..=date).next_back().map(|(d, v)| (*d, v))
    }
}

/// The policy's own identity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PolicyMeta {
    /// A stable id, e.g. `cixi-2021-small-micro-parks`.
    pub id: String,
    /// The title in Chinese.
    pub title: String,
    /// Who issued it.
    pub issuer: String,
    /// When it was issued.
    pub issued_on: Option<Date>,
    /// The rendering of the rules that states the readings.
    pub guide: String,
}

/// A clause and the words it says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Source {
    /// e.g. `（十四）`
    pub clause: String,
    /// The policy's own words.
    pub words: String,
}

/// A closed range of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// First day in force.
    pub from: Date,
    /// Last day in force.
    pub to: Date,
}

impl Window {
    /// True when `date` falls within the window.
    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }
}

/// The policy's period （十八）.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InForce {
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// The periods in force; a renewal adds one.
    pub windows: Vec<Window>,
}

/// The star-rating gate （十三）.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StarGate {
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// Performance grades that may apply for a star rating (C档及以上).
    pub eligible_grades: Dated<Vec<Grade>>,
}

/// An item's general description (every item has one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ItemRule {
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// Who receives it.
    pub beneficiary: Option<Beneficiary>,
}

/// The star award's description and its gate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StarAwardRule {
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// Who receives it.
    pub beneficiary: Option<Beneficiary>,
    /// Who may be rated at all.
    pub gate: StarGate,
}

/// The fiscal rebate's parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FiscalRebateRule {
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// Who receives it.
    pub beneficiary: Option<Beneficiary>,
    /// The least star level that earns the rebate (四星级及以上).
    pub min_stars: Dated<u8>,
    /// The share of the contributions rewarded (全额).
    pub share: Dated<Rate>,
    /// The most per park per year (最高不超过).
    pub cap: Dated<Money>,
}

/// The digital subsidy's parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DigitalSubsidyRule {
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// Who receives it.
    pub beneficiary: Option<Beneficiary>,
    /// Rate on soft investment (软性投入).
    pub soft_rate: Dated<Rate>,
    /// Rate on supporting hardware (支撑硬件投入).
    pub hardware_rate: Dated<Rate>,
    /// The most per park per year, or per park under the lifetime reading.
    pub cap: Dated<Money>,
}

/// The four items.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Items {
    /// 入选省级小微企业园
    pub provincial_listing: ItemRule,
    /// 星级奖励
    pub star_award: StarAwardRule,
    /// 财力贡献奖励
    pub fiscal_rebate: FiscalRebateRule,
    /// 数字化建设补助
    pub digital_subsidy: DigitalSubsidyRule,
}

/// One rung of the rating ladder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rung {
    /// Position on the ladder: 0 for the provincial listing, then the star level.
    pub level: Option<u8>,
    /// The item this rung is paid as.
    pub item: Option<ItemId>,
    /// For a star rung: the star level it rewards.
    pub stars: Option<u8>,
    /// The rung's amount (不超过).
    pub amount: Dated<Money>,
}

/// The rating ladder: an exclusivity group （十四）（十八）.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ladder {
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// The rungs by id.
    pub rungs: BTreeMap<String, Rung>,
}

/// The 2023 targets of clause （一）.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Targets {
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// The day by which they are to be met.
    pub by: Option<Date>,
    /// What counts as a high-star park (高星级).
    pub high_star_min_stars: Option<u8>,
    /// 高星级小微企业园8个以上.
    pub high_star_parks_at_least: Option<u32>,
    /// 五星级实现突破.
    pub five_star_parks_at_least: Option<u32>,
    /// 入园集聚小微企业2000家以上.
    pub enterprises_in_parks_at_least: Option<u32>,
    /// 新增省级数字化示范园区2个.
    pub new_digital_demonstration_parks_at_least: Option<u32>,
    /// 占地100亩以上的生产制造类小微企业园超过半数.
    pub manufacturing_parks_over_100_mu_share_more_than: Option<Rate>,
    /// 制造业小微企业园数量和建筑面积占比均70%以上.
    pub manufacturing_share_at_least: Option<Rate>,
}

/// A ratio of whole numbers, e.g. 1 mu = 2000/3 m² exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fraction {
    /// Numerator.
    pub numerator: u32,
    /// Denominator.
    pub denominator: u32,
}

/// A standard's clause, words and thresholds; each threshold named by what it bounds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Standard {
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// size: land in mu.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub land_mu_at_least: Option<Quantity>,
    /// size: floor area in m².
    #[serde(skip_serializing_if = "Option::is_none")]
    pub floor_area_m2_at_least: Option<Quantity>,
    /// A least ratio (plot ratio).
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "quantity_or_rate",
        default
    )]
    pub at_least: Option<Threshold>,
    /// A most (shares, or a count of industries).
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "quantity_or_rate",
        default
    )]
    pub at_most: Option<Threshold>,
    /// parking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spaces_per_100_m2_at_least: Option<Quantity>,
    /// self-held non-production: share of non-production floor area.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_of_non_production_at_least: Option<Rate>,
    /// self-held: share of total floor area.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_of_total_at_least: Option<Rate>,
    /// self-held production: years after opening.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years_at_least: Option<u32>,
    /// self-held non-production: held for the whole land-use term (自持年限与土地使用年限一致).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held_for_land_use_term: Option<bool>,
    /// unit division: smallest divisible unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub divisible_m2_at_least: Option<Quantity>,
    /// unit division: smallest saleable unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saleable_m2_at_least: Option<Quantity>,
    /// investment intensity and land tax.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yuan_per_mu_at_least: Option<Money>,
    /// value added per tonne of emissions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yuan_per_tonne_at_least: Option<Money>,
    /// value added per tonne of standard coal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yuan_per_tce_at_least: Option<Money>,
}

/// A threshold written as a percentage ("10%"), a number ("1.5") or a count (2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    /// A share.
    Share(Rate),
    /// A number.
    Number(Quantity),
}

impl Serialize for Threshold {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Threshold::Share(r) => r.serialize(s),
            Threshold::Number(q) => q.serialize(s),
        }
    }
}

fn quantity_or_rate<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Threshold>, D::Error> {
    let text = d.deserialize_str(crate::values::text::TextVisitor::new(
        "a percentage such as 10% or a number such as 1.5",
    ))?;
    if text.trim().ends_with('%') {
        Rate::parse(&text)
            .map(|r| Some(Threshold::Share(r)))
            .map_err(serde::de::Error::custom)
    } else {
        Quantity::parse(&text)
            .map(|q| Some(Threshold::Number(q)))
            .map_err(serde::de::Error::custom)
    }
}

/// The construction standards and development norms （二）（四）.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Standards {
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// 1 mu in m².
    pub square_metres_per_mu: Option<Fraction>,
    /// Land or floor area.
    pub size: Standard,
    /// 容积率.
    pub plot_ratio: Standard,
    /// 绿地率.
    pub green_ratio: Standard,
    /// 主导产业 at most two.
    pub leading_industries: Standard,
    /// 产业集聚度.
    pub industry_concentration: Standard,
    /// 小微企业占比.
    pub small_micro_share: Standard,
    /// 非生产性用房用地.
    pub non_production_land: Standard,
    /// 非生产性用房计容建筑面积.
    pub non_production_floor: Standard,
    /// 机动车位.
    pub parking: Standard,
    /// 自持非生产性用房.
    pub self_held_non_production: Standard,
    /// 自持生产性用房.
    pub self_held_production: Standard,
    /// 分割.
    pub unit_division: Standard,
    /// 固定资产投资强度.
    pub investment_intensity: Standard,
    /// 土地税收.
    pub land_tax: Standard,
    /// 单位排放增加值.
    pub emission_value_added: Standard,
    /// 单位能耗增加值.
    pub energy_value_added: Standard,
}

impl Standards {
    /// Every standard with its id, in GUIDE.md §2's order.
    pub fn each(&self) -> [(&'static str, &Standard); 16] {
        [
            ("standards.size", &self.size),
            ("standards.plot_ratio", &self.plot_ratio),
            ("standards.green_ratio", &self.green_ratio),
            ("standards.leading_industries", &self.leading_industries),
            ("standards.industry_concentration", &self.industry_concentration),
            ("standards.small_micro_share", &self.small_micro_share),
            ("standards.non_production_land", &self.non_production_land),
            ("standards.non_production_floor", &self.non_production_floor),
            ("standards.parking", &self.parking),
            ("standards.self_held_non_production", &self.self_held_non_production),
            ("standards.self_held_production", &self.self_held_production),
            ("standards.unit_division", &self.unit_division),
            ("standards.investment_intensity", &self.investment_intensity),
            ("standards.land_tax", &self.land_tax),
            ("standards.emission_value_added", &self.emission_value_added),
            ("standards.energy_value_added", &self.energy_value_added),
        ]
    }
}

/// Fees for an investor-developed park （十一）.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Fees {
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// Who collects them.
    pub collected_by: String,
    /// 物业专项维修资金 per m² of floor area.
    pub maintenance_fund_per_m2: Option<Money>,
    /// 物业保修金 per m² of floor area.
    pub warranty_deposit_per_m2: Option<Money>,
}

/// A whole policy, after overlays.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// `policy` or `overlay` (files only; not part of the policy's digest).
    #[serde(skip_serializing)]
    pub kind: Option<FileKind>,
    /// Identity.
    pub policy: PolicyMeta,
    /// Period in force （十八）.
    pub in_force: InForce,
    /// The four items （十四）.
    pub items: Items,
    /// The rating ladder （十四）（十八）.
    pub rating_ladder: Ladder,
    /// 从高、从优、不重复 （十八）.
    pub no_duplication: Source,
    /// 一事一议 （十七）.
    pub case_by_case: Source,
    /// The readings of GUIDE.md §1.
    pub readings: Readings,
    /// The 2023 targets （一）.
    pub targets: Targets,
    /// Construction standards and development norms （二）（四）.
    pub standards: Standards,
    /// Fees （十一）.
    pub fees: Fees,
}
