//! The command line: flags parsed once into a request, run against the library, and one
//! write of the whole output. The library never prints or exits; this module does, once.

pub mod help_words;
mod progress_bar;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::audit::payments::AuditError;
use crate::audit::verify::VerifyError;
use crate::batch::BatchRequest;

use crate::engine::assessment::{EngineError, assess};
use crate::facts::input::{InputError, read_application};
use crate::policy::{LoadedPolicy, PolicyError};
use crate::report::calc::{CalcError, CalcRequest, NotComputed};
use crate::report::render::Format;
use crate::values::item::ItemId;
use crate::values::lang::Lang;

/// Subsidy and incentive calculator for Cixi's small and micro enterprise parks (2021–2023).
#[derive(Debug, Parser)]
#[command(name = "cixi-parks", version = VERSION, about)]
pub struct Args {
    /// Print nothing but errors; the exit status still answers.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// No progress bar (one is drawn only on a terminal anyway).
    #[arg(long, global = true)]
    no_progress: bool,
    #[command(subcommand)]
    command: Command,
}

/// The version and the build's commit, e.g. `0.2.0 (commit 3974849)`.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("CIXI_COMMIT"), ")");

#[derive(Debug, Subcommand)]
enum Command {
    /// What one park is owed for one year, item by item, and why.
    Calc {
        /// The application file (YAML): one park, one calculation year.
        application: PathBuf,
        #[command(flatten)]
        policies: PolicyFiles,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
        /// Language of the words in the output.
        #[arg(long, value_enum, default_value_t = LangArg::Zh, env = "CIXI_LANG")]
        lang: LangArg,
    },
    /// A year's payouts for every park at once: tables (or application files) to a ledger.
    Batch {
        /// A folder with parks.csv (and enterprises.csv, investments.csv, grants.csv,
        /// overrides.csv), or a folder of application .yaml files.
        input: PathBuf,
        /// Where ledger.csv, rejects.csv, summary.json and inputs/ are written.
        #[arg(long, value_name = "OUT_DIR")]
        out: PathBuf,
        #[command(flatten)]
        policies: PolicyFiles,
        /// Write the ledger for the clean parks and list every other row in rejects.csv,
        /// instead of failing.
        #[arg(long)]
        keep_going: bool,
        /// Do not write ledger.xlsx (ledger.csv, rejects.csv and summary.json only): for very
        /// large batches, where the workbook is most of the time.
        #[arg(long)]
        no_xlsx: bool,
        /// What to print on the terminal.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
        format: SummaryFormat,
        /// The CSV tables' encoding, instead of detecting it (UTF-8 with or without BOM,
        /// GB18030/GBK, UTF-16 with BOM).
        #[arg(long, value_enum, value_name = "ENCODING")]
        encoding: Option<EncodingArg>,
        /// Language of the ledger's reasons and the summary.
        #[arg(long, value_enum, default_value_t = LangArg::Zh, env = "CIXI_LANG")]
        lang: LangArg,
    },
    /// Each figure derived step by step, for a person to redo by hand.
    Explain {
        /// The application file.
        application: PathBuf,
        /// Only this item.
        #[arg(long, value_parser = parse_item)]
        item: Option<ItemId>,
        #[command(flatten)]
        policies: PolicyFiles,
        /// Language.
        #[arg(long, value_enum, default_value_t = LangArg::Zh, env = "CIXI_LANG")]
        lang: LangArg,
    },
    /// Recompute a report (calc JSON, or a batch folder) from what it recorded: "reproduced",
    /// or every difference and why. Exit 0 reproduced, 1 not.
    Verify {
        /// A calc JSON report or a batch output folder.
        report: PathBuf,
        /// Recompute under these policy files instead of the one recorded.
        #[arg(long = "policy", value_name = "FILE")]
        policies: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
        format: SummaryFormat,
        /// Language.
        #[arg(long, value_enum, default_value_t = LangArg::Zh, env = "CIXI_LANG")]
        lang: LangArg,
    },
    /// Check amounts actually paid against the entitlements. Exit 0 clean, 1 findings.
    Audit {
        /// Payments: park_id,year,item,amount,paid_on,voucher (CSV).
        payments: PathBuf,
        /// Where the entitlements are: batch output folders or calc JSON reports; repeatable.
        #[arg(long = "entitlements", value_name = "REPORT", required = true)]
        entitlements: Vec<PathBuf>,
        #[command(flatten)]
        policies: PolicyFiles,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
        format: SummaryFormat,
        /// Language.
        #[arg(long, value_enum, default_value_t = LangArg::Zh, env = "CIXI_LANG")]
        lang: LangArg,
    },
    /// What changed between two reports (calc JSON) or two batch folders, and why.
    Diff {
        /// The earlier report.
        old: PathBuf,
        /// The later report.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
        format: SummaryFormat,
        /// Language.
        #[arg(long, value_enum, default_value_t = LangArg::Zh, env = "CIXI_LANG")]
        lang: LangArg,
    },
    /// A park profile against the construction standards and development norms （二）（四）,
    /// and its fees （十一）. Exit 0 when every standard passes, 1 when not.
    Check {
        /// The profile file (YAML).
        profile: PathBuf,
        #[command(flatten)]
        policies: PolicyFiles,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
        format: SummaryFormat,
        /// Language.
        #[arg(long, value_enum, default_value_t = LangArg::Zh, env = "CIXI_LANG")]
        lang: LangArg,
    },
    /// What plans would pay: planned investments or a planned star level, and the least more
    /// investment that reaches the digital-subsidy cap.
    Estimate {
        /// The application file: the facts so far.
        application: PathBuf,
        /// A plan file: star_rating, provincial_listing, performance_grade,
        /// completion_accepted_on, digital_investments.
        #[arg(long, value_name = "PLAN")]
        plan: Option<PathBuf>,
        /// A planned star level.
        #[arg(long)]
        stars: Option<u8>,
        /// When the planned star level would be recognised (default: 31 December of the year);
        /// only with --stars.
        #[arg(long, value_name = "DATE", requires = "stars")]
        recognized_on: Option<jiff::civil::Date>,
        /// A planned soft investment, in yuan.
        #[arg(long, value_name = "YUAN", value_parser = parse_money)]
        soft: Option<crate::values::money::Money>,
        /// A planned hardware investment, in yuan.
        #[arg(long, value_name = "YUAN", value_parser = parse_money)]
        hardware: Option<crate::values::money::Money>,
        /// When the planned investments would be paid (default: 31 December of the year).
        #[arg(long, value_name = "DATE")]
        paid_on: Option<jiff::civil::Date>,
        #[command(flatten)]
        policies: PolicyFiles,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
        format: SummaryFormat,
        /// Language.
        #[arg(long, value_enum, default_value_t = LangArg::Zh, env = "CIXI_LANG")]
        lang: LangArg,
    },
    /// A local web page for operators and the bureau, and an HTTP API for other systems.
    Serve {
        /// Where to listen (loopback unless told otherwise).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        #[command(flatten)]
        policies: PolicyFiles,
        /// The pages' language unless a request asks for another.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
        /// A file holding the access token every request must carry (required beyond loopback).
        #[arg(long, value_name = "FILE")]
        token_file: Option<PathBuf>,
        /// Serve beyond loopback with no token (prints a warning).
        #[arg(long)]
        no_auth: bool,
    },
    /// The policy: show it, or compare two.
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// A JSON Schema (draft-07) of an application or a profile, for editors that check YAML as
    /// it is typed. Example: `cixi-parks schema application > application.schema.json`
    Schema {
        /// Which file.
        #[arg(value_enum)]
        document: SchemaDocument,
    },
    /// Shell completions. Example: `cixi-parks completions bash > /etc/bash_completion.d/cixi-parks`
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The manual page (roff). Example: `cixi-parks man | man -l -`
    Man,
    /// Files to fill in: an application or a profile with Chinese comments, or blank tables.
    Init {
        #[command(subcommand)]
        command: InitCommand,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SchemaDocument {
    /// An application (calc, explain, estimate).
    Application,
    /// A park profile (check).
    Profile,
}

#[derive(Debug, Subcommand)]
enum InitCommand {
    /// An application to fill in (application.yaml, with Chinese comments), for `calc`.
    /// Example: `cixi-parks init application 园区材料`
    Application {
        /// The folder to write into (an existing file is never overwritten).
        dir: PathBuf,
    },
    /// A park profile to fill in (profile.yaml, with Chinese comments), for `check`.
    Profile {
        /// The folder to write into (an existing file is never overwritten).
        dir: PathBuf,
    },
    /// Blank tables for `batch`: a header-only CSV per table, or with --xlsx one workbook
    /// (tables.xlsx) with a sheet per table, Chinese headers and lists to pick from.
    Tables {
        /// The folder to write into (existing files are never overwritten).
        dir: PathBuf,
        /// Write tables.xlsx instead of CSV files.
        #[arg(long)]
        xlsx: bool,
    },
}

#[derive(Debug, Subcommand)]
enum PolicyCommand {
    /// The policy in force, readable, with its clauses.
    Show {
        #[command(flatten)]
        policies: PolicyFiles,
        /// Language.
        #[arg(long, value_enum, default_value_t = LangArg::Zh, env = "CIXI_LANG")]
        lang: LangArg,
        /// Output format (json: the canonical policy whose SHA-256 reports record).
        #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
        format: SummaryFormat,
    },
    /// What policy B changes from policy A: each parameter, old and new, and the items it moves.
    /// A and B are policy files (an overlay applies over the embedded policy) or `embedded`.
    Diff {
        /// The earlier policy.
        a: PathBuf,
        /// The later policy.
        b: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
        format: SummaryFormat,
        /// Language.
        #[arg(long, value_enum, default_value_t = LangArg::Zh, env = "CIXI_LANG")]
        lang: LangArg,
    },
}

/// `--policy FILE`, as every command that computes takes it.
#[derive(Debug, clap::Args)]
struct PolicyFiles {
    /// A policy file overlaying (kind: overlay) or replacing (kind: policy) the embedded
    /// policy; repeatable, later files over earlier ones.
    #[arg(long = "policy", value_name = "FILE")]
    files: Vec<PathBuf>,
}

impl PolicyFiles {
    fn load(&self) -> Result<LoadedPolicy, PolicyError> {
        LoadedPolicy::load(&self.files)
    }
}

fn parse_item(text: &str) -> Result<ItemId, String> {
    text.parse()
}

fn parse_money(text: &str) -> Result<crate::values::money::Money, String> {
    crate::values::money::Money::parse(text).map_err(|e| e.to_string())
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SummaryFormat {
    /// For people.
    Table,
    /// For programs.
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
#[value(rename_all = "lower")]
enum FormatArg {
    /// A table for people.
    Table,
    /// JSON for programs.
    Json,
    /// YAML for programs.
    Yaml,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum EncodingArg {
    /// UTF-8 (with or without BOM).
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK.
    Gbk,
    /// GB18030.
    Gb18030,
    /// UTF-16 (by its BOM; little-endian without one).
    #[value(name = "utf-16", alias = "utf16")]
    Utf16,
}

impl From<EncodingArg> for crate::batch::encoding::Given {
    fn from(e: EncodingArg) -> Self {
        use crate::batch::encoding::Given;
        match e {
            EncodingArg::Utf8 => Given::Utf8,
            EncodingArg::Gbk => Given::Gbk,
            EncodingArg::Gb18030 => Given::Gb18030,
            EncodingArg::Utf16 => Given::Utf16,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The application could not be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The policy could not be loaded.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The calculation could not be finished.
    #[error(transparent)]
    Engine(#[from] NotComputed),
    /// The output could not be written.
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    /// A batch wrote nothing.
    #[error(transparent)]
    Batch(Box<crate::batch::BatchError>),
    /// A report could not be checked.
    #[error(transparent)]
    Verify(Box<VerifyError>),
    /// Two reports could not be compared.
    #[error(transparent)]
    Diff(Box<crate::audit::diff::DiffError>),
    /// Payments could not be audited.
    #[error(transparent)]
    Audit(Box<AuditError>),
    /// The server could not start or stopped on an error.
    #[error(transparent)]
    Serve(Box<crate::web::ServeError>),
}

impl From<CalcError> for CliError {
    fn from(e: CalcError) -> CliError {
        match e {
            CalcError::Input(e) => CliError::Input(e),
            CalcError::Policy(e) => CliError::Policy(e),
            CalcError::Engine(e) => CliError::Engine(e),
        }
    }
}

impl From<crate::batch::BatchError> for CliError {
    fn from(e: crate::batch::BatchError) -> CliError {
        CliError::Batch(Box::new(e))
    }
}

impl From<VerifyError> for CliError {
    fn from(e: VerifyError) -> CliError {
        CliError::Verify(Box::new(e))
    }
}

impl From<crate::audit::diff::DiffError> for CliError {
    fn from(e: crate::audit::diff::DiffError) -> CliError {
        CliError::Diff(Box::new(e))
    }
}

impl From<AuditError> for CliError {
    fn from(e: AuditError) -> CliError {
        CliError::Audit(Box::new(e))
    }
}

impl CliError {
    /// The error in words, in `lang`: each problem of an input file with its place, its field
    /// and a help line; other errors as their message.
    pub fn words(&self, lang: Lang) -> String {
        match self {
            CliError::Input(e) => e.words(lang),
            CliError::Batch(e) => crate::batch::error_words::batch_error(e, lang),
            CliError::Verify(e) => crate::audit::error_words::verify_error(e, lang),
            CliError::Diff(e) => crate::audit::error_words::diff_error(e, lang),
            CliError::Audit(e) => crate::audit::error_words::audit_error(e, lang),
            CliError::Engine(NotComputed {
                file,
                source: EngineError::DecidedAboveEntitlement(d),
            }) if lang == Lang::Zh => format!(
                "{}{}：{}：{}核定 {} 元，超过应享 {} 元\n  提示：超出应享的金额不予支付（「不超过」，GUIDE.md §1.1）",
                file.display(),
                d.line.map_or(String::new(), |l| format!(":{l}")),
                crate::report::problem_words::path_words(&format!("decided_amounts[{}].amount", d.index), lang),
                crate::report::trace_words::item_name(d.item, lang),
                d.decided,
                d.entitlement
            ),
            _ => self.to_string(),
        }
    }

    /// The exit status (README, "Exit codes"): 3 when a file cannot be read or written (the
    /// cause is an I/O error), 2 for bad input, a bad policy or bad usage.
    pub fn exit_code(&self) -> i32 {
        // Another run is writing the same folder: it cannot be written now.
        if let CliError::Batch(e) = self
            && matches!(**e, crate::batch::BatchError::Busy { .. })
        {
            return EXIT_IO;
        }
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(self);
        while let Some(e) = cause {
            if e.is::<std::io::Error>() {
                return EXIT_IO;
            }
            cause = e.source();
        }
        EXIT_INPUT
    }
}

/// Exit status: success.
pub const EXIT_OK: i32 = 0;
/// Exit status: the answer is no (`check` not all pass, `verify` not reproduced, `audit`
/// findings, `diff` differences, `batch --keep-going` with rejected rows).
pub const EXIT_NO: i32 = 1;
/// Exit status: bad input or usage.
pub const EXIT_INPUT: i32 = 2;
/// Exit status: a file cannot be read or written.
pub const EXIT_IO: i32 = 3;

/// What a command printed, and the exit status it asks for.
struct Outcome {
    stdout: String,
    code: i32,
}

impl From<String> for Outcome {
    fn from(stdout: String) -> Outcome {
        Outcome { stdout, code: 0 }
    }
}

/// Runs the command line; returns the process's exit code.
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    let mut argv: Vec<std::ffi::OsString> = args.into_iter().collect();
    // `cixi-parks help [COMMAND…]` is `cixi-parks [COMMAND…] --help`, as in cargo and git.
    if argv.get(1).is_some_and(|a| a == "help") {
        argv.remove(1);
        argv.push("--help".into());
    }
    // Help in the language asked for, decided before parsing (README, "Languages").
    let asked = crate::cli::help_words::lang_of(&argv);
    let parsed = localized_command(asked)
        .try_get_matches_from(&argv)
        .and_then(|m| <Args as clap::FromArgMatches>::from_arg_matches(&m));
    let args = match parsed {
        Ok(args) => args,
        Err(e) => {
            match crate::cli::help_words::usage_error_zh(&e) {
                Some(said) if asked == Lang::Zh && e.use_stderr() => eprint!("{said}"),
                _ => {
                    let _ = e.print();
                }
            }
            return if e.use_stderr() { EXIT_INPUT } else { EXIT_OK };
        }
    };
    let quiet = args.quiet;
    let lang = args.lang();
    match execute(args) {
        Ok(outcome) if quiet => outcome.code,
        Ok(outcome) => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(outcome.stdout.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => outcome.code,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => outcome.code,
                Err(e) => report(&CliError::Output(e), lang),
            }
        }
        Err(e) => report(&e, lang),
    }
}

fn report(e: &CliError, lang: Lang) -> i32 {
    let said = e.words(lang);
    match lang {
        Lang::En => eprintln!("error: {said}"),
        Lang::Zh => eprintln!("错误：{said}"),
    }
    e.exit_code()
}

impl Args {
    /// The language the command speaks: its `--lang`, else `CIXI_LANG`, else Chinese.
    fn lang(&self) -> Lang {
        let given = match &self.command {
            Command::Calc { lang, .. }
            | Command::Batch { lang, .. }
            | Command::Explain { lang, .. }
            | Command::Check { lang, .. }
            | Command::Estimate { lang, .. }
            | Command::Verify { lang, .. }
            | Command::Audit { lang, .. }
            | Command::Diff { lang, .. }
            | Command::Policy {
                command: PolicyCommand::Show { lang, .. } | PolicyCommand::Diff { lang, .. },
            } => Some(*lang),
            _ => None,
        };
        match given {
            Some(l) => l.into(),
            None if std::env::var("CIXI_LANG").is_ok_and(|v| v.eq_ignore_ascii_case("en")) => Lang::En,
            None => Lang::Zh,
        }
    }
}

/// The command line with its help in `lang` (`completions` and `man` take it too).
fn localized_command(lang: Lang) -> clap::Command {
    crate::cli::help_words::localized(<Args as clap::CommandFactory>::command(), lang)
}

/// A report as a table for people, or as JSON.
fn shown<T: serde::Serialize>(format: SummaryFormat, value: &T, table: impl FnOnce(&T) -> String) -> String {
    match format {
        SummaryFormat::Table => table(value),
        SummaryFormat::Json => json(value),
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("our reports always serialize");
    s.push('\n');
    s
}

/// A policy named on the command line: `embedded`, or a file over the embedded policy.
fn named_policy(path: &std::path::Path) -> Result<LoadedPolicy, PolicyError> {
    if path.as_os_str() == "embedded" {
        LoadedPolicy::load(&[])
    } else {
        LoadedPolicy::load(&[path.to_path_buf()])
    }
}

/// Computes the whole output before anything is written.
fn execute(args: Args) -> Result<Outcome, CliError> {
    let (quiet, no_progress, said_in) = (args.quiet, args.no_progress, args.lang());
    Ok(match args.command {
        Command::Calc {
            application,
            policies,
            format,
            lang,
        } => crate::report::calc::calc(&CalcRequest {
            application,
            policies: policies.files,
            format: match format {
                FormatArg::Table => Format::Table,
                FormatArg::Json => Format::Json,
                FormatArg::Yaml => Format::Yaml,
            },
            lang: lang.into(),
        })?
        .into(),
        Command::Init {
            command: InitCommand::Application { dir },
        } => {
            let path = crate::facts::starter::write_new(&dir, "application.yaml", crate::facts::starter::APPLICATION)?;
            format!("wrote {}\n", path.display()).into()
        }
        Command::Init {
            command: InitCommand::Profile { dir },
        } => {
            let path = crate::facts::starter::write_new(&dir, "profile.yaml", crate::facts::starter::PROFILE)?;
            format!("wrote {}\n", path.display()).into()
        }
        Command::Init {
            command: InitCommand::Tables { dir, xlsx },
        } => {
            let written = crate::batch::blank::init_tables(&dir, xlsx).map_err(CliError::Output)?;
            let mut text = String::new();
            for path in written {
                text.push_str(&format!("wrote {}\n", path.display()));
            }
            text.into()
        }
        Command::Batch {
            input,
            out,
            policies,
            keep_going,
            no_xlsx,
            format,
            encoding,
            lang,
        } => {
            let request = BatchRequest {
                input,
                out,
                policies: policies.files,
                keep_going,
                lang: lang.into(),
                progress: !(quiet || no_progress),
                xlsx: !no_xlsx,
                encoding: encoding.map(Into::into),
            };
            let outcome = crate::batch::run(
                &request,
                &progress_bar::ProgressBarOnTerminal::new(request.progress, request.lang),
            )?;
            let rejected =
                outcome.summary.parks.rejected > 0 || outcome.summary.inputs.iter().any(|i| i.rows_rejected > 0);
            Outcome {
                stdout: shown(format, &outcome.summary, |s| s.to_table(request.lang)),
                code: if rejected { EXIT_NO } else { EXIT_OK },
            }
        }
        Command::Explain {
            application,
            item,
            policies,
            lang,
        } => {
            let policy = policies.load()?;
            let read = read_application(&application)?;
            let assessment = assess(&read.application, &policy).map_err(|source| NotComputed {
                file: read.file.clone(),
                source,
            })?;
            crate::report::explain::explain(&assessment, &read.application, &read.file, &policy, item, lang.into())
                .into()
        }
        Command::Verify {
            report,
            policies,
            format,
            lang,
        } => {
            let v = crate::audit::verify::verify(&report, &policies)?;
            let stdout = shown(format, &v, |v| v.to_table(lang.into()));
            Outcome {
                stdout,
                code: if v.reproduced { 0 } else { 1 },
            }
        }
        Command::Audit {
            payments,
            entitlements,
            policies,
            format,
            lang,
        } => {
            let policy = policies.load()?;
            let a = crate::audit::payments::audit(&payments, &entitlements, &policy)?;
            let stdout = shown(format, &a, |a| a.to_table(lang.into()));
            Outcome {
                stdout,
                code: if a.findings.is_empty() { 0 } else { 1 },
            }
        }
        Command::Diff { old, new, format, lang } => {
            let d = crate::audit::diff::diff(&old, &new)?;
            let differs = !d.figures.is_empty() || !d.policy.is_empty() || d.engine.is_some();
            Outcome {
                stdout: shown(format, &d, |d| d.to_table(lang.into())),
                code: if differs { EXIT_NO } else { EXIT_OK },
            }
        }
        Command::Check {
            profile,
            policies,
            format,
            lang,
        } => {
            let policy = policies.load()?;
            let m2_per_mu = policy.policy.m2_per_mu();
            let profile = crate::facts::input::read_profile(&profile, m2_per_mu)?;
            let report = crate::operate::standards::check(&profile, &policy.policy);
            let stdout = shown(format, &report.in_words(lang.into()), |_| report.to_table(lang.into()));
            Outcome {
                stdout,
                code: if report.all_passed { 0 } else { 1 },
            }
        }
        Command::Estimate {
            application,
            plan,
            stars,
            recognized_on,
            soft,
            hardware,
            paid_on,
            policies,
            format,
            lang,
        } => {
            let policy = policies.load()?;
            let read = read_application(&application)?;
            let mut plan = match plan {
                Some(file) => crate::facts::input::read_plan(&file)?,
                None => crate::facts::plan::Plan::default(),
            };
            let year_end = read.application.year.last_day();
            if let Some(stars) = stars {
                let stars = crate::values::rating::Stars::new(stars).map_err(|message| {
                    CliError::Input(InputError::Invalid {
                        file: PathBuf::from("--stars"),
                        problems: vec![crate::facts::application::Problem {
                            path: String::new(),
                            line: None,
                            fault: crate::facts::fault::Fault::Read(message),
                        }],
                    })
                })?;
                plan.star_rating = Some(crate::facts::application::StarRating {
                    stars,
                    recognized_on: recognized_on.unwrap_or(year_end),
                });
            }
            for (kind, amount) in [
                (crate::facts::application::InvestmentKind::Soft, soft),
                (crate::facts::application::InvestmentKind::Hardware, hardware),
            ] {
                if let Some(amount) = amount {
                    plan.digital_investments
                        .push(crate::operate::estimate::planned_investment(
                            kind,
                            amount,
                            paid_on.unwrap_or(year_end),
                        ));
                }
            }
            let planned = plan.carried_out(&read.application);
            let e = crate::operate::estimate::estimate(&read.application, &planned, &policy).map_err(|source| {
                NotComputed {
                    file: read.file.clone(),
                    source,
                }
            })?;
            shown(format, &e.in_words(lang.into()), |_| e.to_table(lang.into())).into()
        }
        Command::Schema { document } => crate::facts::schema::schema(match document {
            SchemaDocument::Application => crate::facts::schema::Document::Application,
            SchemaDocument::Profile => crate::facts::schema::Document::Profile,
        })
        .into(),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut localized_command(said_in), "cixi-parks", &mut out);
            String::from_utf8_lossy(&out).into_owned().into()
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(localized_command(said_in)).render(&mut out)?;
            String::from_utf8_lossy(&out).into_owned().into()
        }
        Command::Serve {
            addr,
            policies,
            lang,
            token_file,
            no_auth,
        } => {
            let token = match token_file {
                Some(file) => Some(crate::web::read_token(&file).map_err(|e| CliError::Serve(Box::new(e)))?),
                None => None,
            };
            let config = crate::web::ServeConfig {
                addr,
                policies: policies.files,
                lang: lang.into(),
                token,
            };
            crate::web::serve(config, no_auth).map_err(|e| CliError::Serve(Box::new(e)))?;
            String::new().into()
        }
        Command::Policy {
            command: PolicyCommand::Show { policies, lang, format },
        } => {
            let policy = policies.load()?;
            shown(format, &policy.policy, |_| {
                crate::report::policy_view::show(&policy, lang.into())
            })
            .into()
        }
        Command::Policy {
            command: PolicyCommand::Diff { a, b, format, lang },
        } => {
            let d = crate::report::policy_view::diff(
                &a.display().to_string(),
                &named_policy(&a)?,
                &b.display().to_string(),
                &named_policy(&b)?,
            );
            shown(format, &d, |d| d.to_table(lang.into())).into()
        }
    })
}
