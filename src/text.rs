//! Reading a scalar as its own text, so that no number ever passes through a binary float.

use std::fmt;
use std::marker::PhantomData;

/// A serde visitor that accepts only the scalar's text (`deserialize_str`), and names what
/// it expected when it gets anything else.
pub(crate) struct TextVisitor<'a> {
    expected: &'a str,
    _p: PhantomData<()>,
}

impl<'a> TextVisitor<'a> {
    pub(crate) fn new(expected: &'a str) -> Self {
        TextVisitor {
            expected,
            _p: PhantomData,
        }
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
