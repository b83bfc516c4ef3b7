//! What a batch writes, in order: `ledger.csv` (one row per park and item), `rejects.csv`
//! (every row not in the ledger, and why), `ledger.xlsx`, the copies of the inputs and
//! `summary.json` (see `summary.rs`), each written whole into the new folder.

use std::collections::BTreeMap;

use crate::batch::files::{Hashing, sync_files, temp_file_in, write_atomically};
use crate::batch::ledger_file::Written;
use crate::batch::portfolio::Portfolio;
use crate::batch::reject::Reject;
use crate::batch::summary::{
    ByItem, ByRecipient, InputManifest, OutputManifest, ParkCounts, Summary, SummaryPolicy, Totals,
};
use crate::batch::table_copy::TableCopy;
use crate::batch::{BatchError, BatchOutcome, BatchRequest};
use crate::engine::ENGINE;
use crate::policy::LoadedPolicy;
use crate::report::safe_cell::neutralise;
use crate::values::item::{Beneficiary, ItemId};
use crate::values::money::Money;

/// The rejects' columns.
pub const REJECTS_HEADER: [&str; 5] = ["table", "line", "park_id", "year", "reason"];
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn csv_bytes<const N: usize>(header: [&str; N], rows: impl Iterator<Item = [String; N]>) -> (Vec<u8>, u64) {
    let mut bytes = BOM.to_vec();
    let mut n = 0;
    {
        let mut w = csv::WriterBuilder::new().from_writer(&mut bytes);
        let _ = w.write_record(header);
        for row in rows {
            let _ = w.write_record(&row);
            n += 1;
        }
        let _ = w.flush();
    }
    (bytes, n)
}

pub use crate::report::recorded::INPUTS_DIR;

/// How the inputs come to be copied beside the outputs.
pub enum Copies {
    /// Already written while the tables were hashed: renamed into place.
    Made(Vec<TableCopy>),
    /// Copied now from the input folder (application files, which are small).
    FromInput,
}

/// Puts the copies of the inputs into `out/inputs/`, each renamed into place whole.
fn place_copies(request: &BatchRequest, inputs: &[InputManifest], copies: Copies) -> Result<(), BatchError> {
    let dir = request.out.join(INPUTS_DIR);
    match copies {
        Copies::Made(made) => {
            for copy in made {
                let path = dir.join(copy.name);
                copy.place(&path)?;
            }
        }
        Copies::FromInput => {
            for input in inputs {
                let path = dir.join(&input.file);
                let fail = |source| BatchError::Output {
                    path: path.clone(),
                    source,
                };
                let tmp = temp_file_in(&dir, &input.file).map_err(fail)?;
                std::fs::copy(request.input.join(&input.file), tmp.path()).map_err(fail)?;
                tmp.persist(&path).map_err(|e| fail(e.error))?;
            }
        }
    }
    Ok(())
}

/// Writes the three outputs and the copies of the inputs, summary last.
#[allow(clippy::too_many_arguments)]
pub fn write(
    request: &BatchRequest,
    policy: &LoadedPolicy,
    kind: &'static str,
    inputs: Vec<InputManifest>,
    copies: Copies,
    ledger: Written,
    totals: Totals,
    rejects: Vec<Reject>,
) -> Result<BatchOutcome, BatchError> {
    let out = &request.out;
    std::fs::create_dir_all(out).map_err(|source| BatchError::Output {
        path: out.clone(),
        source,
    })?;

    let ledger_rows: u64 = totals.by_item.iter().map(|c| c.rows).sum();
    let (rejects_bytes, reject_rows) = csv_bytes(
        REJECTS_HEADER,
        rejects.iter().map(|r| {
            [
                neutralise(&r.table).into_owned(),
                r.line.to_string(),
                neutralise(&r.park_id).into_owned(),
                neutralise(&r.year).into_owned(),
                neutralise(&crate::batch::reject_words::reason_words(&r.reason, request.lang)).into_owned(),
            ]
        }),
    );

    let grand_total = totals
        .by_item
        .iter()
        .fold(Money::ZERO, |s, c| s.checked_add(c.sum).expect("in range"));
    let sum_of = |b: Beneficiary| {
        ItemId::ALL
            .into_iter()
            .filter(|i| policy.policy.beneficiary(*i) == b)
            .fold(Money::ZERO, |s, i| {
                s.checked_add(totals.by_item[i.index()].sum).expect("in range")
            })
    };
    let years: Vec<i16> = totals.by_year.keys().copied().collect();
    let as_of = years
        .last()
        .and_then(|y| crate::facts::application::Year::new(i64::from(*y)).ok())
        .map(|y| y.last_day())
        .unwrap_or(jiff::civil::Date::constant(2023, 12, 31));
    let mut summary = Summary {
        engine: ENGINE,
        policy: SummaryPolicy {
            id: policy.policy.policy.id.clone(),
            digest: policy.digest.clone(),
            sources: policy.sources.clone(),
            document: policy.policy.clone(),
        },
        input_kind: kind,
        keep_going: request.keep_going,
        encoding: request.encoding.map(|g| g.name()),
        inputs_copied_to: INPUTS_DIR,
        inputs,
        // Filled in below, in this order: ledger.csv, rejects.csv, ledger.xlsx.
        outputs: Vec::with_capacity(3),
        years,
        parks: ParkCounts {
            computed: totals.parks_computed,
            rejected: totals.parks_rejected,
        },
        by_item: ByItem {
            provincial_listing: totals.by_item[0],
            star_award: totals.by_item[1],
            fiscal_rebate: totals.by_item[2],
            digital_subsidy: totals.by_item[3],
        },
        by_beneficiary: BTreeMap::from([
            ("local_government", sum_of(Beneficiary::LocalGovernment)),
            ("operator", sum_of(Beneficiary::Operator)),
        ]),
        by_recipient: ByRecipient {
            operator: totals.by_operator,
            local_government: totals.by_town_rebate,
        },
        by_town: totals.by_town,
        by_year: totals.by_year,
        grand_total,
        readings: policy
            .policy
            .readings_in_force(as_of)
            .into_iter()
            .map(Into::into)
            .collect(),
        portfolio: Portfolio::new(&policy.policy, totals.portfolio),
    };
    // ledger.xlsx, for people: from the same rows (read back from ledger.csv), its digest in
    // the manifest. It is most of a large batch's work (millions of cells, then their
    // compression), so it is built on its own thread, straight into its file, while this one
    // writes the rejects, puts the copies of the inputs and the ledger in place and syncs them
    // (the folder's commit syncs everything again, and finds these files clean). Same bytes
    // as one after the other: each file is written by one thread.
    let mut ledger = ledger;
    let index = std::mem::take(&mut ledger.index);
    let ledger_bytes = if request.xlsx { Some(ledger.reader()?) } else { None };
    let (xlsx, csvs) = std::thread::scope(|s| {
        let xlsx = s.spawn(|| {
            ledger_bytes
                .map(|bytes| {
                    let path = out.join("ledger.xlsx");
                    let fail = |source| BatchError::Output {
                        path: path.clone(),
                        source,
                    };
                    let tmp = temp_file_in(out, "ledger.xlsx").map_err(fail)?;
                    let mut file = Hashing::new(std::io::BufWriter::with_capacity(1 << 20, tmp.as_file()));
                    crate::batch::ledger_xlsx::for_batch(
                        &bytes,
                        &index,
                        &rejects,
                        &summary,
                        policy,
                        request.lang,
                        &mut file,
                    )
                    .map_err(fail)?;
                    let sha256 = file.finish().map_err(fail)?;
                    Ok::<_, BatchError>((tmp, sha256))
                })
                .transpose()
        });
        let csvs = (|| -> Result<_, BatchError> {
            place_copies(request, &summary.inputs, copies)?;
            let ledger = ledger.persist()?;
            let rejects = write_atomically(out, "rejects.csv", &[&rejects_bytes])?;
            sync_files(&request.out.join(INPUTS_DIR))?;
            sync_files(out)?;
            Ok((ledger, rejects))
        })();
        (xlsx.join().expect("the workbook thread does not panic"), csvs)
    });
    let ((ledger_path, ledger_sha256), (rejects_path, rejects_sha256)) = csvs?;
    let xlsx = xlsx?;
    drop(index);
    summary.outputs.push(OutputManifest {
        file: "ledger.csv",
        sha256: ledger_sha256,
        rows: ledger_rows,
    });
    summary.outputs.push(OutputManifest {
        file: "rejects.csv",
        sha256: rejects_sha256,
        rows: reject_rows,
    });
    let mut written = vec![ledger_path, rejects_path];
    if let Some((tmp, xlsx_sha256)) = xlsx {
        let xlsx_path = out.join("ledger.xlsx");
        tmp.persist(&xlsx_path).map_err(|e| BatchError::Output {
            path: xlsx_path.clone(),
            source: e.error,
        })?;
        summary.outputs.push(OutputManifest {
            file: "ledger.xlsx",
            sha256: xlsx_sha256,
            rows: ledger_rows,
        });
        written.push(xlsx_path);
    }
    let mut json = serde_json::to_vec_pretty(&summary).expect("a summary always serializes");
    json.push(b'\n');
    written.push(write_atomically(out, "summary.json", &[&json])?.0);
    Ok(BatchOutcome { summary, written })
}
