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

/// `policy.json`: the embedded `policy.yaml` parsed, with the digest of the text it was made
/// from.
#[derive(Serialize, Deserialize)]
struct Prepared {
    /// SHA-256 of the `policy.yaml` it was made from.
    policy_yaml_sha256: String,
    /// The policy, as parsed.
    policy: Policy,
}

/// The embedded policy: `policy.json` when it was made from this `policy.yaml` (its digest
/// says so), `policy.yaml` itself otherwise, so that a stale `policy.json` is never used.
fn embedded_policy(embedded: &Path, yaml_sha256: &str) -> Result<Policy, PolicyError> {
    match serde_json::from_str::<Prepared>(EMBEDDED_POLICY_JSON) {
        Ok(prepared) if prepared.policy_yaml_sha256 == yaml_sha256 => Ok(prepared.policy),
        _ => parse_file(EMBEDDED_POLICY, embedded),
    }
}

/// What `policy.json` should hold: the embedded `policy.yaml` parsed, with its digest.
///
/// # Errors
/// A `policy.yaml` that does not parse.
pub fn embedded_policy_json() -> Result<String, PolicyError> {
    let prepared = Prepared {
        policy_yaml_sha256: sha256_hex(EMBEDDED_POLICY.as_bytes()),
        policy: parse_file(EMBEDDED_POLICY, Path::new("embedded:policy.yaml"))?,
    };
    let mut json = serde_json::to_string_pretty(&prepared).expect("a policy always serializes");
    json.push('\n');
    Ok(json)
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
        let yaml_sha256 = sha256_hex(EMBEDDED_POLICY.as_bytes());
        let mut policy = embedded_policy(embedded, &yaml_sha256)?;
        let mut sources = vec![PolicySource {
            file: embedded.display().to_string(),
            kind: FileKind::Policy,
            sha256: yaml_sha256,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_policy_is_read_from_its_prepared_json() {
        let prepared: Prepared = serde_json::from_str(EMBEDDED_POLICY_JSON).expect("policy.json reads");
        assert_eq!(prepared.policy_yaml_sha256, sha256_hex(EMBEDDED_POLICY.as_bytes()));
        let from_yaml = parse_file(EMBEDDED_POLICY, Path::new("policy.yaml")).unwrap();
        assert_eq!(prepared.policy.digest(), from_yaml.digest());
    }
}
