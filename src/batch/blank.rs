//! `cixi-parks init tables DIR [--xlsx]`: blank tables to fill in, as CSV header rows or as
//! one workbook (`tables.xlsx`) with a sheet per table, Chinese headers with the id as a note,
//! amount and code columns formatted as text, lists to pick grades, stars, kinds and items
//! from, and a 说明 sheet with what each column means.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DataValidation, DocProperties, ExcelDateTime, Format, Note, Workbook, XlsxError};

use crate::batch::headers::TABLES;

/// What each column means, for the 说明 sheet.
const MEANINGS: &[(&str, &str)] = &[
    ("park_id", "园区编号：各表以此关联同一园区"),
    ("name", "园区名称或企业名称"),
    ("town", "园区所在镇（街道），财力贡献奖励的受益方"),
    ("operator", "园区运营管理机构，其余奖励的受益方"),
    ("year", "计算年度，如 2022"),
    ("provincial_listing", "入选省级小微企业园的日期（未入选留空）"),
    ("performance_grade", "当年绩效评价档次 A、B、C、D（未评价留空）"),
    ("stars", "星级 1–5 或 一星级…五星级（未认定留空）"),
    ("star_recognized_on", "星级认定日期"),
    ("completion_accepted_on", "竣工验收日期（数字化建设补助的起点）"),
    ("uscc", "统一社会信用代码，18 位，按文本填写"),
    (
        "city_fiscal_contribution",
        "当年市本级财力贡献（元，至多两位小数，按文本填写）",
    ),
    ("item", "数字化投入的项目名称；已获奖励、一事一议、拨付记录中为奖励项目"),
    (
        "kind",
        "投入类型（软性投入/支撑硬件投入）或已获奖励类别（本政策已拨付/其他政策）",
    ),
    ("amount", "金额（元，至多两位小数，按文本填写）"),
    ("paid_on", "支付或拨付日期，如 2022-12-05、2022/12/5、2022年12月5日"),
    ("source", "其他政策奖励的来源"),
    ("approval", "一事一议的批准文号"),
    ("voucher", "拨付凭证号"),
];

fn is_text_column(column: &str) -> bool {
    matches!(
        column,
        "park_id" | "uscc" | "amount" | "city_fiscal_contribution" | "approval" | "voucher"
    )
}

/// The choices offered in a column, if it has a list.
fn choices(table: &str, column: &str) -> Option<Vec<&'static str>> {
    match (table, column) {
        (_, "performance_grade") => Some(vec!["A", "B", "C", "D"]),
        (_, "stars") => Some(vec!["1", "2", "3", "4", "5"]),
        ("investments", "kind") => Some(vec!["软性投入", "支撑硬件投入"]),
        ("grants", "kind") => Some(vec!["本政策已拨付", "其他政策"]),
        ("investments", "item") => None,
        (_, "item") => Some(vec!["省级园奖励", "星级奖励", "财力贡献奖励", "数字化补助"]),
        _ => None,
    }
}

fn refuse_existing(path: &Path) -> std::io::Result<()> {
    if path.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} exists already: nothing was written", path.display()),
        ));
    }
    Ok(())
}

/// Writes blank tables into `dir`: a header-only CSV per table, or `tables.xlsx`.
///
/// # Errors
/// A file that exists already (nothing is overwritten), or one that cannot be written.
pub fn init_tables(dir: &Path, xlsx: bool) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    if xlsx {
        let path = dir.join("tables.xlsx");
        refuse_existing(&path)?;
        let bytes = blank_workbook().map_err(|e| std::io::Error::other(e.to_string()))?;
        std::fs::write(&path, bytes)?;
        return Ok(vec![path]);
    }
    let tables: Vec<_> = TABLES.iter().filter(|t| t.sheet != "payments").collect();
    for t in &tables {
        refuse_existing(&dir.join(t.file))?;
    }
    let mut written = Vec::new();
    for t in tables {
        let path = dir.join(t.file);
        let header: Vec<&str> = t.columns.iter().map(|c| c.0).collect();
        std::fs::write(&path, format!("{}\n", header.join(",")))?;
        written.push(path);
    }
    Ok(written)
}

/// The blank workbook's bytes (the same every time).
///
/// # Errors
/// Never for these fixed contents; an error from the writer is passed on.
pub fn blank_workbook() -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2021, 1, 1)?));
    let head = Format::new().set_bold().set_background_color(0xDDEBF7);
    let text = Format::new().set_num_format("@");
    const LAST_ROW: u32 = 1_048_575;
    for t in TABLES {
        let ws = book.add_worksheet();
        ws.set_name(t.zh)?;
        for (c, (id, zh)) in t.columns.iter().enumerate() {
            let col = c as u16;
            ws.set_column_width(col, 18)?;
            if is_text_column(id) {
                ws.set_column_format(col, &text)?;
            }
            ws.write_string_with_format(0, col, *zh, &head)?;
            ws.insert_note(
                0,
                col,
                &Note::new(*id).set_author("cixi-parks").add_author_prefix(false),
            )?;
            if let Some(list) = choices(t.sheet, id) {
                let mut v = DataValidation::new().allow_list_strings(&list)?;
                if *id == "stars" || *id == "performance_grade" {
                    v = v.ignore_blank(true);
                }
                ws.add_data_validation(1, col, LAST_ROW, col, &v)?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    let ws = book.add_worksheet();
    ws.set_name("说明")?;
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 26)?;
    ws.set_column_width(2, 20)?;
    ws.set_column_width(3, 70)?;
    for (c, h) in ["工作表", "列", "列标识", "含义"].iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    let mut r = 1u32;
    for t in TABLES {
        for (id, zh) in t.columns {
            ws.write_string(r, 0, t.zh)?;
            ws.write_string(r, 1, *zh)?;
            ws.write_string(r, 2, *id)?;
            let meaning = MEANINGS.iter().find(|(c, _)| c == id).map_or("", |m| m.1);
            ws.write_string(r, 3, meaning)?;
            r += 1;
        }
    }
    r += 1;
    ws.write_string(
        r,
        3,
        "金额与代码列已设为文本格式：请按文本填写，金额至多两位小数。表头可用中文或列标识；工作表可用中文名或英文标识。",
    )?;
    book.save_to_buffer()
}
