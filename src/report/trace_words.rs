//! The trace in words: an item's and a status's names, the reason an item stands as it does,
//! each fact, step and condition of the arithmetic, with its Chinese and English side by side.
//! The trace is data; this module alone says it.

use crate::engine::assessment::{ItemResult, Status};
use crate::engine::reason::Reason;
use crate::engine::trace::{Step, SumTerms, Test};
use crate::report::glossary::Phrase;
use crate::values::item::ItemId;
use crate::values::lang::{Lang, say};
use crate::values::money::Money;

/// An item's name, as tables show it (the short name of the glossary).
pub fn item_name(item: ItemId, lang: Lang) -> &'static str {
    crate::report::glossary::item_short(item).pick(lang)
}

/// An item's full name, as the policy names it.
pub fn item_full_name(item: ItemId, lang: Lang) -> &'static str {
    crate::report::glossary::item(item).pick(lang)
}

/// A status's name.
pub fn status_name(status: Status, lang: Lang) -> &'static str {
    crate::report::glossary::status(status).pick(lang)
}

/// Why the item stands as it does, in one line.
pub fn reason(r: &ItemResult, lang: Lang) -> String {
    reason_words(&Reason::of(r), lang)
}

/// A reason in words.
pub fn reason_words(reason: &Reason<'_>, lang: Lang) -> String {
    match reason {
        Reason::Failed(test) => test_text(test, false, lang),
        Reason::Step(step) => step_text(step, lang),
        Reason::Payable { amount, recipient } => say!(lang,
            zh: "应付{amount}元，受益方{recipient}";
            en: "{amount} payable to {recipient}"),
        Reason::NothingCounts(item) => match item {
            ItemId::DigitalSubsidy => Phrase::new("当年度无符合条件的投入", "no investment counts in the year"),
            ItemId::FiscalRebate => Phrase::new("无可奖励的财力贡献", "no contribution to rebate"),
            _ => Phrase::new("无应付金额", "nothing to pay"),
        }
        .pick(lang)
        .to_string(),
        Reason::Unexplained => String::new(),
    }
}

fn join_terms(terms: &SumTerms) -> String {
    let mut s = String::new();
    for (i, t) in terms.iter().enumerate() {
        if i > 0 {
            s.push_str(if t.is_negative() { " − " } else { " + " });
        }
        if i > 0 && t.is_negative() {
            s.push_str(&Money::ZERO.checked_sub(t).unwrap_or(t).to_string());
        } else {
            s.push_str(&t.to_string());
        }
    }
    if s.is_empty() {
        s.push_str("0.00");
    }
    s
}

fn label(of: &str, lang: Lang) -> &str {
    match (lang, of) {
        (Lang::Zh, "soft") => "软性投入",
        (Lang::Zh, "hardware") => "支撑硬件投入",
        (Lang::Zh, "city_fiscal_contribution") | (Lang::Zh, "contributions") => "市本级财力贡献",
        (Lang::En, "city_fiscal_contribution") => "contributions",
        _ => of,
    }
}

/// A fact's value in words.
pub fn fact_text(value: &crate::engine::trace::FactValue, lang: Lang) -> String {
    use crate::engine::trace::FactValue as V;
    if lang == Lang::En {
        return value.to_string();
    }
    match value {
        V::Absent => "未提供".into(),
        V::Investment { kind, amount, paid_on } => {
            let kind = match kind {
                crate::facts::application::InvestmentKind::Soft => "软性投入",
                crate::facts::application::InvestmentKind::Hardware => "支撑硬件投入",
            };
            format!("{kind} {amount} 元，支付于 {paid_on}")
        }
        V::PriorGrant { item, year, amount } => format!("{} {year}年 已享受 {amount} 元", item_name(*item, lang)),
        V::OtherGrant { item, amount, source } => format!("{} {source} {amount} 元", item_name(*item, lang)),
        V::Override {
            item,
            amount,
            approval,
            applied,
        } => {
            format!(
                "{} 一事一议 {amount} 元（{approval}）{}",
                item_name(*item, lang),
                if *applied { "" } else { "，未适用" }
            )
        }
        V::Decided { item, amount } => format!("{} 核定 {amount} 元", item_name(*item, lang)),
        V::Enterprise { uscc, contribution } => format!("{uscc} 市本级财力贡献 {contribution} 元"),
        other => other.to_string(),
    }
}

/// One step of the arithmetic in words, with its numbers: each step's Chinese and English
/// side by side.
pub fn step_text(step: &Step, lang: Lang) -> String {
    use crate::report::glossary::rung as rung_words;
    match step {
        Step::Rung { rung, amount, .. } => {
            let named = rung_words(rung, lang);
            say!(lang, zh: "达到档次 {named}：{amount}"; en: "reaches rung {rung}: {amount}")
        }
        Step::LadderTopUp {
            rung,
            rung_amount,
            paid_before,
            result,
            ..
        } => {
            let named = rung_words(rung, lang);
            say!(lang,
                zh: "max(0, {named} {rung_amount} − 同组已享受 {paid_before}) = {result}（补差）";
                en: "max(0, rung {rung} {rung_amount} − paid before in the group {paid_before}) = {result}")
        }
        Step::Superseded {
            by_rung,
            by_item,
            by_amount,
            ..
        } => {
            let (named, item) = (rung_words(by_rung, lang), item_name(*by_item, lang));
            say!(lang,
                zh: "按从高、不重复，由更高档次{named}（{item}，{by_amount}）取代";
                en: "superseded by the higher rung {by_rung} ({by_item}, {by_amount}): 从高、不重复")
        }
        Step::Sum { of, terms, result } => {
            let (of, terms) = (label(of, lang), join_terms(terms));
            say!(lang, zh: "{of}：{terms} = {result}"; en: "{of}: {terms} = {result}")
        }
        Step::FloorAtZero { before } => say!(lang,
            zh: "财力贡献合计 {before} 为负 → 0.00";
            en: "sum of contributions {before} is negative → 0.00"),
        Step::Rate {
            of, base, rate, result, ..
        } => {
            let of = label(of, lang);
            say!(lang, zh: "{of}{base} × {rate} = {result}"; en: "{rate} × {of} {base} = {result}")
        }
        Step::Add { left, right, result } => format!("{left} + {right} = {result}"),
        Step::Prorate {
            before,
            days,
            days_in_year,
            result,
        } => say!(lang,
            zh: "{before} × 有效天数 {days}/{days_in_year} = {result}";
            en: "{before} × {days}/{days_in_year} days in force = {result}"),
        Step::Cap {
            before, cap, result, ..
        } => say!(lang,
            zh: "min({before}, 上限 {cap}) = {result}";
            en: "min({before}, cap {cap}) = {result}"),
        Step::PaidThisYear {
            before,
            year,
            paid,
            result,
        } => say!(lang,
            zh: "max(0, {before} − 本政策{year}年度已拨付 {paid}) = {result}";
            en: "max(0, {before} − already paid under this policy for {year} {paid}) = {result}"),
        Step::SameAwardPaid {
            rung,
            rung_amount,
            paid_before,
            result,
            ..
        } => {
            let named = rung_words(rung, lang);
            say!(lang,
                zh: "max(0, {named} {rung_amount} − 同项已享受 {paid_before}) = {result}（不重复）";
                en: "max(0, rung {rung} {rung_amount} − the same award paid before {paid_before}) = {result} (不重复)")
        }
        Step::LifetimeCap {
            cap,
            paid_before,
            remaining,
            ..
        } => say!(lang,
            zh: "累计上限 {cap} − 已享受 {paid_before} = 尚余 {remaining}";
            en: "lifetime cap {cap} − paid before {paid_before} = {remaining} left"),
        Step::OtherPolicyTopUp {
            before,
            other,
            sources,
            result,
        } => {
            let sources = sources.join("、");
            say!(lang,
                zh: "max(0, {before} − {sources}已给予 {other}) = {result}（从高、不重复）";
                en: "max(0, {before} − {other} already granted by {sources}) = {result}")
        }
        Step::OtherPolicyExclusive { before, other, sources } => {
            let sources = sources.join("、");
            say!(lang,
                zh: "{sources}已就同一事项给予 {other}：{before} → 0.00（不重复）";
                en: "{sources} granted {other} for the same purpose: {before} → 0.00")
        }
        Step::Round { exact, result } => say!(lang,
            zh: "四舍五入到分：{exact} → {result}";
            en: "rounded half up to the fen: {exact} → {result}"),
        Step::Override {
            computed,
            amount,
            approval,
        } => say!(lang,
            zh: "一事一议（{approval}）核定 {amount}，取代计算所得 {computed}（十七）";
            en: "case-by-case amount {amount} approved by {approval} replaces the computed {computed} （十七）"),
        Step::Decided { entitlement, amount } => say!(lang,
            zh: "核定 {amount} ≤ 应享 {entitlement}";
            en: "decided {amount} ≤ entitlement {entitlement}"),
    }
}

/// A condition in words: what holds, or what fails; each condition's Chinese and English
/// side by side.
pub fn test_text(test: &Test, holds: bool, lang: Lang) -> String {
    use crate::report::glossary::{field_words, stars as star_words};
    match (test, holds) {
        (Test::YearInForce { year }, true) => say!(lang,
            zh: "{year}年在政策有效期内";
            en: "{year} is within the policy's period"),
        (Test::YearInForce { year }, false) => say!(lang,
            zh: "{year}年政策不在有效期内（十八）";
            en: "policy not in force in {year} （十八）"),
        (Test::Given { field }, true) => say!(lang,
            zh: "已提供{}", field_words(field, lang);
            en: "{field} given"),
        (Test::Given { field }, false) => say!(lang,
            zh: "未提供{}", field_words(field, lang);
            en: "{field} not given"),
        (Test::InYear { field, date, year }, true) => say!(lang,
            zh: "{} {date} 在{year}年内", field_words(field, lang);
            en: "{field} {date} is in {year}"),
        (Test::InYear { field, date, year }, false) => say!(lang,
            zh: "{} {date} 不在{year}年内（当年）", field_words(field, lang);
            en: "{field} {date} is not in {year} (当年)"),
        (Test::EventInForce { field, date }, true) => say!(lang,
            zh: "{} {date} 在政策有效期内", field_words(field, lang);
            en: "{field} {date} is within the period in force"),
        (Test::EventInForce { field, date }, false) => say!(lang,
            zh: "{} {date} 不在政策有效期内（十八）", field_words(field, lang);
            en: "{field} {date} is outside the period in force （十八）"),
        (
            Test::ProvinciallyRecognised {
                listed_on: Some(d),
                year_end,
            },
            true,
        ) => say!(lang,
            zh: "{d} 经省级审核认定，不晚于 {year_end}";
            en: "provincially recognised on {d}, by {year_end}"),
        (
            Test::ProvinciallyRecognised {
                listed_on: Some(d),
                year_end,
            },
            false,
        ) => say!(lang,
            zh: "{year_end} 前未经省级审核认定（认定于 {d}）（十三）";
            en: "not provincially recognised by {year_end} (listed {d}) （十三）"),
        (Test::ProvinciallyRecognised { listed_on: None, .. }, _) => say!(lang,
            zh: "未经省级审核认定（未提供入选省级日期）（十三）";
            en: "no provincial recognition (provincial_listing not given) （十三）"),
        (
            Test::GradeEligible {
                grade: Some(g),
                eligible,
                ..
            },
            holds,
        ) => {
            let list = eligible.iter().map(|g| g.to_string()).collect::<Vec<_>>().join(", ");
            if holds {
                say!(lang, zh: "绩效评价 {g} 档，属 {list}"; en: "performance grade {g} is one of {list}")
            } else {
                say!(lang,
                    zh: "绩效评价 {g} 档，不属 {list}（十三）";
                    en: "performance grade {g} is not one of {list} （十三）")
            }
        }
        (Test::GradeEligible { grade: None, .. }, _) => say!(lang,
            zh: "未提供绩效评价档次（十三）";
            en: "no performance grade given （十三）"),
        (Test::StarsHaveRung { stars }, true) => say!(lang,
            zh: "{}有对应奖励档次", star_words(*stars, lang);
            en: "{stars}★ has a star-award rung"),
        (Test::StarsHaveRung { stars }, false) => say!(lang,
            zh: "原文仅对一至三星级给予星级奖励，{}无此项（按字面解读，GUIDE.md §1.3）", star_words(*stars, lang);
            en: "{stars}★ earns no star award: the text names 1★ to 3★ only (literal reading, GUIDE.md §1.3)"),
        (Test::StarsAtLeast { stars, min, .. }, true) => say!(lang,
            zh: "{} ≥ {}", star_words(*stars, lang), star_words(*min, lang);
            en: "{stars}★ ≥ {min}★"),
        (Test::StarsAtLeast { stars, min, .. }, false) => {
            let (has, needs) = (star_words(*stars, lang), star_words(*min, lang));
            say!(lang,
                zh: "{has} < {needs}：须{needs}及以上";
                en: "{stars}★ < {min}★: the rebate needs {min}★ or above")
        }
        (Test::RecognisedByYearEnd { date, year_end }, true) => say!(lang,
            zh: "星级认定于 {date}，不晚于 {year_end}";
            en: "rating recognised {date}, by {year_end}"),
        (Test::RecognisedByYearEnd { date, year_end }, false) => say!(lang,
            zh: "星级认定于 {date}，晚于 {year_end}：当年不适用";
            en: "rating recognised {date}, after {year_end}: not in force for the year"),
        (Test::AcceptedByYearEnd { date, year_end }, true) => say!(lang,
            zh: "竣工验收于 {date}，不晚于 {year_end}";
            en: "completion accepted {date}, by {year_end}"),
        (Test::AcceptedByYearEnd { date, year_end }, false) => say!(lang,
            zh: "竣工验收于 {date}，晚于 {year_end}：当年无竣工验收后的数字化建设";
            en: "completion accepted {date}, after {year_end}: no digital construction after acceptance that year"),
        (
            Test::InvestmentCounts {
                index,
                paid_on,
                year,
                accepted_on,
                in_force,
                on_acceptance_day,
            },
            holds,
        ) => {
            let why = if paid_on.year() != *year {
                say!(lang, zh: "非{year}年度支付"; en: "not paid in {year}")
            } else if !in_force {
                say!(lang, zh: "支付日不在政策有效期内"; en: "paid outside the period in force")
            } else if paid_on < accepted_on || (*on_acceptance_day && !holds) {
                say!(lang, zh: "支付早于竣工验收 {accepted_on}"; en: "paid before completion acceptance {accepted_on}")
            } else if *on_acceptance_day {
                say!(lang, zh: "验收当日支付，计入（从优）"; en: "paid on the acceptance day, which counts (从优)")
            } else {
                say!(lang, zh: "计入"; en: "counts")
            };
            say!(lang,
                zh: "{}支付于 {paid_on}：{why}", crate::report::glossary::row_words("digital_investments", *index, lang);
                en: "digital_investments[{index}] paid {paid_on}: {why}")
        }
    }
}
