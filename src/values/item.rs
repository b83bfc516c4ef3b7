//! The four items of clause （十四） and who receives each.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One reward or subsidy of GUIDE.md §1, in the order every report lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemId {
    /// 入选省级小微企业园: the park newly selected as a provincial park.
    ProvincialListing,
    /// 当年认定为一星级、二星级、三星级: the star award.
    StarAward,
    /// 市本级财力贡献全额奖励属地政府: the fiscal rebate to the local government.
    FiscalRebate,
    /// 竣工验收后开展数字化建设: the digital-construction subsidy.
    DigitalSubsidy,
}

impl ItemId {
    /// All four, in report order.
    pub const ALL: [ItemId; 4] = [
        ItemId::ProvincialListing,
        ItemId::StarAward,
        ItemId::FiscalRebate,
        ItemId::DigitalSubsidy,
    ];

    /// The id as written in files: `provincial_listing`, …
    pub fn as_str(self) -> &'static str {
        match self {
            ItemId::ProvincialListing => "provincial_listing",
            ItemId::StarAward => "star_award",
            ItemId::FiscalRebate => "fiscal_rebate",
            ItemId::DigitalSubsidy => "digital_subsidy",
        }
    }

    /// Position in [`ItemId::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ItemId {
    type Err = String;
    fn from_str(s: &str) -> Result<ItemId, String> {
        ItemId::ALL.into_iter().find(|i| i.as_str() == s).ok_or_else(|| {
            format!(
                "unknown item `{s}`: expected one of provincial_listing, star_award, fiscal_rebate, digital_subsidy"
            )
        })
    }
}

/// Who receives an item: the park's operator (运营管理机构) or the local government (属地政府).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Beneficiary {
    /// 运营管理机构
    Operator,
    /// 属地政府: the park's town, street or zone.
    LocalGovernment,
}

impl Beneficiary {
    /// Both beneficiaries.
    pub const ALL: [Beneficiary; 2] = [Beneficiary::Operator, Beneficiary::LocalGovernment];

    /// As written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Beneficiary::Operator => "operator",
            Beneficiary::LocalGovernment => "local_government",
        }
    }
}
