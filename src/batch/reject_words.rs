//! The reasons in `rejects.csv`, in the run's language. A reason is built in English where the
//! problem is found (so that programs and the English ledger read as before); here each kind
//! of reason has its English pattern and its Chinese words side by side in one table, and a
//! reason that names another (a park not computed because of a row elsewhere) is read part
//! by part: the place, the column by its Chinese header, then what is wrong.

use crate::batch::headers;
use crate::report::glossary;
use crate::values::item::ItemId;
use crate::values::lang::Lang;

/// Each reason of the batch tables: its English pattern (`{}` a part taken as it is) and its
/// Chinese words (`{0}`, `{1}` … those parts, in order).
const REASONS: &[(&str, &str)] = &[
    ("park {} {} not computed: {}", "园区 {0} {1} 年度未计算：{2}"),
    (
        "Excel turned this code into the number {}: format the column as text and type the code again",
        "Excel 把这个代码变成了数字 {0}：请把该列设为文本格式后重新输入代码",
    ),
    ("`{}` is not a number: type the value", "`{0}` 不是数字：请输入数值"),
    (
        "{} is too large for a number cell to hold the fen exactly: format the column as text and type the amount",
        "{0} 太大，数字单元格无法精确到分：请把该列设为文本格式后重新输入金额",
    ),
    (
        "{} has more than two decimals (fen): round it with ROUND(…,2), or format the column as text and type the amount",
        "{0} 超过两位小数（分）：请用 ROUND(…,2) 取整，或把该列设为文本格式后重新输入金额",
    ),
    ("a line break inside the cell: remove it", "单元格内有换行：请删去"),
    (
        "TRUE/FALSE ({}) where a value belongs: type the value",
        "此处应为数值，却是 TRUE/FALSE（{0}）：请输入数值",
    ),
    (
        "the cell shows the error {}: correct the formula or type the value",
        "单元格显示错误 {0}：请改正公式或直接输入数值",
    ),
    (
        "{} is not a date: type it as 2022-12-05",
        "{0} 不是日期：请写作 2022-12-05",
    ),
    (
        "park {} is listed twice for {} (first at {})",
        "园区 {0} 的 {1} 年度重复列出（首次见 {2}）",
    ),
    (
        "park {} is listed twice for {} (also in {})",
        "园区 {0} 的 {1} 年度重复列出（另见 {2}）",
    ),
    (
        "enterprise {} is counted under park {} ({}) and park {} ({}) in {}: it would be rebated twice (不重复)",
        "企业 {0} 在 {5} 年度同时计入园区 {1}（{2}）和园区 {3}（{4}）：财力贡献奖励不重复",
    ),
    (
        "resident_enterprises[{}].uscc: enterprise {} is also counted under {} resident_enterprises[{}] in {}: it would be rebated twice (不重复)",
        "入驻企业第{0+1}项：企业 {1} 在 {4} 年度也计入 {2}：财力贡献奖励不重复",
    ),
    (
        "a second override for {} of park {} in {} (first at {})",
        "园区 {1} {2} 年度的{0}有第二个一事一议（首次见 {3}）",
    ),
    ("no park {} in parks.csv", "parks.csv 中没有园区 {0}"),
    (
        "park {} has no row for {} in parks.csv",
        "parks.csv 中没有园区 {0} 的 {1} 年度",
    ),
    (
        "unknown kind `{}`: expected prior or other",
        "无法识别的类别 `{0}`：应为 本政策已拨付（prior）或 其他政策（other）",
    ),
    (
        "unknown grade `{}`: expected one of A, B, C, D",
        "无法识别的绩效评价档次 `{0}`：应为 A、B、C、D 之一",
    ),
    ("`{}` is not a year such as 2022", "`{0}` 不是年度（如 2022）"),
    (
        "`{}` is not a date (write 2022-12-05, 2022/12/5 or 2022年12月5日){}",
        "`{0}` 不是日期（请写作 2022-12-05、2022/12/5 或 2022年12月5日）",
    ),
    (
        "a star rating needs the day it was recognised",
        "有星级须填星级认定日期",
    ),
    ("a recognition day needs its star level", "有星级认定日期须填星级"),
    ("the table is too long", "表格过长"),
    (
        "this row has {} cells, the header {}",
        "此行有 {0} 格，表头有 {1} 格：请核对逗号和引号",
    ),
    ("not UTF-8 text", "不是 UTF-8 文本：请另存为 CSV UTF-8"),
    (
        "a control character (U+{}) at character {}: ids and names are plain text on one line",
        "第 {1} 个字符是控制字符（U+{0}）：编号和名称须为一行纯文本",
    ),
];

/// Matches `text` against `pattern`; the parts `{}` stands for, in order.
fn matches<'t>(pattern: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let literals: Vec<&str> = pattern.split("{}").collect();
    let mut rest = text.strip_prefix(literals[0])?;
    let mut parts = Vec::new();
    for (k, literal) in literals.iter().enumerate().skip(1) {
        let last = k == literals.len() - 1;
        let at = if last {
            if literal.is_empty() {
                rest.len()
            } else if rest.ends_with(literal) {
                rest.len() - literal.len()
            } else {
                return None;
            }
        } else {
            rest.find(literal)?
        };
        // A part is one id, name or place, never a sentence of its own (but the last may be).
        if !last && rest[..at].contains(": ") {
            return None;
        }
        parts.push(&rest[..at]);
        rest = &rest[at + literal.len()..];
    }
    rest.is_empty().then_some(parts)
}

/// A part as a person reads it: an item by its name, a reason inside by its words.
fn part_words(part: &str) -> String {
    match part.parse::<ItemId>() {
        Ok(item) => glossary::item(item).zh.to_string(),
        Err(_) => part.to_string(),
    }
}

/// `parks.csv:4: column park_id: …` → `parks.csv:4：园区编号：…`; a workbook's cell,
/// `入驻企业!C2: …` → `入驻企业!C2：…`.
fn located(reason: &str) -> Option<String> {
    let (place, rest) = reason.split_once(": ")?;
    if place.contains('!') && !place.contains(' ') {
        return Some(format!("{place}：{}", reason_zh(rest)));
    }
    let (table, line) = place.rsplit_once(':')?;
    if line.is_empty() || !line.bytes().all(|b| b.is_ascii_digit()) || table.contains(' ') {
        return None;
    }
    let (column, message) = match rest.strip_prefix("column ").and_then(|r| r.split_once(": ")) {
        Some((c, m)) if !c.contains(' ') => (Some(c), m),
        _ => (None, rest),
    };
    let column = column.map(|c| {
        headers::table(table)
            .and_then(|t| t.columns.iter().find(|(id, _)| *id == c))
            .map_or_else(|| c.to_string(), |(_, zh)| (*zh).to_string())
    });
    Some(match column {
        Some(c) => format!("{place}：{c}：{}", reason_zh(message)),
        None => format!("{place}：{}", reason_zh(message)),
    })
}

fn reason_zh(reason: &str) -> String {
    if let Some(words) = located(reason) {
        return words;
    }
    for (en, zh) in REASONS {
        if let Some(parts) = matches(en, reason) {
            let mut out = (*zh).to_string();
            for (k, part) in parts.iter().enumerate() {
                let words = if en.ends_with("not computed: {}") && k == parts.len() - 1 {
                    reason_zh(part)
                } else {
                    part_words(part)
                };
                out = out.replace(&format!("{{{k}}}"), &words);
                // A list's index counted from 1, as people count rows.
                if let Ok(n) = part.parse::<usize>() {
                    out = out.replace(&format!("{{{k}+1}}"), &(n + 1).to_string());
                }
            }
            return out;
        }
    }
    // Problems an application file shares with the batch (amounts, USCCs, empty cells …).
    let (said, hint) = crate::report::problem_words::message_words(reason, Lang::Zh);
    match hint {
        Some(h) => format!("{said}（提示：{h}）"),
        None => said,
    }
}

/// A reason of `rejects.csv` in `lang` (English: as it was built).
pub fn reason_words(reason: &str, lang: Lang) -> String {
    match lang {
        Lang::En => reason.to_string(),
        Lang::Zh => reason_zh(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_chinese() {
        assert_eq!(
            reason_words(
                "park CX-0202 2022 not computed: parks.csv:4: column park_id: park CX-0202 is listed twice for 2022 (first at parks.csv:3)",
                Lang::Zh
            ),
            "园区 CX-0202 2022 年度未计算：parks.csv:4：园区编号：园区 CX-0202 的 2022 年度重复列出（首次见 parks.csv:3）"
        );
        assert_eq!(
            reason_words("no park CX-9999 in parks.csv", Lang::Zh),
            "parks.csv 中没有园区 CX-9999"
        );
        assert_eq!(
            reason_words(
                "a second override for digital_subsidy of park CX-0204 in 2022 (first at overrides.csv:2)",
                Lang::Zh
            ),
            "园区 CX-0204 2022 年度的数字化建设补助有第二个一事一议（首次见 overrides.csv:2）"
        );
        assert_eq!(
            reason_words("no park X in parks.csv", Lang::En),
            "no park X in parks.csv"
        );
        assert_eq!(
            reason_words(
                "入驻企业!E3: 12.345 has more than two decimals (fen): round it with ROUND(…,2), or format the column as text and type the amount",
                Lang::Zh
            ),
            "入驻企业!E3：12.345 超过两位小数（分）：请用 ROUND(…,2) 取整，或把该列设为文本格式后重新输入金额"
        );
    }
}
