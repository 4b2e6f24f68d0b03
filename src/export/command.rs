//! `douyin-threads export`: from the command line's words to a written file, a summary on
//! standard error and an exit code.

use super::output::Destination;
use super::record::{Anonymizer, Format};
use super::{Options, Report};
use crate::app::Fetching;
use crate::cli::ExportArgs;
use crate::config::Settings;
use crate::launch;
use crate::target::{self, Target};
use std::io::IsTerminal;

/// Exit code for a problem found before anything was sent (as for the reader).
const USAGE: u8 = 2;

/// Runs the export `args` asks for with `settings`, printing as it goes; the exit code.
pub fn main(settings: &Settings, args: ExportArgs) -> u8 {
    let (target, options) = match prepare(args, settings.refresh) {
        Ok(prepared) => prepared,
        Err(message) => return refuse(&message),
    };
    let source = match launch::plan(settings, launch::library_path(settings).as_deref()) {
        Ok((setup, _)) if matches!(setup.fetching, Fetching::NoToken { .. }) => {
            let Fetching::NoToken { how_to } = setup.fetching else {
                unreachable!()
            };
            return refuse(&how_to);
        }
        Ok((_, source)) => source,
        Err(err) => return refuse(&err.to_string()),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => return refuse(&format!("could not start: {err}")),
    };
    match runtime.block_on(super::run(target, source, options)) {
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
