//! Why a workbook, or a sheet of one, cannot be read as a table: a typed fault with what it
//! names. Its English is the `Display` below; its Chinese is in `cli/error_words.rs`.

/// Why a workbook or sheet cannot be read as a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetFault {
    /// A workbook with no sheet at all.
    #[error("the workbook has no sheet")]
    NoSheet,
    /// One table in two workbooks.
    #[error("the table {table} is in more than one workbook ({found}): keep one")]
    InTwoWorkbooks { table: String, found: String },
    /// No sheet by either of the table's names.
    #[error("no sheet named {id} or {zh} (it has: {found})")]
    NoSuchSheet { id: String, zh: String, found: String },
    /// An OLE file: password-protected, or an old `.xls`.
    #[error("password-protected (or an old .xls): save an unprotected copy as Excel Workbook (.xlsx)")]
    ProtectedOrXls,
    /// A workbook with a password.
    #[error("password-protected: save an unprotected copy as Excel Workbook (.xlsx)")]
    Protected,
    /// Not a workbook at all.
    #[error("not an Excel workbook: save it as Excel Workbook (.xlsx), or as CSV UTF-8")]
    NotAWorkbook,
    /// A workbook its reader cannot read.
    #[error("not a readable Excel workbook ({0}): save it again as Excel Workbook (.xlsx)")]
    Unreadable(String),
    /// A sheet its reader cannot read.
    #[error("cannot read the sheet: {0}")]
    SheetUnreadable(String),
    /// A sheet with no cell.
    #[error("the sheet is empty: a table needs a header row")]
    Empty,
    /// A merged cell.
    #[error("a merged cell: unmerge it, one value to a cell")]
    Merged,
    /// One column twice in the header.
    #[error("the column {column} is also at {at}: keep one")]
    ColumnTwice { column: &'static str, at: String },
    /// A required column missing from the header.
    #[error("no column {column} ({zh}) in the header row (it has: {found})")]
    MissingColumn {
        column: &'static str,
        zh: &'static str,
        found: String,
    },
    /// The sheet's text could not be read back.
    #[error("the sheet could not be read")]
    NotRead,
}

impl SheetFault {
    /// What is wrong and the fix, in Chinese.
    pub fn words_zh(&self) -> String {
        use SheetFault::*;
        match self {
            NoSheet => "工作簿中没有工作表".into(),
            InTwoWorkbooks { table, found } => format!("表 {table} 出现在多个工作簿中（{found}）：请只保留一个"),
            NoSuchSheet { id, zh, found } => format!("没有名为 {id} 或 {zh} 的工作表（现有：{found}）"),
            ProtectedOrXls => "工作簿设有密码（或为旧版 .xls）：请另存一份无密码的 Excel 工作簿（.xlsx）".into(),
            Protected => "工作簿设有密码：请另存一份无密码的 Excel 工作簿（.xlsx）".into(),
            NotAWorkbook => "不是 Excel 工作簿：请另存为 Excel 工作簿（.xlsx）或 CSV UTF-8".into(),
            Unreadable(why) => format!("无法读取的 Excel 工作簿（{why}）：请重新另存为 Excel 工作簿（.xlsx）"),
            SheetUnreadable(why) => format!("无法读取该工作表：{why}"),
            Empty => "工作表为空：表格须有表头行".into(),
            Merged => "合并单元格：请取消合并，每格一个值".into(),
            ColumnTwice { column, at } => format!("列 {column} 在 {at} 重复出现：请只保留一列"),
            MissingColumn { column, zh, found } => {
                format!(
                    "表头行没有 {column}（{zh}）列（现有：{found}）\n  提示：{}",
                    crate::batch::headers::HEADER_HINT_ZH
                )
            }
            NotRead => "无法读取该工作表".into(),
        }
    }
}
