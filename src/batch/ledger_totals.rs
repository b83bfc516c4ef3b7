//! What the summary sheets of `ledger.xlsx` total (按受益方汇总, 按项目汇总, 按镇汇总): the
//! cached results of their formulas, by the ids `ledger.csv` holds. Gathered while the parks
//! are computed, a chunk at a time on every core, so that the workbook need not read the
//! ledger again for them; or from the ledger's rows where only they are at hand.

use std::collections::BTreeMap;

use crate::batch::ledger_row::LedgerRowRef;
use crate::values::money::Money;

/// The ledger's totals by recipient, item and town, and in all.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Totals {
    /// Beneficiary, then recipient (as `ledger.csv` writes them).
    pub(crate) by_recipient: BTreeMap<String, BTreeMap<String, Money>>,
    /// Item id.
    pub(crate) by_item: BTreeMap<String, Money>,
    /// The park's town.
    pub(crate) by_town: BTreeMap<String, Money>,
    /// Every row's amount.
    pub(crate) total: Money,
}

impl Totals {
    /// Counts one ledger row in, as `ledger.csv` holds it (an amount that is not one counts
    /// nothing).
    pub(crate) fn add_row(&mut self, row: LedgerRowRef<'_>) {
        let [_, _, item, beneficiary, recipient, amount, ..] = row.cells;
        let m = Money::parse(amount).unwrap_or(Money::ZERO);
        self.add(item, beneficiary, recipient, row.town, m);
    }

    /// Counts in one row's amount under its item, beneficiary, recipient and town.
    pub(crate) fn add(&mut self, item: &str, beneficiary: &str, recipient: &str, town: &str, m: Money) {
        self.total = sum(self.total, m);
        match self.by_recipient.get_mut(beneficiary) {
            Some(recipients) => add(recipients, recipient, m),
            None => {
                self.by_recipient
                    .insert(beneficiary.to_string(), BTreeMap::from([(recipient.to_string(), m)]));
            }
        }
        add(&mut self.by_item, item, m);
        add(&mut self.by_town, town, m);
    }

    /// Adds another run's totals (the same whatever the order: sums of whole fen).
    pub(crate) fn merge(&mut self, other: Totals) {
        self.total = sum(self.total, other.total);
        for (beneficiary, recipients) in other.by_recipient {
            match self.by_recipient.get_mut(&beneficiary) {
                Some(mine) => merge(mine, recipients),
                None => {
                    self.by_recipient.insert(beneficiary, recipients);
                }
            }
        }
        merge(&mut self.by_item, other.by_item);
        merge(&mut self.by_town, other.by_town);
    }
}

fn sum(a: Money, b: Money) -> Money {
    a.checked_add(b).expect("ledger totals within range")
}

/// Adds `m` to `key`'s total, copying the key only the first time.
fn add(map: &mut BTreeMap<String, Money>, key: &str, m: Money) {
    match map.get_mut(key) {
        Some(slot) => *slot = sum(*slot, m),
        None => {
            map.insert(key.to_string(), m);
        }
    }
}

/// Adds each of `other`'s totals to `map`'s.
fn merge(map: &mut BTreeMap<String, Money>, other: BTreeMap<String, Money>) {
    for (key, m) in other {
        match map.get_mut(&key) {
            Some(slot) => *slot = sum(*slot, m),
            None => {
                map.insert(key, m);
            }
        }
    }
}
