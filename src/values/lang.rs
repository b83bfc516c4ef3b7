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

/// A phrase in the reader's language: the Chinese and the English side by side, each a
/// format string with its arguments, so that neither is ever written without the other.
///
/// `say!(lang, zh: "容积率 {ratio}", en: "plot ratio {ratio}")`
macro_rules! say {
    ($lang:expr, zh: $zh:literal $(, $za:expr)* ; en: $en:literal $(, $ea:expr)* $(;)?) => {
        match $lang {
            $crate::values::lang::Lang::Zh => format!($zh $(, $za)*),
            $crate::values::lang::Lang::En => format!($en $(, $ea)*),
        }
    };
}
pub(crate) use say;
