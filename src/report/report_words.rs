//! The words of `verify`, `audit`, `diff` and `policy diff`, Chinese and English side by side
//! in one place. A sentence is built once, where its facts are known, in both languages
//! ([`Said`]); programs read the English (JSON keeps its text as before), people read the
//! sentence in the command's language.

use serde::Serialize;

use crate::engine::assessment::Status;
use crate::policy::ReadingId;
use crate::report::glossary::{self, Phrase};
use crate::values::item::ItemId;
use crate::values::lang::Lang;
use crate::values::money::Money;

/// A sentence in both languages. Serialized (and displayed) as its English, as before.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Said {
    /// 中文.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Said {
    /// The sentence in `lang`.
    pub fn pick(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl Serialize for Said {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.en)
    }
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

fn said(zh: impl Into<String>, en: impl Into<String>) -> Said {
    Said {
        zh: zh.into(),
        en: en.into(),
    }
}

/// A plain amount (`1234567.89`) for people: grouped (`1,234,567.89`); other text as it is.
pub fn amount_words(text: &str) -> String {
    match Money::parse(text) {
        Ok(m) if text.split_once('.').is_some_and(|(_, fen)| fen.len() == 2) => m.grouped(),
        _ => text.to_string(),
    }
}

fn status_of(id: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|s| s.as_str() == id)
}

/// A recorded figure, `amount status` or `absent`, for people: `1,000.00 应付`.
pub fn figure_words(figure: &str, lang: Lang) -> String {
    if figure == "absent" {
        return ABSENT.pick(lang).to_string();
    }
    let (amount, status) = figure.split_once(' ').unwrap_or((figure, ""));
    let status = match status_of(status) {
        Some(s) => glossary::status(s).pick(lang).to_string(),
        None => status.to_string(),
    };
    format!("{} {status}", amount_words(amount)).trim_end().to_string()
}

/// An item id (or `total`, `grand_total`, the ladder's two items) for people.
pub fn item_words(id: &str, lang: Lang) -> String {
    if let Ok(item) = id.parse::<ItemId>() {
        return glossary::item_short(item).pick(lang).to_string();
    }
    match id {
        "total" => TOTAL.pick(lang).into(),
        "grand_total" => GRAND_TOTAL.pick(lang).into(),
        "provincial_listing+star_award" if lang == Lang::Zh => "省级园奖励+星级奖励".into(),
        other => other.to_string(),
    }
}

// verify
pub const REPRODUCED: Phrase = Phrase::new("已复现", "reproduced");
pub const NOT_REPRODUCED: Phrase = Phrase::new("未能复现", "NOT reproduced");
pub const DIFFERENCES: Phrase = Phrase::new("差异：", "differences:");
pub const REPORT_SAYS: Phrase = Phrase::new("报告", "report");
pub const RECOMPUTED: Phrase = Phrase::new("重算", "recomputed");
pub const BECAUSE: Phrase = Phrase::new("原因：", "because: ");
pub const ABSENT: Phrase = Phrase::new("无", "absent");
pub const TOTAL: Phrase = Phrase::new("合计", "total");
pub const GRAND_TOTAL: Phrase = Phrase::new("总计", "grand_total");
// audit
pub const NO_FINDINGS: Phrase = Phrase::new("未发现问题", "no findings");
pub const ROWS: Phrase = Phrase::new("行", "rows");
// diff
pub const ENGINE: Phrase = Phrase::new("计算程序", "engine");
pub const POLICY_CHANGED: Phrase = Phrase::new("政策参数有变化：", "policy parameters changed:");
pub const NO_FIGURE_CHANGED: Phrase = Phrase::new("没有金额变化", "no figure changed");
pub const CHANGE: Phrase = Phrase::new("变化", "change");
pub const NO_PARAMETER_DIFFERS: Phrase = Phrase::new("没有参数不同", "no parameter differs");
pub const MOVES_NO_FIGURE: Phrase = Phrase::new("不影响金额", "moves no figure");
pub const MOVES: Phrase = Phrase::new("影响", "moves");

/// `verify`: the recorded policy against its digest.
pub fn recorded_policy_matches() -> Said {
    said("记录的政策与其摘要一致", "recorded policy matches its digest")
}

/// `verify`: two digests of the recorded document.
pub fn document_digests(now: &str, recorded: &str) -> Said {
    said(
        format!("记录文本的摘要 {now} · 记录的摘要 {recorded}"),
        format!("digest of the recorded document {now} · recorded {recorded}"),
    )
}

/// `verify`: why, the policy edited.
pub fn policy_edited() -> Said {
    said(
        "报告生成后，其中记录的政策被改动过",
        "the recorded policy was edited after the report was made",
    )
}

/// `verify --policy`: the policy given against the one recorded.
pub fn policy_given_is_recorded() -> Said {
    said("所给政策即记录的政策", "the policy given is the one recorded")
}

/// `verify --policy`: the two digests.
pub fn given_digests(given: &str, recorded: &str) -> Said {
    said(
        format!("所给 {given} · 记录 {recorded}"),
        format!("given {given} · recorded {recorded}"),
    )
}

/// `verify --policy`: why, another policy.
pub fn different_policy(given: &str, recorded: &str) -> Said {
    said(
        format!("政策不同（摘要 {given}，而非 {recorded}）"),
        format!("a different policy (digest {given} instead of {recorded})"),
    )
}

/// `verify`: the engine's version.
pub fn engine_version() -> Said {
    said("计算程序版本", "engine version")
}

/// `verify`: which engine made the report and which recomputed it.
pub fn engine_versions(then: &str, now: &str) -> Said {
    said(
        format!("报告由 {then} 生成，由 {now} 重算"),
        format!("report made by {then}, recomputed by {now}"),
    )
}

/// `verify`: why, another engine.
pub fn different_engine(then: &str, now: &str) -> Said {
    said(
        format!("计算程序版本不同（当时 {then}，现在 {now}）"),
        format!("a different engine version ({then} then, {now} now)"),
    )
}

/// `verify`: the recorded facts against their digest.
pub fn recorded_facts_match() -> Said {
    said("记录的事实与其摘要一致", "recorded facts match their digest")
}

/// `verify`: the two digests of the facts.
pub fn facts_digests(now: &str, recorded: &str) -> Said {
    said(
        format!("记录事实的摘要 {now} · 记录的摘要 {recorded}"),
        format!("digest of the recorded facts {now} · recorded {recorded}"),
    )
}

/// `verify`: why, the facts edited.
pub fn facts_edited() -> Said {
    said(
        "报告生成后，其中记录的事实被改动过",
        "the recorded facts were edited after the report was made",
    )
}

/// `verify`: an input unchanged.
pub fn input_unchanged(file: &str) -> Said {
    said(format!("输入 {file} 未改动"), format!("input {file} unchanged"))
}

/// `verify`: an input, checked no further.
pub fn input(file: &str) -> Said {
    said(format!("输入 {file}"), format!("input {file}"))
}

/// `verify`: a digest now and as recorded.
pub fn now_and_recorded(now: &str, recorded: &str) -> Said {
    said(
        format!("现在 {now} · 记录 {recorded}"),
        format!("now {now} · recorded {recorded}"),
    )
}

/// `verify`: why, a changed input.
pub fn changed_input(file: &str) -> Said {
    said(format!("输入有改动（{file}）"), format!("a changed input ({file})"))
}

/// `verify`: an input not found beside the report.
pub fn input_not_found() -> Said {
    said(
        "报告所在文件夹中没有此文件：按报告中记录的事实重算",
        "not found in the report's folder: recomputed from the facts recorded in the report",
    )
}

/// `verify`: an input not read.
pub fn input_not_read(reason: &str) -> Said {
    said(
        format!("未读取（{reason}）：按报告中记录的事实重算"),
        format!("not read ({reason}): recomputed from the facts recorded in the report"),
    )
}

/// `verify`: a figure that follows from nothing recorded.
pub fn figure_edited() -> Said {
    said(
        "报告中的金额不能由其记录的事实和政策得出：金额被改动过",
        "the report's figure does not follow from its recorded facts and policy: it was edited",
    )
}

/// `verify`: an output as written.
pub fn as_written(file: &str) -> Said {
    said(format!("{file} 与写出时一致"), format!("{file} as written"))
}

/// `verify`: a ledger figure that follows from nothing recorded; `edited` the outputs changed.
pub fn ledger_figure_edited(edited: &[String]) -> Said {
    let (zh, en) = if edited.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!("（{} 写出后有改动）", edited.join("、")),
            format!(" ({} changed since written)", edited.join(", ")),
        )
    };
    said(
        format!("台账中的金额不能由记录的输入和政策得出：金额被改动过{zh}"),
        format!("the ledger's figure does not follow from its recorded inputs and policy: it was edited{en}"),
    )
}

/// `verify`: a ledger re-saved whose figures all match.
pub fn figures_match_bytes_differ(file: &str, detail: &Said) -> Said {
    said(
        format!("{file}：所有金额一致；文件的字节与写出时不同（{}）", detail.zh),
        format!(
            "{file}: all figures match; the file's bytes differ from those written ({})",
            detail.en
        ),
    )
}

/// `verify`: a detail, with the figures matching.
pub fn figures_match(detail: &Said) -> Said {
    said(
        format!("{}（金额一致）", detail.zh),
        format!("{} (figures match)", detail.en),
    )
}

/// `audit`: a finding's kind.
pub fn finding_kind(kind: &str, lang: Lang) -> &str {
    let w = match kind {
        "over_entitlement" => Phrase::new("超出应享", "over_entitlement"),
        "paid_twice" => Phrase::new("重复支付", "paid_twice"),
        "voucher_reused" => Phrase::new("凭证号重复", "voucher_reused"),
        "no_entitlement" => Phrase::new("无应享记录", "no_entitlement"),
        "outside_period" => Phrase::new("不在政策有效期内", "outside_period"),
        "ladder_over_highest_rung" => Phrase::new("星级阶梯超过最高档次", "ladder_over_highest_rung"),
        other => return other,
    };
    w.pick(lang)
}

/// `audit`: one payment among several.
pub fn one_payment(amount: Money, paid_on: &str, voucher: &str) -> Said {
    said(
        format!("{paid_on} 付 {}（{voucher}）", amount.grouped()),
        format!("{amount} on {paid_on} ({voucher})"),
    )
}

/// `audit`: several payments for one entitlement.
pub fn paid_twice(each: &[Said]) -> Said {
    said(
        format!(
            "同一应享有 {} 笔支付：{}",
            each.len(),
            each.iter().map(|s| s.zh.as_str()).collect::<Vec<_>>().join("，")
        ),
        format!(
            "{} payments for one entitlement: {}",
            each.len(),
            each.iter().map(|s| s.en.as_str()).collect::<Vec<_>>().join(", ")
        ),
    )
}

/// `audit`: paid with no entitlement recorded.
pub fn no_entitlement(paid: Money) -> Said {
    said(
        format!("已付 {}；该园区、年度和项目没有应享记录", paid.grouped()),
        format!("paid {paid}; no entitlement recorded for this park, year and item"),
    )
}

/// `audit`: paid where the entitlement is nothing.
pub fn entitlement_zero(paid: Money) -> Said {
    said(
        format!("已付 {}；应享为 0.00", paid.grouped()),
        format!("paid {paid}; the entitlement is 0.00"),
    )
}

/// `audit`: paid over the entitlement.
pub fn over_entitlement(paid: Money, entitled: Money, over: Money) -> Said {
    said(
        format!(
            "已付 {} > 应享 {}：多付 {}",
            paid.grouped(),
            entitled.grouped(),
            over.grouped()
        ),
        format!("paid {paid} > entitlement {entitled}: {over} too much"),
    )
}

/// `audit`: a voucher used more than once.
pub fn voucher_reused(voucher: &str, times: usize) -> Said {
    said(
        format!("凭证号 {voucher} 出现 {times} 次"),
        format!("voucher {voucher} is recorded {times} times"),
    )
}

/// `audit`: paid outside the policy's period; `paid_on` when the day is outside, else the
/// year the payment is for.
pub fn outside_period(amount: Money, paid_on: Option<&str>, year: &str, windows: &str) -> Said {
    let (zh, en) = match paid_on {
        Some(d) => (format!("{d} 支付"), format!("paid on {d}")),
        None => (format!("属 {year} 年度"), format!("for {year}")),
    };
    said(
        format!("{} {zh}，不在政策有效期（{windows}）内（十八）", amount.grouped()),
        format!("{amount} {en}, outside the policy's period ({windows}) （十八）"),
    )
}

/// `audit`: the ladder paid over its highest rung across the years.
pub fn ladder_over(paid: Money, highest: Money) -> Said {
    said(
        format!(
            "历年星级阶梯累计已付 {}，超过最高档次 {}",
            paid.grouped(),
            highest.grouped()
        ),
        format!("paid {paid} in the rating ladder over the years > its highest rung {highest}"),
    )
}

/// `audit`: the heading line.
pub fn audit_heading(payments: &str, rows: u64, total: Money, sources: &[String], lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{payments}：{rows} 笔支付，共付 {} 元；应享取自 {}",
            total.grouped(),
            sources.join("、")
        ),
        Lang::En => format!(
            "{payments}: {rows} payments, {total} paid; entitlements from {}",
            sources.join(", ")
        ),
    }
}

/// `diff`: a cause of a changed figure.
pub fn policy_cause(path: &str, old: &str, new: &str) -> Said {
    said(
        format!(
            "政策 {}：{} → {}",
            parameter_words(path, Lang::Zh),
            value_words(path, old, Lang::Zh),
            value_words(path, new, Lang::Zh)
        ),
        format!("policy {path}: {old} → {new}"),
    )
}

/// `diff`: an input fact that changed.
pub fn input_cause(path: &str, old: &str, new: &str) -> Said {
    said(
        format!(
            "输入 {}：{} → {}",
            crate::report::problem_words::path_words(path, Lang::Zh),
            fact_value_words(old),
            fact_value_words(new)
        ),
        format!("input {path}: {old} → {new}"),
    )
}

/// A recorded fact's value in Chinese: an item by its name, an amount grouped.
fn fact_value_words(value: &str) -> String {
    if value == "absent" {
        return ABSENT.zh.into();
    }
    match value.parse::<ItemId>() {
        Ok(item) => glossary::item_short(item).zh.into(),
        Err(_) => amount_words(value),
    }
}

/// `diff`: another engine.
pub fn engine_cause(old: &str, new: &str) -> Said {
    said(format!("计算程序 {old} → {new}"), format!("engine {old} → {new}"))
}

/// `diff`: no cause recorded.
pub fn no_cause() -> Said {
    said(
        "没有记录的原因：相同的事实和政策得出不同金额（报告被改动过？）",
        "no recorded cause: the same facts and policy give other figures (a report was edited?)",
    )
}

/// A policy parameter's path as people name it: `items.digital_subsidy.cap.2024-01-01` →
/// 数字化补助·上限·2024-01-01 起.
pub fn parameter_words(path: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return path.to_string();
    }
    let mut out: Vec<String> = Vec::new();
    let segments: Vec<&str> = path.split('.').collect();
    let mut i = 0;
    while i < segments.len() {
        let s = segments[i];
        let (name, index) = match s.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (s, None),
        };
        let word: String = if let Ok(item) = name.parse::<ItemId>() {
            glossary::item_short(item).zh.to_string()
        } else if let Some(r) = ReadingId::ALL.iter().find(|r| r.as_str() == name) {
            reading_name(*r).to_string()
        } else if name.starts_with("star_") || name == "provincial_listing" {
            glossary::rung(name, lang)
        } else if let Some(std) = glossary::standard(name) {
            std.zh.to_string()
        } else if name.len() == 10 && name.as_bytes()[4] == b'-' {
            format!("{name} 起")
        } else {
            match name {
                "items" | "choice" | "rungs" => String::new(),
                "in_force" => "施行期".into(),
                "windows" => "有效期".into(),
                "from" => "起".into(),
                "to" => "止".into(),
                "words" => "原文".into(),
                "clause" => "条款".into(),
                "cap" => "上限".into(),
                "share" => "比例".into(),
                "min_stars" => "最低星级".into(),
                "soft_rate" => "软性投入比例".into(),
                "hardware_rate" => "支撑硬件投入比例".into(),
                "amount" => "金额".into(),
                "level" => "档次".into(),
                "stars" => "星级".into(),
                "gate" => "申报条件".into(),
                "eligible_grades" => "可申报的绩效评价档次".into(),
                "rating_ladder" => "星级阶梯".into(),
                "readings" => String::new(),
                "standards" => "建设标准".into(),
                "fees" => "收费".into(),
                "targets" => "目标".into(),
                "policy" => "政策".into(),
                other => other.into(),
            }
        };
        if !word.is_empty() {
            out.push(match index {
                Some(k) => format!("{word}第{}项", k + 1),
                None => word,
            });
        }
        i += 1;
    }
    out.join("·")
}

/// A reading's name (GUIDE.md §1).
fn reading_name(r: ReadingId) -> &'static str {
    match r {
        ReadingId::RatingLadder => "星级阶梯的解读",
        ReadingId::HighStarAward => "四五星级星级奖励的解读",
        ReadingId::AcceptanceDay => "竣工验收当日投入的解读",
        ReadingId::DigitalCap => "数字化补助上限的解读",
        ReadingId::OtherPolicyGrants => "其他政策奖励的解读",
        ReadingId::FirstYearRebate => "首年财力贡献奖励的解读",
    }
}

/// A parameter's value as people read it: a reading's choice by its summary, an amount grouped.
pub fn value_words(path: &str, value: &str, lang: Lang) -> String {
    if value == "absent" {
        return ABSENT.pick(lang).into();
    }
    if lang == Lang::Zh
        && let Some(rest) = path.strip_prefix("readings.")
        && let Some(r) = ReadingId::ALL
            .iter()
            .find(|r| rest.starts_with(&format!("{}.choice", r.as_str())))
    {
        return glossary::reading_choice(*r, value, lang);
    }
    match lang {
        Lang::Zh => amount_words(value),
        Lang::En => value.to_string(),
    }
}

/// The items a change moves, for people.
pub fn items_words(items: &[ItemId], lang: Lang) -> String {
    let sep = match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    items
        .iter()
        .map(|i| match lang {
            Lang::Zh => glossary::item_short(*i).zh,
            Lang::En => i.as_str(),
        })
        .collect::<Vec<_>>()
        .join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_and_figures_read_as_words() {
        assert_eq!(
            parameter_words("items.digital_subsidy.cap.2024-01-01", Lang::Zh),
            "数字化补助·上限·2024-01-01 起"
        );
        assert_eq!(
            parameter_words("readings.rating_ladder.choice.2021-08-20", Lang::Zh),
            "星级阶梯的解读·2021-08-20 起"
        );
        assert_eq!(
            value_words("readings.rating_ladder.choice.2021-08-20", "cumulative", Lang::Zh),
            "各档全额"
        );
        assert_eq!(figure_words("1234567.89 payable", Lang::Zh), "1,234,567.89 应付");
        assert_eq!(figure_words("absent", Lang::Zh), "无");
        assert_eq!(figure_words("1234567.89 payable", Lang::En), "1,234,567.89 payable");
        assert_eq!(item_words("star_award", Lang::Zh), "星级奖励");
        // JSON keeps the English, as before.
        assert_eq!(
            serde_json::to_string(&recorded_policy_matches()).unwrap(),
            "\"recorded policy matches its digest\""
        );
    }
}
