//! The layers the README describes, checked on the source: a module uses only modules below
//! it (or beside it, in its own layer), and no two modules use each other, directly or
//! through others. An import that points upward fails here before it decays the design.
//! The same goes for the crates outside: a terminal, argument or HTTP library is used only
//! in the places the README names for it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom to top, as in the README. Modules in one layer may use each other, without cycles.
const LAYERS: &[&[&str]] = &[
    &["text", "format", "ids", "target", "dirs"],
    &["api"],
    &["library", "demo"],
    &["source"],
    &["paging"],
    &["insights"],
    &["app"],
    &["ui"],
    &["logging", "cli", "config", "runtime", "launch", "export"],
    // The commands beside the reader: words and exit codes over the layer below.
    &["commands"],
    // The fuzz targets' bodies reach every layer, and nothing uses them.
    &["fuzzing"],
];

/// What the crate root re-exports, by the module it comes from.
const ROOT_REEXPORTS: &[(&str, &str)] = &[
    ("CommentId", "ids"),
    ("VideoId", "ids"),
    ("InvalidCommentId", "ids"),
    ("InvalidVideoId", "ids"),
];

/// External crates that only some places may use. A place is a module with everything
/// under it (`ui`: `src/ui.rs` and `src/ui/…`), or one file (`app/keymap.rs`).
const CONFINED: &[(&str, &[&str])] = &[
    // Arguments: the command line and the settings made from it.
    ("clap", &["cli", "config"]),
    ("clap_complete", &["cli", "commands"]),
    ("clap_mangen", &["cli"]),
    // The terminal: drawing, the loop, and the one table that reads keys.
    ("crossterm", &["ui", "runtime", "app/keymap.rs"]),
    ("ratatui", &["ui", "runtime", "app/keymap.rs"]),
    // The wire, the config file's syntax, the export's formats and its progress line.
    ("reqwest", &["api"]),
    ("toml", &["config"]),
    ("csv", &["export"]),
    ("indicatif", &["export"]),
    ("console", &["export"]),
    ("hmac", &["export"]),
];

/// Uses of a confined crate that are there today, each with why. The list may only
/// shrink: a new use elsewhere fails the test.
const KNOWN_EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "crossterm",
        "app.rs",
        "Msg carries crossterm's key and mouse events into update",
    ),
    (
        "crossterm",
        "app/msg.rs",
        "Msg carries crossterm's key and mouse events into update",
    ),
    ("crossterm", "app/tests.rs", "the tests build those events"),
    (
        "ratatui",
        "app.rs",
        "the app hit-tests the mouse on ratatui's Rect",
    ),
    (
        "ratatui",
        "app/layout.rs",
        "the pane layout, computed below both update and render",
    ),
    ("ratatui", "app/tests.rs", "the tests build those areas"),
    (
        "ratatui",
        "app/advice.rs",
        "its tests open a reader in an area",
    ),
    // The fuzz targets' bodies reach every layer, and nothing uses them.
    ("ratatui", "fuzzing", "renders what it fuzzes"),
];

fn layer_of(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|layer| layer.contains(&module))
        .unwrap_or_else(|| {
            panic!("module `{module}` is in no layer: add it to LAYERS and the README")
        })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `src/app/keymap.rs` is part of `app`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    (!matches!(name, "lib" | "main")).then(|| name.to_owned())
}

/// The top-level modules `text` names through `crate::…`, grouped imports included.
fn used_modules(text: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let names: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => group
                .split('}')
                .next()
                .unwrap_or_default()
                .split(',')
                .map(|item| item.trim().split("::").next().unwrap_or_default())
                .collect(),
            None => vec![
                rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
                    .unwrap_or_default(),
            ],
        };
        for name in names.into_iter().filter(|n| !n.is_empty()) {
            let module = ROOT_REEXPORTS
                .iter()
                .find(|(item, _)| *item == name)
                .map_or(name, |(_, module)| module);
            used.insert(module.to_owned());
        }
    }
    used
}

fn crate_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let Some(module) = module_of(&src, &file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        // Comments may name any module (a doc link is not a dependency).
        let code: String = text
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let uses = used_modules(&code);
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(uses.into_iter().filter(|m| *m != module));
    }
    graph
}

#[test]
fn no_module_uses_a_module_above_it() {
    let mut upward = Vec::new();
    for (module, uses) in crate_graph() {
        for used in uses {
            if layer_of(&used) > layer_of(&module) {
                upward.push(format!("{module} -> {used}"));
            }
        }
    }
    assert_eq!(upward, Vec::<String>::new(), "imports that point upward");
}

#[test]
fn no_two_modules_depend_on_each_other() {
    let graph = crate_graph();
    // Depth-first search for a path back to where it started.
    fn reaches(
        graph: &BTreeMap<String, BTreeSet<String>>,
        from: &str,
        to: &str,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in graph.get(from).into_iter().flatten() {
            if next == to || (seen.insert(next.clone()) && reaches(graph, next, to, seen)) {
                return true;
            }
        }
        false
    }
    let cycles: Vec<&String> = graph
        .keys()
        .filter(|module| reaches(&graph, module, module, &mut BTreeSet::new()))
        .collect();
    assert_eq!(cycles, Vec::<&String>::new(), "modules in an import cycle");
}

/// `src/app/keymap.rs` is at `app/keymap.rs`.
fn place_of(src: &Path, file: &Path) -> String {
    file.strip_prefix(src)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// Whether `file` (as [`place_of`] writes it) is in `place`.
fn is_in(file: &str, place: &str) -> bool {
    if place.ends_with(".rs") {
        return file == place;
    }
    file == format!("{place}.rs") || file.starts_with(&format!("{place}/"))
}

/// The external crates among `candidates` that `text` names as `crate::…` or `use crate`,
/// outside comments and string literals.
fn crates_used(text: &str, candidates: &[&str]) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        for name in candidates {
            for (at, _) in line.match_indices(&format!("{name}::")) {
                let before = line[..at].chars().next_back();
                let joined = before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
                let in_string = line[..at].matches('"').count() % 2 == 1;
                if !joined && !in_string {
                    used.insert((*name).to_owned());
                }
            }
        }
    }
    used
}

#[test]
fn external_crates_are_used_only_where_they_belong() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let names: Vec<&str> = CONFINED.iter().map(|(name, _)| *name).collect();
    let mut misplaced = Vec::new();
    let mut seen_exceptions = BTreeSet::new();
    for file in files {
        let place = place_of(&src, &file);
        let text = std::fs::read_to_string(&file).unwrap();
        for name in crates_used(&text, &names) {
            let allowed = CONFINED
                .iter()
                .find(|(confined, _)| *confined == name)
                .is_some_and(|(_, places)| places.iter().any(|p| is_in(&place, p)));
            let excepted = KNOWN_EXCEPTIONS
                .iter()
                .find(|(krate, at, _)| *krate == name && is_in(&place, at));
            match (allowed, excepted) {
                (true, _) => {}
                (false, Some(exception)) => {
                    seen_exceptions.insert(*exception);
                }
                (false, None) => misplaced.push(format!("{place} uses {name}")),
            }
        }
    }
    assert_eq!(
        misplaced,
        Vec::<String>::new(),
        "crates used outside their place"
    );
    let stale: Vec<_> = KNOWN_EXCEPTIONS
        .iter()
        .filter(|exception| !seen_exceptions.contains(*exception))
        .map(|(krate, at, _)| format!("{at} no longer uses {krate}: remove the exception"))
        .collect();
    assert_eq!(stale, Vec::<String>::new(), "exceptions that are gone");
}

#[test]
fn the_crate_check_sees_paths_and_imports_but_not_comments_or_strings() {
    let text = "use clap::Parser;\n// crossterm::x in a comment\nlet t = \"reqwest::connect\";\n\
                crossterm::execute!(out)?;\nlet r: my_csv::Row = x; let c = crate::csv::x;";
    let used: Vec<String> = crates_used(text, &["clap", "crossterm", "reqwest", "csv"])
        .into_iter()
        .collect();
    assert_eq!(used, ["clap", "crossterm"]);
    assert!(is_in("ui/list.rs", "ui") && is_in("ui.rs", "ui") && !is_in("uix.rs", "ui"));
    assert!(is_in("app/keymap.rs", "app/keymap.rs") && !is_in("app.rs", "app/keymap.rs"));
}

#[test]
fn the_check_sees_grouped_and_plain_imports() {
    let text = "use crate::api::{A, B};\nuse crate::{CommentId, paging::Paged};\nlet x = crate::text::wrap(s);";
    let used: Vec<String> = used_modules(text).into_iter().collect();
    assert_eq!(used, ["api", "ids", "paging", "text"]);
}
