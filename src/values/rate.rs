//! Rates such as 「软性投入的20%」, held as exact fractions.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a text is not a rate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a rate: write a percentage such as 20% (from 0% to 100%)")]
pub struct RateError {
    text: String,
}

/// A rate between 0% and 100%, exact.
///
/// # Examples
/// `"20%"` and `"100%"` in `policy.yaml`; shown as `20%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(Decimal);

impl Rate {
    /// Reads `"20%"` (a percentage) exactly.
    ///
    /// # Errors
    /// Anything but a plain decimal followed by `%`, or outside 0%..=100%.
    pub fn parse(text: &str) -> Result<Rate, RateError> {
        let err = || RateError { text: text.to_string() };
        let number = text.trim().strip_suffix('%').ok_or_else(err)?.trim();
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Err(err());
        }
        let percent = Decimal::from_str_exact(number).map_err(|_| err())?;
        if percent > Decimal::ONE_HUNDRED {
            return Err(err());
        }
        let fraction = percent.checked_div(Decimal::ONE_HUNDRED).ok_or_else(err)?;
        Ok(Rate(fraction))
    }

    /// The rate as a fraction: 20% → 0.2.
    pub fn as_fraction(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = (self.0 * Decimal::ONE_HUNDRED).normalize();
        write!(f, "{percent}%")
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rate, D::Error> {
        d.deserialize_str(crate::values::text::TextVisitor::new("a percentage such as 20%"))
            .and_then(|text| Rate::parse(&text).map_err(serde::de::Error::custom))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_percentages_exactly() {
        assert_eq!(Rate::parse("20%").unwrap().as_fraction(), Decimal::new(2, 1));
        assert_eq!(Rate::parse("12.5%").unwrap().to_string(), "12.5%");
        assert_eq!(Rate::parse("100%").unwrap().to_string(), "100%");
        assert!(Rate::parse("0.2").is_err());
        assert!(Rate::parse("120%").is_err());
        assert!(Rate::parse("-5%").is_err());
        assert!(Rate::parse("1e1%").is_err());
    }
}
