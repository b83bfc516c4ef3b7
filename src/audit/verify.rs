//! `verify`: a report recomputed from what it recorded (its facts and its policy), months
//! later, with the answer "reproduced" or every difference and why.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::report::recorded::{RecordedPolicy, RecordedReport};

use crate::audit::recorded::{
    NotAReport, ReadError, check_report, checked_inputs, ledger_rows, parse_report, read, read_summary,
};
use crate::batch::{BatchError, BatchRequest, run_with_policy};
use crate::engine::ENGINE;
use crate::engine::assessment::assess;
use crate::policy::{LoadedPolicy, PolicyError};
use crate::report::recorded::INPUTS_DIR;
use crate::report::render::facts_sha256;
use crate::report::report_words::{self as words, Said};
use crate::values::digest::sha256_hex;
use crate::values::lang::Lang;

/// Why a report could not be checked at all.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The report, or a file it names, cannot be read, or is not what this program writes.
    #[error(transparent)]
    Recorded(#[from] ReadError),
    /// A `--policy` file, or the recorded policy, cannot be loaded.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The batch could not be recomputed.
    #[error(transparent)]
    Batch(#[from] BatchError),
}

/// One integrity check and its outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// What was checked.
    pub check: Said,
    /// Whether it holds.
    pub ok: bool,
    /// The values compared.
    pub detail: Said,
}

/// A figure that does not reproduce.
#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    /// The park.
    pub park_id: String,
    /// The year.
    pub year: String,
    /// The item, or `total`.
    pub item: String,
    /// What the report says.
    pub expected: String,
    /// What the recomputation gives.
    pub found: String,
    /// The causes found: a different policy, a changed input, edited facts, another engine
    /// version; or, if none, that the report's figure was edited.
    pub why: Vec<Said>,
}

/// The answer.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// The report checked.
    pub report: String,
    /// True when every check holds and every figure reproduces.
    pub reproduced: bool,
    /// Integrity checks.
    pub checks: Vec<Check>,
    /// Figures that differ.
    pub differences: Vec<Difference>,
    /// What does not stop the figures reproducing, but an auditor should know (a ledger re-saved
    /// whose figures all match).
    pub warnings: Vec<Said>,
}

impl Verification {
    /// For people, in `lang`: the answer, each check, then each figure that differs with its
    /// causes, amounts grouped, no line wider than the terminal.
    pub fn to_table(&self, lang: Lang) -> String {
        use crate::report::layout::{WIDTH, pad_left, pad_right, wrap};
        use std::fmt::Write as _;
        use unicode_width::UnicodeWidthStr;
        let colon = match lang {
            Lang::Zh => "：",
            Lang::En => ": ",
        };
        let mut s = String::new();
        let answer = if self.reproduced {
            words::REPRODUCED
        } else {
            words::NOT_REPRODUCED
        };
        let _ = writeln!(s, "{}{colon}{}", self.report, answer.pick(lang));
        for c in &self.checks {
            let line = format!("{}{colon}{}", c.check.pick(lang), c.detail.pick(lang));
            let mark = if c.ok { "  ✓ " } else { "  ✗ " };
            let _ = writeln!(s, "{}", wrap(&line, mark, "      ", WIDTH));
        }
        for w in &self.warnings {
            let _ = writeln!(s, "{}", wrap(w.pick(lang), "  ! ", "    ", WIDTH));
        }
        if !self.differences.is_empty() {
            let _ = writeln!(s, "{}", words::DIFFERENCES.pick(lang));
            let places: Vec<String> = self
                .differences
                .iter()
                .map(|d| {
                    format!("{} {} {}", d.park_id, d.year, words::item_words(&d.item, lang))
                        .trim()
                        .to_string()
                })
                .collect();
            let expected: Vec<String> = self
                .differences
                .iter()
                .map(|d| words::figure_words(&d.expected, lang))
                .collect();
            let found: Vec<String> = self
                .differences
                .iter()
                .map(|d| words::figure_words(&d.found, lang))
                .collect();
            let place_w = places.iter().map(|p| p.width()).max().unwrap_or(0);
            let figure_w = expected.iter().chain(&found).map(|f| f.width()).max().unwrap_or(0);
            let report = words::REPORT_SAYS.pick(lang);
            let recomputed = words::RECOMPUTED.pick(lang);
            for (k, d) in self.differences.iter().enumerate() {
                let one_line = 2 + place_w + 2 + report.width() + 1 + figure_w + 3 + recomputed.width() + 1 + figure_w;
                if one_line <= WIDTH {
                    let _ = writeln!(
                        s,
                        "  {}  {report} {} → {recomputed} {}",
                        pad_right(&places[k], place_w),
                        pad_left(&expected[k], figure_w),
                        pad_left(&found[k], figure_w)
                    );
                } else {
                    let _ = writeln!(s, "  {}", places[k]);
                    let _ = writeln!(s, "    {report} {}", expected[k]);
                    let _ = writeln!(s, "    {recomputed} {}", found[k]);
                }
                let sep = match lang {
                    Lang::Zh => "；",
                    Lang::En => "; ",
                };
                let why: Vec<&str> = d.why.iter().map(|w| w.pick(lang)).collect();
                let because = format!("{}{}", words::BECAUSE.pick(lang), why.join(sep));
                let _ = writeln!(s, "{}", wrap(&because, "    ", "      ", WIDTH));
            }
        }
        s
    }
}

fn check(checks: &mut Vec<Check>, check: Said, ok: bool, detail: Said) -> bool {
    checks.push(Check { check, ok, detail });
    ok
}

/// The policy to recompute with: the `--policy` files if given, else the one recorded.
fn policy_for(
    recorded: RecordedPolicy,
    policies: &[PathBuf],
    checks: &mut Vec<Check>,
    why: &mut Vec<Said>,
) -> Result<LoadedPolicy, VerifyError> {
    let recorded_digest = recorded.digest.clone();
    let document = LoadedPolicy::from_document(recorded.document, recorded.sources)?;
    if !check(
        checks,
        words::recorded_policy_matches(),
        document.digest == recorded_digest,
        words::document_digests(short(&document.digest), short(&recorded_digest)),
    ) {
        why.push(words::policy_edited());
    }
    if policies.is_empty() {
        return Ok(document);
    }
    let given = LoadedPolicy::load(policies)?;
    if !check(
        checks,
        words::policy_given_is_recorded(),
        given.digest == recorded_digest,
        words::given_digests(short(&given.digest), short(&recorded_digest)),
    ) {
        why.push(words::different_policy(short(&given.digest), short(&recorded_digest)));
    }
    Ok(given)
}

fn short(digest: &str) -> &str {
    // Digests are checked to be hex before use; cut at a character boundary all the same.
    let mut end = digest.len().min(12);
    while !digest.is_char_boundary(end) {
        end -= 1;
    }
    &digest[..end]
}

fn engine_check(recorded: &str, checks: &mut Vec<Check>, why: &mut Vec<Said>) {
    if recorded != ENGINE.version {
        checks.push(Check {
            check: words::engine_version(),
            ok: true,
            detail: words::engine_versions(recorded, ENGINE.version),
        });
        why.push(words::different_engine(recorded, ENGINE.version));
    }
}

/// Verifies a calc JSON report or a batch output folder.
///
/// # Errors
/// A report that cannot be read, or a policy that cannot be loaded.
pub fn verify(report: &Path, policies: &[PathBuf]) -> Result<Verification, VerifyError> {
    let not_a_report = |what: NotAReport| {
        VerifyError::from(ReadError::NotAReport {
            file: report.to_path_buf(),
            what,
        })
    };
    if report.is_dir() {
        if !report.join("summary.json").is_file() {
            return Err(not_a_report(NotAReport::NoSummary));
        }
        if !report.join(INPUTS_DIR).is_dir() {
            return Err(not_a_report(NotAReport::NoInputs));
        }
        verify_batch(report, policies)
    } else if matches!(report.extension().and_then(|e| e.to_str()), Some("csv" | "xlsx")) {
        Err(not_a_report(NotAReport::LedgerAlone))
    } else {
        verify_calc(report, policies)
    }
}

fn verify_calc(file: &Path, policies: &[PathBuf]) -> Result<Verification, VerifyError> {
    let bytes = read(file)?;
    let recorded: RecordedReport = parse_report(&bytes, file)?;
    check_report(file, &recorded)?;
    let (mut checks, mut why) = (Vec::new(), Vec::new());
    let policy = policy_for(recorded.policy, policies, &mut checks, &mut why)?;
    let facts_digest = facts_sha256(&recorded.facts);
    if !check(
        &mut checks,
        words::recorded_facts_match(),
        facts_digest == recorded.facts_sha256,
        words::facts_digests(short(&facts_digest), short(&recorded.facts_sha256)),
    ) {
        why.push(words::facts_edited());
    }
    let mut facts = recorded.facts;
    // An input is looked for only inside the report's own folder, as a regular file.
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    for input in &recorded.inputs {
        let path = Path::new(&input.file);
        match crate::audit::untrusted::read_inside(folder, path, crate::audit::untrusted::MAX_APPLICATION_BYTES) {
            Ok(now) => {
                let digest = sha256_hex(&now);
                if !check(
                    &mut checks,
                    words::input_unchanged(&input.file),
                    digest == input.sha256,
                    words::now_and_recorded(short(&digest), short(&input.sha256)),
                ) {
                    why.push(words::changed_input(&input.file));
                    // Recompute from the input as it is now, to show what the change moves.
                    if let Ok(app) = std::str::from_utf8(&now)
                        .map_err(|_| ())
                        .and_then(|text| crate::facts::input::parse_application(text, path).map_err(|_| ()))
                    {
                        facts = app;
                    }
                }
            }
            Err(crate::audit::untrusted::Refused::Missing | crate::audit::untrusted::Refused::Outside { .. }) => {
                check(&mut checks, words::input(&input.file), true, words::input_not_found());
            }
            Err(reason) => {
                check(
                    &mut checks,
                    words::input(&input.file),
                    true,
                    words::input_not_read(&reason.to_string()),
                );
            }
        }
    }
    engine_check(&recorded.engine.version, &mut checks, &mut why);
    let assessment = assess(&facts, &policy).map_err(|e| ReadError::Malformed {
        file: file.to_path_buf(),
        message: format!("the recorded facts cannot be computed: {e}"),
    })?;
    let causes = |why: &[Said]| {
        if why.is_empty() {
            vec![words::figure_edited()]
        } else {
            why.to_vec()
        }
    };
    let mut differences = Vec::new();
    let (park, year) = (facts.park.id.clone(), facts.year.to_string());
    for r in &assessment.items {
        let found = recorded.items.iter().find(|i| i.item == r.item);
        let (expected, status) = found.map_or(("absent".to_string(), String::new()), |i| {
            (i.amount.to_string(), i.status.clone())
        });
        if expected != r.amount.to_string() || status != r.status.as_str() {
            differences.push(Difference {
                park_id: park.clone(),
                year: year.clone(),
                item: r.item.to_string(),
                expected: format!("{expected} {status}"),
                found: format!("{} {}", r.amount, r.status.as_str()),
                why: causes(&why),
            });
        }
    }
    if recorded.total != assessment.total {
        differences.push(Difference {
            park_id: park,
            year,
            item: "total".into(),
            expected: recorded.total.to_string(),
            found: assessment.total.to_string(),
            why: causes(&why),
        });
    }
    let reproduced = differences.is_empty() && checks.iter().all(|c| c.ok);
    Ok(Verification {
        report: file.display().to_string(),
        reproduced,
        checks,
        differences,
        warnings: Vec::new(),
    })
}

fn verify_batch(dir: &Path, policies: &[PathBuf]) -> Result<Verification, VerifyError> {
    let recorded = read_summary(dir)?;
    let (mut checks, mut why) = (Vec::new(), Vec::new());
    let policy = policy_for(recorded.policy, policies, &mut checks, &mut why)?;
    for input in &recorded.inputs {
        let copy = Path::new(INPUTS_DIR).join(&input.file);
        let digest = crate::audit::untrusted::sha256_inside(dir, &copy, crate::audit::untrusted::MAX_TABLE_BYTES)
            .unwrap_or_else(|r| match r {
                crate::audit::untrusted::Refused::Missing => "missing".into(),
                other => format!("not read: {other}"),
            });
        if !check(
            &mut checks,
            words::input_unchanged(&format!("{}/{}", INPUTS_DIR, input.file)),
            digest == input.sha256,
            words::now_and_recorded(short(&digest), short(&input.sha256)),
        ) {
            why.push(words::changed_input(&input.file));
        }
    }
    let mut edited_outputs = Vec::new();
    for output in &recorded.outputs {
        let digest = crate::audit::untrusted::sha256_inside(
            dir,
            Path::new(&output.file),
            crate::audit::untrusted::MAX_LEDGER_BYTES,
        )
        .unwrap_or_else(|r| match r {
            crate::audit::untrusted::Refused::Missing => "missing".into(),
            other => format!("not read: {other}"),
        });
        if !check(
            &mut checks,
            words::as_written(&output.file),
            digest == output.sha256,
            words::now_and_recorded(short(&digest), short(&output.sha256)),
        ) {
            edited_outputs.push(output.file.clone());
        }
    }
    engine_check(&recorded.engine.version, &mut checks, &mut why);

    let scratch = tempfile::tempdir().map_err(|source| ReadError::Unreadable {
        file: dir.to_path_buf(),
        source,
    })?;
    let request = BatchRequest {
        input: checked_inputs(dir)?,
        out: scratch.path().join("out"),
        policies: Vec::new(),
        keep_going: recorded.keep_going,
        lang: Lang::En,
        progress: false,
        // Only the ledger's rows and the grand total are compared.
        xlsx: false,
        // The copies are the UTF-8 text the run read, whatever `--encoding` said.
        encoding: None,
    };
    let outcome = run_with_policy(&request, &policy, &crate::batch::progress::Unwatched)?;
    let expected = ledger_rows(&dir.join("ledger.csv"))?;
    let found = ledger_rows(&request.out.join("ledger.csv"))?;
    let causes = |why: &[Said]| {
        if why.is_empty() {
            vec![words::ledger_figure_edited(&edited_outputs)]
        } else {
            why.to_vec()
        }
    };
    let mut differences = Vec::new();
    let keys: std::collections::BTreeSet<_> = expected.keys().chain(found.keys()).cloned().collect();
    for key in keys {
        let show =
            |row: Option<&(String, String)>| row.map_or_else(|| "absent".to_string(), |(a, s)| format!("{a} {s}"));
        let (e, f) = (expected.get(&key), found.get(&key));
        if e != f {
            differences.push(Difference {
                park_id: key.0.clone(),
                year: key.1.clone(),
                item: key.2.clone(),
                expected: show(e),
                found: show(f),
                why: causes(&why),
            });
        }
    }
    if recorded.grand_total != outcome.summary.grand_total {
        differences.push(Difference {
            park_id: String::new(),
            year: String::new(),
            item: "grand_total".into(),
            expected: recorded.grand_total.to_string(),
            found: outcome.summary.grand_total.to_string(),
            why: causes(&why),
        });
    }
    // A ledger re-saved (CRLF, columns moved, by a spreadsheet) whose figures all match is
    // reproduced, with a warning: figures are compared, not bytes.
    let mut warnings = Vec::new();
    if differences.is_empty() {
        for c in checks.iter_mut() {
            if !c.ok && c.check == words::as_written("ledger.csv") {
                c.ok = true;
                warnings.push(words::figures_match_bytes_differ("ledger.csv", &c.detail));
                c.detail = words::figures_match(&c.detail);
            }
        }
    }
    let reproduced = differences.is_empty() && checks.iter().all(|c| c.ok);
    Ok(Verification {
        report: dir.display().to_string(),
        reproduced,
        checks,
        differences,
        warnings,
    })
}
