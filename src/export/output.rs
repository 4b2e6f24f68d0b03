//! Writing records to a file that appears whole or not at all.
//!
//! Records go to a temporary file in the destination's own directory (so the final rename
//! stays on one file system and is atomic), and only a finished export renames it into
//! place. A failed or interrupted export leaves nothing but what it was told to keep. The
//! same holds for standard output: records wait in an anonymous temporary file and are
//! copied out only at the end, so a pipeline never reads half an export as if it were
//! whole.

use super::record::{CSV_HEADER, Format, Record};
use std::fs::{File, Permissions};
use std::io::{self, BufWriter, Seek, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Excel reads a CSV file as UTF-8 (and shows Chinese correctly) only after this mark.
const UTF8_BOM: &[u8] = "\u{feff}".as_bytes();

/// Records in one format, written to `W`.
pub enum RecordWriter<W: Write> {
    Jsonl(W),
    Csv(Box<csv::Writer<W>>),
}

impl<W: Write> RecordWriter<W> {
    /// A writer that starts with what the format puts first: for CSV the BOM and the
    /// header row.
    pub fn new(format: Format, mut out: W) -> io::Result<RecordWriter<W>> {
        if format == Format::Csv {
            out.write_all(UTF8_BOM)?;
        }
        let mut writer = RecordWriter::headless(format, out);
        if let RecordWriter::Csv(csv) = &mut writer {
            csv.write_record(CSV_HEADER)?;
        }
        Ok(writer)
    }

    /// A writer of rows only, for a piece that goes after a header written elsewhere.
    pub fn headless(format: Format, out: W) -> RecordWriter<W> {
        match format {
            Format::Jsonl => RecordWriter::Jsonl(out),
            Format::Csv => RecordWriter::Csv(Box::new(
                csv::WriterBuilder::new()
                    .has_headers(false)
                    // RFC 4180 ends records with CRLF; the csv crate's default is LF.
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(out),
            )),
        }
    }

    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        match self {
            RecordWriter::Jsonl(out) => {
                serde_json::to_writer(&mut *out, record)?;
                out.write_all(b"\n")
            }
            RecordWriter::Csv(csv) => {
                let cells = record.csv_cells();
                csv.write_record(cells.iter().map(|cell| cell.as_bytes()))?;
                Ok(())
            }
        }
    }

    /// Flushes and hands back the output.
    pub fn finish(self) -> io::Result<W> {
        match self {
            RecordWriter::Jsonl(mut out) => {
                out.flush()?;
                Ok(out)
            }
            RecordWriter::Csv(csv) => csv.into_inner().map_err(|e| e.into_error()),
        }
    }
}

/// `records` in `format`, without the CSV preamble: the piece one thread adds to an export.
pub fn rows(format: Format, records: impl IntoIterator<Item = Record>) -> io::Result<Vec<u8>> {
    let mut writer = RecordWriter::headless(format, Vec::new());
    for record in records {
        writer.write(&record)?;
    }
    writer.finish()
}

/// Where an export goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    File(PathBuf),
    Stdout,
}

impl Destination {
    /// `-` is standard output, as for most command-line tools.
    pub fn from_arg(output: Option<PathBuf>) -> Destination {
        match output {
            Some(path) if path.as_os_str() != "-" => Destination::File(path),
            _ => Destination::Stdout,
        }
    }
}

impl std::fmt::Display for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Destination::File(path) => write!(f, "{}", path.display()),
            Destination::Stdout => f.write_str("standard output"),
        }
    }
}

/// An export being written: rows are appended as they come, and [`Sink::commit`] makes
/// them appear at the destination. Dropped without a commit, it leaves nothing.
pub struct Sink {
    destination: Destination,
    pending: Pending,
}

enum Pending {
    File(BufWriter<NamedTempFile>),
    Stdout(BufWriter<File>),
}

impl Sink {
    /// Opens the temporary file and writes the format's preamble. Fails before any request
    /// is made when the destination's directory does not exist or cannot be written.
    pub fn create(destination: Destination, format: Format) -> io::Result<Sink> {
        let pending = match &destination {
            Destination::File(path) => Pending::File(BufWriter::new(temp_beside(path)?)),
            Destination::Stdout => Pending::Stdout(BufWriter::new(tempfile::tempfile()?)),
        };
        let mut sink = Sink {
            destination,
            pending,
        };
        let preamble = RecordWriter::new(format, Vec::new())?.finish()?;
        sink.append(&preamble)?;
        Ok(sink)
    }

    pub fn destination(&self) -> &Destination {
        &self.destination
    }

    pub fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        match &mut self.pending {
            Pending::File(out) => out.write_all(bytes),
            Pending::Stdout(out) => out.write_all(bytes),
        }
    }

    /// Puts the export in place: renames the file over the destination (replacing one
    /// that was there), or copies it to standard output.
    pub fn commit(self) -> io::Result<()> {
        match (self.pending, self.destination) {
            (Pending::File(out), Destination::File(path)) => {
                let temp = out.into_inner().map_err(|e| e.into_error())?;
                temp.as_file().sync_all()?;
                temp.persist(&path).map_err(|e| e.error)?;
                Ok(())
            }
            (Pending::Stdout(out), _) => {
                let mut file = out.into_inner().map_err(|e| e.into_error())?;
                file.rewind()?;
                let mut stdout = io::stdout().lock();
                io::copy(&mut file, &mut stdout)?;
                stdout.flush()
            }
            (Pending::File(_), Destination::Stdout) => unreachable!("a file sink has a path"),
        }
    }
}

/// A temporary file in `path`'s directory, created with the permissions a new file gets
/// there (tempfile's own default, owner-only, would follow the rename).
fn temp_beside(path: &Path) -> io::Result<NamedTempFile> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".part")
        .permissions(Permissions::from_mode(0o666))
        .tempfile_in(dir)
}

/// Writes `records` to a new file in `dir` named `{stem}.{ext}`, or `{stem}-2.{ext}`,
/// `{stem}-3.{ext}`… when that name is taken: never over an existing file, even one that
/// appears meanwhile (the final step is a rename that refuses to replace).
pub fn save_new(
    dir: &Path,
    stem: &str,
    format: Format,
    records: impl IntoIterator<Item = Record>,
) -> io::Result<PathBuf> {
    let target = dir.join(format!("{stem}.{}", format.extension()));
    let temp = temp_beside(&target)?;
    let mut writer = RecordWriter::new(format, BufWriter::new(temp))?;
    for record in records {
        writer.write(&record)?;
    }
    let temp = writer.finish()?.into_inner().map_err(|e| e.into_error())?;
    temp.as_file().sync_all()?;
    let mut temp = temp;
    for n in 1u32.. {
        let path = match n {
            1 => target.clone(),
            n => dir.join(format!("{stem}-{n}.{}", format.extension())),
        };
        match temp.persist_noclobber(&path) {
            Ok(_) => return Ok(path),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => temp = e.file,
            Err(e) => return Err(e.error),
        }
    }
    unreachable!("some name is free")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Comment, Post};

    fn record(text: &str) -> Record {
        let comment = Comment {
            post: Post {
                cid: "7310000000000000001".into(),
                text: text.into(),
                ..Post::default()
            },
            ..Comment::default()
        };
        Record::from_comment(&comment, Some("7300000000000000001"))
    }

    #[test]
    fn csv_starts_with_a_bom_and_the_header_and_quotes_what_needs_it() {
        let mut writer = RecordWriter::new(Format::Csv, Vec::new()).unwrap();
        writer.write(&record("a, \"b\"\nc")).unwrap();
        let bytes = writer.finish().unwrap();
        assert!(bytes.starts_with(UTF8_BOM));
        let text = String::from_utf8(bytes[UTF8_BOM.len()..].to_vec()).unwrap();
        assert!(text.starts_with("kind,cid,comment_cid,"), "{text}");
        assert!(text.contains("\"a, \"\"b\"\"\nc\""), "{text}");
        assert!(text.ends_with("\r\n"));
    }

    #[test]
    fn jsonl_is_one_line_per_record() {
        let bytes = rows(Format::Jsonl, [record("一\n二"), record("三")]).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text.lines().count(), 2);
        let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(first["text"], "一\n二");
    }

    #[test]
    fn a_sink_dropped_without_commit_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let mut sink = Sink::create(Destination::File(path.clone()), Format::Jsonl).unwrap();
        sink.append(b"{}\n").unwrap();
        drop(sink);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let mut sink = Sink::create(Destination::File(path.clone()), Format::Jsonl).unwrap();
        sink.append(b"{}\n").unwrap();
        sink.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}\n");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_ne!(mode & 0o044, 0, "readable as a new file is, not owner-only");
    }

    #[test]
    fn a_sink_in_a_missing_directory_fails_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent/out.jsonl");
        assert!(Sink::create(Destination::File(path), Format::Csv).is_err());
    }

    #[test]
    fn saving_never_replaces_a_file_and_numbers_the_next_one() {
        let dir = tempfile::tempdir().unwrap();
        let first = save_new(dir.path(), "1-replies", Format::Jsonl, [record("a")]).unwrap();
        let second = save_new(dir.path(), "1-replies", Format::Jsonl, [record("b")]).unwrap();
        let third = save_new(dir.path(), "1-replies", Format::Jsonl, [record("c")]).unwrap();
        let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            [name(&first), name(&second), name(&third)],
            ["1-replies.jsonl", "1-replies-2.jsonl", "1-replies-3.jsonl"]
        );
        let kept = std::fs::read_to_string(&first).unwrap();
        assert!(kept.contains("\"a\""), "{kept}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            3,
            "no leftovers"
        );
    }
}
