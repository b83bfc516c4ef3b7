//! The errors of `batch`, `verify`, `audit` and `diff` in Chinese (English is their own
//! message). Each sentence's English, as the error types write it, sits beside its Chinese.

use crate::audit::diff::DiffError;
use crate::audit::payments::AuditError;
use crate::audit::recorded::ReadError;
use crate::audit::verify::VerifyError;
use crate::batch::BatchError;
use crate::batch::reject_words::{fault_words, problem_words};
use crate::batch::table_error::TableError;
use crate::values::lang::Lang;

/// What `verify` says instead of a report: (English, 中文).
const NOT_A_REPORT: &[(&str, &str)] = &[
    (
        "no summary.json here: give the folder that `batch --out` wrote (it holds summary.json, ledger.csv and inputs/)",
        "这里没有 summary.json：请给出 `batch --out` 写出的文件夹（其中有 summary.json、ledger.csv 和 inputs/）",
    ),
    (
        "no inputs/ here, so the figures cannot be recomputed: give the whole folder that `batch --out` wrote, inputs/ included",
        "这里没有 inputs/，无法重算金额：请给出 `batch --out` 写出的整个文件夹，包括 inputs/",
    ),
    (
        "a ledger alone cannot be checked: give the batch folder that holds it (with summary.json and inputs/), or a calc report (.json or .yaml)",
        "单独的台账无法核验：请给出台账所在的批量输出文件夹（含 summary.json 和 inputs/），或 calc 报告（.json 或 .yaml）",
    ),
];

/// An I/O error in Chinese by its kind.
fn io_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件或文件夹不存在".into(),
        PermissionDenied => "没有权限".into(),
        AlreadyExists => "已存在".into(),
        _ => e.to_string(),
    }
}

/// A table that cannot be read, in `lang`.
pub fn table_error(e: &TableError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        TableError::Unreadable { file, source } => format!("{}：无法读取：{}", file.display(), io_zh(source)),
        TableError::Malformed { file, line, fault } => {
            format!("{}:{line}：{}", file.display(), fault_words(fault, lang))
        }
        TableError::Copy { file, source } => {
            format!("{}：无法复制到输出文件夹：{}", file.display(), io_zh(source))
        }
        TableError::Sheet { file, place, fault } => {
            let place = if place.is_empty() {
                String::new()
            } else {
                format!("{place}：")
            };
            format!("{}：{place}{}", file.display(), fault.words_zh())
        }
        TableError::Encoding { file, line, encoding } => format!(
            "{}:{line}：既不是 UTF-8 也不是 {encoding} 文本\n  提示：请另存为 CSV UTF-8（Excel：另存为，CSV UTF-8）",
            file.display()
        ),
        TableError::NotGiven { file, line, encoding } => format!(
            "{}:{line}：不是 {encoding} 文本（--encoding 所指定）\n  提示：去掉 --encoding 自动识别编码，或指定其他编码（utf-8、gbk、gb18030、utf-16），或另存为 CSV UTF-8",
            file.display()
        ),
        TableError::MissingColumn { file, column, found } => {
            let table = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let zh = crate::batch::headers::table(&table)
                .and_then(|t| t.columns.iter().find(|(id, _)| id == column))
                .map_or(String::new(), |(_, zh)| format!("（{zh}）"));
            format!(
                "{}:1：表头没有 `{column}`{zh} 列（现有：{found}）\n  提示：表头可用编号或中文名，见 README 的表头对照",
                file.display()
            )
        }
    }
}

/// A batch that wrote nothing, in `lang`.
pub fn batch_error(e: &BatchError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        BatchError::Table(t) => table_error(t, lang),
        BatchError::NoInput { dir } => format!(
            "{}：没有 parks.csv，也没有申请材料 .yaml 文件\n  提示：可用 `cixi-parks init tables` 生成空白表格",
            dir.display()
        ),
        BatchError::Problems { problems } => {
            let mut out = format!(
                "发现 {} 个问题，未写出任何文件（加 --keep-going 可为没有问题的园区写出台账，其余各行列入 rejects.csv）：",
                problems.len()
            );
            for p in problems {
                out.push('\n');
                out.push_str(&problem_words(p, lang));
            }
            out
        }
        BatchError::Output { path, source } => format!("{}：无法写入：{}", path.display(), io_zh(source)),
        BatchError::Busy { out, holder } => format!(
            "{}：另一次批量计算正在写这个文件夹（{holder}）\n  提示：等它完成，或换一个 --out",
            out.display()
        ),
        BatchError::Unreadable { dir, source } => format!("{}：无法读取：{}", dir.display(), io_zh(source)),
        _ => e.to_string(),
    }
}

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
            let zh = NOT_A_REPORT
                .iter()
                .find(|(en, _)| en == what)
                .map_or(what.as_str(), |(_, zh)| zh);
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
