//! The ledger sheets of `ledger.xlsx` written as a stream: the same bytes as rust_xlsxwriter's
//! own constant-memory sheets, at a fraction of their cost, the rows' XML made on one thread
//! while another compresses it.
//!
//! rust_xlsxwriter still builds the whole workbook, as a template: every sheet, each ledger
//! sheet holding only its header and its last row. Its parts go into the zip again, in the same
//! order, with the options rust_xlsxwriter uses and in the pieces rust_xlsxwriter hands them to
//! the compressor (a constant-memory sheet's rows in blocks of 8 KiB, as its temporary file is
//! copied), so the compressor sees the same calls with the same bytes. A ledger sheet's rows
//! are written here in between. Each sheet's last row, written both ways, is compared before
//! anything is written to the file: if they differ, nothing is written and the caller writes
//! every cell through rust_xlsxwriter.

use std::io::{Cursor, Read, Write};
use std::sync::mpsc;

use rust_xlsxwriter::XlsxError;
use zip::write::SimpleFileOptions;

use crate::batch::ledger_row::{Cell, LedgerRow, Rows, cells};
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
}

/// The style index of the money format in the template's cells (the header's format is 1, the
/// money format 2, in the order the ledger sheet first uses them). Checked against the
/// template's last row before anything is written.
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
/// A string longer than a cell holds (rust_xlsxwriter's own error), or an amount that is not
/// a finite number (rust_xlsxwriter would write it as a string).
pub(crate) fn row_xml(out: &mut Vec<u8>, r: u32, cells: &[Cell<'_>; 12]) -> Result<(), StreamError> {
    let mut digits = itoa::Buffer::new();
    let r = digits.format(r).as_bytes();
    out.extend_from_slice(b"<row r=\"");
    out.extend_from_slice(r);
    out.extend_from_slice(b"\">");
    for (cell, col) in cells.iter().zip(COLUMNS) {
        match *cell {
            Cell::Text("") => {}
            Cell::Text(text) => {
                if text.len() > 32_767 && text.encode_utf16().count() > 32_767 {
                    return Err(XlsxError::MaxStringLengthExceeded.into());
                }
                out.extend_from_slice(b"<c r=\"");
                out.extend_from_slice(col);
                out.extend_from_slice(r);
                out.extend_from_slice(b"\" t=\"inlineStr\"><is><t");
                let whitespace = ['\t', '\n', ' '];
                if text.starts_with(whitespace) || text.ends_with(whitespace) {
                    out.extend_from_slice(b" xml:space=\"preserve\"");
                }
                out.push(b'>');
                escaped(out, text);
                out.extend_from_slice(b"</t></is></c>");
            }
            Cell::Amount(x) => {
                if !x.is_finite() {
                    return Err(StreamError::Template(format!("an amount that is not a number: {x}")));
                }
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

/// Appends `text` escaped as rust_xlsxwriter escapes a cell's string: first a literal
/// `_xHHHH_` gets its `_` escaped, then `&`, `<`, `>`, the control characters (other than tab
/// and newline) and U+FFFE, U+FFFF.
fn escaped(out: &mut Vec<u8>, text: &str) {
    // One pass for the common case: no byte that starts anything to escape (`&`, `<`, `>`, a
    // control character, U+FFFE and U+FFFF start with 0xEF, `_x` with `_`).
    let bytes = text.as_bytes();
    let plain = !bytes.iter().enumerate().any(|(i, &b)| match b {
        b'&' | b'<' | b'>' | 0xEF => true,
        b'_' => bytes.get(i + 1) == Some(&b'x'),
        b'\t' | b'\n' => false,
        b => b < 0x20,
    });
    if plain {
        out.extend_from_slice(bytes);
        return;
    }
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

impl<W: Write> Blocks<'_, W> {
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
    let open = xml.windows(OPEN.len()).position(|w| w == OPEN)? + OPEN.len();
    let close = xml.windows(CLOSE.len()).rposition(|w| w == CLOSE)?;
    (open <= close).then(|| (&xml[..open], &xml[open..close], &xml[close..]))
}

/// A ledger sheet of the template: its three sections, the header row split from the last.
struct LedgerTemplate<'t> {
    start: &'t [u8],
    header: &'t [u8],
    end: &'t [u8],
}

/// Splits ledger sheet `xml` (with `len` rows under its header, the last of them `last`) and
/// checks that its last row is the one [`row_xml`] writes.
fn ledger_template<'t>(
    xml: &'t [u8],
    len: usize,
    last: Option<&LedgerRow>,
    lang: Lang,
) -> Result<LedgerTemplate<'t>, StreamError> {
    let (start, rows, end) =
        sections(xml).ok_or_else(|| StreamError::Template("no <sheetData> in a ledger sheet".into()))?;
    let header = match last {
        None if len == 0 => rows,
        Some(last) if len > 0 => {
            let r = u32::try_from(len + 1).map_err(|_| StreamError::Template("too many rows for a sheet".into()))?;
            let mut mine = Vec::new();
            row_xml(&mut mine, r, &cells(last.borrowed(), lang))?;
            if !rows.ends_with(&mine) {
                return Err(StreamError::Template(format!("row {r} is written differently")));
            }
            &rows[..rows.len() - mine.len()]
        }
        _ => return Err(StreamError::Template("a ledger sheet's last row is missing".into())),
    };
    if !header.starts_with(b"<row r=\"1\"") || !header.ends_with(b"</row>") {
        return Err(StreamError::Template(
            "a ledger sheet's header row is not where it should be".into(),
        ));
    }
    Ok(LedgerTemplate { start, header, end })
}

/// What the thread that makes the rows' XML hands over.
enum Handoff {
    /// XML of rows, in order.
    Xml(Vec<u8>),
    /// The end of one ledger sheet's rows.
    SheetEnd,
}

/// `ledger.xlsx` as rust_xlsxwriter's template has it, its ledger sheets' rows to be streamed.
pub(crate) struct Streamed<'t> {
    /// The workbook, each ledger sheet holding its header and its last row.
    pub template: &'t [u8],
    /// The ledger sheets' row counts.
    pub sheets: &'t [usize],
    /// The ledger sheets' last rows, as the template has them.
    pub lasts: &'t [Option<LedgerRow>],
    /// The other parts rust_xlsxwriter copies from a temporary file (the rejects sheet).
    pub constant_memory: &'t [String],
    /// The compression level.
    pub level: i64,
    /// The language of the sheets.
    pub lang: Lang,
}

impl Streamed<'_> {
    /// Writes `ledger.xlsx` to `out`: the template's parts, each ledger sheet's rows from
    /// `rows` (every row of the ledger, in order) between its header and its end.
    ///
    /// # Errors
    /// The template differs from what this writes (before anything is written), a cell is
    /// refused, the rows are not the ledger's count, or `out` cannot be written.
    pub(crate) fn write<W: Write + Send>(&self, rows: &(impl Rows + ?Sized), out: &mut W) -> Result<(), StreamError> {
        let lang = self.lang;
        let mut archive = zip::ZipArchive::new(Cursor::new(self.template))?;
        // Each ledger sheet (a few rows in the template) split, and its last row checked,
        // before anything is written.
        let mut ledger_xml = Vec::with_capacity(self.sheets.len());
        for i in 0..self.sheets.len() {
            let name = format!("xl/worksheets/sheet{}.xml", i + 1);
            let xml = part(&mut archive, &name)?;
            ledger_xml.push((name, xml));
        }
        let mut ledgers = Vec::with_capacity(self.sheets.len());
        for ((name, xml), (len, last)) in ledger_xml.iter().zip(self.sheets.iter().zip(self.lasts)) {
            ledgers.push((name.as_str(), ledger_template(xml, *len, last.as_ref(), lang)?));
        }
        // In the order rust_xlsxwriter wrote them (the archive's index order).
        let names = (0..archive.len())
            .filter_map(|i| archive.name_for_index(i))
            .map(|name| name.map(std::borrow::Cow::into_owned))
            .collect::<Result<Vec<String>, _>>()?;
        let options = part_options(self.level);
        let sheets = self.sheets;
        let count: usize = sheets.iter().sum();
        let (send, receive) = mpsc::sync_channel::<Result<Handoff, StreamError>>(16);
        std::thread::scope(|s| {
            // The rows' XML, made on its own thread while this one compresses it.
            s.spawn(move || {
                let mut buf = Vec::with_capacity(HANDOFF + 4096);
                let (mut sheet, mut r) = (0usize, 2u32);
                let mut failed = None;
                let mut sent = true;
                let read = rows.each(count, &mut |row| {
                    // Row 1 is the header; a sheet holds fewer than 2^20 rows.
                    if let Err(e) = row_xml(&mut buf, r, &cells(row, lang)) {
                        // Too late to write the workbook another way.
                        failed = Some(match e {
                            StreamError::Template(why) => StreamError::Row(why),
                            e => e,
                        });
                        return false;
                    }
                    r += 1;
                    if r as usize - 2 == sheets[sheet] {
                        let full = std::mem::take(&mut buf);
                        sent = send.send(Ok(Handoff::Xml(full))).is_ok() && send.send(Ok(Handoff::SheetEnd)).is_ok();
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
                            sent = send.send(Ok(Handoff::SheetEnd)).is_ok();
                            sheet += 1;
                        }
                        Ok(())
                    }
                };
                if let Err(e) = end {
                    let _ = send.send(Err(e));
                }
            });
            // This thread compresses; its end (an error too) drops `receive`, which ends the other.
            compress(
                &mut archive,
                &names,
                &ledgers,
                self.constant_memory,
                options,
                count,
                receive,
                out,
            )
        })
    }
}

/// Part `name` of the template, uncompressed.
fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, StreamError> {
    let mut part = archive
        .by_name(name)
        .map_err(|_| StreamError::Template(format!("{name} is missing")))?;
    let mut bytes = Vec::with_capacity(usize::try_from(part.size()).unwrap_or(0));
    part.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Puts the template's parts (`names`, in order) into the zip, each uncompressed only when
/// its turn comes, and each ledger sheet's rows from `receive`.
#[allow(clippy::too_many_arguments)]
fn compress<W: Write>(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    names: &[String],
    ledgers: &[(&str, LedgerTemplate<'_>)],
    constant_memory: &[String],
    options: SimpleFileOptions,
    count: usize,
    receive: mpsc::Receiver<Result<Handoff, StreamError>>,
    out: W,
) -> Result<(), StreamError> {
    let mut zip = zip::ZipWriter::new_stream(out);
    for name in names {
        zip.start_file(name.as_str(), options)?;
        if let Some((_, ledger)) = ledgers.iter().find(|(n, _)| n == name) {
            zip.write_all(ledger.start)?;
            let mut blocks = Blocks {
                zip: &mut zip,
                buf: Vec::with_capacity(COPY_BLOCK),
            };
            blocks.put(ledger.header)?;
            loop {
                match receive.recv() {
                    Ok(Ok(Handoff::Xml(xml))) => blocks.put(&xml)?,
                    Ok(Ok(Handoff::SheetEnd)) => break,
                    Ok(Err(e)) => return Err(e),
                    Err(_) => return Err(StreamError::Rows { read: 0, count }),
                }
            }
            blocks.finish()?;
            zip.write_all(ledger.end)?;
        } else if constant_memory.contains(name) {
            let xml = part(archive, name)?;
            let (start, rows, end) =
                sections(&xml).ok_or_else(|| StreamError::Template(format!("no <sheetData> in {name}")))?;
            zip.write_all(start)?;
            let mut blocks = Blocks {
                zip: &mut zip,
                buf: Vec::with_capacity(COPY_BLOCK),
            };
            blocks.put(rows)?;
            blocks.finish()?;
            zip.write_all(end)?;
        } else {
            zip.write_all(&part(archive, name)?)?;
        }
    }
    // Whatever the thread still has to say: a short count or a refused cell.
    if let Ok(Err(e)) = receive.recv() {
        return Err(e);
    }
    zip.finish()?;
    Ok(())
}
