//! Reading a year's tables into park-years and their rows, with every problem that only a
//! batch can see: an enterprise under two parks in one year (不重复), a park listed twice, a
//! row naming an unknown park, a second override for one item.

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::batch::encoding::Given;
use crate::batch::pending_digest::PendingDigest;
use crate::batch::reject::{Because, Reject, RejectReason};
use crate::batch::row_fault::RowFault;
use crate::batch::table_copy::TableCopy;
use crate::batch::table_error::TableError;
use crate::batch::tables::{ColumnAt, Row, RowProblem, Table, TableDigest, TableFile, parse_date};
use crate::facts::application::{
    DigitalInvestment, InvestmentKind, OtherGrant, Override, Park, PriorGrant, StarRating, Year,
};
use crate::values::item::ItemId;
use crate::values::money::Money;
use crate::values::rating::{Grade, Stars};
use crate::values::uscc::{PackedUscc, Uscc};

/// The tables a batch reads, and the columns each must have.
pub const PARKS: &str = "parks.csv";
/// Resident enterprises and their contributions.
pub const ENTERPRISES: &str = "enterprises.csv";
/// Digital investments.
pub const INVESTMENTS: &str = "investments.csv";
/// Prior grants and other policies' grants.
pub const GRANTS: &str = "grants.csv";
/// Case-by-case overrides.
pub const OVERRIDES: &str = "overrides.csv";

const PARK_COLUMNS: &[&str] = &[
    "park_id",
    "name",
    "town",
    "operator",
    "year",
    "provincial_listing",
    "performance_grade",
    "stars",
    "star_recognized_on",
    "completion_accepted_on",
];
const ENTERPRISE_COLUMNS: &[&str] = &["park_id", "year", "uscc", "name", "city_fiscal_contribution"];
const INVESTMENT_COLUMNS: &[&str] = &["park_id", "item", "kind", "amount", "paid_on"];
const GRANT_COLUMNS: &[&str] = &["park_id", "year", "item", "amount", "kind", "source"];
const OVERRIDE_COLUMNS: &[&str] = &["park_id", "year", "item", "amount", "approval"];

/// One row of `parks.csv`: a park and its facts for one calculation year.
#[derive(Debug, Clone)]
pub struct ParkYear {
    /// The park.
    pub park: Park,
    /// The calculation year.
    pub year: Year,
    /// 入选省级小微企业园
    pub provincial_listing: Option<jiff::civil::Date>,
    /// 绩效评价
    pub performance_grade: Option<Grade>,
    /// The rating in force.
    pub star_rating: Option<StarRating>,
    /// 竣工验收
    pub completion_accepted_on: Option<jiff::civil::Date>,
    /// Its line in `parks.csv`.
    pub line: u64,
}

/// One enterprise row, compact (28 bytes, in 4-byte words): 5 million of these must fit in
/// memory with room to spare. Its year is its park-year's.
#[derive(Debug, Clone, Copy)]
pub struct EnterpriseRow {
    /// The packed code's high 64 bits (as two words) and its low 26 bits.
    uscc: [u32; 3],
    /// 市本级财力贡献, in fen (as two words).
    fen: [u32; 2],
    /// Index of its park-year.
    pub park_year: u32,
    /// Line in `enterprises.csv`.
    pub line: u32,
}

impl EnterpriseRow {
    fn new(uscc: PackedUscc, fen: i64, park_year: u32, line: u32) -> EnterpriseRow {
        let (hi, lo) = uscc.parts();
        let fen = fen as u64;
        EnterpriseRow {
            uscc: [(hi >> 32) as u32, hi as u32, lo],
            fen: [(fen >> 32) as u32, fen as u32],
            park_year,
            line,
        }
    }

    /// 统一社会信用代码, packed.
    pub fn uscc(&self) -> PackedUscc {
        PackedUscc::from_parts((u64::from(self.uscc[0]) << 32) | u64::from(self.uscc[1]), self.uscc[2])
    }

    /// 市本级财力贡献
    pub fn contribution(&self) -> Money {
        Money::from_fen(((u64::from(self.fen[0]) << 32) | u64::from(self.fen[1])) as i64)
    }
}

/// A row attached to a park (every year of it) or to one park-year.
#[derive(Debug, Clone)]
pub struct Attached<T> {
    /// The park (key index) or park-year index it belongs to.
    pub owner: u32,
    /// The row's value.
    pub value: T,
    /// Line in its table.
    pub line: u64,
}

/// Everything read from a folder of tables.
#[derive(Debug, Default)]
pub struct Tables {
    /// `parks.csv`, in file order.
    pub park_years: Vec<ParkYear>,
    /// Distinct park ids.
    pub keys: Vec<String>,
    /// For each key, its park-years.
    pub years_of_key: Vec<Vec<u32>>,
    /// `enterprises.csv`.
    pub enterprises: Vec<EnterpriseRow>,
    /// `investments.csv`, owned by park keys.
    pub investments: Vec<Attached<DigitalInvestment>>,
    /// `grants.csv` prior grants, owned by park keys.
    pub prior_grants: Vec<Attached<PriorGrant>>,
    /// `grants.csv` other grants, owned by park-years.
    pub other_grants: Vec<Attached<OtherGrant>>,
    /// `overrides.csv`, owned by park-years.
    pub overrides: Vec<Attached<Override>>,
    /// Problems found, each with its row.
    pub problems: Vec<RowProblem>,
    /// For each park-year, why it cannot be computed (if it cannot).
    pub park_rejections: Vec<Option<Box<Because>>>,
    /// Rows rejected on their own (they name no known park-year, or cannot be read).
    pub rejected_rows: Vec<Reject>,
    /// Each table's digest and rows read, but `enterprises.csv`'s (see [`Tables::pending`]).
    pub digests: Vec<TableDigest>,
    /// Each table's copy, but `enterprises.csv`'s (see [`Tables::pending`]), written while it
    /// was hashed, to be renamed into place with the outputs (or deleted, if the run writes
    /// nothing).
    pub copies: Vec<TableCopy>,
    /// `enterprises.csv`'s digest and copy, still being made: the run waits for them before
    /// its manifest, and puts them with the other tables' there.
    pub pending: Option<PendingDigest>,
}

struct Index {
    key_of: FxHashMap<String, u32>,
    park_year_of: FxHashMap<(u32, i16), u32>,
}

/// The last park (and park-year) a reader found, by the bytes of the row's `park_id` (and
/// `year`) cells: tables usually list a park's rows together, and a row whose cells are byte
/// for byte those of a row already found names the same park (reading a cell depends on
/// nothing else).
#[derive(Default)]
struct LastPark {
    /// The `park_id` and `year` cells' bytes, the year and the park-year they name.
    found: Option<(Vec<u8>, Vec<u8>, i16, u32)>,
    /// The `park_id` cell's bytes and the park they name.
    key: Option<(Vec<u8>, u32)>,
}

impl Tables {
    fn reject_park_year(&mut self, park_year: u32, reason: impl FnOnce() -> Because) {
        let slot = &mut self.park_rejections[park_year as usize];
        if slot.is_none() {
            *slot = Some(Box::new(reason()));
        }
    }

    fn problem(&mut self, problem: RowProblem, park_id: &str, year: &str, owner: Owner) {
        let reason = &problem;
        match owner {
            Owner::ParkYear(py) => self.reject_park_year(py, || Because::At(reason.clone())),
            Owner::Key(k) => {
                for py in self.years_of_key[k as usize].clone() {
                    self.reject_park_year(py, || Because::At(reason.clone()));
                }
            }
            Owner::None => {}
        }
        self.rejected_rows.push(Reject {
            table: problem.table.clone(),
            line: problem.line,
            park_id: park_id.to_string(),
            year: year.to_string(),
            reason: RejectReason::Own(vec![problem.clone()]),
        });
        self.problems.push(problem);
    }
}

#[derive(Clone, Copy)]
enum Owner {
    ParkYear(u32),
    Key(u32),
    None,
}

/// Reads every table of `dir`; `parks.csv` is required, the others optional.
///
/// `progress` is told the bytes read of `enterprises.csv` as it goes.
///
/// `enterprises.csv`'s digest and copy are left in [`Tables::pending`], still being made; a
/// problem making them is said when they are waited for (before any problem found since).
///
/// # Errors
/// A table that cannot be read as CSV at all, or lacks a required column; no thread to hash
/// `enterprises.csv` on (said before `parks.csv` is read). Row-level problems
/// are collected in [`Tables::problems`], not returned as errors.
pub fn read_tables(
    dir: &Path,
    given: Option<Given>,
    copy_to: Option<&Path>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Tables, TableError> {
    let mut t = Tables::default();
    let Some((parks_file, mut parks)) = Table::open(dir, PARKS, PARK_COLUMNS, given)? else {
        return Err(TableError::Unreadable {
            file: dir.join(PARKS),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "a batch needs parks.csv (or application .yaml files)",
            ),
        });
    };
    // enterprises.csv, by far the largest table, is opened now and hashed and copied (the
    // copy's sync started) on another thread while parks.csv is read and it is parsed, and on
    // while the rest is read and computed, until the manifest waits for it. A problem opening it
    // is said where it would be if it were opened after parks.csv is read.
    let (enterprises, enterprises_error) = match TableFile::open(dir, ENTERPRISES, ENTERPRISE_COLUMNS, given) {
        Ok(file) => (file.map(Arc::new), None),
        Err(e) => (None, Some(e)),
    };
    let mut pending = enterprises
        .as_ref()
        .map(|file| {
            let (file, copy_to) = (Arc::clone(file), copy_to.map(Path::to_path_buf));
            PendingDigest::start(
                ENTERPRISES,
                file.path().to_path_buf(),
                file.source.clone(),
                move |stop| copy_and_sync(&file, ENTERPRISES, copy_to.as_deref(), stop),
            )
        })
        .transpose()?;
    // On a problem in what is read before the small tables, `pending` is dropped: the copy
    // stops at its next block and is deleted.
    let twice = (|| {
        let index = read_parks(&mut parks, &mut t)?;
        let sha256 = hash_and_copy(&parks_file, PARKS, copy_to, &mut t)?;
        t.digests.push(TableDigest {
            table: PARKS,
            sha256,
            rows: parks.finish()?,
            source: parks_file.source.clone(),
        });
        if let Some(e) = enterprises_error {
            return Err(e);
        }
        if let (Some(file), Some(pending)) = (&enterprises, pending.as_mut()) {
            pending.record_rows(read_enterprises(file, &index, &mut t, progress)?);
        }
        // 不重复 is looked for (on every core) while the small tables are read on this
        // thread; what it finds is put in after their problems, as if looked for after them.
        let rows = std::mem::take(&mut t.enterprises);
        let year_of: Vec<i16> = t.park_years.iter().map(|py| py.year.get()).collect();
        let (small, twice) = std::thread::scope(|inner| {
            let twice = inner.spawn(|| enterprises_twice(&rows, &year_of));
            let small = read_small_tables(dir, given, &index, copy_to, &mut t);
            (small, twice.join().expect("the 不重复 check does not panic"))
        });
        t.enterprises = rows;
        if let Err(e) = small {
            // A problem hashing or copying enterprises.csv is said first, as the one in the
            // table read first.
            if let Some(pending) = pending.take() {
                pending.wait()?;
            }
            return Err(e);
        }
        Ok(twice)
    })()?;
    t.pending = pending;
    reject_enterprises_twice(&mut t, twice);
    check_one_override_per_item(&mut t);
    t.problems.sort_by_key(|p| (table_order(&p.table), p.line));
    Ok(t)
}

/// `parks.csv`'s rows: each park-year, and the index by which the other tables name them.
fn read_parks(parks: &mut Table, t: &mut Tables) -> Result<Index, TableError> {
    let mut index = Index {
        key_of: FxHashMap::default(),
        park_year_of: FxHashMap::default(),
    };
    let mut first_line: FxHashMap<(u32, i16), u64> = FxHashMap::default();
    while let Some(row) = parks.next_row()? {
        match park_row(&row) {
            Ok(py) => {
                let key = match index.key_of.get(&py.park.id) {
                    Some(k) => *k,
                    None => {
                        let k = t.keys.len() as u32;
                        t.keys.push(py.park.id.clone());
                        t.years_of_key.push(Vec::new());
                        index.key_of.insert(py.park.id.clone(), k);
                        k
                    }
                };
                let i = t.park_years.len() as u32;
                let year = py.year.get();
                t.park_years.push(py);
                t.park_rejections.push(None);
                t.years_of_key[key as usize].push(i);
                if let Some(first) = first_line.get(&(key, year)).copied() {
                    let (park_id, year_text) = ids(&row);
                    let first_py = index.park_year_of[&(key, year)];
                    let p = row.problem(
                        "park_id",
                        RowFault::ParkTwice {
                            park_id: park_id.clone(),
                            year,
                            first: format!("{PARKS}:{first}"),
                        },
                    );
                    t.reject_park_year(first_py, || Because::At(p.clone()));
                    t.problem(p, &park_id, &year_text, Owner::ParkYear(i));
                } else {
                    first_line.insert((key, year), row.line);
                    index.park_year_of.insert((key, year), i);
                }
            }
            Err(p) => {
                let (park_id, year_text) = ids(&row);
                t.problem(p, &park_id, &year_text, Owner::None);
            }
        }
    }
    Ok(index)
}

/// `investments.csv`, `grants.csv` and `overrides.csv`, each read whole on this thread.
fn read_small_tables(
    dir: &Path,
    given: Option<Given>,
    index: &Index,
    copy_to: Option<&Path>,
    t: &mut Tables,
) -> Result<(), TableError> {
    let mut last = LastPark::default();
    read_small(
        dir,
        given,
        INVESTMENTS,
        INVESTMENT_COLUMNS,
        copy_to,
        t,
        |row, t| match investment_row(row, index, &mut last) {
            Ok(a) => t.investments.push(a),
            Err((p, owner)) => t.problem(p, &ids(row).0, "", owner),
        },
    )?;
    read_small(
        dir,
        given,
        GRANTS,
        GRANT_COLUMNS,
        copy_to,
        t,
        |row, t| match grant_row(row, index, &mut last) {
            Ok(Grant::Prior(a)) => t.prior_grants.push(a),
            Ok(Grant::Other(a)) => t.other_grants.push(a),
            Err((p, owner)) => {
                let (id, year) = ids(row);
                t.problem(p, &id, &year, owner);
            }
        },
    )?;
    read_small(
        dir,
        given,
        OVERRIDES,
        OVERRIDE_COLUMNS,
        copy_to,
        t,
        |row, t| match override_row(row, index, &mut last) {
            Ok(a) => t.overrides.push(a),
            Err((p, owner)) => {
                let (id, year) = ids(row);
                t.problem(p, &id, &year, owner);
            }
        },
    )?;
    Ok(())
}

/// A temporary file for a table's copy in `dir`, if copies are kept.
fn temp_copy(file: &TableFile, dir: Option<&Path>) -> Result<Option<tempfile::NamedTempFile>, TableError> {
    let Some(dir) = dir else { return Ok(None) };
    crate::batch::files::temp_file_in(dir, &file.name)
        .map(Some)
        .map_err(|source| TableError::Copy {
            file: dir.join(file.name.as_ref()),
            source,
        })
}

/// Hashes a table, copying it on the way if copies are kept (see [`copy_and_sync`]).
fn hash_and_copy(
    file: &TableFile,
    name: &'static str,
    dir: Option<&Path>,
    t: &mut Tables,
) -> Result<String, TableError> {
    let (sha256, copy) = copy_and_sync(file, name, dir, &AtomicBool::new(false))?;
    t.copies.extend(copy);
    Ok(sha256)
}

/// A small table, read whole on this thread.
fn read_small(
    dir: &Path,
    given: Option<Given>,
    name: &'static str,
    columns: &[&'static str],
    copy_to: Option<&Path>,
    t: &mut Tables,
    mut each: impl FnMut(&Row<'_>, &mut Tables),
) -> Result<(), TableError> {
    if let Some((file, mut table)) = Table::open(dir, name, columns, given)? {
        while let Some(row) = table.next_row()? {
            each(&row, t);
        }
        let sha256 = hash_and_copy(&file, name, copy_to, t)?;
        t.digests.push(TableDigest {
            table: name,
            sha256,
            rows: table.finish()?,
            source: file.source.clone(),
        });
    }
    Ok(())
}

type PartResult = Result<(Vec<EnterpriseRow>, Vec<(RowProblem, String, String, Owner)>, u64), TableError>;

/// A table's SHA-256 and its copy in `dir` (if copies are kept), whose sync to the disk is
/// started, not waited for (see [`TableCopy`]). For `enterprises.csv` this hashing and copying
/// runs beside the parsing of the table and what follows it (see [`PendingDigest`]). Gives up
/// at the next block once `stop` is set (the run has failed, and the copy is deleted).
fn copy_and_sync(
    file: &TableFile,
    name: &'static str,
    dir: Option<&Path>,
    stop: &AtomicBool,
) -> Result<(String, Option<TableCopy>), TableError> {
    let mut copy = temp_copy(file, dir)?;
    let sha256 = file.sha256_and_copy(copy.as_mut().map(|c| c.as_file_mut()), stop)?;
    let copy = copy
        .map(|c| {
            let path = c.path().to_path_buf();
            TableCopy::syncing(name, c).map_err(|source| TableError::Copy { file: path, source })
        })
        .transpose()?;
    Ok((sha256, copy))
}

/// `enterprises.csv`, the big one: read in parts (a few per core, each core taking the next
/// part as it finishes one, so that a core shared with the hashing for a while does not hold
/// the others up at the end), while a [`PendingDigest`] hashes (and copies) it; gives the rows
/// read. Each part keeps its rows in file order and the parts are joined in file order, so that a
/// table that lists each park's rows together needs no sort (see
/// [`TableCases`](crate::batch)).
fn read_enterprises(
    file: &TableFile,
    index: &Index,
    t: &mut Tables,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<u64, TableError> {
    const BATCH: u64 = 4096;
    /// Parts per core, but no more than 64 parts in all unless there are more cores (each
    /// part is an open file with its own buffer).
    const PARTS_PER_CORE: usize = 4;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parts = file.parts((workers * PARTS_PER_CORE).min(workers.max(64)))?;
    let size = file.size;
    let done = std::sync::atomic::AtomicU64::new(0);
    // About 76 bytes a row or more in the bureau's tables. A large part's block (8 MiB of
    // rows or more) is never made smaller than glibc's largest threshold for mapping a block
    // (32 MiB): such a block is mapped, and unmapped whole when freed, its unused end never
    // touched (address space, not memory). A smaller mapped block, freed once its rows are
    // joined, would raise that threshold to its size, and blocks of up to that size made
    // later would stay in the heap when freed (13 MiB more peak memory at 100,000 parks).
    const MAPPED: usize = (32 << 20) / std::mem::size_of::<EnterpriseRow>() + 1;
    let estimate = (size / 76 / parts.len().max(1) as u64) as usize;
    let capacity = estimate + estimate / 16;
    let capacity = if capacity >= MAPPED / 4 {
        capacity.max(MAPPED)
    } else {
        capacity
    };
    let read_part = |mut part: Table| -> PartResult {
        let mut rows = Vec::with_capacity(capacity);
        let mut problems = Vec::new();
        let mut last = LastPark::default();
        let at = EnterpriseAt::of(&part);
        while let Some(row) = part.next_row()? {
            match enterprise_row(&row, &at, index, &mut last) {
                Ok(e) => rows.push(e),
                Err((p, owner)) => {
                    let (id, year) = ids(&row);
                    problems.push((p, id, year, owner));
                }
            }
            if part.rows.is_multiple_of(BATCH) {
                let total = done.fetch_add(BATCH, Ordering::Relaxed);
                progress(table_bytes_hint(total + BATCH, size), size);
            }
        }
        Ok((rows, problems, part.rows))
    };
    // The parts, taken in file order by whichever worker is free: a part before one that
    // fails has always been read whole, so the first problem in the file is the one said.
    let workers = workers.min(parts.len());
    let queue = std::sync::Mutex::new(parts.into_iter().enumerate());
    let mut results: Vec<(usize, PartResult)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut read = Vec::new();
                    loop {
                        let next = queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner).next();
                        let Some((i, part)) = next else { break };
                        let result = read_part(part);
                        let failed = result.is_err();
                        read.push((i, result));
                        if failed {
                            break;
                        }
                    }
                    read
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a reader thread does not panic"))
            .collect()
    });
    results.sort_unstable_by_key(|(i, _)| *i);
    let results: Vec<PartResult> = results.into_iter().map(|(_, r)| r).collect();
    let mut rows_read = 0;
    let mut all: Vec<EnterpriseRow> = Vec::new();
    let mut problems = Vec::new();
    for result in results {
        let (rows, part_problems, read) = result?;
        if all.is_empty() {
            all = rows;
        } else {
            // The first part's block grows in place (or is moved by the kernel, not copied).
            all.reserve_exact(rows.len());
            all.extend_from_slice(&rows);
        }
        problems.extend(part_problems);
        rows_read += read;
    }
    t.enterprises = all;
    for (p, id, year, owner) in problems {
        t.problem(p, &id, &year, owner);
    }
    progress(size, size);
    Ok(rows_read)
}

fn table_bytes_hint(rows: u64, size: u64) -> u64 {
    // About 78 bytes a row in generated tables; progress only, never a figure.
    (rows * 78).min(size)
}

/// Tables in the order they are read, for sorting problems.
pub fn table_order(table: &str) -> usize {
    [PARKS, ENTERPRISES, INVESTMENTS, GRANTS, OVERRIDES]
        .iter()
        .position(|t| *t == table)
        .unwrap_or(5)
}

fn ids(row: &Row<'_>) -> (String, String) {
    // As written, less any control characters (they are the problem being reported).
    let get = |c| {
        row.cell(c)
            .ok()
            .flatten()
            .unwrap_or("")
            .chars()
            .map(|ch| if ch.is_control() { '\u{FFFD}' } else { ch })
            .collect::<String>()
    };
    (get("park_id"), get("year"))
}

type RowResult<T> = Result<T, (RowProblem, Owner)>;

/// An id or name: required, and plain text (no control characters: a NUL, a tab or a line
/// break in a name would be copied into the ledger and break what reads it).
fn plain<'r>(row: &'r Row<'_>, column: &'static str) -> Result<&'r str, RowProblem> {
    let text = row.required(column)?;
    match crate::values::text::first_control_character(text) {
        None => Ok(text),
        Some((at, character)) => Err(row.problem(column, RowFault::ControlCharacter { at, character })),
    }
}

fn park_row(row: &Row<'_>) -> Result<ParkYear, RowProblem> {
    let id = plain(row, "park_id")?.to_string();
    let year = row.parse("year", parse_year)?;
    let stars = row.parse_opt("stars", parse_stars)?;
    let recognized = row.parse_opt("star_recognized_on", parse_date)?;
    let star_rating = match (stars, recognized) {
        (Some(stars), Some(recognized_on)) => Some(StarRating { stars, recognized_on }),
        (None, None) => None,
        (Some(_), None) => {
            return Err(row.problem("star_recognized_on", RowFault::StarDayMissing));
        }
        (None, Some(_)) => return Err(row.problem("stars", RowFault::StarLevelMissing)),
    };
    Ok(ParkYear {
        park: Park {
            id,
            name: plain(row, "name")?.to_string(),
            town: plain(row, "town")?.to_string(),
            operator: plain(row, "operator")?.to_string(),
        },
        year,
        provincial_listing: row.parse_opt("provincial_listing", parse_date)?,
        performance_grade: row.parse_opt("performance_grade", parse_grade)?,
        star_rating,
        completion_accepted_on: row.parse_opt("completion_accepted_on", parse_date)?,
        line: row.line,
    })
}

fn parse_year(text: &str) -> Result<Year, RowFault> {
    let n: i64 = text.parse().map_err(|_| RowFault::NotAYear(text.to_string()))?;
    Ok(Year::new(n)?)
}

fn parse_stars(text: &str) -> Result<Stars, String> {
    let n: u8 = text
        .parse()
        .map_err(|_| format!("a star level is 1 to 5, not `{text}`"))?;
    Stars::new(n)
}

fn parse_grade(text: &str) -> Result<Grade, RowFault> {
    match text {
        "A" => Ok(Grade::A),
        "B" => Ok(Grade::B),
        "C" => Ok(Grade::C),
        "D" => Ok(Grade::D),
        _ => Err(RowFault::UnknownGrade(text.to_string())),
    }
}

fn parse_item(text: &str) -> Result<ItemId, String> {
    text.parse()
}

fn non_negative(what: &'static str) -> impl Fn(&str) -> Result<Money, String> {
    move |text| {
        let m = Money::parse(text).map_err(|e| e.to_string())?;
        if m.is_negative() {
            Err(format!("{what} cannot be negative ({m})"))
        } else {
            Ok(m)
        }
    }
}

/// Where the cells that name a row's park-year are.
#[derive(Clone, Copy)]
struct ParkYearAt {
    park_id: ColumnAt,
    year: ColumnAt,
}

impl ParkYearAt {
    /// The places `column_at` finds (a table's, once; or a row's).
    fn found_by(column_at: impl Fn(&'static str) -> ColumnAt) -> ParkYearAt {
        ParkYearAt {
            park_id: column_at("park_id"),
            year: column_at("year"),
        }
    }
}

/// Where the cells of `enterprises.csv` read for every row are, found once for each part.
#[derive(Clone, Copy)]
struct EnterpriseAt {
    park_year: ParkYearAt,
    uscc: ColumnAt,
    contribution: ColumnAt,
}

impl EnterpriseAt {
    fn of(table: &Table) -> EnterpriseAt {
        EnterpriseAt {
            park_year: ParkYearAt::found_by(|c| table.column_at(c)),
            uscc: table.column_at("uscc"),
            contribution: table.column_at("city_fiscal_contribution"),
        }
    }
}

fn park_year_of(row: &Row<'_>, index: &Index, last: &mut LastPark) -> RowResult<u32> {
    park_year_and_year(row, ParkYearAt::found_by(|c| row.column_at(c)), index, last).map(|(py, _)| py)
}

/// The park-year a row names, and its year.
fn park_year_and_year(row: &Row<'_>, at: ParkYearAt, index: &Index, last: &mut LastPark) -> RowResult<(u32, i16)> {
    if let Some((id, year, found_year, py)) = &last.found
        && row.bytes_at(at.park_id) == id.as_slice()
        && row.bytes_at(at.year) == year.as_slice()
    {
        return Ok((*py, *found_year));
    }
    let id = plain(row, "park_id").map_err(|p| (p, Owner::None))?;
    let year = row.parse("year", parse_year).map_err(|p| (p, Owner::None))?;
    let Some(&key) = index.key_of.get(id) else {
        return Err((
            row.problem(
                "park_id",
                RowFault::NoPark {
                    park_id: id.to_string(),
                },
            ),
            Owner::None,
        ));
    };
    match index.park_year_of.get(&(key, year.get())) {
        Some(&py) => {
            last.found = Some((
                row.bytes_at(at.park_id).to_vec(),
                row.bytes_at(at.year).to_vec(),
                year.get(),
                py,
            ));
            Ok((py, year.get()))
        }
        None => Err((
            row.problem(
                "year",
                RowFault::NoParkYear {
                    park_id: id.to_string(),
                    year: year.get(),
                },
            ),
            Owner::None,
        )),
    }
}

fn key_of(row: &Row<'_>, index: &Index, last: &mut LastPark) -> RowResult<u32> {
    if let Some((id, key)) = &last.key
        && row.bytes("park_id") == id.as_slice()
    {
        return Ok(*key);
    }
    let id = plain(row, "park_id").map_err(|p| (p, Owner::None))?;
    let found = index.key_of.get(id).copied();
    if let Some(key) = found {
        last.key = Some((row.bytes("park_id").to_vec(), key));
    }
    found.ok_or_else(|| {
        (
            row.problem(
                "park_id",
                RowFault::NoPark {
                    park_id: id.to_string(),
                },
            ),
            Owner::None,
        )
    })
}

fn enterprise_row(row: &Row<'_>, at: &EnterpriseAt, index: &Index, last: &mut LastPark) -> RowResult<EnterpriseRow> {
    let (park_year, _) = park_year_and_year(row, at.park_year, index, last)?;
    let owner = Owner::ParkYear(park_year);
    // A cell written plainly is read from its bytes; any other is read as text (trimmed,
    // checked, explained), to the same value.
    let uscc = match Uscc::packed_if_exact(row.bytes_at(at.uscc)) {
        Some(packed) => packed,
        None => row.parse("uscc", Uscc::parse_packed).map_err(|p| (p, owner))?,
    };
    // Whole fen, which always fit: what is larger is refused as too large.
    let fen = match Money::fen_if_plain(row.bytes_at(at.contribution)) {
        Some(fen) => fen,
        None => row
            .parse("city_fiscal_contribution", Money::parse_fen)
            .map_err(|p| (p, owner))?,
    };
    let line = u32::try_from(row.line).map_err(|_| (row.problem("park_id", RowFault::TableTooLong), owner))?;
    Ok(EnterpriseRow::new(uscc, fen, park_year, line))
}

fn investment_row(row: &Row<'_>, index: &Index, last: &mut LastPark) -> RowResult<Attached<DigitalInvestment>> {
    let key = key_of(row, index, last)?;
    let owner = Owner::Key(key);
    let kind = row
        .parse("kind", |t| match t {
            "soft" => Ok(InvestmentKind::Soft),
            "hardware" => Ok(InvestmentKind::Hardware),
            _ => Err(format!("unknown kind `{t}`: expected soft or hardware")),
        })
        .map_err(|p| (p, owner))?;
    let value = DigitalInvestment {
        item: row.cell("item").map_err(|p| (p, owner))?.unwrap_or("").to_string(),
        kind,
        amount: row
            .parse("amount", non_negative("an investment"))
            .map_err(|p| (p, owner))?,
        paid_on: row.parse("paid_on", parse_date).map_err(|p| (p, owner))?,
    };
    Ok(Attached {
        owner: key,
        value,
        line: row.line,
    })
}

enum Grant {
    Prior(Attached<PriorGrant>),
    Other(Attached<OtherGrant>),
}

fn grant_row(row: &Row<'_>, index: &Index, last: &mut LastPark) -> RowResult<Grant> {
    let kind = row.required("kind").map_err(|p| (p, Owner::None))?;
    match kind {
        "prior" => {
            let key = key_of(row, index, last)?;
            let owner = Owner::Key(key);
            let value = PriorGrant {
                item: row.parse("item", parse_item).map_err(|p| (p, owner))?,
                year: row.parse("year", parse_year).map_err(|p| (p, owner))?,
                amount: row.parse("amount", non_negative("a grant")).map_err(|p| (p, owner))?,
            };
            Ok(Grant::Prior(Attached {
                owner: key,
                value,
                line: row.line,
            }))
        }
        "other" => {
            let park_year = park_year_of(row, index, last)?;
            let owner = Owner::ParkYear(park_year);
            let value = OtherGrant {
                item: row.parse("item", parse_item).map_err(|p| (p, owner))?,
                source: row.required("source").map_err(|p| (p, owner))?.to_string(),
                amount: row.parse("amount", non_negative("a grant")).map_err(|p| (p, owner))?,
            };
            Ok(Grant::Other(Attached {
                owner: park_year,
                value,
                line: row.line,
            }))
        }
        _ => Err((
            row.problem("kind", RowFault::UnknownGrantKind(kind.to_string())),
            Owner::None,
        )),
    }
}

fn override_row(row: &Row<'_>, index: &Index, last: &mut LastPark) -> RowResult<Attached<Override>> {
    let park_year = park_year_of(row, index, last)?;
    let owner = Owner::ParkYear(park_year);
    let value = Override {
        item: row.parse("item", parse_item).map_err(|p| (p, owner))?,
        amount: row
            .parse("amount", non_negative("an approved amount"))
            .map_err(|p| (p, owner))?,
        approval: row
            .required("approval")
            .map_err(|_| {
                (
                    row.problem(
                        "approval",
                        "a case-by-case amount （十七） needs the approval's reference".to_string(),
                    ),
                    owner,
                )
            })?
            .to_string(),
    };
    Ok(Attached {
        owner: park_year,
        value,
        line: row.line,
    })
}

/// 不重复: an enterprise counted under two parks (or twice in one) in the same year.
///
/// The rows stay in file order: the check sorts a key per row, (year, code, row) packed in
/// one `u128` (cheap to compare), and finds each repeat beside its predecessor.
fn enterprises_twice(rows: &[EnterpriseRow], year_of: &[i16]) -> Vec<(EnterpriseRow, EnterpriseRow)> {
    use rayon::prelude::*;
    /// The codes are checked in 2^3 shares.
    const SHARE_BITS: u32 = 3;
    let mut found: Vec<(EnterpriseRow, EnterpriseRow)> = Vec::new();
    let mut years = year_of.to_vec();
    years.sort_unstable();
    years.dedup();
    if years.len() <= 64 && u32::try_from(rows.len()).is_ok() {
        // year rank: 6 bits | code: 90 bits | row: 32 bits. Rows are in file order, so the
        // row's index orders repeats by line, as the messages name them.
        let rank_of: Vec<u128> = year_of
            .iter()
            .map(|y| years.binary_search(y).map_or(0, |r| r as u128))
            .collect();
        // The keys are made and sorted a share of the codes at a time (by a hash of the
        // code, so that a repeat falls in the share of its first), not all 5,000,000 at once:
        // 16 bytes a row for one share in eight. The repeats found are put back in the order
        // of their keys, as one sort of every key would give them.
        let key = |i: usize, e: &EnterpriseRow| {
            let (hi, lo) = e.uscc().parts();
            let code = (u128::from(hi) << 26) | u128::from(lo);
            (rank_of[e.park_year as usize] << 122) | (code << 32) | i as u128
        };
        let share = |e: &EnterpriseRow| {
            let (hi, lo) = e.uscc().parts();
            ((hi ^ u64::from(lo)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SHARE_BITS)) as usize
        };
        let mut repeats: Vec<(u128, u128)> = Vec::new();
        for s in 0..1usize << SHARE_BITS {
            let mut keys: Vec<u128> = rows
                .par_iter()
                .enumerate()
                .filter(|(_, e)| share(e) == s)
                .map(|(i, e)| key(i, e))
                .collect();
            keys.par_sort_unstable();
            repeats.extend(
                keys.windows(2)
                    .filter(|pair| pair[0] >> 32 == pair[1] >> 32)
                    .map(|pair| (pair[0], pair[1])),
            );
        }
        repeats.sort_unstable();
        let row = |k: u128| rows[(k & u128::from(u32::MAX)) as usize];
        found.extend(repeats.into_iter().map(|(a, b)| (row(a), row(b))));
    } else {
        // More years than the key has room for: sort a copy of the rows instead.
        let mut rows = rows.to_vec();
        let year = |e: &EnterpriseRow| year_of[e.park_year as usize];
        rows.par_sort_unstable_by_key(|e| (year(e), e.uscc(), e.line));
        for pair in rows.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if year(&a) == year(&b) && a.uscc() == b.uscc() {
                found.push((a, b));
            }
        }
    }
    found
}

/// Each enterprise found [twice in a year](enterprises_twice): a problem at its second row,
/// and neither park's figure computed.
fn reject_enterprises_twice(t: &mut Tables, found: Vec<(EnterpriseRow, EnterpriseRow)>) {
    for (a, b) in found {
        let (id_a, id_b) = (
            t.park_years[a.park_year as usize].park.id.clone(),
            t.park_years[b.park_year as usize].park.id.clone(),
        );
        let b_year = t.park_years[b.park_year as usize].year.get();
        let p = RowProblem::new(
            ENTERPRISES,
            u64::from(b.line),
            Some("uscc"),
            RowFault::EnterpriseTwice {
                uscc: b.uscc().unpack().to_string(),
                park_a: id_a,
                at_a: format!("{ENTERPRISES}:{}", a.line),
                park_b: id_b.clone(),
                at_b: format!("{ENTERPRISES}:{}", b.line),
                year: b_year,
            },
        );
        // The first park's figure is not computed either, for the fault that names both rows.
        t.reject_park_year(a.park_year, || Because::Named((*p.fault).clone()));
        t.problem(p, &id_b, &b_year.to_string(), Owner::ParkYear(b.park_year));
    }
}

/// One approval per item per park-year.
fn check_one_override_per_item(t: &mut Tables) {
    let mut seen: HashMap<(u32, ItemId), u64> = HashMap::new();
    let mut found = Vec::new();
    for o in &t.overrides {
        if let Some(first) = seen.insert((o.owner, o.value.item), o.line) {
            found.push((o.owner, o.value.item, o.line, first));
        }
    }
    for (park_year, item, line, first) in found {
        let py = &t.park_years[park_year as usize];
        let (id, year) = (py.park.id.clone(), py.year.to_string());
        let p = RowProblem::new(
            OVERRIDES,
            line,
            Some("item"),
            RowFault::SecondOverride {
                item,
                park_id: id.clone(),
                year: py.year.get(),
                first: format!("{OVERRIDES}:{first}"),
            },
        );
        t.problem(p, &id, &year, Owner::ParkYear(park_year));
    }
}
