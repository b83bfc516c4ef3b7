//! Reading the bureau's tables from Excel workbooks (`.xlsx`): one workbook with a sheet per
//! table, or one workbook per table, mixed freely with CSV.
//!
//! A sheet is turned into exact UTF-8 CSV text (ids as headers, one line per sheet row, so a
//! line number is the sheet's row number) that the CSV reader then reads: a workbook gives the
//! same ledger as the CSV it stands for, and the copy kept beside the outputs is that text.
//!
//! Numbers are never computed with: a number cell's binary double becomes its shortest
//! round-trip decimal text (Rust's `Display` of `f64`), accepted for an amount when it has at
//! most two decimals. Float noise from a formula (0.30000000000000004) is read as Excel shows
//! it (15 significant digits) when that has at most two decimals, and listed as "read as
//! displayed". A cell that cannot be read exactly carries its problem into the row, which is
//! then rejected naming `sheet!A1`.

use std::io::Write;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};

use crate::batch::headers::{self, TableWords};
use crate::batch::row_fault::{CellFault, CellKind};
use crate::batch::sheet_fault::SheetFault;
use crate::batch::table_error::TableError;

/// Marks a cell that could not be read; the row reader turns it into the row's problem.
pub const CELL_PROBLEM: char = '\u{E000}';

/// Where a table's rows came from in a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetSource {
    /// The workbook's file name.
    pub workbook: String,
    /// SHA-256 of the workbook's bytes.
    pub sha256: String,
    /// The sheet's name.
    pub sheet: String,
    /// Cells read as Excel displays them (float noise), each `sheet!A1: noise → read`.
    pub read_as_displayed: Vec<String>,
}

/// In the manifest: the workbook a table was read from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WorkbookManifest {
    /// The workbook's file name.
    pub file: String,
    /// SHA-256 of the workbook's bytes.
    pub sha256: String,
    /// The sheet.
    pub sheet: String,
    /// Cells read as Excel displays them, each with its sheet and cell.
    pub read_as_displayed: Vec<String>,
}

impl From<&SheetSource> for WorkbookManifest {
    fn from(s: &SheetSource) -> Self {
        WorkbookManifest {
            file: s.workbook.clone(),
            sha256: s.sha256.clone(),
            sheet: s.sheet.clone(),
            read_as_displayed: s.read_as_displayed.clone(),
        }
    }
}

/// Whether `dir` holds the parks table in a workbook.
pub fn holds_parks(dir: &Path) -> bool {
    headers::table("parks.csv").is_some_and(|t| matches!(find(dir, t), Ok(Some(_)) | Err(_)))
}

/// A sheet turned into CSV text.
pub struct Converted {
    /// The UTF-8 CSV text, in a temporary file.
    pub csv: tempfile::TempPath,
    /// Where it came from.
    pub source: SheetSource,
}

/// Whether `path` is a workbook by its name.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

/// Workbooks in `dir`, by name (temporary `~$` lock files left out).
fn workbooks(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_workbook(p) && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("~$")))
        .collect();
    found.sort();
    found
}

/// The workbook and sheet that hold `table` in `dir`: `parks.xlsx` (or `园区.xlsx`), else any
/// workbook with a sheet named `parks` or `园区`.
///
/// # Errors
/// A workbook that cannot be opened, or two that both hold the table.
pub fn find(dir: &Path, table: &TableWords) -> Result<Option<(PathBuf, String)>, TableError> {
    let mut found: Vec<(PathBuf, String)> = Vec::new();
    for path in workbooks(dir) {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let names = sheet_names(&path)?;
        if let Some(sheet) = names.iter().find(|n| table.is_named(n)) {
            found.push((path, sheet.clone()));
        } else if table.is_named(&stem) {
            let first = names
                .into_iter()
                .next()
                .ok_or_else(|| sheet_error(&path, "", SheetFault::NoSheet))?;
            found.push((path, first));
        }
    }
    if found.len() > 1 {
        let list: Vec<String> = found.iter().map(|(p, s)| format!("{}!{s}", file_name(p))).collect();
        return Err(sheet_error(
            &found[0].0,
            "",
            SheetFault::InTwoWorkbooks {
                table: table.sheet.to_string(),
                found: list.join(", "),
            },
        ));
    }
    Ok(found.pop())
}

/// The sheet of a workbook given as a file (a payments workbook): the one named for the
/// table, or the only one.
///
/// # Errors
/// Not a workbook, or none of its sheets is the table.
pub fn sheet_for_file(path: &Path, table: &TableWords) -> Result<String, TableError> {
    let names = sheet_names(path)?;
    if let Some(s) = names.iter().find(|n| table.is_named(n)) {
        return Ok(s.clone());
    }
    if names.len() == 1 {
        return Ok(names[0].clone());
    }
    Err(sheet_error(
        path,
        "",
        SheetFault::NoSuchSheet {
            id: table.sheet.to_string(),
            zh: table.zh.to_string(),
            found: names.join(", "),
        },
    ))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn sheet_error(path: &Path, place: &str, fault: SheetFault) -> TableError {
    TableError::Sheet {
        file: path.to_path_buf(),
        place: place.to_string(),
        fault: Box::new(fault),
    }
}

/// A workbook's first bytes: an OLE file is password-protected (or an old .xls); a workbook
/// is a zip.
fn check_magic(path: &Path) -> Result<(), TableError> {
    let bytes = {
        use std::io::Read;
        let mut head = [0u8; 8];
        let n = std::fs::File::open(path)
            .and_then(|mut f| f.read(&mut head))
            .map_err(|source| TableError::Unreadable {
                file: path.to_path_buf(),
                source,
            })?;
        head[..n].to_vec()
    };
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        // An OLE compound file: a password-protected .xlsx, or an old .xls.
        return Err(sheet_error(path, "", SheetFault::ProtectedOrXls));
    }
    if !bytes.starts_with(b"PK") {
        return Err(sheet_error(path, "", SheetFault::NotAWorkbook));
    }
    Ok(())
}

type Book = Xlsx<std::io::BufReader<std::fs::File>>;

/// The workbook last opened, while tables of it are still to be read: opening parses its
/// shared strings, which a workbook of a million rows holds by the million.
struct OpenBook {
    path: PathBuf,
    stamp: Stamp,
    book: Book,
}

type Stamp = Option<(u64, std::time::SystemTime)>;

static OPEN: std::sync::Mutex<Option<OpenBook>> = std::sync::Mutex::new(None);

fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path)
        .ok()
        .and_then(|m| m.modified().ok().map(|t| (m.len(), t)))
}

/// The workbook at `path`, from the one kept open if it is unchanged.
fn take_open(path: &Path) -> Result<Book, TableError> {
    let kept = OPEN.lock().map(|mut o| o.take()).unwrap_or(None);
    if let Some(kept) = kept
        && kept.path == path
        && kept.stamp.is_some()
        && kept.stamp == stamp(path)
    {
        return Ok(kept.book);
    }
    open(path)
}

/// Keeps `book` open if a table read after `table` is in it (tables are read in the order
/// of [`headers::TABLES`]; payments only on their own).
fn keep_open(path: &Path, book: Book, table: &TableWords) {
    let position = |t: &TableWords| headers::TABLES.iter().position(|x| x.sheet == t.sheet);
    let current = position(table).unwrap_or(usize::MAX);
    let more = table.sheet != "payments"
        && book.sheet_names().iter().any(|name| {
            headers::TABLES
                .iter()
                .enumerate()
                .any(|(i, t)| i > current && t.sheet != "payments" && t.is_named(name))
        });
    if more && let Ok(mut o) = OPEN.lock() {
        *o = Some(OpenBook {
            path: path.to_path_buf(),
            stamp: stamp(path),
            book,
        });
    }
}

fn open(path: &Path) -> Result<Book, TableError> {
    check_magic(path)?;
    calamine::open_workbook::<Xlsx<_>, _>(path).map_err(|e| {
        let fault = match e {
            calamine::XlsxError::Password => SheetFault::Protected,
            other => SheetFault::Unreadable(other.to_string()),
        };
        sheet_error(path, "", fault)
    })
}

/// The sheets' names, from the workbook's index alone (no cell is read).
fn sheet_names(path: &Path) -> Result<Vec<String>, TableError> {
    use std::io::Read;
    check_magic(path)?;
    let bad = |why: String| sheet_error(path, "", SheetFault::Unreadable(why));
    let file = std::fs::File::open(path).map_err(|source| TableError::Unreadable {
        file: path.to_path_buf(),
        source,
    })?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| bad(e.to_string()))?;
    let mut xml = String::new();
    zip.by_name("xl/workbook.xml")
        .map_err(|e| bad(e.to_string()))?
        .read_to_string(&mut xml)
        .map_err(|e| bad(e.to_string()))?;
    let mut names = Vec::new();
    for element in xml
        .split('<')
        .filter(|e| e.starts_with("sheet ") || e.starts_with("x:sheet "))
    {
        if let Some(start) = element.find(" name=\"") {
            let rest = &element[start + 7..];
            if let Some(end) = rest.find('"') {
                names.push(unescape(&rest[..end]));
            }
        }
    }
    Ok(names)
}

/// XML's five entities and numeric references, in an attribute's text.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
pub fn column_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// What a column holds, for reading its number cells.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Amount,
    Date,
    Code,
    Other,
}

fn kind_of(column: &str) -> Kind {
    match column {
        "amount" | "city_fiscal_contribution" => Kind::Amount,
        "provincial_listing" | "star_recognized_on" | "completion_accepted_on" | "paid_on" => Kind::Date,
        "uscc" | "voucher" | "approval" => Kind::Code,
        _ => Kind::Other,
    }
}

/// Amounts at or beyond 10^13 yuan: a double no longer holds every fen.
const AMOUNT_LIMIT: f64 = 1e13;

/// Decimals in a number's text.
fn decimals(text: &str) -> usize {
    text.split_once('.').map_or(0, |(_, d)| d.len())
}

/// The text Excel shows for a double: 15 significant digits, then shortest.
fn displayed(v: f64) -> String {
    let fifteen: f64 = format!("{v:.14e}").parse().unwrap_or(v);
    format!("{fifteen}")
}

/// A number cell as text, or why it cannot be read exactly.
enum Number {
    Exact(String),
    Displayed(String, String),
    Problem(CellFault),
}

fn number(v: f64, kind: Kind) -> Number {
    let text = format!("{v}");
    if !v.is_finite() {
        return Number::Problem(CellFault::new(CellKind::NotANumber, text));
    }
    match kind {
        Kind::Code => Number::Problem(CellFault::new(CellKind::CodeAsNumber, text)),
        Kind::Amount if v.abs() >= AMOUNT_LIMIT => Number::Problem(CellFault::new(CellKind::TooLarge, text)),
        Kind::Amount if decimals(&text) > 2 => {
            let shown = displayed(v);
            if decimals(&shown) <= 2 {
                Number::Displayed(text, shown)
            } else {
                Number::Problem(CellFault::new(CellKind::BeyondFen, text))
            }
        }
        _ if text.len() > 17 && decimals(&text) > 0 => {
            let shown = displayed(v);
            if shown == text {
                Number::Exact(text)
            } else {
                Number::Displayed(text, shown)
            }
        }
        _ => Number::Exact(text),
    }
}

/// An Excel serial day as `YYYY-MM-DD`.
fn serial_date(serial: f64, is_1904: bool) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let dt = calamine::ExcelDateTime::new(serial.floor(), calamine::ExcelDateTimeType::DateTime, is_1904);
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// A cell that could not be read, carried in the converted text as its fault's words.
fn problem(fault: CellFault) -> String {
    format!("{CELL_PROBLEM}{fault}")
}

/// One cell as the CSV text the table reader reads.
fn cell_text(cell: &Data, kind: Kind, place: impl Fn() -> String, displayed_cells: &mut Vec<String>) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            if s.contains(['\n', '\r']) {
                problem(CellFault::bare(CellKind::LineBreak))
            } else if matches!(cell, Data::DateTimeIso(_)) && kind == Kind::Date {
                s.chars().take(10).collect()
            } else {
                s.clone()
            }
        }
        Data::Bool(b) => problem(CellFault::new(CellKind::Boolean, b.to_string())),
        Data::Error(e) => problem(CellFault::new(CellKind::ErrorShown, e.to_string())),
        Data::Int(i) => match kind {
            Kind::Date => serial_date(*i as f64, false)
                .unwrap_or_else(|| problem(CellFault::new(CellKind::NotADate, i.to_string()))),
            _ => match number(*i as f64, kind) {
                Number::Problem(p) => problem(p),
                _ => i.to_string(),
            },
        },
        Data::Float(v) => match kind {
            Kind::Date if v.fract() == 0.0 => {
                serial_date(*v, false).unwrap_or_else(|| problem(CellFault::new(CellKind::NotADate, v.to_string())))
            }
            Kind::Date => problem(CellFault::new(CellKind::NotADate, v.to_string())),
            _ => match number(*v, kind) {
                Number::Exact(t) => t,
                Number::Displayed(noise, shown) => {
                    displayed_cells.push(format!("{}: {noise} read as {shown}", place()));
                    shown
                }
                Number::Problem(p) => problem(p),
            },
        },
        Data::DateTime(dt) => match kind {
            Kind::Date | Kind::Other => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                format!("{y:04}-{m:02}-{d:02}")
            }
            _ => problem(CellFault::bare(CellKind::DateWhereNumber)),
        },
    }
}

/// One CSV record and its line end; a cell with a comma or quote is quoted.
fn write_record(line: &mut Vec<u8>, cells: &[String]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        if cell.contains([',', '"', '\n', '\r']) {
            line.push(b'"');
            line.extend_from_slice(cell.replace('"', "\"\"").as_bytes());
            line.push(b'"');
        } else {
            line.extend_from_slice(cell.as_bytes());
        }
    }
    line.push(b'\n');
}

/// Turns `sheet` of `path` into CSV text with `table`'s ids as headers.
///
/// # Errors
/// Not a workbook, password-protected, no such sheet, an empty sheet, a merged header cell,
/// or a required column missing: each naming the sheet and cell.
pub fn convert(
    path: &Path,
    sheet: &str,
    table: &TableWords,
    required: &[&'static str],
) -> Result<Converted, TableError> {
    let mut book = take_open(path)?;
    let range = book
        .worksheet_range(sheet)
        .map_err(|e| sheet_error(path, sheet, SheetFault::SheetUnreadable(e.to_string())))?;
    let merged = book.merge_cells_by_sheet_name(sheet).unwrap_or_default();
    keep_open(path, book, table);
    let Some((row0, col0)) = range.start() else {
        return Err(sheet_error(path, &format!("{sheet}!A1"), SheetFault::Empty));
    };
    if let Some(m) = merged.first() {
        return Err(sheet_error(
            path,
            &format!("{sheet}!{}{}", column_letters(m.start.1), m.start.0 + 1),
            SheetFault::Merged,
        ));
    }
    let (_, end_col) = range.end().unwrap_or((row0, col0));
    let width = (end_col + 1) as usize;
    let mut rows = range.rows();
    let header_cells = rows.next().unwrap_or_default();
    let mut header = vec![String::new(); width];
    for (i, cell) in header_cells.iter().enumerate() {
        header[col0 as usize + i] = match cell {
            Data::String(s) => s.trim().to_string(),
            Data::Empty => String::new(),
            other => other.to_string(),
        };
    }
    // Each header as its id; a column named twice is an error.
    let mut ids: Vec<Option<&'static str>> = vec![None; width];
    for (i, h) in header.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        if let Some((id, _)) = table.columns.iter().find(|(id, _)| table.header_is(h, id)) {
            if let Some(j) = ids.iter().position(|c| *c == Some(*id)) {
                return Err(sheet_error(
                    path,
                    &format!("{sheet}!{}{}", column_letters(i as u32), row0 + 1),
                    SheetFault::ColumnTwice {
                        column: id,
                        at: format!("{}{}", column_letters(j as u32), row0 + 1),
                    },
                ));
            }
            ids[i] = Some(id);
        }
    }
    for column in required {
        if !ids.contains(&Some(*column)) {
            let zh = table.header_zh(column).unwrap_or("");
            return Err(sheet_error(
                path,
                &format!("{sheet}!{}{}", column_letters(0), row0 + 1),
                SheetFault::MissingColumn {
                    column,
                    zh,
                    found: header
                        .iter()
                        .filter(|h| !h.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            ));
        }
    }
    let tmp = tempfile::Builder::new()
        .prefix(".cixi-parks-sheet.")
        .tempfile()
        .map_err(|source| TableError::Unreadable {
            file: path.to_path_buf(),
            source,
        })?;
    let (file, csv_path) = tmp.into_parts();
    let io = |source| TableError::Unreadable {
        file: path.to_path_buf(),
        source,
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    // Rows above the header: empty lines, so that a line number is the sheet's row.
    for _ in 0..row0 {
        out.write_all(b"\n").map_err(io)?;
    }
    let names: Vec<String> = (0..width)
        .map(|i| ids[i].map_or_else(|| header[i].clone(), str::to_string))
        .collect();
    let mut line = Vec::with_capacity(256);
    write_record(&mut line, &names);
    out.write_all(&line).map_err(io)?;
    let mut displayed_cells = Vec::new();
    let mut record = vec![String::new(); width];
    for (r, cells) in rows.enumerate() {
        let row = row0 as usize + 2 + r;
        if cells.iter().all(|c| matches!(c, Data::Empty)) {
            // A blank row: an empty line, skipped by the reader, keeping the numbering.
            out.write_all(b"\n").map_err(io)?;
            continue;
        }
        for (i, cell) in cells.iter().enumerate() {
            let col = col0 as usize + i;
            let kind = ids[col].map_or(Kind::Other, kind_of);
            let place = || format!("{sheet}!{}{row}", column_letters(col as u32));
            record[col] = cell_text(cell, kind, place, &mut displayed_cells);
        }
        line.clear();
        write_record(&mut line, &record);
        out.write_all(&line).map_err(io)?;
    }
    out.flush().map_err(io)?;
    drop(out);
    let sha256 = {
        let file = std::fs::File::open(path).map_err(io)?;
        crate::values::digest::sha256_of(file).map_err(io)?
    };
    Ok(Converted {
        csv: csv_path,
        source: SheetSource {
            workbook: file_name(path),
            sha256,
            sheet: sheet.to_string(),
            read_as_displayed: displayed_cells,
        },
    })
}

/// The table for a file name such as `parks.csv`, for messages about sheets.
pub fn table_words(name: &str) -> Option<&'static TableWords> {
    headers::table(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(3), "D");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn numbers_exactly_or_not_at_all() {
        let exact = |v: f64| match number(v, Kind::Amount) {
            Number::Exact(t) => t,
            Number::Displayed(n, s) => format!("displayed {n} {s}"),
            Number::Problem(p) => format!("problem {p}"),
        };
        assert_eq!(exact(1234567.89), "1234567.89");
        assert_eq!(exact(100.0), "100");
        assert_eq!(exact(0.1 + 0.2), "displayed 0.30000000000000004 0.3");
        assert!(exact(246913.578).starts_with("problem 246913.578 has more than two decimals"));
        assert!(exact(1e13).starts_with("problem"));
        assert!(matches!(number(9.13302e17, Kind::Code), Number::Problem(_)));
    }

    #[test]
    fn entities() {
        assert_eq!(unescape("a&amp;b &lt;c&gt; &#x56ED;&#21306; &x"), "a&b <c> 园区 &x");
    }

    #[test]
    fn serials() {
        assert_eq!(serial_date(44900.0, false).as_deref(), Some("2022-12-05"));
    }
}
