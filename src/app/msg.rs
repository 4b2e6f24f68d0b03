//! The messages `update` takes and the commands it gives back: the whole interface between
//! the app and the runtime that runs it.

use super::Notice;
use crate::api::{ApiError, Call, Comment, Delivered, Reply, RetryNotice};
use crate::ids::{CommentId, VideoId};
use crossterm::event::{KeyEvent, MouseEvent};

/// Something that happened: a key, a mouse event, a paste, a resize, news from a task.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// The answer to `call`, for the list instance (or share link) `req`.
    Answer {
        req: u64,
        call: Call,
        result: Result<Delivered, ApiError>,
    },
    /// The client is waiting before it tries `call` again.
    Retrying {
        req: u64,
        call: Call,
        notice: RetryNotice,
    },
    /// One HTTP request to the API was answered (or failed); `billed` when it answered
    /// code 0, the only answers the vendor bills. Sent once per request, however many
    /// threads wait for its page.
    ApiCall {
        billed: bool,
    },
    /// What the runtime has to say about a command it ran (e.g. no browser was found).
    Said(Notice),
    /// What the library answered to [`Command::Library`] with the same `req`.
    Library {
        req: u64,
        answer: super::library::Answer,
    },
    /// A page fetched from the network was written into the library, or could not be
    /// (the disk is full, the file is read-only): reading goes on either way.
    LibraryWritten {
        result: Result<(), crate::library::LibraryError>,
    },
    /// The analysis asked for by [`Command::Analyse`] `req` is done.
    Analysed {
        req: u64,
        insights: Box<crate::insights::Insights>,
    },
    /// The spinner's clock, sent only while something loads.
    Tick,
    /// SIGTERM, SIGHUP or the like: leave now.
    Quit,
    /// Open `list` with `loaded` items loaded and the item `selected` selected
    /// ([`App::open_at`](super::App::open_at)): a list reopened where the reader left it, an
    /// item found in the library.
    OpenAt {
        list: crate::library::ListKey,
        selected: Option<String>,
        loaded: u64,
    },
}

/// Work for the runtime to do on the app's behalf.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Clear the terminal and draw everything again (Ctrl-L), for a terminal that
    /// disagrees with us about the width of some emoji and left fragments behind.
    Redraw,
    /// Put `text` on the clipboard, through the terminal (OSC 52).
    Copy { text: String },
    /// Open `url` in the browser; how it went comes back as [`Msg::Said`].
    OpenUrl { url: String },
    /// Write the loaded items of a list to a file in the current directory (CSV when
    /// `csv`); how it went comes back as [`Msg::Said`].
    Export { list: Saved, csv: bool },
    /// Analyse the items of `list` off the event loop (`app::insights::analyse`); the result
    /// comes back as [`Msg::Analysed`] with the same `req`.
    Analyse { req: u64, list: Saved },
    /// Ask the service (or the cache, or the demo); the answer comes back as
    /// [`Msg::Answer`] with the same `req`.
    /// `skip_cache` reads past the cache (`R`, `--refresh`).
    Fetch {
        req: u64,
        call: Call,
        skip_cache: bool,
    },
    /// Read or write the library, off the event loop; the answer comes back as
    /// [`Msg::Library`] with the same `req`.
    Library {
        req: u64,
        work: super::library::Work,
    },
}

/// The loaded items of one list, handed out to be written to a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// A comment's replies; the video when the thread was opened from it.
    Replies {
        comment: CommentId,
        video: Option<VideoId>,
        replies: Vec<Reply>,
    },
    Comments {
        video: VideoId,
        comments: Vec<Comment>,
    },
    /// What a search of the library found, for `query`.
    Found {
        query: String,
        hits: Vec<crate::library::Hit>,
    },
}
