//! Reading an application file: YAML into [`Application`], every problem named by file,
//! field path and line.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::facts::application::Application;
use crate::facts::fault::{Fault, NegativeAmount, Problem};
use crate::facts::yaml;
use crate::values::digest::sha256_hex;

/// Why an application could not be read. Its message names the file, the field and the line.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Unreadable { file: PathBuf, source: std::io::Error },
    /// The file is not UTF-8 text.
    #[error("{file}: not UTF-8 text: save it as UTF-8")]
    NotUtf8 { file: PathBuf },
    /// One or more problems, each with its place.
    #[error("{}", Listing { file, problems })]
    Invalid { file: PathBuf, problems: Vec<Problem> },
}

struct Listing<'a> {
    file: &'a Path,
    problems: &'a [Problem],
}

impl fmt::Display for Listing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", self.file.display())?;
            if let Some(line) = p.line {
                write!(f, ":{line}")?;
            }
            if p.path.is_empty() {
                write!(f, ": {}", p.fault)?;
            } else {
                write!(f, ": {}: {}", p.path, p.fault)?;
            }
        }
        Ok(())
    }
}

/// An application read from a file, with the file's digest.
#[derive(Debug, Clone)]
pub struct ReadApplication {
    /// The facts.
    pub application: Application,
    /// The file as given.
    pub file: PathBuf,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// Reads and checks an application file.
///
/// # Errors
/// An unreadable or malformed file, or facts that fail [`Application::problems`].
pub fn read_application(file: &Path) -> Result<ReadApplication, InputError> {
    let bytes = read_bytes(file)?;
    let text = as_text(&bytes, file)?;
    let application = parse_application(text, file)?;
    Ok(ReadApplication {
        application,
        file: file.to_path_buf(),
        sha256: sha256_hex(&bytes),
    })
}

/// Parses and checks an application from its text.
///
/// # Errors
/// As [`read_application`].
pub fn parse_application(text: &str, file: &Path) -> Result<Application, InputError> {
    let application: Application = yaml::from_str(text)
        .map_err(|first| faults_to_error(yaml::all_faults::<Application>(text, first, application_required), file))?;
    let problems = application.problems();
    unless_problems(application, file, problems)
}

/// Reads and checks a park profile (GUIDE.md §2); `m2_per_mu` converts land to m² for the
/// checks that compare the two.
///
/// # Errors
/// An unreadable or malformed file, or facts that contradict each other.
pub fn read_profile(file: &Path, m2_per_mu: (u32, u32)) -> Result<crate::facts::profile::Profile, InputError> {
    let bytes = read_bytes(file)?;
    let text = as_text(&bytes, file)?;
    parse_profile(text, file, m2_per_mu)
}

/// Parses and checks a park profile from its text (`file` names it in problems).
///
/// # Errors
/// As [`read_profile`].
pub fn parse_profile(
    text: &str,
    file: &Path,
    m2_per_mu: (u32, u32),
) -> Result<crate::facts::profile::Profile, InputError> {
    let profile: crate::facts::profile::Profile = yaml::from_str(text).map_err(|first| {
        faults_to_error(
            yaml::all_faults::<crate::facts::profile::Profile>(text, first, profile_required),
            file,
        )
    })?;
    let problems = profile.problems(m2_per_mu);
    unless_problems(profile, file, problems)
}

/// Parses any YAML (or JSON) document into `T`, a fault named by field path and line as
/// the file readers name it (`file` names the text).
///
/// # Errors
/// Syntax, an unknown or duplicate field, a wrong type, a value refused by `T`.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(text: &str, file: &Path) -> Result<T, InputError> {
    yaml::from_str(text).map_err(|fault| faults_to_error(vec![fault], file))
}

/// Reads a plan for `estimate`.
///
/// # Errors
/// An unreadable or malformed file, or a negative planned investment.
pub fn read_plan(file: &Path) -> Result<crate::facts::plan::Plan, InputError> {
    let bytes = read_bytes(file)?;
    let text = as_text(&bytes, file)?;
    parse_plan(text, file)
}

/// Parses and checks a plan from its text (`file` names it in problems).
///
/// # Errors
/// As [`read_plan`].
pub fn parse_plan(text: &str, file: &Path) -> Result<crate::facts::plan::Plan, InputError> {
    let plan: crate::facts::plan::Plan = yaml::from_str(text).map_err(|first| {
        faults_to_error(
            yaml::all_faults::<crate::facts::plan::Plan>(text, first, plan_required),
            file,
        )
    })?;
    let problems: Vec<Problem> = plan
        .digital_investments
        .iter()
        .enumerate()
        .filter(|(_, i)| i.amount.is_negative())
        .map(|(i, inv)| Problem {
            path: format!("digital_investments[{i}].amount"),
            line: inv.line,
            fault: Fault::Negative {
                amount_of: NegativeAmount::Investment,
                amount: inv.amount,
            },
        })
        .collect();
    unless_problems(plan, file, problems)
}

fn read_bytes(file: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(file).map_err(|source| InputError::Unreadable {
        file: file.to_path_buf(),
        source,
    })
}

fn as_text<'b>(bytes: &'b [u8], file: &Path) -> Result<&'b str, InputError> {
    std::str::from_utf8(bytes).map_err(|_| InputError::NotUtf8 {
        file: file.to_path_buf(),
    })
}

/// The value, or every problem found in it.
fn unless_problems<T>(value: T, file: &Path, problems: Vec<Problem>) -> Result<T, InputError> {
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(InputError::Invalid {
            file: file.to_path_buf(),
            problems,
        })
    }
}

/// The fields each mapping of an application must have (`yaml::Required`).
fn application_required(shape: &str) -> &'static [&'static str] {
    match shape {
        "" => &["park", "year"],
        "park" => &["id", "name", "town", "operator"],
        "star_rating" => &["stars", "recognized_on"],
        "resident_enterprises[]" => &["uscc", "name", "city_fiscal_contribution"],
        "digital_investments[]" => &["item", "kind", "amount", "paid_on"],
        "prior_grants[]" => &["item", "year", "amount"],
        "other_grants[]" => &["item", "source", "amount"],
        "overrides[]" => &["item", "amount", "approval"],
        "decided_amounts[]" => &["item", "amount"],
        _ => &[],
    }
}

/// A profile's facts are all optional, but for a leading industry's rows.
fn profile_required(shape: &str) -> &'static [&'static str] {
    match shape {
        "enterprises.leading_industries[]" => &["code", "enterprises"],
        _ => &[],
    }
}

/// A plan's facts are all optional, but for what a planned row needs.
fn plan_required(shape: &str) -> &'static [&'static str] {
    match shape {
        "star_rating" => &["stars", "recognized_on"],
        "digital_investments[]" => &["item", "kind", "amount", "paid_on"],
        _ => &[],
    }
}

fn faults_to_error(faults: Vec<yaml::YamlFault>, file: &Path) -> InputError {
    let problems = faults
        .into_iter()
        .map(|fault| {
            let message = plain_words(&fault.message);
            let message = match did_you_mean(&message) {
                Some(hint) => format!("{message} (did you mean `{hint}`?)"),
                None => message,
            };
            Problem {
                path: clean_path(&fault.path),
                line: fault.line,
                fault: Fault::Read(message),
            }
        })
        .collect();
    InputError::Invalid {
        file: file.to_path_buf(),
        problems,
    }
}

/// serde_path_to_error sees the line-keeping wrapper as a `value` field, and writes `?` where
/// a syntax error stopped it inside a mapping: users write neither.
fn clean_path(path: &str) -> String {
    let path = path.replace(".value.", ".");
    let path = path
        .trim_end_matches(".value")
        .trim_end_matches(".?")
        .trim_end_matches('?');
    path.to_string()
}

/// The parser's words for a few faults, said in the user's terms.
fn plain_words(message: &str) -> String {
    if message.starts_with("failed to parse") || message.starts_with("parsed date is not valid") {
        return "not a valid date: write it as YYYY-MM-DD, e.g. 2022-12-05 (is the month 1 to 12, and the day in that month?)".into();
    }
    if message.starts_with("budget breached") && (message.contains("Anchors") || message.contains("Aliases")) {
        return "anchors and aliases (&name, *name) are not allowed in an application: write each value out".into();
    }
    if message.starts_with("invalid i64") || message.starts_with("invalid u64") {
        return "not a whole number".into();
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return format!("`{key}` is given twice in the same mapping: keep one");
    }
    message.to_string()
}

/// For "unknown field `amonut`, expected one of …": the closest expected name.
fn did_you_mean(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (given, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected ")?.1;
    let expected = expected.strip_prefix("one of ").unwrap_or(expected);
    if let Some(same) = expected
        .split(", ")
        .map(|e| e.trim_matches('`'))
        .find(|e| e.eq_ignore_ascii_case(given) && *e != given)
    {
        return Some(same.to_string());
    }
    if given.chars().count() < 3 {
        return None;
    }
    expected
        .split(", ")
        .map(|e| e.trim_matches('`').trim_end_matches(')'))
        .filter(|e| !e.is_empty())
        .map(|e| (strsim::damerau_levenshtein(&given.to_lowercase(), &e.to_lowercase()), e))
        .filter(|(d, e)| *d <= 2.max(e.len() / 3))
        .min()
        .map(|(_, e)| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_field() {
        assert_eq!(
            did_you_mean("unknown field `amonut`, expected one of uscc, amount").as_deref(),
            Some("amount")
        );
        assert_eq!(did_you_mean("unknown field `zzz`, expected one of uscc, amount"), None);
    }
}
