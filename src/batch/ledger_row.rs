//! A row of the ledger as `ledger.xlsx` shows it: read back from `ledger.csv` (borrowed, as
//! often as a writer needs it), and its twelve cells in the ledger's language. The one place
//! that says what a ledger sheet holds, for every way the sheet is written.

use crate::batch::records::{Cells, Records};
use crate::engine::assessment::Status;
use crate::report::glossary;
use crate::values::item::{Beneficiary, ItemId};
use crate::values::lang::Lang;

/// How many columns `ledger.csv` has (its header: `ledger_rows::LEDGER_HEADER`).
pub const LEDGER_COLUMNS: usize = 10;

/// One ledger row, as the CSV has it, with the park's name and town.
#[derive(Debug, Clone)]
pub struct LedgerRow {
    /// `park_id`, `year`, `item`, `beneficiary`, `recipient`, `amount`, `status`, `clause`,
    /// `reason`, `amount_in_words`, as in `ledger.csv`.
    pub cells: [String; LEDGER_COLUMNS],
    /// The park's name.
    pub name: String,
    /// The park's town.
    pub town: String,
}

impl LedgerRowRef<'_> {
    /// The row, owned.
    pub fn to_owned(self) -> LedgerRow {
        LedgerRow {
            cells: self.cells.map(str::to_string),
            name: self.name.to_string(),
            town: self.town.to_string(),
        }
    }
}

impl LedgerRow {
    /// The row, borrowed.
    pub fn borrowed(&self) -> LedgerRowRef<'_> {
        LedgerRowRef {
            cells: std::array::from_fn(|i| self.cells[i].as_str()),
            name: &self.name,
            town: &self.town,
        }
    }
}

/// One ledger row, borrowed from where it is read.
#[derive(Debug, Clone, Copy)]
pub struct LedgerRowRef<'r> {
    /// As [`LedgerRow::cells`].
    pub cells: [&'r str; LEDGER_COLUMNS],
    /// The park's name.
    pub name: &'r str,
    /// The park's town.
    pub town: &'r str,
}

/// The ledger's rows, read from the start each time they are asked for.
pub(crate) trait Rows: Sync {
    /// Calls `row` with each of the first `limit` rows in order, until it returns `false`;
    /// returns how many rows it was called with.
    ///
    /// # Errors
    /// The rows cannot be read from the start.
    fn each(&self, limit: usize, row: &mut dyn FnMut(LedgerRowRef<'_>) -> bool) -> std::io::Result<usize>;

    /// Row `i` (from 0), owned, if the rows reach it.
    ///
    /// # Errors
    /// The rows cannot be read.
    fn at(&self, i: usize) -> std::io::Result<Option<LedgerRow>> {
        read_to(self, i)
    }
}

/// Row `i` of `rows`, read from their start.
fn read_to<R: Rows + ?Sized>(rows: &R, i: usize) -> std::io::Result<Option<LedgerRow>> {
    let (mut n, mut found) = (0usize, None);
    rows.each(i + 1, &mut |row| {
        if n == i {
            found = Some(row.to_owned());
        }
        n += 1;
        true
    })?;
    Ok(found)
}

impl Rows for [LedgerRow] {
    fn each(&self, limit: usize, row: &mut dyn FnMut(LedgerRowRef<'_>) -> bool) -> std::io::Result<usize> {
        let mut n = 0;
        for r in self.iter().take(limit) {
            n += 1;
            if !row(r.borrowed()) {
                break;
            }
        }
        Ok(n)
    }

    fn at(&self, i: usize) -> std::io::Result<Option<LedgerRow>> {
        Ok(self.get(i).cloned())
    }
}

/// An item's id in the words of the ledger's language: its short name from the glossary in
/// Chinese, the id itself in English (the ledger's English columns keep the ids).
pub(crate) fn item_words(id: &str, lang: Lang) -> &str {
    match (lang, id.parse::<ItemId>()) {
        (Lang::Zh, Ok(item)) => glossary::item_short(item).zh,
        _ => id,
    }
}

/// A status's id in the words of the ledger's language, as [`item_words`].
pub(crate) fn status_words(id: &str, lang: Lang) -> &str {
    match (lang, Status::ALL.into_iter().find(|s| s.as_str() == id)) {
        (Lang::Zh, Some(status)) => glossary::status(status).zh,
        _ => id,
    }
}

/// A beneficiary's id in the words of the ledger's language, as [`item_words`].
pub(crate) fn beneficiary_words(id: &str, lang: Lang) -> &str {
    match (lang, Beneficiary::ALL.into_iter().find(|b| b.as_str() == id)) {
        (Lang::Zh, Some(beneficiary)) => glossary::beneficiary(beneficiary).zh,
        _ => id,
    }
}

/// One cell of a ledger row, as the workbook holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'r> {
    /// A string cell (an empty one is no cell at all).
    Text(&'r str),
    /// The amount: a number cell in the money format.
    Amount(f64),
}

/// A ledger row's twelve cells, in the order of the ledger sheet's header: the one place that
/// says what the sheet shows of a row, for every way the sheet is written.
pub(crate) fn cells(row: LedgerRowRef<'_>, lang: Lang) -> [Cell<'_>; 12] {
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
    ] = row.cells;
    [
        Cell::Text(park_id),
        Cell::Text(row.name),
        Cell::Text(row.town),
        Cell::Text(year),
        Cell::Text(item_words(item, lang)),
        Cell::Text(beneficiary_words(beneficiary, lang)),
        Cell::Text(recipient),
        Cell::Amount(number(amount)),
        Cell::Text(status_words(status, lang)),
        Cell::Text(clause),
        Cell::Text(reason),
        Cell::Text(words),
    ]
}

/// The amount as a number cell: the decimal text's nearest double, which shows the fen exactly
/// (amounts stay well below 10^13 yuan).
pub(crate) fn number(text: &str) -> f64 {
    text.parse().unwrap_or(0.0)
}

/// Where a chunk of rows starts in the ledger: its byte offset in the file (at a record's
/// start, outside any quotes) and the index of its first row (from 0, the header not counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkStart {
    /// Bytes before the chunk, the byte-order mark and header included.
    pub at: u64,
    /// Rows before the chunk.
    pub row: usize,
}

/// The rows of `ledger.csv` (its header line skipped), with each park-year's name and town
/// (`places`: name, town and row count, in the ledger's order).
pub(crate) struct LedgerCsv<'a> {
    /// The ledger, read from its start each time.
    pub file: &'a std::fs::File,
    /// Each park-year's name, town and rows.
    pub places: &'a [(String, String, usize)],
    /// Where chunks of rows start, so that one row is read from its chunk's start (none: from
    /// the ledger's start).
    pub starts: &'a [ChunkStart],
}

impl Rows for LedgerCsv<'_> {
    fn each(&self, limit: usize, row: &mut dyn FnMut(LedgerRowRef<'_>) -> bool) -> std::io::Result<usize> {
        // Read by position: two readers of the one file (the totals and the rows, on two
        // threads) must not share an offset.
        let file = FromStart { file: self.file, at: 0 };
        // As the csv crate reads them (its plain rows split where they lie): the header's
        // width is every row's. The ledger is this program's own: no row limit but the
        // records' own (4 GiB).
        let mut records = Records::new(file, usize::MAX);
        let Some(width) = records.next_record().ok().flatten().map(|header| header.len()) else {
            return Ok(0);
        };
        let mut places = self
            .places
            .iter()
            .flat_map(|(name, town, n)| std::iter::repeat_n((name, town), *n));
        let mut n = 0;
        // A record that cannot be read (of another width, or not UTF-8) ends the rows, as it
        // ends the csv crate's: the caller counts them.
        while n < limit {
            let Ok(Some(record)) = records.next_record() else { break };
            let Some(cells) = text_cells(record, width) else { break };
            let Some((name, town)) = places.next() else { break };
            n += 1;
            if !row(LedgerRowRef { cells, name, town }) {
                break;
            }
        }
        Ok(n)
    }

    /// Row `i`, read from the start of the chunk that holds it.
    fn at(&self, i: usize) -> std::io::Result<Option<LedgerRow>> {
        let Some(start) = self.starts[..self.starts.partition_point(|c| c.row <= i)].last() else {
            return read_to(self, i);
        };
        let mut place = None;
        let mut before = 0usize;
        for (name, town, n) in self.places {
            if i < before + n {
                place = Some((name, town));
                break;
            }
            before += n;
        }
        let Some((name, town)) = place else { return Ok(None) };
        // From the line feed that ends the record before the chunk (the header's at least): a
        // reader skips the empty line it starts, and would strip a byte-order mark from the
        // first bytes it reads, here a park id's U+FEFF, if it started on the chunk itself.
        let file = FromStart {
            file: self.file,
            at: start.at.saturating_sub(1),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(std::io::BufReader::with_capacity(64 << 10, file));
        let mut record = csv::StringRecord::new();
        for _ in start.row..=i {
            // The ledger ends before the row (none), or cannot be read (an error, said as such).
            if !reader.read_record(&mut record)? {
                return Ok(None);
            }
        }
        let cells = std::array::from_fn(|c| record.get(c).unwrap_or(""));
        Ok(Some(LedgerRowRef { cells, name, town }.to_owned()))
    }
}

/// A ledger record's cells as text (those it lacks empty), if it has `width` cells and each is
/// UTF-8.
fn text_cells(record: Cells<'_>, width: usize) -> Option<[&str; LEDGER_COLUMNS]> {
    if record.len() != width {
        return None;
    }
    let mut cells = [""; LEDGER_COLUMNS];
    // Every cell is checked, as the csv crate checks a record; those past the last are not kept.
    for (i, bytes) in record.iter().enumerate() {
        let text = std::str::from_utf8(bytes).ok()?;
        if let Some(cell) = cells.get_mut(i) {
            *cell = text;
        }
    }
    Some(cells)
}

/// A file read from its start by position, whatever else reads it at the same time.
struct FromStart<'a> {
    file: &'a std::fs::File,
    at: u64,
}

impl std::io::Read for FromStart<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(self.file, buf, self.at)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(self.file, buf, self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_readers_of_one_ledger_read_it_whole_at_the_same_time() {
        // Larger than a reader's buffer several times over, so that each reads it in pieces.
        let rows = 60_000usize;
        let mut csv =
            String::from("park_id,year,item,beneficiary,recipient,amount,status,clause,reason,amount_in_words\n");
        for i in 0..rows {
            csv.push_str(&format!(
                "CX-{i},2022,star_award,operator,甲{i}公司,{i}.00,payable,（十四）,\"应付,{i}\",人民币壹元整\n"
            ));
        }
        let mut file = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut file, csv.as_bytes()).unwrap();
        let places = vec![("甲园".to_string(), "周巷镇".to_string(), rows)];
        let ledger = LedgerCsv {
            file: &file,
            places: &places,
            starts: &[],
        };
        let read = |ledger: &LedgerCsv<'_>| {
            let mut ids = Vec::with_capacity(rows);
            let n = ledger
                .each(rows, &mut |row| {
                    ids.push(row.cells[0].to_string());
                    row.cells[8] == format!("应付,{}", ids.len() - 1)
                })
                .unwrap();
            (n, ids)
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| read(&ledger));
            let b = s.spawn(|| read(&ledger));
            (a.join().unwrap(), b.join().unwrap())
        });
        for (n, ids) in [a, b] {
            assert_eq!(n, rows);
            assert!(ids.iter().enumerate().all(|(i, id)| *id == format!("CX-{i}")));
        }
    }

    #[test]
    fn a_ledger_row_the_csv_crate_cannot_read_ends_the_rows_there() {
        // Read as the csv crate read them before: a row of another width than the header, or
        // one that is not UTF-8, ends the rows; the byte-order mark is the header's.
        let header = "\u{feff}park_id,year,item,beneficiary,recipient,amount,status,clause,reason,amount_in_words\n";
        let good = |i: usize| format!("CX-{i},2022,star_award,operator,\"甲,{i}\",{i}.00,payable,（十四）,应付,壹元\n");
        let places = vec![("甲园".to_string(), "周巷镇".to_string(), 10)];
        for (bad, expected) in [
            (&b"CX-9,2022,star_award\n"[..], 2),
            (&b"CX-9,2022,star_award,operator,\xff,1.00,payable,x,y,z\n"[..], 2),
            (&b""[..], 3),
        ] {
            let mut bytes = [header, &good(0), &good(1)].concat().into_bytes();
            bytes.extend_from_slice(bad);
            bytes.extend_from_slice(good(2).as_bytes());
            let mut file = tempfile::tempfile().unwrap();
            std::io::Write::write_all(&mut file, &bytes).unwrap();
            let ledger = LedgerCsv {
                file: &file,
                places: &places,
                starts: &[],
            };
            let mut read = Vec::new();
            let n = ledger
                .each(10, &mut |row| {
                    read.push((
                        row.cells[0].to_string(),
                        row.cells[4].to_string(),
                        row.cells[9].to_string(),
                    ));
                    true
                })
                .unwrap();
            assert_eq!(n, expected);
            assert_eq!(read.len(), expected);
            assert_eq!(read[1], ("CX-1".to_string(), "甲,1".to_string(), "壹元".to_string()));
        }
        // A header alone, or nothing at all: no rows.
        for bytes in [header.as_bytes(), b""] {
            let mut file = tempfile::tempfile().unwrap();
            std::io::Write::write_all(&mut file, bytes).unwrap();
            let ledger = LedgerCsv {
                file: &file,
                places: &places,
                starts: &[],
            };
            assert_eq!(ledger.each(10, &mut |_| true).unwrap(), 0);
        }
    }

    #[test]
    fn a_row_read_from_its_chunks_start_is_the_row_read_from_the_ledgers_start() {
        // Quoted cells with commas, quotes and line breaks, so that a chunk's start is the only
        // place a reader may begin; chunks of uneven length, parks across chunk ends.
        let mut csv = String::from(
            "\u{feff}park_id,year,item,beneficiary,recipient,amount,status,clause,reason,amount_in_words\n",
        );
        let (mut starts, mut places) = (Vec::new(), Vec::new());
        let rows = 40usize;
        for i in 0..rows {
            if [0, 1, 7, 8, 20, 33].contains(&i) {
                starts.push(ChunkStart {
                    at: csv.len() as u64,
                    row: i,
                });
            }
            // A park id that begins with U+FEFF at a chunk's start, which a reader starting
            // there would take for a byte-order mark.
            let bom = if i == 7 { "\u{feff}" } else { "" };
            csv.push_str(&format!(
                "{bom}CX-{i},2022,star_award,operator,\"'=甲{i}\"\"公司\",{i}.00,payable,（十四）,\"应付,\n第{i}行\",人民币壹元整\n"
            ));
        }
        for (p, n) in [3usize, 5, 1, 12, 19].into_iter().enumerate() {
            places.push((format!("园{p}"), format!("镇{p}"), n));
        }
        assert_eq!(places.iter().map(|p| p.2).sum::<usize>(), rows);
        let mut file = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut file, csv.as_bytes()).unwrap();
        let by_chunk = LedgerCsv {
            file: &file,
            places: &places,
            starts: &starts,
        };
        let from_start = LedgerCsv {
            starts: &[],
            ..by_chunk
        };
        for i in 0..=rows {
            let (a, b) = (by_chunk.at(i).unwrap(), from_start.at(i).unwrap());
            assert_eq!(a.is_some(), i < rows, "row {i}");
            if let (Some(a), Some(b)) = (a, b) {
                assert_eq!((&a.cells, &a.name, &a.town), (&b.cells, &b.name, &b.town), "row {i}");
                let bom = if i == 7 { "\u{feff}" } else { "" };
                assert_eq!(a.cells[0], format!("{bom}CX-{i}"));
                assert_eq!(a.cells[8], format!("应付,\n第{i}行"));
            }
        }
        assert_eq!(by_chunk.at(39).unwrap().unwrap().name, "园4");
        assert_eq!(by_chunk.at(3).unwrap().unwrap().town, "镇1");
    }
}
