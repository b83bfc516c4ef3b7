//! The readings of GUIDE.md §1: how each ambiguity of the text is read, as `policy.yaml`
//! states it. They are listed once, in the `readings!` table below; the ids, the choices, the
//! policy's fields, the choices in force for a year and every list of them follow from it.

use jiff::civil::Date;
use serde::{Deserialize, Serialize, Serializer};

use super::{Dated, Merge, PolicyError, value_at};

/// One line a reading: its id, its field in `policy.yaml`, the enum of its choices and each
/// choice as `policy.yaml` writes it. A new reading is one more line here (and its rule).
macro_rules! readings {
    ($(
        $(#[$doc:meta])*
        $id:ident / $field:ident : $choice:ident {
            $( $(#[$vdoc:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    )+) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
            pub enum $choice {
                $( $(#[$vdoc])* #[serde(rename = $text)] $variant, )+
            }

            impl $choice {
                /// As written in `policy.yaml`.
                pub fn as_str(self) -> &'static str {
                    match self {
                        $( $choice::$variant => $text, )+
                    }
                }

                /// Every choice, as written in `policy.yaml`.
                pub const ALL: &'static [&'static str] = &[$($text),+];

                /// Every choice.
                pub const VARIANTS: &'static [$choice] = &[$($choice::$variant),+];
            }
        )+

        /// The readings of GUIDE.md §1, by their ids in `policy.yaml`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum ReadingId {
            $( $(#[$doc])* $id, )+
        }

        impl ReadingId {
            /// All readings, in `policy.yaml` order.
            pub const ALL: &'static [ReadingId] = &[$(ReadingId::$id),+];

            /// The id in `policy.yaml`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( ReadingId::$id => stringify!($field), )+
                }
            }

            /// Every choice a policy file may make, as written in `policy.yaml`.
            pub fn choices(self) -> &'static [&'static str] {
                match self {
                    $( ReadingId::$id => $choice::ALL, )+
                }
            }
        }

        /// Every reading of GUIDE.md §1, as the policy states it.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct Readings {
            $( $(#[$doc])* pub $field: Reading<$choice>, )+
        }

        impl Merge for Readings {
            fn overlay_with(&mut self, overlay: Self) {
                $( self.$field.overlay_with(overlay.$field); )+
            }
        }

        impl Readings {
            /// The choice of one reading in force on `date`, as written, if any.
            pub fn choice_at(&self, id: ReadingId, date: Date) -> Option<&'static str> {
                match id {
                    $( ReadingId::$id => self.$field.choice.at(date).copied().map($choice::as_str), )+
                }
            }

            /// One reading, whatever the type of its choices.
            pub fn get(&self, id: ReadingId) -> ReadingEntry<'_> {
                match id {
                    $( ReadingId::$id => self.$field.entry(id, $choice::as_str), )+
                }
            }
        }

        /// The choice of each reading in force on one day.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct ReadingChoices {
            $( $(#[$doc])* pub $field: $choice, )+
        }

        impl ReadingChoices {
            /// The choices in force on `date`.
            ///
            /// # Errors
            /// A reading with no choice in force on that day.
            pub fn at(readings: &Readings, date: Date) -> Result<ReadingChoices, PolicyError> {
                Ok(ReadingChoices {
                    $( $field: value_at(
                        &readings.$field.choice,
                        concat!("readings.", stringify!($field), ".choice"),
                        date,
                    )?, )+
                })
            }

            /// Every combination of choices a policy could make, each reading's choices
            /// against every other's (what a probe of the rules tries).
            pub fn every() -> Vec<ReadingChoices> {
                let mut out = vec![ReadingChoices { $( $field: $choice::VARIANTS[0], )+ }];
                $(
                    out = out
                        .into_iter()
                        .flat_map(|c| $choice::VARIANTS.iter().map(move |&v| ReadingChoices { $field: v, ..c }))
                        .collect();
                )+
                out
            }

            /// The choice in force for one reading, as written in `policy.yaml`.
            pub fn choice(&self, id: ReadingId) -> &'static str {
                match id {
                    $( ReadingId::$id => self.$field.as_str(), )+
                }
            }
        }
    };
}

readings! {
    /// §1.2 从高、不重复 on the rating ladder.
    RatingLadder / rating_ladder: LadderReading {
        /// 从高、不重复: at most the highest rung, paid as top-ups (补差).
        Exclusive = "exclusive",
        /// Each award paid in full.
        Cumulative = "cumulative",
    }
    /// §1.3 how 4★ and 5★ are read for the star award.
    HighStarAward / high_star_award: HighStarReading {
        /// No star award for 4★/5★.
        Literal = "literal",
        /// 4★/5★ reach the highest star rung.
        TopRung = "top_rung",
    }
    /// §1.6 whether an investment paid on the acceptance day counts.
    AcceptanceDay / acceptance_day: AcceptanceDayReading {
        /// 从优: the day itself counts.
        Counts = "counts",
        /// Only days strictly after acceptance.
        Excluded = "excluded",
    }
    /// §1.6 what the digital-subsidy cap applies to.
    DigitalCap / digital_cap: DigitalCapReading {
        /// Per park per year.
        PerYear = "per_year",
        /// Per park over the policy's life, less what was paid before.
        PerParkLifetime = "per_park_lifetime",
    }
    /// §1.7 how another policy's grant for the same purpose is treated.
    OtherPolicyGrants / other_policy_grants: OtherGrantsReading {
        /// Pay the top-up to the higher: max(0, computed − other).
        TopUp = "top_up",
        /// Pay nothing where another policy paid for the same purpose.
        Exclusive = "exclusive",
    }
    /// §1.8 how the fiscal rebate treats the policy's first, partial year.
    FirstYearRebate / first_year_rebate: FirstYearRebateReading {
        /// The whole year's contributions.
        WholeYear = "whole_year",
        /// Contributions × days in force ÷ days in the year.
        Prorated = "prorated",
    }
}

impl Serialize for ReadingId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One reading of an ambiguity, with its source and its dated choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Reading<T> {
    /// Where GUIDE.md states it.
    pub guide: String,
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// The reading in one line.
    pub summary: String,
    /// The same in Chinese.
    pub summary_zh: String,
    /// The readings a policy file may choose from.
    pub alternatives: Vec<String>,
    /// The choice in force, by date.
    pub choice: Dated<T>,
}

impl<T> Default for Reading<T> {
    fn default() -> Self {
        Reading {
            guide: String::new(),
            clause: String::new(),
            words: String::new(),
            summary: String::new(),
            summary_zh: String::new(),
            alternatives: Vec::new(),
            choice: Dated::default(),
        }
    }
}

impl<T> Merge for Reading<T> {
    fn overlay_with(&mut self, overlay: Self) {
        self.guide.overlay_with(overlay.guide);
        self.clause.overlay_with(overlay.clause);
        self.words.overlay_with(overlay.words);
        self.summary.overlay_with(overlay.summary);
        self.summary_zh.overlay_with(overlay.summary_zh);
        self.alternatives.overlay_with(overlay.alternatives);
        self.choice.overlay_with(overlay.choice);
    }
}

impl<T: Copy> Reading<T> {
    fn entry(&self, id: ReadingId, name: fn(T) -> &'static str) -> ReadingEntry<'_> {
        ReadingEntry {
            reading: id,
            meta: ReadingInForce {
                reading: id,
                choice: None,
                guide: &self.guide,
                clause: &self.clause,
                words: &self.words,
                summary: &self.summary,
                summary_zh: &self.summary_zh,
            },
            alternatives: &self.alternatives,
            choices: self.choice.0.iter().map(|(d, c)| (*d, name(*c))).collect(),
        }
    }
}

/// A reading with every dated choice, whatever the type of its choices: for showing the
/// policy, checking it, and the readings a report records.
#[derive(Debug, Clone)]
pub struct ReadingEntry<'p> {
    /// Its id.
    pub reading: ReadingId,
    /// The reading as a whole (no choice: see `choices`).
    pub meta: ReadingInForce<'p>,
    /// The readings a file may choose from.
    pub alternatives: &'p [String],
    /// Each choice with the day it takes effect.
    pub choices: Vec<(Date, &'static str)>,
}

/// A reading as in force on a day, with its source, for reports.
#[derive(Debug, Clone, Serialize)]
pub struct ReadingInForce<'p> {
    /// Its id.
    pub reading: ReadingId,
    /// The choice in force, if any value is.
    pub choice: Option<&'static str>,
    /// Where GUIDE.md states it.
    pub guide: &'p str,
    /// Clause.
    pub clause: &'p str,
    /// The words it rests on.
    pub words: &'p str,
    /// The reading in one line.
    pub summary: &'p str,
    /// The same in Chinese.
    pub summary_zh: &'p str,
}

impl Readings {
    /// Every reading, in `policy.yaml` order.
    pub fn entries(&self) -> Vec<ReadingEntry<'_>> {
        ReadingId::ALL.iter().map(|id| self.get(*id)).collect()
    }

    /// Every reading as in force on `date`.
    pub fn in_force(&self, date: Date) -> Vec<ReadingInForce<'_>> {
        ReadingId::ALL
            .iter()
            .map(|id| {
                let e = self.get(*id);
                ReadingInForce {
                    choice: self.choice_at(*id, date),
                    ..e.meta
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_choice_reads_back_as_written() {
        for id in ReadingId::ALL {
            for text in id.choices() {
                let yaml = format!("{}:\n  choice: {{ 2021-08-20: {text} }}\n", id.as_str());
                let readings: Readings = serde_saphyr::from_str(&yaml).unwrap();
                let e = readings.get(*id);
                assert_eq!(e.choices, vec![(Date::constant(2021, 8, 20), *text)]);
            }
        }
    }
}
