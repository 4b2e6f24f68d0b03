//! Writing records to a file that appears whole or not at all.
//!
//! Records go to a temporary file in the destination's own directory (so the final rename
//! stays on one file system and is atomic), and only a finished export renames it into
//! place. A failed or interrupted export leaves nothing but what it was told to keep. The
//! same holds for standard output: records wait in an anonymous temporary file and are
//! copied out only at the end, so a pipeline never reads half an export as if it were
//! whole.
//!
//! Only a regular file (or a new one) is ever replaced. A symlink is followed and the file
//! it leads to is replaced, so the link stays a link; a character device or a FIFO is
//! written through at the end, as a shell's `>` would (`-o /dev/null` stays a device); a
//! directory or a socket is refused before anything is fetched.

use super::record::{COLUMNS, Format, Record};
use std::fs::{File, OpenOptions, Permissions};
use std::io::{self, BufWriter, Seek, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
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
            csv.write_record(COLUMNS.iter().map(|column| column.name))?;
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
                for cell in record.csv_cells() {
                    csv.write_field(cell.as_bytes())?;
                }
                // An empty record after the fields ends the row.
                csv.write_record(None::<&[u8]>)?;
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
    /// Renamed over `target` at the end: the path given, or where its symlinks lead.
    Replace {
        out: BufWriter<NamedTempFile>,
        target: PathBuf,
    },
    /// Held in an anonymous file and copied out at the end, as a shell's `>` would write.
    Copy { out: BufWriter<File>, to: Stream },
}

/// Where a [`Pending::Copy`] goes.
enum Stream {
    Stdout,
    /// A character device or a FIFO, opened for writing only when the export is whole
    /// (a FIFO's open waits for its reader).
    Through(PathBuf),
}

/// What a path names, as far as writing an export to it goes.
#[derive(Debug, PartialEq, Eq)]
enum Place {
    /// A regular file, or nothing yet: written beside it and renamed into place. For a
    /// symlink, the file it leads to (the link stays a link).
    File(PathBuf),
    /// A character device or a FIFO: written through, never replaced.
    Through(PathBuf),
}

/// Symlinks followed before giving up, as the kernel does (`ELOOP`).
const MAX_LINKS: usize = 40;

impl Place {
    /// What `path` is, following symlinks. A directory or a socket is refused: an export
    /// cannot go there, and saying so before anything is fetched costs nothing.
    fn of(path: &Path) -> io::Result<Place> {
        let kind = match std::fs::metadata(path) {
            Ok(meta) => meta.file_type(),
            // Nothing there yet, or a link to nothing yet: the file is made where it leads.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Place::File(ends_at(path)?));
            }
            Err(e) => return Err(e),
        };
        if kind.is_file() {
            Ok(Place::File(std::fs::canonicalize(path)?))
        } else if kind.is_char_device() || kind.is_fifo() {
            // Opened by the name given: /dev/fd/63 from a shell's >(…) is a link that only
            // the kernel can follow.
            Ok(Place::Through(path.to_path_buf()))
        } else if kind.is_dir() {
            Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a directory; name a file in it",
            ))
        } else {
            let what = if kind.is_socket() {
                "a socket"
            } else {
                "a block device"
            };
            Err(io::Error::other(format!(
                "it is {what}; an export goes to a file, a FIFO or a character device"
            )))
        }
    }
}

/// Where `path` leads when it names nothing yet: itself, or the end of its symlinks.
fn ends_at(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

impl Sink {
    /// Opens the temporary file and writes the format's preamble. Fails before any request
    /// is made when the destination's directory does not exist or cannot be written, or
    /// when the destination is something an export cannot replace or write through.
    pub fn create(destination: Destination, format: Format) -> io::Result<Sink> {
        let pending = match &destination {
            Destination::File(path) => match Place::of(path)? {
                Place::File(target) => Pending::Replace {
                    out: BufWriter::new(temp_beside(&target)?),
                    target,
                },
                Place::Through(device) => {
                    if !std::fs::symlink_metadata(&device)?.file_type().is_fifo() {
                        // A device that cannot be opened says so now, not after the fetch.
                        OpenOptions::new().write(true).open(&device)?;
                    }
                    Pending::Copy {
                        out: BufWriter::new(tempfile::tempfile()?),
                        to: Stream::Through(device),
                    }
                }
            },
            Destination::Stdout => Pending::Copy {
                out: BufWriter::new(tempfile::tempfile()?),
                to: Stream::Stdout,
            },
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
            Pending::Replace { out, .. } => out.write_all(bytes),
            Pending::Copy { out, .. } => out.write_all(bytes),
        }
    }

    /// Puts the export in place: renames the file over the destination's file (replacing
    /// one that was there), or copies it to standard output, a device or a FIFO.
    pub fn commit(self) -> io::Result<()> {
        match self.pending {
            Pending::Replace { out, target } => {
                let temp = out.into_inner().map_err(|e| e.into_error())?;
                temp.as_file().sync_all()?;
                temp.persist(&target).map_err(|e| e.error)?;
                Ok(())
            }
            Pending::Copy { out, to } => {
                let mut file = out.into_inner().map_err(|e| e.into_error())?;
                file.rewind()?;
                match to {
                    Stream::Stdout => {
                        let mut stdout = io::stdout().lock();
                        io::copy(&mut file, &mut stdout)?;
                        stdout.flush()
                    }
                    Stream::Through(path) => {
                        let mut device = OpenOptions::new().write(true).open(path)?;
                        io::copy(&mut file, &mut device)?;
                        device.flush()
                    }
                }
            }
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
        .map_err(without_temporary_name)
}

/// The error without tempfile's note of the temporary file's name, which the person never
/// chose: the message names the path they gave instead.
fn without_temporary_name(err: io::Error) -> io::Error {
    match err.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code),
        None => io::Error::new(err.kind(), err.kind().to_string()),
    }
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
