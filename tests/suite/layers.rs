//! The layers the README describes, checked on the source: a module uses only modules below
//! it (or beside it, in its own layer), and no two modules use each other, directly or
//! through others. An import that points upward fails here before it decays the design.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom to top, as in the README. Modules in one layer may use each other, without cycles.
const LAYERS: &[&[&str]] = &[
    &["text", "format", "ids", "target", "dirs"],
    &["api"],
    &["library", "demo"],
    &["source"],
    &["paging"],
    &["app"],
    &["ui"],
    &[
        "logging",
        "cli",
        "config",
        "runtime",
        "launch",
        "export",
        "library_commands",
    ],
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

#[test]
fn the_check_sees_grouped_and_plain_imports() {
    let text = "use crate::api::{A, B};\nuse crate::{CommentId, paging::Paged};\nlet x = crate::text::wrap(s);";
    let used: Vec<String> = used_modules(text).into_iter().collect();
    assert_eq!(used, ["api", "ids", "paging", "text"]);
}
