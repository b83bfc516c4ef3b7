//! The policy as data: `policy.yaml` and the overlays merged over it, their digest, and the
//! checks that refuse a policy missing a value, a clause or its words.
//!
//! Every amount, rate, cap, date and reading lives in the policy file with its clause and the
//! policy's own words （十八）「如上级对小微企业园区相关政策作出调整，按上级政策执行」: an
//! overlay may change any of them without a code change. Values are keyed by the date they
//! take effect and looked up as in force on 31 December of the calculation year.

pub mod compare;
pub mod param;
pub mod readings;

pub use param::{Param, ParamPath};

pub use readings::{
    AcceptanceDayReading, DigitalCapReading, FirstYearRebateReading, HighStarReading, LadderReading,
    OtherGrantsReading, Reading, ReadingChoices, ReadingEntry, ReadingId, ReadingInForce, Readings,
};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::facts::yaml::{self, YamlFault};
use crate::values::digest::sha256_hex;
use crate::values::item::{Beneficiary, ItemId};
use crate::values::measure::Quantity;
use crate::values::money::Money;
use crate::values::rate::Rate;
use crate::values::rating::Grade;

/// The policy embedded in the binary: this repository's `policy.yaml`.
pub const EMBEDDED_POLICY: &str = include_str!("../../policy.yaml");

/// What went wrong while loading or using a policy.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Unreadable { file: PathBuf, source: std::io::Error },
    /// The YAML is malformed or does not fit the policy's shape.
    #[error("{file}:{}: {}{}", fault.line.map_or(String::from("?"), |l| l.to_string()), if fault.path.is_empty() { String::new() } else { format!("{}: ", fault.path) }, fault.message)]
    Malformed { file: PathBuf, fault: YamlFault },
    /// A rule lacks its clause or the words it rests on.
    #[error("{file}: rule `{rule}` has no `{field}`: every rule must cite its clause and the policy's words")]
    Unsourced {
        file: PathBuf,
        rule: String,
        field: &'static str,
    },
    /// A required value is missing or inconsistent.
    #[error("{file}: `{path}`: {message}")]
    Invalid {
        file: PathBuf,
        path: String,
        message: String,
    },
    /// No value of a parameter is in force on the date asked.
    #[error("policy parameter `{path}` has no value in force on {date}")]
    NoValueInForce { path: String, date: Date },
}

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

/// Overlaying: dated values are added (a same-dated value replaced), maps merged by key,
/// and any other value given replaces the one before.
trait Merge {
    fn overlay_with(&mut self, overlay: Self);
}

impl Merge for String {
    fn overlay_with(&mut self, overlay: Self) {
        if !overlay.is_empty() {
            *self = overlay;
        }
    }
}

impl<T> Merge for Option<T> {
    fn overlay_with(&mut self, overlay: Self) {
        if overlay.is_some() {
            *self = overlay;
        }
    }
}

impl<T> Merge for Vec<T> {
    fn overlay_with(&mut self, overlay: Self) {
        if !overlay.is_empty() {
            *self = overlay;
        }
    }
}

impl<T> Merge for Dated<T> {
    fn overlay_with(&mut self, overlay: Self) {
        self.0.extend(overlay.0);
    }
}

impl<V: Merge> Merge for BTreeMap<String, V> {
    fn overlay_with(&mut self, overlay: Self) {
        for (key, value) in overlay {
            match self.get_mut(&key) {
                Some(existing) => existing.overlay_with(value),
                None => {
                    self.insert(key, value);
                }
            }
        }
    }
}

macro_rules! merge_by_field {
    ($($ty:ty { $($field:ident),* $(,)? })*) => {$(
        impl Merge for $ty {
            fn overlay_with(&mut self, overlay: Self) {
                $( self.$field.overlay_with(overlay.$field); )*
            }
        }
    )*};
}

merge_by_field! {
    PolicyMeta { id, title, issuer, issued_on, guide }
    Source { clause, words }
    InForce { clause, words, windows }
    StarGate { clause, words, eligible_grades }
    ItemRule { clause, words, beneficiary }
    StarAwardRule { clause, words, beneficiary, gate }
    FiscalRebateRule { clause, words, beneficiary, min_stars, share, cap }
    DigitalSubsidyRule { clause, words, beneficiary, soft_rate, hardware_rate, cap }
    Items { provincial_listing, star_award, fiscal_rebate, digital_subsidy }
    Rung { level, item, stars, amount }
    Ladder { clause, words, rungs }
    Targets {
        clause, words, by, high_star_min_stars, high_star_parks_at_least, five_star_parks_at_least,
        enterprises_in_parks_at_least, new_digital_demonstration_parks_at_least,
        manufacturing_parks_over_100_mu_share_more_than, manufacturing_share_at_least
    }
    Standard {
        clause, words, land_mu_at_least, floor_area_m2_at_least, at_least, at_most, spaces_per_100_m2_at_least,
        share_of_non_production_at_least, share_of_total_at_least, years_at_least, divisible_m2_at_least,
        saleable_m2_at_least, yuan_per_mu_at_least, yuan_per_tonne_at_least, yuan_per_tce_at_least
    }
    Standards {
        clause, words, square_metres_per_mu, size, plot_ratio, green_ratio, leading_industries, industry_concentration,
        small_micro_share, non_production_land, non_production_floor, parking, self_held_non_production,
        self_held_production, unit_division, investment_intensity, land_tax, emission_value_added, energy_value_added
    }
    Fees { clause, words, collected_by, maintenance_fund_per_m2, warranty_deposit_per_m2 }
    Policy {
        policy, in_force, items, rating_ladder, no_duplication, case_by_case, readings, targets, standards, fees
    }
}

/// Where a policy came from: the embedded default, then each `--policy` file in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySource {
    /// `embedded:policy.yaml` or the file's path as given.
    pub file: String,
    /// `policy` or `overlay`.
    pub kind: FileKind,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
}

/// A validated policy with its provenance and digest.
#[derive(Debug, Clone)]
pub struct LoadedPolicy {
    /// The policy in force after overlays.
    pub policy: Policy,
    /// The files it was built from, in order.
    pub sources: Vec<PolicySource>,
    /// SHA-256 of the canonical form of [`LoadedPolicy::policy`] (its JSON).
    pub digest: String,
}

fn parse_file(text: &str, file: &Path) -> Result<Policy, PolicyError> {
    yaml::from_str::<Policy>(text).map_err(|fault| PolicyError::Malformed {
        file: file.to_path_buf(),
        fault,
    })
}

impl LoadedPolicy {
    /// The embedded policy, overlaid or replaced by each file in turn.
    ///
    /// # Errors
    /// A file that cannot be read or parsed, lacks `kind`, or a result that fails
    /// [`Policy::validate`].
    pub fn load(files: &[PathBuf]) -> Result<LoadedPolicy, PolicyError> {
        let mut texts = Vec::with_capacity(files.len());
        for file in files {
            let text = std::fs::read_to_string(file).map_err(|source| PolicyError::Unreadable {
                file: file.clone(),
                source,
            })?;
            texts.push((file.clone(), text));
        }
        LoadedPolicy::from_texts(&texts)
    }

    /// As [`LoadedPolicy::load`], from texts already read.
    ///
    /// # Errors
    /// As [`LoadedPolicy::load`].
    pub fn from_texts(files: &[(PathBuf, String)]) -> Result<LoadedPolicy, PolicyError> {
        let embedded = Path::new("embedded:policy.yaml");
        let mut policy = parse_file(EMBEDDED_POLICY, embedded)?;
        let mut sources = vec![PolicySource {
            file: embedded.display().to_string(),
            kind: FileKind::Policy,
            sha256: sha256_hex(EMBEDDED_POLICY.as_bytes()),
        }];
        let mut last = embedded.to_path_buf();
        for (file, text) in files {
            let layer = parse_file(text, file)?;
            let kind = layer.kind.ok_or_else(|| PolicyError::Invalid {
                file: file.clone(),
                path: "kind".into(),
                message:
                    "say `kind: policy` (a whole policy, replacing the one before) or `kind: overlay` (changes to it)"
                        .into(),
            })?;
            match kind {
                FileKind::Policy => policy = layer,
                FileKind::Overlay => policy.overlay_with(layer),
            }
            sources.push(PolicySource {
                file: file.display().to_string(),
                kind,
                sha256: sha256_hex(text.as_bytes()),
            });
            last = file.clone();
        }
        policy.kind = Some(FileKind::Policy);
        policy.validate(&last)?;
        let canonical = serde_json::to_vec(&policy).expect("a policy always serializes");
        Ok(LoadedPolicy {
            digest: sha256_hex(&canonical),
            policy,
            sources,
        })
    }
}

impl LoadedPolicy {
    /// A policy recorded in a report: validated, its digest computed afresh.
    ///
    /// # Errors
    /// A recorded policy that fails [`Policy::validate`].
    pub fn from_document(mut policy: Policy, sources: Vec<PolicySource>) -> Result<LoadedPolicy, PolicyError> {
        policy.kind = Some(FileKind::Policy);
        policy.validate(Path::new("report:policy.document"))?;
        let digest = policy.digest();
        Ok(LoadedPolicy {
            policy,
            sources,
            digest,
        })
    }
}

impl Policy {
    /// Square metres per mu as a fraction (numerator, denominator), e.g. (2000, 3): how a
    /// profile's land is compared with its areas (GUIDE.md §2). Validated on loading.
    pub fn m2_per_mu(&self) -> (u32, u32) {
        let f = self
            .standards
            .square_metres_per_mu
            .expect("validated on loading: standards.square_metres_per_mu");
        (f.numerator, f.denominator)
    }
}

impl Policy {
    /// SHA-256 of the canonical form (compact JSON, fields in declaration order, maps sorted).
    pub fn digest(&self) -> String {
        sha256_hex(&serde_json::to_vec(self).expect("a policy always serializes"))
    }

    /// Checks that every rule cites its clause and words, and that the values needed are there.
    ///
    /// # Errors
    /// The first rule without a source, or a missing or inconsistent value.
    pub fn validate(&self, file: &Path) -> Result<(), PolicyError> {
        let unsourced = |rule: &str, field: &'static str| PolicyError::Unsourced {
            file: file.to_path_buf(),
            rule: rule.to_string(),
            field,
        };
        let invalid = |path: &str, message: &str| PolicyError::Invalid {
            file: file.to_path_buf(),
            path: path.to_string(),
            message: message.to_string(),
        };
        let mut sourced: Vec<(&str, &str, &str)> = vec![
            ("in_force", &self.in_force.clause, &self.in_force.words),
            (
                "items.provincial_listing",
                &self.items.provincial_listing.clause,
                &self.items.provincial_listing.words,
            ),
            (
                "items.star_award",
                &self.items.star_award.clause,
                &self.items.star_award.words,
            ),
            (
                "items.star_award.gate",
                &self.items.star_award.gate.clause,
                &self.items.star_award.gate.words,
            ),
            (
                "items.fiscal_rebate",
                &self.items.fiscal_rebate.clause,
                &self.items.fiscal_rebate.words,
            ),
            (
                "items.digital_subsidy",
                &self.items.digital_subsidy.clause,
                &self.items.digital_subsidy.words,
            ),
            ("rating_ladder", &self.rating_ladder.clause, &self.rating_ladder.words),
            (
                "no_duplication",
                &self.no_duplication.clause,
                &self.no_duplication.words,
            ),
            ("case_by_case", &self.case_by_case.clause, &self.case_by_case.words),
            ("targets", &self.targets.clause, &self.targets.words),
            ("standards", &self.standards.clause, &self.standards.words),
            ("fees", &self.fees.clause, &self.fees.words),
        ];
        for (id, rule) in self.standards.each() {
            sourced.push((id, &rule.clause, &rule.words));
        }
        for (rule, clause, words) in sourced {
            if clause.trim().is_empty() {
                return Err(unsourced(rule, "clause"));
            }
            if words.trim().is_empty() {
                return Err(unsourced(rule, "words"));
            }
        }
        for reading in self.readings.entries() {
            let rule = format!("readings.{}", reading.reading.as_str());
            if reading.meta.clause.trim().is_empty() {
                return Err(unsourced(&rule, "clause"));
            }
            if reading.meta.words.trim().is_empty() {
                return Err(unsourced(&rule, "words"));
            }
        }
        let st = &self.standards;
        let needs = [
            (
                "standards.square_metres_per_mu",
                st.square_metres_per_mu
                    .is_some_and(|f| f.numerator > 0 && f.denominator > 0),
            ),
            (
                "standards.size",
                st.size.land_mu_at_least.is_some() && st.size.floor_area_m2_at_least.is_some(),
            ),
            (
                "standards.plot_ratio.at_least",
                matches!(st.plot_ratio.at_least, Some(Threshold::Number(_))),
            ),
            (
                "standards.green_ratio.at_least",
                matches!(st.green_ratio.at_least, Some(Threshold::Share(_))),
            ),
            (
                "standards.leading_industries.at_most",
                matches!(st.leading_industries.at_most, Some(Threshold::Number(_))),
            ),
            (
                "standards.industry_concentration.at_least",
                matches!(st.industry_concentration.at_least, Some(Threshold::Share(_))),
            ),
            (
                "standards.small_micro_share.at_least",
                matches!(st.small_micro_share.at_least, Some(Threshold::Share(_))),
            ),
            (
                "standards.non_production_land.at_most",
                matches!(st.non_production_land.at_most, Some(Threshold::Share(_))),
            ),
            (
                "standards.non_production_floor.at_most",
                matches!(st.non_production_floor.at_most, Some(Threshold::Share(_))),
            ),
            (
                "standards.parking.spaces_per_100_m2_at_least",
                st.parking.spaces_per_100_m2_at_least.is_some(),
            ),
            (
                "standards.self_held_non_production",
                st.self_held_non_production.share_of_non_production_at_least.is_some()
                    && st.self_held_non_production.share_of_total_at_least.is_some(),
            ),
            (
                "standards.self_held_production",
                st.self_held_production.share_of_total_at_least.is_some()
                    && st.self_held_production.years_at_least.is_some(),
            ),
            (
                "standards.unit_division",
                st.unit_division.divisible_m2_at_least.is_some() && st.unit_division.saleable_m2_at_least.is_some(),
            ),
            (
                "standards.investment_intensity.yuan_per_mu_at_least",
                st.investment_intensity.yuan_per_mu_at_least.is_some(),
            ),
            (
                "standards.land_tax.yuan_per_mu_at_least",
                st.land_tax.yuan_per_mu_at_least.is_some(),
            ),
            (
                "standards.emission_value_added.yuan_per_tonne_at_least",
                st.emission_value_added.yuan_per_tonne_at_least.is_some(),
            ),
            (
                "standards.energy_value_added.yuan_per_tce_at_least",
                st.energy_value_added.yuan_per_tce_at_least.is_some(),
            ),
            (
                "fees",
                self.fees.maintenance_fund_per_m2.is_some() && self.fees.warranty_deposit_per_m2.is_some(),
            ),
            (
                "targets",
                self.targets.high_star_min_stars.is_some()
                    && self.targets.high_star_parks_at_least.is_some()
                    && self.targets.five_star_parks_at_least.is_some()
                    && self.targets.enterprises_in_parks_at_least.is_some(),
            ),
        ];
        if let Some((path, _)) = needs.iter().find(|(_, ok)| !ok) {
            return Err(invalid(
                path,
                "is missing its threshold (or has one of the wrong kind: a percentage or a number)",
            ));
        }
        if self.in_force.windows.is_empty() {
            return Err(invalid(
                "in_force.windows",
                "the policy needs at least one period in force",
            ));
        }
        for (i, w) in self.in_force.windows.iter().enumerate() {
            if w.from > w.to {
                return Err(invalid(&format!("in_force.windows[{i}]"), "`from` is after `to`"));
            }
        }
        let items = &self.items;
        for (path, beneficiary) in [
            (
                "items.provincial_listing.beneficiary",
                items.provincial_listing.beneficiary,
            ),
            ("items.star_award.beneficiary", items.star_award.beneficiary),
            ("items.fiscal_rebate.beneficiary", items.fiscal_rebate.beneficiary),
            ("items.digital_subsidy.beneficiary", items.digital_subsidy.beneficiary),
        ] {
            if beneficiary.is_none() {
                return Err(invalid(path, "say who receives it: operator or local_government"));
            }
        }
        let empty = [
            (
                "items.star_award.gate.eligible_grades",
                items.star_award.gate.eligible_grades.0.is_empty(),
            ),
            (
                "items.fiscal_rebate.min_stars",
                items.fiscal_rebate.min_stars.0.is_empty(),
            ),
            ("items.fiscal_rebate.share", items.fiscal_rebate.share.0.is_empty()),
            ("items.fiscal_rebate.cap", items.fiscal_rebate.cap.0.is_empty()),
            (
                "items.digital_subsidy.soft_rate",
                items.digital_subsidy.soft_rate.0.is_empty(),
            ),
            (
                "items.digital_subsidy.hardware_rate",
                items.digital_subsidy.hardware_rate.0.is_empty(),
            ),
            ("items.digital_subsidy.cap", items.digital_subsidy.cap.0.is_empty()),
        ];
        let empty_choice = self.readings.entries().into_iter().find(|r| r.choices.is_empty());
        let empty_choice = empty_choice.map(|r| format!("readings.{}.choice", r.reading.as_str()));
        if let Some(path) = empty
            .iter()
            .find(|(_, e)| *e)
            .map(|(p, _)| p.to_string())
            .or(empty_choice)
        {
            return Err(invalid(
                &path,
                "needs at least one dated value, e.g. { 2021-08-20: ... }",
            ));
        }
        for (path, dated) in [
            ("items.fiscal_rebate.cap", &items.fiscal_rebate.cap),
            ("items.digital_subsidy.cap", &items.digital_subsidy.cap),
        ] {
            if dated.0.values().any(|m| m.is_negative()) {
                return Err(invalid(path, "a cap cannot be negative"));
            }
        }
        if items.fiscal_rebate.min_stars.0.values().any(|s| !(1..=5).contains(s)) {
            return Err(invalid("items.fiscal_rebate.min_stars", "a star level is 1 to 5"));
        }
        let mut listing_rungs = 0;
        for (id, rung) in &self.rating_ladder.rungs {
            let path = format!("rating_ladder.rungs.{id}");
            if rung.level.is_none() {
                return Err(invalid(&path, "needs `level` (0 for the listing, then the star level)"));
            }
            if rung.amount.0.is_empty() || rung.amount.0.values().any(|m| m.is_negative()) {
                return Err(invalid(&path, "needs a dated, non-negative `amount`"));
            }
            match (rung.item, rung.stars) {
                (Some(ItemId::ProvincialListing), None) => listing_rungs += 1,
                (Some(ItemId::StarAward), Some(s)) if (1..=5).contains(&s) => {}
                _ => {
                    return Err(invalid(
                        &path,
                        "a rung is either `item: provincial_listing` (no stars) or `item: star_award` with `stars` 1 to 5",
                    ));
                }
            }
        }
        if listing_rungs != 1 {
            return Err(invalid(
                "rating_ladder.rungs",
                "the ladder needs exactly one provincial_listing rung",
            ));
        }
        Ok(())
    }

    /// True when any period in force touches the calendar year.
    pub fn covers_year(&self, year: i16) -> bool {
        self.in_force
            .windows
            .iter()
            .any(|w| w.from.year() <= year && year <= w.to.year())
    }

    /// True when `date` lies within a period in force.
    pub fn in_force_on(&self, date: Date) -> bool {
        self.in_force.windows.iter().any(|w| w.contains(date))
    }

    /// The number of days of `year` within a period in force.
    pub fn days_in_force(&self, year: i16) -> i32 {
        let Ok(first) = Date::new(year, 1, 1) else {
            return 0;
        };
        let Ok(last) = Date::new(year, 12, 31) else {
            return 0;
        };
        let mut days = 0;
        for w in &self.in_force.windows {
            let from = w.from.max(first);
            let to = w.to.min(last);
            if from <= to {
                days += from.until(to).map(|s| s.get_days()).unwrap_or(0) + 1;
            }
        }
        days
    }

    /// The rule text for an item.
    pub fn item_source(&self, item: ItemId) -> (&str, &str) {
        let i = &self.items;
        match item {
            ItemId::ProvincialListing => (&i.provincial_listing.clause, &i.provincial_listing.words),
            ItemId::StarAward => (&i.star_award.clause, &i.star_award.words),
            ItemId::FiscalRebate => (&i.fiscal_rebate.clause, &i.fiscal_rebate.words),
            ItemId::DigitalSubsidy => (&i.digital_subsidy.clause, &i.digital_subsidy.words),
        }
    }

    /// Who receives an item (validated present).
    pub fn beneficiary(&self, item: ItemId) -> Beneficiary {
        let i = &self.items;
        match item {
            ItemId::ProvincialListing => i.provincial_listing.beneficiary,
            ItemId::StarAward => i.star_award.beneficiary,
            ItemId::FiscalRebate => i.fiscal_rebate.beneficiary,
            ItemId::DigitalSubsidy => i.digital_subsidy.beneficiary,
        }
        .expect("validated on loading: every item names its beneficiary")
    }
}

impl Policy {
    /// The clause a parameter rests on: its item's, or the rating ladder's for a rung.
    pub fn clause_of(&self, path: &ParamPath) -> &str {
        let i = &self.items;
        match path {
            ParamPath::RungAmount(_) => &self.rating_ladder.clause,
            ParamPath::Fixed(p) if p.starts_with("items.star_award.gate") => &i.star_award.gate.clause,
            ParamPath::Fixed(p) if p.starts_with("items.fiscal_rebate") => &i.fiscal_rebate.clause,
            ParamPath::Fixed(p) if p.starts_with("items.digital_subsidy") => &i.digital_subsidy.clause,
            ParamPath::Fixed(p) if p.starts_with("items.star_award") => &i.star_award.clause,
            ParamPath::Fixed(p) if p.starts_with("items.provincial_listing") => &i.provincial_listing.clause,
            ParamPath::Fixed(_) => "",
        }
    }

    /// Every reading as in force on `date`.
    pub fn readings_in_force(&self, date: Date) -> Vec<ReadingInForce<'_>> {
        self.readings.in_force(date)
    }

    /// Every reading, with all its dated choices.
    pub fn reading_entries(&self) -> Vec<ReadingEntry<'_>> {
        self.readings.entries()
    }
}

/// Looks up the value in force, or says which parameter has none.
pub fn value_at<T: Clone>(dated: &Dated<T>, path: &str, date: Date) -> Result<T, PolicyError> {
    dated.at(date).cloned().ok_or_else(|| PolicyError::NoValueInForce {
        path: path.to_string(),
        date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_policy_loads_and_cites_every_rule() {
        let loaded = LoadedPolicy::from_texts(&[]).unwrap();
        assert_eq!(loaded.policy.policy.id, "cixi-2021-small-micro-parks");
        assert_eq!(loaded.digest.len(), 64);
    }

    #[test]
    fn an_overlay_adds_a_dated_value_and_keeps_the_rest() {
        let overlay = "kind: overlay\nitems:\n  digital_subsidy:\n    cap: { 2023-01-01: \"1200000.00\" }\n";
        let loaded = LoadedPolicy::from_texts(&[(PathBuf::from("o.yaml"), overlay.into())]).unwrap();
        let cap = &loaded.policy.items.digital_subsidy.cap;
        assert_eq!(cap.at(Date::constant(2022, 12, 31)).unwrap().to_string(), "1000000.00");
        assert_eq!(cap.at(Date::constant(2023, 12, 31)).unwrap().to_string(), "1200000.00");
        assert_eq!(loaded.policy.items.digital_subsidy.clause, "（十四）");
    }

    #[test]
    fn a_rule_without_its_words_is_refused() {
        let overlay = "kind: policy\npolicy: { id: x }\n";
        let err = LoadedPolicy::from_texts(&[(PathBuf::from("bare.yaml"), overlay.into())]).unwrap_err();
        assert!(matches!(err, PolicyError::Unsourced { .. }), "{err}");
    }

    #[test]
    fn days_in_force_of_the_first_year() {
        let loaded = LoadedPolicy::from_texts(&[]).unwrap();
        assert_eq!(loaded.policy.days_in_force(2021), 134);
        assert_eq!(loaded.policy.days_in_force(2022), 365);
        assert_eq!(loaded.policy.days_in_force(2024), 0);
    }
}
