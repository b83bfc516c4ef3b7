//! Measures other than money: areas in m², land in mu (亩), ratios, tonnes, read exactly from
//! their text and never negative.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The most digits before the point of a quantity: below 10^12 (m², mu, tonnes), far beyond any
/// park, so that every ratio and product the checks form stays exact and within range (a
/// quotient below 10^18, a product with an amount below 10^27).
pub const MAX_WHOLE_DIGITS: usize = 12;
/// The most decimals of a quantity.
pub const MAX_DECIMALS: usize = 6;

/// A non-negative exact quantity: `120`, `1.5`, `150000.25`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity(Decimal);

impl Quantity {
    /// Reads a quantity from its text exactly.
    ///
    /// # Errors
    /// Not a plain decimal numeral, negative, or too large.
    pub fn parse(text: &str) -> Result<Quantity, String> {
        let t = text.trim();
        let body = t.strip_prefix('-').unwrap_or(t);
        let plain = !body.is_empty()
            && body.chars().all(|c| c.is_ascii_digit() || c == '.')
            && body.chars().filter(|c| *c == '.').count() <= 1
            && body != ".";
        if !plain {
            return Err(format!("`{t}` is not a number: write digits, e.g. 1500 or 1.5"));
        }
        if t.starts_with('-') {
            return Err(format!("`{t}` cannot be negative"));
        }
        let (whole, decimals) = body.split_once('.').unwrap_or((body, ""));
        if whole.trim_start_matches('0').len() > MAX_WHOLE_DIGITS {
            return Err(format!(
                "`{t}` is beyond what the engine accepts: at most {MAX_WHOLE_DIGITS} digits before the point"
            ));
        }
        if decimals.len() > MAX_DECIMALS {
            return Err(format!(
                "`{t}` has more than {MAX_DECIMALS} decimals: no area, count or tonnage needs more"
            ));
        }
        Decimal::from_str_exact(t)
            .map(Quantity)
            .map_err(|_| format!("`{t}` is beyond what the engine accepts"))
    }

    /// From a decimal already known to be non-negative.
    pub fn from_decimal(d: Decimal) -> Quantity {
        Quantity(d.max(Decimal::ZERO))
    }

    /// The exact value.
    pub fn get(self) -> Decimal {
        self.0
    }

    /// Rounded up to `dp` decimals (for a shortfall: never understate what is needed).
    pub fn ceil_dp(self, dp: u32) -> Quantity {
        Quantity(
            self.0
                .round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::ToPositiveInfinity),
        )
    }

    /// Rounded down to `dp` decimals (for a measured ratio shown against its threshold).
    pub fn floor_dp(self, dp: u32) -> Quantity {
        Quantity(
            self.0
                .round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::ToNegativeInfinity),
        )
    }
}

impl fmt::Display for Quantity {
    /// Without trailing zeros, with thousands separated: `18,000`, `1.32`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.normalize().to_string();
        let (whole, fraction) = text
            .split_once('.')
            .map_or((text.as_str(), None), |(w, d)| (w, Some(d)));
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        match fraction {
            Some(d) => write!(f, "{grouped}.{d}"),
            None => f.write_str(&grouped),
        }
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.normalize())
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Quantity, D::Error> {
        let text = d.deserialize_str(crate::values::text::TextVisitor::new("a number such as 1500 or 1.5"))?;
        Quantity::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_so_that_no_check_overflows() {
        assert!(Quantity::parse("999999999999.999999").is_ok());
        assert!(
            Quantity::parse("1000000000000")
                .unwrap_err()
                .contains("at most 12 digits")
        );
        assert!(
            Quantity::parse("0.0000001")
                .unwrap_err()
                .contains("more than 6 decimals")
        );
    }

    #[test]
    fn reads_exactly_and_refuses_negatives() {
        assert_eq!(Quantity::parse("1.5").unwrap().get(), Decimal::new(15, 1));
        assert_eq!(Quantity::parse("18000").unwrap().to_string(), "18,000");
        assert_eq!(Quantity::parse("1234567.250").unwrap().to_string(), "1,234,567.25");
        assert!(Quantity::parse("-3").unwrap_err().contains("negative"));
        assert!(Quantity::parse("1e3").is_err());
        assert!(Quantity::parse("1.2.3").is_err());
    }
}
