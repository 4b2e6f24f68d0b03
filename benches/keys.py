#!/usr/bin/env python3
"""Key to screen: from a `j` written to the pty to the changed frame read back, with a thread loaded.

    cargo build --release && python3 benches/keys.py [--replies 1000] [--presses 200] [--binary PATH]
                                                     [--compare OLD_BINARY]

The replies come the honest way: the probe runs a loopback stand-in for the API (the recorded sample
reply of tests/fixtures/, each with its own id, text and time, `--page-size` a page, no delay), starts
the reader on that thread in a fresh 80x24 pty with its own config, data and log directories, opens
insights (`I`) and loads the rest of the thread (`L`, `L`) the way a person would, through the client,
the decoder and the library. It waits until the stand-in has served every page and the screen has been
quiet for a moment, closes insights (Esc), then presses `j` `--presses` times, one at a time: each is
timed from the write of `j` until the pty has delivered the end of the frame it causes (ratatui ends
every frame by hiding the cursor, `ESC [ ? 25 l`). Prints p50, p99 and the worst in milliseconds.

With `--compare`, the two binaries are measured alternately (each loads its own thread) and both are
printed with their ratios.
"""
import argparse
import fcntl
import http.server
import json
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from urllib.parse import parse_qs, urlparse

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                       "get-video-sub-comment-v1.json")
THREAD = "7251524159191958327"
FRAME_END = b"\x1b[?25l"
LINES = ["说得太对了", "哈哈哈[捂脸]", "求教程！", "同感", "这个角度很新颖，学到了", "支持一下[赞]",
         "在大理住了一个月，房租其实不贵", "洱海边骑车的那段太美了"]


class Stand_in:
    """The replies endpoint for one thread of `total` replies, `size` a page, on 127.0.0.1."""

    def __init__(self, total, size):
        sample = json.load(open(FIXTURE, encoding="utf-8"))
        self.envelope = sample
        reply = sample["data"]["comments"][0]
        reply.update(cid="@CID@", text="@TEXT@", create_time=1688379962, reply_id=THREAD,
                     reply_to_reply_id="0", reply_to_username="", digg_count=7)
        self.template = json.dumps(reply, ensure_ascii=False).replace('1688379962', '@TIME@')
        self.total, self.size = total, size
        self.served = 0
        self.lock = threading.Lock()
        stand_in = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without this, Nagle and the client's
            # delayed ACK hold every answer for 40 ms.
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def do_GET(self):
                body = stand_in.answer(urlparse(self.path)).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def reply(self, i):
        return (self.template.replace("@CID@", str(7400000000000000000 + i))
                .replace("@TEXT@", f"{LINES[i % len(LINES)]} ({i + 1})")
                .replace("@TIME@", str(1688379962 + 37 * i)))

    def answer(self, url):
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        if not url.path.endswith("get-video-sub-comment/v1") or q.get("commentId") != THREAD:
            return json.dumps({"code": 400, "message": "Invalid Parameters", "data": None})
        with self.lock:
            self.served += 1
        page = int(q.get("page", "1"))
        start, end = (page - 1) * self.size, min(page * self.size, self.total)
        items = ",".join(self.reply(i) for i in range(start, max(start, end)))
        data = dict(self.envelope["data"], comments=[], cursor=end, has_more=int(end < self.total),
                    total=self.total)
        head = json.dumps({"code": 0, "message": None, "data": data}, ensure_ascii=False)
        return head.replace('"comments": []', f'"comments": [{items}]', 1)

    def pages(self):
        return -(-self.total // self.size)


class Reader:
    """The program in an 80x24 pty, and what it has written."""

    def __init__(self, binary, home, url):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/config", XDG_CACHE_HOME=f"{home}/cache",
                   XDG_STATE_HOME=f"{home}/state", XDG_DATA_HOME=f"{home}/data", TERM="xterm-256color")
        env.pop("JUSTONEAPI_TOKEN", None)
        self.home = home
        self.child = subprocess.Popen([binary, THREAD, "--base-url", url, "--token", "bench-token"],
                                      stdin=slave, stdout=slave, stderr=slave, env=env,
                                      start_new_session=True)
        os.close(slave)
        self.seen = b""

    def read(self, timeout):
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 1 << 20)
        except OSError:
            return b""
        if b"\x1b[6n" in chunk:
            os.write(self.master, b"\x1b[1;1R")
        self.seen += chunk
        return chunk

    def until(self, marker, timeout):
        start = len(self.seen)
        deadline = time.perf_counter() + timeout
        while marker not in self.seen[start:]:
            left = deadline - time.perf_counter()
            if left <= 0:
                sys.exit(f"waited {timeout} s for {marker!r}; the output ended: {self.seen[-400:]!r}")
            self.read(left)

    def quiet(self, seconds):
        """Reads until nothing has come for `seconds`."""
        while self.read(seconds):
            pass

    def press(self, key):
        os.write(self.master, key)

    def close(self):
        os.write(self.master, b"q")
        try:
            self.child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.child.kill()
        os.close(self.master)
        shutil.rmtree(self.home, ignore_errors=True)  # the library of 100,000 is ~50 MB


def loaded(binary, total, size):
    """A reader with the whole thread loaded, at its first reply, and the stand-in."""
    stand_in = Stand_in(total, size)
    home = tempfile.mkdtemp(prefix="keys-")
    reader = Reader(binary, home, stand_in.url)
    try:
        reader.until(FRAME_END, 10)
        reader.quiet(0.3)
        started = time.perf_counter()
        if stand_in.pages() > 1:
            for key in (b"I", b"L", b"L"):
                reader.press(key)
                reader.until(FRAME_END, 10)
                reader.quiet(0.2)
            deadline = time.perf_counter() + 600
            while stand_in.served < stand_in.pages():
                if time.perf_counter() > deadline:
                    sys.exit(f"only {stand_in.served} of {stand_in.pages()} pages were asked for")
                reader.read(0.5)
            reader.quiet(2.0)  # the last pages drawn, the analysis done and drawn
            reader.press(b"\x1b")
            reader.until(FRAME_END, 10)
            reader.quiet(0.3)
    except BaseException:
        # An interrupted or failed load (Ctrl-C, a stand-in that was not asked) still
        # removes the reader's folder: with 100,000 loaded its library is ~50 MB.
        reader.close()
        raise
    shown = f"{total:,} of {total:,}".encode()
    if shown not in reader.seen[-20000:] and str(total).encode() not in reader.seen[-20000:]:
        print(f"  (warning: {shown!r} not seen on screen)", file=sys.stderr)
    return reader, stand_in, time.perf_counter() - started


def presses(reader, count, pause):
    times = []
    for _ in range(count):
        reader.quiet(pause)
        start = len(reader.seen)
        began = time.perf_counter()
        reader.press(b"j")
        while FRAME_END not in reader.seen[start:]:
            if not reader.read(5) and time.perf_counter() - began > 5:
                sys.exit(f"no frame within 5 s of a j; the output ended: {reader.seen[-300:]!r}")
        times.append((time.perf_counter() - began) * 1000)
    return times


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(binary, args):
    reader, stand_in, took = loaded(binary, args.replies, args.page_size)
    try:
        times = presses(reader, args.presses, args.pause / 1000)
    finally:
        reader.close()
    print(f"{binary}: {args.replies:,} replies loaded in {took:.1f} s ({stand_in.served} requests); "
          f"{len(times)} presses: p50 {percentile(times, 50):.2f} ms, p99 {percentile(times, 99):.2f} ms, "
          f"worst {max(times):.2f} ms")
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default="target/release/douyin-threads")
    parser.add_argument("--compare", help="another binary, measured alternately with --binary")
    parser.add_argument("--replies", type=int, default=1000)
    parser.add_argument("--page-size", type=int, default=10, help="replies a page (the API's is 10)")
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--pause", type=float, default=20, help="ms of quiet before each press")
    parser.add_argument("--rounds", type=int, default=1, help="with --compare: new/old pairs")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    if not args.compare:
        measure(args.binary, args)
        return
    new, old = [], []
    for _ in range(args.rounds):
        old += measure(args.compare, args)
        new += measure(args.binary, args)
    for name, times in (("old", old), ("new", new)):
        print(f"{name}: p50 {percentile(times, 50):.2f} ms, p99 {percentile(times, 99):.2f} ms over {len(times)}")
    print(f"new/old: p50 {percentile(new, 50) / percentile(old, 50):.2f}, "
          f"p99 {percentile(new, 99) / percentile(old, 99):.2f}")
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
