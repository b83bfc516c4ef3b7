//! 统一社会信用代码, the unified social credit code (GB 32100-2015), GUIDE.md §5.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Each byte's index in the alphabet, or 255 (I, O, S, V, Z and all else are not used).
const INDEX: [u8; 256] = {
    let mut table = [255u8; 256];
    let mut i = 0;
    while i < ALPHABET.len() {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// A character's index in the alphabet.
fn alphabet_index(c: u8) -> Option<u32> {
    match INDEX[c as usize] {
        255 => None,
        i => Some(u32::from(i)),
    }
}

const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// The check character that the first 17 characters (by their indices) call for: 31 less
/// their weighted sum, modulo 31 (GB 32100-2015).
fn check_character(index: &[u8]) -> u8 {
    let sum: u32 = WEIGHTS.iter().zip(index).map(|(w, &i)| w * u32::from(i)).sum();
    ALPHABET[((31 - sum % 31) % 31) as usize]
}

/// The 18 characters' indices in 90 bits, 5 a character, ordered as the text: the first 12
/// in 60 bits and the last 6 in 30, split as [`PackedUscc`] holds them.
fn pack(index: &[u8; 18]) -> PackedUscc {
    let head = index[..12].iter().fold(0u64, |acc, &i| (acc << 5) | u64::from(i));
    let tail = index[12..].iter().fold(0u32, |acc, &i| (acc << 5) | u32::from(i));
    PackedUscc {
        hi: (head << 4) | u64::from(tail >> 26),
        lo: tail & ((1 << 26) - 1),
    }
}

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
    /// use cixi_parks::values::uscc::Uscc;
    /// assert!(Uscc::parse("91330100716105852F").is_ok());
    /// assert!(Uscc::parse("91330100716105852G").is_err());
    /// ```
    ///
    /// # Errors
    /// A message saying which of the three fails.
    pub fn parse(text: &str) -> Result<Uscc, String> {
        Uscc::checked(text).map(|(code, _)| code)
    }

    /// As [`Uscc::parse`], giving the packed form, computed in the same pass (for a batch's
    /// millions of rows).
    ///
    /// # Errors
    /// As [`Uscc::parse`].
    pub fn parse_packed(text: &str) -> Result<PackedUscc, String> {
        Uscc::checked(text).map(|(_, packed)| packed)
    }

    fn checked(text: &str) -> Result<(Uscc, PackedUscc), String> {
        let code = text.trim();
        let bytes = code.as_bytes();
        if bytes.len() != 18 || !code.is_ascii() {
            return Err(format!(
                "`{code}` is not a 统一社会信用代码: it has {} characters, not 18 of 0-9 A-H J-N P-R T U W-Y",
                code.chars().count()
            ));
        }
        let mut index = [0u8; 18];
        for (i, (slot, &c)) in index.iter_mut().zip(bytes).enumerate() {
            let Some(found) = alphabet_index(c) else {
                return Err(format!(
                    "`{code}` is not a 统一社会信用代码: `{}` (position {}) is not one of 0-9 A-H J-N P-R T U W-Y",
                    c as char,
                    i + 1
                ));
            };
            *slot = found as u8;
        }
        let expected = check_character(&index);
        if bytes[17] != expected {
            return Err(format!(
                "`{code}` is not a valid 统一社会信用代码: its check character is `{}`, but the first 17 give `{}`",
                bytes[17] as char, expected as char
            ));
        }
        let mut out = [0u8; 18];
        out.copy_from_slice(bytes);
        Ok((Uscc(out), pack(&index)))
    }

    /// The packed code of a cell that holds exactly a valid code: 18 characters of the
    /// alphabet, the check character right, nothing around them. `None` for anything else,
    /// which [`Uscc::parse_packed`] then reads and explains: the same code either way (a
    /// property test holds them together), this one without the text's checks and
    /// messages, for a batch's millions of rows.
    pub fn packed_if_exact(cell: &[u8]) -> Option<PackedUscc> {
        let cell: &[u8; 18] = cell.try_into().ok()?;
        let index = cell.map(|c| INDEX[c as usize]);
        // Indices are below 31; 255 (not in the alphabet) has the high bits set.
        if index.iter().fold(0u8, |bad, &i| bad | i) & 0xE0 != 0 {
            return None;
        }
        (cell[17] == check_character(&index)).then(|| pack(&index))
    }

    /// A code from its first 17 characters, with the check character computed.
    ///
    /// # Errors
    /// Not 17 characters of the alphabet.
    pub fn with_check_character(stem: &str) -> Result<Uscc, String> {
        if stem.len() != 17 {
            return Err(format!("`{stem}` is not 17 characters"));
        }
        let index = stem
            .bytes()
            .map(|c| alphabet_index(c).map(|i| i as u8))
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(|| format!("`{stem}` has a character outside the alphabet"))?;
        let check = check_character(&index) as char;
        Uscc::parse(&format!("{stem}{check}"))
    }

    /// The code in 12 bytes, ordered as the text is: for holding and sorting millions.
    pub fn packed(&self) -> PackedUscc {
        pack(&self.0.map(|c| alphabet_index(c).map_or(0, |i| i as u8)))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("checked ASCII on parsing")
    }
}

/// A [`Uscc`] packed in 90 bits (5 a character), ordered as its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PackedUscc {
    hi: u64,
    lo: u32,
}

impl PackedUscc {
    /// Its two parts, for rows that lay them out themselves.
    pub fn parts(self) -> (u64, u32) {
        (self.hi, self.lo)
    }

    /// From [`PackedUscc::parts`].
    pub fn from_parts(hi: u64, lo: u32) -> PackedUscc {
        PackedUscc { hi, lo }
    }

    /// The code again.
    pub fn unpack(self) -> Uscc {
        let mut n = (u128::from(self.hi) << 26) | u128::from(self.lo);
        let mut out = [0u8; 18];
        for slot in out.iter_mut().rev() {
            *slot = ALPHABET[(n & 31) as usize];
            n >>= 5;
        }
        Uscc(out)
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
        let text = d.deserialize_str(crate::values::text::TextVisitor::new(
            "a 统一社会信用代码 (18 characters)",
        ))?;
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
    fn packed_codes_sort_as_the_text() {
        let mut codes: Vec<Uscc> = ["9144030071526726XG", "914403001922038216", "91330100716105852F"]
            .iter()
            .map(|c| Uscc::parse(c).unwrap())
            .collect();
        let mut by_packed = codes.clone();
        codes.sort();
        by_packed.sort_by_key(Uscc::packed);
        assert_eq!(codes, by_packed);
        for c in codes {
            assert_eq!(c.packed().unpack(), c);
        }
    }

    #[test]
    fn refuses_a_wrong_check_character_length_or_letter() {
        assert!(Uscc::parse("914403001922038217").is_err());
        assert!(Uscc::parse("91440300192203821").is_err());
        assert!(Uscc::parse("9144030019220382I6").is_err());
    }
}
