//! A park's profile: the facts the construction standards and development norms of clauses
//! （二）（四） are checked against, written by the operator (GUIDE.md §2), and the floor area
//! the fees of （十一） are charged on.
//!
//! Every fact is optional: a standard whose facts are missing is reported as "not enough
//! data", never as passed.

use crate::facts::fault::{Fault, Part, Problem, Share};
use serde::{Deserialize, Serialize};

use crate::facts::yaml::Located;
use crate::values::measure::Quantity;
use crate::values::money::Money;

/// Who the profile is for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ProfilePark {
    /// The park's id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// 用地, in mu (亩).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Land {
    /// 占地面积.
    pub total_mu: Option<Quantity>,
    /// 工业用地面积.
    pub industrial_mu: Option<Quantity>,
    /// 配建非生产性用房的用地面积.
    pub non_production_mu: Option<Quantity>,
    /// 土地使用年限 (years).
    pub use_term_years: Option<u32>,
}

/// 建筑面积, in m².
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct FloorArea {
    /// 园区建筑总面积.
    pub total_m2: Option<Quantity>,
    /// 计容积率总建筑面积.
    pub plot_ratio_m2: Option<Quantity>,
    /// 其中非生产性用房计容积率建筑面积.
    pub non_production_plot_ratio_m2: Option<Quantity>,
    /// 非生产性用房建筑面积.
    pub non_production_m2: Option<Quantity>,
}

/// 开发主体自持.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SelfHeld {
    /// 自持非生产性用房建筑面积 (m²).
    pub non_production_m2: Option<Quantity>,
    /// 非生产性用房自持年限 (years).
    pub non_production_years: Option<u32>,
    /// 自持生产性用房建筑面积 (m²).
    pub production_m2: Option<Quantity>,
    /// 生产性用房自持年限 after the park opens (years).
    pub production_years: Option<u32>,
}

/// 分割.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Units {
    /// 可分割的基本单元最小面积 (m²).
    pub smallest_divisible_m2: Option<Quantity>,
    /// 可出售用房套型最小面积 (m²).
    pub smallest_saleable_m2: Option<Quantity>,
    /// 非生产性用房单独分割转让.
    pub non_production_sold_separately: Option<bool>,
}

/// A leading industry: its GB/T 4754 middle category and the resident enterprises in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LeadingIndustry {
    /// 国民经济行业分类中类: three digits, e.g. `383`.
    pub code: String,
    /// Its name, for people.
    #[serde(default)]
    pub name: String,
    /// Resident enterprises in it.
    pub enterprises: u64,
}

/// 入园企业.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Enterprises {
    /// 入园企业数量.
    pub resident: Option<u64>,
    /// 其中小微企业.
    pub small_micro: Option<u64>,
    /// 主导产业 (GB/T 4754 中类).
    pub leading_industries: Option<Vec<Located<LeadingIndustry>>>,
}

/// 建设强度: money in yuan, emissions in tonnes, energy in tonnes of standard coal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Economics {
    /// 固定资产投资.
    pub fixed_asset_investment: Option<Money>,
    /// 税收.
    pub tax: Option<Money>,
    /// 增加值.
    pub value_added: Option<Money>,
    /// 排放 (t).
    pub emissions_tonnes: Option<Quantity>,
    /// 能耗 (tce).
    pub energy_tce: Option<Quantity>,
}

/// A park's profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Profile {
    /// The park.
    pub park: ProfilePark,
    /// 用地.
    pub land: Land,
    /// 绿地面积 (m²).
    pub green_area_m2: Option<Quantity>,
    /// 建筑面积.
    pub floor_area: FloorArea,
    /// 机动车位（含货车位）.
    pub parking_spaces: Option<u64>,
    /// 自持.
    pub self_held: SelfHeld,
    /// 分割.
    pub units: Units,
    /// 入园企业.
    pub enterprises: Enterprises,
    /// 建设强度.
    pub economics: Economics,
    /// 特殊行业: the plot-ratio floor does not apply.
    pub special_industry_exemption: Option<bool>,
    /// 投资开发: the fees of （十一） apply.
    pub investor_developed: Option<bool>,
}

impl Profile {
    /// What no single field can say: parts larger than their whole, shares over 100%, codes
    /// that are not GB/T 4754 middle categories. `m2_per_mu` converts land to m².
    pub fn problems(&self, m2_per_mu: (u32, u32)) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut push = |path: &str, line: Option<u32>, fault: Fault| {
            out.push(Problem {
                path: path.into(),
                line,
                fault,
            })
        };
        let over =
            |part: Option<Quantity>, whole: Option<Quantity>| matches!((part, whole), (Some(p), Some(w)) if p > w);
        let l = &self.land;
        if over(l.industrial_mu, l.total_mu) {
            push("land.industrial_mu", None, Fault::LargerThanWhole(Part::IndustrialLand));
        }
        if over(l.non_production_mu, l.total_mu) {
            push(
                "land.non_production_mu",
                None,
                Fault::LargerThanWhole(Part::NonProductionLand),
            );
        }
        if over(l.non_production_mu, l.industrial_mu) {
            push(
                "land.non_production_mu",
                None,
                Fault::NonProductionLandAboveIndustrial {
                    non_production_mu: l.non_production_mu.unwrap_or_default(),
                    industrial_mu: l.industrial_mu.unwrap_or_default(),
                },
            );
        }
        if let (Some(held), Some(total), Some(non)) = (
            self.self_held.production_m2,
            self.floor_area.total_m2,
            self.floor_area.non_production_m2,
        ) && non <= total
            && held <= total
            && held.get() > total.get() - non.get()
        {
            push(
                "self_held.production_m2",
                None,
                Fault::SelfHeldAboveProductionFloor {
                    held_m2: held,
                    total_m2: total,
                    non_production_m2: non,
                    production_m2: Quantity::from_decimal(total.get() - non.get()),
                },
            );
        }
        if let (Some(green), Some(mu)) = (self.green_area_m2, l.total_mu) {
            let land_m2 =
                mu.get() * rust_decimal::Decimal::from(m2_per_mu.0) / rust_decimal::Decimal::from(m2_per_mu.1);
            if green.get() > land_m2 {
                push(
                    "green_area_m2",
                    None,
                    Fault::GreenAboveLand {
                        green_m2: green,
                        land_mu: mu,
                        land_m2: Quantity::from_decimal(land_m2).floor_dp(2),
                    },
                );
            }
        }
        let f = &self.floor_area;
        if over(f.plot_ratio_m2, f.total_m2) {
            push(
                "floor_area.plot_ratio_m2",
                None,
                Fault::LargerThanWhole(Part::PlotRatioFloor),
            );
        }
        if over(f.non_production_plot_ratio_m2, f.plot_ratio_m2) {
            push(
                "floor_area.non_production_plot_ratio_m2",
                None,
                Fault::ShareOver100(Share::NonProductionPlotRatio),
            );
        }
        if over(f.non_production_m2, f.total_m2) {
            push(
                "floor_area.non_production_m2",
                None,
                Fault::LargerThanWhole(Part::NonProductionFloor),
            );
        }
        if over(self.self_held.non_production_m2, f.non_production_m2) {
            push(
                "self_held.non_production_m2",
                None,
                Fault::ShareOver100(Share::SelfHeldNonProduction),
            );
        }
        if over(self.self_held.production_m2, f.total_m2) {
            push(
                "self_held.production_m2",
                None,
                Fault::ShareOver100(Share::SelfHeldProduction),
            );
        }
        let e = &self.enterprises;
        if let (Some(s), Some(r)) = (e.small_micro, e.resident)
            && s > r
        {
            push(
                "enterprises.small_micro",
                None,
                Fault::SmallMicroAboveResident {
                    small_micro: s,
                    resident: r,
                },
            );
        }
        if let Some(list) = &e.leading_industries {
            let mut seen = std::collections::BTreeSet::new();
            for (i, industry) in list.iter().enumerate() {
                let code = industry.code.trim();
                if code.len() != 3 || !code.chars().all(|c| c.is_ascii_digit()) {
                    push(
                        &format!("enterprises.leading_industries[{i}].code"),
                        industry.line,
                        Fault::NotIndustryCode { code: code.to_string() },
                    );
                } else if !seen.insert(code.to_string()) {
                    push(
                        &format!("enterprises.leading_industries[{i}].code"),
                        industry.line,
                        Fault::IndustryTwice { code: code.to_string() },
                    );
                }
            }
            let total: u64 = list.iter().map(|x| x.enterprises).sum();
            if let Some(r) = e.resident
                && total > r
            {
                push(
                    "enterprises.leading_industries",
                    list.first().and_then(|x| x.line),
                    Fault::LeadingAboveResident {
                        leading: total,
                        resident: r,
                    },
                );
            }
        }
        out
    }
}
