//! The `douyin-threads` binary: parse the command line, resolve settings, run the TUI (or
//! an export, or a look at the cache).

use douyin_threads::cli::Command;
use douyin_threads::{cli, config, dirs, export, launch, library_commands, logging, runtime};
use std::process::ExitCode;

fn fail(err: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("douyin-threads: {err}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = cli::parse();
    let command = cli.command.clone();
    // A broken config file stops the demo too: it reads the file's [keys], and a file
    // ignored once would be silently ignored again when the person drops --demo.
    let settings = match config::Settings::resolve(cli) {
        Ok(settings) => settings,
        Err(err) => return fail(&err),
    };
    let _log = logging::init(dirs::default_log_dir().as_deref(), settings.token.as_ref());
    runtime::terminal::install_panic_hook(settings.token.clone());
    if let Some(Command::Export(args)) = command {
        return ExitCode::from(export::command::main(&settings, args));
    }
    match command {
        Some(Command::Cache { action }) => {
            return ExitCode::from(library_commands::cache(&settings, action));
        }
        Some(Command::Search(args)) => {
            return ExitCode::from(library_commands::search(&settings, args));
        }
        Some(Command::Library { action }) => {
            return ExitCode::from(library_commands::library(&settings, action));
        }
        _ => {}
    }
    let (setup, source) = match launch::plan(&settings, launch::library_path(&settings).as_deref())
    {
        Ok(plan) => plan,
        Err(err) => {
            eprintln!("douyin-threads: {err}");
            return ExitCode::from(2);
        }
    };
    let tokio = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("douyin-threads: could not start: {err}");
            return ExitCode::FAILURE;
        }
    };
    match tokio.block_on(runtime::run(setup, source)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("douyin-threads: the terminal failed: {err}");
            ExitCode::FAILURE
        }
    }
}
