//! `batch`: a year's parks, from the bureau's tables or a folder of application files, to a
//! ledger that ties out: every input row is in the ledger's sums or in the rejects.
//!
//! One engine: each park's figures are computed by [`crate::engine::assessment`], exactly as `calc`
//! computes them for the same facts.

pub mod blank;
pub(crate) mod cell_ends;
pub mod encoding;
pub mod error_words;
pub mod files;
pub mod folder;
pub mod headers;
pub mod ledger_file;
pub mod ledger_row;
pub mod ledger_rows;
pub(crate) mod ledger_totals;
pub mod ledger_xlsx;
pub(crate) mod ledger_xlsx_stream;
pub mod load;
pub mod output;
pub mod pending_digest;
pub mod portfolio;
pub mod progress;
pub(crate) mod records;
pub mod reject;
pub mod reject_words;
pub mod row_fault;
pub mod sheet_fault;
pub mod summary;
pub mod summary_words;
pub mod table_copy;
pub mod table_error;
pub mod tables;
pub mod workbook;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::engine::assessment::{Assessment, EngineError, assess, assess_with_terms};
use crate::engine::terms::Terms;
use crate::facts::application::{Application, ResidentEnterprise};
use crate::facts::input::{InputError, read_application};
use crate::facts::yaml::Located;
use crate::policy::{LoadedPolicy, PolicyError};
use crate::values::lang::Lang;
use ledger_rows::LedgerChunk;
use load::Tables;
use pending_digest::PendingDigest;
use reject::{Reject, RejectReason};
use row_fault::RowFault;
use summary::Totals;
use table_error::TableError;
use tables::RowProblem;

/// What `batch` is asked to do.
#[derive(Debug, Clone)]
pub struct BatchRequest {
    /// A folder of tables (`parks.csv`, …) or of application `.yaml` files.
    pub input: PathBuf,
    /// Where `ledger.csv`, `rejects.csv` and `summary.json` are written.
    pub out: PathBuf,
    /// `--policy` files, in order.
    pub policies: Vec<PathBuf>,
    /// Write the ledger for the clean parks, and the rest to `rejects.csv`.
    pub keep_going: bool,
    /// Language of the ledger's reasons.
    pub lang: Lang,
    /// Show a progress bar (only ever on a terminal).
    pub progress: bool,
    /// Also write `ledger.xlsx` (the default; most of a very large batch's time).
    pub xlsx: bool,
    /// The encoding every CSV table is in (`--encoding`); detected when `None`.
    pub encoding: Option<encoding::Given>,
}

/// Why a batch wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The policy could not be loaded.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A table could not be read at all.
    #[error(transparent)]
    Table(#[from] TableError),
    /// The input folder holds neither tables nor applications.
    #[error("{dir}: no parks.csv and no application .yaml files")]
    NoInput {
        /// The folder.
        dir: PathBuf,
    },
    /// Rows with problems, all of them listed; `--keep-going` writes the rest.
    #[error("{} problem(s); nothing was written (use --keep-going to write the clean parks and rejects.csv):\n{}", problems.len(), problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Problems {
        /// Each problem with its table, line and column.
        problems: Vec<RowProblem>,
    },
    /// A park's calculation could not be finished.
    #[error("park {park_id} {year}: {source}")]
    Engine {
        /// The park.
        park_id: String,
        /// The year.
        year: i16,
        /// Why.
        source: EngineError,
    },
    /// An output could not be written.
    #[error("{path}: cannot write: {source}")]
    Output {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Another run is writing the same folder.
    #[error("{out}: another batch is writing this folder ({holder}): wait for it to finish, or choose another --out")]
    Busy {
        /// The folder.
        out: PathBuf,
        /// The other run, as its lock names it (its process id and start).
        holder: String,
    },
    /// The folder could not be listed.
    #[error("{dir}: cannot read: {source}")]
    Unreadable {
        /// The folder.
        dir: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// The parks of a batch, ready to compute: built lazily, one application at a time.
trait Cases: Sync + Send {
    fn len(&self) -> usize;
    fn key(&self, i: usize) -> (&str, i16);
    fn is_rejected(&self, i: usize) -> bool;
    fn application(&self, i: usize) -> std::borrow::Cow<'_, Application>;
    /// Resident-enterprise count, for the portfolio.
    fn enterprises(&self, i: usize) -> usize;
}

/// What a batch did.
#[derive(Debug)]
pub struct BatchOutcome {
    /// The summary written to `summary.json`.
    pub summary: summary::Summary,
    /// The files written.
    pub written: Vec<PathBuf>,
}

/// Runs a batch: reads, checks, computes, writes atomically.
///
/// # Errors
/// An unreadable policy or input; problems in the rows without `keep_going`; a calculation
/// that cannot be finished; an output that cannot be written. On error nothing is written.
pub fn run(request: &BatchRequest, progress: &dyn progress::Progress) -> Result<BatchOutcome, BatchError> {
    let policy = LoadedPolicy::load(&request.policies)?;
    run_with_policy(request, &policy, progress)
}

/// As [`run`], under a policy already loaded (`verify` uses the one a summary recorded).
///
/// # Errors
/// As [`run`].
pub fn run_with_policy(
    request: &BatchRequest,
    policy: &LoadedPolicy,
    progress: &dyn progress::Progress,
) -> Result<BatchOutcome, BatchError> {
    // Everything is written to a new folder beside `--out`, swapped in whole at the end.
    let staging = folder::Staging::begin(&request.out)?;
    let staged = BatchRequest {
        out: staging.path().to_path_buf(),
        ..request.clone()
    };
    let mut outcome = write_folder(&staged, policy, progress)?;
    staging.commit()?;
    for path in &mut outcome.written {
        if let Some(name) = path.file_name() {
            *path = request.out.join(name);
        }
    }
    Ok(outcome)
}

/// Reads, computes and writes the outputs into `request.out`.
fn write_folder(
    request: &BatchRequest,
    policy: &LoadedPolicy,
    progress: &dyn progress::Progress,
) -> Result<BatchOutcome, BatchError> {
    let dir = &request.input;
    if dir.join(load::PARKS).exists() || workbook::holds_parks(dir) {
        // The tables are copied beside the outputs while they are hashed; the copies are
        // renamed into place with the outputs, or removed with the folders made for them.
        let inputs_dir = request.out.join(output::INPUTS_DIR);
        let mut made = MadeDirs::create(&inputs_dir)?;
        let tables = load::read_tables(dir, request.encoding, Some(&inputs_dir), &|done, size| {
            progress.bytes(done, size)
        })?;
        let outcome = finish_tables(request, policy, progress, tables)?;
        made.keep();
        Ok(outcome)
    } else {
        let cases = YamlCases::read(dir)?;
        let run = Run {
            problems: cases.problems.clone(),
            rejects: cases.rejects(),
            inputs: cases.inputs(),
            ..Run::nothing_read(request, policy, progress, "applications")
        };
        let mut made = MadeDirs::create(&request.out.join(output::INPUTS_DIR))?;
        let outcome = finish(run, Box::new(cases), output::Copies::FromInput)?;
        made.keep();
        Ok(outcome)
    }
}

/// Computes and writes what the tables read (their copies already made, or being made).
fn finish_tables(
    request: &BatchRequest,
    policy: &LoadedPolicy,
    progress: &dyn progress::Progress,
    mut tables: Tables,
) -> Result<BatchOutcome, BatchError> {
    let copies = std::mem::take(&mut tables.copies);
    let pending = tables.pending.take();
    let cases = TableCases::new(tables);
    let problems = cases.tables.problems.clone();
    let rejects = rejects_of_tables(&cases);
    let inputs = cases
        .tables
        .digests
        .iter()
        .map(|d| summary::InputManifest::new(d, &rejects))
        .collect();
    let run = Run {
        problems,
        rejects,
        inputs,
        pending,
        ..Run::nothing_read(request, policy, progress, "tables")
    };
    finish(run, Box::new(cases), output::Copies::Made(copies))
}

/// Folders a run makes for its outputs: removed again (if still empty) unless it writes them,
/// so that a failed run leaves nothing behind.
struct MadeDirs {
    dirs: Vec<PathBuf>,
    keep: bool,
}

impl MadeDirs {
    fn create(path: &Path) -> Result<MadeDirs, BatchError> {
        let mut dirs = Vec::new();
        let mut p = Some(path);
        while let Some(dir) = p {
            if dir.as_os_str().is_empty() || dir.exists() {
                break;
            }
            dirs.push(dir.to_path_buf());
            p = dir.parent();
        }
        std::fs::create_dir_all(path).map_err(|source| BatchError::Output {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(MadeDirs { dirs, keep: false })
    }

    fn keep(&mut self) {
        self.keep = true;
    }
}

impl Drop for MadeDirs {
    fn drop(&mut self) {
        if !self.keep {
            for dir in &self.dirs {
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
}

/// What a run has read, ready to compute and write.
struct Run<'r> {
    request: &'r BatchRequest,
    policy: &'r LoadedPolicy,
    problems: Vec<RowProblem>,
    rejects: Vec<Reject>,
    inputs: Vec<summary::InputManifest>,
    /// A table's digest and copy still being made (`enterprises.csv`'s), for `inputs` and the
    /// copies.
    pending: Option<PendingDigest>,
    kind: &'static str,
    progress: &'r dyn progress::Progress,
}

impl<'r> Run<'r> {
    /// A run of `kind` (`tables`, `applications`) before anything is read into it.
    fn nothing_read(
        request: &'r BatchRequest,
        policy: &'r LoadedPolicy,
        progress: &'r dyn progress::Progress,
        kind: &'static str,
    ) -> Run<'r> {
        Run {
            request,
            policy,
            problems: Vec::new(),
            rejects: Vec::new(),
            inputs: Vec::new(),
            pending: None,
            kind,
            progress,
        }
    }
}

/// Stops on problems (unless told to keep going), computes, frees the input, writes; waits for
/// a digest still being made first, and says its problem before any other.
fn finish(
    mut run: Run<'_>,
    cases: Box<dyn Cases + '_>,
    mut copies: output::Copies,
) -> Result<BatchOutcome, BatchError> {
    let computed = if !run.problems.is_empty() && !run.request.keep_going {
        Err(BatchError::Problems {
            problems: std::mem::take(&mut run.problems),
        })
    } else {
        ledger_file::LedgerFile::create(&run.request.out).and_then(|mut ledger| {
            let totals = compute(
                run.policy,
                cases.as_ref(),
                run.request.lang,
                run.request.xlsx,
                run.progress,
                &mut ledger,
                PACE,
            )?;
            Ok((ledger, totals))
        })
    };
    // The digest made beside the reading and the computing; a problem making it is said
    // before any found since, as the one in the table read first.
    if let Some(pending) = run.pending.take() {
        let (digest, copy) = pending.wait()?;
        // Both in table order, as the other tables' are.
        run.inputs.push(summary::InputManifest::new(&digest, &run.rejects));
        run.inputs.sort_by_key(|i| load::table_order(&i.file));
        if let (output::Copies::Made(made), Some(copy)) = (&mut copies, copy) {
            made.push(copy);
            made.sort_by_key(|c| load::table_order(c.name));
        }
    }
    let (ledger, totals) = computed?;
    // The parks are freed (a tenth of a second at 100,000 parks) beside the writing, which
    // leaves a core idle for a while, rather than before it on the only thread then working.
    std::thread::scope(|s| {
        s.spawn(move || drop(cases));
        let ledger = ledger.finish()?;
        run.progress.finish();
        output::write(
            run.request,
            run.policy,
            run.kind,
            run.inputs,
            copies,
            ledger,
            totals,
            run.rejects,
        )
    })
}

/// How the parks are shared out while computing.
#[derive(Debug, Clone, Copy)]
struct Pace {
    /// Parks computed at a time (on every core) before their ledger rows are written: the
    /// ledger's text is never held whole, only two windows'.
    window: usize,
    /// Parks a thread computes in one go.
    chunk: usize,
}

const PACE: Pace = Pace {
    window: 16 * 512,
    chunk: 512,
};

/// Computes every clean park, in (park id, year) order, on every core, appending their rows
/// to `ledger` a window at a time (with the totals `ledger.xlsx` sums, when a `workbook` is
/// written); chunks come back in order, so the ledger's bytes do not depend on the number of
/// threads.
fn compute(
    policy: &LoadedPolicy,
    cases: &dyn Cases,
    lang: Lang,
    workbook: bool,
    progress: &dyn progress::Progress,
    ledger: &mut ledger_file::LedgerFile,
    pace: Pace,
) -> Result<Totals, BatchError> {
    let mut order: Vec<usize> = (0..cases.len()).filter(|&i| !cases.is_rejected(i)).collect();
    order.sort_by(|&a, &b| cases.key(a).cmp(&cases.key(b)));
    let mut years: Vec<i16> = order.iter().map(|&i| cases.key(i).1).collect();
    years.sort_unstable();
    years.dedup();
    let mut terms: HashMap<i16, Terms<'_>> = HashMap::new();
    for &y in &years {
        if policy.policy.covers_year(y) {
            let year = crate::facts::application::Year::new(i64::from(y)).expect("a parsed year");
            terms.insert(y, Terms::for_year(&policy.policy, year)?);
        }
    }
    progress.parks(order.len() as u64);
    let compute_window = |window: &[usize]| -> Vec<Result<(LedgerChunk, Totals), BatchError>> {
        window
            .par_chunks(pace.chunk)
            .map(|chunk| {
                let mut ledger = LedgerChunk::new(workbook);
                let mut totals = Totals::default();
                for &i in chunk {
                    let app = cases.application(i);
                    let assessment: Assessment<'_> = match terms.get(&app.year.get()) {
                        Some(t) => assess_with_terms(&app, policy, t),
                        None => assess(&app, policy),
                    }
                    .map_err(|source| BatchError::Engine {
                        park_id: app.park.id.clone(),
                        year: app.year.get(),
                        source,
                    })?;
                    ledger.push(&assessment, lang);
                    totals.add(&assessment, &app, cases.enterprises(i), &policy.policy);
                }
                progress.parks_done(chunk.len() as u64);
                Ok((ledger, totals))
            })
            .collect()
    };
    let mut totals = Totals::default();
    let mut append = |results: Vec<Result<(LedgerChunk, Totals), BatchError>>| -> Result<(), BatchError> {
        for r in results {
            let (chunk, t) = r?;
            ledger.append(chunk)?;
            totals.merge(t);
        }
        Ok(())
    };
    // Each window is appended (on one thread: the ledger's digest and the totals are one
    // stream) while the next is computed, so that no core waits for the appending; the
    // windows are appended in order, so the bytes are those of one after the other.
    let mut computed = Vec::new();
    for window in order.chunks(pace.window) {
        let (appended, next) = rayon::join(|| append(std::mem::take(&mut computed)), || compute_window(window));
        appended?;
        computed = next;
    }
    append(computed)?;
    totals.parks_rejected = (0..cases.len()).filter(|&i| cases.is_rejected(i)).count() as u64;
    Ok(totals)
}

/// Park-years from tables, with their rows grouped for building applications.
struct TableCases {
    tables: Tables,
    key_of_park_year: Vec<u32>,
    enterprise_start: Vec<usize>,
    investments_of_key: Vec<Vec<usize>>,
    prior_of_key: Vec<Vec<usize>>,
    other_of_park_year: Vec<Vec<usize>>,
    overrides_of_park_year: Vec<Vec<usize>>,
}

fn group(n: usize, owners: impl Iterator<Item = u32>) -> Vec<Vec<usize>> {
    let mut groups = vec![Vec::new(); n];
    for (i, owner) in owners.enumerate() {
        groups[owner as usize].push(i);
    }
    groups
}

impl TableCases {
    fn new(mut tables: Tables) -> TableCases {
        let n = tables.park_years.len();
        let mut key_of_park_year = vec![0u32; n];
        for (k, years) in tables.years_of_key.iter().enumerate() {
            for &py in years {
                key_of_park_year[py as usize] = k as u32;
            }
        }
        // Rows come in file order: a table that lists each park-year's rows together (in
        // the order of parks.csv) is already in order; any other is sorted.
        if !tables.enterprises.is_sorted_by_key(|e| e.park_year) {
            tables
                .enterprises
                .par_sort_unstable_by_key(|e| (u64::from(e.park_year) << 32) | u64::from(e.line));
        }
        let mut enterprise_start = vec![0usize; n + 1];
        for e in &tables.enterprises {
            enterprise_start[e.park_year as usize + 1] += 1;
        }
        for i in 0..n {
            enterprise_start[i + 1] += enterprise_start[i];
        }
        let keys = tables.keys.len();
        TableCases {
            investments_of_key: group(keys, tables.investments.iter().map(|a| a.owner)),
            prior_of_key: group(keys, tables.prior_grants.iter().map(|a| a.owner)),
            other_of_park_year: group(n, tables.other_grants.iter().map(|a| a.owner)),
            overrides_of_park_year: group(n, tables.overrides.iter().map(|a| a.owner)),
            key_of_park_year,
            enterprise_start,
            tables,
        }
    }
}

impl Cases for TableCases {
    fn len(&self) -> usize {
        self.tables.park_years.len()
    }

    fn key(&self, i: usize) -> (&str, i16) {
        let py = &self.tables.park_years[i];
        (&py.park.id, py.year.get())
    }

    fn is_rejected(&self, i: usize) -> bool {
        self.tables.park_rejections[i].is_some()
    }

    fn enterprises(&self, i: usize) -> usize {
        self.enterprise_start[i + 1] - self.enterprise_start[i]
    }

    fn application(&self, i: usize) -> std::borrow::Cow<'_, Application> {
        let t = &self.tables;
        let py = &t.park_years[i];
        let key = self.key_of_park_year[i] as usize;
        let enterprises = &t.enterprises[self.enterprise_start[i]..self.enterprise_start[i + 1]];
        std::borrow::Cow::Owned(Application {
            park: py.park.clone(),
            year: py.year,
            provincial_listing: py.provincial_listing,
            performance_grade: py.performance_grade,
            star_rating: py.star_rating.clone(),
            completion_accepted_on: py.completion_accepted_on,
            resident_enterprises: enterprises
                .iter()
                .map(|e| {
                    Located::new(
                        ResidentEnterprise {
                            uscc: e.uscc().unpack(),
                            name: String::new(),
                            city_fiscal_contribution: e.contribution(),
                        },
                        Some(e.line),
                    )
                })
                .collect(),
            digital_investments: attached(&self.investments_of_key[key], &t.investments),
            prior_grants: attached(&self.prior_of_key[key], &t.prior_grants),
            other_grants: attached(&self.other_of_park_year[i], &t.other_grants),
            overrides: attached(&self.overrides_of_park_year[i], &t.overrides),
            decided_amounts: Vec::new(),
        })
    }
}

/// The rows of a park (or park-year), with their lines, for its application.
fn attached<T: Clone>(indices: &[usize], rows: &[load::Attached<T>]) -> Vec<Located<T>> {
    indices
        .iter()
        .map(|&r| {
            Located::new(
                rows[r].value.clone(),
                Some(u32::try_from(rows[r].line).unwrap_or(u32::MAX)),
            )
        })
        .collect()
}

/// Every row that is not in the ledger: rows rejected on their own, and the rows of rejected
/// park-years.
fn rejects_of_tables(cases: &TableCases) -> Vec<Reject> {
    let t = &cases.tables;
    let mut out = t.rejected_rows.clone();
    let already: std::collections::HashSet<(String, u64)> = out.iter().map(|r| (r.table.clone(), r.line)).collect();
    let mut push = |table: &str, line: u64, py: usize| {
        if already.contains(&(table.to_string(), line)) {
            return;
        }
        let park = &t.park_years[py];
        let Some(because) = t.park_rejections[py].clone() else {
            return;
        };
        out.push(Reject {
            table: table.to_string(),
            line,
            park_id: park.park.id.clone(),
            year: park.year.to_string(),
            reason: RejectReason::ParkNotComputed {
                park_id: park.park.id.clone(),
                year: park.year.to_string(),
                because,
            },
        });
    };
    for (py, park) in t.park_years.iter().enumerate() {
        if t.park_rejections[py].is_some() {
            push(load::PARKS, park.line, py);
            for e in &t.enterprises[cases.enterprise_start[py]..cases.enterprise_start[py + 1]] {
                push(load::ENTERPRISES, u64::from(e.line), py);
            }
            for &r in &cases.other_of_park_year[py] {
                push(load::GRANTS, t.other_grants[r].line, py);
            }
            for &r in &cases.overrides_of_park_year[py] {
                push(load::OVERRIDES, t.overrides[r].line, py);
            }
        }
    }
    // Rows owned by a park id are used if any of its years is computed.
    for (key, years) in t.years_of_key.iter().enumerate() {
        if let Some(&py) = years.first()
            && years.iter().all(|&y| t.park_rejections[y as usize].is_some())
        {
            for &r in &cases.investments_of_key[key] {
                push(load::INVESTMENTS, t.investments[r].line, py as usize);
            }
            for &r in &cases.prior_of_key[key] {
                push(load::GRANTS, t.prior_grants[r].line, py as usize);
            }
        }
    }
    out.sort_by_key(|r| (load::table_order(&r.table), r.line));
    out
}

/// Application files from a folder.
struct YamlCases {
    files: Vec<(PathBuf, Option<Application>, String)>,
    rejected: Vec<Option<Vec<RowProblem>>>,
    problems: Vec<RowProblem>,
}

impl YamlCases {
    fn read(dir: &Path) -> Result<YamlCases, BatchError> {
        let entries = std::fs::read_dir(dir).map_err(|source| BatchError::Unreadable {
            dir: dir.to_path_buf(),
            source,
        })?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(BatchError::NoInput { dir: dir.to_path_buf() });
        }
        let mut files = Vec::with_capacity(paths.len());
        let mut rejected = Vec::with_capacity(paths.len());
        let mut problems = Vec::new();
        for path in paths {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let sha = std::fs::read(&path)
                .map(|b| crate::values::digest::sha256_hex(&b))
                .unwrap_or_default();
            match read_application(&path) {
                Ok(read) => {
                    files.push((path, Some(read.application), sha));
                    rejected.push(None);
                }
                Err(e) => {
                    let list = match &e {
                        InputError::Invalid { problems, .. } => problems
                            .iter()
                            .map(|p| {
                                let fault = RowFault::Application {
                                    path: p.path.clone(),
                                    fault: p.fault.clone(),
                                };
                                RowProblem::new(name.clone(), u64::from(p.line.unwrap_or(0)), None, fault)
                            })
                            .collect(),
                        other => vec![RowProblem::new(
                            name.clone(),
                            0,
                            None,
                            RowFault::Unreadable(other.to_string()),
                        )],
                    };
                    rejected.push(Some(list.clone()));
                    problems.extend(list);
                    files.push((path, None, sha));
                }
            }
        }
        let mut cases = YamlCases {
            files,
            rejected,
            problems,
        };
        cases.cross_check();
        Ok(cases)
    }

    fn name(&self, i: usize) -> String {
        self.files[i]
            .0
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// A park listed twice for a year; an enterprise under two parks in one year.
    fn cross_check(&mut self) {
        let mut parks: BTreeMap<(String, i16), usize> = BTreeMap::new();
        let mut enterprises: HashMap<(i16, crate::values::uscc::Uscc), (usize, usize)> = HashMap::new();
        let mut found: Vec<(usize, RowProblem, Option<usize>)> = Vec::new();
        for (i, (_, app, _)) in self.files.iter().enumerate() {
            let Some(app) = app else { continue };
            let year = app.year.get();
            if let Some(&first) = parks.get(&(app.park.id.clone(), year)) {
                found.push((
                    i,
                    RowProblem::new(
                        self.name(i),
                        1,
                        None,
                        RowFault::ParkInTwoFiles {
                            park_id: app.park.id.clone(),
                            year,
                            other: self.name(first),
                        },
                    ),
                    Some(first),
                ));
            } else {
                parks.insert((app.park.id.clone(), year), i);
            }
            for (j, e) in app.resident_enterprises.iter().enumerate() {
                if let Some(&(first, fj)) = enterprises.get(&(year, e.uscc)) {
                    if first == i {
                        continue; // within one file: the application's own check reports it
                    }
                    found.push((
                        i,
                        RowProblem::new(
                            self.name(i),
                            u64::from(e.line.unwrap_or(0)),
                            None,
                            RowFault::EnterpriseInTwoFiles {
                                index: j,
                                uscc: e.uscc.to_string(),
                                other: self.name(first),
                                other_index: fj,
                                year,
                            },
                        ),
                        Some(first),
                    ));
                } else {
                    enterprises.insert((year, e.uscc), (i, j));
                }
            }
        }
        for (i, problem, other) in found {
            for k in std::iter::once(i).chain(other) {
                if self.rejected[k].is_none() {
                    self.rejected[k] = Some(vec![problem.clone()]);
                }
            }
            self.problems.push(problem);
        }
    }

    fn rejects(&self) -> Vec<Reject> {
        let mut out = Vec::new();
        for (i, (_, app, _)) in self.files.iter().enumerate() {
            if let Some(reason) = &self.rejected[i] {
                out.push(Reject {
                    table: self.name(i),
                    line: 0,
                    park_id: app.as_ref().map(|a| a.park.id.clone()).unwrap_or_default(),
                    year: app.as_ref().map(|a| a.year.to_string()).unwrap_or_default(),
                    reason: RejectReason::Own(reason.clone()),
                });
            }
        }
        out
    }

    fn inputs(&self) -> Vec<summary::InputManifest> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, (_, _, sha))| summary::InputManifest {
                file: self.name(i),
                sha256: sha.clone(),
                rows_read: 1,
                rows_used: u64::from(self.rejected[i].is_none()),
                rows_rejected: u64::from(self.rejected[i].is_some()),
                workbook: None,
            })
            .collect()
    }
}

impl Cases for YamlCases {
    fn len(&self) -> usize {
        self.files.len()
    }

    fn key(&self, i: usize) -> (&str, i16) {
        match &self.files[i].1 {
            Some(app) => (&app.park.id, app.year.get()),
            None => ("", 0),
        }
    }

    fn is_rejected(&self, i: usize) -> bool {
        self.rejected[i].is_some()
    }

    fn enterprises(&self, i: usize) -> usize {
        self.files[i].1.as_ref().map_or(0, |a| a.resident_enterprises.len())
    }

    fn application(&self, i: usize) -> std::borrow::Cow<'_, Application> {
        std::borrow::Cow::Borrowed(self.files[i].1.as_ref().expect("only clean files are computed"))
    }
}

/// The applications of some park-years of a batch's inputs (tables or application files), as
/// the batch built them: for `diff`, to name the facts that changed.
///
/// # Errors
/// Inputs that cannot be read.
pub fn applications(
    dir: &Path,
    keys: &std::collections::BTreeSet<(String, i16)>,
) -> Result<BTreeMap<(String, i16), Application>, BatchError> {
    let pick = |cases: &dyn Cases| {
        (0..cases.len())
            .filter(|&i| !cases.is_rejected(i))
            .filter(|&i| {
                let (id, year) = cases.key(i);
                keys.contains(&(id.to_string(), year))
            })
            .map(|i| {
                let (id, year) = cases.key(i);
                ((id.to_string(), year), cases.application(i).into_owned())
            })
            .collect()
    };
    if dir.join(load::PARKS).exists() {
        let mut tables = load::read_tables(dir, None, None, &|_, _| {})?;
        // No manifest is written: `enterprises.csv`'s digest is not wanted, and stops.
        tables.pending = None;
        Ok(pick(&TableCases::new(tables)))
    } else {
        Ok(pick(&YamlCases::read(dir)?))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    /// The tables of `fixtures/batch/{name}`, with `enterprises.csv`'s digest failing as if
    /// the table could not be read to its end, and a request writing to `out`.
    fn tables_whose_digest_fails(name: &str, out: &Path, keep_going: bool) -> (Tables, BatchRequest) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/batch").join(name);
        let mut tables = load::read_tables(&dir, None, None, &|_, _| {}).unwrap();
        let fails = |_: &std::sync::atomic::AtomicBool| {
            Err(TableError::Unreadable {
                file: PathBuf::from(load::ENTERPRISES),
                source: std::io::ErrorKind::UnexpectedEof.into(),
            })
        };
        tables.pending =
            Some(PendingDigest::start(load::ENTERPRISES, PathBuf::from(load::ENTERPRISES), None, fails).unwrap());
        let request = BatchRequest {
            input: dir,
            out: out.to_path_buf(),
            policies: Vec::new(),
            keep_going,
            lang: Lang::Zh,
            progress: false,
            xlsx: false,
            encoding: None,
        };
        (tables, request)
    }

    /// `enterprises.csv`'s digest, made on its own thread while the rest is read and
    /// computed, fails the run with its own problem, said before the rows' problems (as when
    /// it was waited for with the table's reading), and nothing is written.
    #[test]
    fn a_problem_making_a_digest_is_said_before_the_rows_problems_and_nothing_is_written() {
        let policy = LoadedPolicy::load(&[]).unwrap();
        for (name, keep_going) in [("problems", false), ("problems", true), ("guide", false)] {
            let out = tempfile::tempdir().unwrap();
            let (tables, request) = tables_whose_digest_fails(name, out.path(), keep_going);
            assert!(name == "guide" || !tables.problems.is_empty(), "{name} has problems");
            let err = finish_tables(&request, &policy, &progress::Unwatched, tables).unwrap_err();
            assert!(
                matches!(err, BatchError::Table(TableError::Unreadable { .. })),
                "{name}, keep going {keep_going}: {err:?}"
            );
            let written: Vec<_> = std::fs::read_dir(out.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert!(written.is_empty(), "{name}: {written:?}");
        }
    }

    /// The ledger's bytes and the totals computed at `pace`.
    fn computed_at(cases: &TableCases, policy: &LoadedPolicy, pace: Pace) -> (Vec<u8>, String) {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = ledger_file::LedgerFile::create(dir.path()).unwrap();
        let totals = compute(policy, cases, Lang::Zh, true, &progress::Unwatched, &mut ledger, pace).unwrap();
        let written = ledger.finish().unwrap();
        let mut bytes = Vec::new();
        written.reader().unwrap().read_to_end(&mut bytes).unwrap();
        (bytes, format!("{totals:?} {:?}", written.index.totals))
    }

    /// Windows appended while the next is computed give the bytes and totals of one window.
    #[test]
    fn the_ledger_and_totals_do_not_depend_on_how_the_parks_are_shared_out() {
        let policy = LoadedPolicy::load(&[]).unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/batch/guide");
        let cases = TableCases::new(load::read_tables(&dir, None, None, &|_, _| {}).unwrap());
        let parks = (0..cases.len()).filter(|&i| !cases.is_rejected(i)).count();
        assert!(parks >= 5, "{parks} parks");
        let whole = computed_at(&cases, &policy, PACE);
        assert!(
            whole.0.len() > ledger_file::head().len() + 5 * 4 * 20,
            "rows were written"
        );
        for (window, chunk) in [(1, 1), (2, 1), (3, 2), (parks - 1, 2)] {
            assert_eq!(
                computed_at(&cases, &policy, Pace { window, chunk }),
                whole,
                "windows of {window} parks, chunks of {chunk}"
            );
        }
    }
}
