//! The errors of `batch` (a table that cannot be read, a batch that wrote nothing) in
//! Chinese; English is each error's own message.

use crate::batch::BatchError;
use crate::batch::reject_words::{fault_words, problem_words};
use crate::batch::table_error::TableError;
use crate::values::lang::Lang;

/// An I/O error in Chinese by its kind.
pub fn io_zh(e: &std::io::Error) -> String {
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
            let zh = crate::batch::headers::header_zh(&table, column).map_or(String::new(), |zh| format!("（{zh}）"));
            format!(
                "{}:1：表头没有 `{column}`{zh} 列（现有：{found}）\n  提示：{}",
                file.display(),
                crate::batch::headers::HEADER_HINT_ZH
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
