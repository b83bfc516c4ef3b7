//! `check`'s results in words, Chinese and English side by side: the phrase for each kind of
//! measure and shortfall, the table people read, and the report `check --format json` prints
//! (its findings in the reader's language, its figures plain).

use std::fmt::Write as _;

use serde::Serialize;

use super::part::{
    EnterpriseGroup, HeldFor, Measure, NonProduction, Part, PerMuOf, SelfHeldUse, UnitKind, ValueAddedPer,
};
use super::{Beyond, CheckReport, Fees, Outcome, StandardCheck};
use crate::report::glossary::{Phrase, field_words, standard};
use crate::report::layout::{WIDTH, wrap};
use crate::values::capital::in_capitals;
use crate::values::lang::{Lang, say};
use crate::values::measure::Quantity;
use crate::values::money::Money;

impl Outcome {
    /// Its words in `check`.
    pub fn words(self) -> Phrase {
        let p = |zh, en| Phrase { zh, en };
        match self {
            Outcome::Pass => p("达标", "pass"),
            Outcome::Fail => p("未达标", "FAIL"),
            Outcome::Exempt => p("豁免", "exempt"),
            Outcome::NotEnoughData => p("资料不足", "not enough data"),
        }
    }
}

fn at_least(holds: bool) -> &'static str {
    if holds { "≥" } else { "<" }
}

fn at_most(holds: bool) -> &'static str {
    if holds { "≤" } else { ">" }
}

fn or_dash(q: Option<Quantity>) -> String {
    q.map_or_else(|| "—".into(), |v| v.to_string())
}

fn sep(lang: Lang) -> &'static str {
    Phrase::new("；", "; ").pick(lang)
}

/// What a part measured, in words.
pub fn finding(part: &Part, lang: Lang) -> String {
    let (ge, le) = (at_least(part.holds), at_most(part.holds));
    match &part.measure {
        Measure::Size {
            land_mu,
            min_mu,
            floor_m2,
            min_m2,
            ..
        } => {
            let (land, floor) = (or_dash(*land_mu), or_dash(*floor_m2));
            say!(lang,
                zh: "占地 {land} 亩（≥ {min_mu}），建筑面积 {floor} 平方米（≥ {min_m2}），满足其一即可";
                en: "land {land} mu (≥ {min_mu}), floor area {floor} m² (≥ {min_m2}): either suffices")
        }
        Measure::PlotRatio {
            ratio,
            floor_m2,
            land_mu,
            land_m2,
            min,
            ..
        } => say!(lang,
            zh: "容积率 {ratio}（计容建筑面积 {floor_m2} 平方米，用地 {land_mu} 亩 = {land_m2} 平方米）{ge} {min}";
            en: "plot ratio {ratio} (plot-ratio floor area {floor_m2} m² on {land_mu} mu = {land_m2} m²) {ge} {min}"),
        Measure::GreenRatio {
            percent,
            green_m2,
            land_m2,
            min,
            ..
        } => say!(lang,
            zh: "绿地率 {percent}%（绿地 {green_m2} 平方米 / 用地 {land_m2} 平方米）{ge} {min}";
            en: "green ratio {percent}% (green area {green_m2} m² of {land_m2} m²) {ge} {min}"),
        Measure::LeadingIndustries { codes, max, .. } => {
            let n = codes.len();
            say!(lang,
                zh: "主导产业 {n} 个（{}）{le} {max} 个", codes.join("、");
                en: "{n} leading industries ({}) {le} {max}", codes.join(", "))
        }
        Measure::EnterpriseShare {
            group,
            part,
            whole,
            percent,
            min,
            ..
        } => {
            let what = enterprises(*group).pick(lang);
            say!(lang,
                zh: "{what} {part} 家 / 入园企业 {whole} 家 = {percent}% {ge} {min}";
                en: "{what} {part} of {whole} resident enterprises = {percent}% {ge} {min}")
        }
        Measure::NonProductionShare {
            of: NonProduction::Land,
            part,
            whole,
            percent,
            max,
            ..
        } => say!(lang,
            zh: "非生产性用房用地 {part} 亩 / 工业用地 {whole} 亩 = {percent}% {le} {max}";
            en: "non-production land {part} mu of {whole} mu industrial land = {percent}% {le} {max}"),
        Measure::NonProductionShare {
            of: NonProduction::Floor,
            part,
            whole,
            percent,
            max,
            ..
        } => say!(lang,
            zh: "非生产性用房计容建筑面积 {part} 平方米 / 计容总建筑面积 {whole} 平方米 = {percent}% {le} {max}";
            en: "non-production plot-ratio floor area {part} m² of {whole} m² = {percent}% {le} {max}"),
        Measure::Parking {
            spaces,
            floor_m2,
            per_100_m2,
            min,
            ..
        } => say!(lang,
            zh: "车位 {spaces} 个 / 建筑面积 {floor_m2} 平方米 = 每百平方米 {per_100_m2} 个 {ge} {min}";
            en: "{spaces} spaces for {floor_m2} m² = {per_100_m2} per 100 m² {ge} {min}"),
        Measure::SelfHeldShare {
            held,
            held_m2,
            percent,
            whole_m2,
            min,
            ..
        } => match held {
            SelfHeldUse::NonProductionOfNonProduction => say!(lang,
                zh: "自持非生产性用房 {held_m2} 平方米，占非生产性用房 {whole_m2} 平方米的 {percent}% {ge} {min}";
                en: "self-held non-production {held_m2} m² = {percent}% of the non-production floor area {whole_m2} m² {ge} {min}"),
            SelfHeldUse::NonProductionOfTotal => say!(lang,
                zh: "自持非生产性用房 {held_m2} 平方米，占建筑总面积 {whole_m2} 平方米的 {percent}% {ge} {min}";
                en: "self-held non-production {held_m2} m² = {percent}% of the total floor area {whole_m2} m² {ge} {min}"),
            SelfHeldUse::ProductionOfTotal => say!(lang,
                zh: "自持生产性用房 {held_m2} 平方米，占建筑总面积 {whole_m2} 平方米的 {percent}% {ge} {min}";
                en: "self-held production {held_m2} m² = {percent}% of total floor area {whole_m2} m² {ge} {min}"),
        },
        Measure::HeldYears {
            basis: HeldFor::LandUseTerm,
            years,
            min_years,
            ..
        } => say!(lang,
            zh: "自持年限 {years} 年 {ge} 土地使用年限 {min_years} 年";
            en: "held {years} years {ge} the land-use term of {min_years} years"),
        Measure::HeldYears {
            basis: HeldFor::AfterOpening,
            years,
            min_years,
            ..
        } => say!(lang,
            zh: "投用后自持 {years} 年 {ge} {min_years} 年";
            en: "held {years} years after opening {ge} {min_years}"),
        Measure::SmallestUnit { unit, m2, min, .. } => {
            let unit = unit_words(*unit);
            say!(lang,
                zh: "最小{} {m2} 平方米 {ge} {min}", unit.zh;
                en: "smallest {} unit {m2} m² {ge} {min}", unit.en)
        }
        Measure::SoldSeparately { sold: true } => say!(lang,
            zh: "非生产性用房单独分割转让";
            en: "non-production floor divided on its own"),
        Measure::SoldSeparately { sold: false } => say!(lang,
            zh: "非生产性用房未单独分割转让";
            en: "non-production floor not divided on its own"),
        Measure::PerMu {
            of,
            amount,
            land_mu,
            per_mu,
            min,
            ..
        } => {
            let what = per_mu_words(*of).pick(lang);
            say!(lang,
                zh: "{what} {amount} 元 / {land_mu} 亩 = 每亩 {per_mu} 元 {ge} {min} 元";
                en: "{what} ¥{amount} on {land_mu} mu = ¥{per_mu} per mu {ge} ¥{min}")
        }
        Measure::ValueAdded {
            per,
            value_added,
            units,
            each,
            min,
            ..
        } => {
            let (unit, each) = (value_added_unit(*per).pick(lang), or_dash(*each));
            say!(lang,
                zh: "增加值 {value_added} 元 / {units} {unit} = 每吨 {each} 元 {ge} {min} 元";
                en: "value added ¥{value_added} over {units} {unit} = ¥{each} each {ge} ¥{min}")
        }
    }
}

/// What a failing part needs, in words.
pub fn shortfall(part: &Part, lang: Lang) -> String {
    match &part.measure {
        Measure::Size { more_mu, more_m2, .. } => say!(lang,
            zh: "需增加占地 {more_mu} 亩，或增加建筑面积 {more_m2} 平方米";
            en: "{more_mu} mu more land, or {more_m2} m² more floor area"),
        Measure::PlotRatio { more_m2, .. } => say!(lang,
            zh: "需增加计容建筑面积 {more_m2} 平方米";
            en: "{more_m2} m² more floor area needed"),
        Measure::GreenRatio { more_m2, .. } => say!(lang,
            zh: "需增加绿地 {more_m2} 平方米";
            en: "{more_m2} m² more green area needed"),
        Measure::LeadingIndustries { fewer, .. } => say!(lang,
            zh: "需减少主导产业 {fewer} 个";
            en: "{fewer} fewer leading industries"),
        Measure::EnterpriseShare { group, add, remove, .. } => {
            let what = enterprises(*group).pick(lang);
            say!(lang,
                zh: "需增加{what} {add} 家（或减少其他企业 {remove} 家）";
                en: "{add} more {what} (or {remove} fewer other enterprises)")
        }
        Measure::NonProductionShare {
            of: NonProduction::Land,
            excess,
            limit,
            ..
        } => say!(lang,
            zh: "超出 {excess} 亩（至多 {limit} 亩）";
            en: "{excess} mu too much (at most {limit} mu)"),
        Measure::NonProductionShare {
            of: NonProduction::Floor,
            excess,
            limit,
            ..
        } => say!(lang,
            zh: "超出 {excess} 平方米（至多 {limit} 平方米）";
            en: "{excess} m² too much (at most {limit} m²)"),
        Measure::Parking { more, .. } => say!(lang,
            zh: "需增加车位 {more} 个";
            en: "{more} more spaces needed"),
        Measure::SelfHeldShare {
            held: SelfHeldUse::ProductionOfTotal,
            more_m2,
            ..
        } => say!(lang,
            zh: "需增加自持生产性用房 {more_m2} 平方米";
            en: "{more_m2} m² more self-held production floor area"),
        Measure::SelfHeldShare { more_m2, .. } => say!(lang,
            zh: "需增加自持非生产性用房 {more_m2} 平方米";
            en: "{more_m2} m² more self-held non-production floor area"),
        Measure::HeldYears {
            basis: HeldFor::LandUseTerm,
            more,
            ..
        } => say!(lang,
            zh: "自持年限需延长 {more} 年，与土地使用年限一致";
            en: "hold it {more} more years, for the whole land-use term"),
        Measure::HeldYears {
            basis: HeldFor::AfterOpening,
            more,
            ..
        } => say!(lang,
            zh: "自持年限需延长 {more} 年";
            en: "hold {more} more years after opening"),
        Measure::SmallestUnit { unit, larger, .. } => {
            let unit = unit_words(*unit);
            say!(lang,
                zh: "{}需增大 {larger} 平方米", unit.zh;
                en: "{} units {larger} m² larger", unit.en)
        }
        Measure::SoldSeparately { .. } => say!(lang,
            zh: "非生产性用房不得单独分割转让";
            en: "non-production floor may not be divided or sold on its own"),
        Measure::PerMu { of, more, .. } => {
            let what = per_mu_words(*of).pick(lang);
            say!(lang,
                zh: "需增加{what} {more} 元";
                en: "¥{more} more {what}")
        }
        Measure::ValueAdded { per, more, at_most, .. } => {
            let unit = value_added_unit(*per).pick(lang);
            say!(lang,
                zh: "需增加增加值 {more} 元，或{unit}降至 {at_most} 以下";
                en: "¥{more} more value added, or at most {at_most} {unit}")
        }
    }
}

fn enterprises(group: EnterpriseGroup) -> Phrase {
    match group {
        EnterpriseGroup::LeadingIndustries => Phrase::new("主导产业企业", "enterprises in the leading industries"),
        EnterpriseGroup::SmallMicro => Phrase::new("小微企业", "small and micro enterprises"),
    }
}

fn unit_words(unit: UnitKind) -> Phrase {
    match unit {
        UnitKind::Divisible => Phrase::new("分割单元", "divisible"),
        UnitKind::Saleable => Phrase::new("出售套型", "saleable"),
    }
}

fn per_mu_words(of: PerMuOf) -> Phrase {
    match of {
        PerMuOf::FixedAssetInvestment => Phrase::new("固定资产投资", "fixed-asset investment"),
        PerMuOf::Tax => Phrase::new("税收", "tax"),
    }
}

fn value_added_unit(per: ValueAddedPer) -> Phrase {
    match per {
        ValueAddedPer::Emissions => Phrase::new("吨排放", "t of emissions"),
        ValueAddedPer::Energy => Phrase::new("吨标准煤", "tce of energy"),
    }
}

/// The facts a standard lacks, in words.
fn missing(fields: &[&'static str], lang: Lang) -> String {
    let zh: Vec<String> = fields
        .iter()
        .map(|f| match f.strip_suffix(" (above 0)") {
            Some(f) => format!("{}（须大于0）", field_words(f, Lang::Zh)),
            None => field_words(f, Lang::Zh),
        })
        .collect();
    say!(lang, zh: "缺少{}", zh.join("、"); en: "needs {}", fields.join(", "))
}

/// A standard's finding: what each part measured, after the facts it lacks.
fn standard_finding(c: &StandardCheck, lang: Lang) -> String {
    if c.outcome == Outcome::Exempt {
        return say!(lang,
            zh: "特殊行业，容积率要求除外";
            en: "special industry: the plot-ratio floor does not apply （特殊行业除外）");
    }
    let mut said: Vec<String> = Vec::new();
    if !c.missing.is_empty() {
        said.push(missing(&c.missing, lang));
    }
    said.extend(c.parts.iter().map(|p| finding(p, lang)));
    said.join(sep(lang))
}

/// A standard's shortfall: what its failing parts need.
fn standard_shortfall(c: &StandardCheck, lang: Lang) -> Option<String> {
    let said: Vec<String> = c.shortfalls().map(|p| shortfall(p, lang)).collect();
    (!said.is_empty()).then(|| said.join(sep(lang)))
}

/// A fee beyond what the engine computes exactly, in words.
fn beyond(b: &Beyond, lang: Lang) -> String {
    let (fee, per, area) = (b.fee, b.per_m2, b.floor_area_m2);
    say!(lang,
        zh: "费用超出可精确计算的范围（10^15 元）：请核对建筑面积";
        en: "fees.{fee}_per_m2 {per} × floor_area.total_m2 {area} is beyond 10^15 yuan, more than the engine computes exactly: check the floor area")
}

/// One standard as `check --format json` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct StandardWords {
    /// Its id in `policy.yaml`, e.g. `plot_ratio`.
    pub standard: &'static str,
    /// Clause.
    pub clause: String,
    /// The policy's words.
    pub words: String,
    /// Where it stands.
    pub outcome: Outcome,
    /// What was measured, against what.
    pub finding: String,
    /// By how much it falls short, in the profile's units.
    pub shortfall: Option<String>,
    /// Facts it needs that the profile lacks.
    pub missing: Vec<&'static str>,
}

/// One fee as `check --format json` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct FeeWords {
    /// `maintenance_fund` (物业专项维修资金) or `warranty_deposit` (物业保修金).
    pub fee: &'static str,
    /// Per m² of floor area.
    pub per_m2: Money,
    /// The floor area charged.
    pub floor_area_m2: Quantity,
    /// The fee, rounded once, half up, to the fen.
    pub amount: Money,
    /// The same in capital numerals.
    pub amount_in_words: String,
}

/// The fees as `check --format json` shows them.
#[derive(Debug, Clone, Serialize)]
pub struct FeesWords {
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// Who collects them.
    pub collected_by: String,
    /// Whether they apply: an investor-developed park (not said: assumed, and noted).
    pub applies: Option<bool>,
    /// Each fee (empty when the floor area is not given or they do not apply).
    pub fees: Vec<FeeWords>,
    /// Their sum.
    pub total: Option<Money>,
    /// Why no fee is given although the floor area is (in English, naming the fields).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beyond: Option<String>,
}

/// A profile checked, as `check --format json` and the web API show it.
#[derive(Debug, Clone, Serialize)]
pub struct CheckWords {
    /// The park.
    pub park_id: String,
    /// Its name.
    pub park_name: String,
    /// True only when every standard passes (or is exempt).
    pub all_passed: bool,
    /// Each standard, in GUIDE.md §2's order.
    pub standards: Vec<StandardWords>,
    /// The fees.
    pub fees: FeesWords,
}

impl CheckReport {
    /// The report with its findings in words.
    pub fn in_words(&self, lang: Lang) -> CheckWords {
        CheckWords {
            park_id: self.park_id.clone(),
            park_name: self.park_name.clone(),
            all_passed: self.all_passed,
            standards: self
                .standards
                .iter()
                .map(|c| StandardWords {
                    standard: c.standard,
                    clause: c.clause.clone(),
                    words: c.words.clone(),
                    outcome: c.outcome,
                    finding: standard_finding(c, lang),
                    shortfall: standard_shortfall(c, lang),
                    missing: c.missing.clone(),
                })
                .collect(),
            fees: fees_words(&self.fees),
        }
    }

    /// For people.
    pub fn to_table(&self, lang: Lang) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{} ({})", self.park_name, self.park_id);
        let verdict = if self.all_passed {
            Phrase::new(
                "符合（二）（四）全部建设标准和开发规范",
                "every standard of （二）（四） is met",
            )
        } else {
            Phrase::new(
                "未全部符合（二）（四）建设标准和开发规范",
                "not every standard of （二）（四） is met",
            )
        };
        let _ = writeln!(s, "{}", verdict.pick(lang));
        for c in &self.standards {
            let name = standard(c.standard).map_or(c.standard, |p| p.pick(lang));
            let head = format!("[{}] {name} {} 「{}」", c.outcome.words().pick(lang), c.clause, c.words);
            let _ = writeln!(s, "\n{}", wrap(&head, "", "    ", WIDTH));
            let _ = writeln!(s, "{}", wrap(&standard_finding(c, lang), "    ", "      ", WIDTH));
            if let Some(short) = standard_shortfall(c, lang) {
                let _ = writeln!(s, "{}", wrap(&short, "    → ", "      ", WIDTH));
            }
        }
        fees_table(&mut s, &self.fees, lang);
        s
    }
}

fn fees_words(f: &Fees) -> FeesWords {
    FeesWords {
        clause: f.clause.clone(),
        words: f.words.clone(),
        collected_by: f.collected_by.clone(),
        applies: f.applies,
        fees: f
            .fees
            .iter()
            .map(|fee| FeeWords {
                fee: fee.fee,
                per_m2: fee.per_m2,
                floor_area_m2: fee.floor_area_m2,
                amount: fee.amount,
                amount_in_words: in_capitals(fee.amount),
            })
            .collect(),
        total: f.total,
        beyond: f.beyond.as_ref().map(|b| beyond(b, Lang::En)),
    }
}

fn fees_table(s: &mut String, f: &Fees, lang: Lang) {
    let fees = Phrase::new("费用", "fees").pick(lang);
    let head = format!("{fees} {} 「{}」", f.clause, f.words);
    let _ = writeln!(s, "\n{}", wrap(&head, "", "    ", WIDTH));
    if f.applies == Some(false) {
        let line = Phrase::new("非投资开发园区，不收取", "not an investor-developed park: not charged");
        let _ = writeln!(s, "    {}", line.pick(lang));
        return;
    }
    if let Some(b) = &f.beyond {
        let _ = writeln!(s, "{}", wrap(&beyond(b, lang), "    ", "      ", WIDTH));
        return;
    }
    if f.fees.is_empty() {
        let line = Phrase::new("缺少建筑总面积（平方米）", "needs floor_area.total_m2");
        let _ = writeln!(s, "    {}", line.pick(lang));
        return;
    }
    if f.applies.is_none() {
        let line = Phrase::new(
            "（如为投资开发园区；请填写是否投资开发）",
            "(if the park is investor-developed: set investor_developed)",
        );
        let _ = writeln!(s, "    {}", line.pick(lang));
    }
    for fee in &f.fees {
        let name = match fee.fee {
            "maintenance_fund" => Phrase::new("物业专项维修资金", "special property maintenance fund"),
            _ => Phrase::new("物业保修金", "property warranty deposit"),
        }
        .pick(lang);
        let (per, area, amount, capitals) = (
            fee.per_m2.grouped(),
            fee.floor_area_m2,
            fee.amount.grouped(),
            in_capitals(fee.amount),
        );
        let line = say!(lang,
            zh: "{name}：{per} 元/平方米 × {area} 平方米 = {amount} 元（{capitals}）";
            en: "{name}: {per} × {area} m² = {amount} ({capitals})");
        let _ = writeln!(s, "{}", wrap(&line, "    ", "      ", WIDTH));
    }
    if let Some(t) = f.total {
        let (total, capitals, by) = (t.grouped(), in_capitals(t), &f.collected_by);
        let line = say!(lang,
            zh: "合计：{total} 元（{capitals}），收缴单位 {by}";
            en: "total: {total} ({capitals}), collected by {by}");
        let _ = writeln!(s, "{}", wrap(&line, "    ", "      ", WIDTH));
    }
}
