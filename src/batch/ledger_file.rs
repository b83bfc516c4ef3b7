//! `ledger.csv` written while the parks are computed: a hidden file in the new folder, hashed
//! as it is written and renamed into place with the other outputs, so that the ledger's text
//! (71 MB for 100,000 parks) is never held whole; `ledger.xlsx` reads it back from the file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::batch::BatchError;
use crate::batch::files::temp_file_in;
use crate::batch::ledger_row::ChunkStart;
use crate::batch::ledger_rows::{ChunkParts, LEDGER_HEADER, LedgerChunk};
use crate::batch::ledger_totals::Totals;
use crate::values::digest::Sha256;

/// The ledger's name in the output folder.
pub const LEDGER: &str = "ledger.csv";

/// Each park-year's name, town and number of ledger rows, in ledger order (for `ledger.xlsx`).
pub type Places = Vec<(String, String, usize)>;

/// What `ledger.xlsx` needs of the ledger besides its text: each park-year's name, town and
/// rows, where each chunk of rows starts, and the rows' totals (all gathered as it is written).
#[derive(Debug, Default)]
pub struct LedgerIndex {
    /// Each park-year's name, town and rows, in ledger order.
    pub places: Places,
    /// Each chunk's start, in ledger order.
    pub starts: Vec<ChunkStart>,
    /// The rows' totals by recipient, item and town, if they were gathered (for the workbook).
    pub(crate) totals: Option<Totals>,
}

/// The ledger being written: its header first, then each chunk of rows in park order.
pub struct LedgerFile {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
    writer: BufWriter<File>,
    hasher: Sha256,
    /// Bytes written so far.
    written: u64,
    /// Rows written so far.
    rows: usize,
    index: LedgerIndex,
}

/// The ledger's byte-order mark and header line, as `ledger.csv` begins.
pub fn head() -> Vec<u8> {
    let mut head = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new().from_writer(&mut head);
        let _ = w.write_record(LEDGER_HEADER);
        let _ = w.flush();
    }
    head
}

impl LedgerFile {
    /// Starts `dir/ledger.csv` as a hidden temporary file holding the header.
    ///
    /// # Errors
    /// The file cannot be made or written.
    pub fn create(dir: &Path) -> Result<LedgerFile, BatchError> {
        let path = dir.join(LEDGER);
        let fail = |source| BatchError::Output {
            path: path.clone(),
            source,
        };
        let tmp = temp_file_in(dir, LEDGER).map_err(fail)?;
        let writer = BufWriter::with_capacity(1 << 20, tmp.as_file().try_clone().map_err(fail)?);
        let mut file = LedgerFile {
            path: path.clone(),
            tmp,
            writer,
            hasher: Sha256::new(),
            written: 0,
            rows: 0,
            index: LedgerIndex::default(),
        };
        file.write(&head())?;
        Ok(file)
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), BatchError> {
        self.hasher.update(bytes);
        self.written += bytes.len() as u64;
        self.writer.write_all(bytes).map_err(|source| BatchError::Output {
            path: self.path.clone(),
            source,
        })
    }

    /// Appends a chunk's rows (chunks come in park order).
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn append(&mut self, chunk: LedgerChunk) -> Result<(), BatchError> {
        let ChunkParts { bytes, places, totals } = chunk.into_parts();
        let rows: usize = places.iter().map(|(_, _, n)| n).sum();
        if rows > 0 {
            self.index.starts.push(ChunkStart {
                at: self.written,
                row: self.rows,
            });
        }
        self.write(&bytes)?;
        self.rows += rows;
        self.index.places.extend(places);
        if let Some(totals) = totals {
            self.index.totals.get_or_insert_with(Totals::default).merge(totals);
        }
        Ok(())
    }

    /// Flushes the ledger; it is renamed into place by [`Written::persist`].
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn finish(self) -> Result<Written, BatchError> {
        let LedgerFile {
            path,
            tmp,
            mut writer,
            hasher,
            index,
            ..
        } = self;
        writer.flush().map_err(|source| BatchError::Output {
            path: path.clone(),
            source,
        })?;
        drop(writer);
        let sha256 = hasher.hex();
        Ok(Written {
            path,
            tmp,
            sha256,
            index,
        })
    }
}

/// The ledger written whole, not yet in place.
pub struct Written {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
    sha256: String,
    /// Each park-year's name, town and rows, each chunk's start, and the totals.
    pub index: LedgerIndex,
}

impl Written {
    /// The ledger's bytes, read again from the start (header included).
    ///
    /// # Errors
    /// The file cannot be opened again.
    pub fn reader(&self) -> Result<File, BatchError> {
        self.tmp.reopen().map_err(|source| BatchError::Output {
            path: self.path.clone(),
            source,
        })
    }

    /// Renames the ledger into place; returns its path and SHA-256.
    ///
    /// # Errors
    /// The rename fails.
    pub fn persist(self) -> Result<(PathBuf, String), BatchError> {
        let Written { path, tmp, sha256, .. } = self;
        tmp.persist(&path).map_err(|e| BatchError::Output {
            path: path.clone(),
            source: e.error,
        })?;
        Ok((path, sha256))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::ledger_row::{LedgerCsv, Rows};
    use crate::engine::assessment::assess;
    use crate::facts::input::parse_application;
    use crate::values::lang::Lang;

    /// Every worked application's rows, appended in chunks of uneven length (one empty), with
    /// operators shared across chunks, one that must be neutralised, and park ids that begin
    /// with U+FEFF at a chunk's start: the totals gathered as they were written are those of
    /// the rows read back, and each row read from where its chunk was recorded to start is the
    /// row read from the ledger's start.
    #[test]
    fn what_is_gathered_as_the_ledger_is_written_is_what_its_rows_say_when_read_back() {
        let policy = crate::LoadedPolicy::load(&[]).unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/calc");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        files.sort();
        let mut apps: Vec<_> = files
            .iter()
            .filter_map(|p| parse_application(&std::fs::read_to_string(p).unwrap(), p).ok())
            .collect();
        assert!(apps.len() > 20, "{} applications", apps.len());
        for (k, app) in apps.iter_mut().enumerate() {
            match k % 4 {
                0 => app.park.operator = "=共同运营公司".into(),
                1 => app.park.operator = "共同运营公司".into(),
                2 => app.park.id = format!("\u{feff}{}", app.park.id),
                _ => {}
            }
        }
        let assessments: Vec<_> = apps.iter().filter_map(|app| assess(app, &policy).ok()).collect();
        let tmp = tempfile::tempdir().unwrap();
        let mut file = LedgerFile::create(tmp.path()).unwrap();
        // Chunks start at parks 0, 2 (after an empty chunk), 6, 7, 10 …: park 2's id begins with
        // U+FEFF.
        let mut rest = &assessments[..];
        for size in [2usize, 0, 4, 1, 3].into_iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (chunk_of, after) = rest.split_at(size.min(rest.len()));
            let mut chunk = LedgerChunk::new(true);
            for a in chunk_of {
                chunk.push(a, Lang::Zh);
            }
            file.append(chunk).unwrap();
            rest = after;
        }
        let written = file.finish().unwrap();
        let ledger = written.reader().unwrap();
        let from_start = LedgerCsv {
            file: &ledger,
            places: &written.index.places,
            starts: &[],
        };
        let mut read_back = Totals::default();
        let rows = from_start
            .each(usize::MAX, &mut |row| {
                read_back.add_row(row);
                true
            })
            .unwrap();
        assert_eq!(rows, written.index.places.iter().map(|p| p.2).sum::<usize>());
        assert_eq!(written.index.totals.as_ref(), Some(&read_back));
        let operators = &read_back.by_recipient["operator"];
        assert!(operators.contains_key("'=共同运营公司") && operators.contains_key("共同运营公司"));
        let by_chunk = LedgerCsv {
            starts: &written.index.starts,
            ..from_start
        };
        assert!(written.index.starts.len() > 5);
        assert_eq!(written.index.starts[0].at, head().len() as u64, "after the header");
        for i in 0..=rows {
            let (a, b) = (by_chunk.at(i).unwrap(), from_start.at(i).unwrap());
            assert_eq!(a.is_some(), i < rows, "row {i}");
            if let (Some(a), Some(b)) = (a, b) {
                assert_eq!((&a.cells, &a.name, &a.town), (&b.cells, &b.name, &b.town), "row {i}");
            }
        }
        let second = written.index.starts[1].row;
        assert!(by_chunk.at(second).unwrap().unwrap().cells[0].starts_with('\u{feff}'));
    }
}
