//! The `douyin-threads` binary: parse the command line, resolve settings, run the TUI.

use douyin_threads::{cli, config, launch, logging, runtime};
use std::process::ExitCode;

fn main() -> ExitCode {
    let settings = match config::Settings::resolve(cli::parse()) {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("douyin-threads: {err}");
            return ExitCode::from(2);
        }
    };
    let _log = logging::init(config::default_log_dir().as_deref());
    let (setup, source) = match launch::plan(&settings, launch::cache_dir().as_deref()) {
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
