//! 大写金额: an amount in Chinese capital numerals, as payment documents require, exactly from
//! the decimal (《支付结算办法》附件一: 零 for gaps, 整 after 元 or 角, never after 分).
//!
//! Where the rules leave a choice (a 0 in the yuan units before a non-zero 角), this writes
//! the 零: ￥1,680.32 → 人民币壹仟陆佰捌拾元零叁角贰分.

use crate::values::money::Money;

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
    debug_assert!(n < WORDS_LIMIT_YUAN);
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

/// The largest whole number of yuan the words can write, plus one: 10^16 (the highest unit
/// written is 仟万亿; payment documents know no larger one).
pub const WORDS_LIMIT_YUAN: u64 = 10_000_000_000_000_000;

/// An amount beyond what capital numerals can write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{amount} yuan is too large to write in capital numerals (大写 goes up to 9999999999999999.99 yuan, 仟万亿): check the figure"
)]
pub struct TooLargeForWords {
    /// The amount, as written.
    pub amount: String,
}

/// What [`in_capitals`] writes for an amount beyond the words, instead of words for another
/// number: "amount too large for capital numerals".
pub const TOO_LARGE_FOR_WORDS: &str = "金额过大，无法写成大写";

/// The amount in capital numerals, with 人民币 before it; for an amount of 10^16 yuan or more
/// (beyond 仟万亿), [`TOO_LARGE_FOR_WORDS`] (never words for another number).
///
/// # Examples
/// ```
/// use cixi_parks::{values::capital::in_capitals, Money};
/// assert_eq!(in_capitals(Money::parse("486913.58").unwrap()), "人民币肆拾捌万陆仟玖佰壹拾叁元伍角捌分");
/// assert_eq!(in_capitals(Money::parse("3000000").unwrap()), "人民币叁佰万元整");
/// ```
pub fn in_capitals(amount: Money) -> String {
    try_in_capitals(amount).unwrap_or_else(|_| TOO_LARGE_FOR_WORDS.to_string())
}

/// The amount in capital numerals, with 人民币 before it.
///
/// # Errors
/// An amount of 10^16 yuan or more in magnitude: no unit above 仟万亿 is written.
pub fn try_in_capitals(amount: Money) -> Result<String, TooLargeForWords> {
    let exact = amount.as_decimal();
    // A Money has at most two decimals: its mantissa times 10^(2 - scale) is a count of fen,
    // exactly, in a u128 (a 96-bit mantissa times at most 100).
    let scale = exact.scale().min(2);
    let fen_total = exact.mantissa().unsigned_abs() * 10u128.pow(2 - scale) / 10u128.pow(exact.scale() - scale);
    let too_large = || TooLargeForWords {
        amount: amount.to_string(),
    };
    let yuan = u64::try_from(fen_total / 100).map_err(|_| too_large())?;
    if yuan >= WORDS_LIMIT_YUAN {
        return Err(too_large());
    }
    let jiao = (fen_total / 10 % 10) as usize;
    let fen = (fen_total % 10) as usize;
    let mut out = String::from(if amount.is_negative() {
        "人民币负"
    } else {
        "人民币"
    });
    if yuan == 0 && jiao == 0 && fen == 0 {
        out.push_str("零元整");
        return Ok(out);
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
    Ok(out)
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

    #[test]
    fn every_amount_gets_its_own_words_or_a_clear_refusal() {
        let quadrillion = Money::parse("1000000000000000").unwrap();
        let mut top = Money::parse("999999999999999.99").unwrap();
        for _ in 0..9 {
            top = top.checked_add(quadrillion).unwrap();
        }
        assert_eq!(top.to_string(), "9999999999999999.99");
        assert_eq!(
            in_capitals(top),
            "人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"
        );
        // Sums beyond 10^16 yuan: once written as words for 9999999999999999.88 (a u64 cast).
        let big = Money::ZERO
            .checked_add(Money::parse("1000000000000000").unwrap())
            .unwrap();
        let mut sum = Money::ZERO;
        for _ in 0..12 {
            sum = sum.checked_add(big).unwrap();
        }
        let sum = sum.checked_sub(Money::parse("0.12").unwrap()).unwrap();
        assert_eq!(sum.to_string(), "11999999999999999.88");
        assert_eq!(in_capitals(sum), TOO_LARGE_FOR_WORDS);
        let e = try_in_capitals(sum).unwrap_err().to_string();
        assert!(e.contains("11999999999999999.88") && e.contains("仟万亿"), "{e}");
        // The largest sum a Money holds: a refusal, not a panic.
        let max = Money::ZERO
            .checked_add(Money::parse("1000000000000000").unwrap())
            .unwrap();
        let mut m = max;
        while let Some(next) = m.checked_add(m) {
            m = next;
        }
        assert_eq!(in_capitals(m), TOO_LARGE_FOR_WORDS);
        assert!(try_in_capitals(m.checked_sub(m).unwrap()).is_ok());
    }
}
