//! `douyin-threads export`: from the command line's words to a written file, a summary on
//! standard error and an exit code. The export itself (gather, fetch, record, output) is
//! [`crate::export`], which the reader's `e` uses too.

use crate::cli::ExportArgs;
use crate::config::Settings;
use crate::export::anonymize::Anonymizer;
use crate::export::output::Destination;
use crate::export::record::Format;
use crate::export::{Options, Report};
use crate::target::{self, Target};
use std::io::IsTerminal;
use tokio::runtime::Runtime;

/// Exit code for a problem found before anything was sent (as for the reader).
const USAGE: u8 = 2;

/// Runs the export `args` asks for with `settings` on `runtime`, printing as it goes; the
/// exit code.
pub fn run(settings: &Settings, args: ExportArgs, runtime: &Runtime) -> u8 {
    let (target, options) = match prepare(args, settings.refresh) {
        Ok(prepared) => prepared,
        Err(message) => return refuse(&message),
    };
    let source = match super::page_source(settings) {
        Ok(source) => source,
        Err(message) => return refuse(&message),
    };
    match runtime.block_on(crate::export::run(target, source, options)) {
        Ok(report) => finish(&report),
        Err(err) => {
            eprintln!("douyin-threads: {err}");
            1
        }
    }
}

/// The target and the options, or why the command line cannot be done.
fn prepare(args: ExportArgs, refresh: bool) -> Result<(Target, Options), String> {
    let raw = args
        .target
        .or(args.video.map(|id| format!("v:{id}")))
        .unwrap_or_default();
    let target = target::parse(&raw).map_err(|e| e.to_string())?;
    let anonymizer =
        match (args.anonymize, args.salt) {
            (false, _) => None,
            (true, Some(salt)) => Some(Anonymizer::with_salt(&salt)),
            (true, None) => Some(Anonymizer::random().map_err(|e| {
                format!("no random salt for --anonymize ({e}); pass one with --salt")
            })?),
        };
    let destination = Destination::from_arg(args.output);
    let format = match args.format.as_deref() {
        Some("csv") => Some(Format::Csv),
        Some(_) => Some(Format::Jsonl),
        None => None,
    };
    let format = format.unwrap_or(match &destination {
        Destination::File(path) => Format::for_path(path),
        Destination::Stdout => Format::Jsonl,
    });
    let options = Options {
        format,
        destination,
        max_pages: args.max_pages,
        jobs: usize::from(args.jobs),
        partial: args.partial,
        anonymizer,
        refresh,
        progress: std::io::stderr().is_terminal(),
    };
    Ok((target, options))
}

fn refuse(message: &str) -> u8 {
    eprintln!("douyin-threads: {message}");
    USAGE
}

/// Prints the summary and what is missing; the exit code.
fn finish(report: &Report) -> u8 {
    eprintln!("{}", report.summary());
    if let Some(problem) = report.problem() {
        eprintln!("{problem}");
    }
    report.outcome.exit_code(report)
}
