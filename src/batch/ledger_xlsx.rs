//! `ledger.xlsx`: the ledger as a workbook a clerk opens and prints, beside `ledger.csv` (which
//! stays the stable, machine-read ledger). Written from the same rows, so that every amount is
//! the CSV's to the fen; the summaries are `SUMIFS`/`SUM` formulas whose cached results are
//! the exact totals, so a viewer that does not recalculate shows the right figure.
//!
//! Text cells are always strings, never formulas: a name starting with `=` is only text.
//! The same ledger gives the same bytes: the workbook's creation time is fixed.

use std::collections::BTreeMap;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError};

use crate::batch::ledger_row::{Cell, LedgerCsv, Rows, beneficiary_words, cells, item_words};
pub use crate::batch::ledger_row::{LedgerRow, LedgerRowRef};
pub(crate) use crate::batch::ledger_totals::Totals;
use crate::values::lang::Lang;
use crate::values::money::Money;

/// Rows a sheet holds under its header (Excel's 1,048,576 less the header).
pub const ROWS_PER_SHEET: usize = 1_048_575;

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
    let mut escaped = String::with_capacity(text.len() + 4);
    escaped.push('=');
    for c in text.chars() {
        if matches!(c, '*' | '?' | '~') {
            escaped.push('~');
        }
        escaped.push(c);
    }
    literal(&escaped)
}

/// A ledger sheet's range of a column, e.g. `'台账'!$H$2:$H$400001`.
fn column_range(sheet: &str, col: u16, rows: usize) -> String {
    let letter = crate::batch::workbook::column_letters(u32::from(col));
    format!("'{sheet}'!${letter}$2:${letter}${}", rows + 1)
}

/// How many rows the ledger has, and how many a ledger sheet holds at most
/// ([`ROWS_PER_SHEET`]; fewer in tests).
#[derive(Debug, Clone, Copy)]
struct Size {
    rows: usize,
    per_sheet: usize,
}

impl Size {
    fn of(rows: usize) -> Size {
        Size {
            rows,
            per_sheet: ROWS_PER_SHEET,
        }
    }
}

/// The ledger sheets' names and row counts.
fn ledger_sheets(n: &Names, Size { rows, per_sheet }: Size) -> Vec<(String, usize)> {
    if rows <= per_sheet {
        return vec![(n.ledger.to_string(), rows)];
    }
    let sheets = rows.div_ceil(per_sheet);
    (0..sheets)
        .map(|i| {
            let len = (rows - i * per_sheet).min(per_sheet);
            (format!("{}{}", n.ledger, i + 1), len)
        })
        .collect()
}

/// The ranges of the ledger sheets' columns, made once for the many formulas that sum them.
struct SumFormulas {
    /// For each ledger sheet, its range of every column.
    ranges: Vec<Vec<String>>,
}

impl SumFormulas {
    fn new(sheets: &[(String, usize)]) -> SumFormulas {
        SumFormulas {
            ranges: sheets
                .iter()
                .map(|(name, rows)| (0..12).map(|col| column_range(name, col, (*rows).max(1))).collect())
                .collect(),
        }
    }

    /// A sum over every ledger sheet: `=SUMIFS(amount,col1,crit1,…)+…`, or `=SUM(amount)+…`.
    fn formula(&self, criteria: &[(u16, String)]) -> String {
        let mut f = String::from("=");
        for (i, ranges) in self.ranges.iter().enumerate() {
            if i > 0 {
                f.push('+');
            }
            let amount = &ranges[usize::from(AMOUNT_COL)];
            if criteria.is_empty() {
                f.push_str("SUM(");
                f.push_str(amount);
            } else {
                f.push_str("SUMIFS(");
                f.push_str(amount);
                for (col, c) in criteria {
                    f.push(',');
                    f.push_str(&ranges[usize::from(*col)]);
                    f.push(',');
                    f.push_str(c);
                }
            }
            f.push(')');
        }
        f
    }
}

/// Writes a ledger row's cells into row `r` of a sheet.
fn write_row(ws: &mut Worksheet, r: u32, row: LedgerRowRef<'_>, lang: Lang, money: &Format) -> Result<(), XlsxError> {
    for (c, cell) in cells(row, lang).into_iter().enumerate() {
        match cell {
            Cell::Text(t) => ws.write_string(r, c as u16, t)?,
            Cell::Amount(x) => ws.write_number_with_format(r, c as u16, x, money)?,
        };
    }
    Ok(())
}

fn money_text(m: Money) -> String {
    m.to_string()
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
/// The workbook cannot be assembled (a temporary file for its rows cannot be written), or a
/// cell is refused (a string longer than a cell holds).
pub fn workbook(rows: &[LedgerRow], rejects: &[RejectRow], about: &About, lang: Lang) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write(Size::of(rows.len()), rows, None, rejects, about, lang, &mut bytes)?;
    Ok(bytes)
}

/// Writes `ledger.xlsx` as bytes with every cell through rust_xlsxwriter: the reference that
/// [`workbook`]'s bytes are held to.
///
/// # Errors
/// As [`workbook`].
pub fn workbook_cell_by_cell(
    rows: &[LedgerRow],
    rejects: &[RejectRow],
    about: &About,
    lang: Lang,
) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let size = Size::of(rows.len());
    let totals = tally(size, rows).map_err(|e| std::io::Error::other(e.to_string()))?;
    cell_by_cell(size, &totals, rows, rejects, about, lang, &mut bytes)?;
    Ok(bytes)
}

/// The compression of every part: a 400,000-row ledger compresses in a fraction of the time
/// of the default level, for a file a little larger.
const ZIP_LEVEL: u8 = 1;

/// Writes `ledger.xlsx` to `out` from the ledger's `count` rows and their `totals` (gathered
/// as the ledger was written; `None`: from the rows, read once more for them). The ledger
/// sheets are streamed ([`crate::batch::ledger_xlsx_stream`]); where that cannot give the
/// bytes rust_xlsxwriter gives (found before anything is written), every cell goes through
/// rust_xlsxwriter instead.
fn write(
    size: Size,
    rows: &(impl Rows + ?Sized),
    totals: Option<&Totals>,
    rejects: &[RejectRow],
    about: &About,
    lang: Lang,
    mut out: impl std::io::Write + Send,
) -> std::io::Result<Written> {
    use crate::batch::ledger_xlsx_stream::{self as stream, Finished, StreamError};
    let sheets = ledger_sheets(&names(lang), size);
    // The shape: every sheet without totals, each ledger sheet with its header and a stand-in
    // for its last row (the dimension, the autofilter and the defined names count the rows).
    // The stand-in is an amount, so that the formats are used in the same order (and its
    // cell shows the money format's index).
    let mut fill = |ws: &mut Worksheet, len: usize, money: &Format| -> Result<(), XlsxError> {
        if len > 0 {
            ws.write_number_with_format(len as u32, AMOUNT_COL, 0.0, money)?;
        }
        Ok(())
    };
    let shape = book(size, &Totals::default(), rejects, about, lang, &mut fill)
        .and_then(|mut book| book.save_to_buffer())
        .map_err(xlsx_error)?;
    // The totals, and the last row of each ledger sheet, for the template with the totals.
    let finish = || -> Result<Finished, StreamError> {
        let totals = given_or_tallied(totals, size, rows)?;
        let lasts = lasts(size, rows)?;
        let mut sheet = 0usize;
        let mut fill = |ws: &mut Worksheet, len: usize, money: &Format| -> Result<(), XlsxError> {
            if let Some(last) = &lasts[sheet] {
                write_row(ws, len as u32, last.borrowed(), lang, money)?;
            }
            sheet += 1;
            Ok(())
        };
        let mut workbook = book(size, &totals, rejects, about, lang, &mut fill)?;
        let template = workbook.save_to_buffer()?;
        // Only the zip's bytes stay. The workbook (100,000 formulas, each cell an allocation)
        // is freed on a thread of its own: a fifth of a second that the compression of the
        // parts after the ledger sheets, the run's last work, would otherwise wait for.
        // (Should no thread be had, the closure is dropped here, and the workbook with it.)
        let _ = std::thread::Builder::new().spawn(move || drop(workbook));
        Ok(Finished { template })
    };
    let lens: Vec<usize> = sheets.iter().map(|(_, len)| *len).collect();
    // The rejects sheet is the constant-memory sheet after the ledger sheets and the three
    // summaries.
    let rejects_sheet = [format!("xl/worksheets/sheet{}.xml", sheets.len() + 4)];
    let streamed = stream::Streamed {
        shape: &shape,
        sheets: &lens,
        constant_memory: &rejects_sheet,
        level: i64::from(ZIP_LEVEL),
        lang,
    };
    match streamed.write(rows, finish, &mut out) {
        Ok(()) => Ok(Written::Streamed),
        // Nothing written yet: every cell through rust_xlsxwriter instead.
        Err(StreamError::Template(_)) => {
            let totals = given_or_tallied(totals, size, rows).map_err(|e| std::io::Error::other(e.to_string()))?;
            cell_by_cell(size, &totals, rows, rejects, about, lang, out).map(|()| Written::CellByCell)
        }
        Err(StreamError::Xlsx(e)) => Err(xlsx_error(e)),
        Err(StreamError::Io(e)) => Err(e),
        Err(e) => Err(std::io::Error::other(e.to_string())),
    }
}

/// The ledger's totals, from its rows.
///
/// # Errors
/// The rows cannot be read, or are not the ledger's count.
fn tally(size: Size, rows: &(impl Rows + ?Sized)) -> Result<Totals, crate::batch::ledger_xlsx_stream::StreamError> {
    let count = size.rows;
    let mut totals = Totals::default();
    let read = rows.each(count, &mut |row| {
        totals.add_row(row);
        true
    })?;
    if read != count {
        return Err(crate::batch::ledger_xlsx_stream::StreamError::Rows { read, count });
    }
    Ok(totals)
}

/// The totals gathered as the ledger was written, or else the rows' tally.
///
/// # Errors
/// As [`tally`].
fn given_or_tallied<'t>(
    given: Option<&'t Totals>,
    size: Size,
    rows: &(impl Rows + ?Sized),
) -> Result<std::borrow::Cow<'t, Totals>, crate::batch::ledger_xlsx_stream::StreamError> {
    Ok(match given {
        Some(totals) => std::borrow::Cow::Borrowed(totals),
        None => std::borrow::Cow::Owned(tally(size, rows)?),
    })
}

/// Each ledger sheet's last row (none for an empty ledger), each read on its own.
///
/// # Errors
/// The rows cannot be read, or do not reach a sheet's last row.
fn lasts(
    size: Size,
    rows: &(impl Rows + ?Sized),
) -> Result<Vec<Option<LedgerRow>>, crate::batch::ledger_xlsx_stream::StreamError> {
    if size.rows == 0 {
        return Ok(vec![None]);
    }
    (0..size.rows.div_ceil(size.per_sheet))
        .map(|sheet| {
            let last = ((sheet + 1) * size.per_sheet).min(size.rows) - 1;
            match rows.at(last)? {
                Some(row) => Ok(Some(row)),
                None => Err(crate::batch::ledger_xlsx_stream::StreamError::NoRow {
                    row: last + 1,
                    count: size.rows,
                }),
            }
        })
        .collect()
}

/// How [`write`] wrote the ledger sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// Streamed into rust_xlsxwriter's template.
    Streamed,
    /// Every cell through rust_xlsxwriter.
    CellByCell,
}

/// Writes `ledger.xlsx` to `out` with every cell through rust_xlsxwriter.
fn cell_by_cell(
    size: Size,
    totals: &Totals,
    rows: &(impl Rows + ?Sized),
    rejects: &[RejectRow],
    about: &About,
    lang: Lang,
    out: impl std::io::Write + Send,
) -> std::io::Result<()> {
    // Each ledger sheet's rows read from the ledger's start, those of the sheets before skipped.
    let mut done = 0usize;
    let mut fill = |ws: &mut Worksheet, len: usize, money: &Format| -> Result<(), XlsxError> {
        let (skip, mut i, mut failed) = (done, 0usize, None);
        let read = rows
            .each(skip + len, &mut |row| {
                if i >= skip
                    && let Err(e) = write_row(ws, (i - skip + 1) as u32, row, lang, money)
                {
                    failed = Some(e);
                    return false;
                }
                i += 1;
                true
            })
            .map_err(XlsxError::IoError)?;
        done += len;
        if let Some(e) = failed {
            return Err(e);
        }
        // A ledger that could not be read to its end is an error, never a shorter sheet.
        if read == skip + len {
            Ok(())
        } else {
            Err(XlsxError::IoError(std::io::Error::other(format!(
                "ledger.csv read back for the workbook gave {read} of its {} rows",
                size.rows
            ))))
        }
    };
    let mut book = book(size, totals, rejects, about, lang, &mut fill).map_err(xlsx_error)?;
    // Straight into `out` (its file): the whole workbook is never held in memory.
    book.save_to_writer(out).map_err(xlsx_error)
}

/// The workbook, every sheet in it: `fill` writes the rows of each ledger sheet in turn (given
/// the sheet, its row count and the money format), under the header written here.
#[allow(clippy::too_many_lines)]
fn book(
    size: Size,
    totals: &Totals,
    rejects: &[RejectRow],
    about: &About,
    lang: Lang,
    fill: &mut dyn FnMut(&mut Worksheet, usize, &Format) -> Result<(), XlsxError>,
) -> Result<Workbook, XlsxError> {
    let n = names(lang);
    let mut book = Workbook::new();
    book.set_zip_compression_level(ZIP_LEVEL);
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
    let Totals {
        by_recipient,
        by_item,
        by_town,
        total,
    } = totals;
    let total = *total;

    let sheets = ledger_sheets(&n, size);
    let formulas = SumFormulas::new(&sheets);
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
        fill(ws, *len, &money)?;
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
        for b in ["operator", "local_government"] {
            for (recipient, m) in by_recipient.get(b).into_iter().flatten() {
                ws.write_string(r, 0, beneficiary_words(b, lang))?;
                ws.write_string(r, 1, recipient)?;
                let f = formulas.formula(&[(5, exactly(beneficiary_words(b, lang))), (6, exactly(recipient))]);
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
            let f = formulas.formula(&[(4, exactly(item_words(item, lang)))]);
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
        for (town, m) in by_town {
            ws.write_string(r, 0, town)?;
            let f = formulas.formula(&[(2, exactly(town))]);
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
        line(ws, if zh { "台账行数" } else { "ledger rows" }, &size.rows.to_string())?;
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
    Ok(book)
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
/// included, with what was gathered as it was written: each park-year's name, town and row
/// count, where each chunk of rows starts, and the totals), its rejects, and its summary for
/// the 说明 sheet.
///
/// # Errors
/// The workbook cannot be assembled or written.
pub fn for_batch(
    ledger_csv: &std::fs::File,
    index: &crate::batch::ledger_file::LedgerIndex,
    rejects: &[crate::batch::reject::Reject],
    summary: &crate::batch::summary::Summary,
    policy: &crate::policy::LoadedPolicy,
    lang: Lang,
    out: impl std::io::Write + Send,
) -> std::io::Result<()> {
    let count: usize = index.places.iter().map(|p| p.2).sum();
    // Read from the start for the sheets (every row read back is counted: a ledger that could
    // not be read to its end is an error, never a shorter workbook), and from its chunk's start
    // for each sheet's last row.
    let rows = LedgerCsv {
        file: ledger_csv,
        places: &index.places,
        starts: &index.starts,
    };
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
    write(
        Size::of(count),
        &rows,
        index.totals.as_ref(),
        &rejects,
        &about,
        lang,
        out,
    )
    .map(|_| ())
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
        let s = ledger_sheets(&n, Size::of(ROWS_PER_SHEET + 1));
        assert_eq!(s, vec![("台账1".to_string(), ROWS_PER_SHEET), ("台账2".to_string(), 1)]);
        assert_eq!(ledger_sheets(&n, Size::of(3)), vec![("台账".to_string(), 3)]);
    }

    /// The workbook streamed and written cell by cell, `per_sheet` rows to a ledger sheet.
    fn both_ways(
        rows: &[LedgerRow],
        rejects: &[RejectRow],
        per_sheet: usize,
        lang: Lang,
    ) -> (Written, Vec<u8>, Vec<u8>) {
        let size = Size {
            rows: rows.len(),
            per_sheet,
        };
        let about = About {
            engine: "cixi-parks 0".into(),
            read_as_displayed: vec!["parks.xlsx 园区!B2".into()],
            ..About::default()
        };
        let mut streamed = Vec::new();
        let written = write(size, rows, None, rejects, &about, lang, &mut streamed).unwrap();
        let totals = tally(size, rows).unwrap();
        let mut cell_by_cell_bytes = Vec::new();
        cell_by_cell(size, &totals, rows, rejects, &about, lang, &mut cell_by_cell_bytes).unwrap();
        (written, streamed, cell_by_cell_bytes)
    }

    fn row(park: &str, item: &str, recipient: &str, amount: &str, reason: &str) -> LedgerRow {
        LedgerRow {
            cells: [
                park.into(),
                "2022".into(),
                item.into(),
                "operator".into(),
                recipient.into(),
                amount.into(),
                "payable".into(),
                "（十四）".into(),
                reason.into(),
                "人民币壹拾万元整".into(),
            ],
            name: format!("{park}园"),
            town: "周巷镇".into(),
        }
    }

    #[test]
    fn an_empty_ledger_streams_as_rust_xlsxwriter_writes_it() {
        for lang in [Lang::Zh, Lang::En] {
            let (written, streamed, reference) = both_ways(&[], &[], ROWS_PER_SHEET, lang);
            assert_eq!(written, Written::Streamed);
            assert!(streamed == reference, "{lang:?}: the bytes differ");
        }
    }

    #[test]
    fn a_ledger_over_several_sheets_streams_as_rust_xlsxwriter_writes_it() {
        let rows: Vec<LedgerRow> = (0..7)
            .map(|i| {
                row(
                    &format!("CX-{i}"),
                    "star_award",
                    &format!("甲{i}公司"),
                    "1234.50",
                    "应付",
                )
            })
            .collect();
        let (written, streamed, reference) = both_ways(&rows, &[], 3, Lang::Zh);
        assert_eq!(written, Written::Streamed);
        assert!(streamed == reference, "the bytes differ");
    }

    #[test]
    fn an_amount_that_is_no_number_streams_as_rust_xlsxwriter_writes_it() {
        // rust_xlsxwriter writes such an amount as text in the money format; ledger.csv never
        // holds one, but a caller of `workbook` might.
        for last in ["NaN", "inf", "-inf"] {
            let rows = [
                row("CX-1", "star_award", "甲", "NaN", "应付"),
                row("CX-2", "star_award", "乙", "-inf", ""),
                row("CX-3", "star_award", "丙", last, ""),
            ];
            let (written, streamed, reference) = both_ways(&rows, &[], 2, Lang::Zh);
            assert_eq!(written, Written::Streamed);
            assert!(streamed == reference, "{last}: the bytes differ");
        }
    }

    /// Rows whose last row, read on its own, is not the row read in turn (as a wrong chunk
    /// start would give).
    struct Misread<'r>(&'r [LedgerRow]);

    impl Rows for Misread<'_> {
        fn each(&self, limit: usize, row: &mut dyn FnMut(LedgerRowRef<'_>) -> bool) -> std::io::Result<usize> {
            self.0.each(limit, row)
        }

        fn at(&self, _: usize) -> std::io::Result<Option<LedgerRow>> {
            Ok(self.0.first().cloned())
        }
    }

    #[test]
    fn a_last_row_read_on_its_own_that_is_not_the_row_streamed_is_an_error() {
        let rows = [
            row("CX-1", "star_award", "甲", "1.00", "应付"),
            row("CX-2", "star_award", "乙", "2.00", "应付"),
        ];
        let about = About::default();
        let mut out = Vec::new();
        let e = write(Size::of(2), &Misread(&rows), None, &[], &about, Lang::Zh, &mut out).unwrap_err();
        assert!(e.to_string().contains("differs from its shape"), "{e}");
        // Read rightly, the same rows are written.
        let mut out = Vec::new();
        assert!(write(Size::of(2), &rows[..], None, &[], &about, Lang::Zh, &mut out).is_ok());
    }

    #[test]
    fn a_cell_too_long_is_refused_both_ways() {
        let rows = [row("CX-1", "star_award", "甲", "1.00", &"长".repeat(32_768))];
        let about = About::default();
        let mut out = Vec::new();
        let streamed = write(Size::of(1), &rows[..], None, &[], &about, Lang::Zh, &mut out);
        assert!(streamed.is_err());
        assert!(workbook_cell_by_cell(&rows, &[], &about, Lang::Zh).is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Whatever the rows hold (XML's own characters, control characters, a literal
        /// `_x0041_`, white space at either end, empty cells), however many sheets they take,
        /// the streamed workbook is rust_xlsxwriter's byte for byte.
        #[test]
        fn the_streamed_workbook_is_rust_xlsxwriters_byte_for_byte(
            texts in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "", "a", "甲", "&", "<", ">", "\"", "'", " ", "\t", "\n", "\r", "\u{1}", "\u{1f}",
                        "_x", "_x0041_", "_x004G_", "_X0041_", "_x00e9_", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}",
                        "=", "*", "?", "~", "100000.00", "人民币", "\u{7f}", "é", "（", "，", "\u{FEFF}",
                    ]),
                    0..6,
                ),
                1..40,
            ),
            amounts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "0.00", "0.01", "1234567.89", "-5.10", "100000", "12345678901.23", "", "-0", "NaN", "inf",
                ]),
                1..40,
            ),
            per_sheet in 1usize..6,
            zh in proptest::bool::ANY,
        ) {
            let rows: Vec<LedgerRow> = texts
                .iter()
                .zip(amounts.iter().cycle())
                .enumerate()
                .map(|(i, (pieces, amount))| {
                    let text = pieces.concat();
                    let mut r = row(&format!("CX-{}", i % 3), ["star_award", "digital_subsidy", &text][i % 3], &text, amount, &text);
                    r.cells[9] = text.chars().rev().collect();
                    r.town = if i % 2 == 0 { text.clone() } else { "周巷镇".into() };
                    r.name = text.clone();
                    r
                })
                .collect();
            let rejects: Vec<RejectRow> = texts
                .iter()
                .take(3)
                .map(|p| ["enterprises.csv".into(), "2".into(), p.concat(), "2022".into(), p.concat()])
                .collect();
            let lang = if zh { Lang::Zh } else { Lang::En };
            let (written, streamed, reference) = both_ways(&rows, &rejects, per_sheet, lang);
            proptest::prop_assert_eq!(written, Written::Streamed);
            proptest::prop_assert!(streamed == reference, "the bytes differ");
        }
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
