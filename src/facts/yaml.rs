//! All YAML reading, in one place: serde-saphyr with serde_path_to_error.
//!
//! Why serde-saphyr and not serde_yaml: serde_yaml is archived by its author; a 50 KB file
//! with one anchor referenced 10,000 times made it allocate 3.3 GB, while serde-saphyr stops it
//! under a budget, and rejects duplicate mapping keys that serde_yaml resolves last-wins.
//! No file, application, policy or report, may use anchors or aliases.

use std::fmt;
use std::ops::Deref;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Where a YAML reading failed, and why, in the user's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlFault {
    /// The field's path, e.g. `digital_investments[2].amount` (empty for the whole file).
    pub path: String,
    /// 1-based line, where the parser knows it.
    pub line: Option<u32>,
    /// 1-based column, where the parser knows it.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
}

/// Reads one YAML document into `T`, with the failing field's path and line on error.
///
/// # Errors
/// Any syntax error, unknown or duplicate field, wrong type, or a value refused by `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlFault> {
    if let Some(fault) = too_long_a_line(text) {
        return Err(fault);
    }
    // Every file, application or policy, is plain: no anchors, no aliases.
    let options = serde_saphyr::options! {
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_aliases: 0,
            max_anchors: 0,
            max_reader_input_bytes: Some(MAX_FILE_BYTES),
            max_nodes: MAX_NODES,
            max_events: 2 * MAX_NODES,
        },
    };
    let mut path = String::new();
    let result = serde_saphyr::with_deserializer_from_str_with_options(text, options, |de| {
        serde_path_to_error::deserialize(de).map_err(|e| {
            path = e.path().to_string();
            e.into_inner()
        })
    });
    result.map_err(|e| {
        let location = e.location();
        let path = if path == "?" || path == "." {
            String::new()
        } else {
            path
        };
        YamlFault {
            path,
            line: location.map(|l| l.line() as u32).filter(|l| *l > 0),
            column: location.map(|l| l.column() as u32).filter(|c| *c > 0),
            message: budget_message(&e).unwrap_or_else(|| plain_message(&e.to_string())),
        }
    })
}

/// The fields a mapping must have, by its path with list indexes taken out (`park`,
/// `digital_investments[]`; `` for the document): what [`all_faults`] lists together when
/// one is missing.
pub type Required = fn(&str) -> &'static [&'static str];

/// The longest file whose every fault is listed (longer ones report the first).
pub const MAX_LINES_FOR_ALL_FAULTS: usize = 5_000;

/// The most faults one file reports; past that, "and N more".
pub const MOST_FAULTS: usize = 20;

/// Every fault of a document whose first fault is `first`, not only that one: each top-level
/// block (a key and what belongs to it), and each row of a top-level list, is read on its own
/// as `T`, every other line blanked so that lines keep their numbers. A missing required
/// field is listed with every other one missing from the same mapping. Faults come in file
/// order, at most [`MOST_FAULTS`] of them plus how many more there are. A document not laid
/// out in blocks (one flow mapping) gives `first` alone.
pub fn all_faults<T: DeserializeOwned>(text: &str, first: YamlFault, required: Required) -> Vec<YamlFault> {
    let lines: Vec<&str> = text.split('\n').collect();
    // Each block is read over the whole file's length (lines blanked): beyond this many lines
    // that would take too long, and the first fault is said alone.
    if lines.len() > MAX_LINES_FOR_ALL_FAULTS {
        return vec![first];
    }
    let is_key = |l: &str| {
        let c = l.chars().next();
        c.is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-' && c != '{' && c != '[') && l.contains(':')
    };
    let keys: Vec<usize> = (0..lines.len()).filter(|&i| is_key(lines[i])).collect();
    if keys.is_empty() || lines.iter().any(|l| l.starts_with('{') || l.starts_with("---")) {
        return vec![first];
    }
    let mut faults = Vec::new();
    // `row` is the row's index in its list, read alone as row 0.
    let mut read = |keep: &[(usize, usize)], row: Option<(&str, usize)>| {
        let mut doc = String::with_capacity(text.len());
        for (i, l) in lines.iter().enumerate() {
            if keep.iter().any(|&(a, b)| (a..b).contains(&i)) {
                doc.push_str(l);
            }
            doc.push('\n');
        }
        if let Err(mut f) = from_str::<T>(&doc) {
            if let Some((key, k)) = row
                && let Some(rest) = f.path.strip_prefix(&format!("{key}[0]"))
            {
                f.path = format!("{key}[{k}]{rest}");
            }
            let elsewhere = f.path.is_empty() && f.message.starts_with("missing field");
            if !elsewhere {
                faults.push(f);
            }
        }
    };
    for (j, &start) in keys.iter().enumerate() {
        let end = keys.get(j + 1).copied().unwrap_or(lines.len());
        let indent = |l: &str| l.len() - l.trim_start().len();
        let items: Vec<usize> = (start + 1..end)
            .filter(|&i| {
                let t = lines[i].trim_start();
                t == "-" || t.starts_with("- ")
            })
            .collect();
        // Rows only where the key's own value is the list: its first line is a row.
        let first_content = (start + 1..end).find(|&i| {
            let t = lines[i].trim_start();
            !t.is_empty() && !t.starts_with('#')
        });
        let least = items.iter().map(|&i| indent(lines[i])).min();
        let rows: Vec<usize> = if first_content.is_some() && first_content == items.first().copied() {
            items.into_iter().filter(|&i| Some(indent(lines[i])) == least).collect()
        } else {
            Vec::new()
        };
        if rows.is_empty() {
            read(&[(start, end)], None);
        } else {
            let key = lines[start].split(':').next().unwrap_or("").trim();
            for (k, &row) in rows.iter().enumerate() {
                let row_end = rows.get(k + 1).copied().unwrap_or(end);
                read(&[(start, start + 1), (row, row_end)], Some((key, k)));
            }
        }
    }
    // Required top-level fields that no block gives.
    let top: Vec<&str> = keys
        .iter()
        .filter_map(|&i| lines[i].split(':').next())
        .map(str::trim)
        .collect();
    let absent: Vec<&str> = required("").iter().copied().filter(|f| !top.contains(f)).collect();
    if !absent.is_empty() {
        faults.push(missing_fault("", None, &absent));
    }
    // A missing field: every required field missing from the same mapping, in one fault.
    for f in &mut faults {
        let Some(name) = f
            .message
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        else {
            continue;
        };
        let shape: String = strip_indexes(&f.path);
        let scope = block_text(&lines, f.line);
        let mut absent: Vec<&str> = required(&shape)
            .iter()
            .copied()
            .filter(|r| !has_key(&scope, r))
            .collect();
        if !absent.contains(&name) {
            absent.insert(0, name);
        }
        *f = missing_fault(&f.path, f.line, &absent);
    }
    if faults.is_empty() {
        return vec![first];
    }
    faults.sort_by_key(|f| (f.line.unwrap_or(0), f.column.unwrap_or(0)));
    faults.dedup();
    if faults.len() > MOST_FAULTS {
        let more = faults.len() - MOST_FAULTS;
        faults.truncate(MOST_FAULTS);
        faults.push(YamlFault {
            path: String::new(),
            line: None,
            column: None,
            message: format!("and {more} more"),
        });
    }
    faults
}

fn missing_fault(path: &str, line: Option<u32>, fields: &[&str]) -> YamlFault {
    let list = fields.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
    YamlFault {
        path: path.to_string(),
        line,
        column: None,
        message: if fields.len() == 1 {
            format!("missing field {list}")
        } else {
            format!("missing fields {list}")
        },
    }
}

/// `overrides[0].item` → `overrides[].item`.
fn strip_indexes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// The text of the line a fault names and the lines indented under it: the mapping it is in.
fn block_text(lines: &[&str], line: Option<u32>) -> String {
    let Some(i) = line.and_then(|l| (l as usize).checked_sub(1)) else {
        return String::new();
    };
    let Some(first) = lines.get(i) else {
        return String::new();
    };
    let indent = first.len() - first.trim_start().len();
    let mut out = first.to_string();
    for l in &lines[i + 1..] {
        let t = l.trim_start();
        if t.is_empty() || l.len() - t.len() > indent {
            out.push('\n');
            out.push_str(l);
        } else {
            break;
        }
    }
    out
}

/// Whether `key:` appears as a key in `text` (after `{`, `,`, `- ` or a line's indentation).
fn has_key(text: &str, key: &str) -> bool {
    let needle = format!("{key}:");
    text.match_indices(&needle).any(|(at, _)| {
        let before = text[..at].trim_end_matches(' ');
        before.is_empty() || before.ends_with(['{', ',', '\n', '-'])
    })
}

/// The largest YAML file read: 64 MiB.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// The most values (lists, maps and scalars) in one YAML file: room for an application with
/// 500,000 investments or enterprises.
pub const MAX_NODES: usize = 4_000_000;
/// The longest line in a YAML file (and so the longest plain scalar): 1 MiB.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;
/// The deepest nesting of lists and maps.
pub const MAX_DEPTH: usize = 64;

/// A line longer than [`MAX_LINE_BYTES`], named by its line and the column where it passes
/// the limit.
fn too_long_a_line(text: &str) -> Option<YamlFault> {
    if text.len() <= MAX_LINE_BYTES {
        return None;
    }
    for (i, line) in text.split('\n').enumerate() {
        if line.len() > MAX_LINE_BYTES {
            let mut cut = MAX_LINE_BYTES;
            while !line.is_char_boundary(cut) {
                cut -= 1;
            }
            return Some(YamlFault {
                path: String::new(),
                line: Some(u32::try_from(i + 1).unwrap_or(u32::MAX)),
                column: Some(u32::try_from(line[..cut].chars().count() + 1).unwrap_or(u32::MAX)),
                message: format!(
                    "this line is longer than {} bytes (1 MiB): no value in this file can be that long",
                    MAX_LINE_BYTES
                ),
            });
        }
    }
    None
}

/// A budget the parser enforces, in plain words; `None` for other errors (and for anchors
/// and aliases, whose own message already says they are refused).
fn budget_message(e: &serde_saphyr::Error) -> Option<String> {
    use serde_saphyr::budget::BudgetBreach;
    let serde_saphyr::Error::Budget { breach, .. } = e else {
        return None;
    };
    Some(match breach {
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => {
            format!("more than {MAX_NODES} values (lists, maps and scalars) in one file: split it into several files")
        }
        BudgetBreach::Depth { .. } => {
            format!("lists and maps nested more than {MAX_DEPTH} deep: no file of this program needs that")
        }
        BudgetBreach::InputBytes { .. } | BudgetBreach::ScalarBytes { .. } => {
            format!("larger than {} MiB: split it into several files", MAX_FILE_BYTES >> 20)
        }
        BudgetBreach::Documents { .. } => "more than one YAML document (`---`) in one file".to_string(),
        _ => return None,
    })
}

/// The parser's message without its own "error: line N column M:" prefix, which we print
/// in a form of our own.
fn plain_message(text: &str) -> String {
    let mut rest = text.trim();
    if let Some(r) = rest.strip_prefix("error: ") {
        rest = r;
    }
    let is_position = |head: &str| {
        head.split_whitespace()
            .all(|w| w == "line" || w == "column" || w.trim_end_matches(',').chars().all(|c| c.is_ascii_digit()))
    };
    if let Some(pos) = rest.find(": ")
        && rest.starts_with("line ")
        && is_position(&rest[..pos])
    {
        rest = &rest[pos + 2..];
    }
    // serde's custom messages may carry " at line N, column M" too.
    if let Some(pos) = rest.rfind(" at line ")
        && is_position(&rest[pos + 4..])
    {
        rest = &rest[..pos];
    }
    rest.to_string()
}

/// A value with the line it was read from, for checks that span several rows
/// (e.g. the same enterprise listed twice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value itself.
    pub value: T,
    /// 1-based line in its file, where known.
    pub line: Option<u32>,
}

impl<T> Located<T> {
    /// A value whose line is known (a CSV row) or not (built in code).
    pub fn new(value: T, line: Option<u32>) -> Self {
        Located { value, line }
    }
}

impl<T> Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let line = spanned.referenced.line() as u32;
        Ok(Located {
            value: spanned.value,
            line: (line > 0).then_some(line),
        })
    }
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl fmt::Display for YamlFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_parsers_own_location_prefix() {
        assert_eq!(
            plain_message("error: line 4 column 27: unknown field `x`"),
            "unknown field `x`"
        );
        assert_eq!(plain_message("dup at 2 at line 3, column 3"), "dup at 2");
    }
}
