//! Problem details (RFC 9457): every error an API or page answers with, as
//! `application/problem+json`, listing each problem with its field path and line.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::facts::application::Problem;
use crate::facts::input::InputError;
use crate::values::lang::Lang;
use crate::web::words::{fault_message, message, w};

/// The media type.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One thing wrong, where it is.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field's path, e.g. `digital_investments[0].amount` (empty for the whole body).
    pub field: String,
    /// 1-based line of a YAML body, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// What is wrong and how to mend it, in the request's language where known.
    pub message: String,
}

/// A problem document.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemDoc {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short, in the request's language.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// Longer, where there is more to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Each problem (422 only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

impl ProblemDoc {
    /// A problem of this status with a title from the phrase table.
    pub fn new(status: StatusCode, lang: Lang) -> ProblemDoc {
        let key = match status.as_u16() {
            401 => "p_unauthorized",
            404 => "p_not_found",
            405 => "p_method",
            408 => "p_timeout",
            413 => "p_too_large",
            415 => "p_media",
            422 => "p_invalid",
            429 => "p_too_many",
            503 => "p_busy",
            _ => "p_error",
        };
        ProblemDoc {
            kind: if status == StatusCode::UNPROCESSABLE_ENTITY {
                "/problems/invalid-input".into()
            } else {
                "about:blank".into()
            },
            title: w(lang, key).into(),
            status: status.as_u16(),
            detail: None,
            errors: Vec::new(),
        }
    }

    /// With a detail.
    pub fn detail(mut self, detail: impl Into<String>) -> ProblemDoc {
        self.detail = Some(detail.into());
        self
    }

    /// 422 listing each problem.
    pub fn invalid(lang: Lang, errors: Vec<FieldProblem>) -> ProblemDoc {
        let mut doc = ProblemDoc::new(StatusCode::UNPROCESSABLE_ENTITY, lang);
        doc.errors = errors;
        doc
    }
}

impl IntoResponse for ProblemDoc {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string_pretty(&self).expect("a problem always serializes");
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}

/// The problems of a reader's error, each with its field and line.
pub fn field_problems(error: &InputError, lang: Lang) -> Vec<FieldProblem> {
    match error {
        InputError::Invalid { problems, .. } => problems.iter().map(|p| field_problem(p, lang)).collect(),
        other => vec![FieldProblem {
            field: String::new(),
            line: None,
            message: message(lang, &other.to_string()),
        }],
    }
}

fn field_problem(p: &Problem, lang: Lang) -> FieldProblem {
    FieldProblem {
        field: p.path.clone(),
        line: p.line,
        message: fault_message(lang, &p.fault),
    }
}
