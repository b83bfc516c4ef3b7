//! Reading the bureau's tables: CSV, UTF-8 with or without BOM, a header row, cells read as
//! text and parsed exactly (the csv crate's own number handling goes through f64).

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::batch::workbook::{self, SheetSource};
use crate::batch::{encoding, headers};

/// A problem with one row of one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The table's file name, e.g. `enterprises.csv`.
    pub table: String,
    /// 1-based line of the row (the header is line 1).
    pub line: u64,
    /// The column, where one is at fault.
    pub column: Option<&'static str>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: ", self.table, self.line)?;
        if let Some(c) = self.column {
            write!(f, "column {c}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// A file that could not be read as a table at all.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// Cannot open or read.
    #[error("{file}: cannot read: {source}")]
    Unreadable { file: PathBuf, source: std::io::Error },
    /// Not CSV, or a row with the wrong number of cells.
    #[error("{file}:{line}: {message}")]
    Malformed { file: PathBuf, line: u64, message: String },
    /// The copy kept beside the outputs could not be written.
    #[error("{file}: cannot copy beside the outputs: {source}")]
    Copy { file: PathBuf, source: std::io::Error },
    /// A workbook, or a sheet of one, that cannot be read as a table (named by sheet and cell).
    #[error("{file}: {place}{}{message}", if place.is_empty() { "" } else { ": " })]
    Sheet {
        file: PathBuf,
        place: String,
        message: String,
    },
    /// Text that is not in the encoding it was read as.
    #[error("{file}:{line}: not {encoding} text either: save the table as CSV UTF-8 (Excel: Save As, CSV UTF-8)")]
    Encoding {
        file: PathBuf,
        line: u64,
        encoding: &'static str,
    },
    /// A required column is missing from the header.
    #[error("{file}:1: no column `{column}` in the header (it has: {found})")]
    MissingColumn {
        file: PathBuf,
        column: &'static str,
        found: String,
    },
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
    /// The workbook sheet the rows came from, if they did.
    pub source: Option<SheetSource>,
    /// The UTF-8 text read in place of the file (a transcoded CSV, a converted sheet).
    _converted: Option<Arc<tempfile::TempPath>>,
}

impl TableFile {
    /// Opens `dir/name` and reads its header; `None` when the file does not exist.
    ///
    /// # Errors
    /// An unreadable file or a header without one of `required`.
    pub fn open(dir: &Path, name: &'static str, required: &[&'static str]) -> Result<Option<TableFile>, TableError> {
        let csv = dir.join(name);
        if !csv.exists()
            && let Some(words) = headers::table(name)
            && let Some((book, sheet)) = workbook::find(dir, words)?
        {
            let converted = workbook::convert(&book, &sheet, words, required)?;
            return TableFile::open_converted(converted, Cow::Borrowed(name), required).map(Some);
        }
        TableFile::open_path(csv, Cow::Borrowed(name), required)
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
            message: "the sheet could not be read".into(),
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
        TableFile::open_path(path.to_path_buf(), Cow::Owned(name), required)?.ok_or_else(|| TableError::Unreadable {
            file: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        })
    }

    fn open_path(
        path: PathBuf,
        name: Cow<'static, str>,
        required: &[&'static str],
    ) -> Result<Option<TableFile>, TableError> {
        // CSV that is not UTF-8 (GBK, GB18030, UTF-16): read as UTF-8 text transcoded line
        // for line, so that line numbers still hold.
        let encoding = match encoding::sniff(&path) {
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
            Err(not) => TableError::Encoding {
                file: path.clone(),
                line: not.line,
                encoding: not.encoding,
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
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(buffered);
        let mut header = csv::ByteRecord::new();
        let read = reader
            .read_byte_record(&mut header)
            .map_err(|e| TableError::Malformed {
                file: path.clone(),
                line: 1,
                message: csv_message(&e),
            })?;
        if !read {
            return Err(TableError::Malformed {
                file: path,
                line: 1,
                message: "empty: a table needs a header row".into(),
            });
        }
        let mut data_start = reader.position().byte() + if bom { 3 } else { 0 };
        let mut data_line = reader.position().line();
        // After a record ended by CRLF, the csv reader stops between \r and \n: its position
        // (and line) is one short. Such a table's rows are counted from the true line start.
        let crlf = byte_at(&path, data_start).map_err(unreadable)? == Some(b'\n');
        if crlf {
            data_start += 1;
            data_line += 1;
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
        self.sha256_and_copy(None)
    }

    /// SHA-256 of the whole file's bytes, writing them to `copy` on the way (one read
    /// serves both).
    ///
    /// # Errors
    /// The file cannot be read, or the copy written.
    pub fn sha256_and_copy(&self, mut copy: Option<&mut File>) -> Result<String, TableError> {
        let unreadable = |source| TableError::Unreadable {
            file: self.path.clone(),
            source,
        };
        let mut file = File::open(&self.path).map_err(unreadable)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        loop {
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
        Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The sheet a row's cells are addressed in (`enterprises!D17`), for a workbook's table.
    fn sheet(&self) -> Option<Arc<str>> {
        self.source.as_ref().map(|s| Arc::from(s.sheet.as_str()))
    }

    /// The data rows in up to `n` parts of about equal size, each starting at a row's start.
    /// A part boundary is a line end with an even number of quote characters before it, so
    /// it never falls inside a quoted cell.
    ///
    /// # Errors
    /// The file cannot be read.
    pub fn parts(&self, n: usize) -> Result<Vec<Table>, TableError> {
        let unreadable = |source| TableError::Unreadable {
            file: self.path.clone(),
            source,
        };
        let mut cuts = vec![(self.data_start, self.data_line)];
        if n > 1 && self.size - self.data_start > (1 << 20) {
            let mut file = File::open(&self.path).map_err(unreadable)?;
            file.seek(SeekFrom::Start(self.data_start)).map_err(unreadable)?;
            let mut reader = BufReader::with_capacity(1 << 20, file);
            let step = (self.size - self.data_start) / n as u64;
            let (mut pos, mut line, mut quotes) = (self.data_start, self.data_line, 0u64);
            'parts: for k in 1..n {
                let target = self.data_start + step * k as u64;
                loop {
                    let buf = reader.fill_buf().map_err(unreadable)?;
                    if buf.is_empty() {
                        break 'parts;
                    }
                    let used = if pos < target {
                        let take = buf.len().min((target - pos) as usize);
                        quotes += memchr::memchr_iter(b'"', &buf[..take]).count() as u64;
                        line += memchr::memchr_iter(b'\n', &buf[..take]).count() as u64;
                        take
                    } else {
                        match memchr::memchr2(b'"', b'\n', buf) {
                            Some(i) if buf[i] == b'"' => {
                                quotes += 1;
                                i + 1
                            }
                            Some(i) => {
                                line += 1;
                                reader.consume(i + 1);
                                pos += i as u64 + 1;
                                if quotes % 2 == 0 {
                                    if pos < self.size {
                                        cuts.push((pos, line));
                                    }
                                    continue 'parts;
                                }
                                continue;
                            }
                            None => buf.len(),
                        }
                    };
                    reader.consume(used);
                    pos += used as u64;
                }
            }
        }
        let mut ends: Vec<u64> = cuts.iter().skip(1).map(|c| c.0).collect();
        ends.push(self.size);
        let mut parts = Vec::with_capacity(cuts.len());
        for ((start, first_line), end) in cuts.into_iter().zip(ends) {
            let mut file = File::open(&self.path).map_err(unreadable)?;
            file.seek(SeekFrom::Start(start)).map_err(unreadable)?;
            let reader: Box<dyn Read + Send> = Box::new(BufReader::with_capacity(1 << 20, file.take(end - start)));
            let csv = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(reader);
            parts.push(Table {
                name: self.name.clone(),
                path: self.path.clone(),
                reader: csv,
                columns: self.columns.clone(),
                width: self.width,
                crlf: self.crlf,
                record: csv::ByteRecord::new(),
                rows: 0,
                first_line,
                sheet: self.sheet(),
            });
        }
        Ok(parts)
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
    reader: csv::Reader<Box<dyn Read + Send>>,
    columns: Vec<(&'static str, usize)>,
    width: usize,
    record: csv::ByteRecord,
    /// Rows read so far.
    pub rows: u64,
    /// The file line of this part's first row.
    first_line: u64,
    /// Whether lines end in CRLF: then every row after a part's first is reported a line short.
    crlf: bool,
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
    ) -> Result<Option<(TableFile, Table)>, TableError> {
        let Some(file) = TableFile::open(dir, name, required)? else {
            return Ok(None);
        };
        let table = file.parts(1)?.pop().expect("one part");
        Ok(Some((file, table)))
    }

    /// The next row, or `None` at the end.
    ///
    /// # Errors
    /// A row the CSV reader cannot read, or with a different number of cells than the header.
    pub fn next_row(&mut self) -> Result<Option<Row<'_>>, TableError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                self.rows += 1;
                let line = self.line_of(self.record.position().map_or(1, |p| p.line()), self.rows > 1);
                if self.record.len() != self.width {
                    return Err(TableError::Malformed {
                        file: self.path.clone(),
                        line,
                        message: format!("this row has {} cells, the header {}", self.record.len(), self.width),
                    });
                }
                Ok(Some(Row {
                    table: &self.name,
                    line,
                    record: &self.record,
                    columns: &self.columns,
                    sheet: self.sheet.as_deref(),
                }))
            }
            Err(e) => {
                let line = self.line_of(e.position().map_or(self.rows + 1, |p| p.line()), self.rows > 0);
                Err(TableError::Malformed {
                    file: self.path.clone(),
                    line,
                    message: csv_message(&e),
                })
            }
        }
    }

    /// The file line of a row the csv reader places on `reported` (1-based within the part).
    fn line_of(&self, reported: u64, after_the_first: bool) -> u64 {
        self.first_line + reported - 1 + u64::from(self.crlf && after_the_first)
    }

    /// Reads any rest of this part; returns the rows read.
    ///
    /// # Errors
    /// A row the CSV reader cannot read.
    pub fn finish(mut self) -> Result<u64, TableError> {
        while self.next_row()?.is_some() {}
        Ok(self.rows)
    }
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("this row has {len} cells, the header {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text: save the table as UTF-8 CSV".into(),
        _ => e.to_string(),
    }
}

/// One row of a table.
pub struct Row<'t> {
    table: &'t str,
    /// 1-based line.
    pub line: u64,
    record: &'t csv::ByteRecord,
    columns: &'t [(&'static str, usize)],
    sheet: Option<&'t str>,
}

impl Row<'_> {
    /// A problem with this row, in `column`.
    pub fn problem(&self, column: &'static str, message: impl Into<String>) -> RowProblem {
        let mut message = message.into();
        if let Some(sheet) = self.sheet {
            // A workbook's row: the message names the cell (the line is the sheet's row).
            let col = self.columns.iter().find(|(c, _)| *c == column).map_or(0, |c| c.1);
            message = format!(
                "{sheet}!{}{}: {message}",
                workbook::column_letters(col as u32),
                self.line
            );
        }
        RowProblem {
            table: self.table.to_string(),
            line: self.line,
            column: Some(column),
            message,
        }
    }

    /// The cell of a named column, trimmed; `None` when empty.
    ///
    /// # Errors
    /// A cell that is not UTF-8.
    pub fn cell(&self, column: &'static str) -> Result<Option<&str>, RowProblem> {
        let Some(&(_, i)) = self.columns.iter().find(|(c, _)| *c == column) else {
            return Ok(None);
        };
        let bytes = self.record.get(i).unwrap_or_default();
        let text = std::str::from_utf8(bytes)
            .map_err(|_| self.problem(column, "not UTF-8 text"))?
            .trim();
        if let Some(why) = text.strip_prefix(workbook::CELL_PROBLEM) {
            return Err(self.problem(column, why));
        }
        if headers::has_value_words(column) {
            return Ok((!text.is_empty()).then_some(headers::value_id(column, text)));
        }
        Ok((!text.is_empty()).then_some(text))
    }

    /// A cell that must be given.
    ///
    /// # Errors
    /// An empty cell.
    pub fn required(&self, column: &'static str) -> Result<&str, RowProblem> {
        self.cell(column)?
            .ok_or_else(|| self.problem(column, "must not be empty"))
    }

    /// A cell parsed by `parse`, with the column named in any error.
    ///
    /// # Errors
    /// An empty cell or one `parse` refuses.
    pub fn parse<T, E: std::fmt::Display>(
        &self,
        column: &'static str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<T, RowProblem> {
        let text = self.required(column)?;
        parse(text).map_err(|e| self.problem(column, e.to_string()))
    }

    /// An optional cell parsed by `parse`.
    ///
    /// # Errors
    /// A cell `parse` refuses.
    pub fn parse_opt<T, E: std::fmt::Display>(
        &self,
        column: &'static str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<Option<T>, RowProblem> {
        match self.cell(column)? {
            None => Ok(None),
            Some(text) => parse(text).map(Some).map_err(|e| self.problem(column, e.to_string())),
        }
    }

    /// The whole row as the file had it, cells joined by commas (for rejects).
    pub fn raw(&self) -> String {
        let cells: Vec<String> = self
            .record
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        cells.join(",")
    }
}

/// A date cell: `2022-04-10`, `2022/4/10` or `2022年4月10日`.
pub fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    headers::parse_date(text)
}

/// SHA-256 of everything a reader gives, as hex.
///
/// # Errors
/// The reader fails.
pub fn sha256_of(mut reader: impl Read) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}
