//! Every phrase of the web pages, Chinese and English side by side, in one table.
//! Item, status and reading words follow GLOSSARY.md (and come from `render` where it has them).

use crate::values::lang::Lang;

/// (key, 中文, English)
const WORDS: &[(&str, &str, &str)] = &[
    (
        "app_name",
        "慈溪市小微企业园奖励试算",
        "Cixi small and micro enterprise parks: incentives",
    ),
    ("nav_calc", "试算", "Calculate"),
    ("nav_check", "达标自查", "Check"),
    ("nav_batch", "批量", "Batch"),
    ("nav_verify", "核验", "Verify"),
    ("nav_policy", "政策", "Policy"),
    ("switch", "English", "中文"),
    (
        "offline",
        "本页面在本机运行，不连接外网。",
        "This page runs on this computer and fetches nothing from the internet.",
    ),
    // calc form
    ("park", "园区", "Park"),
    ("park.id", "园区编号", "Park id"),
    ("park.name", "园区名称", "Park name"),
    ("park.town", "所在镇街", "Town"),
    ("park.operator", "运营管理机构", "Operator"),
    ("year", "年度", "Year"),
    ("provincial_listing", "入选省级日期", "Provincial listing date"),
    ("performance_grade", "绩效评价档次", "Performance grade"),
    ("stars", "星级", "Star level"),
    ("star_rating.recognized_on", "星级认定日期", "Star recognised on"),
    ("completion_accepted_on", "竣工验收日期", "Completion accepted on"),
    ("none", "无", "none"),
    ("resident_enterprises", "入驻企业", "Resident enterprises"),
    ("uscc", "统一社会信用代码", "USCC"),
    ("enterprise_name", "企业名称", "Name"),
    ("city_fiscal_contribution", "市本级财力贡献", "City fiscal contribution"),
    ("digital_investments", "数字化投入", "Digital investments"),
    ("inv_item", "投入项目", "What was bought"),
    ("kind", "投入类型", "Kind"),
    ("soft", "软性投入", "soft"),
    ("hardware", "支撑硬件投入", "hardware"),
    ("amount", "金额", "Amount"),
    ("paid_on", "支付日期", "Paid on"),
    ("prior_grants", "本政策已拨付", "Prior grants under this policy"),
    ("other_grants", "其他政策奖励", "Other policies' grants"),
    ("overrides", "一事一议", "Overrides (case by case)"),
    ("item", "奖励项目", "Item"),
    ("source", "来源", "Source"),
    ("approval", "批准文号", "Approval reference"),
    ("add_row", "添加一行", "Add a row"),
    ("remove_row", "删除", "Remove"),
    (
        "upload_yaml",
        "上传申报文件（YAML）填入表单",
        "Upload an application (YAML) to fill the form",
    ),
    ("fill", "填入", "Fill"),
    ("calculate", "计算", "Calculate"),
    (
        "download_yaml",
        "下载申报文件（YAML）",
        "Download the application (YAML)",
    ),
    ("download_json", "下载报告（JSON）", "Download the report (JSON)"),
    ("print_notices", "审批表（打印）", "Notices (print)"),
    ("result", "试算结果", "Result"),
    ("recipient", "受益方", "Recipient"),
    ("amount_yuan", "金额（元）", "Amount (yuan)"),
    ("in_words", "大写", "In words"),
    ("status", "状态", "Status"),
    ("reason", "理由", "Reason"),
    ("clause", "条款", "Clause"),
    ("derivation", "计算过程", "Derivation"),
    ("conditions", "条件", "Conditions"),
    ("total", "合计", "Total"),
    ("policy_digest", "政策摘要（SHA-256）", "Policy digest (SHA-256)"),
    ("report_sha", "报告 SHA-256", "Report SHA-256"),
    (
        "errors_title",
        "填写有误，请按提示修改：",
        "Please correct the following:",
    ),
    ("field_error", "此项有误", "This field is wrong"),
    // estimate
    ("whatif", "假设测算", "What if"),
    ("plan_stars", "计划星级", "Planned star level"),
    ("plan_soft", "计划软性投入（元）", "Planned soft investment (yuan)"),
    (
        "plan_hardware",
        "计划支撑硬件投入（元）",
        "Planned hardware investment (yuan)",
    ),
    ("estimate", "测算", "Estimate"),
    ("now", "现在", "Now"),
    ("planned", "按计划", "With the plan"),
    ("change", "变化", "Change"),
    ("cap", "上限", "Cap"),
    (
        "soft_needed",
        "达到上限还需软性投入",
        "Soft investment still needed to reach the cap",
    ),
    (
        "hardware_needed",
        "达到上限还需支撑硬件投入",
        "Hardware investment still needed to reach the cap",
    ),
    ("cap_reached", "已达到上限", "The cap is reached"),
    // check
    (
        "check_title",
        "建设标准和发展规范自查",
        "Construction standards and development norms",
    ),
    ("profile_yaml", "园区资料（YAML）", "Park profile (YAML)"),
    ("check", "自查", "Check"),
    ("standard", "标准", "Standard"),
    ("finding", "情况", "Finding"),
    ("shortfall", "差距", "Shortfall"),
    ("missing", "缺少资料", "Missing"),
    ("fees", "收费", "Fees"),
    ("maintenance_fund", "物业专项维修资金", "Maintenance fund"),
    ("warranty_deposit", "物业保修金", "Warranty deposit"),
    ("all_passed", "全部达标", "Every standard passes"),
    ("not_all_passed", "未全部达标", "Not every standard passes"),
    // batch
    ("batch_title", "批量计算", "Batch"),
    (
        "batch_files",
        "上传表格（CSV，可多选）或一个 zip",
        "Upload the tables (CSV, several files) or one zip",
    ),
    ("run_batch", "计算", "Run"),
    ("grand_total", "总计", "Grand total"),
    ("by_town", "按镇汇总", "By town"),
    ("by_recipient", "按受益方汇总", "By recipient"),
    ("by_item", "按项目汇总", "By item"),
    ("problems", "问题", "Problems"),
    ("file", "文件", "File"),
    ("line", "行", "Line"),
    ("download_zip", "下载结果（zip）", "Download the results (zip)"),
    ("parks_computed", "已计算园区", "Parks computed"),
    ("parks_rejected", "未计入", "Rejected"),
    // verify
    ("verify_title", "核验报告", "Verify a report"),
    (
        "verify_file",
        "上传试算报告（JSON）或批量结果（zip）",
        "Upload a calc report (JSON) or a batch result (zip)",
    ),
    ("verify", "核验", "Verify"),
    ("reproduced", "已复现：结果一致", "Reproduced"),
    ("not_reproduced", "未复现", "Not reproduced"),
    ("expected", "报告所载", "In the report"),
    ("found", "重新计算", "Recomputed"),
    ("why", "原因", "Why"),
    // policy
    ("policy_title", "现行政策", "The policy in force"),
    // notice
    (
        "notice_title",
        "小微企业园奖励资金审批表",
        "Approval notice: park incentive",
    ),
    ("notice_amount_figures", "金额（小写）", "Amount (figures)"),
    ("notice_amount_words", "金额（大写）", "Amount (in words)"),
    ("words", "政策原文", "The policy's words"),
    ("sign_applicant", "申请单位（盖章）", "Applicant (seal)"),
    ("sign_town", "镇（街道）审核意见", "Town's review"),
    ("sign_bureau", "主管部门审核意见", "Department's review"),
    ("sign_finance", "财政部门审核意见", "Finance bureau's review"),
    ("date", "日期", "Date"),
    ("no_payable", "没有应付项目。", "No item is payable."),
    ("print", "打印", "Print"),
    // auth
    ("signin", "登录", "Sign in"),
    ("token", "访问令牌", "Access token"),
    ("signin_failed", "令牌不对。", "That token is wrong."),
    // problems
    ("p_invalid", "输入有误", "The input has problems"),
    ("p_not_found", "没有这个地址", "No such address"),
    ("p_method", "不支持这种请求方法", "Method not allowed"),
    ("p_too_large", "请求内容太大", "The request body is too large"),
    ("p_media", "不支持这种内容类型", "Unsupported content type"),
    ("p_unauthorized", "需要访问令牌", "An access token is required"),
    (
        "p_too_many",
        "尝试次数过多，请稍后再试",
        "Too many attempts: try again later",
    ),
    ("p_timeout", "请求超时", "The request took too long"),
    (
        "p_busy",
        "批量任务已满，请稍后再试",
        "Too many batch jobs: try again later",
    ),
    ("p_error", "出错了", "Something went wrong"),
    (
        "p_media_detail",
        "请用 application/json 或 application/yaml",
        "Send application/json or application/yaml",
    ),
];

/// The phrase for `key` in `lang`; the key itself if the table lacks it.
pub fn w(lang: Lang, key: &'static str) -> &'static str {
    WORDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(key, |(_, zh, en)| if lang == Lang::En { en } else { zh })
}

/// A fault of an input, in `lang`: the program's own faults in the words `check` and `calc`
/// use (`report::problem_words`), the readers' by [`message`].
pub fn fault_message(lang: Lang, fault: &crate::facts::fault::Fault) -> String {
    match fault {
        crate::facts::fault::Fault::Read(words) => message(lang, words),
        own => crate::report::problem_words::fault_words(own, lang).0,
    }
}

/// A problem's message from the readers, said in Chinese where its pattern is known; the
/// reader's own words otherwise (they name the field and the fix).
pub fn message(lang: Lang, text: &str) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    const PATTERNS: &[(&str, &str)] = &[
        ("not a number", "金额格式不对，请填写数字，如 1234567.89"),
        ("more than two decimals", "金额最多两位小数"),
        ("invalid date", "日期格式不对，请写成 2022-04-10"),
        ("failed to parse year", "日期格式不对，请写成 2022-04-10"),
        ("not a whole number", "请填写整数"),
        ("a year is 1 to 9999", "年度应为 1 到 9999 之间的整数"),
        ("a star level is 1 to 5", "星级应为 1 到 5"),
        ("missing field", "必填项未填写"),
        ("unknown variant", "取值不在可选范围内"),
        ("must not be empty", "不能为空"),
        ("is empty", "不能为空"),
        ("check digit", "统一社会信用代码校验位不对"),
        ("18 characters", "统一社会信用代码应为 18 位"),
        ("cannot be negative", "金额不能为负数"),
    ];
    match PATTERNS.iter().find(|(p, _)| text.contains(p)) {
        Some((_, zh)) => format!("{zh}（{text}）"),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_once_in_the_table() {
        let mut keys: Vec<&str> = WORDS.iter().map(|(k, _, _)| *k).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }
}
