//! A problem in an input file, in the reader's language: the place, the field by its Chinese
//! name, what is wrong, and a `提示` (help) line with the fix. The library's problems carry
//! English messages built from a few known patterns; this is the one place that says them in
//! Chinese (an unknown pattern is shown as it is).

use crate::facts::fault::{Fault, NegativeAmount, Part, Share};
use crate::facts::input::InputError;
use crate::report::glossary::{field_zh, row_words};
use crate::values::lang::Lang;

/// A field's path in words: `digital_investments[1].amount` → 数字化投入第2项的金额.
pub fn path_words(path: &str, lang: Lang) -> String {
    if lang == Lang::En || path.is_empty() {
        return path.to_string();
    }
    if let Some(zh) = field_zh(path) {
        return zh.to_string();
    }
    let mut parts: Vec<String> = Vec::new();
    let mut so_far = String::new();
    // Containers without a name of their own (`floor_area`) give way to the field under them
    // that has one (`floor_area.total_m2` → 建筑总面积（平方米）).
    let mut unnamed = 0;
    for segment in path.split('.') {
        if !so_far.is_empty() {
            so_far.push('.');
        }
        so_far.push_str(segment);
        let word = match segment.split_once('[') {
            Some((list, rest)) => match rest.trim_end_matches(']').parse::<usize>() {
                Ok(i) => Some(row_words(list, i, lang)),
                Err(_) => None,
            },
            None => match field_zh(&so_far) {
                Some(zh) => {
                    parts.truncate(parts.len() - unnamed);
                    unnamed = 0;
                    Some(zh.to_string())
                }
                None if so_far.len() == path.len() => sub_field_zh(segment).map(str::to_string),
                None => None,
            },
        };
        match word {
            Some(w) => parts.push(w),
            None => {
                parts.push(segment.to_string());
                unnamed += 1;
            }
        }
    }
    parts.join("的")
}

/// The fields of rows and nested mappings, by their own names.
fn sub_field_zh(name: &str) -> Option<&'static str> {
    Some(match name {
        "id" => "编号",
        "name" => "名称",
        "town" => "所在镇街",
        "operator" => "运营管理机构",
        "amount" => "金额",
        "paid_on" => "支付日期",
        "kind" => "投入类型",
        "item" => "项目",
        "year" => "年度",
        "source" => "来源",
        "approval" => "批准文号",
        "uscc" => "统一社会信用代码",
        "city_fiscal_contribution" => "市本级财力贡献",
        "stars" => "星级",
        "recognized_on" => "认定日期",
        "code" => "行业代码",
        "enterprises" => "企业数",
        _ => return None,
    })
}

/// What is wrong, and the fix where one is known, in `lang`.
pub fn message_words(message: &str, lang: Lang) -> (String, Option<String>) {
    let (message, hint) = match message.rsplit_once(" (did you mean `") {
        Some((m, h)) => (m, h.strip_suffix("`?)").map(str::to_string)),
        None => (message, None),
    };
    if lang == Lang::En {
        return (message.to_string(), hint.map(|h| format!("did you mean `{h}`?")));
    }
    let ticked = |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_string).collect() };
    if let Some(rest) = message.strip_prefix("missing field") {
        let fields = ticked(rest);
        let words: Vec<String> = fields
            .iter()
            .map(|f| match field_zh(f).or_else(|| sub_field_zh(f)) {
                Some(zh) => format!("{zh}（{f}）"),
                None => f.clone(),
            })
            .collect();
        (format!("缺少{}", words.join("、")), Some("请补上这些必填项".into()))
    } else if message.starts_with("unknown field `") {
        let t = ticked(message);
        let given = t.first().cloned().unwrap_or_default();
        let expected = message
            .split_once("expected ")
            .map(|(_, e)| e.trim_start_matches("one of "))
            .unwrap_or("");
        (
            format!("无法识别的字段 `{given}`"),
            Some(match &hint {
                Some(h) => format!("是否应为 `{h}`？可用的字段：{expected}"),
                None => format!("可用的字段：{expected}"),
            }),
        )
    } else if message.starts_with("unknown variant `") {
        let t = ticked(message);
        let given = t.first().cloned().unwrap_or_default();
        let expected = message
            .split_once("expected ")
            .map(|(_, e)| e.trim_start_matches("one of "))
            .unwrap_or("");
        (
            format!("无法识别的取值 `{given}`"),
            Some(match &hint {
                Some(h) => format!("是否应为 `{h}`？可选：{expected}"),
                None => format!("可选：{expected}"),
            }),
        )
    } else if message.starts_with("not a valid date") {
        (
            "不是有效日期".into(),
            Some("请写作 YYYY-MM-DD，例如 2022-12-05（月份为1至12，日期须在当月之内）".into()),
        )
    } else if message.contains("has more than two decimals") {
        (
            format!(
                "`{}` 超过两位小数",
                ticked(message).first().cloned().unwrap_or_default()
            ),
            Some("金额以元计、精确到分，例如 100.25".into()),
        )
    } else if message.contains("is not an amount in yuan") {
        (
            format!(
                "`{}` 不是以元计的金额",
                ticked(message).first().cloned().unwrap_or_default()
            ),
            Some("请只写数字，最多两位小数，例如 1234567.89".into()),
        )
    } else if message.contains("is beyond what the engine accepts: at most") {
        (
            format!(
                "`{}` 超出可计算的范围（整数部分至多12位）",
                ticked(message).first().cloned().unwrap_or_default()
            ),
            Some("请核对数字和单位（用地以亩计，建筑以平方米计）".into()),
        )
    } else if message.contains("decimals: no area, count or tonnage needs more") {
        (
            format!(
                "`{}` 小数位过多（至多6位）",
                ticked(message).first().cloned().unwrap_or_default()
            ),
            None,
        )
    } else if message.contains("is beyond what the engine accepts") {
        (
            format!(
                "`{}` 超出可计算的范围（至多 10^15 元）",
                ticked(message).first().cloned().unwrap_or_default()
            ),
            Some("请核对数字".into()),
        )
    } else if message.contains("is not a valid 统一社会信用代码") {
        let t = ticked(message);
        (
            format!(
                "`{}` 不是有效的统一社会信用代码",
                t.first().cloned().unwrap_or_default()
            ),
            Some(format!(
                "校验码为 `{}`，按前17位应为 `{}`：请核对代码",
                t.get(1).cloned().unwrap_or_default(),
                t.get(2).cloned().unwrap_or_default()
            )),
        )
    } else if message.starts_with("anchors and aliases") {
        (
            "不允许使用锚点和别名（&name、*name）".into(),
            Some("请逐项写出每个值".into()),
        )
    } else if message.contains("is given twice in the same mapping") {
        (
            format!(
                "`{}` 在同一处出现两次",
                ticked(message).first().cloned().unwrap_or_default()
            ),
            Some("请只保留一个".into()),
        )
    } else if let Some(rest) = message.strip_prefix("a star level is 1 to 5, not ") {
        (format!("星级为一至五星级，不能为 {rest}"), None)
    } else if message.ends_with("is not a whole number") || message == "not a whole number" {
        ("不是整数".into(), Some("请写阿拉伯数字，例如 2022".into()))
    } else if message.starts_with("an investment cannot be negative") {
        (format!("投入金额不能为负{}", tail_in_brackets(message)), None)
    } else if message.starts_with("a grant paid cannot be negative")
        || message.starts_with("a grant cannot be negative")
    {
        (format!("奖励金额不能为负{}", tail_in_brackets(message)), None)
    } else if message.starts_with("an approved amount cannot be negative") {
        (format!("核准金额不能为负{}", tail_in_brackets(message)), None)
    } else if message.starts_with("a decided amount cannot be negative") {
        (format!("核定金额不能为负{}", tail_in_brackets(message)), None)
    } else if message.starts_with("a case-by-case amount （十七） needs the approval's reference") {
        (
            "一事一议（十七）须注明批准文号".into(),
            Some("例如 慈政办〔2022〕12号".into()),
        )
    } else if message.starts_with("name the other policy that paid it") {
        ("请注明给予该奖励的其他政策".into(), None)
    } else if message.ends_with("cannot be negative") {
        (
            format!("`{}` 不能为负数", ticked(message).first().cloned().unwrap_or_default()),
            None,
        )
    } else if let Some(rest) = message.strip_prefix("a control character (") {
        let (code, at) = rest.split_once(") at character ").unwrap_or((rest, ""));
        (
            format!("第{}个字符是控制字符（{code}）", at.split(':').next().unwrap_or("")),
            Some("编号和名称须为一行纯文本：请删去制表符、换行等不可见字符".into()),
        )
    } else if message == "must not be empty" {
        ("不能为空".into(), None)
    } else if message.starts_with("enterprise ") && message.contains("is listed twice") {
        (
            format!("企业 {} 重复列出", message.split_whitespace().nth(1).unwrap_or("")),
            Some("同一企业的财力贡献只能计一次（不重复）：请删去重复的一行".into()),
        )
    } else if message.starts_with("a second override for ") {
        ("同一项目有第二个一事一议".into(), Some("每个项目只能有一个批准".into()))
    } else if message.starts_with("a second decided amount for ") {
        (
            "同一项目有第二个核定金额".into(),
            Some("每个项目只能有一个核定金额".into()),
        )
    } else if let Some(rest) = message.strip_prefix("a share over 100%: ") {
        (
            format!("占比超过100%（{rest}）"),
            Some("部分不能大于整体：请核对这两个数".into()),
        )
    } else if let Some(rest) = message.strip_prefix("a part larger than its whole: ") {
        (format!("部分大于整体（{rest}）"), Some("请核对这两个数".into()))
    } else if message.contains("is not a GB/T 4754 middle category") {
        (
            format!(
                "`{}` 不是国民经济行业分类（GB/T 4754）的中类代码",
                ticked(message).first().cloned().unwrap_or_default()
            ),
            Some("请写三位数字，例如 383".into()),
        )
    } else if [
        "unclosed",
        "expected",
        "did not find",
        "mapping values",
        "alias",
        "found",
        "invalid",
    ]
    .iter()
    .any(|w| message.starts_with(w))
    {
        (
            format!("YAML 格式错误：{message}"),
            Some("请检查括号、冒号和缩进（可对照 `cixi-parks init` 生成的模板）".into()),
        )
    } else {
        (message.to_string(), hint.map(|h| format!("是否应为 `{h}`？")))
    }
}

/// A fault in `lang`, and the fix where one is known. The program's own faults are said in
/// Chinese from their numbers here, one arm per kind (the match is exhaustive, so a new kind
/// cannot go untranslated); their English is their `Display`. The reader's words are said by
/// their pattern ([`message_words`]).
pub fn fault_words(fault: &Fault, lang: Lang) -> (String, Option<String>) {
    let check_both = || Some("请核对这两个数".to_string());
    match fault {
        Fault::Read(words) => message_words(words, lang),
        _ if lang == Lang::En => (fault.to_string(), None),
        Fault::Empty => ("不能为空".to_string(), None),
        Fault::ControlCharacter { at, character } => (
            format!("第{at}个字符是控制字符（U+{:04X}）", u32::from(*character)),
            Some("编号和名称须为一行纯文本：请删去制表符、换行等不可见字符".to_string()),
        ),
        Fault::EnterpriseTwice { uscc, .. } => (
            format!("企业 {uscc} 重复列出"),
            Some("同一企业的财力贡献只能计一次（不重复）：请删去重复的一行".to_string()),
        ),
        Fault::Negative { amount_of, amount } => {
            let what = match amount_of {
                NegativeAmount::Investment => "投入金额",
                NegativeAmount::PriorGrant | NegativeAmount::OtherGrant => "奖励金额",
                NegativeAmount::Approved => "核准金额",
                NegativeAmount::Decided => "核定金额",
            };
            (format!("{what}不能为负（{amount}）"), None)
        }
        Fault::OtherPolicyUnnamed => ("请注明给予该奖励的其他政策".to_string(), None),
        Fault::ApprovalMissing => (
            "一事一议（十七）须注明批准文号".to_string(),
            Some("例如 慈政办〔2022〕12号".to_string()),
        ),
        Fault::SecondOverride { .. } => (
            "同一项目有第二个一事一议".to_string(),
            Some("每个项目只能有一个批准".to_string()),
        ),
        Fault::SecondDecided { .. } => (
            "同一项目有第二个核定金额".to_string(),
            Some("每个项目只能有一个核定金额".to_string()),
        ),
        Fault::LargerThanWhole(part) => (
            match part {
                Part::IndustrialLand => "工业用地面积大于总用地面积",
                Part::NonProductionLand => "非生产性用房用地面积大于总用地面积",
                Part::PlotRatioFloor => "计容建筑面积大于建筑总面积",
                Part::NonProductionFloor => "非生产性用房建筑面积大于建筑总面积",
            }
            .to_string(),
            check_both(),
        ),
        Fault::NonProductionLandAboveIndustrial {
            non_production_mu,
            industrial_mu,
        } => (
            format!("部分大于整体（非生产性用房用地 {non_production_mu} 亩，超过工业用地 {industrial_mu} 亩）"),
            check_both(),
        ),
        Fault::SelfHeldAboveProductionFloor {
            held_m2,
            total_m2,
            non_production_m2,
            production_m2,
        } => (
            format!(
                "部分大于整体（自持生产性用房 {held_m2} 平方米，超过生产性用房面积：建筑总面积 {total_m2} − 非生产性用房 {non_production_m2} = {production_m2} 平方米）"
            ),
            check_both(),
        ),
        Fault::GreenAboveLand {
            green_m2,
            land_mu,
            land_m2,
        } => (
            format!("绿地面积（{green_m2} 平方米）大于用地面积（{land_mu} 亩 = {land_m2} 平方米）"),
            check_both(),
        ),
        Fault::ShareOver100(share) => (
            format!(
                "占比超过100%（{}）",
                match share {
                    Share::NonProductionPlotRatio => "超过计容总建筑面积",
                    Share::SelfHeldNonProduction => "超过非生产性用房建筑面积",
                    Share::SelfHeldProduction => "超过建筑总面积",
                }
            ),
            Some("部分不能大于整体：请核对这两个数".to_string()),
        ),
        Fault::SmallMicroAboveResident { small_micro, resident } => (
            format!("占比超过100%（小微企业 {small_micro} 家，入园企业 {resident} 家）"),
            Some("部分不能大于整体：请核对这两个数".to_string()),
        ),
        Fault::LeadingAboveResident { leading, resident } => (
            format!("占比超过100%（主导产业企业 {leading} 家，入园企业 {resident} 家）"),
            Some("部分不能大于整体：请核对这两个数".to_string()),
        ),
        Fault::NotIndustryCode { code } => (
            format!("`{code}` 不是国民经济行业分类（GB/T 4754）的中类代码"),
            Some("请写三位数字，例如 383".to_string()),
        ),
        Fault::IndustryTwice { code } => (format!("行业 {code} 重复列出"), Some("请删去重复的一项".to_string())),
    }
}

fn tail_in_brackets(message: &str) -> String {
    match message.rfind(" (") {
        Some(at) => format!("（{}）", message[at + 2..].trim_end_matches(')')),
        None => String::new(),
    }
}

impl InputError {
    /// Every problem in `lang`: `file:line: field: what is wrong`, and a help line (`提示：`)
    /// with the fix where one is known.
    pub fn words(&self, lang: Lang) -> String {
        let InputError::Invalid { file, problems } = self else {
            return self.to_string();
        };
        let mut out = Vec::with_capacity(problems.len());
        for p in problems {
            let place = match p.line {
                Some(line) => format!("{}:{line}", file.display()),
                None => file.display().to_string(),
            };
            let (said, hint) = fault_words(&p.fault, lang);
            let (sep, help) = match lang {
                Lang::En => (": ", "help: "),
                Lang::Zh => ("：", "提示："),
            };
            let mut line = if p.path.is_empty() {
                format!("{place}{sep}{said}")
            } else {
                format!("{place}{sep}{}{sep}{said}", path_words(&p.path, lang))
            };
            if let Some(hint) = hint {
                line.push_str(&format!("\n  {help}{hint}"));
            }
            out.push(line);
        }
        out.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_chinese() {
        assert_eq!(
            path_words("digital_investments[1].amount", Lang::Zh),
            "数字化投入第2项的金额"
        );
        assert_eq!(path_words("park", Lang::Zh), "园区");
        assert_eq!(path_words("floor_area.total_m2", Lang::Zh), "建筑总面积（平方米）");
        assert_eq!(path_words("completion_accepted_on", Lang::Zh), "竣工验收日期");
        assert_eq!(
            path_words("digital_investments[1].amount", Lang::En),
            "digital_investments[1].amount"
        );
    }

    #[test]
    fn known_messages_read_as_chinese_with_a_hint() {
        let (said, hint) = message_words("missing fields `name`, `town`", Lang::Zh);
        assert_eq!(said, "缺少名称（name）、所在镇街（town）");
        assert!(hint.is_some());
        let (said, hint) = message_words(
            "unknown variant `b`, expected one of A, B, C, D (did you mean `B`?)",
            Lang::Zh,
        );
        assert_eq!(said, "无法识别的取值 `b`");
        assert_eq!(hint.as_deref(), Some("是否应为 `B`？可选：A, B, C, D"));
    }
}
