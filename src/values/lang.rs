//! The language people read: Chinese first, English on request.

/// The language of words in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 中文
    Zh,
    /// English
    En,
}

impl Lang {
    /// Whether it is English.
    pub fn is_en(self) -> bool {
        self == Lang::En
    }
}
