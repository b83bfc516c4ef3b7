//! The command line's help, Chinese by default and English with `--lang en` (or
//! `CIXI_LANG=en`): every command's about, every argument's help and the examples, each with
//! its Chinese and English side by side in one table, and clap's own headings ("Usage",
//! "Options" …) in the same language. A command or argument missing from the table is caught
//! by `tests/chinese_first.rs`, which walks every subcommand.

use clap::{Arg, ArgAction, Command};

use crate::values::lang::Lang;

/// (where, 中文, English): `calc` a command's about, `calc application` an argument's help (by
/// its id), `calc !` the command's examples.
pub const HELP: &[(&str, &str, &str)] = &[
    (
        "",
        "慈溪市小微企业园补助与奖励计算（2021–2023 年政策）",
        "Subsidy and incentive calculator for Cixi's small and micro enterprise parks (2021–2023).",
    ),
    (
        " !",
        "  cixi-parks calc 园区材料/application.yaml\n  cixi-parks batch 台账表格/ --out 2022台账/ --keep-going\n  cixi-parks verify 2022台账/\n  cixi-parks init application 园区材料",
        "  cixi-parks calc park/application.yaml\n  cixi-parks batch tables/ --out ledger-2022/ --keep-going\n  cixi-parks verify ledger-2022/\n  cixi-parks init application park",
    ),
    (
        " lang",
        "帮助的语言：zh 中文，en 英文（也可用环境变量 CIXI_LANG）；各命令另有自己的 --lang",
        "Language of this help: zh or en (or CIXI_LANG); each command has its own --lang too",
    ),
    (
        " quiet",
        "只打印错误；退出码照常回答",
        "Print nothing but errors; the exit status still answers",
    ),
    (
        " no_progress",
        "不显示进度条（只在终端上才会显示）",
        "No progress bar (one is drawn only on a terminal anyway)",
    ),
    (
        "calc",
        "一个园区一个年度应得多少：逐项列出金额和理由",
        "What one park is owed for one year, item by item, and why",
    ),
    (
        "calc !",
        "  cixi-parks calc application.yaml\n  cixi-parks calc application.yaml --format json > 报告.json\n  cixi-parks calc application.yaml --policy 续期.yaml --lang en",
        "  cixi-parks calc application.yaml\n  cixi-parks calc application.yaml --format json > report.json\n  cixi-parks calc application.yaml --policy renewal.yaml --lang en",
    ),
    (
        "calc application",
        "申请材料文件（YAML）：一个园区、一个计算年度",
        "The application file (YAML): one park, one calculation year",
    ),
    (
        "calc files",
        "政策文件：叠加（kind: overlay）或替换（kind: policy）内置政策；可重复，后者优先",
        "A policy file overlaying (kind: overlay) or replacing (kind: policy) the embedded policy; repeatable, later files over earlier ones",
    ),
    (
        "calc format",
        "输出格式：table 给人看，json、yaml 给程序读",
        "Output format: table for people, json or yaml for programs",
    ),
    (
        "calc lang",
        "输出语言：zh 中文，en 英文（也可用环境变量 CIXI_LANG）",
        "Language of the output: zh Chinese, en English (or CIXI_LANG)",
    ),
    (
        "batch",
        "一个年度所有园区一次算完：表格（或申请材料文件）生成台账",
        "A year's payouts for every park at once: tables (or application files) to a ledger",
    ),
    (
        "batch !",
        "  cixi-parks batch 台账表格/ --out 2022台账/\n  cixi-parks batch 台账表格/ --out 2022台账/ --keep-going\n  cixi-parks batch 台账表格/ --out 2022台账/ --encoding gbk",
        "  cixi-parks batch tables/ --out ledger-2022/\n  cixi-parks batch tables/ --out ledger-2022/ --keep-going\n  cixi-parks batch tables/ --out ledger-2022/ --encoding gbk",
    ),
    (
        "batch input",
        "存放 parks.csv（及 enterprises.csv、investments.csv、grants.csv、overrides.csv）或工作簿的文件夹，或存放申请材料 .yaml 文件的文件夹",
        "A folder with parks.csv (and enterprises.csv, investments.csv, grants.csv, overrides.csv) or a workbook, or a folder of application .yaml files",
    ),
    (
        "batch out",
        "写出 ledger.csv、rejects.csv、summary.json 和 inputs/ 的文件夹",
        "Where ledger.csv, rejects.csv, summary.json and inputs/ are written",
    ),
    (
        "batch files",
        "政策文件：叠加或替换内置政策；可重复，后者优先",
        "A policy file overlaying or replacing the embedded policy; repeatable, later files over earlier ones",
    ),
    (
        "batch keep_going",
        "有问题的行不中止：为没有问题的园区写出台账，其余各行列入 rejects.csv（退出码 1）",
        "Write the ledger for the clean parks and list every other row in rejects.csv (exit 1), instead of failing",
    ),
    (
        "batch no_xlsx",
        "不写 ledger.xlsx（只写 ledger.csv、rejects.csv、summary.json 和 inputs/）：用于很大的批量，工作簿占其大部分时间",
        "Do not write ledger.xlsx (ledger.csv, rejects.csv, summary.json and inputs/ only): for very large batches, where the workbook is most of the time",
    ),
    (
        "batch format",
        "终端上打印什么：table 给人看，json 给程序读",
        "What to print on the terminal: table for people, json for programs",
    ),
    (
        "batch encoding",
        "CSV 表格的编码，不自动识别：utf-8（有无 BOM 均可）、gbk、gb18030、utf-16（按 BOM，无 BOM 时为小端）",
        "The CSV tables' encoding instead of detecting it: utf-8 (with or without BOM), gbk, gb18030, utf-16 (by its BOM, little-endian without one)",
    ),
    (
        "batch lang",
        "台账理由和汇总的语言：zh 中文，en 英文（也可用环境变量 CIXI_LANG）",
        "Language of the ledger's reasons and the summary: zh or en (or CIXI_LANG)",
    ),
    (
        "explain",
        "逐步推导每个金额，便于人工复核",
        "Each figure derived step by step, for a person to redo by hand",
    ),
    (
        "explain !",
        "  cixi-parks explain application.yaml\n  cixi-parks explain application.yaml --item digital_subsidy",
        "  cixi-parks explain application.yaml\n  cixi-parks explain application.yaml --item digital_subsidy",
    ),
    (
        "explain application",
        "申请材料文件（YAML）",
        "The application file (YAML)",
    ),
    (
        "explain item",
        "只看这一项（如 digital_subsidy 或 数字化补助）",
        "Only this item (e.g. digital_subsidy)",
    ),
    (
        "explain files",
        "政策文件：叠加或替换内置政策；可重复，后者优先",
        "A policy file overlaying or replacing the embedded policy; repeatable, later files over earlier ones",
    ),
    (
        "explain lang",
        "输出语言：zh 中文，en 英文（也可用环境变量 CIXI_LANG）",
        "Language: zh or en (or CIXI_LANG)",
    ),
    (
        "verify",
        "按报告记录的内容重新计算（calc 报告或批量输出文件夹）：回答“已复现”，或列出每处差异及原因。退出码 0 已复现，1 未能复现",
        "Recompute a report (calc JSON, or a batch folder) from what it recorded: \"reproduced\", or every difference and why. Exit 0 reproduced, 1 not",
    ),
    (
        "verify !",
        "  cixi-parks verify 2022台账/\n  cixi-parks verify 报告.json\n  cixi-parks verify 报告.json --policy 续期.yaml",
        "  cixi-parks verify ledger-2022/\n  cixi-parks verify report.json\n  cixi-parks verify report.json --policy renewal.yaml",
    ),
    (
        "verify report",
        "calc 报告（JSON 或 YAML），或 batch 输出的整个文件夹",
        "A calc report (JSON or YAML) or a batch output folder",
    ),
    (
        "verify policies",
        "用这些政策文件重算，而不用报告记录的政策",
        "Recompute under these policy files instead of the one recorded",
    ),
    (
        "verify format",
        "输出格式：table 给人看，json 给程序读",
        "Output format: table for people, json for programs",
    ),
    (
        "verify lang",
        "输出语言：zh 中文，en 英文（也可用环境变量 CIXI_LANG）",
        "Language: zh or en (or CIXI_LANG)",
    ),
    (
        "audit",
        "核对实际拨付与应享金额。退出码 0 无问题，1 有发现",
        "Check amounts actually paid against the entitlements. Exit 0 clean, 1 findings",
    ),
    (
        "audit !",
        "  cixi-parks audit 拨付记录.csv --entitlements 2022台账/\n  cixi-parks audit 拨付记录.xlsx --entitlements 2022台账/ --entitlements 2023台账/",
        "  cixi-parks audit payments.csv --entitlements ledger-2022/\n  cixi-parks audit payments.xlsx --entitlements ledger-2022/ --entitlements ledger-2023/",
    ),
    (
        "audit payments",
        "拨付记录：park_id,year,item,amount,paid_on,voucher（CSV 或工作簿，表头可用中文）",
        "Payments: park_id,year,item,amount,paid_on,voucher (CSV or a workbook; Chinese headers too)",
    ),
    (
        "audit entitlements",
        "应享金额从哪里来：batch 输出文件夹或 calc JSON 报告；可重复",
        "Where the entitlements are: batch output folders or calc JSON reports; repeatable",
    ),
    (
        "audit files",
        "政策文件：叠加或替换内置政策；可重复，后者优先",
        "A policy file overlaying or replacing the embedded policy; repeatable, later files over earlier ones",
    ),
    (
        "audit format",
        "输出格式：table 给人看，json 给程序读",
        "Output format: table for people, json for programs",
    ),
    (
        "audit lang",
        "输出语言：zh 中文，en 英文（也可用环境变量 CIXI_LANG）",
        "Language: zh or en (or CIXI_LANG)",
    ),
    (
        "diff",
        "两份报告（calc JSON）或两个批量文件夹之间变了什么、为什么。退出码 0 相同，1 有差异",
        "What changed between two reports (calc JSON) or two batch folders, and why. Exit 0 the same, 1 differences",
    ),
    (
        "diff !",
        "  cixi-parks diff 旧报告.json 新报告.json\n  cixi-parks diff 2022台账-初算/ 2022台账-复核/",
        "  cixi-parks diff old.json new.json\n  cixi-parks diff ledger-2022-draft/ ledger-2022-final/",
    ),
    ("diff old", "较早的报告", "The earlier report"),
    ("diff new", "较晚的报告", "The later report"),
    (
        "diff format",
        "输出格式：table 给人看，json 给程序读",
        "Output format: table for people, json for programs",
    ),
    (
        "diff lang",
        "输出语言：zh 中文，en 英文（也可用环境变量 CIXI_LANG）",
        "Language: zh or en (or CIXI_LANG)",
    ),
    (
        "check",
        "园区概况对照建设标准和开发建设规范（二）（四），以及收费（十一）。退出码 0 全部达标，1 有未达标",
        "A park profile against the construction standards and development norms （二）（四）, and its fees （十一）. Exit 0 when every standard passes, 1 when not",
    ),
    (
        "check !",
        "  cixi-parks check profile.yaml\n  cixi-parks check profile.yaml --format json",
        "  cixi-parks check profile.yaml\n  cixi-parks check profile.yaml --format json",
    ),
    ("check profile", "园区概况文件（YAML）", "The profile file (YAML)"),
    (
        "check files",
        "政策文件：叠加或替换内置政策；可重复，后者优先",
        "A policy file overlaying or replacing the embedded policy; repeatable, later files over earlier ones",
    ),
    (
        "check format",
        "输出格式：table 给人看，json 给程序读",
        "Output format: table for people, json for programs",
    ),
    (
        "check lang",
        "输出语言：zh 中文，en 英文（也可用环境变量 CIXI_LANG）",
        "Language: zh or en (or CIXI_LANG)",
    ),
    (
        "estimate",
        "测算计划能得多少：计划的投入或星级，以及达到数字化补助上限最少还需投入多少",
        "What plans would pay: planned investments or a planned star level, and the least more investment that reaches the digital-subsidy cap",
    ),
    (
        "estimate !",
        "  cixi-parks estimate application.yaml --stars 3\n  cixi-parks estimate application.yaml --soft 2000000 --hardware 500000\n  cixi-parks estimate application.yaml --plan 计划.yaml",
        "  cixi-parks estimate application.yaml --stars 3\n  cixi-parks estimate application.yaml --soft 2000000 --hardware 500000\n  cixi-parks estimate application.yaml --plan plan.yaml",
    ),
    (
        "estimate application",
        "申请材料文件：目前的情况",
        "The application file: the facts so far",
    ),
    (
        "estimate plan",
        "计划文件：star_rating、provincial_listing、performance_grade、completion_accepted_on、digital_investments",
        "A plan file: star_rating, provincial_listing, performance_grade, completion_accepted_on, digital_investments",
    ),
    ("estimate stars", "计划达到的星级（1–5）", "A planned star level (1–5)"),
    (
        "estimate recognized_on",
        "计划星级的认定日期（默认当年 12 月 31 日）；须与 --stars 同用",
        "When the planned star level would be recognised (default: 31 December of the year); only with --stars",
    ),
    (
        "estimate soft",
        "计划的软性投入（元）",
        "A planned soft investment, in yuan",
    ),
    (
        "estimate hardware",
        "计划的支撑硬件投入（元）",
        "A planned hardware investment, in yuan",
    ),
    (
        "estimate paid_on",
        "计划投入的支付日期（默认当年 12 月 31 日）",
        "When the planned investments would be paid (default: 31 December of the year)",
    ),
    (
        "estimate files",
        "政策文件：叠加或替换内置政策；可重复，后者优先",
        "A policy file overlaying or replacing the embedded policy; repeatable, later files over earlier ones",
    ),
    (
        "estimate format",
        "输出格式：table 给人看，json 给程序读",
        "Output format: table for people, json for programs",
    ),
    (
        "estimate lang",
        "输出语言：zh 中文，en 英文（也可用环境变量 CIXI_LANG）",
        "Language: zh or en (or CIXI_LANG)",
    ),
    (
        "serve",
        "本机网页（供运营机构和主管部门使用）和 HTTP 接口（供其他系统调用）",
        "A local web page for operators and the bureau, and an HTTP API for other systems",
    ),
    (
        "serve !",
        "  cixi-parks serve\n  cixi-parks serve --addr 0.0.0.0:8080 --token-file 令牌.txt",
        "  cixi-parks serve\n  cixi-parks serve --addr 0.0.0.0:8080 --token-file token.txt",
    ),
    (
        "serve addr",
        "监听地址（默认只在本机）",
        "Where to listen (loopback unless told otherwise)",
    ),
    (
        "serve files",
        "政策文件：叠加或替换内置政策；可重复，后者优先",
        "A policy file overlaying or replacing the embedded policy; repeatable, later files over earlier ones",
    ),
    (
        "serve lang",
        "网页的默认语言（请求可另选）",
        "The pages' language unless a request asks for another",
    ),
    (
        "serve token_file",
        "存放访问令牌的文件，每个请求都须带上（不只在本机监听时必须提供）",
        "A file holding the access token every request must carry (required beyond loopback)",
    ),
    (
        "serve no_auth",
        "不在本机监听也不要令牌（会打印警告）",
        "Serve beyond loopback with no token (prints a warning)",
    ),
    (
        "policy",
        "政策：查看，或比较两份",
        "The policy: show it, or compare two",
    ),
    (
        "policy !",
        "  cixi-parks policy show\n  cixi-parks policy diff embedded 续期.yaml",
        "  cixi-parks policy show\n  cixi-parks policy diff embedded renewal.yaml",
    ),
    (
        "policy show",
        "现行政策，逐条列出原文和参数",
        "The policy in force, readable, with its clauses",
    ),
    (
        "policy show !",
        "  cixi-parks policy show\n  cixi-parks policy show --policy 续期.yaml\n  cixi-parks policy show --format json",
        "  cixi-parks policy show\n  cixi-parks policy show --policy renewal.yaml\n  cixi-parks policy show --format json",
    ),
    (
        "policy show files",
        "政策文件：叠加或替换内置政策；可重复，后者优先",
        "A policy file overlaying or replacing the embedded policy; repeatable, later files over earlier ones",
    ),
    (
        "policy show lang",
        "输出语言：zh 中文，en 英文（也可用环境变量 CIXI_LANG）",
        "Language: zh or en (or CIXI_LANG)",
    ),
    (
        "policy show format",
        "输出格式：table 给人看；json 为规范化政策文本（报告记录其 SHA-256）",
        "Output format: table for people; json the canonical policy whose SHA-256 reports record",
    ),
    (
        "policy diff",
        "政策 B 相对政策 A 改了什么：每个参数的旧值、新值及其影响的项目。A、B 为政策文件（叠加文件叠加在内置政策上）或 embedded",
        "What policy B changes from policy A: each parameter, old and new, and the items it moves. A and B are policy files (an overlay applies over the embedded policy) or `embedded`",
    ),
    (
        "policy diff !",
        "  cixi-parks policy diff embedded 续期.yaml",
        "  cixi-parks policy diff embedded renewal.yaml",
    ),
    ("policy diff a", "较早的政策", "The earlier policy"),
    ("policy diff b", "较晚的政策", "The later policy"),
    (
        "policy diff format",
        "输出格式：table 给人看，json 给程序读",
        "Output format: table for people, json for programs",
    ),
    (
        "policy diff lang",
        "输出语言：zh 中文，en 英文（也可用环境变量 CIXI_LANG）",
        "Language: zh or en (or CIXI_LANG)",
    ),
    (
        "schema",
        "申请材料或园区概况的 JSON Schema（draft-07），供编辑器边输入边校验 YAML",
        "A JSON Schema (draft-07) of an application or a profile, for editors that check YAML as it is typed",
    ),
    (
        "schema !",
        "  cixi-parks schema application > application.schema.json",
        "  cixi-parks schema application > application.schema.json",
    ),
    (
        "schema document",
        "哪种文件：application 申请材料（calc、explain、estimate），profile 园区概况（check）",
        "Which file: application (calc, explain, estimate) or profile (check)",
    ),
    ("completions", "命令行补全脚本", "Shell completions"),
    (
        "completions !",
        "  cixi-parks completions bash > /etc/bash_completion.d/cixi-parks",
        "  cixi-parks completions bash > /etc/bash_completion.d/cixi-parks",
    ),
    ("completions shell", "哪种 shell", "The shell"),
    ("man", "手册页（roff 格式）", "The manual page (roff)"),
    ("man !", "  cixi-parks man | man -l -", "  cixi-parks man | man -l -"),
    (
        "init",
        "生成待填写的文件：带中文注释的申请材料或园区概况，或空白表格",
        "Files to fill in: an application or a profile with Chinese comments, or blank tables",
    ),
    (
        "init !",
        "  cixi-parks init application 园区材料\n  cixi-parks init tables 台账表格 --xlsx",
        "  cixi-parks init application park\n  cixi-parks init tables tables --xlsx",
    ),
    (
        "init application",
        "待填写的申请材料（application.yaml，带中文注释），供 calc 使用",
        "An application to fill in (application.yaml, with Chinese comments), for `calc`",
    ),
    (
        "init application !",
        "  cixi-parks init application 园区材料",
        "  cixi-parks init application park",
    ),
    (
        "init application dir",
        "写入的文件夹（已有的文件不会被覆盖）",
        "The folder to write into (an existing file is never overwritten)",
    ),
    (
        "init profile",
        "待填写的园区概况（profile.yaml，带中文注释），供 check 使用",
        "A park profile to fill in (profile.yaml, with Chinese comments), for `check`",
    ),
    (
        "init profile !",
        "  cixi-parks init profile 园区材料",
        "  cixi-parks init profile park",
    ),
    (
        "init profile dir",
        "写入的文件夹（已有的文件不会被覆盖）",
        "The folder to write into (an existing file is never overwritten)",
    ),
    (
        "init tables",
        "供 batch 使用的空白表格：每表一个只有表头的 CSV，或加 --xlsx 生成一个工作簿（tables.xlsx，每表一页，中文表头，可下拉选择）",
        "Blank tables for `batch`: a header-only CSV per table, or with --xlsx one workbook (tables.xlsx) with a sheet per table, Chinese headers and lists to pick from",
    ),
    (
        "init tables !",
        "  cixi-parks init tables 台账表格\n  cixi-parks init tables 台账表格 --xlsx",
        "  cixi-parks init tables tables\n  cixi-parks init tables tables --xlsx",
    ),
    (
        "init tables dir",
        "写入的文件夹（已有的文件不会被覆盖）",
        "The folder to write into (existing files are never overwritten)",
    ),
    (
        "init tables xlsx",
        "生成 tables.xlsx 工作簿，而不是 CSV 文件",
        "Write tables.xlsx instead of CSV files",
    ),
];

/// clap's own words: (中文, English).
const USAGE: (&str, &str) = ("用法：", "Usage: ");
const OPTIONS: (&str, &str) = ("选项", "Options");
const ARGUMENTS: (&str, &str) = ("参数", "Arguments");
const COMMANDS: (&str, &str) = ("命令", "Commands");
const EXAMPLES: (&str, &str) = ("示例：", "Examples:");
const PRINT_HELP: (&str, &str) = ("显示帮助", "Print help");
const PRINT_VERSION: (&str, &str) = ("显示版本和构建的提交", "Print version");
const CHOICES: (&str, &str) = ("可选", "possible values");
const DEFAULT: (&str, &str) = ("默认", "default");

fn pick(w: (&'static str, &'static str), lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => w.0,
        Lang::En => w.1,
    }
}

/// The help text at `key` in `lang`, if the table has it.
pub fn text(key: &str, lang: Lang) -> Option<&'static str> {
    HELP.iter().find(|(k, _, _)| *k == key).map(|&(_, zh, en)| match lang {
        Lang::Zh => zh,
        Lang::En => en,
    })
}

/// The language the command line asks for, before it is parsed: `--lang en`/`--lang=en`,
/// else `CIXI_LANG`, else Chinese.
pub fn lang_of(args: &[std::ffi::OsString]) -> Lang {
    let mut given = None;
    for (i, a) in args.iter().enumerate() {
        let a = a.to_string_lossy();
        let value = match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).map(|v| v.to_string_lossy().into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(v) = value {
            given = Some(v);
        }
    }
    let given = given.or_else(|| std::env::var("CIXI_LANG").ok());
    match given {
        Some(v) if v.eq_ignore_ascii_case("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// The command line `cmd` with every help text from [`HELP`] in `lang`, clap's headings in
/// `lang`, and the examples after each command's help.
pub fn localized(cmd: Command, lang: Lang) -> Command {
    let cmd = cmd.disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help(pick(PRINT_VERSION, lang))
            .help_heading(match lang {
                Lang::Zh => Some(pick(OPTIONS, lang)),
                Lang::En => None,
            }),
    );
    // `cixi-parks --lang en --help`: the top level's help in English (each command has its own).
    let cmd = cmd.arg(
        Arg::new("lang")
            .long("lang")
            .value_name("LANG")
            .value_parser(["zh", "en"]),
    );
    apply(cmd, "", lang)
}

fn apply(mut cmd: Command, path: &str, lang: Lang) -> Command {
    if let Some(about) = text(path, lang) {
        cmd = cmd.about(about).long_about(None::<&str>);
    }
    if let Some(examples) = text(&format!("{path} !"), lang) {
        cmd = cmd.after_help(format!("{}\n{examples}", pick(EXAMPLES, lang)));
    }
    cmd = cmd
        .help_template(format!(
            "{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
            pick(USAGE, lang)
        ))
        .subcommand_help_heading(pick(COMMANDS, lang))
        // Wrapped to the terminal, and to 80 columns at most (CJK counted as two).
        .max_term_width(80)
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(pick(PRINT_HELP, lang))
                .help_heading(match lang {
                    Lang::Zh => Some(pick(OPTIONS, lang)),
                    Lang::En => None,
                }),
        );
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    for id in ids {
        let key = format!("{path} {id}");
        let help = text(&key, lang);
        cmd = cmd.mut_arg(&id, |a| {
            // English keeps clap's own headings (and their order); Chinese names them.
            let mut a = match lang {
                Lang::Zh => {
                    let heading = if a.is_positional() { ARGUMENTS } else { OPTIONS };
                    a.help_heading(pick(heading, lang))
                }
                Lang::En => a,
            };
            if let Some(h) = help {
                let mut h = h.to_string();
                if lang == Lang::Zh {
                    // clap's "[possible values: …] [default: …] [env: …]" in Chinese.
                    let values: Vec<String> = a
                        .get_possible_values()
                        .iter()
                        .filter(|v| !v.is_hide_set())
                        .map(|v| v.get_name().to_string())
                        .collect();
                    if !values.is_empty() && a.get_action().takes_values() {
                        h.push_str(&format!("［{}：{}］", pick(CHOICES, lang), values.join("、")));
                    }
                    let defaults: Vec<String> = a
                        .get_default_values()
                        .iter()
                        .map(|v| v.to_string_lossy().into_owned())
                        .collect();
                    if !defaults.is_empty() {
                        h.push_str(&format!("［{}：{}］", pick(DEFAULT, lang), defaults.join("、")));
                    }
                    if a.get_action().takes_values() {
                        a = a.hide_possible_values(true).hide_default_value(true);
                    }
                    a = a.hide_env(true);
                }
                a = a.help(h).long_help(None::<&str>);
            }
            a
        });
    }
    let names: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_string()).collect();
    for name in names {
        let sub = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |c| apply(c, &sub, lang));
    }
    cmd
}

/// A usage error in Chinese (clap writes its own in English): what was wrong, the fix, the
/// usage line. `None` for help and version, which are not errors, and for kinds not named here.
pub fn usage_error_zh(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ErrorKind};
    let get = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let said = match e.kind() {
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必填参数：{}", get(ContextKind::InvalidArg).replace('\n', "、"))
        }
        ErrorKind::UnknownArgument => {
            let mut s = format!("无法识别的参数 `{}`", get(ContextKind::InvalidArg));
            let suggested = get(ContextKind::SuggestedArg);
            if !suggested.is_empty() {
                s.push_str(&format!("\n  提示：是否应为 `{suggested}`？"));
            }
            s
        }
        ErrorKind::InvalidSubcommand => {
            let mut s = format!("无法识别的命令 `{}`", get(ContextKind::InvalidSubcommand));
            let suggested = get(ContextKind::SuggestedSubcommand);
            if !suggested.is_empty() {
                s.push_str(&format!("\n  提示：是否应为 `{suggested}`？"));
            }
            s
        }
        ErrorKind::InvalidValue => {
            let mut s = format!(
                "参数 `{}` 的取值 `{}` 无效",
                get(ContextKind::InvalidArg),
                get(ContextKind::InvalidValue)
            );
            let valid = get(ContextKind::ValidValue);
            if !valid.is_empty() {
                s.push_str(&format!("\n  提示：可选 {valid}"));
            }
            s
        }
        ErrorKind::ValueValidation => format!(
            "参数 `{}` 的取值 `{}` 无效：{}",
            get(ContextKind::InvalidArg),
            get(ContextKind::InvalidValue),
            std::error::Error::source(e).map(|c| c.to_string()).unwrap_or_default()
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => "缺少命令".to_string(),
        ErrorKind::ArgumentConflict => format!(
            "参数 `{}` 不能与 `{}` 同用",
            get(ContextKind::InvalidArg),
            get(ContextKind::PriorArg)
        ),
        _ => return None,
    };
    let usage = get(ContextKind::Usage).replace("Usage: ", "用法：");
    let usage = if usage.is_empty() {
        String::new()
    } else {
        format!("\n\n{usage}")
    };
    Some(format!("错误：{said}{usage}\n\n更多信息请用 `--help`。\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and every argument has its help in both languages in [`HELP`].
    #[test]
    fn the_table_has_every_command_and_argument() {
        fn walk(cmd: &Command, path: &str, missing: &mut Vec<String>) {
            let about = |key: &str| {
                HELP.iter()
                    .any(|(k, zh, en)| *k == key && !zh.is_empty() && !en.is_empty())
            };
            if !about(path) {
                missing.push(format!("`{path}` (about)"));
            }
            if !about(&format!("{path} !")) && cmd.get_subcommands().next().is_none() {
                missing.push(format!("`{path} !` (examples)"));
            }
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if !["help", "version"].contains(&id) && !about(&format!("{path} {id}")) {
                    missing.push(format!("`{path} {id}`"));
                }
            }
            for c in cmd.get_subcommands() {
                let sub = if path.is_empty() {
                    c.get_name().to_string()
                } else {
                    format!("{path} {}", c.get_name())
                };
                walk(c, &sub, missing);
            }
        }
        let mut missing = Vec::new();
        let cmd = localized(<crate::cli::Args as clap::CommandFactory>::command(), Lang::Zh);
        walk(&cmd, "", &mut missing);
        assert!(missing.is_empty(), "no help text for {missing:?}");
        // And no entry in the table that names nothing.
        for (key, _, _) in HELP {
            let mut c = &cmd;
            for name in key.split(' ').filter(|w| !w.is_empty()).take_while(|w| *w != "!") {
                match c.find_subcommand(name) {
                    Some(sub) => c = sub,
                    None => assert!(
                        c.get_arguments().any(|a| a.get_id() == name),
                        "`{key}` names no command or argument"
                    ),
                }
            }
        }
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_of(&args(&["cixi-parks", "calc", "--lang", "en", "--help"])),
            Lang::En
        );
        assert_eq!(lang_of(&args(&["cixi-parks", "calc", "--lang=en"])), Lang::En);
        assert_eq!(lang_of(&args(&["cixi-parks", "calc", "--lang", "zh"])), Lang::Zh);
    }
}
