//! The ledger sheets of `ledger.xlsx` written as a stream: the same bytes as rust_xlsxwriter's
//! own constant-memory sheets, at a fraction of their cost, the rows' XML made on one thread
//! while another compresses it.
//!
//! rust_xlsxwriter still builds the whole workbook, as templates: every sheet, each ledger
//! sheet holding only its header and its last row. Their parts go into the zip again, in the
//! same order, with the options rust_xlsxwriter uses and in the pieces rust_xlsxwriter hands
//! them to the compressor (a constant-memory sheet's rows in blocks of 8 KiB, as its temporary
//! file is copied), so the compressor sees the same calls with the same bytes. A ledger sheet's
//! rows are written here in between.
//!
//! What comes before the rows is taken from a template without totals, so the rows start at
//! once; the template with the totals is made beside them and must agree with it, and on each
//! sheet's last row with what was streamed. A template this cannot write into is found before
//! anything is written, and the caller then writes every cell through rust_xlsxwriter; a
//! disagreement found later is an error (the file is a temporary one), never other bytes.

use std::io::{Cursor, Read, Write};
use std::sync::mpsc;

use rust_xlsxwriter::XlsxError;
use zip::write::SimpleFileOptions;

use crate::batch::ledger_row::{Cell, Rows, cells};
use crate::values::lang::Lang;

/// Why the ledger sheets could not be streamed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StreamError {
    /// A cell rust_xlsxwriter would refuse (too long a string).
    #[error(transparent)]
    Xlsx(#[from] XlsxError),
    /// The template could not be read again, or the zip not written.
    #[error(transparent)]
    Zip(#[from] zip::result::ZipError),
    /// The file could not be written.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The template is not what this module writes rows into (found before anything is
    /// written): the caller writes the workbook the slow way.
    #[error("the workbook's template differs from its streamed rows: {0}")]
    Template(String),
    /// A row that cannot be written as rust_xlsxwriter would (found while writing; the
    /// caller checks every amount first, so this does not happen).
    #[error("a ledger row cannot be written: {0}")]
    Row(String),
    /// The rows read for the sheets were not the ledger's count.
    #[error("ledger.csv read back for the workbook gave {read} of its {count} rows")]
    Rows {
        /// Rows read.
        read: usize,
        /// Rows the ledger has.
        count: usize,
    },
    /// A ledger sheet's last row could not be read back.
    #[error("ledger.csv read back for the workbook has no row {row} of its {count}")]
    NoRow {
        /// The row (from 1, the header not counted).
        row: usize,
        /// Rows the ledger has.
        count: usize,
    },
}

/// The style index of the money format in the template's cells (the header's format is 1, the
/// money format 2, in the order the ledger sheet first uses them). Checked against the first
/// template's stand-in amount before anything is written.
const MONEY_XF: u32 = 2;

/// The blocks rust_xlsxwriter copies a constant-memory sheet's rows in (a `BufReader`'s
/// default capacity, copied with `std::io::copy`).
const COPY_BLOCK: usize = 8 * 1024;

/// Rows' XML handed from the thread that makes it to the one that compresses it, per message.
const HANDOFF: usize = 256 * 1024;

/// The column letters of the ledger sheet's twelve columns.
const COLUMNS: [&[u8]; 12] = [b"A", b"B", b"C", b"D", b"E", b"F", b"G", b"H", b"I", b"J", b"K", b"L"];

/// Appends a ledger row's XML as rust_xlsxwriter writes it in a constant-memory sheet (`r`
/// counted from 1, as in the sheet; an empty string is no cell).
///
/// # Errors
/// A string longer than a cell holds (rust_xlsxwriter's own error).
pub(crate) fn row_xml(out: &mut Vec<u8>, r: u32, cells: &[Cell<'_>; 12]) -> Result<(), StreamError> {
    let mut digits = itoa::Buffer::new();
    let r = digits.format(r).as_bytes();
    out.extend_from_slice(b"<row r=\"");
    out.extend_from_slice(r);
    out.extend_from_slice(b"\">");
    for (cell, col) in cells.iter().zip(COLUMNS) {
        match *cell {
            Cell::Text(text) => text_cell(out, col, r, None, text)?,
            // rust_xlsxwriter writes what is no number as text, in the cell's format.
            Cell::Amount(x) if x.is_nan() => text_cell(out, col, r, Some(MONEY_XF), "NAN")?,
            Cell::Amount(x) if x == f64::INFINITY => text_cell(out, col, r, Some(MONEY_XF), "INF")?,
            Cell::Amount(x) if x.is_infinite() => text_cell(out, col, r, Some(MONEY_XF), "-INF")?,
            Cell::Amount(x) => {
                out.extend_from_slice(b"<c r=\"");
                out.extend_from_slice(col);
                out.extend_from_slice(r);
                out.extend_from_slice(b"\" s=\"");
                out.extend_from_slice(itoa::Buffer::new().format(MONEY_XF).as_bytes());
                out.extend_from_slice(b"\"><v>");
                // rust_xlsxwriter writes the number with `Display` (neither of its `ryu` or
                // `zmij` features is on): the shortest text that reads back as the same double.
                write!(out, "{x}").expect("writing to a Vec does not fail");
                out.extend_from_slice(b"</v></c>");
            }
        }
    }
    out.extend_from_slice(b"</row>");
    Ok(())
}

/// Appends a string cell (none for an empty string), with its style if it has one.
fn text_cell(out: &mut Vec<u8>, col: &[u8], r: &[u8], xf: Option<u32>, text: &str) -> Result<(), StreamError> {
    if text.is_empty() {
        return Ok(());
    }
    if text.len() > 32_767 && text.encode_utf16().count() > 32_767 {
        return Err(XlsxError::MaxStringLengthExceeded.into());
    }
    out.extend_from_slice(b"<c r=\"");
    out.extend_from_slice(col);
    out.extend_from_slice(r);
    if let Some(xf) = xf {
        out.extend_from_slice(b"\" s=\"");
        out.extend_from_slice(itoa::Buffer::new().format(xf).as_bytes());
    }
    out.extend_from_slice(b"\" t=\"inlineStr\"><is><t");
    let whitespace = ['\t', '\n', ' '];
    if text.starts_with(whitespace) || text.ends_with(whitespace) {
        out.extend_from_slice(b" xml:space=\"preserve\"");
    }
    out.push(b'>');
    escaped(out, text);
    out.extend_from_slice(b"</t></is></c>");
    Ok(())
}

/// Appends `text` escaped as rust_xlsxwriter escapes a cell's string: first a literal
/// `_xHHHH_` gets its `_` escaped, then `&`, `<`, `>`, the control characters (other than tab
/// and newline) and U+FFFE, U+FFFF.
fn escaped(out: &mut Vec<u8>, text: &str) {
    if !needs_escaping(text.as_bytes()) {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    escaped_each(out, text);
}

/// [`escaped`], character by character.
fn escaped_each(out: &mut Vec<u8>, text: &str) {
    let unescaped = underscores_escaped(text);
    for ch in unescaped.chars() {
        match xml_escape(ch) {
            Some(e) => out.extend_from_slice(e.as_bytes()),
            None => {
                let mut b = [0u8; 4];
                out.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
            }
        }
    }
}

/// Whether `bytes` (UTF-8) hold anything [`escaped`] changes: `&`, `<`, `>`, a control
/// character other than tab and newline, U+FFFE or U+FFFF, or `_x` (which may begin a literal
/// `_xHHHH_`). Most cells hold none: they are looked through eight bytes at a time for a byte
/// that may begin one (below 0x20, `&`, `<`, `>`, `_`, or 0xEF, the first byte of U+F000 to
/// U+FFFF, full-width punctuation included), and only a word that holds one byte by byte.
fn needs_escaping(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = ONES * 0x80;
    // Whether any byte of `x` is below `n` (n at most 0x80), or equal to `b`.
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS != 0;
    let equal = |x: u64, b: u8| below(x ^ (ONES * u64::from(b)), 1);
    let words = bytes.chunks_exact(8);
    let tail = bytes.len() - words.remainder().len();
    for (k, word) in words.enumerate() {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let x = u64::from_ne_bytes(w);
        let may =
            below(x, 0x20) || equal(x, b'&') || equal(x, b'<') || equal(x, b'>') || equal(x, b'_') || equal(x, 0xEF);
        if may && needs_escaping_at(bytes, k * 8..k * 8 + 8) {
            return true;
        }
    }
    needs_escaping_at(bytes, tail..bytes.len())
}

/// [`needs_escaping`], looking byte by byte at the bytes `at` (and at the bytes after each, as
/// far as the text goes).
fn needs_escaping_at(bytes: &[u8], mut at: std::ops::Range<usize>) -> bool {
    at.any(|i| match bytes[i] {
        b'&' | b'<' | b'>' => true,
        b'_' => bytes.get(i + 1) == Some(&b'x'),
        0xEF => bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)),
        b'\t' | b'\n' => false,
        b => b < 0x20,
    })
}

/// rust_xlsxwriter's `escape_xml_escapes`: `_x005F` before each `_xHHHH_` already in the text.
fn underscores_escaped(original: &str) -> std::borrow::Cow<'_, str> {
    const LEN: usize = 7; // `_xHHHH_`
    if !original.contains("_x") {
        return std::borrow::Cow::Borrowed(original);
    }
    let end = original.len();
    let mut escaped = original.to_string();
    for (index, _) in original.rmatch_indices("_x") {
        if index + LEN > end || !original.is_char_boundary(index + (LEN - 1)) {
            continue;
        }
        if !original[index + LEN - 1..].starts_with('_') {
            continue;
        }
        if original[index + 2..index + (LEN - 1)]
            .chars()
            .all(|c| c.is_ascii_hexdigit())
        {
            escaped.replace_range(index..index, "_x005F");
        }
    }
    std::borrow::Cow::Owned(escaped)
}

/// rust_xlsxwriter's escape of one character of a cell's string.
fn xml_escape(ch: char) -> Option<&'static str> {
    const CONTROLS: [&str; 32] = [
        "_x0000_", "_x0001_", "_x0002_", "_x0003_", "_x0004_", "_x0005_", "_x0006_", "_x0007_", "_x0008_", "", "",
        "_x000B_", "_x000C_", "_x000D_", "_x000E_", "_x000F_", "_x0010_", "_x0011_", "_x0012_", "_x0013_", "_x0014_",
        "_x0015_", "_x0016_", "_x0017_", "_x0018_", "_x0019_", "_x001A_", "_x001B_", "_x001C_", "_x001D_", "_x001E_",
        "_x001F_",
    ];
    match ch {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '\t' | '\n' => None,
        c if (c as u32) < 0x20 => Some(CONTROLS[c as usize]),
        '\u{FFFE}' => Some("_xFFFE_"),
        '\u{FFFF}' => Some("_xFFFF_"),
        _ => None,
    }
}

/// The options rust_xlsxwriter gives each part of the package (its `Packager`), with the
/// compression level this workbook asks for.
fn part_options(level: i64) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(level))
        .unix_permissions(0o600)
        .last_modified_time(zip::DateTime::default())
        .large_file(false)
}

/// Writes to the zip in blocks of [`COPY_BLOCK`] bytes and a last short one, as
/// `std::io::copy` from rust_xlsxwriter's temporary file does.
struct Blocks<'z, W: Write> {
    zip: &'z mut zip::ZipWriter<zip::write::StreamWriter<W>>,
    buf: Vec<u8>,
}

impl<'z, W: Write> Blocks<'z, W> {
    fn new(zip: &'z mut zip::ZipWriter<zip::write::StreamWriter<W>>) -> Blocks<'z, W> {
        Blocks {
            zip,
            buf: Vec::with_capacity(COPY_BLOCK),
        }
    }

    fn put(&mut self, mut bytes: &[u8]) -> std::io::Result<()> {
        while !bytes.is_empty() {
            let room = COPY_BLOCK - self.buf.len();
            let (now, later) = bytes.split_at(room.min(bytes.len()));
            self.buf.extend_from_slice(now);
            bytes = later;
            if self.buf.len() == COPY_BLOCK {
                self.zip.write_all(&self.buf)?;
                self.buf.clear();
            }
        }
        Ok(())
    }

    fn finish(self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            self.zip.write_all(&self.buf)
        }
    }
}

/// A constant-memory sheet's XML in rust_xlsxwriter's three sections: before its rows (ending
/// with `<sheetData>`), its rows, after them (from `</sheetData>`).
fn sections(xml: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    const OPEN: &[u8] = b"<sheetData>";
    const CLOSE: &[u8] = b"</sheetData>";
    let open = memchr::memmem::find(xml, OPEN)? + OPEN.len();
    let close = memchr::memmem::rfind(xml, CLOSE)?;
    (open <= close).then(|| (&xml[..open], &xml[open..close], &xml[close..]))
}

/// A ledger sheet of a template: its sections, the header row split from the last row.
struct LedgerTemplate<'t> {
    start: &'t [u8],
    header: &'t [u8],
    /// The template's last row (none for a sheet without rows).
    last: &'t [u8],
    end: &'t [u8],
}

/// Splits ledger sheet `xml`, which has `len` rows under its header in the sheet written, and
/// only its header and its last row in the template.
fn ledger_template(xml: &[u8], len: usize) -> Result<LedgerTemplate<'_>, StreamError> {
    let (start, rows, end) =
        sections(xml).ok_or_else(|| StreamError::Template("no <sheetData> in a ledger sheet".into()))?;
    let at = if len == 0 {
        rows.len()
    } else {
        let open = format!("<row r=\"{}\"", len + 1);
        memchr::memmem::rfind(rows, open.as_bytes())
            .ok_or_else(|| StreamError::Template("a ledger sheet's last row is missing".into()))?
    };
    let (header, last) = rows.split_at(at);
    if !header.starts_with(b"<row r=\"1\"") || !header.ends_with(b"</row>") {
        return Err(StreamError::Template(
            "a ledger sheet's header row is not where it should be".into(),
        ));
    }
    Ok(LedgerTemplate {
        start,
        header,
        last,
        end,
    })
}

/// What the thread that makes the rows' XML hands over.
enum Handoff {
    /// XML of rows, in order.
    Xml(Vec<u8>),
    /// The end of one ledger sheet's rows, with its last row's XML as it was streamed (none
    /// for a sheet without rows).
    SheetEnd(Vec<u8>),
}

/// The workbook rust_xlsxwriter wrote with the ledger's totals, each ledger sheet holding its
/// header and its last row: made while the ledger sheets are streamed.
pub(crate) struct Finished {
    /// The workbook's bytes.
    pub template: Vec<u8>,
}

/// `ledger.xlsx` from rust_xlsxwriter's templates, its ledger sheets' rows streamed.
///
/// The parts before the ledger sheets, and the ledger sheets' own beginning and end, do not
/// depend on the totals or on the rows' text: they are taken from `shape`, a template written
/// without either, so the ledger sheets are streamed at once, while the template with the
/// totals is made beside them (its summaries' cached results need every row). That template
/// gives the parts after the ledger sheets, and must agree with `shape` on everything before
/// them, and on each ledger sheet's last row with what is streamed.
pub(crate) struct Streamed<'t> {
    /// The workbook without totals, each ledger sheet holding its header and a stand-in for
    /// its last row.
    pub shape: &'t [u8],
    /// The ledger sheets' row counts.
    pub sheets: &'t [usize],
    /// The other parts rust_xlsxwriter copies from a temporary file (the rejects sheet).
    pub constant_memory: &'t [String],
    /// The compression level.
    pub level: i64,
    /// The language of the sheets.
    pub lang: Lang,
}

impl Streamed<'_> {
    /// Writes `ledger.xlsx` to `out`: the parts before the ledger sheets, each ledger sheet's
    /// rows from `rows` (every row of the ledger, in order) between its header and its end,
    /// then the parts after them from the template `finish` makes (on its own thread).
    ///
    /// # Errors
    /// `shape` is not what this writes into ([`StreamError::Template`], before anything is
    /// written); a cell is refused; the rows are not the ledger's count; the finished template
    /// disagrees with `shape` or with a streamed row; `out` cannot be written.
    pub(crate) fn write<W: Write + Send>(
        &self,
        rows: &(impl Rows + ?Sized),
        finish: impl FnOnce() -> Result<Finished, StreamError> + Send,
        out: &mut W,
    ) -> Result<(), StreamError> {
        let lang = self.lang;
        // Everything taken from the shape, and each ledger sheet split, before anything is
        // written.
        let shape = Shape::read(self.shape, self.sheets.len())?;
        let ledgers = shape
            .ledger_xml
            .iter()
            .zip(self.sheets)
            .map(|(xml, len)| ledger_template(xml, *len))
            .collect::<Result<Vec<_>, _>>()?;
        // The stand-in amount shows the money format's index, which the streamed rows use.
        for (ledger, len) in ledgers.iter().zip(self.sheets).filter(|(_, len)| **len > 0) {
            let r = len + 1;
            let stand_in = format!("<row r=\"{r}\"><c r=\"H{r}\" s=\"{MONEY_XF}\"><v>0</v></c></row>");
            if ledger.last != stand_in.as_bytes() {
                return Err(StreamError::Template(
                    "the money format's index is not the one streamed".into(),
                ));
            }
        }
        let after = shape.after();
        let options = part_options(self.level);
        let sheets = self.sheets;
        let count: usize = sheets.iter().sum();
        let (send, receive) = mpsc::sync_channel::<Result<Handoff, StreamError>>(16);
        let written = std::thread::scope(|s| {
            // The template with the totals, made beside the rows.
            let finished = s.spawn(finish);
            // The rows' XML, made on its own thread while this one compresses it.
            s.spawn(move || make_rows(rows, sheets, lang, &send));
            // This thread compresses; its end (an error too) drops `receive`, which ends the
            // rows' thread.
            let mut zip = zip::ZipWriter::new_stream(out);
            for (name, xml) in &shape.before {
                zip.start_file(name.as_str(), options)?;
                zip.write_all(xml)?;
            }
            let mut streamed_lasts = Vec::with_capacity(ledgers.len());
            for (name, ledger) in shape.ledger_names.iter().zip(&ledgers) {
                zip.start_file(name.as_str(), options)?;
                zip.write_all(ledger.start)?;
                let mut blocks = Blocks::new(&mut zip);
                blocks.put(ledger.header)?;
                loop {
                    match receive.recv() {
                        Ok(Ok(Handoff::Xml(xml))) => blocks.put(&xml)?,
                        Ok(Ok(Handoff::SheetEnd(last))) => {
                            streamed_lasts.push(last);
                            break;
                        }
                        Ok(Err(e)) => return Err(e),
                        Err(_) => return Err(StreamError::Rows { read: 0, count }),
                    }
                }
                blocks.finish()?;
                zip.write_all(ledger.end)?;
            }
            // Whatever the rows' thread still has to say: a short count or a refused cell.
            if let Ok(Err(e)) = receive.recv() {
                return Err(e);
            }
            drop(receive);
            let finished = finished
                .join()
                .unwrap_or_else(|_| Err(StreamError::Row("the workbook's template could not be made".into())))?;
            let mut template = zip::ZipArchive::new(Cursor::new(finished.template.as_slice()))?;
            agrees(&mut template, &shape, &ledgers, &streamed_lasts, sheets)?;
            for name in after {
                zip.start_file(name.as_str(), options)?;
                let xml = part(&mut template, name)?;
                if self.constant_memory.contains(name) {
                    let (start, rows, end) =
                        sections(&xml).ok_or_else(|| StreamError::Row(format!("no <sheetData> in {name}")))?;
                    zip.write_all(start)?;
                    let mut blocks = Blocks::new(&mut zip);
                    blocks.put(rows)?;
                    blocks.finish()?;
                    zip.write_all(end)?;
                } else {
                    zip.write_all(&xml)?;
                }
            }
            zip.finish()?;
            Ok(())
        });
        // Once anything is written, nothing may be written again another way.
        written.map_err(|e| match e {
            StreamError::Template(why) => StreamError::Row(why),
            e => e,
        })
    }
}

/// The names of a template's parts, in the order they were written.
fn part_names(archive: &zip::ZipArchive<Cursor<&[u8]>>) -> Result<Vec<String>, StreamError> {
    (0..archive.len())
        .filter_map(|i| archive.name_for_index(i))
        .map(|name| name.map(std::borrow::Cow::into_owned).map_err(StreamError::from))
        .collect()
}

/// The first template (every sheet without totals) as the stream needs it: its parts' names
/// in the order rust_xlsxwriter wrote them, the parts before the ledger sheets, and the ledger
/// sheets' names and XML, which must come together.
struct Shape {
    /// Every part's name, in the archive's order.
    names: Vec<String>,
    /// The parts before the ledger sheets, with their XML.
    before: Vec<(String, Vec<u8>)>,
    /// The ledger sheets' names (`xl/worksheets/sheet1.xml` …).
    ledger_names: Vec<String>,
    /// The ledger sheets' XML: a header and a stand-in for the last row each.
    ledger_xml: Vec<Vec<u8>>,
}

impl Shape {
    /// Reads the shape's parts, for `sheets` ledger sheets.
    ///
    /// # Errors
    /// The shape is not a workbook, or its ledger sheets are missing or apart
    /// ([`StreamError::Template`]).
    fn read(bytes: &[u8], sheets: usize) -> Result<Shape, StreamError> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
        let names = part_names(&archive)?;
        let ledger_names: Vec<String> = (1..=sheets).map(|i| format!("xl/worksheets/sheet{i}.xml")).collect();
        let first = names
            .iter()
            .position(|n| *n == ledger_names[0])
            .ok_or_else(|| StreamError::Template(format!("{} is missing", ledger_names[0])))?;
        if names.get(first..first + ledger_names.len()) != Some(&ledger_names[..]) {
            return Err(StreamError::Template("the ledger sheets are not together".into()));
        }
        let before = names[..first]
            .iter()
            .map(|name| Ok((name.clone(), part(&mut archive, name)?)))
            .collect::<Result<Vec<_>, StreamError>>()?;
        let ledger_xml = ledger_names
            .iter()
            .map(|name| part(&mut archive, name))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Shape {
            names,
            before,
            ledger_names,
            ledger_xml,
        })
    }

    /// The parts after the ledger sheets, taken from the template with the totals.
    fn after(&self) -> &[String] {
        &self.names[self.before.len() + self.ledger_names.len()..]
    }
}

/// Checks that the template with the totals has the same parts in the same order as `shape`,
/// the same parts before the ledger sheets, the same beginning, header and end of each ledger
/// sheet (`ledgers`, split from the shape's), and as each one's last row, which
/// rust_xlsxwriter wrote from the row read for it, the XML of the row that was streamed
/// (`streamed_lasts`): the same row, written the same way.
fn agrees(
    template: &mut zip::ZipArchive<Cursor<&[u8]>>,
    shape: &Shape,
    ledgers: &[LedgerTemplate<'_>],
    streamed_lasts: &[Vec<u8>],
    sheets: &[usize],
) -> Result<(), StreamError> {
    let differs = |what: String| StreamError::Row(format!("the workbook's template differs from its shape: {what}"));
    if part_names(template)? != shape.names {
        return Err(differs("its parts".into()));
    }
    for (name, xml) in &shape.before {
        if part(template, name)? != *xml {
            return Err(differs(name.clone()));
        }
    }
    if streamed_lasts.len() != ledgers.len() {
        return Err(differs("the number of ledger sheets streamed".into()));
    }
    for (((name, first), len), streamed) in shape.ledger_names.iter().zip(ledgers).zip(sheets).zip(streamed_lasts) {
        let xml = part(template, name)?;
        let done = ledger_template(&xml, *len).map_err(|e| differs(e.to_string()))?;
        if (done.start, done.header, done.end) != (first.start, first.header, first.end) || done.last != *streamed {
            return Err(differs(name.clone()));
        }
    }
    Ok(())
}

/// Makes each ledger sheet's rows' XML from `rows` and hands it over in pieces, each sheet's
/// end marked; an error is handed over last.
fn make_rows(
    rows: &(impl Rows + ?Sized),
    sheets: &[usize],
    lang: Lang,
    send: &mpsc::SyncSender<Result<Handoff, StreamError>>,
) {
    let count: usize = sheets.iter().sum();
    let mut buf = Vec::with_capacity(HANDOFF + 4096);
    let (mut sheet, mut r) = (0usize, 2u32);
    let mut failed = None;
    let mut sent = true;
    let read = rows.each(count, &mut |row| {
        // Row 1 is the header; a sheet holds fewer than 2^20 rows.
        let at = buf.len();
        if let Err(e) = row_xml(&mut buf, r, &cells(row, lang)) {
            failed = Some(e);
            return false;
        }
        r += 1;
        if r as usize - 2 == sheets[sheet] {
            let last = buf[at..].to_vec();
            let full = std::mem::take(&mut buf);
            sent = send.send(Ok(Handoff::Xml(full))).is_ok() && send.send(Ok(Handoff::SheetEnd(last))).is_ok();
            (sheet, r) = (sheet + 1, 2);
        } else if buf.len() >= HANDOFF {
            let full = std::mem::replace(&mut buf, Vec::with_capacity(HANDOFF + 4096));
            sent = send.send(Ok(Handoff::Xml(full))).is_ok();
        }
        sent
    });
    let end = match (read, failed) {
        (_, Some(e)) => Err(e),
        (Err(e), None) => Err(e.into()),
        (Ok(read), None) if read != count => Err(StreamError::Rows { read, count }),
        // A sheet without rows (an empty ledger) ends here.
        (Ok(_), None) => {
            while sent && sheet < sheets.len() {
                sent = send.send(Ok(Handoff::SheetEnd(Vec::new()))).is_ok();
                sheet += 1;
            }
            Ok(())
        }
    };
    if let Err(e) = end {
        let _ = send.send(Err(e));
    }
}

/// Part `name` of a template, uncompressed.
fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, StreamError> {
    let mut part = archive
        .by_name(name)
        .map_err(|_| StreamError::Template(format!("{name} is missing")))?;
    let mut bytes = Vec::with_capacity(usize::try_from(part.size()).unwrap_or(0));
    part.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::ledger_row::LedgerRow;

    /// A workbook with one ordinary sheet (no ledger sheet to stream into).
    fn not_a_ledger() -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write_string(0, 0, "园区编号").unwrap();
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn a_shape_without_its_ledger_sheets_is_refused_before_anything_is_written() {
        let shape = not_a_ledger();
        // Three rows (the last one is missing), or a second ledger sheet (it is missing).
        for sheets in [vec![3], vec![2, 2]] {
            let streamed = Streamed {
                shape: &shape,
                sheets: &sheets,
                constant_memory: &[],
                level: 1,
                lang: Lang::Zh,
            };
            let rows: Vec<LedgerRow> = Vec::new();
            let mut out = Vec::new();
            let finish = || -> Result<Finished, StreamError> { panic!("not reached") };
            let e = streamed.write(&rows[..], finish, &mut out).unwrap_err();
            assert!(matches!(e, StreamError::Template(_)), "{sheets:?}: {e}");
            assert!(out.is_empty(), "{sheets:?}: {} bytes written", out.len());
        }
    }

    #[test]
    fn a_template_that_disagrees_with_its_shape_is_an_error_not_other_bytes() {
        // The shape is a ledger sheet of its own; the finished template is another workbook.
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet_with_constant_memory().unwrap();
        ws.write_string(0, 0, "园区编号").unwrap();
        let shape = book.save_to_buffer().unwrap();
        let streamed = Streamed {
            shape: &shape,
            sheets: &[0],
            constant_memory: &[],
            level: 1,
            lang: Lang::Zh,
        };
        let rows: Vec<LedgerRow> = Vec::new();
        let mut out = Vec::new();
        let finish = || {
            Ok(Finished {
                template: not_a_ledger(),
            })
        };
        let e = streamed.write(&rows[..], finish, &mut out).unwrap_err();
        assert!(matches!(e, StreamError::Row(_)), "{e}");
    }

    proptest::proptest! {
        /// A text looked through eight bytes at a time needs escaping exactly when it does byte
        /// by byte, wherever its bytes fall in the words; and one that does not is its own
        /// escape (full-width punctuation, U+FFFD and U+FEFF included, which begin with 0xEF).
        #[test]
        fn a_text_needs_escaping_as_its_bytes_say(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "甲", "（", "，", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{FEFF}", "\u{F000}", "_", "x",
                    "_x", "_x0041_", "&", "<", ">", "\t", "\n", "\r", "\u{1}", "\u{1f}", " ", "\u{7f}", "é",
                    "\"", "'",
                ]),
                0..30,
            ),
        ) {
            let text = pieces.concat();
            let needs = needs_escaping(text.as_bytes());
            proptest::prop_assert_eq!(needs, needs_escaping_at(text.as_bytes(), 0..text.len()), "{:?}", text);
            let mut each = Vec::new();
            escaped_each(&mut each, &text);
            if !needs {
                proptest::prop_assert_eq!(&each, text.as_bytes(), "{:?}", text);
            }
            let mut out = Vec::new();
            escaped(&mut out, &text);
            proptest::prop_assert_eq!(out, each, "{:?}", text);
        }
    }
}
