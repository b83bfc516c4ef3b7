//! Money in yuan, exact to the fen, and the unrounded amounts that formulas produce.
//!
//! GUIDE.md §1, "Arithmetic": money is yuan with at most two decimals; rates and sums are
//! exact; each item's final figure is rounded once, to the fen, half up (四舍五入).
//! `Decimal::round_dp` alone is banker's rounding and is never used here.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::values::rate::Rate;

/// Why a text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Not a plain decimal numeral (exponents, thousands separators and words are refused).
    #[error("`{text}` is not an amount in yuan: write digits with at most two decimals, e.g. 1234567.89")]
    NotANumber { text: String },
    /// More than two decimals: the fen is the smallest unit.
    #[error("`{text}` has more than two decimals: amounts are in yuan to the fen (e.g. 100.25)")]
    TooManyDecimals { text: String },
    /// Larger than the engine accepts.
    #[error("`{text}` is beyond what the engine accepts (at most 10^15 yuan): check the figure")]
    TooLarge { text: String },
}

/// A sum of money in yuan with at most two decimals (fen).
///
/// # Properties
/// - It is held in whole fen, an integer: adding and comparing amounts is integer arithmetic.
/// - [`Money::to_string`] prints exactly two decimals.
/// - It is read from the scalar's text only ([`Money::parse`]), never through a binary float.
/// - Its magnitude stays within `Decimal`'s 96-bit mantissa at two decimals, so
///   [`Money::as_decimal`] is always exact; a sum beyond it is an overflow (`None`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i128);

/// The largest magnitude, in fen, that `Decimal` holds at two decimals (2^96 − 1).
const MAX_HELD_FEN: u128 = (1 << 96) - 1;

/// The largest magnitude accepted on input, in fen: 10^15 yuan leaves room for exact sums of
/// millions of rows and rate products within `Decimal`'s 96-bit mantissa.
const MAX_FEN: i64 = 100_000_000_000_000_000;

impl Money {
    /// ¥0.00
    pub const ZERO: Money = Money(0);

    /// `fen` as money, if `Decimal` holds it at two decimals.
    #[inline]
    fn held(fen: i128) -> Option<Money> {
        (fen.unsigned_abs() <= MAX_HELD_FEN).then_some(Money(fen))
    }

    /// Reads an amount from its text exactly: `"1234567.89"`, `"-150000"`, `"100.1"`.
    ///
    /// # Examples
    /// ```
    /// use cixi_parks::Money;
    /// assert_eq!(Money::parse("100.1").unwrap().to_string(), "100.10");
    /// assert!(Money::parse("100.005").is_err()); // more than two decimals
    /// assert!(Money::parse("1e3").is_err()); // no exponents
    /// ```
    ///
    /// # Errors
    /// A text that is not a plain decimal numeral, has more than two decimals, or exceeds
    /// 10^15 yuan in magnitude.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        Money::parse_fen(text).map(Money::from_fen)
    }

    /// As [`Money::parse`], in whole fen (for a batch's millions of amounts).
    ///
    /// # Errors
    /// As [`Money::parse`].
    pub fn parse_fen(text: &str) -> Result<i64, MoneyError> {
        let not_a_number = || MoneyError::NotANumber { text: text.to_string() };
        let trimmed = text.trim().as_bytes();
        let (negative, digits) = match trimmed.first() {
            Some(b'-') => (true, &trimmed[1..]),
            Some(b'+') => (false, &trimmed[1..]),
            _ => (false, trimmed),
        };
        let (whole, fraction) = match digits.iter().position(|&b| b == b'.') {
            Some(dot) => (&digits[..dot], &digits[dot + 1..]),
            None => (digits, &digits[digits.len()..]),
        };
        let all_digits = |part: &[u8]| part.iter().all(u8::is_ascii_digit);
        if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
            return Err(not_a_number());
        }
        if digits.last() == Some(&b'.') && whole.is_empty() {
            return Err(not_a_number());
        }
        // At most two decimals are written: "100.100" is refused like "100.105" (GUIDE.md §1:
        // an input amount with more than two decimals is an error).
        if fraction.len() > 2 {
            return Err(MoneyError::TooManyDecimals { text: text.to_string() });
        }
        let whole = &whole[whole.iter().take_while(|&&b| b == b'0').count()..];
        if whole.len() > 16 {
            return Err(MoneyError::TooLarge { text: text.to_string() });
        }
        // Whole fen, exactly, in an integer: at most 16 + 2 digits.
        let mut fen: i64 = 0;
        for &b in whole {
            fen = fen * 10 + i64::from(b - b'0');
        }
        for k in 0..2 {
            fen = fen * 10 + fraction.get(k).map_or(0, |b| i64::from(b - b'0'));
        }
        if fen > MAX_FEN {
            return Err(MoneyError::TooLarge { text: text.to_string() });
        }
        Ok(if negative { -fen } else { fen })
    }

    /// Whole fen of an amount written plainly: an optional `-`, 1 to 15 digits, and
    /// optionally a point and one or two digits, nothing around them. `None` for anything
    /// else, which [`Money::parse_fen`] then reads and explains: the same fen either way (a
    /// property test holds them together), this one in one pass over the bytes, for a
    /// batch's millions of amounts.
    pub fn fen_if_plain(cell: &[u8]) -> Option<i64> {
        let (negative, digits) = match cell.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, cell),
        };
        let (whole, fraction) = match digits.len().checked_sub(3) {
            Some(dot) if digits[dot] == b'.' => (&digits[..dot], &digits[dot + 1..]),
            _ => match digits.len().checked_sub(2) {
                Some(dot) if digits[dot] == b'.' => (&digits[..dot], &digits[dot + 1..]),
                _ => (digits, &digits[digits.len()..]),
            },
        };
        if whole.is_empty() || whole.len() > 15 {
            return None;
        }
        let mut fen: i64 = 0;
        for &b in whole {
            let d = b.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            fen = fen * 10 + i64::from(d);
        }
        for k in 0..2 {
            let d = fraction.get(k).map_or(0, |b| b.wrapping_sub(b'0'));
            if d > 9 {
                return None;
            }
            fen = fen * 10 + i64::from(d);
        }
        Some(if negative { -fen } else { fen })
    }

    /// In whole fen, exactly (every `Money` has at most two decimals); `None` past `i64`.
    pub fn to_fen(self) -> Option<i64> {
        i64::try_from(self.0).ok()
    }

    /// From whole fen, as [`Money::parse`] reads it.
    #[inline]
    pub fn from_fen(fen: i64) -> Money {
        Money(i128::from(fen))
    }

    /// Money from a whole number of yuan.
    pub fn from_yuan(yuan: i64) -> Money {
        Money::from_fen(yuan.saturating_mul(100))
    }

    /// The exact value, at two decimals.
    #[inline]
    pub fn as_decimal(self) -> Decimal {
        // Within 96 bits by construction (`held`): exact, never an error.
        Decimal::try_from_i128_with_scale(self.0, 2).unwrap_or(Decimal::MAX)
    }

    /// True when below zero (a refund, for fiscal contributions).
    #[inline]
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// True when exactly zero.
    #[inline]
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The sum, or `None` on overflow.
    #[inline]
    pub fn checked_add(self, other: Money) -> Option<Money> {
        Money::held(self.0.checked_add(other.0)?)
    }

    /// The difference, or `None` on overflow.
    #[inline]
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        Money::held(self.0.checked_sub(other.0)?)
    }

    /// The exact sum of many amounts, or `None` past what the engine holds: a sum of whole fen.
    pub fn checked_sum(amounts: impl IntoIterator<Item = Money>) -> Option<Money> {
        let mut fen: i128 = 0;
        for m in amounts {
            fen = fen.checked_add(m.0)?;
        }
        Money::held(fen)
    }

    /// The same amount, unrounded, to feed a formula.
    #[inline]
    pub fn exact(self) -> Unrounded {
        Unrounded(self.as_decimal())
    }
}

impl fmt::Display for Money {
    /// Always two decimals: `486913.58`, `0.00`, `-150000.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let fen = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", fen / 100, fen % 100)
    }
}

impl Money {
    /// For people: thousands separated, two decimals: `1,234,567.89`, `-150,000.00`.
    /// Programs read the plain form ([`Display`](fmt::Display)).
    pub fn grouped(self) -> String {
        let plain = self.to_string();
        let (sign, digits) = match plain.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", plain.as_str()),
        };
        let (whole, fen) = digits.split_once('.').unwrap_or((digits, "00"));
        let mut out = String::with_capacity(plain.len() + whole.len() / 3);
        out.push_str(sign);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out.push('.');
        out.push_str(fen);
        out
    }
}

impl FromStr for Money {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Money, MoneyError> {
        Money::parse(s)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    /// Reads the scalar's text (YAML and CSV alike) and parses it exactly.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        d.deserialize_str(crate::values::text::TextVisitor::new("an amount in yuan"))
            .and_then(|text| Money::parse(&text).map_err(serde::de::Error::custom))
    }
}

/// An exact amount in yuan that a formula produced and that is not yet rounded to the fen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Unrounded(Decimal);

impl Unrounded {
    /// ¥0
    pub const ZERO: Unrounded = Unrounded(Decimal::ZERO);

    /// An exact amount from a product computed elsewhere (a fee: rate per m² × m²).
    pub fn from_decimal(d: Decimal) -> Unrounded {
        Unrounded(d)
    }

    /// The exact value.
    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    /// `amount × rate`, exactly; `None` on overflow.
    pub fn of_rate(amount: Money, rate: Rate) -> Option<Unrounded> {
        amount.as_decimal().checked_mul(rate.as_fraction()).map(Unrounded)
    }

    /// `self × rate`, exactly; `None` on overflow.
    pub fn times(self, rate: Rate) -> Option<Unrounded> {
        self.0.checked_mul(rate.as_fraction()).map(Unrounded)
    }

    /// `self × numerator / denominator`, exactly where it terminates; `None` on overflow.
    pub fn times_ratio(self, numerator: i64, denominator: i64) -> Option<Unrounded> {
        self.0
            .checked_mul(Decimal::from(numerator))?
            .checked_div(Decimal::from(denominator))
            .map(Unrounded)
    }

    /// The sum, or `None` on overflow.
    #[inline]
    pub fn checked_add(self, other: Unrounded) -> Option<Unrounded> {
        self.0.checked_add(other.0).map(Unrounded)
    }

    /// The difference, or `None` on overflow.
    #[inline]
    pub fn checked_sub(self, other: Unrounded) -> Option<Unrounded> {
        self.0.checked_sub(other.0).map(Unrounded)
    }

    /// The larger of the two.
    #[inline]
    pub fn max(self, other: Unrounded) -> Unrounded {
        if other.0 > self.0 { other } else { self }
    }

    /// The smaller of the two.
    #[inline]
    pub fn min(self, other: Unrounded) -> Unrounded {
        if other.0 < self.0 { other } else { self }
    }

    /// Rounded to the fen, half up (四舍五入): 10.025 → 10.03, 0.005 → 0.01, −0.005 → −0.01.
    ///
    /// # Examples
    /// ```
    /// use cixi_parks::{Money, Unrounded};
    /// use cixi_parks::values::rate::Rate;
    /// // GUIDE.md §6 example 6: 10% of 100.25 is 10.025, which is 10.03 (banker's gives 10.02).
    /// let exact = Unrounded::of_rate(Money::parse("100.25").unwrap(), Rate::parse("10%").unwrap()).unwrap();
    /// assert_eq!(exact.round_half_up().to_string(), "10.03");
    /// ```
    pub fn round_half_up(self) -> Money {
        // The value is mantissa / 10^scale, the mantissa within 96 bits and the scale at most
        // 28, so whole fen are mantissa × 10^(2 − scale), or, past the fen, the mantissa divided
        // by 10^(scale − 2) with a remainder of half a fen or more rounded away from zero
        // (MidpointAwayFromZero, 四舍五入), all exactly in an i128.
        let (mantissa, scale) = (self.0.mantissa(), self.0.scale());
        let fen = if scale <= 2 {
            mantissa * 10_i128.pow(2 - scale)
        } else {
            let unit = 10_i128.pow(scale - 2);
            let (whole, rest) = (mantissa / unit, mantissa % unit);
            whole + if 2 * rest.abs() >= unit { mantissa.signum() } else { 0 }
        };
        // A figure beyond 2^96 fen (7.9 × 10^26 yuan) never comes from amounts of at most
        // 10^15 yuan; it would be held at that bound rather than wrap.
        Money(fen.clamp(-(MAX_HELD_FEN as i128), MAX_HELD_FEN as i128))
    }

    /// True when exactly zero.
    #[inline]
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }
}

impl fmt::Display for Unrounded {
    /// The exact value, with at least two decimals: `486913.579`, `1100000.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut v = self.0.normalize();
        if v.scale() < 2 {
            v.rescale(2);
        }
        write!(f, "{v}")
    }
}

impl Serialize for Unrounded {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_for_people() {
        for (plain, grouped) in [
            ("0.00", "0.00"),
            ("999.99", "999.99"),
            ("1000.00", "1,000.00"),
            ("1234567.89", "1,234,567.89"),
            ("-150000.00", "-150,000.00"),
            ("64898348022.36", "64,898,348,022.36"),
        ] {
            assert_eq!(Money::parse(plain).unwrap().grouped(), grouped);
        }
    }

    #[test]
    fn parses_exactly_from_text() {
        for (text, shown) in [
            ("100.10", "100.10"),
            ("0.1", "0.10"),
            ("100000", "100000.00"),
            ("-150000.00", "-150000.00"),
            ("9007199254740.01", "9007199254740.01"),
        ] {
            assert_eq!(Money::parse(text).unwrap().to_string(), shown, "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_fen_exact() {
        assert!(matches!(
            Money::parse("100.005"),
            Err(MoneyError::TooManyDecimals { .. })
        ));
        assert!(matches!(Money::parse("1e3"), Err(MoneyError::NotANumber { .. })));
        assert!(matches!(Money::parse("1,000"), Err(MoneyError::NotANumber { .. })));
        assert!(matches!(Money::parse(""), Err(MoneyError::NotANumber { .. })));
        assert!(matches!(Money::parse(".5."), Err(MoneyError::NotANumber { .. })));
        assert!(matches!(
            Money::parse("1000000000000000.01"),
            Err(MoneyError::TooLarge { .. })
        ));
        assert!(matches!(
            Money::parse("99999999999999999999999999999999999.99"),
            Err(MoneyError::TooLarge { .. })
        ));
        assert!(Money::parse("1000000000000000.00").is_ok());
    }

    #[test]
    fn rounds_half_up_not_bankers() {
        let r = |s: &str| {
            Unrounded(Decimal::from_str_exact(s).unwrap())
                .round_half_up()
                .to_string()
        };
        assert_eq!(r("10.025"), "10.03");
        assert_eq!(r("0.005"), "0.01");
        assert_eq!(r("10.015"), "10.02");
        assert_eq!(r("486913.579"), "486913.58");
        assert_eq!(r("200000.001"), "200000.00");
        assert_eq!(r("-0.005"), "-0.01");
    }

    #[test]
    fn sums_exactly_across_scales() {
        let m = |s: &str| Money::parse(s).unwrap();
        let sum = Money::checked_sum([
            m("1250000.50"),
            m("2000000.25"),
            m("-150000"),
            Money::ZERO,
            Money::from_yuan(1),
        ]);
        assert_eq!(sum.unwrap().to_string(), "3100001.75");
        assert_eq!(Money::checked_sum([]), Some(Money::ZERO));
    }
}
