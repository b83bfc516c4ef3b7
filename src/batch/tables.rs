//! Reading the bureau's tables: CSV, UTF-8 with or without BOM, a header row, cells read as
//! text and parsed exactly (the csv crate's own number handling goes through f64).

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use std::sync::Arc;

/// The longest cell read: 1 MiB. No id, name, amount or note in the bureau's tables comes
/// near it; a longer one is an error naming its line and column.
pub const MAX_CELL_BYTES: usize = 1 << 20;
/// The longest row (or header) read: 16 MiB, its line end not counted. The records stop a
/// longer one once they have read that much of it, so that memory never follows a row that
/// does not end (their buffers hold a few times this at most).
pub const MAX_ROW_BYTES: u64 = 16 << 20;

use crate::batch::encoding::{self, Given};
use crate::batch::headers;
use crate::batch::records::{Cells, Records};
use crate::batch::row_fault::{CellFault, RowFault};
use crate::batch::table_error::TableError;
use crate::batch::workbook::{self, SheetSource};
use crate::values::digest::Sha256;

/// A problem with one row of one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The table's file name, e.g. `enterprises.csv`.
    pub table: String,
    /// 1-based line of the row (the header is line 1).
    pub line: u64,
    /// The column, where one is at fault.
    pub column: Option<&'static str>,
    /// A workbook's cell, `入驻企业!E3`, where the row came from one.
    pub cell: Option<String>,
    /// What is wrong (boxed: a row's result stays small).
    pub fault: Box<RowFault>,
}

impl RowProblem {
    /// A problem of the row as a whole, or of a column named in `column`.
    pub fn new(table: impl Into<String>, line: u64, column: Option<&'static str>, fault: RowFault) -> RowProblem {
        RowProblem {
            table: table.into(),
            line,
            column,
            cell: None,
            fault: Box::new(fault),
        }
    }

    /// What is wrong, at its cell (what `rejects.csv` says of the row).
    pub fn message(&self) -> String {
        match &self.cell {
            Some(cell) => format!("{cell}: {}", self.fault),
            None => self.fault.to_string(),
        }
    }
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: ", self.table, self.line)?;
        if let Some(c) = self.column {
            write!(f, "column {c}: ")?;
        }
        f.write_str(&self.message())
    }
}

/// A table file: its header read, its columns found by name, ready to be read in parts.
pub struct TableFile {
    /// The file name used in messages.
    pub name: Cow<'static, str>,
    path: PathBuf,
    columns: Vec<(&'static str, usize)>,
    /// Cells in the header: every row must have as many.
    width: usize,
    /// Whether lines end in CRLF.
    crlf: bool,
    /// Where the first data row starts.
    data_start: u64,
    /// The line the first data row starts on.
    data_line: u64,
    /// The file's size in bytes.
    pub size: u64,
    /// The header's column names.
    header: std::sync::Arc<[String]>,
    /// The workbook sheet the rows came from, if they did.
    pub source: Option<SheetSource>,
    /// The UTF-8 text read in place of the file (a transcoded CSV, a converted sheet).
    _converted: Option<Arc<tempfile::TempPath>>,
}

impl TableFile {
    /// Opens `dir/name` and reads its header, a CSV in the encoding `given` (detected when
    /// `None`); `None` when the file does not exist.
    ///
    /// # Errors
    /// An unreadable file or a header without one of `required`.
    pub fn open(
        dir: &Path,
        name: &'static str,
        required: &[&'static str],
        given: Option<Given>,
    ) -> Result<Option<TableFile>, TableError> {
        let csv = dir.join(name);
        if !csv.exists()
            && let Some(words) = headers::table(name)
            && let Some((book, sheet)) = workbook::find(dir, words)?
        {
            let converted = workbook::convert(&book, &sheet, words, required)?;
            return TableFile::open_converted(converted, Cow::Borrowed(name), required).map(Some);
        }
        TableFile::open_path(csv, Cow::Borrowed(name), required, given)
    }

    fn open_converted(
        converted: workbook::Converted,
        name: Cow<'static, str>,
        required: &[&'static str],
    ) -> Result<TableFile, TableError> {
        let path = converted.csv.to_path_buf();
        let mut file = TableFile::open_utf8(path, name, required)?.ok_or_else(|| TableError::Sheet {
            file: converted.source.workbook.clone().into(),
            place: converted.source.sheet.clone(),
            fault: Box::new(crate::batch::sheet_fault::SheetFault::NotRead),
        })?;
        file.source = Some(converted.source);
        file._converted = Some(Arc::new(converted.csv));
        Ok(file)
    }

    /// Opens a table at any path (a payments file, say), named in messages by its file name.
    ///
    /// # Errors
    /// An unreadable or missing file, or a header without one of `required`.
    pub fn open_file(path: &Path, required: &[&'static str]) -> Result<TableFile, TableError> {
        let name = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        if workbook::is_workbook(path) && path.exists() {
            let words = headers::table("payments.csv").expect("payments is a table");
            let sheet = workbook::sheet_for_file(path, words)?;
            let converted = workbook::convert(path, &sheet, words, required)?;
            return TableFile::open_converted(converted, Cow::Owned(name), required);
        }
        TableFile::open_path(path.to_path_buf(), Cow::Owned(name), required, None)?.ok_or_else(|| {
            TableError::Unreadable {
                file: path.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            }
        })
    }

    fn open_path(
        path: PathBuf,
        name: Cow<'static, str>,
        required: &[&'static str],
        given: Option<Given>,
    ) -> Result<Option<TableFile>, TableError> {
        // CSV that is not UTF-8 (GBK, GB18030, UTF-16): read as UTF-8 text transcoded line
        // for line, so that line numbers still hold.
        let found = match given {
            Some(g) => encoding::for_given(&path, g).map(Some),
            None => encoding::sniff(&path),
        };
        let encoding = match found {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(TableError::Unreadable { file: path, source }),
        };
        let Some(encoding) = encoding else {
            return TableFile::open_utf8(path, name, required);
        };
        let utf8 = encoding::to_utf8(&path, encoding).map_err(|e| match e {
            Ok(source) => TableError::Unreadable {
                file: path.clone(),
                source,
            },
            Err(not) => match given {
                Some(g) => TableError::NotGiven {
                    file: path.clone(),
                    line: not.line,
                    encoding: g.name(),
                },
                None => TableError::Encoding {
                    file: path.clone(),
                    line: not.line,
                    encoding: not.encoding,
                },
            },
        })?;
        let mut file = TableFile::open_utf8(utf8.to_path_buf(), name, required)?;
        if let Some(f) = file.as_mut() {
            f._converted = Some(Arc::new(utf8));
        }
        Ok(file)
    }

    fn open_utf8(
        path: PathBuf,
        name: Cow<'static, str>,
        required: &[&'static str],
    ) -> Result<Option<TableFile>, TableError> {
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(TableError::Unreadable { file: path, source }),
        };
        let unreadable = |source| TableError::Unreadable {
            file: path.clone(),
            source,
        };
        let size = file.metadata().map_err(unreadable)?.len();
        let mut buffered = BufReader::new(file);
        // A UTF-8 byte-order mark, as Excel writes, is not part of the first column's name.
        let bom = buffered.fill_buf().map_err(unreadable)?.starts_with(b"\xEF\xBB\xBF");
        if bom {
            buffered.consume(3);
        }
        let mut records = Records::new(buffered, MAX_ROW_BYTES as usize);
        let header: Vec<Vec<u8>> = match records.next_record() {
            Ok(Some(cells)) => cells.iter().map(<[u8]>::to_vec).collect(),
            unread => {
                let fault = match unread {
                    Err(e) => RowFault::Csv(e.to_string()),
                    Ok(_) => RowFault::NoHeader,
                };
                return Err(TableError::Malformed {
                    file: path,
                    line: 1,
                    fault: Box::new(fault),
                });
            }
        };
        let mut data_start = records.position() + if bom { 3 } else { 0 };
        let mut data_line = records.line();
        // After a record ended by CRLF, the records (as the csv crate's reader) stop between
        // \r and \n: their position (and line) is one short. Such a table's rows are counted
        // from the true line start. (An LF after a header ended by an LF is a blank line.)
        let crlf = data_start > 0
            && byte_at(&path, data_start - 1).map_err(unreadable)? == Some(b'\r')
            && byte_at(&path, data_start).map_err(unreadable)? == Some(b'\n');
        if crlf {
            data_start += 1;
            data_line += 1;
        }
        if let Some(i) = header.iter().position(|h| h.len() > MAX_CELL_BYTES) {
            return Err(TableError::Malformed {
                file: path,
                line: 1,
                fault: Box::new(RowFault::ColumnNameTooLong { index: i + 1 }),
            });
        }
        let names: Vec<String> = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect();
        let mut columns = Vec::with_capacity(required.len());
        for column in required {
            match names.iter().position(|n| headers::header_is(&name, n, column)) {
                Some(i) => columns.push((*column, i)),
                None => {
                    return Err(TableError::MissingColumn {
                        file: path,
                        column,
                        found: names.join(","),
                    });
                }
            }
        }
        Ok(Some(TableFile {
            name,
            path,
            columns,
            width: names.len(),
            header: names.into(),
            crlf,
            data_start,
            data_line,
            size,
            source: None,
            _converted: None,
        }))
    }

    /// SHA-256 of the whole file's bytes.
    ///
    /// # Errors
    /// The file cannot be read.
    pub fn sha256(&self) -> Result<String, TableError> {
        self.sha256_and_copy(None, &std::sync::atomic::AtomicBool::new(false))
    }

    /// SHA-256 of the whole file's bytes, writing them to `copy` on the way (one read
    /// serves both); gives up (as unreadable, interrupted) at the next block once `stop` is
    /// set.
    ///
    /// # Errors
    /// The file cannot be read, or the copy written.
    pub fn sha256_and_copy(
        &self,
        mut copy: Option<&mut File>,
        stop: &std::sync::atomic::AtomicBool,
    ) -> Result<String, TableError> {
        let unreadable = |source| TableError::Unreadable {
            file: self.path.clone(),
            source,
        };
        let mut file = File::open(&self.path).map_err(unreadable)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        loop {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                return Err(unreadable(std::io::ErrorKind::Interrupted.into()));
            }
            let n = file.read(&mut buf).map_err(unreadable)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            if let Some(out) = copy.as_mut() {
                std::io::Write::write_all(out, &buf[..n]).map_err(|source| TableError::Copy {
                    file: self.path.clone(),
                    source,
                })?;
            }
        }
        Ok(hasher.hex())
    }

    /// The file read: the table's own, or the UTF-8 text read in its place (a transcoded CSV,
    /// a converted sheet), as its unreadable errors name it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The sheet a row's cells are addressed in (`enterprises!D17`), for a workbook's table.
    fn sheet(&self) -> Option<Arc<str>> {
        self.source.as_ref().map(|s| Arc::from(s.sheet.as_str()))
    }

    /// The data rows in up to `n` parts of about equal size, each starting at a row's start.
    /// Parts are cut only where the CSV reader itself would end a record (see
    /// [`RecordBoundaries`]), so that reading the parts gives exactly the rows one sequential
    /// reader gives, whatever `n` is.
    ///
    /// # Errors
    /// The file cannot be read.
    pub fn parts(&self, n: usize) -> Result<Vec<Table>, TableError> {
        self.parts_above(n, 1 << 20)
    }

    /// As [`TableFile::parts`], splitting only a table of more than `min_bytes` of rows.
    fn parts_above(&self, n: usize, min_bytes: u64) -> Result<Vec<Table>, TableError> {
        let rows = self.size.saturating_sub(self.data_start);
        let targets: Vec<u64> = if n > 1 && rows > min_bytes {
            let step = rows / n as u64;
            (1..n as u64).map(|k| self.data_start + step * k).collect()
        } else {
            Vec::new()
        };
        self.parts_at(&targets)
    }

    /// Parts cut at the first record boundary at or after each of `targets` (ascending).
    fn parts_at(&self, targets: &[u64]) -> Result<Vec<Table>, TableError> {
        let unreadable = |source| TableError::Unreadable {
            file: self.path.clone(),
            source,
        };
        // (offset, its line, the line of the part's first row)
        let mut cuts = vec![(self.data_start, self.data_line, self.data_line)];
        if !targets.is_empty() {
            let mut file = File::open(&self.path).map_err(unreadable)?;
            file.seek(SeekFrom::Start(self.data_start)).map_err(unreadable)?;
            let mut reader = BufReader::with_capacity(1 << 20, file);
            // The header's line end was counted into data_line, and a CRLF table's rows are
            // named one line on from what the records report (see `PartLines::line_of`).
            let crlf = u64::from(self.crlf);
            let mut scan = RecordBoundaries::new(self.data_start, self.data_line, self.data_line - crlf);
            let mut next = 0;
            'scan: loop {
                let buf = reader.fill_buf().map_err(unreadable)?;
                if buf.is_empty() {
                    break;
                }
                let len = buf.len();
                let mut at = 0;
                while at < len {
                    // Boundaries before the next target are not needed: plain records up to
                    // the byte before it are passed at once.
                    let start = scan.pos - at as u64;
                    let limit = targets[next].saturating_sub(1).saturating_sub(start);
                    scan.pass_plain(buf, &mut at, usize::try_from(limit).unwrap_or(len));
                    let Some((pos, line, first_row_line)) = scan.next_boundary(buf, &mut at) else {
                        break;
                    };
                    while next < targets.len() && targets[next] <= pos {
                        next += 1;
                        if pos < self.size && cuts.last().is_some_and(|c| c.0 < pos) {
                            cuts.push((pos, line, first_row_line + crlf));
                        }
                    }
                    if next == targets.len() {
                        break 'scan;
                    }
                }
                reader.consume(len);
            }
        }
        let mut ends: Vec<u64> = cuts.iter().skip(1).map(|c| c.0).collect();
        ends.push(self.size);
        let mut parts = Vec::with_capacity(cuts.len());
        for ((start, first_line, first_row_line), end) in cuts.into_iter().zip(ends) {
            let mut file = File::open(&self.path).map_err(unreadable)?;
            file.seek(SeekFrom::Start(start)).map_err(unreadable)?;
            let source: Box<dyn Read + Send> = Box::new(file.take(end - start));
            parts.push(Table {
                name: self.name.clone(),
                path: self.path.clone(),
                records: Records::new(source, MAX_ROW_BYTES as usize),
                columns: self.columns.clone(),
                width: self.width,
                rows: 0,
                lines: PartLines {
                    first_line,
                    first_row_line,
                    crlf: self.crlf,
                },
                header: self.header.clone(),
                sheet: self.sheet(),
            });
        }
        Ok(parts)
    }
}

/// Where records end, found byte by byte as the CSV reader finds them (RFC 4180, as the csv
/// crate reads it): a `"` opens a quoted cell only at the start of a cell; inside one, `""` is
/// a quote and a lone `"` closes it; a CR or LF outside a quoted cell ends the record, and CRs
/// and LFs before a record are skipped. A stray `"` inside an unquoted cell
/// (`某"品牌"有限公司`) is text, and does not count.
///
/// A part may start after any LF between records. The line it gives for the record there is
/// the one the sequential reader gives it: counted to the end of the previous record (a CRLF
/// ends a record at its CR; blank lines are counted into the record after them).
#[derive(Debug, Clone)]
pub(crate) struct RecordBoundaries {
    /// Offset of the next byte to scan.
    pos: u64,
    /// Line feeds before it, plus one.
    line: u64,
    /// `line` just after the last record's end.
    record_end_line: u64,
    state: ScanState,
    /// The byte before `pos`.
    last: u8,
    /// Bytes looked through by [`Self::pass_plain`] (each at most about once).
    looked: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScanState {
    /// Between records: CR and LF are skipped.
    RecordStart,
    /// At the start of a record's first cell: a `"` here opens a quoted cell.
    CellStart,
    /// Inside an unquoted cell (or after a quoted one closed).
    Unquoted,
    /// Inside a quoted cell.
    Quoted,
    /// Just after a `"` inside a quoted cell: another `"` is a quote, anything else closes it.
    QuoteInQuoted,
}

impl RecordBoundaries {
    /// Starts at a record's start, at `pos`, after `line - 1` line feeds; `record_end_line` is
    /// the line the sequential reader gives the record there.
    pub(crate) fn new(pos: u64, line: u64, record_end_line: u64) -> RecordBoundaries {
        RecordBoundaries {
            pos,
            line,
            record_end_line,
            state: ScanState::RecordStart,
            last: b'\n',
            looked: 0,
        }
    }

    /// Scans `buf` (the bytes at `self.pos` on) from `*at`; after the next LF between records,
    /// returns the offset after it, its line, and the line the sequential reader gives the
    /// record that starts there, with `*at` past it. `None` when `buf` ends first (`*at` is then its
    /// length; call again with the next bytes).
    pub(crate) fn next_boundary(&mut self, buf: &[u8], at: &mut usize) -> Option<(u64, u64, u64)> {
        while *at < buf.len() {
            let rest = &buf[*at..];
            match self.state {
                ScanState::Quoted => match memchr::memchr2(b'"', b'\n', rest) {
                    Some(i) => {
                        if rest[i] == b'\n' {
                            self.line += 1;
                        } else {
                            self.state = ScanState::QuoteInQuoted;
                        }
                        self.advance(buf, at, i + 1);
                    }
                    None => self.advance(buf, at, rest.len()),
                },
                ScanState::QuoteInQuoted => {
                    if rest[0] == b'"' {
                        self.state = ScanState::Quoted;
                        self.advance(buf, at, 1);
                    } else {
                        // The quoted cell is closed; this byte is read as outside it.
                        self.state = ScanState::Unquoted;
                    }
                }
                ScanState::RecordStart => match rest[0] {
                    b'\n' => {
                        self.line += 1;
                        self.advance(buf, at, 1);
                        return Some((self.pos, self.line, self.record_end_line));
                    }
                    b'\r' => self.advance(buf, at, 1),
                    _ => self.state = ScanState::CellStart,
                },
                ScanState::CellStart => {
                    if rest[0] == b'"' {
                        self.state = ScanState::Quoted;
                        self.advance(buf, at, 1);
                    } else {
                        self.state = ScanState::Unquoted;
                    }
                }
                // Commas matter only before a quote, so the scan jumps from quote to line end
                // (at the speed of memchr) and looks back one byte at a quote.
                ScanState::Unquoted => match memchr::memchr3(b'"', b'\n', b'\r', rest) {
                    Some(i) => {
                        let byte = rest[i];
                        let before = if i > 0 { rest[i - 1] } else { self.last };
                        self.advance(buf, at, i + 1);
                        if byte == b'"' {
                            if before == b',' {
                                self.state = ScanState::Quoted;
                            }
                            continue;
                        }
                        self.state = ScanState::RecordStart;
                        if byte == b'\n' {
                            self.line += 1;
                            self.record_end_line = self.line;
                            return Some((self.pos, self.line, self.record_end_line));
                        }
                        self.record_end_line = self.line;
                    }
                    None => self.advance(buf, at, rest.len()),
                },
            }
        }
        None
    }

    /// Passes in one step the records of `buf[*at..limit]` that come before its first `"` or
    /// CR (all of them, in the usual case), up to the last LF among them, when the scan is
    /// between records: their line feeds are counted, and the scan stands after the last one
    /// as [`Self::next_boundary`] would (a LF after a cell ends a record; one after another
    /// is a blank line), without returning the boundaries passed. The record with the `"` or
    /// CR is then left to [`Self::next_boundary`], and the next call starts after it: the scan
    /// stays linear in the bytes whatever the quotes.
    pub(crate) fn pass_plain(&mut self, buf: &[u8], at: &mut usize, limit: usize) {
        if self.state != ScanState::RecordStart || limit <= *at {
            return;
        }
        let region = &buf[*at..limit.min(buf.len())];
        let plain = memchr::memchr2(b'"', b'\r', region).map_or(region, |odd| &region[..odd]);
        self.looked += plain.len() as u64;
        let Some(last_lf) = memchr::memrchr(b'\n', plain) else {
            return;
        };
        let region = &plain[..=last_lf];
        let lfs = memchr::memchr_iter(b'\n', region).count() as u64;
        // The last record passed ends at the LF after its last byte; blank lines after it
        // are counted into the next record's line, not this one's end.
        if let Some(last_byte) = region.iter().rposition(|&b| b != b'\n') {
            let blank_after = (last_lf - last_byte - 1) as u64;
            self.record_end_line = self.line + lfs - blank_after;
        }
        self.line += lfs;
        self.advance(buf, at, last_lf + 1);
    }

    fn advance(&mut self, buf: &[u8], at: &mut usize, n: usize) {
        *at += n;
        self.pos += n as u64;
        if n > 0 {
            self.last = buf[*at - 1];
        }
    }
}

/// The byte at `offset` of a file, if it has one.
fn byte_at(path: &Path, offset: u64) -> std::io::Result<Option<u8>> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut byte = [0u8; 1];
    Ok((file.read(&mut byte)? == 1).then_some(byte[0]))
}

/// A table's digest and row count, once read to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDigest {
    /// File name, e.g. `parks.csv`.
    pub table: &'static str,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Data rows read (the header not counted).
    pub rows: u64,
    /// The workbook sheet it was read from, if it was.
    pub source: Option<SheetSource>,
}

/// Some data rows of a table, read one by one.
pub struct Table {
    /// The file name used in messages.
    pub name: Cow<'static, str>,
    path: PathBuf,
    records: Records<Box<dyn Read + Send>>,
    columns: Vec<(&'static str, usize)>,
    width: usize,
    /// Rows read so far.
    pub rows: u64,
    /// Where this part's rows are in the file.
    lines: PartLines,
    /// The header's column names, for messages.
    header: std::sync::Arc<[String]>,
    /// The sheet, for a workbook's table: problems name its cells.
    sheet: Option<Arc<str>>,
}

impl Table {
    /// Opens `dir/name` whole, as one part; `None` when the file does not exist.
    ///
    /// # Errors
    /// As [`TableFile::open`].
    pub fn open(
        dir: &Path,
        name: &'static str,
        required: &[&'static str],
        given: Option<Given>,
    ) -> Result<Option<(TableFile, Table)>, TableError> {
        let Some(file) = TableFile::open(dir, name, required, given)? else {
            return Ok(None);
        };
        let table = file.parts(1)?.pop().expect("one part");
        Ok(Some((file, table)))
    }

    /// Where a named column is in this table's rows, for [`Row::bytes_at`].
    pub fn column_at(&self, column: &'static str) -> ColumnAt {
        ColumnAt(column_index(&self.columns, column))
    }

    /// The next row, or `None` at the end.
    ///
    /// # Errors
    /// A row that cannot be read (longer than [`MAX_ROW_BYTES`], or the file fails), or with
    /// a different number of cells than the header.
    pub fn next_row(&mut self) -> Result<Option<Row<'_>>, TableError> {
        // The file line of the next row (of the row that could not be read, on an error).
        let line = self.lines.line_of(self.records.line(), self.rows > 0);
        match self.records.next_record() {
            Ok(None) => Ok(None),
            Ok(Some(cells)) => {
                self.rows += 1;
                if let Some(i) = cells.iter().position(|c| c.len() > MAX_CELL_BYTES) {
                    return Err(TableError::Malformed {
                        file: self.path.clone(),
                        line,
                        fault: Box::new(RowFault::CellTooLong {
                            column: self
                                .header
                                .get(i)
                                .map_or_else(|| (i + 1).to_string(), |h| format!("`{h}`")),
                            bytes: cells.get(i).map_or(0, <[u8]>::len),
                        }),
                    });
                }
                if cells.len() != self.width {
                    return Err(TableError::Malformed {
                        file: self.path.clone(),
                        line,
                        fault: Box::new(RowFault::CellCount {
                            cells: cells.len() as u64,
                            header: self.width as u64,
                        }),
                    });
                }
                Ok(Some(Row {
                    table: &self.name,
                    line,
                    cells,
                    columns: &self.columns,
                    sheet: self.sheet.as_deref(),
                }))
            }
            Err(e) => Err(TableError::Malformed {
                file: self.path.clone(),
                line,
                fault: Box::new(RowFault::Csv(e.to_string())),
            }),
        }
    }

    /// Reads any rest of this part; returns the rows read.
    ///
    /// # Errors
    /// A row that cannot be read.
    pub fn finish(mut self) -> Result<u64, TableError> {
        while self.next_row()?.is_some() {}
        Ok(self.rows)
    }
}

/// Where a part's rows are in the file.
#[derive(Clone, Copy)]
struct PartLines {
    /// The file line the part starts on.
    first_line: u64,
    /// The line its first row is named by: the one a sequential reader gives it (after a CRLF
    /// or blank lines, the reader counts a row from the end of the one before).
    first_row_line: u64,
    /// Whether lines end in CRLF: then every row after a part's first is reported a line short.
    crlf: bool,
}

impl PartLines {
    /// The file line of a row the records place on `reported` (1-based within the part).
    fn line_of(self, reported: u64, after_the_first: bool) -> u64 {
        if after_the_first {
            self.first_line + reported - 1 + u64::from(self.crlf)
        } else {
            self.first_row_line
        }
    }
}

/// Where a named column is in a table's rows (none where the table lacks it), found once for
/// the table. Only for rows of that table's file (its parts share one header): another
/// table's rows would give another column's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnAt(Option<usize>);

/// Where a named column is in a table's rows. Callers name columns by the same `&'static str`
/// the table was opened with, so the address usually finds it without comparing text.
fn column_index(columns: &[(&'static str, usize)], column: &'static str) -> Option<usize> {
    columns
        .iter()
        .find(|(c, _)| std::ptr::eq(*c, column))
        .or_else(|| columns.iter().find(|(c, _)| *c == column))
        .map(|c| c.1)
}

/// One row of a table.
pub struct Row<'t> {
    table: &'t str,
    /// 1-based line.
    pub line: u64,
    cells: Cells<'t>,
    columns: &'t [(&'static str, usize)],
    sheet: Option<&'t str>,
}

impl Row<'_> {
    /// A problem with this row, in `column`.
    pub fn problem(&self, column: &'static str, fault: impl Into<RowFault>) -> RowProblem {
        // A workbook's row: the problem names the cell (the line is the sheet's row).
        let cell = self.sheet.map(|sheet| {
            let col = self.column_index(column).unwrap_or(0);
            format!("{sheet}!{}{}", workbook::column_letters(col as u32), self.line)
        });
        RowProblem {
            table: self.table.to_string(),
            line: self.line,
            column: Some(column),
            cell,
            fault: Box::new(fault.into()),
        }
    }

    fn column_index(&self, column: &'static str) -> Option<usize> {
        column_index(self.columns, column)
    }

    /// Where a named column is in this row's table, to read many rows' cells by
    /// [`Row::bytes_at`].
    pub fn column_at(&self, column: &'static str) -> ColumnAt {
        ColumnAt(self.column_index(column))
    }

    /// The cell of a named column, trimmed; `None` when empty.
    ///
    /// # Errors
    /// A cell that is not UTF-8.
    pub fn cell(&self, column: &'static str) -> Result<Option<&str>, RowProblem> {
        let Some(i) = self.column_index(column) else {
            return Ok(None);
        };
        let bytes = self.cells.get(i).unwrap_or_default();
        let text = std::str::from_utf8(bytes).map_err(|_| self.problem(column, RowFault::NotUtf8))?;
        // Most cells begin and end with a printable ASCII character, which is never white
        // space: nothing to trim, and no need to look at the characters for it.
        let plain_ends = |b: Option<&u8>| b.is_some_and(|b| (0x21..=0x7E).contains(b));
        let text = if plain_ends(bytes.first()) && plain_ends(bytes.last()) {
            text
        } else {
            text.trim()
        };
        if let Some(why) = text.strip_prefix(workbook::CELL_PROBLEM) {
            let fault = CellFault::read(why).map_or_else(|| RowFault::Said(why.to_string()), RowFault::Cell);
            return Err(self.problem(column, fault));
        }
        if headers::has_value_words(column) {
            return Ok((!text.is_empty()).then_some(headers::value_id(column, text)));
        }
        Ok((!text.is_empty()).then_some(text))
    }

    /// A cell's bytes as the file has them (untrimmed, unchecked), for telling a row's cell
    /// from the one before it; empty when the table has no such column.
    pub fn bytes(&self, column: &'static str) -> &[u8] {
        self.bytes_at(self.column_at(column))
    }

    /// As [`Row::bytes`], for a column found once for the whole table ([`Table::column_at`]):
    /// a large table's rows are read without looking for their columns by name.
    #[inline]
    pub fn bytes_at(&self, at: ColumnAt) -> &[u8] {
        at.0.and_then(|i| self.cells.get(i)).unwrap_or_default()
    }

    /// A cell that must be given.
    ///
    /// # Errors
    /// An empty cell.
    pub fn required(&self, column: &'static str) -> Result<&str, RowProblem> {
        self.cell(column)?.ok_or_else(|| self.problem(column, RowFault::Empty))
    }

    /// A cell parsed by `parse`, with the column named in any error.
    ///
    /// # Errors
    /// An empty cell or one `parse` refuses.
    pub fn parse<T, E: Into<RowFault>>(
        &self,
        column: &'static str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<T, RowProblem> {
        let text = self.required(column)?;
        parse(text).map_err(|e| self.problem(column, e))
    }

    /// An optional cell parsed by `parse`.
    ///
    /// # Errors
    /// A cell `parse` refuses.
    pub fn parse_opt<T, E: Into<RowFault>>(
        &self,
        column: &'static str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<Option<T>, RowProblem> {
        match self.cell(column)? {
            None => Ok(None),
            Some(text) => parse(text).map(Some).map_err(|e| self.problem(column, e)),
        }
    }

    /// The whole row as the file had it, cells joined by commas (for rejects).
    pub fn raw(&self) -> String {
        let cells: Vec<String> = self
            .cells
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        cells.join(",")
    }
}

/// A date cell: `2022-04-10`, `2022/4/10` or `2022年4月10日`.
pub fn parse_date(text: &str) -> Result<jiff::civil::Date, RowFault> {
    headers::parse_date(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row's line and cells, or the error reading it.
    type RowRead = Result<(u64, Vec<Vec<u8>>), String>;

    /// Every row read, with its line, up to and including the first error.
    fn read_all(parts: Vec<Table>) -> Vec<RowRead> {
        let mut out = Vec::new();
        for mut part in parts {
            loop {
                match part.next_row() {
                    Ok(Some(row)) => out.push(Ok((row.line, row.cells.iter().map(<[u8]>::to_vec).collect()))),
                    Ok(None) => break,
                    Err(e) => {
                        out.push(Err(e.to_string()));
                        return out;
                    }
                }
            }
        }
        out
    }

    const ROWS: &[&str] = &[
        "P1,2022,U1,某\"品牌\"有限公司,100.00\n",
        "P1,2022,U2,\"a note\nCX-9,2022,U9,x,500000.00\nend\",1.00\n",
        "P1,2022,U3,\"a \"\"quoted\"\" name\",2.00\r\n",
        "P1,2022,U4,x\"y,3.00\n",
        "\"P1\",\"2022\",\"U5\",\"multi\r\nline\",4.00\r\n",
        "P1,2022,U6,\"ab\"cd,5.00\n",
        "P1,2022,U7,\"\",6.00\n",
        "P1,2022,U8,\"\"\"\",7.00\n",
        "P1,2022,U9, \"leading space\",8.00\n",
        "\n",
        "P1,2022,UA,\"\n\",9.00\n",
    ];

    /// Tables of the rows above in many orders, with LF and CRLF line ends.
    fn adversarial_tables() -> Vec<String> {
        let mut tables = Vec::new();
        for rotate in 0..ROWS.len() {
            for crlf in [false, true] {
                let mut t = String::from(if crlf {
                    "park_id,year,uscc,name,amount\r\n"
                } else {
                    "park_id,year,uscc,name,amount\n"
                });
                for k in 0..ROWS.len() * 2 {
                    let row = ROWS[(k * (rotate + 1) + rotate) % ROWS.len()];
                    t.push_str(&if crlf {
                        row.replace("0\n", "0\r\n")
                    } else {
                        row.to_string()
                    });
                }
                tables.push(t);
            }
        }
        tables
    }

    #[test]
    fn a_column_found_once_for_the_table_gives_each_rows_cell_of_that_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("enterprises.csv");
        std::fs::write(
            &path,
            "amount,uscc,name,year,park_id\n1.00,U1,x,2022,P1\n2.00,U2,y,2023,P2\n",
        )
        .unwrap();
        let file = TableFile::open_file(&path, &["park_id", "year", "uscc", "name", "amount"]).unwrap();
        let mut part = file.parts_at(&[]).unwrap().pop().unwrap();
        let names = ["park_id", "year", "uscc", "name", "amount"];
        let at = names.map(|name| part.column_at(name));
        assert_eq!(part.column_at("no_such_column"), ColumnAt(None));
        let mut rows = Vec::new();
        while let Some(row) = part.next_row().unwrap() {
            for (name, at) in names.iter().zip(at) {
                assert_eq!(row.bytes_at(at), row.bytes(name), "{name}");
                assert_eq!(row.column_at(name), at, "{name}");
            }
            rows.push(names.map(|name| String::from_utf8(row.bytes(name).to_vec()).unwrap()));
        }
        assert_eq!(
            rows,
            [["P1", "2022", "U1", "x", "1.00"], ["P2", "2023", "U2", "y", "2.00"]]
        );
    }

    #[test]
    fn parts_give_exactly_the_rows_of_one_sequential_read_wherever_they_are_cut() {
        let dir = tempfile::tempdir().unwrap();
        for (i, text) in adversarial_tables().iter().enumerate() {
            let name = format!("t{i}.csv");
            std::fs::write(dir.path().join(&name), text).unwrap();
            let file = TableFile::open_file(&dir.path().join(&name), &["park_id", "name"]).unwrap();
            let sequential = read_all(file.parts_at(&[]).unwrap());
            assert!(sequential.len() > ROWS.len(), "{name}: {sequential:?}");
            for threads in [1, 2, 8] {
                let parts = file.parts_above(threads, 0).unwrap();
                assert_eq!(read_all(parts), sequential, "{name} on {threads} threads");
            }
            // A cut aimed at every byte, and two at once (in a few of the tables: debug
            // builds are slow).
            if i >= 6 {
                continue;
            }
            for target in file.data_start..=file.size {
                let parts = file.parts_at(&[target]).unwrap();
                assert_eq!(read_all(parts), sequential, "{name} cut at {target}");
                let parts = file.parts_at(&[target, target + 7]).unwrap();
                assert_eq!(read_all(parts), sequential, "{name} cut at {target} and {}", target + 7);
            }
        }
    }

    /// Plain rows (no quote, no CR) are passed in one step up to a cut: blank lines among
    /// them, at the end of the passed bytes, and a quoted or CRLF row after them.
    #[test]
    fn plain_rows_passed_at_once_give_the_rows_and_lines_of_a_sequential_read() {
        let dir = tempfile::tempdir().unwrap();
        let plain = [
            "P1,2022,U1,x,1.00\n",
            "P2,2022,U2,y,2.00\n",
            "\n",
            "\n\n",
            "P3,2022,U3,z,3.00\n",
        ];
        let odd = [
            "P4,2022,U4,\"a\nb\",4.00\n",
            "P5,2022,U5,w,5.00\r\n",
            "P6,2022,U6,v\"w,6.00\n",
        ];
        for variant in 0..12 {
            let mut text = String::from("park_id,year,uscc,name,amount\n");
            for k in 0..40 {
                text.push_str(plain[(k * (variant + 1) + variant) % plain.len()]);
                if k % (variant + 3) == 0 && variant % 4 != 0 {
                    text.push_str(odd[(k + variant) % odd.len()]);
                }
            }
            let path = dir.path().join(format!("plain{variant}.csv"));
            std::fs::write(&path, &text).unwrap();
            let file = TableFile::open_file(&path, &["park_id", "name"]).unwrap();
            let sequential = read_all(file.parts_at(&[]).unwrap());
            assert!(sequential.len() >= 24, "{variant}: {sequential:?}");
            for target in file.data_start..=file.size {
                let parts = file.parts_at(&[target]).unwrap();
                assert_eq!(read_all(parts), sequential, "plain{variant} cut at {target}");
                let parts = file.parts_at(&[target, target + 30, target + 31]).unwrap();
                assert_eq!(read_all(parts), sequential, "plain{variant} cut at {target} and after");
            }
        }
    }

    /// A quoted cell now and then does not make the scan look through the plain records
    /// after it again for every record before it (it once did: 14 s to cut a 100,000-park
    /// table with a quoted name every 12,000 rows).
    #[test]
    fn passing_plain_records_looks_through_each_byte_about_once_whatever_the_quotes() {
        let mut text = Vec::new();
        for k in 0..20_000 {
            text.extend_from_slice(if k % 100 == 50 {
                b"P1,2022,U1,\"a \"\"b\"\"\",1.00\n".as_slice()
            } else {
                b"P1,2022,U1,x,1.00\n".as_slice()
            });
        }
        let mut scan = RecordBoundaries::new(0, 1, 1);
        let (mut at, mut boundaries) = (0, 0);
        while at < text.len() {
            scan.pass_plain(&text, &mut at, text.len() - 1);
            if scan.next_boundary(&text, &mut at).is_none() {
                break;
            }
            boundaries += 1;
        }
        assert_eq!(scan.line, 20_001);
        assert!(boundaries >= 200, "{boundaries} boundaries returned");
        assert!(
            scan.looked <= text.len() as u64,
            "{} bytes looked through for {}",
            scan.looked,
            text.len()
        );
    }

    #[test]
    fn a_row_too_long_is_named_by_its_line_as_the_csv_crate_counts_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("parks.csv");
        let mut text = b"park_id,name\nP1,x\nP2,\"a\nb\"\n\nP3,".to_vec();
        text.resize(text.len() + MAX_ROW_BYTES as usize + 1, b'y');
        text.push(b'\n');
        std::fs::write(&path, &text).unwrap();
        let file = TableFile::open_file(&path, &["park_id"]).unwrap();
        let rows = read_all(file.parts_at(&[]).unwrap());
        assert_eq!(rows.len(), 3, "{:?}", &rows[..2]);
        let e = rows[2].as_ref().unwrap_err();
        // The header, P1, P2's two lines and a blank line come before it: line 6, counted
        // as the csv crate counts it (from the end of the row before: line 5).
        assert!(e.contains(":5:") && e.contains("16 MiB"), "{e}");
    }

    #[test]
    fn a_blank_line_after_an_lf_header_does_not_make_the_table_crlf() {
        let dir = tempfile::tempdir().unwrap();
        for (text, lines) in [
            // Named as the csv crate names them: a row after blank lines by the first of them.
            ("park_id,name\n\nP1,x\nP2,y\n", [2, 4]),
            ("park_id,name\r\n\r\nP1,x\r\nP2,y\r\n", [2, 4]),
            ("park_id,name\nP1,x\nP2,y\n", [2, 3]),
        ] {
            let path = dir.path().join("parks.csv");
            std::fs::write(&path, text).unwrap();
            let file = TableFile::open_file(&path, &["park_id"]).unwrap();
            let sequential = read_all(file.parts_at(&[]).unwrap());
            let named: Vec<u64> = sequential.iter().map(|r| r.as_ref().unwrap().0).collect();
            assert_eq!(named, lines, "{text:?}");
            for target in file.data_start..=file.size {
                assert_eq!(
                    read_all(file.parts_at(&[target]).unwrap()),
                    sequential,
                    "{text:?} cut at {target}"
                );
            }
        }
    }

    #[test]
    fn a_stray_quote_before_a_quoted_line_end_does_not_make_a_note_an_enterprise() {
        // Issue 10: the old split counted quotes (an odd number of stray ones here), and cut
        // inside the quoted note, making its second line an enterprise of 500000.00.
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("park_id,year,uscc,name,amount\n");
        text.push_str("P1,2022,U1,某\"品牌有限公司,100.00\n");
        text.push_str("P1,2022,U2,\"a note\nCX-9,2022,U9,x,500000.00\nend\",1.00\n");
        let path = dir.path().join("enterprises.csv");
        std::fs::write(&path, &text).unwrap();
        let file = TableFile::open_file(&path, &["park_id"]).unwrap();
        let second_line = text.find("CX-9").unwrap() as u64;
        let rows = read_all(file.parts_at(&[second_line - 1]).unwrap());
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert!(
            rows.iter()
                .all(|r| r.as_ref().is_ok_and(|(_, cells)| cells[0] == b"P1"))
        );
    }
}
