//! `calc`, the use case: an application file and the policy files over the embedded policy in,
//! the whole report out (a table, JSON or YAML, in the language asked).

use std::path::PathBuf;

use crate::engine::assessment::{EngineError, assess};
use crate::facts::input::{InputError, read_application};
use crate::policy::{LoadedPolicy, PolicyError};
use crate::report::render::{Format, InputRef, Report};
use crate::values::lang::Lang;

/// A validated `calc` request.
#[derive(Debug, Clone)]
pub struct CalcRequest {
    /// The application file.
    pub application: PathBuf,
    /// `--policy` files, in order.
    pub policies: Vec<PathBuf>,
    /// Output form.
    pub format: Format,
    /// Output language.
    pub lang: Lang,
}

/// Why a calculation could not be reported.
#[derive(Debug, thiserror::Error)]
pub enum CalcError {
    /// The application could not be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The policy could not be loaded.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The calculation could not be finished.
    #[error(transparent)]
    Engine(#[from] NotComputed),
}

/// An application the engine could not finish (a decided amount above the entitlement …),
/// named by its file and line.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {source}", file.display(), source.line().map_or(String::new(), |l| format!(":{l}")))]
pub struct NotComputed {
    /// The application file.
    pub file: PathBuf,
    /// What stopped the engine.
    pub source: EngineError,
}

/// `calc`: the whole report as text.
///
/// # Errors
/// A bad policy or application, or a calculation that cannot be finished.
pub fn calc(request: &CalcRequest) -> Result<String, CalcError> {
    let policy = LoadedPolicy::load(&request.policies)?;
    let read = read_application(&request.application)?;
    let assessment = assess(&read.application, &policy).map_err(|source| NotComputed {
        file: read.file.clone(),
        source,
    })?;
    let inputs = vec![InputRef {
        file: read.file.display().to_string(),
        sha256: read.sha256.clone(),
    }];
    Ok(Report::new(&assessment, &read.application, &policy, inputs, request.lang).render(request.format, request.lang))
}
