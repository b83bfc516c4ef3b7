//! 统一社会信用代码, the unified social credit code (GB 32100-2015), GUIDE.md §5.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// A unified social credit code whose check character is right.
///
/// # Examples
/// `914403001922038216`, `9144030071526726XG`, `91330100716105852F`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Uscc([u8; 18]);

impl Uscc {
    /// Checks length, alphabet and the check character.
    ///
    /// # Examples
    /// ```
    /// use cixi_parks::uscc::Uscc;
    /// assert!(Uscc::parse("91330100716105852F").is_ok());
    /// assert!(Uscc::parse("91330100716105852G").is_err());
    /// ```
    ///
    /// # Errors
    /// A message saying which of the three fails.
    pub fn parse(text: &str) -> Result<Uscc, String> {
        let code = text.trim();
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != 18 {
            return Err(format!(
                "`{code}` is not a 统一社会信用代码: it has {} characters, not 18",
                chars.len()
            ));
        }
        let mut sum = 0u32;
        for (i, c) in chars.iter().enumerate() {
            let Some(index) = ALPHABET.iter().position(|a| *a as char == *c) else {
                return Err(format!(
                    "`{code}` is not a 统一社会信用代码: `{c}` (position {}) is not one of 0-9 A-H J-N P-R T U W-Y",
                    i + 1
                ));
            };
            if i < 17 {
                sum += WEIGHTS[i] * index as u32;
            }
        }
        let check = (31 - sum % 31) % 31;
        let expected = ALPHABET[check as usize] as char;
        if chars[17] != expected {
            return Err(format!(
                "`{code}` is not a valid 统一社会信用代码: its check character is `{}`, but the first 17 give `{expected}`",
                chars[17]
            ));
        }
        let mut bytes = [0u8; 18];
        bytes.copy_from_slice(code.as_bytes());
        Ok(Uscc(bytes))
    }

    /// A code from its first 17 characters, with the check character computed.
    ///
    /// # Errors
    /// Not 17 characters of the alphabet.
    pub fn with_check_character(stem: &str) -> Result<Uscc, String> {
        if stem.len() != 17 {
            return Err(format!("`{stem}` is not 17 characters"));
        }
        let mut sum = 0u32;
        for (i, c) in stem.bytes().enumerate() {
            let index = ALPHABET
                .iter()
                .position(|a| *a == c)
                .ok_or_else(|| format!("`{stem}` has a character outside the alphabet"))?;
            sum += WEIGHTS[i] * index as u32;
        }
        let check = ALPHABET[((31 - sum % 31) % 31) as usize] as char;
        Uscc::parse(&format!("{stem}{check}"))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("checked ASCII on parsing")
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uscc({})", self.as_str())
    }
}

impl Serialize for Uscc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Uscc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Uscc, D::Error> {
        let text = d.deserialize_str(crate::text::TextVisitor::new("a 统一社会信用代码 (18 characters)"))?;
        Uscc::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_guides_examples() {
        for code in ["914403001922038216", "9144030071526726XG", "91330100716105852F"] {
            assert!(Uscc::parse(code).is_ok(), "{code}");
        }
    }

    #[test]
    fn refuses_a_wrong_check_character_length_or_letter() {
        assert!(Uscc::parse("914403001922038217").is_err());
        assert!(Uscc::parse("91440300192203821").is_err());
        assert!(Uscc::parse("9144030019220382I6").is_err());
    }
}
