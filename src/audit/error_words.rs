//! The errors of `verify`, `audit` and `diff` in Chinese; English is each error's own
//! message.

use crate::audit::diff::DiffError;
use crate::audit::payments::AuditError;
use crate::audit::recorded::{NotAReport, ReadError};
use crate::audit::verify::VerifyError;
use crate::batch::error_words::{batch_error, io_zh, table_error};
use crate::batch::reject_words::problem_words;
use crate::values::lang::Lang;

/// A report that cannot be checked, in `lang`.
pub fn verify_error(e: &VerifyError, lang: Lang) -> String {
    match e {
        VerifyError::Recorded(r) => read_error(r, lang),
        VerifyError::Batch(b) => batch_error(b, lang),
        VerifyError::Policy(_) => e.to_string(),
    }
}

/// Two reports that cannot be compared, in `lang`.
pub fn diff_error(e: &DiffError, lang: Lang) -> String {
    match e {
        DiffError::Recorded(r) => read_error(r, lang),
        DiffError::Batch(b) => batch_error(b, lang),
        DiffError::MixedKinds { .. } if lang == Lang::En => e.to_string(),
        DiffError::MixedKinds { old, new } => format!(
            "{} 与 {}：一个是 calc 报告，一个是批量输出文件夹，无法逐项比较\n  提示：比较两个 calc 报告，或两个批量输出文件夹",
            old.display(),
            new.display()
        ),
    }
}

/// A recorded report or folder that cannot be read, in `lang`.
pub fn read_error(e: &ReadError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ReadError::Unreadable { file, source } => format!("{}：无法读取：{}", file.display(), io_zh(source)),
        ReadError::Malformed { file, message } => {
            format!("{}：不是 calc 报告或批量输出的汇总：{message}", file.display())
        }
        ReadError::NotAReport { file, what } => {
            let zh = match what {
                NotAReport::NoSummary => {
                    "这里没有 summary.json：请给出 `batch --out` 写出的文件夹（其中有 summary.json、ledger.csv 和 inputs/）"
                }
                NotAReport::NoInputs => {
                    "这里没有 inputs/，无法重算金额：请给出 `batch --out` 写出的整个文件夹，包括 inputs/"
                }
                NotAReport::LedgerAlone => {
                    "单独的台账无法核验：请给出台账所在的批量输出文件夹（含 summary.json 和 inputs/），或 calc 报告（.json 或 .yaml）"
                }
            };
            format!("{}：{zh}", file.display())
        }
        ReadError::Refused { file, reason } => format!("{}：未读取：{reason}", file.display()),
    }
}

/// Payments that cannot be audited, in `lang`.
pub fn audit_error(e: &AuditError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        AuditError::Table(t) => table_error(t, lang),
        AuditError::Rows { problems } => problems
            .iter()
            .map(|p| problem_words(p, lang))
            .collect::<Vec<_>>()
            .join("\n"),
        AuditError::Entitlements(v) => read_error(v, lang),
        AuditError::Policy(_) => e.to_string(),
    }
}
