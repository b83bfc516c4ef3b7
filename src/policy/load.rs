//! Loading a policy: the embedded `policy.yaml`, then each `--policy` file (a whole policy or
//! an overlay) in order, validated, with its sources and its digest.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::*;
use crate::facts::yaml;
use crate::values::digest::sha256_hex;

/// Where a policy came from: the embedded default, then each `--policy` file in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySource {
    /// `embedded:policy.yaml` or the file's path as given.
    pub file: String,
    /// `policy` or `overlay`.
    pub kind: FileKind,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
}

/// A validated policy with its provenance and digest.
#[derive(Debug, Clone)]
pub struct LoadedPolicy {
    /// The policy in force after overlays.
    pub policy: Policy,
    /// The files it was built from, in order.
    pub sources: Vec<PolicySource>,
    /// SHA-256 of the canonical form of [`LoadedPolicy::policy`] (its JSON).
    pub digest: String,
}

fn parse_file(text: &str, file: &Path) -> Result<Policy, PolicyError> {
    yaml::from_str::<Policy>(text).map_err(|fault| PolicyError::Malformed {
        file: file.to_path_buf(),
        fault,
    })
}

impl LoadedPolicy {
    /// The embedded policy, overlaid or replaced by each file in turn.
    ///
    /// # Errors
    /// A file that cannot be read or parsed, lacks `kind`, or a result that fails
    /// [`Policy::validate`].
    pub fn load(files: &[PathBuf]) -> Result<LoadedPolicy, PolicyError> {
        let mut texts = Vec::with_capacity(files.len());
        for file in files {
            let text = std::fs::read_to_string(file).map_err(|source| PolicyError::Unreadable {
                file: file.clone(),
                source,
            })?;
            texts.push((file.clone(), text));
        }
        LoadedPolicy::from_texts(&texts)
    }

    /// As [`LoadedPolicy::load`], from texts already read.
    ///
    /// # Errors
    /// As [`LoadedPolicy::load`].
    pub fn from_texts(files: &[(PathBuf, String)]) -> Result<LoadedPolicy, PolicyError> {
        let embedded = Path::new("embedded:policy.yaml");
        let mut policy = parse_file(EMBEDDED_POLICY, embedded)?;
        let mut sources = vec![PolicySource {
            file: embedded.display().to_string(),
            kind: FileKind::Policy,
            sha256: sha256_hex(EMBEDDED_POLICY.as_bytes()),
        }];
        let mut last = embedded.to_path_buf();
        for (file, text) in files {
            let layer = parse_file(text, file)?;
            let kind = layer.kind.ok_or_else(|| PolicyError::Invalid {
                file: file.clone(),
                path: "kind".into(),
                message:
                    "say `kind: policy` (a whole policy, replacing the one before) or `kind: overlay` (changes to it)"
                        .into(),
            })?;
            match kind {
                FileKind::Policy => policy = layer,
                FileKind::Overlay => policy.overlay_with(layer),
            }
            sources.push(PolicySource {
                file: file.display().to_string(),
                kind,
                sha256: sha256_hex(text.as_bytes()),
            });
            last = file.clone();
        }
        policy.kind = Some(FileKind::Policy);
        policy.validate(&last)?;
        let canonical = serde_json::to_vec(&policy).expect("a policy always serializes");
        Ok(LoadedPolicy {
            digest: sha256_hex(&canonical),
            policy,
            sources,
        })
    }
}

impl LoadedPolicy {
    /// A policy recorded in a report: validated, its digest computed afresh.
    ///
    /// # Errors
    /// A recorded policy that fails [`Policy::validate`].
    pub fn from_document(mut policy: Policy, sources: Vec<PolicySource>) -> Result<LoadedPolicy, PolicyError> {
        policy.kind = Some(FileKind::Policy);
        policy.validate(Path::new("report:policy.document"))?;
        let digest = policy.digest();
        Ok(LoadedPolicy {
            policy,
            sources,
            digest,
        })
    }
}

impl Policy {
    /// SHA-256 of the canonical form (compact JSON, fields in declaration order, maps sorted).
    pub fn digest(&self) -> String {
        sha256_hex(&serde_json::to_vec(self).expect("a policy always serializes"))
    }
}
