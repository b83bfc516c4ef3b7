//! The words people type for the tables' ids, in ONE place: sheet names, column headers and
//! cell values (GLOSSARY.md). CSV and workbooks alike read through these tables.

use crate::batch::row_fault::RowFault;

/// Each table: its file, its sheet id, its Chinese sheet name, and its columns with their
/// Chinese headers.
pub const TABLES: &[TableWords] = &[
    TableWords {
        file: "parks.csv",
        sheet: "parks",
        zh: "园区",
        columns: &[
            ("park_id", "园区编号"),
            ("name", "园区名称"),
            ("town", "所在镇街"),
            ("operator", "运营管理机构"),
            ("year", "年度"),
            ("provincial_listing", "入选省级日期"),
            ("performance_grade", "绩效评价档次"),
            ("stars", "星级"),
            ("star_recognized_on", "星级认定日期"),
            ("completion_accepted_on", "竣工验收日期"),
        ],
    },
    TableWords {
        file: "enterprises.csv",
        sheet: "enterprises",
        zh: "入驻企业",
        columns: &[
            ("park_id", "园区编号"),
            ("year", "年度"),
            ("uscc", "统一社会信用代码"),
            ("name", "企业名称"),
            ("city_fiscal_contribution", "市本级财力贡献"),
        ],
    },
    TableWords {
        file: "investments.csv",
        sheet: "investments",
        zh: "数字化投入",
        columns: &[
            ("park_id", "园区编号"),
            ("item", "投入项目"),
            ("kind", "投入类型"),
            ("amount", "金额"),
            ("paid_on", "支付日期"),
        ],
    },
    TableWords {
        file: "grants.csv",
        sheet: "grants",
        zh: "已获奖励",
        columns: &[
            ("park_id", "园区编号"),
            ("year", "年度"),
            ("item", "奖励项目"),
            ("amount", "金额"),
            ("kind", "类别"),
            ("source", "来源"),
        ],
    },
    TableWords {
        file: "overrides.csv",
        sheet: "overrides",
        zh: "一事一议",
        columns: &[
            ("park_id", "园区编号"),
            ("year", "年度"),
            ("item", "奖励项目"),
            ("amount", "金额"),
            ("approval", "批准文号"),
        ],
    },
    TableWords {
        file: "payments.csv",
        sheet: "payments",
        zh: "拨付记录",
        columns: &[
            ("park_id", "园区编号"),
            ("year", "年度"),
            ("item", "奖励项目"),
            ("amount", "金额"),
            ("paid_on", "拨付日期"),
            ("voucher", "凭证号"),
        ],
    },
];

/// The fix for a header that lacks a column, in Chinese (a CSV table's and a sheet's alike).
pub const HEADER_HINT_ZH: &str = "表头可用编号或中文名，见 README 的表头对照";

/// One table's words.
#[derive(Debug)]
pub struct TableWords {
    /// The CSV file name: `parks.csv`.
    pub file: &'static str,
    /// The sheet id: `parks`.
    pub sheet: &'static str,
    /// The sheet's Chinese name: 园区.
    pub zh: &'static str,
    /// `(id, 中文)` for each column, in the order `init` writes them.
    pub columns: &'static [(&'static str, &'static str)],
}

impl TableWords {
    /// Whether a sheet name (or file stem) names this table.
    pub fn is_named(&self, name: &str) -> bool {
        let name = name.trim();
        name == self.sheet || name == self.zh
    }

    /// The Chinese header of `column`, if the table has it.
    pub fn header_zh(&self, column: &str) -> Option<&'static str> {
        self.columns.iter().find(|(id, _)| *id == column).map(|(_, zh)| *zh)
    }

    /// Whether a header names `column`: its id or its Chinese header.
    pub fn header_is(&self, header: &str, column: &str) -> bool {
        let header = header.trim();
        header == column || self.columns.iter().any(|(id, zh)| *id == column && *zh == header)
    }
}

/// The words for a table, by its file name (`parks.csv`) or its sheet id or Chinese name; a
/// payments file of any name reads as `payments`.
pub fn table(name: &str) -> Option<&'static TableWords> {
    TABLES.iter().find(|t| t.file == name || t.is_named(name))
}

/// The Chinese header of `column` in the table called `table_name`, if known.
pub fn header_zh(table_name: &str, column: &str) -> Option<&'static str> {
    table(table_name)?.header_zh(column)
}

/// Whether `header` names `column` in the table called `table` (any table, when unknown).
pub fn header_is(table_name: &str, header: &str, column: &str) -> bool {
    match table(table_name) {
        Some(t) => t.header_is(header, column),
        None => TABLES.iter().any(|t| t.header_is(header, column)),
    }
}

/// Kinds, items, grades and stars as people type them (GLOSSARY.md), with their ids.
const VALUES: &[(&str, &str, &str)] = &[
    ("kind", "软性投入", "soft"),
    ("kind", "支撑硬件投入", "hardware"),
    ("kind", "本政策已拨付", "prior"),
    ("kind", "其他政策", "other"),
    ("item", "入选省级小微企业园奖励", "provincial_listing"),
    ("item", "省级园奖励", "provincial_listing"),
    ("item", "星级小微企业园奖励", "star_award"),
    ("item", "星级奖励", "star_award"),
    ("item", "入驻企业市本级财力贡献奖励", "fiscal_rebate"),
    ("item", "财力贡献奖励", "fiscal_rebate"),
    ("item", "数字化建设补助", "digital_subsidy"),
    ("item", "数字化补助", "digital_subsidy"),
    ("stars", "一星级", "1"),
    ("stars", "二星级", "2"),
    ("stars", "三星级", "3"),
    ("stars", "四星级", "4"),
    ("stars", "五星级", "5"),
];

/// Columns whose cells may hold a typed word for an id.
pub fn has_value_words(column: &str) -> bool {
    matches!(column, "kind" | "item" | "stars")
}

/// The id a typed word stands for in `column`, or the text itself.
pub fn value_id<'a>(column: &str, text: &'a str) -> &'a str {
    VALUES
        .iter()
        .find(|(c, word, _)| *c == column && *word == text)
        .map_or(text, |(_, _, id)| id)
}

/// The typed words of a column, for a workbook's validation list: ids first, then words.
pub fn value_words(column: &str) -> Vec<&'static str> {
    VALUES
        .iter()
        .filter(|(c, _, _)| *c == column)
        .map(|(_, w, _)| *w)
        .collect()
}

/// A date as people write it: `2022-12-05`, `2022/12/5`, `2022.12.5` or `2022年12月5日`.
///
/// # Errors
/// Anything else, or a day that does not exist.
pub fn parse_date(text: &str) -> Result<jiff::civil::Date, RowFault> {
    // `2022-12-05`, as nearly every table writes it, read without splitting: the same date or
    // the same error as the general reading below (a test compares the two).
    if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text.trim().as_bytes()
        && [y0, y1, y2, y3, m0, m1, d0, d1].iter().all(u8::is_ascii_digit)
    {
        let n = |digits: &[u8]| digits.iter().fold(0i16, |n, d| n * 10 + i16::from(d - b'0'));
        let (y, m, d) = (n(&[y0, y1, y2, y3]), n(&[m0, m1]), n(&[d0, d1]));
        return jiff::civil::Date::new(y, m as i8, d as i8).map_err(|e| RowFault::NotADate {
            text: text.to_string(),
            detail: Some(e.to_string()),
        });
    }
    parse_date_by_parts(text)
}

/// [`parse_date`] for every way of writing a date: split into its three parts.
fn parse_date_by_parts(text: &str) -> Result<jiff::civil::Date, RowFault> {
    let bad = |detail: Option<String>| RowFault::NotADate {
        text: text.to_string(),
        detail,
    };
    let t = text.trim();
    let parts: Vec<&str> = if let Some(rest) = t.strip_suffix('日') {
        rest.split(['年', '月']).collect()
    } else if t.contains('/') {
        t.split('/').collect()
    } else if t.contains('-') {
        t.split('-').collect()
    } else {
        t.split('.').collect()
    };
    if parts.len() != 3
        || parts[0].len() != 4
        || !(1..=2).contains(&parts[1].len())
        || !(1..=2).contains(&parts[2].len())
        || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad(None));
    }
    let n = |p: &str| p.parse::<i16>().map_err(|_| bad(None));
    let (y, m, d) = (n(parts[0])?, n(parts[1])?, n(parts[2])?);
    jiff::civil::Date::new(y, m as i8, d as i8).map_err(|e| bad(Some(e.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_people_write_them() {
        let d = jiff::civil::date(2022, 12, 5);
        for t in ["2022-12-05", "2022/12/5", "2022/12/05", "2022年12月5日", "2022.12.5"] {
            assert_eq!(parse_date(t), Ok(d), "{t}");
        }
        for t in ["2022-13-05", "22/12/5", "2022-12", "2022-02-30", "", "2022年12月5"] {
            assert!(parse_date(t).is_err(), "{t}");
        }
    }

    proptest::proptest! {
        /// The quick reading of `YYYY-MM-DD` gives what the general one gives: the date, or
        /// the same error (a day that does not exist, a year 0000, …).
        #[test]
        fn a_plain_date_reads_as_by_its_parts(text in "[ \u{3000}]?[0-9]{4}-[0-9]{2}-[0-9]{2}[ ]?") {
            proptest::prop_assert_eq!(parse_date(&text), parse_date_by_parts(&text));
        }

        #[test]
        fn near_dates_read_as_by_their_parts(text in "[0-9-]{10}") {
            proptest::prop_assert_eq!(parse_date(&text), parse_date_by_parts(&text));
        }
    }

    #[test]
    fn headers_and_values() {
        assert!(header_is("enterprises.csv", "统一社会信用代码", "uscc"));
        assert!(header_is("enterprises.csv", "uscc", "uscc"));
        assert!(!header_is("enterprises.csv", "金额", "uscc"));
        assert_eq!(value_id("kind", "软性投入"), "soft");
        assert_eq!(value_id("stars", "三星级"), "3");
        assert_eq!(value_id("item", "星级奖励"), "star_award");
        assert_eq!(value_id("name", "星级奖励"), "星级奖励");
        assert_eq!(table("园区").map(|t| t.file), Some("parks.csv"));
    }
}
