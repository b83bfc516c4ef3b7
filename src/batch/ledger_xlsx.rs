//! `ledger.xlsx`: the ledger as a workbook a clerk opens and prints, beside `ledger.csv` (which
//! stays the stable, machine-read ledger). Written from the same rows, so that every amount is
//! the CSV's to the fen; the summaries are `SUMIFS`/`SUM` formulas whose cached results are
//! the exact totals, so a viewer that does not recalculate shows the right figure.
//!
//! Text cells are always strings, never formulas: a name starting with `=` is only text.
//! The same ledger gives the same bytes: the workbook's creation time is fixed.

use std::collections::BTreeMap;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError};

use crate::values::lang::Lang;
use crate::values::money::Money;

/// Rows a sheet holds under its header (Excel's 1,048,576 less the header).
pub const ROWS_PER_SHEET: usize = 1_048_575;

/// One ledger row, as the CSV has it, with the park's name and town.
#[derive(Debug, Clone)]
pub struct LedgerRow {
    /// `park_id`, `year`, `item`, `beneficiary`, `recipient`, `amount`, `status`, `clause`,
    /// `reason`, `amount_in_words`, as in `ledger.csv`.
    pub cells: [String; 10],
    /// The park's name.
    pub name: String,
    /// The park's town.
    pub town: String,
}

/// What the 说明 sheet says.
#[derive(Debug, Clone, Default)]
pub struct About {
    /// `name version`.
    pub engine: String,
    /// The policy's id.
    pub policy_id: String,
    /// The policy's digest.
    pub policy_digest: String,
    /// Each reading in force: (id, choice, words).
    pub readings: Vec<(String, String)>,
    /// Each input: file, SHA-256, rows read, used, rejected.
    pub inputs: Vec<(String, String, u64, u64, u64)>,
    /// Cells read as displayed.
    pub read_as_displayed: Vec<String>,
}

/// A reject: table, line, park, year, reason.
pub type RejectRow = [String; 5];

fn item_words(id: &str, lang: Lang) -> &str {
    if lang == Lang::En {
        return id;
    }
    match id {
        "provincial_listing" => "省级园奖励",
        "star_award" => "星级奖励",
        "fiscal_rebate" => "财力贡献奖励",
        "digital_subsidy" => "数字化补助",
        other => other,
    }
}

fn status_words(id: &str, lang: Lang) -> &str {
    if lang == Lang::En {
        return id;
    }
    match id {
        "payable" => "应付",
        "nil" => "符合条件，无应付金额",
        "ineligible" => "不符合条件",
        "superseded" => "从高不重复，由更高档次替代",
        "not_in_force" => "不在政策有效期内",
        "overridden" => "一事一议",
        "decided" => "按核定金额",
        other => other,
    }
}

fn beneficiary_words(id: &str, lang: Lang) -> &str {
    match (id, lang) {
        (_, Lang::En) => id,
        ("operator", _) => "运营管理机构",
        ("local_government", _) => "属地政府",
        (other, _) => other,
    }
}

/// Sheet names, in the language of the ledger.
struct Names {
    ledger: &'static str,
    by_recipient: &'static str,
    by_item: &'static str,
    by_town: &'static str,
    rejects: &'static str,
    about: &'static str,
}

fn names(lang: Lang) -> Names {
    match lang {
        Lang::Zh => Names {
            ledger: "台账",
            by_recipient: "按受益方汇总",
            by_item: "按项目汇总",
            by_town: "按镇汇总",
            rejects: "未计入",
            about: "说明",
        },
        Lang::En => Names {
            ledger: "ledger",
            by_recipient: "by_recipient",
            by_item: "by_item",
            by_town: "by_town",
            rejects: "rejects",
            about: "about",
        },
    }
}

fn ledger_header(lang: Lang) -> [&'static str; 12] {
    match lang {
        Lang::Zh => [
            "园区编号",
            "园区名称",
            "所在镇街",
            "年度",
            "奖励项目",
            "受益方",
            "受益单位",
            "金额（元）",
            "状态",
            "条款",
            "说明",
            "大写金额",
        ],
        Lang::En => [
            "park_id",
            "name",
            "town",
            "year",
            "item",
            "beneficiary",
            "recipient",
            "amount",
            "status",
            "clause",
            "reason",
            "amount_in_words",
        ],
    }
}

/// Column widths (in characters) that fit Chinese text.
const WIDTHS: [f64; 12] = [12.0, 26.0, 12.0, 7.0, 16.0, 14.0, 26.0, 16.0, 16.0, 10.0, 48.0, 36.0];

/// The amount column, its letter and index.
const AMOUNT_COL: u16 = 7;

fn xlsx_error(e: XlsxError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// A string literal in a formula.
fn literal(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// A `SUMIFS` criterion that matches `text` exactly (no wildcards, no operators).
fn exactly(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '*' | '?' | '~' => vec!['~', c],
            c => vec![c],
        })
        .collect();
    literal(&format!("={escaped}"))
}

fn sum(a: Money, b: Money) -> Money {
    a.checked_add(b).expect("ledger totals within range")
}

/// A ledger sheet's range of a column, e.g. `'台账'!$H$2:$H$400001`.
fn column_range(sheet: &str, col: u16, rows: usize) -> String {
    let letter = crate::batch::workbook::column_letters(u32::from(col));
    format!("'{sheet}'!${letter}$2:${letter}${}", rows + 1)
}

/// The ledger sheets' names and row counts.
fn ledger_sheets(n: &Names, rows: usize) -> Vec<(String, usize)> {
    if rows <= ROWS_PER_SHEET {
        return vec![(n.ledger.to_string(), rows)];
    }
    let sheets = rows.div_ceil(ROWS_PER_SHEET);
    (0..sheets)
        .map(|i| {
            let len = (rows - i * ROWS_PER_SHEET).min(ROWS_PER_SHEET);
            (format!("{}{}", n.ledger, i + 1), len)
        })
        .collect()
}

/// A sum over every ledger sheet of `SUMIFS(amount, col1, crit1, …)`, or `SUM(amount)`.
fn sum_formula(sheets: &[(String, usize)], criteria: &[(u16, String)]) -> String {
    let parts: Vec<String> = sheets
        .iter()
        .map(|(name, rows)| {
            let amount = column_range(name, AMOUNT_COL, (*rows).max(1));
            if criteria.is_empty() {
                format!("SUM({amount})")
            } else {
                let crit: Vec<String> = criteria
                    .iter()
                    .map(|(col, c)| format!("{},{c}", column_range(name, *col, (*rows).max(1))))
                    .collect();
                format!("SUMIFS({amount},{})", crit.join(","))
            }
        })
        .collect();
    format!("={}", parts.join("+"))
}

/// Adds `m` to `key`'s total, copying the key only the first time.
fn add(map: &mut BTreeMap<String, Money>, key: &str, m: Money) {
    match map.get_mut(key) {
        Some(slot) => *slot = sum(*slot, m),
        None => {
            map.insert(key.to_string(), m);
        }
    }
}

fn money_text(m: Money) -> String {
    m.to_string()
}

/// The amount as a number cell: the decimal text's nearest double, which shows the fen exactly
/// (amounts stay well below 10^13 yuan).
fn number(text: &str) -> f64 {
    text.parse().unwrap_or(0.0)
}

fn print_setup(ws: &mut Worksheet, last_col: u16) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_freeze_panes(1, 0)?;
    let _ = last_col;
    Ok(())
}

/// Writes `ledger.xlsx` as bytes.
///
/// # Errors
/// The workbook cannot be assembled (a temporary file for its rows cannot be written).
pub fn workbook(rows: &[LedgerRow], rejects: &[RejectRow], about: &About, lang: Lang) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    build(rows.len(), rows.iter().cloned(), rejects, about, lang, &mut bytes).map_err(xlsx_error)?;
    Ok(bytes)
}

#[allow(clippy::too_many_lines)]
fn build(
    count: usize,
    mut rows: impl Iterator<Item = LedgerRow>,
    rejects: &[RejectRow],
    about: &About,
    lang: Lang,
    out: impl std::io::Write + Send,
) -> Result<(), XlsxError> {
    let n = names(lang);
    let mut book = Workbook::new();
    // Fast compression: a 400,000-row ledger compresses in a fraction of the time of the
    // default level, for a file a little larger.
    book.set_zip_compression_level(1);
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&ExcelDateTime::from_ymd(2021, 1, 1)?)
            .set_title(if lang == Lang::Zh {
                "慈溪市小微企业园奖励台账"
            } else {
                "Cixi parks ledger"
            }),
    );
    let head = Format::new()
        .set_bold()
        .set_background_color(0xDDEBF7)
        .set_text_wrap()
        .set_align(FormatAlign::Center);
    let money = Format::new().set_num_format("#,##0.00");
    let money_bold = Format::new().set_num_format("#,##0.00").set_bold();
    let bold = Format::new().set_bold();

    // Totals for the cached results.
    let mut by_recipient: BTreeMap<(String, String), Money> = BTreeMap::new();
    let mut by_item: BTreeMap<String, Money> = BTreeMap::new();
    let mut by_town: BTreeMap<String, Money> = BTreeMap::new();
    let mut total = Money::ZERO;

    let sheets = ledger_sheets(&n, count);
    let header = ledger_header(lang);
    for (name, len) in &sheets {
        let ws = book.add_worksheet_with_constant_memory()?;
        ws.set_name(name)?;
        for (c, w) in WIDTHS.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)?;
        }
        for (i, row) in rows.by_ref().take(*len).enumerate() {
            let r = (i + 1) as u32;
            // The row's own strings are moved into the sheet (which takes them by value).
            let LedgerRow { cells, name, town } = row;
            let [
                park_id,
                year,
                item,
                beneficiary,
                recipient,
                amount,
                status,
                clause,
                reason,
                words,
            ] = cells;
            let m = Money::parse(&amount).unwrap_or(Money::ZERO);
            total = sum(total, m);
            // Looked up before inserting: a key is copied only the first time it is seen.
            let key = (beneficiary, recipient);
            match by_recipient.get_mut(&key) {
                Some(slot) => *slot = sum(*slot, m),
                None => {
                    by_recipient.insert(key.clone(), m);
                }
            }
            let (beneficiary, recipient) = key;
            add(&mut by_item, &item, m);
            add(&mut by_town, &town, m);
            ws.write_string(r, 0, park_id)?;
            ws.write_string(r, 1, name)?;
            ws.write_string(r, 2, town)?;
            ws.write_string(r, 3, year)?;
            ws.write_string(r, 4, item_words(&item, lang))?;
            ws.write_string(r, 5, beneficiary_words(&beneficiary, lang))?;
            ws.write_string(r, 6, recipient)?;
            ws.write_number_with_format(r, 7, number(&amount), &money)?;
            ws.write_string(r, 8, status_words(&status, lang))?;
            ws.write_string(r, 9, clause)?;
            ws.write_string(r, 10, reason)?;
            ws.write_string(r, 11, words)?;
        }
        ws.autofilter(0, 0, (*len).max(1) as u32, 11)?;
        print_setup(ws, 11)?;
    }

    // 按受益方汇总: each operator and each town (as local government).
    {
        let ws = book.add_worksheet();
        ws.set_name(n.by_recipient)?;
        let h = match lang {
            Lang::Zh => ["受益方", "受益单位", "金额（元）"],
            Lang::En => ["beneficiary", "recipient", "amount"],
        };
        for (c, t) in h.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *t, &head)?;
        }
        ws.set_column_width(0, 16)?;
        ws.set_column_width(1, 30)?;
        ws.set_column_width(2, 18)?;
        let mut r = 1u32;
        for ben in ["operator", "local_government"] {
            for ((b, recipient), m) in by_recipient.iter().filter(|((b, _), _)| b == ben) {
                ws.write_string(r, 0, beneficiary_words(b, lang))?;
                ws.write_string(r, 1, recipient)?;
                let f = sum_formula(
                    &sheets,
                    &[(5, exactly(beneficiary_words(b, lang))), (6, exactly(recipient))],
                );
                ws.write_formula_with_format(r, 2, Formula::new(f).set_result(money_text(*m)), &money)?;
                r += 1;
            }
        }
        ws.write_string_with_format(r, 0, if lang == Lang::Zh { "合计" } else { "total" }, &bold)?;
        let f = format!("=SUM(C2:C{})", r.max(2));
        ws.write_formula_with_format(r, 2, Formula::new(f).set_result(money_text(total)), &money_bold)?;
        print_setup(ws, 2)?;
    }
    // 按项目汇总
    {
        let ws = book.add_worksheet();
        ws.set_name(n.by_item)?;
        let h = match lang {
            Lang::Zh => ["奖励项目", "金额（元）"],
            Lang::En => ["item", "amount"],
        };
        for (c, t) in h.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *t, &head)?;
        }
        ws.set_column_width(0, 20)?;
        ws.set_column_width(1, 18)?;
        let mut r = 1u32;
        for item in ["provincial_listing", "star_award", "fiscal_rebate", "digital_subsidy"] {
            let m = by_item.get(item).copied().unwrap_or(Money::ZERO);
            ws.write_string(r, 0, item_words(item, lang))?;
            let f = sum_formula(&sheets, &[(4, exactly(item_words(item, lang)))]);
            ws.write_formula_with_format(r, 1, Formula::new(f).set_result(money_text(m)), &money)?;
            r += 1;
        }
        ws.write_string_with_format(r, 0, if lang == Lang::Zh { "合计" } else { "total" }, &bold)?;
        let f = format!("=SUM(B2:B{r})");
        ws.write_formula_with_format(r, 1, Formula::new(f).set_result(money_text(total)), &money_bold)?;
        print_setup(ws, 1)?;
    }
    // 按镇汇总
    {
        let ws = book.add_worksheet();
        ws.set_name(n.by_town)?;
        let h = match lang {
            Lang::Zh => ["所在镇街", "金额（元）"],
            Lang::En => ["town", "amount"],
        };
        for (c, t) in h.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *t, &head)?;
        }
        ws.set_column_width(0, 20)?;
        ws.set_column_width(1, 18)?;
        let mut r = 1u32;
        for (town, m) in &by_town {
            ws.write_string(r, 0, town)?;
            let f = sum_formula(&sheets, &[(2, exactly(town))]);
            ws.write_formula_with_format(r, 1, Formula::new(f).set_result(money_text(*m)), &money)?;
            r += 1;
        }
        ws.write_string_with_format(r, 0, if lang == Lang::Zh { "合计" } else { "total" }, &bold)?;
        let f = format!("=SUM(B2:B{})", r.max(2));
        ws.write_formula_with_format(r, 1, Formula::new(f).set_result(money_text(total)), &money_bold)?;
        print_setup(ws, 1)?;
    }
    // 未计入
    {
        let ws = book.add_worksheet_with_constant_memory()?;
        ws.set_name(n.rejects)?;
        let h = match lang {
            Lang::Zh => ["表", "行", "园区编号", "年度", "原因"],
            Lang::En => ["table", "line", "park_id", "year", "reason"],
        };
        for (c, t) in h.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *t, &head)?;
        }
        for (c, w) in [18.0, 8.0, 12.0, 7.0, 90.0].iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        for (i, r) in rejects.iter().take(ROWS_PER_SHEET).enumerate() {
            for (c, t) in r.iter().enumerate() {
                ws.write_string((i + 1) as u32, c as u16, t)?;
            }
        }
        print_setup(ws, 4)?;
    }
    // 说明
    {
        let ws = book.add_worksheet();
        ws.set_name(n.about)?;
        ws.set_column_width(0, 24)?;
        ws.set_column_width(1, 70)?;
        ws.set_column_width(2, 12)?;
        ws.set_column_width(3, 12)?;
        ws.set_column_width(4, 12)?;
        let zh = lang == Lang::Zh;
        let mut r = 0u32;
        let mut line = |ws: &mut Worksheet, k: &str, v: &str| -> Result<(), XlsxError> {
            ws.write_string_with_format(r, 0, k, &bold)?;
            ws.write_string(r, 1, v)?;
            r += 1;
            Ok(())
        };
        line(ws, if zh { "程序版本" } else { "engine" }, &about.engine)?;
        line(ws, if zh { "政策" } else { "policy" }, &about.policy_id)?;
        line(
            ws,
            if zh {
                "政策摘要（SHA-256）"
            } else {
                "policy digest"
            },
            &about.policy_digest,
        )?;
        line(ws, if zh { "台账行数" } else { "ledger rows" }, &count.to_string())?;
        line(ws, if zh { "合计（元）" } else { "total" }, &money_text(total))?;
        if sheets.len() > 1 {
            let list: Vec<&str> = sheets.iter().map(|(s, _)| s.as_str()).collect();
            let text = if zh {
                format!("台账超过一张工作表的行数上限，分为 {}", list.join("、"))
            } else {
                format!(
                    "the ledger exceeds one sheet's rows and is split into {}",
                    list.join(", ")
                )
            };
            line(ws, if zh { "分表" } else { "split" }, &text)?;
        }
        for (id, words) in &about.readings {
            line(
                ws,
                if zh { "适用的解读" } else { "reading in force" },
                &format!("{id}: {words}"),
            )?;
        }
        r += 1;
        let h = if zh {
            ["输入文件", "SHA-256", "读入行数", "计入行数", "未计入行数"]
        } else {
            ["input", "SHA-256", "rows read", "rows used", "rows rejected"]
        };
        for (c, t) in h.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, *t, &head)?;
        }
        r += 1;
        for (file, sha, read, used, rejected) in &about.inputs {
            ws.write_string(r, 0, file)?;
            ws.write_string(r, 1, sha)?;
            ws.write_number(r, 2, *read as f64)?;
            ws.write_number(r, 3, *used as f64)?;
            ws.write_number(r, 4, *rejected as f64)?;
            r += 1;
        }
        if !about.read_as_displayed.is_empty() {
            r += 1;
            ws.write_string_with_format(
                r,
                0,
                if zh {
                    "按显示值读取的单元格"
                } else {
                    "cells read as displayed"
                },
                &bold,
            )?;
            r += 1;
            for c in &about.read_as_displayed {
                ws.write_string(r, 1, c)?;
                r += 1;
            }
        }
    }
    // Straight into `out` (its file): the whole workbook is never held in memory.
    book.save_to_writer(out)
}

/// A reading's choice in words (GLOSSARY.md).
fn reading_words(reading: &str, choice: Option<&str>, lang: Lang) -> String {
    let zh = match (reading, choice) {
        ("rating_ladder", Some("exclusive")) => "从高不重复、升档补差",
        ("rating_ladder", Some("cumulative")) => "各档全额",
        ("high_star_award", Some("literal")) => "四五星级无星级奖励（按字面）",
        ("high_star_award", Some("top_rung")) => "按三星级档次",
        ("acceptance_day", Some("counts")) => "竣工验收当日投入计入",
        ("acceptance_day", Some("excluded")) => "竣工验收当日投入不计入",
        ("digital_cap", Some("per_year")) => "上限按年",
        ("digital_cap", Some("per_park_lifetime")) => "上限按园累计",
        ("other_policy_grants", Some("top_up")) => "从高补差",
        ("other_policy_grants", Some("exclusive")) => "已获其他政策则不再奖励",
        ("first_year_rebate", Some("whole_year")) => "首年按全年",
        ("first_year_rebate", Some("prorated")) => "首年按施行天数折算",
        _ => "",
    };
    let choice = choice.unwrap_or("-");
    if lang == Lang::Zh && !zh.is_empty() {
        format!("{choice}（{zh}）")
    } else {
        choice.to_string()
    }
}

/// `ledger.xlsx` for a batch, written to `out`: its ledger (the bytes of `ledger.csv`, header
/// included, with each park-year's name, town and row count), its rejects, and its summary for
/// the 说明 sheet.
///
/// # Errors
/// The workbook cannot be assembled or written.
#[allow(clippy::too_many_arguments)]
pub fn for_batch(
    ledger_csv: impl std::io::Read,
    places: &[(String, String, usize)],
    rejects: &[crate::batch::reject::Reject],
    summary: &crate::batch::summary::Summary,
    policy: &crate::policy::LoadedPolicy,
    lang: Lang,
    out: impl std::io::Write + Send,
) -> std::io::Result<()> {
    let count: usize = places.iter().map(|p| p.2).sum();
    // Every row read back is counted: a ledger that could not be read to its end is an error,
    // never a shorter workbook.
    let read = std::cell::Cell::new(0usize);
    let rows = rows_of(ledger_csv, places).inspect(|_| read.set(read.get() + 1));
    let rejects: Vec<RejectRow> = rejects
        .iter()
        .map(|r| {
            [
                r.table.clone(),
                r.line.to_string(),
                r.park_id.clone(),
                r.year.clone(),
                crate::batch::reject_words::reason_words(&r.reason, lang),
            ]
        })
        .collect();
    let about = About {
        engine: format!("{} {}", summary.engine.name, summary.engine.version),
        policy_id: summary.policy.id.clone(),
        policy_digest: policy.digest.clone(),
        readings: summary
            .readings
            .iter()
            .map(|r| (r.reading.to_string(), reading_words(r.reading, r.choice, lang)))
            .collect(),
        inputs: summary
            .inputs
            .iter()
            .map(|i| {
                let file = match &i.workbook {
                    Some(w) => format!("{} ← {} {}", i.file, w.file, w.sheet),
                    None => i.file.clone(),
                };
                (file, i.sha256.clone(), i.rows_read, i.rows_used, i.rows_rejected)
            })
            .chain(
                summary
                    .inputs
                    .iter()
                    .filter_map(|i| i.workbook.as_ref().map(|w| (w.file.clone(), w.sha256.clone())))
                    .collect::<BTreeMap<_, _>>()
                    .into_iter()
                    .map(|(file, sha)| (file, sha, 0, 0, 0)),
            )
            .collect(),
        read_as_displayed: summary
            .inputs
            .iter()
            .filter_map(|i| i.workbook.as_ref())
            .flat_map(|w| w.read_as_displayed.iter().cloned())
            .collect(),
    };
    build(count, rows, &rejects, &about, lang, out).map_err(xlsx_error)?;
    if read.get() == count {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "ledger.csv read back for the workbook gave {} of its {count} rows",
            read.get()
        )))
    }
}

/// The rows of `ledger.csv` (its header line skipped), with each park-year's name and town.
///
/// # Panics
/// Never on the ledger's own bytes (they are CSV written by this program).
pub fn rows_of<'a>(
    ledger_csv: impl std::io::Read + 'a,
    places: &'a [(String, String, usize)],
) -> impl Iterator<Item = LedgerRow> + 'a {
    let reader = csv::ReaderBuilder::new().has_headers(true).from_reader(ledger_csv);
    let place = places
        .iter()
        .flat_map(|(name, town, n)| std::iter::repeat_n((name, town), *n));
    reader
        .into_records()
        .map_while(Result::ok)
        .zip(place)
        .map(|(record, (name, town))| {
            let mut cells: [String; 10] = Default::default();
            for (i, c) in record.iter().take(10).enumerate() {
                cells[i] = c.to_string();
            }
            LedgerRow {
                cells,
                name: name.clone(),
                town: town.clone(),
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_match_exactly() {
        assert_eq!(exactly("甲*公司"), "\"=甲~*公司\"");
        assert_eq!(exactly("a\"b"), "\"=a\"\"b\"");
    }

    #[test]
    fn a_long_ledger_is_split() {
        let n = names(Lang::Zh);
        let s = ledger_sheets(&n, ROWS_PER_SHEET + 1);
        assert_eq!(s, vec![("台账1".to_string(), ROWS_PER_SHEET), ("台账2".to_string(), 1)]);
        assert_eq!(ledger_sheets(&n, 3), vec![("台账".to_string(), 3)]);
    }

    #[test]
    fn same_rows_same_bytes() {
        let row = LedgerRow {
            cells: [
                "CX-1".into(),
                "2022".into(),
                "star_award".into(),
                "operator".into(),
                "=甲公司".into(),
                "1234567.89".into(),
                "payable".into(),
                "（十四）".into(),
                "应付".into(),
                "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分".into(),
            ],
            name: "甲园".into(),
            town: "周巷镇".into(),
        };
        let a = workbook(std::slice::from_ref(&row), &[], &About::default(), Lang::Zh).unwrap();
        let b = workbook(&[row], &[], &About::default(), Lang::Zh).unwrap();
        assert_eq!(a, b);
    }
}
