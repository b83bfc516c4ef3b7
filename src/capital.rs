//! 大写金额: an amount in Chinese capital numerals, as payment documents require, exactly from
//! the decimal (《支付结算办法》附件一: 零 for gaps, 整 after 元 or 角, never after 分).
//!
//! Where the rules leave a choice (a 0 in the yuan units before a non-zero 角), this writes
//! the 零: ￥1,680.32 → 人民币壹仟陆佰捌拾元零叁角贰分.

use crate::money::Money;

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const UNITS: [&str; 4] = ["", "拾", "佰", "仟"];

/// Below 10,000: 1409 → 壹仟肆佰零玖, 10 → 壹拾, 0 → "".
fn below_ten_thousand(n: u64) -> String {
    let mut out = String::new();
    let mut zero_pending = false;
    for position in (0..4).rev() {
        let digit = (n / 10u64.pow(position)) % 10;
        if digit == 0 {
            zero_pending = !out.is_empty();
        } else {
            if zero_pending {
                out.push('零');
                zero_pending = false;
            }
            out.push(DIGITS[digit as usize]);
            out.push_str(UNITS[position as usize]);
        }
    }
    out
}

/// Below 100,000,000, in 万 and units.
fn below_hundred_million(n: u64) -> String {
    if n < 10_000 {
        return below_ten_thousand(n);
    }
    let mut out = below_ten_thousand(n / 10_000) + "万";
    let low = n % 10_000;
    if low > 0 {
        if low < 1_000 {
            out.push('零');
        }
        out.push_str(&below_ten_thousand(low));
    }
    out
}

/// Any whole number of yuan below 10^16, in 亿, 万 and units.
fn whole(n: u64) -> String {
    if n < 100_000_000 {
        return below_hundred_million(n);
    }
    let mut out = below_hundred_million(n / 100_000_000) + "亿";
    let low = n % 100_000_000;
    if low > 0 {
        if low < 10_000_000 {
            out.push('零');
        }
        out.push_str(&below_hundred_million(low));
    }
    out
}

/// The amount in capital numerals, with 人民币 before it.
///
/// # Examples
/// ```
/// use cixi_parks::{capital::in_capitals, Money};
/// assert_eq!(in_capitals(Money::parse("486913.58").unwrap()), "人民币肆拾捌万陆仟玖佰壹拾叁元伍角捌分");
/// assert_eq!(in_capitals(Money::parse("3000000").unwrap()), "人民币叁佰万元整");
/// ```
pub fn in_capitals(amount: Money) -> String {
    let mut exact = amount.as_decimal().abs();
    exact.rescale(2); // a Money has at most two decimals: its mantissa is now a count of fen
    let fen_total = exact.mantissa().unsigned_abs();
    let yuan = (fen_total / 100) as u64;
    let jiao = (fen_total / 10 % 10) as usize;
    let fen = (fen_total % 10) as usize;
    let mut out = String::from(if amount.is_negative() {
        "人民币负"
    } else {
        "人民币"
    });
    if yuan == 0 && jiao == 0 && fen == 0 {
        out.push_str("零元整");
        return out;
    }
    if yuan > 0 {
        out.push_str(&whole(yuan));
        out.push('元');
    }
    match (jiao, fen) {
        (0, 0) => out.push('整'),
        (j, 0) => {
            if yuan > 0 && yuan.is_multiple_of(10) {
                out.push('零');
            }
            out.push(DIGITS[j]);
            out.push_str("角整");
        }
        (0, f) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[f]);
            out.push('分');
        }
        (j, f) => {
            if yuan > 0 && yuan.is_multiple_of(10) {
                out.push('零');
            }
            out.push(DIGITS[j]);
            out.push('角');
            out.push(DIGITS[f]);
            out.push('分');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str) -> String {
        in_capitals(Money::parse(text).unwrap())
    }

    #[test]
    fn the_rules_for_zero_and_whole() {
        for (amount, words) in [
            ("486913.58", "人民币肆拾捌万陆仟玖佰壹拾叁元伍角捌分"),
            ("0.00", "人民币零元整"),
            ("0.05", "人民币伍分"),
            ("0.50", "人民币伍角整"),
            ("1.00", "人民币壹元整"),
            ("10.00", "人民币壹拾元整"),
            ("1409.50", "人民币壹仟肆佰零玖元伍角整"),
            ("6007.14", "人民币陆仟零柒元壹角肆分"),
            ("1680.32", "人民币壹仟陆佰捌拾元零叁角贰分"),
            ("107000.53", "人民币壹拾万柒仟元零伍角叁分"),
            ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),
            ("325.04", "人民币叁佰贰拾伍元零肆分"),
            ("10005.00", "人民币壹万零伍元整"),
            ("200000.00", "人民币贰拾万元整"),
            ("1000001.00", "人民币壹佰万零壹元整"),
            ("100010000.00", "人民币壹亿零壹万元整"),
            ("100000000.00", "人民币壹亿元整"),
            ("3000000.00", "人民币叁佰万元整"),
            ("1000000000000000.00", "人民币壹仟万亿元整"),
            ("1000500000000.00", "人民币壹万零伍亿元整"),
            ("10.03", "人民币壹拾元零叁分"),
            ("-150000.00", "人民币负壹拾伍万元整"),
        ] {
            assert_eq!(c(amount), words, "{amount}");
        }
    }
}
