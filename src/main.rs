//! The `douyin-threads` binary: parse the command line, resolve settings, and run the
//! reader or one of the commands beside it (`douyin_threads::commands`).

use douyin_threads::cli::{self, Command};
use douyin_threads::{commands, config, dirs, launch, logging, runtime};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::parse();
    // These two print what the command line is, so nothing (not even a config file) is read.
    match cli.command {
        Some(Command::Completions { shell }) => return commands::completions(shell).into(),
        Some(Command::Man) => return commands::man().into(),
        _ => {}
    }
    let command = cli.command.clone();
    // A broken config file stops the demo too: it reads the file's [keys], and a file
    // ignored once would be silently ignored again when the person drops --demo.
    let settings = match config::Settings::resolve(cli) {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("douyin-threads: {err}");
            return ExitCode::from(2);
        }
    };
    let _log = logging::init(dirs::default_log_dir().as_deref(), settings.token.as_ref());
    runtime::terminal::install_panic_hook(settings.token.clone());
    match command {
        Some(Command::Cache { action }) => return commands::cache(&settings, action).into(),
        Some(Command::Search(args)) => return commands::library::search(&settings, args).into(),
        Some(Command::Library { action }) => {
            return commands::library::library(&settings, action).into();
        }
        _ => {}
    }
    let workers = match command {
        Some(Command::Export(_) | Command::Insights(_)) => launch::COMMAND_WORKERS,
        _ => launch::READER_WORKERS,
    };
    let tokio = match launch::runtime(workers) {
        Ok(tokio) => tokio,
        Err(err) => {
            eprintln!("douyin-threads: could not start: {err}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(Command::Export(args)) = command {
        return commands::export::run(&settings, args, &tokio).into();
    }
    if let Some(Command::Insights(args)) = command {
        return commands::insights::run(&settings, args, &tokio).into();
    }
    let (setup, source) = match launch::plan(&settings, launch::library_path(&settings).as_deref())
    {
        Ok(plan) => plan,
        Err(err) => {
            eprintln!("douyin-threads: {err}");
            return ExitCode::from(2);
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
