//! The fuzz targets' bodies (`douyin_threads::fuzzing`) on stable, without the fuzzer: over
//! every seed in `fuzz/corpus/<target>/seed-*`, every input a fuzzer once crashed on in
//! `fuzz/regressions/<target>/`, and a few hundred deterministic mutations of the seeds.
//! A body panics when a promise about strangers' input breaks, so a failure here is a bug
//! a fuzzer found (or would find), replayed.

use douyin_threads::fuzzing::{self, TARGETS};
use std::path::{Path, PathBuf};

/// Mutated inputs per target: enough to leave the seeds' happy paths, cheap in debug.
const MUTATIONS: usize = 300;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files in `dir` whose names start with `prefix`, sorted (absent dir: none).
fn files(dir: &Path, prefix: &str) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .filter(|e| e.path().is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    files(&fuzz_dir().join("corpus").join(target), "seed-")
}

fn regressions(target: &str) -> Vec<(String, Vec<u8>)> {
    files(&fuzz_dir().join("regressions").join(target), "")
}

fn body(target: &str) -> fn(&[u8]) {
    TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .unwrap_or_else(|| panic!("no fuzz body named {target}"))
        .1
}

/// A tiny xorshift: the same mutations on every run, no dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that steer parsers: JSON syntax, escapes, UTF-8 lead bytes, controls.
const INTERESTING: &[u8] = b"{}[]\":,\\0-9en \n\r\t\x1b\x9b\x00\x7f\xc2\xe2\xf0\xff";

/// One to four edits of `seed`: flip a bit, set an interesting byte, cut the end, drop or
/// repeat a slice.
fn mutate(seed: &[u8], rng: &mut XorShift) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let len = out.len();
        match rng.below(5) {
            0 if len > 0 => {
                let at = rng.below(len);
                out[at] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let at = rng.below(len);
                out[at] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 => out.truncate(rng.below(len + 1)),
            3 if len > 0 => {
                let at = rng.below(len);
                let end = (at + 1 + rng.below(16)).min(len);
                out.drain(at..end);
            }
            _ if len > 0 => {
                let at = rng.below(len);
                let end = (at + 1 + rng.below(32)).min(len);
                let slice = out[at..end].to_vec();
                let to = rng.below(len + 1);
                out.splice(to..to, slice);
            }
            _ => out.push(INTERESTING[rng.below(INTERESTING.len())]),
        }
    }
    out
}

/// Runs `target`'s body over its seeds, its regressions and their mutations; a panic names
/// the input that caused it.
fn survives(target: &str) {
    let run = body(target);
    let seeds = seeds(target);
    assert!(
        !seeds.is_empty(),
        "fuzz/corpus/{target}/ has no seed-* file"
    );
    for (name, input) in seeds.iter().chain(&regressions(target)) {
        replay(run, target, name, input);
    }
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15 ^ target.len() as u64);
    for i in 0..MUTATIONS {
        let (name, seed) = &seeds[rng.below(seeds.len())];
        let input = mutate(seed, &mut rng);
        replay(run, target, &format!("mutation {i} of {name}"), &input);
    }
}

fn replay(run: fn(&[u8]), target: &str, name: &str, input: &[u8]) {
    let outcome = std::panic::catch_unwind(|| run(input));
    if let Err(panic) = outcome {
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("(no message)");
        panic!(
            "{target} failed on {name}: {message}\ninput: {:?}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn every_fuzz_target_has_a_body_and_seeds() {
    let mut targets: Vec<String> = std::fs::read_dir(fuzz_dir().join("fuzz_targets"))
        .unwrap()
        .flatten()
        .map(|e| {
            e.file_name()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_owned()
        })
        .collect();
    targets.sort();
    let mut bodies: Vec<String> = TARGETS.iter().map(|(name, _)| (*name).to_owned()).collect();
    bodies.sort();
    assert_eq!(
        targets, bodies,
        "fuzz/fuzz_targets/ and fuzzing::TARGETS differ"
    );
    for target in &targets {
        assert!(
            !seeds(target).is_empty(),
            "fuzz/corpus/{target}/ has no seed-* file"
        );
    }
}

#[test]
fn a_replies_page_of_any_bytes_decodes_or_is_refused_cleanly() {
    survives("decode_replies");
}

#[test]
fn a_comments_page_of_any_bytes_decodes_or_is_refused_cleanly() {
    survives("decode_comments");
}

#[test]
fn a_profile_of_any_bytes_decodes_or_is_refused_cleanly() {
    survives("decode_profile");
}

#[test]
fn a_share_answer_of_any_bytes_is_a_video_or_a_clean_refusal() {
    survives("decode_share");
}

#[test]
fn anything_pasted_opens_or_is_refused_cleanly() {
    survives("parse_input");
}

#[test]
fn any_text_wraps_within_its_width_and_draws_no_control_character() {
    survives("render_text");
}

#[test]
fn the_insights_of_any_bytes_hold_clean_labels_and_real_items() {
    survives("insights");
}

#[test]
fn the_bodies_reject_what_they_promise_to_reject() {
    // A body that cannot fail would prove nothing: an unsanitized cell must be caught.
    let caught = std::panic::catch_unwind(|| {
        let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 4, 1));
        buf[(0, 0)].set_symbol("\u{1b}");
        fuzzing::check_cells(&buf);
    });
    assert!(caught.is_err());
}

#[test]
fn whatever_another_program_wrote_into_the_library_reads_back_clean() {
    survives("library_read_back");
}
