//! The construction standards and development norms of clauses （二）（四） (GUIDE.md §2),
//! checked against a park's profile: each pass, fail (with the shortfall in the user's units),
//! exempt, or not enough data; and the fees of （十一） (GUIDE.md §3).
//!
//! Comparisons are exact: land in mu is compared with areas in m² by cross-multiplying with
//! 1 mu = 2000/3 m² (policy data), never through a rounded conversion. A boundary value
//! passes: a plot ratio of exactly 1.5, a green ratio of exactly 10%, a share of exactly 70%.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::facts::profile::Profile;
use crate::policy::{Policy, Standard, Threshold};
use crate::report::layout::{WIDTH, wrap};
use crate::values::capital::in_capitals;
use crate::values::lang::Lang;
use crate::values::measure::Quantity;
use crate::values::money::{Money, Unrounded};
use crate::values::rate::Rate;

/// Where a standard stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Met.
    Pass,
    /// Not met; the shortfall says by how much.
    Fail,
    /// Does not apply (特殊行业 for the plot ratio).
    Exempt,
    /// The profile lacks a fact it needs.
    NotEnoughData,
}

impl Outcome {
    /// Its words in `check`.
    pub fn words(self) -> crate::report::glossary::Phrase {
        let p = |zh, en| crate::report::glossary::Phrase { zh, en };
        match self {
            Outcome::Pass => p("达标", "pass"),
            Outcome::Fail => p("未达标", "FAIL"),
            Outcome::Exempt => p("豁免", "exempt"),
            Outcome::NotEnoughData => p("资料不足", "not enough data"),
        }
    }
}

/// One standard checked.
#[derive(Debug, Clone, Serialize)]
pub struct StandardCheck {
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
    /// By how much it falls short, in the user's units.
    pub shortfall: Option<String>,
    /// Facts it needs that the profile lacks.
    pub missing: Vec<&'static str>,
}

/// One fee.
#[derive(Debug, Clone, Serialize)]
pub struct Fee {
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

/// The fees of （十一）.
#[derive(Debug, Clone, Serialize)]
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
    /// Why no fee is given although the floor area is: a fee beyond 10^15 yuan, which the
    /// engine does not hold exactly (its fields named).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beyond: Option<String>,
}

/// A profile checked.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// The park.
    pub park_id: String,
    /// Its name.
    pub park_name: String,
    /// True only when every standard passes (or is exempt).
    pub all_passed: bool,
    /// Each standard, in GUIDE.md §2's order.
    pub standards: Vec<StandardCheck>,
    /// The fees.
    pub fees: Fees,
}

/// Texts in the user's language.
struct Say(Lang);

impl Say {
    fn pick(&self, en: String, zh: String) -> String {
        if self.0 == Lang::En { en } else { zh }
    }
}

fn q(d: Decimal) -> Quantity {
    Quantity::from_decimal(d)
}

fn pct(d: Decimal) -> String {
    // A measured share, shown rounded down to 0.1% so that a failing share never reads as
    // its threshold.
    format!("{}%", q(d * Decimal::ONE_HUNDRED).floor_dp(1))
}

fn need_count(d: Decimal) -> u64 {
    let c = d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::ToPositiveInfinity);
    u64::try_from(c.mantissa() / 10i128.pow(c.scale())).unwrap_or(u64::MAX)
}

struct Checker<'a> {
    profile: &'a Profile,
    say: Say,
    per_mu: Decimal,
}

impl Checker<'_> {
    fn land_m2(&self, mu: Quantity) -> Decimal {
        mu.get() * self.per_mu
    }

    fn start(id: &'static str, rule: &Standard) -> StandardCheck {
        StandardCheck {
            standard: id,
            clause: rule.clause.clone(),
            words: rule.words.clone(),
            outcome: Outcome::NotEnoughData,
            finding: String::new(),
            shortfall: None,
            missing: Vec::new(),
        }
    }

    fn missing(mut c: StandardCheck, fields: Vec<(&'static str, bool)>, say: &Say) -> StandardCheck {
        c.missing = fields.into_iter().filter(|(_, given)| !given).map(|(f, _)| f).collect();
        let zh: Vec<String> = c
            .missing
            .iter()
            .map(|f| match f.strip_suffix(" (above 0)") {
                Some(f) => format!("{}（须大于0）", crate::report::glossary::field_words(f, Lang::Zh)),
                None => crate::report::glossary::field_words(f, Lang::Zh),
            })
            .collect();
        c.finding = say.pick(
            format!("needs {}", c.missing.join(", ")),
            format!("缺少{}", zh.join("、")),
        );
        c
    }

    fn judge(mut c: StandardCheck, ok: bool, finding: String, shortfall: Option<String>) -> StandardCheck {
        c.outcome = if ok { Outcome::Pass } else { Outcome::Fail };
        c.finding = finding;
        c.shortfall = if ok { None } else { shortfall };
        c
    }
}

fn share(t: &Option<Threshold>) -> Rate {
    match t {
        Some(Threshold::Share(r)) => *r,
        _ => unreachable!("validated on loading: a share"),
    }
}

fn number(t: &Option<Threshold>) -> Quantity {
    match t {
        Some(Threshold::Number(n)) => *n,
        _ => unreachable!("validated on loading: a number"),
    }
}

/// Checks every standard of GUIDE.md §2 and works out the fees of §3.
pub fn check(profile: &Profile, policy: &Policy, lang: Lang) -> CheckReport {
    let st = &policy.standards;
    let (numerator, denominator) = policy.m2_per_mu();
    let c = Checker {
        profile,
        say: Say(lang),
        per_mu: Decimal::from(numerator) / Decimal::from(denominator),
    };
    let standards = vec![
        size(&c, &st.size),
        plot_ratio(&c, &st.plot_ratio),
        green_ratio(&c, &st.green_ratio),
        leading_industries(&c, &st.leading_industries),
        concentration(&c, &st.industry_concentration),
        small_micro(&c, &st.small_micro_share),
        non_production_land(&c, &st.non_production_land),
        non_production_floor(&c, &st.non_production_floor),
        parking(&c, &st.parking),
        self_held_non_production(&c, &st.self_held_non_production),
        self_held_production(&c, &st.self_held_production),
        unit_division(&c, &st.unit_division),
        per_mu(
            &c,
            "investment_intensity",
            &st.investment_intensity,
            profile.economics.fixed_asset_investment,
            "economics.fixed_asset_investment",
            ("fixed-asset investment", "固定资产投资"),
        ),
        per_mu(
            &c,
            "land_tax",
            &st.land_tax,
            profile.economics.tax,
            "economics.tax",
            ("tax", "税收"),
        ),
        value_added(
            &c,
            "emission_value_added",
            &st.emission_value_added,
            profile.economics.emissions_tonnes,
            "economics.emissions_tonnes",
            st.emission_value_added.yuan_per_tonne_at_least,
            ("t of emissions", "吨排放"),
        ),
        value_added(
            &c,
            "energy_value_added",
            &st.energy_value_added,
            profile.economics.energy_tce,
            "economics.energy_tce",
            st.energy_value_added.yuan_per_tce_at_least,
            ("tce of energy", "吨标准煤"),
        ),
    ];
    let all_passed = standards
        .iter()
        .all(|s| matches!(s.outcome, Outcome::Pass | Outcome::Exempt));
    CheckReport {
        park_id: profile.park.id.clone(),
        park_name: profile.park.name.clone(),
        all_passed,
        standards,
        fees: fees(profile, policy),
    }
}

fn size(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let r = Checker::start("size", rule);
    let (min_mu, min_m2) = (
        rule.land_mu_at_least.expect("validated"),
        rule.floor_area_m2_at_least.expect("validated"),
    );
    let (mu, m2) = (c.profile.land.total_mu, c.profile.floor_area.total_m2);
    let land_ok = mu.map(|v| v >= min_mu);
    let floor_ok = m2.map(|v| v >= min_m2);
    let describe = || {
        let land = mu.map_or_else(|| "—".into(), |v| v.to_string());
        let floor = m2.map_or_else(|| "—".into(), |v| v.to_string());
        c.say.pick(
            format!("land {land} mu (≥ {min_mu}), floor area {floor} m² (≥ {min_m2}): either suffices"),
            format!("占地 {land} 亩（≥ {min_mu}），建筑面积 {floor} 平方米（≥ {min_m2}），满足其一即可"),
        )
    };
    match (land_ok, floor_ok) {
        (Some(true), _) | (_, Some(true)) => Checker::judge(r, true, describe(), None),
        (Some(false), Some(false)) => {
            let (more_mu, more_m2) = (
                q(min_mu.get() - mu.unwrap_or_default().get()),
                q(min_m2.get() - m2.unwrap_or_default().get()),
            );
            let shortfall = c.say.pick(
                format!("{more_mu} mu more land, or {more_m2} m² more floor area"),
                format!("需增加占地 {more_mu} 亩，或增加建筑面积 {more_m2} 平方米"),
            );
            Checker::judge(r, false, describe(), Some(shortfall))
        }
        _ => Checker::missing(
            r,
            vec![("land.total_mu", mu.is_some()), ("floor_area.total_m2", m2.is_some())],
            &c.say,
        ),
    }
}

fn plot_ratio(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let mut r = Checker::start("plot_ratio", rule);
    let min = number(&rule.at_least);
    if c.profile.special_industry_exemption == Some(true) {
        r.outcome = Outcome::Exempt;
        r.finding = c.say.pick(
            "special industry: the plot-ratio floor does not apply （特殊行业除外）".into(),
            "特殊行业，容积率要求除外".into(),
        );
        return r;
    }
    let (Some(mu), Some(floor)) = (c.profile.land.total_mu, c.profile.floor_area.plot_ratio_m2) else {
        return Checker::missing(
            r,
            vec![
                ("land.total_mu", c.profile.land.total_mu.is_some()),
                ("floor_area.plot_ratio_m2", c.profile.floor_area.plot_ratio_m2.is_some()),
            ],
            &c.say,
        );
    };
    let land = c.land_m2(mu);
    if land.is_zero() {
        return Checker::missing(r, vec![("land.total_mu (above 0)", false)], &c.say);
    }
    let ratio = q(floor.get() / land).floor_dp(2);
    let ok = floor.get() >= min.get() * land;
    let more = q(min.get() * land - floor.get()).ceil_dp(2);
    let finding = c.say.pick(
        format!(
            "plot ratio {ratio} (plot-ratio floor area {floor} m² on {mu} mu = {} m²) {} {min}",
            q(land).floor_dp(2),
            if ok { "≥" } else { "<" }
        ),
        format!(
            "容积率 {ratio}（计容建筑面积 {floor} 平方米，用地 {mu} 亩 = {} 平方米）{} {min}",
            q(land).floor_dp(2),
            if ok { "≥" } else { "<" }
        ),
    );
    let shortfall = c.say.pick(
        format!("{more} m² more floor area needed"),
        format!("需增加计容建筑面积 {more} 平方米"),
    );
    Checker::judge(r, ok, finding, Some(shortfall))
}

fn green_ratio(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let r = Checker::start("green_ratio", rule);
    let min = share(&rule.at_least);
    let (Some(mu), Some(green)) = (c.profile.land.total_mu, c.profile.green_area_m2) else {
        return Checker::missing(
            r,
            vec![
                ("land.total_mu", c.profile.land.total_mu.is_some()),
                ("green_area_m2", c.profile.green_area_m2.is_some()),
            ],
            &c.say,
        );
    };
    let land = c.land_m2(mu);
    if land.is_zero() {
        return Checker::missing(r, vec![("land.total_mu (above 0)", false)], &c.say);
    }
    let ok = green.get() >= min.as_fraction() * land;
    let more = q(min.as_fraction() * land - green.get()).ceil_dp(2);
    let finding = c.say.pick(
        format!(
            "green ratio {} (green area {green} m² of {} m²) {} {min}",
            pct(green.get() / land),
            q(land).floor_dp(2),
            if ok { "≥" } else { "<" }
        ),
        format!(
            "绿地率 {}（绿地 {green} 平方米 / 用地 {} 平方米）{} {min}",
            pct(green.get() / land),
            q(land).floor_dp(2),
            if ok { "≥" } else { "<" }
        ),
    );
    Checker::judge(
        r,
        ok,
        finding,
        Some(c.say.pick(
            format!("{more} m² more green area needed"),
            format!("需增加绿地 {more} 平方米"),
        )),
    )
}

fn leading_industries(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let r = Checker::start("leading_industries", rule);
    let max = number(&rule.at_most);
    let Some(list) = &c.profile.enterprises.leading_industries else {
        return Checker::missing(r, vec![("enterprises.leading_industries", false)], &c.say);
    };
    let n = Decimal::from(list.len() as u64);
    let ok = n <= max.get();
    let codes: Vec<&str> = list.iter().map(|i| i.code.as_str()).collect();
    let finding = c.say.pick(
        format!(
            "{} leading industries ({}) {} {max}",
            list.len(),
            codes.join(", "),
            if ok { "≤" } else { ">" }
        ),
        format!(
            "主导产业 {} 个（{}）{} {max} 个",
            list.len(),
            codes.join("、"),
            if ok { "≤" } else { ">" }
        ),
    );
    let fewer = q(n - max.get());
    Checker::judge(
        r,
        ok,
        finding,
        Some(c.say.pick(
            format!("{fewer} fewer leading industries"),
            format!("需减少主导产业 {fewer} 个"),
        )),
    )
}

/// `part` of `whole` at least `min`: the least to add to both, or to take from the rest.
fn share_shortfall(part: u64, whole: u64, min: Rate) -> (u64, u64) {
    let (p, w, t) = (Decimal::from(part), Decimal::from(whole), min.as_fraction());
    let add = if t >= Decimal::ONE {
        u64::MAX
    } else {
        need_count((t * w - p) / (Decimal::ONE - t))
    };
    let remove = if t.is_zero() { 0 } else { need_count(w - p / t) };
    (add, remove)
}

#[allow(clippy::too_many_arguments)]
fn share_rule(
    c: &Checker<'_>,
    r: StandardCheck,
    part: Option<u64>,
    part_field: &'static str,
    min: Rate,
    what: (&str, &str),
) -> StandardCheck {
    let whole = c.profile.enterprises.resident;
    let (Some(part), Some(whole)) = (part, whole) else {
        return Checker::missing(
            r,
            vec![(part_field, part.is_some()), ("enterprises.resident", whole.is_some())],
            &c.say,
        );
    };
    if whole == 0 {
        return Checker::missing(r, vec![("enterprises.resident (above 0)", false)], &c.say);
    }
    let s = Decimal::from(part) / Decimal::from(whole);
    let ok = Decimal::from(part) >= min.as_fraction() * Decimal::from(whole);
    let (add, remove) = share_shortfall(part, whole, min);
    let finding = c.say.pick(
        format!(
            "{} {part} of {whole} resident enterprises = {} {} {min}",
            what.0,
            pct(s),
            if ok { "≥" } else { "<" }
        ),
        format!(
            "{} {part} 家 / 入园企业 {whole} 家 = {} {} {min}",
            what.1,
            pct(s),
            if ok { "≥" } else { "<" }
        ),
    );
    let shortfall = c.say.pick(
        format!("{add} more {} (or {remove} fewer other enterprises)", what.0),
        format!("需增加{} {add} 家（或减少其他企业 {remove} 家）", what.1),
    );
    Checker::judge(r, ok, finding, Some(shortfall))
}

fn concentration(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let r = Checker::start("industry_concentration", rule);
    let part = c
        .profile
        .enterprises
        .leading_industries
        .as_ref()
        .map(|l| l.iter().map(|i| i.enterprises).sum());
    share_rule(
        c,
        r,
        part,
        "enterprises.leading_industries",
        share(&rule.at_least),
        ("enterprises in the leading industries", "主导产业企业"),
    )
}

fn small_micro(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let r = Checker::start("small_micro_share", rule);
    share_rule(
        c,
        r,
        c.profile.enterprises.small_micro,
        "enterprises.small_micro",
        share(&rule.at_least),
        ("small and micro enterprises", "小微企业"),
    )
}

fn non_production_land(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let r = Checker::start("non_production_land", rule);
    let max = share(&rule.at_most);
    let l = &c.profile.land;
    let (Some(non), Some(ind)) = (l.non_production_mu, l.industrial_mu) else {
        return Checker::missing(
            r,
            vec![
                ("land.non_production_mu", l.non_production_mu.is_some()),
                ("land.industrial_mu", l.industrial_mu.is_some()),
            ],
            &c.say,
        );
    };
    if ind.get().is_zero() {
        return Checker::missing(r, vec![("land.industrial_mu (above 0)", false)], &c.say);
    }
    let limit = max.as_fraction() * ind.get();
    let ok = non.get() <= limit;
    let s = non.get() / ind.get();
    let finding = c.say.pick(
        format!(
            "non-production land {non} mu of {ind} mu industrial land = {} {} {max}",
            pct(s),
            if ok { "≤" } else { ">" }
        ),
        format!(
            "非生产性用房用地 {non} 亩 / 工业用地 {ind} 亩 = {} {} {max}",
            pct(s),
            if ok { "≤" } else { ">" }
        ),
    );
    let excess = q(non.get() - limit).ceil_dp(4);
    Checker::judge(
        r,
        ok,
        finding,
        Some(c.say.pick(
            format!("{excess} mu too much (at most {} mu)", q(limit)),
            format!("超出 {excess} 亩（至多 {} 亩）", q(limit)),
        )),
    )
}

fn non_production_floor(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let r = Checker::start("non_production_floor", rule);
    let max = share(&rule.at_most);
    let f = &c.profile.floor_area;
    let (Some(non), Some(all)) = (f.non_production_plot_ratio_m2, f.plot_ratio_m2) else {
        return Checker::missing(
            r,
            vec![
                (
                    "floor_area.non_production_plot_ratio_m2",
                    f.non_production_plot_ratio_m2.is_some(),
                ),
                ("floor_area.plot_ratio_m2", f.plot_ratio_m2.is_some()),
            ],
            &c.say,
        );
    };
    if all.get().is_zero() {
        return Checker::missing(r, vec![("floor_area.plot_ratio_m2 (above 0)", false)], &c.say);
    }
    let limit = max.as_fraction() * all.get();
    let ok = non.get() <= limit;
    let s = non.get() / all.get();
    let finding = c.say.pick(
        format!(
            "non-production plot-ratio floor area {non} m² of {all} m² = {} {} {max}",
            pct(s),
            if ok { "≤" } else { ">" }
        ),
        format!(
            "非生产性用房计容建筑面积 {non} 平方米 / 计容总建筑面积 {all} 平方米 = {} {} {max}",
            pct(s),
            if ok { "≤" } else { ">" }
        ),
    );
    let excess = q(non.get() - limit).ceil_dp(2);
    Checker::judge(
        r,
        ok,
        finding,
        Some(c.say.pick(
            format!("{excess} m² too much (at most {} m²)", q(limit)),
            format!("超出 {excess} 平方米（至多 {} 平方米）", q(limit)),
        )),
    )
}

fn parking(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let r = Checker::start("parking", rule);
    let per_100 = rule.spaces_per_100_m2_at_least.expect("validated");
    let (Some(spaces), Some(floor)) = (c.profile.parking_spaces, c.profile.floor_area.total_m2) else {
        return Checker::missing(
            r,
            vec![
                ("parking_spaces", c.profile.parking_spaces.is_some()),
                ("floor_area.total_m2", c.profile.floor_area.total_m2.is_some()),
            ],
            &c.say,
        );
    };
    if floor.get().is_zero() {
        return Checker::missing(r, vec![("floor_area.total_m2 (above 0)", false)], &c.say);
    }
    let needed = per_100.get() * floor.get() / Decimal::ONE_HUNDRED;
    let ok = Decimal::from(spaces) >= needed;
    let rate = Decimal::from(spaces) * Decimal::ONE_HUNDRED / floor.get();
    let finding = c.say.pick(
        format!(
            "{spaces} spaces for {floor} m² = {} per 100 m² {} {per_100}",
            q(rate).floor_dp(3),
            if ok { "≥" } else { "<" }
        ),
        format!(
            "车位 {spaces} 个 / 建筑面积 {floor} 平方米 = 每百平方米 {} 个 {} {per_100}",
            q(rate).floor_dp(3),
            if ok { "≥" } else { "<" }
        ),
    );
    let more = need_count(needed).saturating_sub(spaces);
    Checker::judge(
        r,
        ok,
        finding,
        Some(
            c.say
                .pick(format!("{more} more spaces needed"), format!("需增加车位 {more} 个")),
        ),
    )
}

/// One part of a standard with several parts: met, not met (with by how much), or not
/// decidable (the facts it lacks, or a whole that is zero).
struct Part {
    ok: Option<bool>,
    finding: Option<String>,
    shortfall: Option<String>,
    missing: Vec<&'static str>,
}

impl Part {
    fn undecided(missing: Vec<&'static str>) -> Part {
        Part {
            ok: None,
            finding: None,
            shortfall: None,
            missing,
        }
    }

    fn decided(ok: bool, finding: String, shortfall: String) -> Part {
        Part {
            ok: Some(ok),
            finding: Some(finding),
            shortfall: (!ok).then_some(shortfall),
            missing: Vec::new(),
        }
    }
}

/// A standard of several parts (GUIDE.md §2): a part that fails decides it, whatever the
/// other parts' data; it passes only when every part passes; otherwise the facts that the
/// undecided parts lack are listed.
fn judge_parts(c: &Checker<'_>, mut r: StandardCheck, parts: Vec<Part>) -> StandardCheck {
    let findings: Vec<String> = parts.iter().filter_map(|p| p.finding.clone()).collect();
    let sep = if c.say.0 == Lang::En { "; " } else { "；" };
    if parts.iter().any(|p| p.ok == Some(false)) {
        let shortfalls: Vec<String> = parts.iter().filter_map(|p| p.shortfall.clone()).collect();
        r.outcome = Outcome::Fail;
        r.finding = findings.join(sep);
        r.shortfall = Some(shortfalls.join(sep));
        return r;
    }
    if parts.iter().all(|p| p.ok == Some(true)) {
        r.outcome = Outcome::Pass;
        r.finding = findings.join(sep);
        return r;
    }
    let mut missing = Vec::new();
    for p in &parts {
        for m in &p.missing {
            if !missing.contains(m) {
                missing.push(*m);
            }
        }
    }
    let mut r = Checker::missing(r, missing.into_iter().map(|m| (m, false)).collect(), &c.say);
    if !findings.is_empty() {
        r.finding = format!("{}{sep}{}", r.finding, findings.join(sep));
    }
    r
}

fn self_held_non_production(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let r = Checker::start("self_held_non_production", rule);
    let (of_non, of_total) = (
        rule.share_of_non_production_at_least.expect("validated"),
        rule.share_of_total_at_least.expect("validated"),
    );
    let (sh, f) = (&c.profile.self_held, &c.profile.floor_area);
    let held = sh.non_production_m2;
    let share_part = |whole: Option<Quantity>,
                      whole_field: &'static str,
                      above_zero: &'static str,
                      min: Rate,
                      en: &str,
                      zh: &str| {
        let (Some(held), Some(whole)) = (held, whole) else {
            let mut missing = Vec::new();
            if held.is_none() {
                missing.push("self_held.non_production_m2");
            }
            if whole.is_none() {
                missing.push(whole_field);
            }
            return Part::undecided(missing);
        };
        if whole.get().is_zero() {
            return Part::undecided(vec![above_zero]);
        }
        let need = min.as_fraction() * whole.get();
        let ok = held.get() >= need;
        let more = q(need - held.get()).ceil_dp(2);
        Part::decided(
            ok,
            c.say.pick(
                format!(
                    "self-held non-production {held} m² = {} of {en} {whole} m² {} {min}",
                    pct(held.get() / whole.get()),
                    if ok { "≥" } else { "<" }
                ),
                format!(
                    "自持非生产性用房 {held} 平方米，占{zh} {whole} 平方米的 {} {} {min}",
                    pct(held.get() / whole.get()),
                    if ok { "≥" } else { "<" }
                ),
            ),
            c.say.pick(
                format!("{more} m² more self-held non-production floor area"),
                format!("需增加自持非生产性用房 {more} 平方米"),
            ),
        )
    };
    let mut parts = vec![
        share_part(
            f.non_production_m2,
            "floor_area.non_production_m2",
            "floor_area.non_production_m2 (above 0)",
            of_non,
            "the non-production floor area",
            "非生产性用房",
        ),
        share_part(
            f.total_m2,
            "floor_area.total_m2",
            "floor_area.total_m2 (above 0)",
            of_total,
            "the total floor area",
            "建筑总面积",
        ),
    ];
    if rule.held_for_land_use_term == Some(true) {
        parts.push(match (sh.non_production_years, c.profile.land.use_term_years) {
            (Some(years), Some(term)) => {
                let ok = years >= term;
                Part::decided(
                    ok,
                    c.say.pick(
                        format!(
                            "held {years} years {} the land-use term of {term} years",
                            if ok { "≥" } else { "<" }
                        ),
                        format!(
                            "自持年限 {years} 年 {} 土地使用年限 {term} 年",
                            if ok { "≥" } else { "<" }
                        ),
                    ),
                    c.say.pick(
                        format!(
                            "hold it {} more years, for the whole land-use term",
                            term - years.min(term)
                        ),
                        format!("自持年限需延长 {} 年，与土地使用年限一致", term - years.min(term)),
                    ),
                )
            }
            (years, term) => {
                let mut missing = Vec::new();
                if years.is_none() {
                    missing.push("self_held.non_production_years");
                }
                if term.is_none() {
                    missing.push("land.use_term_years");
                }
                Part::undecided(missing)
            }
        });
    }
    judge_parts(c, r, parts)
}

fn self_held_production(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let r = Checker::start("self_held_production", rule);
    let (min_share, min_years) = (
        rule.share_of_total_at_least.expect("validated"),
        rule.years_at_least.expect("validated"),
    );
    let sh = &c.profile.self_held;
    let area = match (sh.production_m2, c.profile.floor_area.total_m2) {
        (Some(held), Some(total)) if !total.get().is_zero() => {
            let need = min_share.as_fraction() * total.get();
            let ok = held.get() >= need;
            let more = q(need - held.get()).ceil_dp(2);
            Part::decided(
                ok,
                c.say.pick(
                    format!(
                        "self-held production {held} m² = {} of total floor area {total} m² {} {min_share}",
                        pct(held.get() / total.get()),
                        if ok { "≥" } else { "<" }
                    ),
                    format!(
                        "自持生产性用房 {held} 平方米，占建筑总面积 {total} 平方米的 {} {} {min_share}",
                        pct(held.get() / total.get()),
                        if ok { "≥" } else { "<" }
                    ),
                ),
                c.say.pick(
                    format!("{more} m² more self-held production floor area"),
                    format!("需增加自持生产性用房 {more} 平方米"),
                ),
            )
        }
        (Some(_), Some(_)) => Part::undecided(vec!["floor_area.total_m2 (above 0)"]),
        (held, total) => {
            let mut missing = Vec::new();
            if held.is_none() {
                missing.push("self_held.production_m2");
            }
            if total.is_none() {
                missing.push("floor_area.total_m2");
            }
            Part::undecided(missing)
        }
    };
    let years = match sh.production_years {
        Some(years) => {
            let ok = years >= min_years;
            Part::decided(
                ok,
                c.say.pick(
                    format!(
                        "held {years} years after opening {} {min_years}",
                        if ok { "≥" } else { "<" }
                    ),
                    format!("投用后自持 {years} 年 {} {min_years} 年", if ok { "≥" } else { "<" }),
                ),
                c.say.pick(
                    format!("hold {} more years after opening", min_years - years.min(min_years)),
                    format!("自持年限需延长 {} 年", min_years - years.min(min_years)),
                ),
            )
        }
        None => Part::undecided(vec!["self_held.production_years"]),
    };
    judge_parts(c, r, vec![area, years])
}

fn unit_division(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let r = Checker::start("unit_division", rule);
    let (min_div, min_sale) = (
        rule.divisible_m2_at_least.expect("validated"),
        rule.saleable_m2_at_least.expect("validated"),
    );
    let u = &c.profile.units;
    let least = |value: Option<Quantity>, min: Quantity, field: &'static str, en: &str, zh: &str| match value {
        Some(v) => {
            let ok = v >= min;
            Part::decided(
                ok,
                c.say.pick(
                    format!("smallest {en} unit {v} m² {} {min}", if ok { "≥" } else { "<" }),
                    format!("最小{zh} {v} 平方米 {} {min}", if ok { "≥" } else { "<" }),
                ),
                c.say.pick(
                    format!("{en} units {} m² larger", q(min.get() - v.get())),
                    format!("{zh}需增大 {} 平方米", q(min.get() - v.get())),
                ),
            )
        }
        None => Part::undecided(vec![field]),
    };
    let separately = match u.non_production_sold_separately {
        Some(s) => Part::decided(
            !s,
            c.say.pick(
                format!(
                    "non-production floor {}",
                    if s {
                        "divided on its own"
                    } else {
                        "not divided on its own"
                    }
                ),
                format!(
                    "非生产性用房{}",
                    if s {
                        "单独分割转让"
                    } else {
                        "未单独分割转让"
                    }
                ),
            ),
            c.say.pick(
                "non-production floor may not be divided or sold on its own".into(),
                "非生产性用房不得单独分割转让".into(),
            ),
        ),
        None => Part::undecided(vec!["units.non_production_sold_separately"]),
    };
    judge_parts(
        c,
        r,
        vec![
            least(
                u.smallest_divisible_m2,
                min_div,
                "units.smallest_divisible_m2",
                "divisible",
                "分割单元",
            ),
            least(
                u.smallest_saleable_m2,
                min_sale,
                "units.smallest_saleable_m2",
                "saleable",
                "出售套型",
            ),
            separately,
        ],
    )
}

fn per_mu(
    c: &Checker<'_>,
    id: &'static str,
    rule: &Standard,
    amount: Option<Money>,
    field: &'static str,
    what: (&str, &str),
) -> StandardCheck {
    let r = Checker::start(id, rule);
    let min = rule.yuan_per_mu_at_least.expect("validated");
    let (Some(amount), Some(mu)) = (amount, c.profile.land.total_mu) else {
        return Checker::missing(
            r,
            vec![
                (field, amount.is_some()),
                ("land.total_mu", c.profile.land.total_mu.is_some()),
            ],
            &c.say,
        );
    };
    if mu.get().is_zero() {
        return Checker::missing(r, vec![("land.total_mu (above 0)", false)], &c.say);
    }
    let needed = min.as_decimal() * mu.get();
    let ok = amount.as_decimal() >= needed;
    let per = q(amount.as_decimal() / mu.get()).floor_dp(2).to_string();
    let finding = c.say.pick(
        format!(
            "{} ¥{} on {mu} mu = ¥{per} per mu {} ¥{}",
            what.0,
            q(amount.as_decimal()),
            if ok { "≥" } else { "<" },
            q(min.as_decimal())
        ),
        format!(
            "{} {} 元 / {mu} 亩 = 每亩 {per} 元 {} {} 元",
            what.1,
            q(amount.as_decimal()),
            if ok { "≥" } else { "<" },
            q(min.as_decimal())
        ),
    );
    let more = q(needed - amount.as_decimal()).ceil_dp(2);
    Checker::judge(
        r,
        ok,
        finding,
        Some(c.say.pick(
            format!("¥{more} more {}", what.0),
            format!("需增加{} {more} 元", what.1),
        )),
    )
}

#[allow(clippy::too_many_arguments)]
fn value_added(
    c: &Checker<'_>,
    id: &'static str,
    rule: &Standard,
    per: Option<Quantity>,
    field: &'static str,
    min: Option<Money>,
    unit: (&str, &str),
) -> StandardCheck {
    let r = Checker::start(id, rule);
    let min = min.expect("validated");
    let va = c.profile.economics.value_added;
    let (Some(va), Some(per)) = (va, per) else {
        return Checker::missing(
            r,
            vec![("economics.value_added", va.is_some()), (field, per.is_some())],
            &c.say,
        );
    };
    let needed = min.as_decimal() * per.get();
    let ok = va.as_decimal() >= needed;
    let each = if per.get().is_zero() {
        "—".to_string()
    } else {
        q(va.as_decimal() / per.get()).floor_dp(2).to_string()
    };
    let finding = c.say.pick(
        format!(
            "value added ¥{} over {per} {} = ¥{each} each {} ¥{}",
            q(va.as_decimal()),
            unit.0,
            if ok { "≥" } else { "<" },
            q(min.as_decimal())
        ),
        format!(
            "增加值 {} 元 / {per} {} = 每吨 {each} 元 {} {} 元",
            q(va.as_decimal()),
            unit.1,
            if ok { "≥" } else { "<" },
            q(min.as_decimal())
        ),
    );
    let more = q(needed - va.as_decimal()).ceil_dp(2);
    let at_most = q(va.as_decimal() / min.as_decimal()).floor_dp(4);
    let shortfall = c.say.pick(
        format!("¥{more} more value added, or at most {at_most} {}", unit.0),
        format!("需增加增加值 {more} 元，或{}降至 {at_most} 以下", unit.1),
    );
    Checker::judge(r, ok, finding, Some(shortfall))
}

fn fees(profile: &Profile, policy: &Policy) -> Fees {
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
            out.beyond = Some(format!(
                "fees.{fee}_per_m2 {per} × floor_area.total_m2 {area} is beyond 10^15 yuan, more than the engine computes exactly: check the floor area"
            ));
            return out;
        };
        let amount = Unrounded::from_decimal(product).round_half_up();
        total = sum;
        out.fees.push(Fee {
            fee,
            per_m2: per,
            floor_area_m2: area,
            amount,
            amount_in_words: in_capitals(amount),
        });
    }
    out.total = Some(total);
    out
}

impl CheckReport {
    /// For people.
    pub fn to_table(&self, lang: Lang) -> String {
        let mut s = String::new();
        let en = lang == Lang::En;
        let _ = writeln!(s, "{} ({})", self.park_name, self.park_id);
        let _ = writeln!(
            s,
            "{}",
            match (self.all_passed, en) {
                (true, true) => "every standard of （二）（四） is met",
                (false, true) => "not every standard of （二）（四） is met",
                (true, false) => "符合（二）（四）全部建设标准和开发规范",
                (false, false) => "未全部符合（二）（四）建设标准和开发规范",
            }
        );
        for c in &self.standards {
            let name = crate::report::glossary::standard(c.standard).map_or(c.standard, |p| p.pick(lang));
            let head = format!("[{}] {name} {} 「{}」", c.outcome.words().pick(lang), c.clause, c.words);
            let _ = writeln!(s, "\n{}", wrap(&head, "", "    ", WIDTH));
            let _ = writeln!(s, "{}", wrap(&c.finding, "    ", "      ", WIDTH));
            if let Some(short) = &c.shortfall {
                let _ = writeln!(s, "{}", wrap(short, "    → ", "      ", WIDTH));
            }
        }
        let f = &self.fees;
        let head = format!("{} {} 「{}」", if en { "fees" } else { "费用" }, f.clause, f.words);
        let _ = writeln!(s, "\n{}", wrap(&head, "", "    ", WIDTH));
        if f.applies == Some(false) {
            let _ = writeln!(
                s,
                "    {}",
                if en {
                    "not an investor-developed park: not charged"
                } else {
                    "非投资开发园区，不收取"
                }
            );
        } else if let Some(beyond) = &f.beyond {
            let said = match lang {
                Lang::En => beyond.clone(),
                Lang::Zh => "费用超出可精确计算的范围（10^15 元）：请核对建筑面积".to_string(),
            };
            let _ = writeln!(s, "{}", wrap(&said, "    ", "      ", WIDTH));
        } else if f.fees.is_empty() {
            let _ = writeln!(
                s,
                "    {}",
                if en {
                    "needs floor_area.total_m2"
                } else {
                    "缺少建筑总面积（平方米）"
                }
            );
        } else {
            if f.applies.is_none() {
                let _ = writeln!(
                    s,
                    "    {}",
                    if en {
                        "(if the park is investor-developed: set investor_developed)"
                    } else {
                        "（如为投资开发园区；请填写是否投资开发）"
                    }
                );
            }
            for fee in &f.fees {
                let name = match (fee.fee, en) {
                    ("maintenance_fund", true) => "special property maintenance fund",
                    ("maintenance_fund", false) => "物业专项维修资金",
                    (_, true) => "property warranty deposit",
                    (_, false) => "物业保修金",
                };
                let line = match lang {
                    Lang::En => format!(
                        "{name}: {} × {} m² = {} ({})",
                        fee.per_m2.grouped(),
                        fee.floor_area_m2,
                        fee.amount.grouped(),
                        fee.amount_in_words
                    ),
                    Lang::Zh => format!(
                        "{name}：{} 元/平方米 × {} 平方米 = {} 元（{}）",
                        fee.per_m2.grouped(),
                        fee.floor_area_m2,
                        fee.amount.grouped(),
                        fee.amount_in_words
                    ),
                };
                let _ = writeln!(s, "{}", wrap(&line, "    ", "      ", WIDTH));
            }
            if let Some(t) = f.total {
                let line = match lang {
                    Lang::En => format!(
                        "total: {} ({}), collected by {}",
                        t.grouped(),
                        in_capitals(t),
                        f.collected_by
                    ),
                    Lang::Zh => format!(
                        "合计：{} 元（{}），收缴单位 {}",
                        t.grouped(),
                        in_capitals(t),
                        f.collected_by
                    ),
                };
                let _ = writeln!(s, "{}", wrap(&line, "    ", "      ", WIDTH));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::profile::{Enterprises, LeadingIndustry};
    use crate::policy::LoadedPolicy;

    fn outcome(profile: &Profile, id: &str) -> (Outcome, Option<String>) {
        let policy = LoadedPolicy::from_texts(&[]).unwrap();
        let report = check(profile, &policy.policy, Lang::En);
        let c = report.standards.into_iter().find(|c| c.standard == id).unwrap();
        (c.outcome, c.shortfall)
    }

    fn qty(s: &str) -> Option<Quantity> {
        Some(Quantity::parse(s).unwrap())
    }

    #[test]
    fn a_plot_ratio_of_exactly_one_and_a_half_passes() {
        let mut p = Profile::default();
        p.land.total_mu = qty("150"); // 100,000 m²
        p.floor_area.plot_ratio_m2 = qty("150000");
        assert_eq!(outcome(&p, "plot_ratio").0, Outcome::Pass);
        p.floor_area.plot_ratio_m2 = qty("149999.99");
        assert_eq!(
            outcome(&p, "plot_ratio"),
            (Outcome::Fail, Some("0.01 m² more floor area needed".into()))
        );
        // 100 mu is 66,666.66… m²: 1.5 × that is exactly 100,000 m², with no rounding on the way.
        p.land.total_mu = qty("100");
        p.floor_area.plot_ratio_m2 = qty("100000");
        assert_eq!(outcome(&p, "plot_ratio").0, Outcome::Pass);
        p.floor_area.plot_ratio_m2 = qty("99999.999");
        assert_eq!(
            outcome(&p, "plot_ratio"),
            (Outcome::Fail, Some("0.01 m² more floor area needed".into()))
        );
    }

    #[test]
    fn a_green_ratio_of_exactly_ten_percent_passes() {
        let mut p = Profile::default();
        p.land.total_mu = qty("150");
        p.green_area_m2 = qty("10000");
        assert_eq!(outcome(&p, "green_ratio").0, Outcome::Pass);
        p.green_area_m2 = qty("9999.5");
        assert_eq!(
            outcome(&p, "green_ratio"),
            (Outcome::Fail, Some("0.5 m² more green area needed".into()))
        );
    }

    #[test]
    fn shares_of_exactly_seventy_percent_pass() {
        let industry = |n| {
            crate::facts::yaml::Located::new(
                LeadingIndustry {
                    code: "383".into(),
                    name: String::new(),
                    enterprises: n,
                },
                None,
            )
        };
        let mut p = Profile {
            enterprises: Enterprises {
                resident: Some(60),
                small_micro: Some(42),
                leading_industries: Some(vec![industry(42)]),
            },
            ..Profile::default()
        };
        assert_eq!(outcome(&p, "industry_concentration").0, Outcome::Pass);
        assert_eq!(outcome(&p, "small_micro_share").0, Outcome::Pass);
        p.enterprises.small_micro = Some(41);
        p.enterprises.leading_industries = Some(vec![industry(41)]);
        // (41 + x) / (60 + x) ≥ 0.7 → x ≥ 3.33 → 4; 41 / (60 − y) ≥ 0.7 → y ≥ 1.43 → 2.
        let expected = Some("4 more small and micro enterprises (or 2 fewer other enterprises)".to_string());
        assert_eq!(outcome(&p, "small_micro_share"), (Outcome::Fail, expected));
        assert_eq!(outcome(&p, "industry_concentration").0, Outcome::Fail);
    }

    #[test]
    fn upper_bounds_of_exactly_ten_and_fifteen_percent_pass() {
        let mut p = Profile::default();
        p.land.industrial_mu = qty("140");
        p.land.non_production_mu = qty("14");
        p.floor_area.plot_ratio_m2 = qty("160000");
        p.floor_area.non_production_plot_ratio_m2 = qty("24000");
        assert_eq!(outcome(&p, "non_production_land").0, Outcome::Pass);
        assert_eq!(outcome(&p, "non_production_floor").0, Outcome::Pass);
        p.land.non_production_mu = qty("14.01");
        p.floor_area.non_production_plot_ratio_m2 = qty("24000.01");
        assert_eq!(
            outcome(&p, "non_production_land"),
            (Outcome::Fail, Some("0.01 mu too much (at most 14 mu)".into()))
        );
        assert_eq!(
            outcome(&p, "non_production_floor"),
            (Outcome::Fail, Some("0.01 m² too much (at most 24,000 m²)".into()))
        );
    }

    #[test]
    fn parking_of_exactly_point_four_per_hundred_square_metres_passes() {
        let mut p = Profile {
            parking_spaces: Some(720),
            ..Profile::default()
        };
        p.floor_area.total_m2 = qty("180000");
        assert_eq!(outcome(&p, "parking").0, Outcome::Pass);
        p.floor_area.total_m2 = qty("180001");
        assert_eq!(
            outcome(&p, "parking"),
            (Outcome::Fail, Some("1 more spaces needed".into()))
        );
    }

    #[test]
    fn a_missing_fact_is_never_a_pass() {
        let p = Profile::default();
        let policy = LoadedPolicy::from_texts(&[]).unwrap();
        let report = check(&p, &policy.policy, Lang::En);
        assert!(report.standards.iter().all(|c| c.outcome == Outcome::NotEnoughData));
        assert!(!report.all_passed);
    }

    #[test]
    fn share_shortfalls_add_to_both_or_take_from_the_rest() {
        let seventy = Rate::parse("70%").unwrap();
        // 60 of 100: (60 + x) / (100 + x) ≥ 0.7 → x ≥ 33.33 → 34; 60 / (100 − y) ≥ 0.7 → y ≥ 14.29 → 15.
        assert_eq!(share_shortfall(60, 100, seventy), (34, 15));
        // Exactly 70%: nothing more.
        assert_eq!(share_shortfall(70, 100, seventy), (0, 0));
    }
}
