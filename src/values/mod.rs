//! Values the policy speaks in: money to the fen, rates, measures, ratings, codes, the four
//! items, and amounts in capital numerals. They know nothing of the policy or of any file.

pub mod capital;
pub mod digest;
pub mod item;
pub mod lang;
pub mod measure;
pub mod money;
pub mod rate;
pub mod rating;
pub mod uscc;

pub(crate) mod text;
