//! The reasons in `rejects.csv` and the problems of the tables, in the run's language: one
//! match on each typed fault, its Chinese beside what it names. English is each fault's own
//! `Display`, as programs and the English ledger read it.

use crate::batch::headers;
use crate::batch::reject::{Because, RejectReason};
use crate::batch::row_fault::{CellFault, CellKind, RowFault};
use crate::batch::tables::RowProblem;
use crate::report::glossary;
use crate::report::problem_words::{fault_words as application_fault_words, message_words};
use crate::values::lang::Lang;

/// A reason of `rejects.csv` in `lang`.
pub fn reason_words(reason: &RejectReason, lang: Lang) -> String {
    if lang == Lang::En {
        return reason.to_string();
    }
    match reason {
        RejectReason::Own(problems) => problems.iter().map(own_words).collect::<Vec<_>>().join("；"),
        RejectReason::ParkNotComputed { park_id, year, because } => {
            let because = match &**because {
                Because::At(p) => problem_words(p, lang),
                Because::Named(fault) => fault_words(fault, lang),
            };
            format!("园区 {park_id} {year} 年度未计算：{because}")
        }
    }
}

/// A problem at its place, in `lang`: `parks.csv:4：园区编号：…`.
pub fn problem_words(p: &RowProblem, lang: Lang) -> String {
    if lang == Lang::En {
        return p.to_string();
    }
    let place = format!("{}:{}", p.table, p.line);
    match p.column {
        Some(c) => {
            let column = headers::header_zh(&p.table, c).unwrap_or(c);
            format!("{place}：{column}：{}", own_words(p))
        }
        None => format!("{place}：{}", own_words(p)),
    }
}

/// What is wrong, at its workbook cell where it has one: `入驻企业!E3：…`.
fn own_words(p: &RowProblem) -> String {
    match &p.cell {
        Some(cell) => format!("{cell}：{}", fault_words(&p.fault, Lang::Zh)),
        None => fault_words(&p.fault, Lang::Zh),
    }
}

/// Words shared with application files (amounts, codes, empty cells …), with their hint.
fn shared(english: &str) -> String {
    match message_words(english, Lang::Zh) {
        (said, Some(hint)) => format!("{said}（提示：{hint}）"),
        (said, None) => said,
    }
}

/// A fault in `lang`.
pub fn fault_words(fault: &RowFault, lang: Lang) -> String {
    if lang == Lang::En {
        return fault.to_string();
    }
    match fault {
        RowFault::NotUtf8 => "不是 UTF-8 文本：请另存为 CSV UTF-8".into(),
        RowFault::CellCount { cells, header } => {
            format!("此行有 {cells} 格，表头有 {header} 格：请核对逗号和引号")
        }
        RowFault::Cell(cell) => cell_words(cell),
        RowFault::ControlCharacter { at, character } => format!(
            "第 {at} 个字符是控制字符（U+{:04X}）：编号和名称须为一行纯文本",
            u32::from(*character)
        ),
        RowFault::StarDayMissing => "有星级须填星级认定日期".into(),
        RowFault::StarLevelMissing => "有星级认定日期须填星级".into(),
        RowFault::NotAYear(text) => format!("`{text}` 不是年度（如 2022）"),
        RowFault::UnknownGrade(text) => format!("无法识别的绩效评价档次 `{text}`：应为 A、B、C、D 之一"),
        RowFault::NotADate { text, .. } => {
            format!("`{text}` 不是日期（请写作 2022-12-05、2022/12/5 或 2022年12月5日）")
        }
        RowFault::NoPark { park_id } => format!("parks.csv 中没有园区 {park_id}"),
        RowFault::NoParkYear { park_id, year } => format!("parks.csv 中没有园区 {park_id} 的 {year} 年度"),
        RowFault::TableTooLong => "表格过长".into(),
        RowFault::UnknownGrantKind(kind) => {
            format!("无法识别的类别 `{kind}`：应为 本政策已拨付（prior）或 其他政策（other）")
        }
        RowFault::ParkTwice { park_id, year, first } => {
            format!("园区 {park_id} 的 {year} 年度重复列出（首次见 {first}）")
        }
        RowFault::ParkInTwoFiles { park_id, year, other } => {
            format!("园区 {park_id} 的 {year} 年度重复列出（另见 {other}）")
        }
        RowFault::EnterpriseTwice {
            uscc,
            park_a,
            at_a,
            park_b,
            at_b,
            year,
        } => format!(
            "企业 {uscc} 在 {year} 年度同时计入园区 {park_a}（{at_a}）和园区 {park_b}（{at_b}）：财力贡献奖励不重复"
        ),
        RowFault::EnterpriseInTwoFiles {
            index,
            uscc,
            other,
            year,
            ..
        } => format!(
            "入驻企业第{}项：企业 {uscc} 在 {year} 年度也计入 {other}：财力贡献奖励不重复",
            index + 1
        ),
        RowFault::SecondOverride {
            item,
            park_id,
            year,
            first,
        } => format!(
            "园区 {park_id} {year} 年度的{}有第二个一事一议（首次见 {first}）",
            glossary::item(*item).zh
        ),
        RowFault::Application { path, fault } => {
            let (said, hint) = application_fault_words(fault, Lang::Zh);
            let said = if path.is_empty() {
                said
            } else {
                format!("{path}：{said}")
            };
            match hint {
                Some(h) => format!("{said}（提示：{h}）"),
                None => said,
            }
        }
        RowFault::Empty
        | RowFault::CellTooLong { .. }
        | RowFault::NoHeader
        | RowFault::ColumnNameTooLong { .. }
        | RowFault::Csv(_)
        | RowFault::Said(_)
        | RowFault::Unreadable(_)
        | RowFault::NegativePayment(_) => shared(&fault.to_string()),
    }
}

/// A workbook cell that could not be read exactly, in Chinese.
fn cell_words(cell: &CellFault) -> String {
    let part = &cell.part;
    match cell.kind {
        CellKind::CodeAsNumber => format!("Excel 把这个代码变成了数字 {part}：请把该列设为文本格式后重新输入代码"),
        CellKind::NotANumber => format!("`{part}` 不是数字：请输入数值"),
        CellKind::TooLarge => format!("{part} 太大，数字单元格无法精确到分：请把该列设为文本格式后重新输入金额"),
        CellKind::BeyondFen => {
            format!("{part} 超过两位小数（分）：请用 ROUND(…,2) 取整，或把该列设为文本格式后重新输入金额")
        }
        CellKind::LineBreak => "单元格内有换行：请删去".into(),
        CellKind::Boolean => format!("此处应为数值，却是 TRUE/FALSE（{part}）：请输入数值"),
        CellKind::ErrorShown => format!("单元格显示错误 {part}：请改正公式或直接输入数值"),
        CellKind::NotADate => format!("{part} 不是日期：请写作 2022-12-05"),
        CellKind::DateWhereNumber => shared(&cell.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::item::ItemId;

    fn at(table: &str, line: u64, column: &'static str, fault: RowFault) -> RowProblem {
        RowProblem::new(table, line, Some(column), fault)
    }

    #[test]
    fn reasons_read_as_chinese() {
        let twice = at(
            "parks.csv",
            4,
            "park_id",
            RowFault::ParkTwice {
                park_id: "CX-0202".into(),
                year: 2022,
                first: "parks.csv:3".into(),
            },
        );
        let reason = RejectReason::ParkNotComputed {
            park_id: "CX-0202".into(),
            year: "2022".into(),
            because: Box::new(Because::At(twice)),
        };
        assert_eq!(
            reason.to_string(),
            "park CX-0202 2022 not computed: parks.csv:4: column park_id: park CX-0202 is listed twice for 2022 (first at parks.csv:3)"
        );
        assert_eq!(
            reason_words(&reason, Lang::Zh),
            "园区 CX-0202 2022 年度未计算：parks.csv:4：园区编号：园区 CX-0202 的 2022 年度重复列出（首次见 parks.csv:3）"
        );
        let no_park = RejectReason::Own(vec![at(
            "grants.csv",
            2,
            "park_id",
            RowFault::NoPark {
                park_id: "CX-9999".into(),
            },
        )]);
        assert_eq!(reason_words(&no_park, Lang::Zh), "parks.csv 中没有园区 CX-9999");
        assert_eq!(reason_words(&no_park, Lang::En), "no park CX-9999 in parks.csv");
        let second = RowFault::SecondOverride {
            item: ItemId::DigitalSubsidy,
            park_id: "CX-0204".into(),
            year: 2022,
            first: "overrides.csv:2".into(),
        };
        assert_eq!(
            fault_words(&second, Lang::Zh),
            "园区 CX-0204 2022 年度的数字化建设补助有第二个一事一议（首次见 overrides.csv:2）"
        );
        let mut cell = at(
            "enterprises.csv",
            3,
            "city_fiscal_contribution",
            RowFault::Cell(CellFault::new(CellKind::BeyondFen, "12.345")),
        );
        cell.cell = Some("入驻企业!E3".into());
        let reason = RejectReason::Own(vec![cell]);
        assert_eq!(
            reason.to_string(),
            "入驻企业!E3: 12.345 has more than two decimals (fen): round it with ROUND(…,2), or format the column as text and type the amount"
        );
        assert_eq!(
            reason_words(&reason, Lang::Zh),
            "入驻企业!E3：12.345 超过两位小数（分）：请用 ROUND(…,2) 取整，或把该列设为文本格式后重新输入金额"
        );
    }

    #[test]
    fn every_fault_reads_in_chinese() {
        use crate::facts::fault::Fault;
        let faults = [
            RowFault::NotUtf8,
            RowFault::Empty,
            RowFault::CellCount { cells: 3, header: 5 },
            RowFault::Cell(CellFault::bare(CellKind::LineBreak)),
            RowFault::Cell(CellFault::new(CellKind::CodeAsNumber, "9.1e17")),
            RowFault::ControlCharacter { at: 2, character: '\t' },
            RowFault::StarDayMissing,
            RowFault::StarLevelMissing,
            RowFault::NotAYear("二〇二二".into()),
            RowFault::UnknownGrade("E".into()),
            RowFault::NotADate {
                text: "2022-02-30".into(),
                detail: Some("invalid day".into()),
            },
            RowFault::NoParkYear {
                park_id: "CX-1".into(),
                year: 2022,
            },
            RowFault::TableTooLong,
            RowFault::UnknownGrantKind("x".into()),
            RowFault::ParkInTwoFiles {
                park_id: "CX-1".into(),
                year: 2022,
                other: "a.yaml".into(),
            },
            RowFault::EnterpriseInTwoFiles {
                index: 0,
                uscc: "914403001922038216".into(),
                other: "a.yaml".into(),
                other_index: 1,
                year: 2022,
            },
            RowFault::Application {
                path: "park.name".into(),
                fault: Fault::Empty,
            },
        ];
        for fault in faults {
            let zh = fault_words(&fault, Lang::Zh);
            assert!(
                zh.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
                "{fault}: {zh}"
            );
            assert_eq!(fault_words(&fault, Lang::En), fault.to_string());
        }
        let files = RowFault::EnterpriseInTwoFiles {
            index: 0,
            uscc: "914403001922038216".into(),
            other: "a.yaml".into(),
            other_index: 1,
            year: 2022,
        };
        assert_eq!(
            fault_words(&files, Lang::Zh),
            "入驻企业第1项：企业 914403001922038216 在 2022 年度也计入 a.yaml：财力贡献奖励不重复"
        );
    }
}
