//! The JSON API: the same library calls as the command line, the same reports.

use std::path::{Path, PathBuf};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::engine::assessment::{EngineError, assess};
use crate::facts::application::{Application, InvestmentKind, StarRating};
use crate::facts::input::{InputError, parse_application, parse_profile, parse_yaml};
use crate::facts::plan::Plan;
use crate::report::render::{InputRef, Report};
use crate::values::digest::sha256_hex;
use crate::values::lang::Lang;
use crate::values::money::Money;
use crate::web::problem::{FieldProblem, ProblemDoc, field_problems};
use crate::web::words::{fault_message, message, w};
use crate::web::{Shared, request_lang};

/// The OpenAPI 3.1 document.
pub const OPENAPI: &str = include_str!("openapi.json");

/// A body's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// application/json
    Json,
    /// application/yaml
    Yaml,
    /// application/zip
    Zip,
}

/// What the Content-Type header says, or None for anything else.
pub fn body_kind(headers: &HeaderMap) -> Option<BodyKind> {
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let media = ct.split(';').next()?.trim().to_ascii_lowercase();
    match media.as_str() {
        "application/json" => Some(BodyKind::Json),
        "application/yaml" | "application/x-yaml" | "text/yaml" | "text/x-yaml" => Some(BodyKind::Yaml),
        "application/zip" | "application/x-zip-compressed" => Some(BodyKind::Zip),
        _ => None,
    }
}

/// 200 with a JSON body, newline-terminated as the command line prints it.
pub fn json_response(text: String) -> Response {
    let mut r = text.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

/// Pretty JSON as `--format json` prints it.
pub fn pretty<T: serde::Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("our reports always serialize");
    s.push('\n');
    s
}

fn unsupported(lang: Lang) -> Response {
    ProblemDoc::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, lang)
        .detail(w(lang, "p_media_detail"))
        .into_response()
}

fn invalid(lang: Lang, errors: Vec<FieldProblem>) -> Response {
    ProblemDoc::invalid(lang, errors).into_response()
}

fn one(lang: Lang, field: &str, line: Option<u32>, text: &str) -> Response {
    invalid(
        lang,
        vec![FieldProblem {
            field: field.to_string(),
            line,
            message: message(lang, text),
        }],
    )
}

/// A JSON or YAML body as text, or the response that refuses it.
#[allow(clippy::result_large_err)] // a Response, answered at once: never carried far
fn text_body<'b>(headers: &HeaderMap, body: &'b Bytes, lang: Lang) -> Result<(&'b str, BodyKind), Response> {
    let kind = match body_kind(headers) {
        Some(k @ (BodyKind::Json | BodyKind::Yaml)) => k,
        _ => return Err(unsupported(lang)),
    };
    let text = std::str::from_utf8(body).map_err(|_| one(lang, "", None, "not UTF-8 text: send UTF-8"))?;
    Ok((text, kind))
}

fn request_name(kind: BodyKind) -> &'static str {
    match kind {
        BodyKind::Yaml => "request.yaml",
        _ => "request.json",
    }
}

/// Reads an application body. JSON is read first by serde_json (about ten times faster than
/// the YAML reader); anything it refuses, and any application with problems, is read again by
/// the YAML reader the command line uses, so that every problem is named exactly as `calc`
/// names it, with its line.
///
/// # Errors
/// As [`parse_application`].
pub fn read_body_application(text: &str, kind: BodyKind, name: &Path) -> Result<Application, InputError> {
    if kind == BodyKind::Json
        && let Ok(app) = serde_json::from_str::<Application>(text)
        && app.problems().is_empty()
    {
        return Ok(app);
    }
    parse_application(text, name)
}

/// A calculation that could not be finished, as a problem at its line.
pub fn engine_problem(e: &EngineError, lang: Lang) -> Response {
    one(lang, "", e.line(), &e.to_string())
}

/// The policy document every report carries, written once: a report is written with a
/// small placeholder policy in its place, and the placeholder's text replaced by this one
/// (the same bytes, without serializing the whole policy for every request).
#[derive(Debug)]
pub struct PolicySplice {
    placeholder: crate::policy::Policy,
    from: String,
    to: String,
}

impl PolicySplice {
    /// For the policy in force.
    pub fn new(policy: &crate::policy::Policy) -> PolicySplice {
        let mut placeholder = crate::policy::Policy::default();
        placeholder.policy.id = "\u{1}cixi-parks: the policy in force\u{1}".into();
        // In a report the document sits two levels deep: every line after the first is
        // indented four more spaces than on its own.
        let nested = |p: &crate::policy::Policy| {
            serde_json::to_string_pretty(p)
                .expect("a policy always serializes")
                .replace('\n', "\n    ")
        };
        PolicySplice {
            from: nested(&placeholder),
            to: nested(policy),
            placeholder,
        }
    }
}

/// The report `calc --format json` prints for these facts (reasons in `lang`).
///
/// # Errors
/// A calculation that cannot be finished.
pub fn calc_report(app: &Application, state: &Shared, input: InputRef, lang: Lang) -> Result<String, EngineError> {
    let assessment = assess(app, &state.policy)?;
    let mut report = Report::new(&assessment, app, &state.policy, vec![input], lang);
    let splice = &state.splice;
    report.policy.document = &splice.placeholder;
    let mut text = report.to_json();
    if let Some(at) = text.find(&splice.from) {
        text.replace_range(at..at + splice.from.len(), &splice.to);
        Ok(text)
    } else {
        report.policy.document = &state.policy.policy;
        Ok(report.to_json())
    }
}

/// POST /api/v1/calc
pub async fn calc(State(state): State<Shared>, headers: HeaderMap, uri: Uri, body: Bytes) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    let (text, kind) = match text_body(&headers, &body, lang) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let name = request_name(kind);
    let app = match read_body_application(text, kind, Path::new(name)) {
        Ok(app) => app,
        Err(e) => return invalid(lang, field_problems(&e, lang)),
    };
    let input = InputRef {
        file: name.to_string(),
        sha256: sha256_hex(&body),
    };
    match calc_report(&app, &state, input, lang) {
        Ok(json) => json_response(json),
        Err(e) => engine_problem(&e, lang),
    }
}

/// The body of POST /api/v1/estimate: the facts, a plan, and the command line's plan flags.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstimateBody {
    /// The facts so far.
    pub application: Application,
    /// A plan, as a `--plan` file.
    #[serde(default)]
    pub plan: Plan,
    /// `--stars`
    #[serde(default)]
    pub stars: Option<u8>,
    /// `--recognized-on`
    #[serde(default)]
    pub recognized_on: Option<jiff::civil::Date>,
    /// `--soft`
    #[serde(default)]
    pub soft: Option<Money>,
    /// `--hardware`
    #[serde(default)]
    pub hardware: Option<Money>,
    /// `--paid-on`
    #[serde(default)]
    pub paid_on: Option<jiff::civil::Date>,
}

impl EstimateBody {
    /// The plan with the flags applied, as the command line applies them.
    ///
    /// # Errors
    /// A star level outside 1 to 5.
    pub fn full_plan(&self) -> Result<Plan, String> {
        let mut plan = self.plan.clone();
        let year_end = self.application.year.last_day();
        if let Some(stars) = self.stars {
            plan.star_rating = Some(StarRating {
                stars: crate::values::rating::Stars::new(stars)?,
                recognized_on: self.recognized_on.unwrap_or(year_end),
            });
        }
        for (kind, amount) in [
            (InvestmentKind::Soft, self.soft),
            (InvestmentKind::Hardware, self.hardware),
        ] {
            if let Some(amount) = amount {
                if amount.is_negative() {
                    return Err(format!("an investment cannot be negative ({amount})"));
                }
                plan.digital_investments
                    .push(crate::operate::estimate::planned_investment(
                        kind,
                        amount,
                        self.paid_on.unwrap_or(year_end),
                    ));
            }
        }
        Ok(plan)
    }
}

/// POST /api/v1/estimate
pub async fn estimate(State(state): State<Shared>, headers: HeaderMap, uri: Uri, body: Bytes) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    let (text, kind) = match text_body(&headers, &body, lang) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let name = Path::new(request_name(kind));
    let parsed: EstimateBody = match parse_yaml(text, name) {
        Ok(b) => b,
        Err(e) => return invalid(lang, field_problems(&e, lang)),
    };
    let mut problems: Vec<FieldProblem> = parsed
        .application
        .problems()
        .into_iter()
        .map(|p| FieldProblem {
            field: format!("application.{}", p.path),
            line: p.line,
            message: fault_message(lang, &p.fault),
        })
        .collect();
    let plan = match parsed.full_plan() {
        Ok(plan) => plan,
        Err(m) => {
            problems.push(FieldProblem {
                field: "plan".into(),
                line: None,
                message: message(lang, &m),
            });
            Plan::default()
        }
    };
    for (i, inv) in plan.digital_investments.iter().enumerate() {
        if inv.amount.is_negative() {
            problems.push(FieldProblem {
                field: format!("plan.digital_investments[{i}].amount"),
                line: inv.line,
                message: fault_message(
                    lang,
                    &crate::facts::fault::Fault::Negative {
                        amount_of: crate::facts::fault::NegativeAmount::Investment,
                        amount: inv.amount,
                    },
                ),
            });
        }
    }
    if !problems.is_empty() {
        return invalid(lang, problems);
    }
    let planned = plan.carried_out(&parsed.application);
    match crate::operate::estimate::estimate(&parsed.application, &planned, &state.policy) {
        Ok(e) => json_response(pretty(&e.in_words(lang))),
        Err(e) => engine_problem(&e, lang),
    }
}

/// The check report `check --format json` prints for a profile's text.
///
/// # Errors
/// A profile that cannot be read.
pub fn check_report(
    text: &str,
    name: &Path,
    state: &Shared,
    lang: Lang,
) -> Result<crate::operate::standards::words::CheckWords, InputError> {
    let m2_per_mu = state.policy.policy.m2_per_mu();
    let profile = parse_profile(text, name, m2_per_mu)?;
    Ok(crate::operate::standards::check(&profile, &state.policy.policy).in_words(lang))
}

/// POST /api/v1/check
pub async fn check(State(state): State<Shared>, headers: HeaderMap, uri: Uri, body: Bytes) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    let (text, kind) = match text_body(&headers, &body, lang) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match check_report(text, Path::new(request_name(kind)), &state, lang) {
        Ok(report) => json_response(pretty(&report)),
        Err(e) => invalid(lang, field_problems(&e, lang)),
    }
}

/// What to verify: a calc report (JSON or YAML) or a batch folder (zip).
pub enum Upload<'a> {
    /// A report's bytes, named.
    Report(&'a str, &'a [u8]),
    /// A batch folder's zip.
    Zip(&'a str, &'a [u8]),
}

/// Verifies an upload in a private temporary folder, removed afterwards.
///
/// # Errors
/// The reason in words, in `lang` (a bad zip, a report that cannot be checked).
pub fn verify_upload(upload: Upload<'_>, lang: Lang) -> Result<crate::audit::verify::Verification, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let target: PathBuf = match upload {
        Upload::Report(name, bytes) => {
            let name = crate::web::upload::plain_name(name).map_err(|e| e.words(lang))?;
            crate::web::upload::save(dir.path(), &name, bytes).map_err(|e| e.words(lang))?
        }
        Upload::Zip(name, bytes) => {
            let out = dir.path().join("batch");
            std::fs::create_dir(&out).map_err(|e| e.to_string())?;
            crate::web::upload::unzip(&out, name, bytes, false).map_err(|e| e.words(lang))?;
            // A zip of the folder itself holds one folder: verify that one.
            let only: Vec<PathBuf> = std::fs::read_dir(&out)
                .map_err(|e| e.to_string())?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .collect();
            if only.len() == 1 && only[0].is_dir() {
                only[0].clone()
            } else {
                out
            }
        }
    };
    let result = crate::audit::verify::verify(&target, &[]).map_err(|e| {
        // The temporary folder's path is no business of the user's.
        crate::audit::error_words::verify_error(&e, lang).replace(&dir.path().display().to_string(), "upload")
    });
    drop(dir);
    result
}

/// POST /api/v1/verify
pub async fn verify(State(state): State<Shared>, headers: HeaderMap, uri: Uri, body: Bytes) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    let kind = match body_kind(&headers) {
        Some(k) => k,
        None => return unsupported(lang),
    };
    let Ok(_permit) = state.batch_jobs.try_acquire() else {
        return ProblemDoc::new(StatusCode::SERVICE_UNAVAILABLE, lang).into_response();
    };
    let result = tokio::task::spawn_blocking(move || match kind {
        BodyKind::Zip => verify_upload(Upload::Zip("upload.zip", &body), lang),
        BodyKind::Yaml => verify_upload(Upload::Report("report.yaml", &body), lang),
        BodyKind::Json => verify_upload(Upload::Report("report.json", &body), lang),
    })
    .await;
    match result {
        Ok(Ok(v)) => json_response(pretty(&v)),
        Ok(Err(m)) => one(lang, "", None, &m),
        Err(_) => ProblemDoc::new(StatusCode::INTERNAL_SERVER_ERROR, lang).into_response(),
    }
}

/// GET /api/v1/policy: what `policy show --format json` prints.
pub async fn policy(State(state): State<Shared>) -> Response {
    json_response(pretty(&state.policy.policy))
}

/// GET /api/v1/openapi.json
pub async fn openapi() -> Response {
    json_response(OPENAPI.to_string())
}

/// GET /healthz
pub async fn healthz() -> Response {
    json_response("{\"status\":\"ok\"}\n".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_placeholder_policy_is_found_in_a_report_and_replaced() {
        let policy = crate::LoadedPolicy::load(&[]).unwrap();
        let splice = PolicySplice::new(&policy.policy);
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/calc/guide-6-1-listing-and-2-star-same-year.yaml"
        ))
        .unwrap();
        let app = parse_application(&text, Path::new("a.yaml")).unwrap();
        let assessment = assess(&app, &policy).unwrap();
        let mut report = Report::new(&assessment, &app, &policy, Vec::new(), Lang::Zh);
        let slow = report.to_json();
        report.policy.document = &splice.placeholder;
        let fast = report.to_json();
        let at = fast.find(&splice.from).expect("the placeholder is in the report");
        let mut spliced = fast.clone();
        spliced.replace_range(at..at + splice.from.len(), &splice.to);
        assert_eq!(spliced, slow);
    }
}
