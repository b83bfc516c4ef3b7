//! The words people read for what the program names by id (`../shared/GLOSSARY.md`), Chinese
//! and English side by side in one table each, so that a translation is never missed.
//! Programs keep the ids (JSON, the CSV ledger's `item` and `status` columns); every table,
//! workbook and page that a person reads takes its words from here.

use crate::engine::assessment::Status;
use crate::policy::{ParamId, ParamPath, ReadingId};
use crate::values::item::{Beneficiary, ItemId};
use crate::values::lang::Lang;

/// One phrase in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phrase {
    /// 中文.
    pub zh: &'static str,
    /// English.
    pub en: &'static str,
}

impl Phrase {
    /// A phrase: its Chinese, then its English.
    pub const fn new(zh: &'static str, en: &'static str) -> Phrase {
        Phrase { zh, en }
    }

    /// The phrase in `lang`.
    pub fn pick(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

const fn p(zh: &'static str, en: &'static str) -> Phrase {
    Phrase::new(zh, en)
}

/// An item's full name （十四）.
pub fn item(item: ItemId) -> Phrase {
    match item {
        ItemId::ProvincialListing => p("入选省级小微企业园奖励", "provincial_listing"),
        ItemId::StarAward => p("星级小微企业园奖励", "star_award"),
        ItemId::FiscalRebate => p("入驻企业市本级财力贡献奖励", "fiscal_rebate"),
        ItemId::DigitalSubsidy => p("数字化建设补助", "digital_subsidy"),
    }
}

/// An item's short name, for table columns.
pub fn item_short(item: ItemId) -> Phrase {
    match item {
        ItemId::ProvincialListing => p("省级园奖励", "provincial_listing"),
        ItemId::StarAward => p("星级奖励", "star_award"),
        ItemId::FiscalRebate => p("财力贡献奖励", "fiscal_rebate"),
        ItemId::DigitalSubsidy => p("数字化补助", "digital_subsidy"),
    }
}

/// A status.
pub fn status(status: Status) -> Phrase {
    match status {
        Status::Payable => p("应付", "payable"),
        Status::Nil => p("符合条件，无应付金额", "nil"),
        Status::Ineligible => p("不符合条件", "ineligible"),
        Status::Superseded => p("从高不重复，由更高档次替代", "superseded"),
        Status::NotInForce => p("不在政策有效期内", "not_in_force"),
        Status::Overridden => p("一事一议", "overridden"),
        Status::Decided => p("按核定金额", "decided"),
    }
}

/// Who receives an item.
pub fn beneficiary(b: Beneficiary) -> Phrase {
    match b {
        Beneficiary::Operator => p("运营管理机构", "operator"),
        Beneficiary::LocalGovernment => p("属地政府", "local government"),
    }
}

/// A field of an application (a fact's path, or a list's name), as a person calls it in
/// Chinese, where it has a name.
pub fn field_zh(path: &str) -> Option<&'static str> {
    Some(match path {
        "year" => "年度",
        "park" => "园区",
        "park.id" => "园区编号",
        "park.name" => "园区名称",
        "park.town" => "所在镇街",
        "park.operator" => "运营管理机构",
        "provincial_listing" => "入选省级日期",
        "performance_grade" => "绩效评价档次",
        "star_rating" => "星级认定",
        "star_rating.stars" => "星级",
        "star_rating.recognized_on" => "星级认定日期",
        "completion_accepted_on" => "竣工验收日期",
        "resident_enterprises" => "入驻企业",
        "digital_investments" => "数字化投入",
        "prior_grants" => "本政策已拨付奖励",
        "other_grants" => "其他政策奖励",
        "overrides" => "一事一议",
        "decided_amounts" => "核定金额",
        // A park profile (GUIDE.md §2).
        "land" => "用地",
        "floor_area" => "建筑面积",
        "self_held" => "开发主体自持",
        "units" => "分割",
        "enterprises" => "入园企业",
        "economics" => "建设强度",
        "leading_industries" => "主导产业",
        "land.total_mu" => "占地面积（亩）",
        "land.industrial_mu" => "工业用地面积（亩）",
        "land.non_production_mu" => "非生产性用房用地面积（亩）",
        "land.use_term_years" => "土地使用年限（年）",
        "green_area_m2" => "绿地面积（平方米）",
        "floor_area.total_m2" => "建筑总面积（平方米）",
        "floor_area.plot_ratio_m2" => "计容建筑面积（平方米）",
        "floor_area.non_production_plot_ratio_m2" => "非生产性用房计容建筑面积（平方米）",
        "floor_area.non_production_m2" => "非生产性用房建筑面积（平方米）",
        "parking_spaces" => "机动车位数（含货车位）",
        "self_held.non_production_m2" => "自持非生产性用房面积（平方米）",
        "self_held.non_production_years" => "非生产性用房自持年限（年）",
        "self_held.production_m2" => "自持生产性用房面积（平方米）",
        "self_held.production_years" => "生产性用房投用后自持年限（年）",
        "units.smallest_divisible_m2" => "最小分割单元面积（平方米）",
        "units.smallest_saleable_m2" => "最小出售套型面积（平方米）",
        "units.non_production_sold_separately" => "非生产性用房是否单独分割转让",
        "enterprises.resident" => "入园企业数",
        "enterprises.small_micro" => "小微企业数",
        "enterprises.leading_industries" => "主导产业及其企业数",
        "economics.fixed_asset_investment" => "固定资产投资（元）",
        "economics.tax" => "税收（元）",
        "economics.value_added" => "增加值（元）",
        "economics.emissions_tonnes" => "排放量（吨）",
        "economics.energy_tce" => "能耗（吨标准煤）",
        "investor_developed" => "是否投资开发",
        _ => return None,
    })
}

/// A field's words: its Chinese name, or (in English, or where none is known) its path.
pub fn field_words(path: &str, lang: Lang) -> String {
    match (lang, field_zh(path)) {
        (Lang::Zh, Some(zh)) => zh.to_string(),
        _ => path.to_string(),
    }
}

/// A row of a list, e.g. `digital_investments[2]` → 数字化投入第3项.
pub fn row_words(list: &str, index: usize, lang: Lang) -> String {
    match (lang, field_zh(list)) {
        (Lang::Zh, Some(zh)) => format!("{zh}第{}项", index + 1),
        _ => format!("{list}[{index}]"),
    }
}

const NUMERALS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// A star level, e.g. 3 → 三星级.
pub fn stars(n: u8, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{n}★"),
        Lang::Zh => match NUMERALS.get(usize::from(n)) {
            Some(d) => format!("{d}星级"),
            None => format!("{n}星级"),
        },
    }
}

/// A rung of the rating ladder by its id in `policy.yaml`: `provincial_listing` → 入选省级,
/// `star_N` → N星级; another id is shown as it is.
pub fn rung(id: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return id.to_string();
    }
    if id == "provincial_listing" {
        return "入选省级".into();
    }
    match id.strip_prefix("star_").and_then(|n| n.parse::<u8>().ok()) {
        Some(n) => stars(n, lang),
        None => id.to_string(),
    }
}

/// A reading's choice (GUIDE.md §1), as shown to people.
pub fn reading_choice(reading: ReadingId, choice: &str, lang: Lang) -> String {
    let zh = match (reading, choice) {
        (ReadingId::RatingLadder, "exclusive") => "从高不重复、升档补差",
        (ReadingId::RatingLadder, "cumulative") => "各档全额",
        (ReadingId::HighStarAward, "literal") => "四五星级无星级奖励（按字面）",
        (ReadingId::HighStarAward, "top_rung") => "按三星级档次",
        (ReadingId::AcceptanceDay, "counts") => "竣工验收当日投入计入",
        (ReadingId::AcceptanceDay, "excluded") => "竣工验收当日投入不计入",
        (ReadingId::DigitalCap, "per_year") => "上限按年",
        (ReadingId::DigitalCap, "per_park_lifetime") => "上限按园累计",
        (ReadingId::OtherPolicyGrants, "top_up") => "从高补差",
        (ReadingId::OtherPolicyGrants, "exclusive") => "已获其他政策则不再奖励",
        (ReadingId::FirstYearRebate, "whole_year") => "首年按全年",
        (ReadingId::FirstYearRebate, "prorated") => "首年按施行天数折算",
        _ => "",
    };
    match lang {
        Lang::Zh if !zh.is_empty() => zh.to_string(),
        _ => format!("{}={choice}", reading.as_str()),
    }
}

/// A standard of （二）（四） by its id in `policy.yaml` (GUIDE.md §2).
pub fn standard(id: &str) -> Option<Phrase> {
    Some(match id {
        "size" => p("园区规模", "size"),
        "plot_ratio" => p("容积率", "plot_ratio"),
        "green_ratio" => p("绿地率", "green_ratio"),
        "leading_industries" => p("主导产业", "leading_industries"),
        "industry_concentration" => p("产业集聚度", "industry_concentration"),
        "small_micro_share" => p("小微企业占比", "small_micro_share"),
        "non_production_land" => p("非生产性用房用地", "non_production_land"),
        "non_production_floor" => p("非生产性用房计容面积", "non_production_floor"),
        "parking" => p("机动车位配建", "parking"),
        "self_held_non_production" => p("自持非生产性用房", "self_held_non_production"),
        "self_held_production" => p("自持生产性用房", "self_held_production"),
        "unit_division" => p("分割要求", "unit_division"),
        "investment_intensity" => p("固定资产投资强度", "investment_intensity"),
        "land_tax" => p("土地税收", "land_tax"),
        "emission_value_added" => p("单位排放增加值", "emission_value_added"),
        "energy_value_added" => p("单位能耗增加值", "energy_value_added"),
        _ => return None,
    })
}

/// A parameter of the policy that a figure used, by its path in `policy.yaml`: the path
/// itself in English, its name in Chinese.
pub fn param(path: &ParamPath, lang: Lang) -> String {
    if lang == Lang::En {
        return path.to_string();
    }
    match path {
        ParamPath::RungAmount(id) => format!("{}奖励金额", rung(id, lang)),
        ParamPath::Fixed(id) => match id {
            ParamId::EligibleGrades => "可申报星级评定的绩效评价档次",
            ParamId::RebateMinStars => "财力贡献奖励的最低星级",
            ParamId::RebateShare => "财力贡献奖励比例",
            ParamId::RebateCap => "财力贡献奖励上限",
            ParamId::SoftRate => "软性投入补助比例",
            ParamId::HardwareRate => "硬件投入补助比例",
            ParamId::DigitalCap => "数字化补助上限",
        }
        .into(),
    }
}

/// A 2023 target of （一） by its id in `policy.yaml` (GUIDE.md §4).
pub fn target(id: &str) -> Option<Phrase> {
    Some(match id {
        "high_star_parks_at_least" => p("高星级小微企业园（个）", "high-star parks"),
        "five_star_parks_at_least" => p("五星级小微企业园（个）", "five-star parks"),
        "enterprises_in_parks_at_least" => p("入园小微企业（家）", "enterprises in parks"),
        "new_digital_demonstration_parks_at_least" => p("新增省级数字化示范园区（个）", "new digital demo parks"),
        "manufacturing_parks_over_100_mu_share_more_than" => p(
            "占地100亩以上的生产制造类园区占比",
            "manufacturing parks ≥ 100 mu, share",
        ),
        "manufacturing_share_at_least" => p("制造业园区数量和建筑面积占比", "manufacturing parks, share"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_and_status_has_words_in_both_languages() {
        for i in ItemId::ALL {
            assert!(!item(i).zh.is_empty() && !item_short(i).zh.is_empty());
            assert_eq!(item(i).en, i.as_str());
        }
        for s in Status::ALL {
            assert!(!status(s).zh.is_empty());
            assert_eq!(status(s).en, s.as_str());
        }
    }

    #[test]
    fn rungs_and_readings_read_as_words() {
        assert_eq!(rung("star_3", Lang::Zh), "三星级");
        assert_eq!(rung("provincial_listing", Lang::Zh), "入选省级");
        assert_eq!(rung("star_3", Lang::En), "star_3");
        for r in ReadingId::ALL {
            // Every reading's default choice has its Chinese words.
            for c in r.choices() {
                assert!(!reading_choice(*r, c, Lang::Zh).is_ascii(), "{r:?} {c}");
            }
        }
    }
}
