//! Text laid out for a terminal: widths measured in display columns (a CJK character is two),
//! lines wrapped between steps or words, never inside a number or an English word.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The width tables are laid out for: a terminal's 80 columns, also fine in a pager.
pub const WIDTH: usize = 80;

/// `s` padded with spaces on the right to `width` display columns.
pub fn pad_right(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// `s` padded with spaces on the left to `width` display columns (amounts, right-aligned).
pub fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(s.width())))
}

/// The widest cell of each column over `rows`, in display columns.
pub fn column_widths<'r, const N: usize>(rows: impl IntoIterator<Item = &'r [String; N]>) -> [usize; N] {
    let mut widths = [0usize; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    widths
}

/// Whether a line may break after `c` when `next` follows: between two CJK characters, unless
/// the next is closing punctuation, which stays with what it closes.
fn breakable_between(c: char, next: char) -> bool {
    let wide = |c: char| c.width() == Some(2);
    let closing = |c: char| "，。、；：）」』》】！？…".contains(c);
    let opening = |c: char| "（「『《【".contains(c);
    (wide(c) || wide(next)) && !closing(next) && !opening(c) && !c.is_whitespace() && !next.is_whitespace()
}

/// Splits text into pieces that must stay whole: runs of ASCII letters, digits and their
/// punctuation (a number such as `2,000,000.01` or a word), and single CJK characters with
/// any closing punctuation after them. Spaces are kept as their own pieces.
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let end = i + c.len_utf8();
        let cut = match next {
            None => true,
            Some(n) if c.is_whitespace() != n.is_whitespace() => true,
            Some(n) => breakable_between(c, n),
        };
        if cut {
            out.push(&text[start..end]);
            start = end;
        }
    }
    out
}

/// Wraps `text` to `width` columns: the first line starts with `first`, the others with
/// `next`. Breaks fall at spaces or between CJK characters; a piece wider than a line stands
/// alone on its line.
pub fn wrap(text: &str, first: &str, next: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut at_start = true;
    let mut pending_space = String::new();
    for piece in pieces(text) {
        if piece.chars().all(char::is_whitespace) {
            if !at_start {
                pending_space = piece.to_string();
            }
            continue;
        }
        let needed = pending_space.width() + piece.width();
        if !at_start && line.width() + needed > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = next.to_string();
            pending_space.clear();
        }
        line.push_str(&pending_space);
        line.push_str(piece);
        pending_space.clear();
        at_start = false;
    }
    out.push_str(line.trim_end());
    out
}

/// Joins `parts` with `sep`, wrapping between parts so that no line passes `width`; a part
/// too wide for a line is wrapped inside by [`wrap`]. The first line starts with `first`,
/// the others with `next`.
pub fn wrap_joined(parts: &[String], sep: &str, first: &str, next: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = first.to_string();
    let mut indent = first.width();
    for (i, part) in parts.iter().enumerate() {
        let piece = if i == 0 { part.clone() } else { format!("{sep}{part}") };
        if line.width() > indent && line.width() + piece.width() > width {
            lines.push(line.trim_end().to_string());
            line = format!("{next}{}", piece.trim_start());
            indent = next.width();
        } else {
            line.push_str(&piece);
        }
        if line.width() > width {
            let (head, body) = line.split_at(line.len() - line.trim_start().len());
            let wrapped = wrap(body, head, next, width);
            let mut it = wrapped.rsplitn(2, '\n');
            let last = it.next().unwrap_or_default().to_string();
            if let Some(before) = it.next() {
                lines.push(before.to_string());
                indent = next.width();
            }
            line = last;
        }
    }
    lines.push(line.trim_end().to_string());
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_breaks_inside_a_number() {
        let text = "软性投入：1234567.89 + 200000.00 = 1434567.89 → 支撑硬件投入：2000000.01 = 2000000.01";
        for width in 10..60 {
            let out = wrap(text, "    ", "      ", width);
            for number in ["1234567.89", "200000.00", "1434567.89", "2000000.01"] {
                assert!(out.contains(number), "width {width}: {out}");
            }
        }
    }

    #[test]
    fn cjk_text_fits_the_width() {
        let text =
            "对小微企业园竣工验收后开展数字化建设的，按当年度软性投入的20%及支撑硬件投入的10%给予不超过100万元的补助。";
        let out = wrap(text, "    ", "    ", 40);
        assert!(out.lines().all(|l| l.width() <= 40), "{out}");
        assert!(out.lines().all(|l| !l.trim_start().starts_with('，')), "{out}");
        assert_eq!(out.replace("\n    ", "").trim_start(), text);
    }

    #[test]
    fn steps_wrap_between_steps() {
        let parts: Vec<String> = ["a = 1000000.00", "b = 2000000.00", "c = 3000000.00"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let out = wrap_joined(&parts, " → ", "    ", "      ", 40);
        assert_eq!(out, "    a = 1000000.00 → b = 2000000.00\n      → c = 3000000.00");
    }
}
