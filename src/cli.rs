//! The command line: flags parsed once into a request, run against the library, and one
//! write of the whole output. The library never prints or exits; this module does, once.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::assessment::{EngineError, assess};
use crate::batch::BatchRequest;
use crate::batch::output::Progress;
use crate::input::{InputError, read_application};
use crate::policy::{LoadedPolicy, PolicyError};
use crate::render::{Format, InputRef, Lang, Report};

/// Subsidy and incentive calculator for Cixi's small and micro enterprise parks (2021–2023).
#[derive(Debug, Parser)]
#[command(name = "cixi-parks", version, about)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// What one park is owed for one year, item by item, and why.
    Calc {
        /// The application file (YAML): one park, one calculation year.
        application: PathBuf,
        /// A policy file overlaying (kind: overlay) or replacing (kind: policy) the embedded
        /// policy; repeatable, later files over earlier ones.
        #[arg(long = "policy", value_name = "FILE")]
        policies: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
        /// Language of the words in the output.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// A year's payouts for every park at once: tables (or application files) to a ledger.
    Batch {
        /// A folder with parks.csv (and enterprises.csv, investments.csv, grants.csv,
        /// overrides.csv), or a folder of application .yaml files.
        input: PathBuf,
        /// Where ledger.csv, rejects.csv and summary.json are written.
        #[arg(long, value_name = "OUT_DIR")]
        out: PathBuf,
        /// A policy file overlaying or replacing the embedded policy; repeatable.
        #[arg(long = "policy", value_name = "FILE")]
        policies: Vec<PathBuf>,
        /// Write the ledger for the clean parks and list every other row in rejects.csv,
        /// instead of failing.
        #[arg(long)]
        keep_going: bool,
        /// What to print on the terminal.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
        format: SummaryFormat,
        /// Language of the ledger's reasons and the summary.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SummaryFormat {
    /// A summary for people.
    Table,
    /// `summary.json`'s content.
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
enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
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
    #[error("{}{}: {source}", file.display(), source.line().map_or(String::new(), |l| format!(":{l}")))]
    Engine { file: PathBuf, source: EngineError },
    /// The output could not be written.
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    /// A batch wrote nothing.
    #[error(transparent)]
    Batch(#[from] crate::batch::BatchError),
}

impl CliError {
    /// 2 for bad input or policy, 1 for the rest.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Input(_) | CliError::Policy(_) | CliError::Engine { .. } => 2,
            CliError::Batch(e) => match e {
                crate::batch::BatchError::Output { .. } => 1,
                _ => 2,
            },
            CliError::Output(_) => 1,
        }
    }
}

/// Runs the command line; returns the process's exit code.
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    let args = match Args::try_parse_from(args) {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match execute(args) {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush()) {
                Ok(()) => 0,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(e) => report(&CliError::Output(e)),
            }
        }
        Err(e) => report(&e),
    }
}

fn report(e: &CliError) -> i32 {
    eprintln!("error: {e}");
    e.exit_code()
}

/// Computes the whole output before anything is written.
fn execute(args: Args) -> Result<String, CliError> {
    match args.command {
        Command::Calc {
            application,
            policies,
            format,
            lang,
        } => calc(&CalcRequest {
            application,
            policies,
            format: match format {
                FormatArg::Table => Format::Table,
                FormatArg::Json => Format::Json,
                FormatArg::Yaml => Format::Yaml,
            },
            lang: match lang {
                LangArg::Zh => Lang::Zh,
                LangArg::En => Lang::En,
            },
        }),
        Command::Batch {
            input,
            out,
            policies,
            keep_going,
            format,
            lang,
        } => {
            let lang = match lang {
                LangArg::Zh => Lang::Zh,
                LangArg::En => Lang::En,
            };
            let request = BatchRequest {
                input,
                out,
                policies,
                keep_going,
                lang,
                progress: true,
            };
            let outcome = crate::batch::run(&request, &Progress::new(request.progress))?;
            Ok(match format {
                SummaryFormat::Table => outcome.summary.to_table(lang),
                SummaryFormat::Json => {
                    let mut s = serde_json::to_string_pretty(&outcome.summary).expect("a summary serializes");
                    s.push('\n');
                    s
                }
            })
        }
    }
}

/// A validated `calc` request: no clap types past this point.
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

/// `calc`: the whole report as text.
///
/// # Errors
/// A bad policy or application, or a calculation that cannot be finished.
pub fn calc(request: &CalcRequest) -> Result<String, CliError> {
    let policy = LoadedPolicy::load(&request.policies)?;
    let read = read_application(&request.application)?;
    let assessment = assess(&read.application, &policy).map_err(|source| CliError::Engine {
        file: read.file.clone(),
        source,
    })?;
    let inputs = vec![InputRef {
        file: read.file.display().to_string(),
        sha256: read.sha256.clone(),
    }];
    Ok(Report::new(&assessment, &read.application, &policy, inputs, request.lang).render(request.format, request.lang))
}
