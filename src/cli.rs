//! The command line. Values are only collected here; [`crate::config::Settings::resolve`]
//! merges them with the config file, and the comment ID is validated by the app so that
//! a typo is shown where the person can fix it.

use crate::api::{Region, Token};
use crate::dirs;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// Read the reply threads under Douyin comments, in the terminal.
#[derive(Debug, Clone, Default, PartialEq, Parser)]
#[command(
    name = "douyin-threads",
    version,
    about,
    long_about = LONG_ABOUT
)]
pub struct Cli {
    /// Instead of the reader: `export`, `insights`, `cache` (show or clear the page cache),
    /// or `completions` and `man` (print a shell's completion script, or the manual page).
    #[command(subcommand)]
    pub command: Option<Command>,

    /// What to open: a top-level comment's ID (its replies), a video link such as
    /// https://www.douyin.com/video/7300000000000000001 (its comments), a v.douyin.com share
    /// link or the whole share text copied from the app, or v:VIDEO_ID.
    #[arg(value_name = "TARGET", conflicts_with = "video")]
    pub target: Option<String>,

    /// A video's numeric ID, to open its comments (a bare number is a comment ID).
    #[arg(long, value_name = "VIDEO_ID")]
    pub video: Option<String>,

    /// Just One API token (prefer the environment variable or the config file: a flag is
    /// visible to other users in the process list).
    #[arg(long, global = true, env = "JUSTONEAPI_TOKEN", hide_env_values = true, value_name = "TOKEN", value_parser = parse_token)]
    pub token: Option<Token>,

    /// The API server, e.g. http://127.0.0.1:8787 for a local mock.
    #[arg(
        long,
        global = true,
        env = "JUSTONEAPI_BASE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub base_url: Option<String>,

    /// Which of the vendor's servers to use: global (https://api.justoneapi.com) or cn
    /// (the mainland-China server, http://47.117.133.51:30015).
    #[arg(long, global = true, value_name = "REGION", value_parser = region_parser())]
    pub region: Option<Region>,

    /// Browse the bundled demo threads: no token, no network.
    #[arg(long, global = true)]
    pub demo: bool,

    /// Read only pages already in the cache; send no request.
    #[arg(long, global = true, conflicts_with = "refresh")]
    pub offline: bool,

    /// Fetch pages again even when the cache holds a fresh copy.
    #[arg(long, global = true)]
    pub refresh: bool,

    /// Use this config file instead of the default one (see the end of --help).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Use this library file (everything loaded, in one SQLite database) instead of the
    /// one in the data directory, or the config file's `library_path`.
    #[arg(long, global = true, value_name = "PATH")]
    pub library: Option<PathBuf>,
}

/// What the program does instead of opening the reader.
#[derive(Debug, Clone, PartialEq, Subcommand)]
pub enum Command {
    /// Write a comment's replies, or a whole video's comments and replies, to JSON Lines
    /// or CSV. Every page goes through the cache: an interrupted export resumes for free.
    Export(ExportArgs),
    /// What a comment's replies, or a video's comments, say, where they come from, when and
    /// who wrote them: top words, regions, hours, authors. Fetches like export.
    Insights(InsightsArgs),
    /// Where the page cache is and how full it is; `cache clear` empties it.
    Cache {
        #[command(subcommand)]
        action: Option<CacheAction>,
    },
    /// Print the shell completion script for SHELL on standard output (the README says
    /// where each shell looks for it).
    Completions {
        #[arg(value_name = "SHELL", value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on standard output, e.g. for
    /// `douyin-threads man > ~/.local/share/man/man1/douyin-threads.1`.
    Man,
    /// Search every comment and reply in the library, newest first. Sends no request:
    /// it needs no token and no network.
    Search(SearchArgs),
    /// Where the library is, its size and what it holds; `library forget TARGET` removes
    /// one list and its items.
    Library {
        #[command(subcommand)]
        action: Option<LibraryAction>,
    },
}

/// `douyin-threads search QUERY`.
#[derive(Debug, Clone, PartialEq, Args)]
pub struct SearchArgs {
    /// Found in the text or the nickname, whatever the case or width (ＡＢＣ finds abc);
    /// any part of a word, Chinese too.
    #[arg(value_name = "QUERY")]
    pub query: String,
    /// Only under this video (its numeric ID).
    #[arg(long, value_name = "ID")]
    pub video: Option<String>,
    /// Only by this author: a uid or Douyin ID, or part of a nickname.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// Only written on or after this day (Beijing time), e.g. 2024-01-31.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// At most this many hits, the newest.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: usize,
    /// text: one hit a line; jsonl and csv: the export's fields.
    #[arg(long, value_enum, default_value_t = SearchFormat::Text)]
    pub format: SearchFormat,
}

/// How `search` prints its hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SearchFormat {
    /// One hit a line: time, author, likes, list, text cut to the width.
    #[default]
    Text,
    /// One JSON object a hit, with the export's fields.
    Jsonl,
    /// The export's CSV columns, with a header row.
    Csv,
}

/// `douyin-threads library …`: without one, the library's place, size and counts.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum LibraryAction {
    /// Remove one list and its items: a video (its ID or link: its comments; a share
    /// link or text the library resolved before) or a top-level comment's ID (its
    /// replies). Sends nothing.
    Forget {
        #[arg(value_name = "TARGET")]
        target: String,
    },
}

/// `douyin-threads cache …`: without one, the cache's place, size and limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum CacheAction {
    /// Remove every cached page and say how much space that freed. Only what the cache
    /// wrote is removed; anything else in its directory stays.
    Clear,
}

const LONG_ABOUT: &str = "Read the reply threads under Douyin comments, in the terminal.\n\n\
Opens a comment's replies, or a video's comments from a link or share text, and reads them \
page by page from Just One API's paid endpoints (get-video-sub-comment/v1, \
get-video-comment/v1, share-url-transfer/v1); each page that arrives is one billed call.";

/// `douyin-threads export TARGET`.
#[derive(Debug, Clone, PartialEq, Args)]
#[command(after_help = EXPORT_AFTER_HELP)]
pub struct ExportArgs {
    /// What to export: a top-level comment's ID (its replies), or a video link, share
    /// link, share text or v:VIDEO_ID (every comment and every reply under each).
    #[arg(
        value_name = "TARGET",
        required_unless_present = "video",
        conflicts_with = "video"
    )]
    pub target: Option<String>,

    /// A video's numeric ID (a bare number is a comment ID).
    #[arg(long, value_name = "VIDEO_ID")]
    pub video: Option<String>,

    /// jsonl (one JSON object a line) or csv (UTF-8 with a BOM, for spreadsheets). Default:
    /// from the output file's extension, else jsonl.
    #[arg(long, value_name = "FORMAT", value_parser = ["jsonl", "csv"])]
    pub format: Option<String>,

    /// The file to write (replaced whole at the end, never half-written; through a symlink,
    /// the file it leads to; a FIFO or device is written through); standard output without
    /// it, or with -.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// At most N pages of each list: the video's comments, and each comment's replies.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_pages: Option<u32>,

    /// Requests in flight at once, over different threads (a thread's pages stay in order).
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    pub jobs: u16,

    /// When something cannot be fetched, write what was and say what is missing (exit code
    /// 3) instead of writing nothing (exit code 1).
    #[arg(long)]
    pub partial: bool,

    /// Replace uid, sec_uid, short_id and unique_id by a keyed hash (HMAC-SHA256), and an
    /// @nickname in a text by that person's pseudonym where the export knows them; drop
    /// nicknames, signatures and profile links. For publishing an analysis.
    #[arg(long)]
    pub anonymize: bool,

    /// The key for --anonymize: the same salt gives the same pseudonyms in every export.
    /// Without it, a random key is used and forgotten.
    #[arg(long, value_name = "SALT", requires = "anonymize")]
    pub salt: Option<String>,
}

const EXPORT_AFTER_HELP: &str = "\
Exit codes: 0 everything was exported; 1 something could not be fetched and nothing was
written, or FILE cannot be written (a directory, a socket); 2 a usage, config or token
problem (nothing was sent); 3 written with gaps (--partial); 130 interrupted.

Examples:
  douyin-threads export 7251524159191958327 -o replies.csv
  douyin-threads export 'https://www.douyin.com/video/7300000000000000001' -o video.jsonl
  douyin-threads --demo export v:7611482632820765316 --format csv > demo.csv";

/// `global` or `cn`: the API's `Region`, named for the command line here so that the API
/// layer knows nothing of clap.
fn region_parser() -> impl clap::builder::TypedValueParser<Value = Region> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(["global", "cn"]).map(|name| match name.as_str() {
        "cn" => Region::Cn,
        _ => Region::Global,
    })
}

/// `douyin-threads insights TARGET`.
#[derive(Debug, Clone, PartialEq, Args)]
#[command(after_help = INSIGHTS_AFTER_HELP)]
pub struct InsightsArgs {
    /// What to analyse: a top-level comment's ID (its replies), or a video link, share
    /// link, share text or v:VIDEO_ID (its comments; with --replies, theirs too).
    #[arg(
        value_name = "TARGET",
        required_unless_present = "video",
        conflicts_with = "video"
    )]
    pub target: Option<String>,

    /// A video's numeric ID (a bare number is a comment ID).
    #[arg(long, value_name = "VIDEO_ID")]
    pub video: Option<String>,

    /// text (one row per entry, for grep), json (one document) or md (a Markdown report).
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = ["text", "json", "md"])]
    pub format: String,

    /// How many rows each section lists.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub top: u32,

    /// For a video: every comment's replies too, analysed with the comments.
    #[arg(long)]
    pub replies: bool,

    /// At most N pages of each list: the video's comments, and each comment's replies.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_pages: Option<u32>,

    /// Requests in flight at once, over different threads (with --replies).
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    pub jobs: u16,

    /// When something cannot be fetched, analyse what was and say what is missing (exit
    /// code 3) instead of printing nothing (exit code 1).
    #[arg(long)]
    pub partial: bool,
}

const INSIGHTS_AFTER_HELP: &str = "\
Exit codes: as for export: 0 everything was analysed; 1 something could not be fetched and
nothing was printed; 2 a usage, config or token problem (nothing was sent); 3 printed with
gaps (--partial); 130 interrupted.

Examples:
  douyin-threads insights 7251524159191958327
  douyin-threads insights v:7300000000000000001 --replies --format md > report.md
  douyin-threads --demo insights v:7611482632820765316 --format json --top 20";

fn parse_token(raw: &str) -> Result<Token, String> {
    // The message never repeats the value: it is a secret even when malformed.
    Token::new(raw).ok_or_else(|| "the token is empty".to_owned())
}

/// The clap command with the help texts that depend on this machine's paths.
pub fn command() -> clap::Command {
    let config_path = dirs::default_config_path();
    let cmd = ignore_blank_env(Cli::command(), |name| std::env::var_os(name));
    cmd.after_help(short_after_help(config_path.as_deref()))
        .after_long_help(long_after_help(
            config_path.as_deref(),
            dirs::default_library_path().as_deref(),
            dirs::default_log_dir().as_deref(),
        ))
}

/// The completion script for `shell`, generated from the same definitions as the parser.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), "douyin-threads", &mut script);
    script
}

/// The manual page, in roff, generated from the same definitions as the parser.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command()).render(&mut page)?;
    Ok(page)
}

/// Parses the process's arguments; prints help, version or a usage error and exits
/// as clap does.
pub fn parse() -> Cli {
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches)
        .and_then(nothing_stray)
        .unwrap_or_else(|e| e.exit())
}

/// Parses the given arguments (the first one is the program name), for tests and tools.
pub fn try_parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = command().try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches).and_then(nothing_stray)
}

/// A TARGET or `--video` before a subcommand would be silently ignored (`douyin-threads
/// 7251… export`): a usage error instead, saying where it goes.
fn nothing_stray(cli: Cli) -> Result<Cli, clap::Error> {
    let stray = cli
        .target
        .clone()
        .or_else(|| cli.video.clone().map(|v| format!("--video {v}")));
    let (Some(command), Some(stray)) = (&cli.command, stray) else {
        return Ok(cli);
    };
    let message = match command {
        Command::Export(_) => format!(
            "`{stray}` before `export` is not what gets exported: the target goes after it, \
             e.g. douyin-threads export {}\n",
            stray.trim_start_matches("--video ")
        ),
        Command::Insights(_) => format!(
            "`{stray}` before `insights` is not what gets analysed: the target goes after it, \
             e.g. douyin-threads insights {}\n",
            stray.trim_start_matches("--video ")
        ),
        Command::Cache { .. } => format!("`cache` opens nothing: leave out `{stray}`\n"),
        Command::Completions { .. }
        | Command::Man
        | Command::Search(_)
        | Command::Library { .. } => {
            format!("this command opens nothing: leave out `{stray}`\n")
        }
    };
    Err(command_error(message))
}

fn command_error(message: String) -> clap::Error {
    clap::Error::raw(clap::error::ErrorKind::ArgumentConflict, message).with_cmd(&self::command())
}

/// Stops reading environment variables that are set but blank: `JUSTONEAPI_TOKEN=` means
/// "no token from here" (so the config file's applies), not an empty, invalid token.
fn ignore_blank_env(cmd: clap::Command, var: impl Fn(&OsStr) -> Option<OsString>) -> clap::Command {
    let blank: Vec<clap::Id> = cmd
        .get_arguments()
        .filter(|arg| {
            arg.get_env()
                .and_then(&var)
                .is_some_and(|value| value.to_string_lossy().trim().is_empty())
        })
        .map(|arg| arg.get_id().clone())
        .collect();
    blank
        .into_iter()
        .fold(cmd, |cmd, id| cmd.mut_arg(id, |arg| arg.env(None::<&str>)))
}

fn shown(path: Option<&Path>) -> String {
    path.map_or_else(
        || "(no home directory found)".to_owned(),
        |p| p.display().to_string(),
    )
}

fn short_after_help(config_path: Option<&Path>) -> String {
    format!(
        "Config file: {}\nSee --help for settings, environment variables and the config file keys.",
        shown(config_path)
    )
}

fn long_after_help(
    config_path: Option<&Path>,
    library_path: Option<&Path>,
    log_dir: Option<&Path>,
) -> String {
    let exists = match config_path {
        Some(p) if p.is_file() => " (exists)",
        Some(_) => " (not created yet)",
        None => "",
    };
    format!(
        "\
Where each setting comes from (the first one found wins):
  token     --token, then $JUSTONEAPI_TOKEN, then `token` in the config file
  base URL  --base-url or $JUSTONEAPI_BASE_URL, then --region, then `base_url` in the
            config file, then `region` in the config file, then {global}
  --region cn picks the vendor's mainland-China server {cn} (plain HTTP).

Config file: {config}{exists}
  (--config PATH reads another file.) A TOML file; every key is optional:
    token = \"your-token\"                 # your Just One API token
    base_url = \"http://127.0.0.1:8787\"   # another server, e.g. a local mock
    region = \"cn\"                        # \"global\" or \"cn\"
    cache_max_age = \"24h\"                # how long a cached page counts as fresh:
                                         # \"90m\", \"7d\", \"3600s\" or a number of seconds
    cache_max_size = \"200MB\"             # how much the cache may hold; the entries read
                                         # least recently go first: \"1.5GB\", \"500MB\"
    library_path = \"/data/library.sqlite3\" # where the library is (or --library PATH)
    [keys]                               # new keys for an action, replacing its own:
    quit = \"x\"                           # one key, or several:
    next = [\"j\", \"Down\", \"Ctrl-N\"]       # keys as the help screen (?) writes them
  The actions [keys] can name:
{actions}

Environment variables:
  JUSTONEAPI_TOKEN      the token
  JUSTONEAPI_BASE_URL   the API server
  DOUYIN_THREADS_LOG    log filter, e.g. \"debug\" (default \"info\")

Library: {library}
       everything loaded (SQLite; the README documents its tables). What it holds:
       douyin-threads library · its page cache: douyin-threads cache [clear]
Log:   {log}/douyin-threads.log (the token is never written there)

Each page that arrives is a billed call. Failures with codes 100 (token), 303 (daily quota),
400 (comment ID), 600 (permission) and 601 (balance) are never retried automatically.",
        global = crate::api::GLOBAL_BASE_URL,
        cn = crate::api::CN_BASE_URL,
        config = shown(config_path),
        library = shown(library_path),
        log = shown(log_dir),
        actions = key_names(),
    )
}

/// The names `[keys]` accepts, wrapped to fit 80 columns.
fn key_names() -> String {
    let keymap = crate::app::Keymap::default();
    let mut names: Vec<&str> = Vec::new();
    for binding in keymap.bindings() {
        if !names.contains(&binding.name) {
            names.push(binding.name);
        }
    }
    let mut lines = vec![String::from("   ")];
    for name in names {
        let line = lines.last_mut().expect("one line at least");
        if line.len() + name.len() + 2 > 78 {
            lines.push(format!("    {name},"));
        } else {
            line.push_str(&format!(" {name},"));
        }
    }
    let mut text = lines.join("\n");
    text.pop();
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn flags_parse_and_the_token_debug_is_redacted() {
        let cli = try_parse_from([
            "douyin-threads",
            "7251524159191958327",
            "--token",
            "tok-SECRET-1234",
            "--region",
            "cn",
            "--refresh",
            "--config",
            "/tmp/x.toml",
        ])
        .unwrap();
        assert_eq!(cli.target.as_deref(), Some("7251524159191958327"));
        assert_eq!(
            cli.token.as_ref().map(Token::expose),
            Some("tok-SECRET-1234")
        );
        assert_eq!(cli.region, Some(Region::Cn));
        let global = try_parse_from(["douyin-threads", "--region", "global"]).unwrap();
        assert_eq!(global.region, Some(Region::Global));
        let err = try_parse_from(["douyin-threads", "--region", "eu"]).unwrap_err();
        assert!(
            err.to_string().contains("[possible values: global, cn]"),
            "{err}"
        );
        assert!(cli.refresh && !cli.offline && !cli.demo);
        assert_eq!(cli.config.as_deref(), Some(Path::new("/tmp/x.toml")));
        assert!(!format!("{cli:?}").contains("SECRET"));
    }

    #[test]
    fn a_video_is_named_with_a_flag_since_a_bare_number_is_a_comment() {
        let cli = try_parse_from(["douyin-threads", "--video", "7300000000000000001"]).unwrap();
        assert_eq!(cli.video.as_deref(), Some("7300000000000000001"));
        assert!(
            try_parse_from(["douyin-threads", "--video", "1", "2"]).is_err(),
            "a target and --video contradict each other"
        );
    }

    #[test]
    fn export_is_a_subcommand_and_takes_the_usual_flags_after_it() {
        let cli = try_parse_from([
            "douyin-threads",
            "export",
            "7251524159191958327",
            "-o",
            "out.csv",
            "--jobs",
            "8",
            "--token",
            "tok-SECRET-1234",
            "--refresh",
        ])
        .unwrap();
        let Some(Command::Export(args)) = &cli.command else {
            panic!("not an export: {cli:?}");
        };
        assert_eq!(args.target.as_deref(), Some("7251524159191958327"));
        assert_eq!(args.output.as_deref(), Some(Path::new("out.csv")));
        assert_eq!(
            (args.jobs, args.format.as_deref(), args.partial),
            (8, None, false)
        );
        assert!(cli.refresh && cli.token.is_some() && cli.target.is_none());
        assert!(
            try_parse_from(["douyin-threads", "export"]).is_err(),
            "no target"
        );
        assert!(try_parse_from(["douyin-threads", "export", "1", "--jobs", "0"]).is_err());
        assert!(try_parse_from(["douyin-threads", "export", "1", "--salt", "s"]).is_err());
    }

    #[test]
    fn cache_is_a_subcommand_with_an_optional_clear() {
        let cli = try_parse_from(["douyin-threads", "cache"]).unwrap();
        assert_eq!(cli.command, Some(Command::Cache { action: None }));
        let cli = try_parse_from(["douyin-threads", "cache", "clear"]).unwrap();
        assert_eq!(
            cli.command,
            Some(Command::Cache {
                action: Some(CacheAction::Clear)
            })
        );
        assert!(try_parse_from(["douyin-threads", "cache", "wipe"]).is_err());
    }

    #[test]
    fn a_target_before_a_subcommand_is_refused_not_ignored() {
        let err =
            try_parse_from(["douyin-threads", "7251524159191958327", "export", "v:1"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::ArgumentConflict);
        assert!(
            err.to_string().contains(
                "the target goes after it, e.g. douyin-threads export 7251524159191958327"
            ),
            "{err}"
        );
        let err = try_parse_from(["douyin-threads", "--video", "7", "cache"]).unwrap_err();
        assert!(err.to_string().contains("leave out `--video 7`"), "{err}");
        assert!(try_parse_from(["douyin-threads", "--demo", "export", "v:1"]).is_ok());
    }

    #[test]
    fn completions_take_a_shell_and_man_takes_nothing() {
        let cli = try_parse_from(["douyin-threads", "completions", "zsh"]).unwrap();
        assert_eq!(
            cli.command,
            Some(Command::Completions {
                shell: clap_complete::Shell::Zsh
            })
        );
        assert!(try_parse_from(["douyin-threads", "completions", "tcsh"]).is_err());
        assert_eq!(
            try_parse_from(["douyin-threads", "man"]).unwrap().command,
            Some(Command::Man)
        );
    }

    #[test]
    fn offline_and_refresh_contradict_each_other() {
        assert!(try_parse_from(["douyin-threads", "--offline", "--refresh"]).is_err());
    }

    #[test]
    fn a_blank_token_flag_is_refused_without_echoing_it() {
        let err = try_parse_from(["douyin-threads", "--token", "   "]).unwrap_err();
        assert!(err.to_string().contains("the token is empty"), "{err}");
    }

    #[test]
    fn blank_environment_variables_count_as_unset() {
        let blank_token = |name: &OsStr| (name == "JUSTONEAPI_TOKEN").then(|| OsString::from(" "));
        let cmd = ignore_blank_env(Cli::command(), blank_token);
        let env_of = |id: &str| {
            let arg = cmd.get_arguments().find(|a| a.get_id() == id).unwrap();
            arg.get_env().map(OsStr::to_owned)
        };
        assert_eq!(env_of("token"), None);
        assert_eq!(
            env_of("base_url"),
            Some(OsString::from("JUSTONEAPI_BASE_URL"))
        );
    }

    #[test]
    fn long_help_explains_precedence_env_and_the_real_config_path() {
        let help = command().render_long_help().to_string();
        for needle in [
            "JUSTONEAPI_TOKEN",
            "JUSTONEAPI_BASE_URL",
            "cache_max_age",
            "cache_max_size = \"200MB\"",
            "47.117.133.51:30015",
            "[keys]",
            "quit, ",
            "next, ",
        ] {
            assert!(help.contains(needle), "missing {needle}");
        }
        if let Some(path) = dirs::default_config_path() {
            assert!(help.contains(&path.display().to_string()));
        }
    }
}
