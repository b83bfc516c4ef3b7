//! The ledger's rows (`ledger.csv`): its columns, and the rows of a run of parks as CSV text,
//! made on every core and appended in order to [the ledger's file](crate::batch::ledger_file).

use crate::batch::ledger_row::LEDGER_COLUMNS;
use crate::batch::ledger_totals::Totals;
use crate::engine::assessment::Assessment;
use crate::report::safe_cell::neutralise;
use crate::report::trace_words::reason;
use crate::values::lang::Lang;

/// The ledger's columns.
pub const LEDGER_HEADER: [&str; LEDGER_COLUMNS] = [
    "park_id",
    "year",
    "item",
    "beneficiary",
    "recipient",
    "amount",
    "status",
    "clause",
    "reason",
    "amount_in_words",
];

/// Ledger rows of a run of parks, as CSV bytes.
#[derive(Debug)]
pub struct LedgerChunk {
    /// One writer for the run (its buffer made once, not once a park).
    writer: csv::Writer<Vec<u8>>,
    /// Each park-year's name, town and rows, for `ledger.xlsx`.
    places: Vec<(String, String, usize)>,
    /// The rows' totals, for the summary sheets of `ledger.xlsx` (none when no workbook is
    /// written).
    totals: Option<Totals>,
}

/// What a chunk of ledger rows leaves: its CSV bytes, each park-year's name, town and row
/// count, and the rows' totals.
#[derive(Debug)]
pub(crate) struct ChunkParts {
    /// The rows as CSV.
    pub bytes: Vec<u8>,
    /// Each park-year's name, town and rows.
    pub places: Vec<(String, String, usize)>,
    /// The rows' totals by recipient, item and town, if they were gathered.
    pub totals: Option<Totals>,
}

impl LedgerChunk {
    /// No rows yet; `totals`: gather the rows' totals for `ledger.xlsx` too.
    pub fn new(totals: bool) -> LedgerChunk {
        LedgerChunk {
            writer: csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new()),
            places: Vec::new(),
            totals: totals.then(Totals::default),
        }
    }
}

impl LedgerChunk {
    /// Appends the four rows of one park-year, and counts them in the totals (if gathered)
    /// under the words `ledger.csv` holds (its recipient neutralised as there).
    pub fn push(&mut self, a: &Assessment<'_>, lang: Lang) {
        let w = &mut self.writer;
        let year = a.year.to_string();
        self.places
            .push((a.park.name.clone(), a.park.town.clone(), a.items.len()));
        for r in &a.items {
            let amount = r.amount.to_string();
            let why = reason(r, lang);
            let words = crate::values::capital::in_capitals(r.amount);
            let recipient = neutralise(r.recipient);
            // Text cells are neutralised for spreadsheets; amounts and enums are not text.
            let _ = w.write_record([
                neutralise(&a.park.id).as_ref(),
                &year,
                r.item.as_str(),
                r.beneficiary.as_str(),
                recipient.as_ref(),
                &amount,
                r.status.as_str(),
                neutralise(r.clause).as_ref(),
                neutralise(&why).as_ref(),
                &words,
            ]);
            if let Some(totals) = &mut self.totals {
                totals.add(
                    r.item.as_str(),
                    r.beneficiary.as_str(),
                    &recipient,
                    &a.park.town,
                    r.amount,
                );
            }
        }
    }

    /// The rows' CSV bytes, each park-year's name, town and row count, and the rows' totals.
    pub(crate) fn into_parts(self) -> ChunkParts {
        // Writing to a Vec cannot fail.
        let bytes = self
            .writer
            .into_inner()
            .unwrap_or_else(|e| e.into_inner().get_ref().clone());
        ChunkParts {
            bytes,
            places: self.places,
            totals: self.totals,
        }
    }
}
