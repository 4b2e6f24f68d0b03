//! The commands that print what the command line is: shell completions and the manual page,
//! generated from the same clap definitions as the parser.

use super::support::Home;

fn run(args: &[&str]) -> std::process::Output {
    Home::new()
        .command()
        .args(args)
        .output()
        .expect("the program runs")
}

#[test]
fn the_bash_completion_script_is_valid_bash_and_knows_the_subcommands() {
    let output = run(&["completions", "bash"]);
    assert!(output.status.success(), "{output:?}");
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("douyin-threads.bash");
    std::fs::write(&script, &output.stdout).unwrap();
    let checked = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash runs");
    assert!(
        checked.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    for word in [
        "export",
        "cache",
        "--max-pages",
        "--anonymize",
        "complete -F",
    ] {
        assert!(text.contains(word), "{word}");
    }
}

#[test]
fn every_shell_gets_a_script() {
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let output = run(&["completions", shell]);
        assert!(output.status.success(), "{shell}: {output:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            text.contains("douyin-threads") && text.contains("export"),
            "{shell}"
        );
    }
    let output = run(&["completions", "tcsh"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn the_man_page_is_roff_and_names_every_subcommand() {
    let output = run(&["man"]);
    assert!(output.status.success(), "{output:?}");
    let page = String::from_utf8(output.stdout).unwrap();
    assert!(page.starts_with(".ie") || page.contains(".TH"), "{page}");
    assert!(page.contains(".TH douyin-threads 1"), "{page}");
    for subcommand in ["export", "cache", "completions", "man"] {
        assert!(
            page.contains(&format!("douyin\\-threads\\-{subcommand}(1)")),
            "{subcommand}: {page}"
        );
    }
}

#[test]
fn completions_ignore_a_broken_config_file() {
    let home = Home::new();
    std::fs::create_dir_all(home.config_file().parent().unwrap()).unwrap();
    std::fs::write(home.config_file(), "colour = \"blue\"\n").unwrap();
    let output = home
        .command()
        .args(["completions", "fish"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
}
