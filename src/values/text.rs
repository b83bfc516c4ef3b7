//! Reading a scalar as its own text, so that no number ever passes through a binary float.

use std::fmt;

/// A serde visitor that accepts only the scalar's text (`deserialize_str`), and names what
/// it expected when it gets anything else.
pub(crate) struct TextVisitor<'a> {
    expected: &'a str,
}

impl<'a> TextVisitor<'a> {
    pub(crate) fn new(expected: &'a str) -> Self {
        TextVisitor { expected }
    }
}

impl<'de> serde::de::Visitor<'de> for TextVisitor<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expected)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
}

/// A serde visitor for a whole number, written plain (`2022`) or quoted (`"2022"`). A float
/// is refused by not being visited: nothing here ever converts one.
pub(crate) struct WholeVisitor<'a> {
    expected: &'a str,
}

impl<'a> WholeVisitor<'a> {
    pub(crate) fn new(expected: &'a str) -> Self {
        WholeVisitor { expected }
    }
}

impl<'de> serde::de::Visitor<'de> for WholeVisitor<'_> {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, a whole number", self.expected)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom(format!("{v} is too large")))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<i64, E> {
        v.trim()
            .parse()
            .map_err(|_| E::custom(format!("`{v}` is not a whole number")))
    }
}

/// The first control character in an id or a name (a NUL, a tab, a line break…), with its
/// 1-based position in characters: ids and names are plain text on one line, since a control
/// character would be copied into the ledger and break what reads it.
pub fn first_control_character(text: &str) -> Option<(usize, char)> {
    text.chars()
        .enumerate()
        .find(|(_, c)| c.is_control())
        .map(|(i, c)| (i + 1, c))
}

/// The problem [`first_control_character`] finds, in the words every loader uses.
pub fn control_character_problem(at: usize, c: char) -> String {
    format!(
        "a control character (U+{:04X}) at character {at}: ids and names are plain text on one line",
        u32::from(c)
    )
}
