//! Performance grades （十三） and star levels （十四）.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// The annual performance evaluation grade (绩效评价档次): A, B, C or D.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Grade {
    /// A档
    A,
    /// B档
    B,
    /// C档
    C,
    /// D档
    D,
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A star level, 1★ to 5★ (星级小微企业园).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Stars(u8);

impl Stars {
    /// A level from 1 to 5.
    ///
    /// # Errors
    /// Any other number.
    pub fn new(level: u8) -> Result<Stars, String> {
        if (1..=5).contains(&level) {
            Ok(Stars(level))
        } else {
            Err(format!("a star level is 1 to 5, not {level}"))
        }
    }

    /// The number of stars.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Stars {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}★", self.0)
    }
}

impl<'de> Deserialize<'de> for Stars {
    /// A whole number from 1 to 5, read as one from YAML and JSON alike.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Stars, D::Error> {
        let level = d.deserialize_any(crate::values::text::WholeVisitor::new("a star level from 1 to 5"))?;
        u8::try_from(level)
            .map_err(|_| format!("a star level is 1 to 5, not {level}"))
            .and_then(Stars::new)
            .map_err(serde::de::Error::custom)
    }
}
