//! JSON Schemas (draft-07) of the files people write, an application and a park profile, for
//! editors that check YAML as it is typed (`cixi-parks schema application|profile`). The
//! loader stays the authority: the schema accepts what an editor can tell, and the loader
//! refuses the rest (a third decimal, a wrong check character) with the place and the fix.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::facts::application::{Application, Year};
use crate::facts::yaml::Located;
use crate::values::measure::Quantity;
use crate::values::money::Money;
use crate::values::rating::Stars;
use crate::values::uscc::Uscc;

/// Which file's schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// An application (`calc`, `explain`, `estimate`).
    Application,
    /// A park profile (`check`).
    Profile,
}

/// The schema of `document`, as pretty JSON.
pub fn schema(document: Document) -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = match document {
        Document::Application => generator.into_root_schema_for::<Application>(),
        Document::Profile => generator.into_root_schema_for::<crate::facts::profile::Profile>(),
    };
    let mut s = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    s.push('\n');
    s
}

/// A date written `YYYY-MM-DD`.
pub struct IsoDate;

impl JsonSchema for IsoDate {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "日期 YYYY-MM-DD，例如 2022-12-05"
        })
    }
}

impl JsonSchema for Money {
    fn schema_name() -> Cow<'static, str> {
        "Money".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["string", "number"],
            "pattern": "^-?[0-9]+(\\.[0-9]{1,2})?$",
            "description": "金额（元），至多两位小数，例如 1234567.89；写成字符串最稳妥"
        })
    }
}

impl JsonSchema for Quantity {
    fn schema_name() -> Cow<'static, str> {
        "Quantity".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["string", "number"],
            "pattern": "^[0-9]+(\\.[0-9]+)?$",
            "minimum": 0,
            "description": "数量（亩、平方米、吨），不为负"
        })
    }
}

impl JsonSchema for Year {
    fn schema_name() -> Cow<'static, str> {
        "Year".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["integer", "string"],
            "pattern": "^[0-9]{4}$",
            "minimum": 1000,
            "maximum": 9999,
            "description": "年度，例如 2022"
        })
    }
}

impl JsonSchema for Stars {
    fn schema_name() -> Cow<'static, str> {
        "Stars".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["integer", "string"],
            "pattern": "^[1-5]$",
            "minimum": 1,
            "maximum": 5,
            "description": "星级，1 至 5"
        })
    }
}

impl JsonSchema for Uscc {
    fn schema_name() -> Cow<'static, str> {
        "Uscc".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9A-HJ-NP-RTUWXY]{18}$",
            "description": "统一社会信用代码（18位，GB 32100-2015；校验码由程序核对）"
        })
    }
}

impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schemas_are_draft_07_and_name_every_field() {
        let a = schema(Document::Application);
        assert!(a.contains("http://json-schema.org/draft-07/schema#"));
        for field in [
            "park",
            "year",
            "digital_investments",
            "decided_amounts",
            "recognized_on",
        ] {
            assert!(a.contains(&format!("\"{field}\"")), "{field}");
        }
        let p = schema(Document::Profile);
        assert!(p.contains("\"use_term_years\""));
    }
}
