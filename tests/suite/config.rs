//! Settings resolved from a real config file on disk (the pure merge is unit-tested in
//! src/config.rs). `Cli` is built directly so the test machine's environment cannot leak in.

use douyin_threads::api::Region;
use douyin_threads::cli::Cli;
use douyin_threads::config::{ConfigError, Settings};
use std::path::PathBuf;
use std::time::Duration;

fn write_config(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn with_config(path: &std::path::Path) -> Cli {
    Cli {
        config: Some(path.to_path_buf()),
        ..Cli::default()
    }
}

#[test]
fn a_config_file_named_with_config_is_read_and_merged() {
    let (_dir, path) =
        write_config("token = \"from-file\"\nregion = \"cn\"\ncache_max_age = \"7d\"\n");
    let settings = Settings::resolve(with_config(&path)).unwrap();
    assert_eq!(
        settings.token.as_ref().map(|t| t.expose()),
        Some("from-file")
    );
    assert_eq!(settings.base_url, Region::Cn.base_url());
    assert_eq!(settings.cache_max_age, Duration::from_secs(7 * 86_400));
    assert_eq!(settings.config_path.as_deref(), Some(path.as_path()));
    assert!(!format!("{settings:?}").contains("from-file"));
}

#[test]
fn a_broken_file_is_an_error_naming_file_and_line_without_the_token() {
    let (_dir, path) =
        write_config("token = \"tok-SECRET-1234\"\nbase_url = \"http://x\"\nregion = cn\n");
    let err = Settings::resolve(with_config(&path)).unwrap_err();
    assert!(
        matches!(err, ConfigError::Parse { line: Some(3), .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains(&format!("{}, line 3", path.display())),
        "{text}"
    );
    for shown in [text, format!("{err:?}")] {
        assert!(!shown.contains("tok-SECRET-1234"), "{shown}");
    }
}

#[test]
fn a_missing_file_named_with_config_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.toml");
    let err = Settings::resolve(with_config(&path)).unwrap_err();
    assert_eq!(err, ConfigError::NotFound { path: path.clone() });
    assert!(err.to_string().contains(&path.display().to_string()));
}

#[test]
fn the_long_help_names_this_machines_config_file() {
    let help = douyin_threads::cli::command()
        .render_long_help()
        .to_string();
    let path = douyin_threads::dirs::default_config_path().expect("a home directory");
    assert!(help.contains(&path.display().to_string()), "{help}");
    assert!(
        help.contains("JUSTONEAPI_TOKEN") && help.contains("--region"),
        "{help}"
    );
}

/// The real binary, with its config directory pointed at `xdg_config_home`.
#[cfg(target_os = "linux")]
fn run_binary(xdg_config_home: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_douyin-threads"))
        .args(args)
        .env("XDG_CONFIG_HOME", xdg_config_home)
        .env_remove("JUSTONEAPI_TOKEN")
        .env_remove("JUSTONEAPI_BASE_URL")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// Writes `text` where the program looks for its config under `xdg_config_home`.
fn default_config(xdg_config_home: &std::path::Path, text: &str) -> std::path::PathBuf {
    let config_dir = xdg_config_home.join("douyin-threads");
    std::fs::create_dir_all(&config_dir).unwrap();
    let path = config_dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[cfg(target_os = "linux")]
#[test]
fn help_shows_the_config_path_under_xdg_config_home() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_binary(dir.path(), &["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    let expected = dir.path().join("douyin-threads").join("config.toml");
    assert!(help.contains(&expected.display().to_string()), "{help}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_broken_default_config_stops_the_binary_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = default_config(
        dir.path(),
        "token = \"tok-SECRET-1234\"\ncache_max_age = \"soon\"\n",
    );
    let out = run_binary(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{}, line 2", path.display())),
        "{stderr}"
    );
    assert!(
        !stderr.contains("tok-SECRET-1234") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn cache_max_size_is_read_from_the_file_and_defaults_to_200_mb() {
    let (_dir, path) = write_config("cache_max_size = \"1.5GB\"\n");
    let settings = Settings::resolve(with_config(&path)).unwrap();
    assert_eq!(settings.cache_max_size, 1_500_000_000);
    let (_dir, path) = write_config("cache_max_size = 123456789\n");
    let settings = Settings::resolve(with_config(&path)).unwrap();
    assert_eq!(settings.cache_max_size, 123_456_789);
    let (_dir, path) = write_config("");
    let settings = Settings::resolve(with_config(&path)).unwrap();
    assert_eq!(settings.cache_max_size, 200_000_000);
}

#[cfg(target_os = "linux")]
#[test]
fn a_bad_cache_max_size_stops_the_binary_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = default_config(
        dir.path(),
        "cache_max_age = \"24h\"\ncache_max_size = \"lots\"\n",
    );
    for args in [&[][..], &["cache"][..]] {
        let out = run_binary(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains(&format!("{}, line 2", path.display())),
            "{stderr}"
        );
        assert!(
            stderr.contains("cache_max_size \"lots\" is not a size")
                && stderr.contains("\"200MB\""),
            "{stderr}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn the_demo_refuses_a_broken_config_file_like_everything_else() {
    for (line, bad) in [
        (2, "colour = \"blue\""),
        (3, "[keys]\nqiut = \"x\""),
        (2, "cache_max_age = \"soon\""),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = default_config(dir.path(), &format!("# mine\n{bad}\n"));
        for args in [
            &["--demo"][..],
            &["--demo", "export", "v:1", "-o", "x.csv"][..],
        ] {
            let out = run_binary(dir.path(), args);
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert_eq!(out.status.code(), Some(2), "{bad} {args:?}: {stderr}");
            assert!(
                stderr.contains(&format!("{}, line {line}", path.display())),
                "{bad} {args:?}: {stderr}"
            );
        }
    }
}

#[test]
fn the_help_lists_what_a_config_error_points_to() {
    let (_dir, path) = write_config("[keys]\nqiut = \"x\"\n");
    let err = Settings::resolve(with_config(&path))
        .unwrap_err()
        .to_string();
    assert!(err.contains("--help lists"), "{err}");
    let help = douyin_threads::cli::command()
        .render_long_help()
        .to_string();
    assert!(help.contains("[keys]"), "{help}");
    for action in ["quit", "next", "retry", "copy"] {
        assert!(help.contains(&format!(" {action},")), "{action}: {help}");
    }
}
