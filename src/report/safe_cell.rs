//! Text cells that a spreadsheet would take for a formula, neutralised (CSV injection, the
//! OWASP rule): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
//! leading `'`, which Excel, LibreOffice and WPS show as text and never run. A cell that starts
//! with `'` gets one more, so that [`restore`] gives back exactly what was written.
//!
//! Only text cells are neutralised (ids, names, reasons), never amounts: `-150000.00` is a
//! number. Workbook writers use [`is_formula_like`] to write such a cell as text.

use std::borrow::Cow;

/// True when a spreadsheet would read `text` as a formula (or when it starts with `'`).
pub fn is_formula_like(text: &str) -> bool {
    matches!(
        text.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\'')
    )
}

/// `text`, safe to put in a CSV cell that a spreadsheet will open.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if is_formula_like(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// What [`neutralise`] was given, from what it wrote.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if is_formula_like(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_come_back() {
        for (given, written) in [
            ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("'quoted", "''quoted"),
            ("慈溪市某小微企业园", "慈溪市某小微企业园"),
            ("CX-0001", "CX-0001"),
            ("", ""),
        ] {
            assert_eq!(neutralise(given), written, "{given}");
            assert_eq!(restore(written), given, "{written}");
        }
    }
}
