//! A table's records, read as the csv crate reads them, with the plain ones split at once.
//!
//! The csv crate reads a record a byte at a time through a state machine, and copies every
//! cell out of its buffer. Nearly every row of the bureau's tables is plain: no quote before
//! its line end (an LF, a CR or a CRLF). Such a row's commas and line end are found in one
//! pass, eight bytes at a time ([`crate::batch::cell_ends`]), and it is cut where it lies in
//! the buffer, giving exactly the cells, the line number and the
//! position the csv crate gives (a property test holds the two together). A record with a
//! quote is read by the csv crate's own state machine (`csv_core`), from the same buffer, so
//! quoted cells, quoted line breaks and stray quotes are read as before. One difference: a
//! byte-order mark before the first record is kept (the csv crate takes it away): the records
//! read are a table's rows after its header, or a header whose first cell is not looked at
//! (the ledger's, read back for the workbook, where only its width counts).

use std::io::{self, Read};

use csv_core::ReadRecordResult;

use crate::batch::cell_ends::cells_to_stop;

/// What each read from the file asks for.
const READ_BYTES: usize = 1 << 20;

/// The error of a record longer than `max_record` bytes (its line end not counted).
pub(crate) const TOO_LONG_A_ROW: &str =
    "a row longer than 16 MiB (a quote left open, or not a table?): no row of these tables is that long";

/// The records of some CSV bytes: `,` between cells, `"` quoting (`""` a quote inside), CR,
/// LF or CRLF ending a record, blank lines skipped. No byte-order mark is taken away (see the
/// module's doc).
pub(crate) struct Records<R> {
    source: R,
    buf: Vec<u8>,
    /// The first byte not yet consumed.
    at: usize,
    /// The end of the bytes read into `buf`.
    filled: usize,
    eof: bool,
    /// Bytes consumed so far (the start of `buf` is this far into the source, less `at`).
    consumed: u64,
    /// For records that are not plain.
    core: csv_core::Reader,
    /// One more than the LFs consumed, as the csv crate counts lines (a CR alone is not
    /// counted).
    line: u64,
    /// The last record's cells: where each starts and ends in `bytes` (a record is at most
    /// `max_record` bytes, which fits).
    bounds: Vec<(u32, u32)>,
    /// Where the last record's cells lie: in `buf` from this offset (a plain record), or in
    /// `unquoted` (`None`).
    in_buf: Option<usize>,
    /// A record that was not plain, as `csv_core` gives it: its cells' bytes and ends.
    unquoted: Vec<u8>,
    ends: Vec<usize>,
    /// The longest record read, its line end not counted; a longer one is an error.
    max_record: usize,
}

/// The cells of one record.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cells<'a> {
    bytes: &'a [u8],
    bounds: &'a [(u32, u32)],
}

impl<'a> Cells<'a> {
    /// How many cells.
    pub(crate) fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Cell `i` (0-based), as the file has it (unquoted).
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<&'a [u8]> {
        let bytes = self.bytes;
        self.bounds
            .get(i)
            .map(|&(start, end)| &bytes[start as usize..end as usize])
    }

    /// Every cell, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let bytes = self.bytes;
        self.bounds
            .iter()
            .map(move |&(start, end)| &bytes[start as usize..end as usize])
    }
}

impl<R: Read> Records<R> {
    /// Records of `source`, each at most `max_record` bytes long (its line end not counted;
    /// at most 4 GiB less a byte).
    pub(crate) fn new(source: R, max_record: usize) -> Records<R> {
        let max_record = max_record.min(u32::MAX as usize - 1);
        let mut core = csv_core::Reader::new();
        // csv_core takes a byte-order mark away from the first bytes it is given. Given a
        // line end first, it has begun; the line it counts is not used (only its increase).
        let _ = core.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
        Records {
            source,
            buf: vec![0; READ_BYTES],
            at: 0,
            filled: 0,
            eof: false,
            consumed: 0,
            core,
            line: 1,
            bounds: Vec::new(),
            in_buf: None,
            unquoted: vec![0; 1024],
            ends: vec![0; 64],
            max_record,
        }
    }

    /// The bytes consumed: the end of the last record read (after a CRLF, its CR).
    pub(crate) fn position(&self) -> u64 {
        self.consumed
    }

    /// The line the csv crate places the next record on: one more than the LFs consumed
    /// before it, which are not those of blank lines just before it, nor the LF of a CRLF that
    /// ended the record before it (both are consumed with it).
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// The next record, or `None` at the end; [`Records::line`], asked before, places it.
    ///
    /// # Errors
    /// The source fails, or a record is longer than the longest allowed.
    pub(crate) fn next_record(&mut self) -> io::Result<Option<Cells<'_>>> {
        if !self.read_record()? {
            return Ok(None);
        }
        let bytes = match self.in_buf {
            Some(start) => &self.buf[start..],
            None => &self.unquoted[..],
        };
        Ok(Some(Cells {
            bytes,
            bounds: &self.bounds,
        }))
    }

    /// Reads the next record into `bounds` (and `in_buf`); false at the end.
    fn read_record(&mut self) -> io::Result<bool> {
        // Bytes of the record already looked through for its end, their cells pushed, and
        // where the cell they end in starts.
        let (mut looked, mut start) = (0, 0);
        self.bounds.clear();
        loop {
            // Line ends before a record are skipped, as csv_core skips them.
            while self.at < self.filled && matches!(self.buf[self.at], b'\n' | b'\r') {
                self.line += u64::from(self.buf[self.at] == b'\n');
                self.consume(1);
            }
            if self.at == self.filled {
                if self.eof {
                    return Ok(false);
                }
                self.fill(0)?;
                continue;
            }
            let rest = &self.buf[self.at..self.filled];
            // The first line end or quote, the cells before it pushed: a quote first means the
            // record is not plain. No further than one byte past the longest record, so that
            // the cells of a row that is refused are not all pushed first.
            let within = &rest[..rest.len().min(self.max_record + 1)];
            let end = cells_to_stop(within, looked, &mut start, &mut self.bounds);
            if end.is_some_and(|i| rest[i] == b'"') {
                return self.read_by_core();
            }
            if end.is_none() {
                if within.len() < rest.len() {
                    return Err(too_long());
                }
                if !self.eof {
                    looked = rest.len();
                    self.fill(looked)?;
                    continue;
                }
            }
            let len = end.unwrap_or(rest.len());
            if len > self.max_record {
                return Err(too_long());
            }
            // Within `max_record`, so within u32, as every bound pushed before it.
            self.bounds.push((start as u32, len as u32));
            self.in_buf = Some(self.at);
            // A record ends at its line end: an LF is consumed with it, a CR too (an LF after
            // it is then skipped before the next record, and counted then).
            match end {
                Some(i) => {
                    self.line += u64::from(rest[i] == b'\n');
                    self.consume(i + 1);
                }
                None => self.consume(len),
            }
            return Ok(true);
        }
    }

    /// Reads a record that is not plain by csv_core.
    fn read_by_core(&mut self) -> io::Result<bool> {
        let lines_before = self.core.line();
        let (mut out, mut nends, mut taken) = (0, 0, 0);
        loop {
            let input = &self.buf[self.at..self.filled];
            let (result, nin, nout, nend) =
                self.core
                    .read_record(input, &mut self.unquoted[out..], &mut self.ends[nends..]);
            self.consume(nin);
            taken += nin;
            out += nout;
            nends += nend;
            match result {
                ReadRecordResult::InputEmpty => self.fill(taken)?,
                ReadRecordResult::OutputFull => self.unquoted.resize(2 * self.unquoted.len(), 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(2 * self.ends.len(), 0),
                // `End` does not come here (a record is begun at a byte that is no line end),
                // and would be the end of the records.
                ReadRecordResult::Record | ReadRecordResult::End => {
                    // The record's bytes, less the line end it was consumed with.
                    let line_end = nin > 0 && matches!(self.buf[self.at - 1], b'\n' | b'\r');
                    if taken - usize::from(line_end) > self.max_record {
                        return Err(too_long());
                    }
                    self.line += self.core.line() - lines_before;
                    self.bounds.clear();
                    let mut start = 0;
                    // Unquoted, a record is no longer than it was: within u32.
                    for &end in &self.ends[..nends] {
                        self.bounds.push((start as u32, end as u32));
                        start = end;
                    }
                    self.in_buf = None;
                    return Ok(matches!(result, ReadRecordResult::Record));
                }
            }
        }
    }

    fn consume(&mut self, n: usize) {
        self.at += n;
        self.consumed += n as u64;
    }

    /// Reads more of the source after the bytes not yet consumed, the record read so far
    /// having `pending` bytes (none of them a line end that ends it). The buffer grows only
    /// for a record longer than it, so never to more than twice the longest record.
    fn fill(&mut self, pending: usize) -> io::Result<()> {
        if pending > self.max_record {
            return Err(too_long());
        }
        if self.eof {
            return Ok(());
        }
        if self.at > 0 {
            self.buf.copy_within(self.at..self.filled, 0);
            self.filled -= self.at;
            self.at = 0;
        }
        if self.filled == self.buf.len() {
            self.buf.resize(2 * self.buf.len(), 0);
        }
        loop {
            match self.source.read(&mut self.buf[self.filled..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.filled += n;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

fn too_long() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, TOO_LONG_A_ROW)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every record as (line, cells, position after it), then the bytes consumed.
    type AllRead = (Vec<(u64, Vec<Vec<u8>>, u64)>, u64);

    fn ours(bytes: &[u8], max_record: usize, read: usize) -> AllRead {
        let mut records = Records::new(Trickle { bytes, read }, max_record);
        let mut out = Vec::new();
        loop {
            let line = records.line();
            let Some(cells) = records.next_record().unwrap() else {
                break;
            };
            let cells = cells.iter().map(<[u8]>::to_vec).collect();
            out.push((line, cells, records.position()));
        }
        (out, records.position())
    }

    /// As the csv crate reads them (no header, any number of cells).
    fn csv_crates(bytes: &[u8]) -> AllRead {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let line = record.position().unwrap().line();
            let cells = record.iter().map(<[u8]>::to_vec).collect();
            out.push((line, cells, reader.position().byte()));
        }
        (out, reader.position().byte())
    }

    /// A source giving at most `read` bytes a read, to cut records across reads.
    struct Trickle<'a> {
        bytes: &'a [u8],
        read: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.read.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Plain, quoted and stray-quoted cells, CR, LF, CRLF and blank lines: the same
        /// records, cells and lines as the csv crate's, whatever size the reads come in.
        #[test]
        fn records_cells_and_lines_are_the_csv_crates(
            pieces in prop::collection::vec(
                prop::sample::select(vec![
                    "a", "bc", "某", ",", ",", "\n", "\n", "\r\n", "\r", "\"", "\"\"", " ",
                    "\u{feff}", "P1,2022,U1,x,1.00\n",
                ]),
                0..60,
            ),
            read in 1usize..40,
        ) {
            // After a first line: the csv crate takes a byte-order mark away from the
            // start of what it reads (the table's, before its header), and these are rows.
            let text = format!("h\n{}", pieces.concat());
            let (records, consumed) = ours(text.as_bytes(), 1 << 20, read);
            let (expected, csv_consumed) = csv_crates(text.as_bytes());
            prop_assert_eq!(&records, &expected);
            prop_assert_eq!(consumed, csv_consumed);
        }
    }

    #[test]
    fn a_byte_order_mark_before_a_record_is_part_of_its_first_cell() {
        for text in ["\u{feff}a,b\n", "\u{feff}\"a\",b\n"] {
            let (records, _) = ours(text.as_bytes(), 1 << 20, 1 << 20);
            assert!(
                records[0].1[0].starts_with("\u{feff}".as_bytes()),
                "{text:?}: {records:?}"
            );
        }
    }

    #[test]
    fn a_record_longer_than_the_longest_is_an_error_before_it_is_all_read() {
        // A row of commas read in large reads: its cells are not pushed past the limit either.
        for (open, byte, read) in [("x", b'x', 1 << 16), ("\"x", b'x', 1 << 16), ("", b',', 8 << 20)] {
            let mut text = b"a,b\n".to_vec();
            text.extend_from_slice(open.as_bytes());
            text.extend(std::iter::repeat_n(byte, 5 << 20));
            let mut records = Records::new(Trickle { bytes: &text, read }, 1 << 20);
            assert!(records.next_record().unwrap().is_some());
            let e = records.next_record().err().unwrap();
            assert_eq!(e.to_string(), TOO_LONG_A_ROW);
            assert!(records.buf.len() <= 4 << 20, "{} bytes buffered", records.buf.len());
            assert!(
                records.bounds.len() <= (1 << 20) + 1,
                "{} cells pushed",
                records.bounds.len()
            );
        }
    }

    #[test]
    fn the_longest_record_is_read_and_one_byte_more_is_an_error_however_it_is_read() {
        let max = 1 << 16;
        for quoted in [false, true] {
            for read in [1 << 10, 1 << 20] {
                let row = |len: usize| {
                    // A quoted line break first: the line end found first is not the row's.
                    let mut row = if quoted { b"\"a\nb\"".to_vec() } else { b"a,".to_vec() };
                    row.resize(len, b'x');
                    row
                };
                let mut text = b"h\n".to_vec();
                text.extend(row(max));
                text.extend_from_slice(b"\r\n");
                let (records, _) = ours(&text, max, read);
                assert_eq!(records.len(), 2, "quoted {quoted}, reads of {read}");
                text.extend(row(max + 1));
                text.push(b'\n');
                let mut records = Records::new(Trickle { bytes: &text, read }, max);
                assert!(records.next_record().unwrap().is_some());
                assert!(records.next_record().unwrap().is_some());
                let e = records.next_record().err().unwrap();
                assert_eq!(e.to_string(), TOO_LONG_A_ROW, "quoted {quoted}, reads of {read}");
            }
        }
    }

    #[test]
    fn a_record_longer_than_the_buffer_is_read_whole_as_the_buffer_grows() {
        let long = "x".repeat(3 << 20);
        let many = vec!["\"c\""; 300].join(",");
        let text = format!("a,{long}\n\"q\"\"{long}\",b\n{many}\nc,d\n");
        let (records, consumed) = ours(text.as_bytes(), 16 << 20, 1 << 16);
        assert_eq!(records, csv_crates(text.as_bytes()).0);
        assert_eq!(records.len(), 4);
        assert_eq!(records[2].1.len(), 300);
        assert_eq!(records[1].1[0].len(), 2 + (3 << 20));
        assert_eq!(consumed, text.len() as u64);
    }

    #[test]
    fn a_plain_record_is_cut_where_it_lies_and_a_quoted_one_is_unquoted() {
        let text = b"P1,2022,U1,x,1.00\r\nP1,2022,U2,\"a \"\"b\"\"\",2.00\n\nP3,,U3,y,";
        let (records, consumed) = ours(text, 1 << 20, 1 << 20);
        let cells = |r: &[&str]| r.iter().map(|c| c.as_bytes().to_vec()).collect::<Vec<_>>();
        assert_eq!(
            records,
            [
                (1, cells(&["P1", "2022", "U1", "x", "1.00"]), 18),
                (1, cells(&["P1", "2022", "U2", "a \"b\"", "2.00"]), 45),
                (3, cells(&["P3", "", "U3", "y", ""]), 55),
            ]
        );
        assert_eq!(consumed, text.len() as u64);
    }
}
