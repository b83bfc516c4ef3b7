//! What a report recorded, read back for `verify` and `diff`: only the fields they need;
//! amounts as exact money, never floats.

use serde::Deserialize;

/// The folder beside a batch's outputs that holds copies of its inputs.
pub const INPUTS_DIR: &str = "inputs";

use crate::facts::application::Application;
use crate::policy::{Policy, PolicySource};
use crate::values::item::ItemId;
use crate::values::money::Money;

#[derive(Debug, Deserialize)]
pub(crate) struct RecordedEngine {
    pub(crate) version: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RecordedPolicy {
    pub(crate) digest: String,
    pub(crate) sources: Vec<PolicySource>,
    pub(crate) document: Policy,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RecordedInput {
    pub(crate) file: String,
    pub(crate) sha256: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RecordedItem {
    pub(crate) item: ItemId,
    pub(crate) amount: Money,
    pub(crate) status: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RecordedReport {
    pub(crate) engine: RecordedEngine,
    pub(crate) policy: RecordedPolicy,
    pub(crate) inputs: Vec<RecordedInput>,
    pub(crate) facts: Application,
    pub(crate) facts_sha256: String,
    pub(crate) items: Vec<RecordedItem>,
    pub(crate) total: Money,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RecordedOutput {
    pub(crate) file: String,
    pub(crate) sha256: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RecordedSummary {
    pub(crate) engine: RecordedEngine,
    pub(crate) policy: RecordedPolicy,
    pub(crate) keep_going: bool,
    pub(crate) inputs: Vec<RecordedInput>,
    pub(crate) outputs: Vec<RecordedOutput>,
    pub(crate) grand_total: Money,
}
