#!/usr/bin/env python3
"""Start-up of the reader's start screen with a large library against none: from exec to the
first frame, in a pseudo-terminal.

    cargo build --release
    LIBRARY_BENCH_SAVE=/tmp/library-1m.sqlite3 LIBRARY_BENCH_TIMED=1 cargo bench --bench library
    python3 benches/startup_library.py --library /tmp/library-1m.sqlite3 [--runs 30] [--binary PATH]

`douyin-threads` with no argument (no token, no --demo) opens on the start screen, which lists
the library's recent lists and bookmarks once it has read them. Each run starts the binary in a
fresh 80x24 pty with HOME and the XDG directories in a temp dir, and times until the pty has
delivered the first frame (the " Welcome " pane's title), then until the library's rows are
drawn ("Recent lists"), then sends `q`. Three cases, alternating run by run:

- none:  XDG_DATA_HOME is an empty folder (the program creates the library file);
- empty: a library file with nothing in it, made by an earlier run;
- large: a copy of the file given with --library (made once, before the runs).

Prints every run and the medians, and the large library's first frame minus none's.
"""
import argparse
import fcntl
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
import time

FIRST_FRAME = b" Welcome "
LIBRARY_ROWS = b"Recent lists"


def one_run(binary, home, data_home, want_rows):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/config",
               XDG_CACHE_HOME=f"{home}/cache", XDG_STATE_HOME=f"{home}/state",
               XDG_DATA_HOME=data_home, TERM="xterm-256color")
    env.pop("JUSTONEAPI_TOKEN", None)
    started = time.perf_counter()
    child = subprocess.Popen([binary], stdin=slave, stdout=slave, stderr=slave, env=env,
                             start_new_session=True)
    os.close(slave)
    seen = b""
    first = rows = None
    deadline = started + 20
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        seen += chunk
        if b"\x1b[6n" in chunk:
            os.write(master, b"\x1b[1;1R")
        now = time.perf_counter()
        if first is None and FIRST_FRAME in seen:
            first = now - started
        if rows is None and LIBRARY_ROWS in seen:
            rows = now - started
        if first is not None and (rows is not None or not want_rows):
            break
    os.write(master, b"q")
    try:
        child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        child.kill()
    os.close(master)
    if first is None or (want_rows and rows is None):
        sys.exit(f"no start screen (or no library rows) within 20 s; the output was: {seen[-400:]!r}")
    return first * 1000, (rows * 1000 if rows is not None else None)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--binary", default="target/release/douyin-threads")
    parser.add_argument("--library", required=True, help="a large library file to start with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        empty_data = f"{home}/empty-data"
        large_data = f"{home}/large-data"
        os.makedirs(f"{large_data}/douyin-threads")
        shutil.copyfile(args.library, f"{large_data}/douyin-threads/library.sqlite3")
        one_run(args.binary, home, empty_data, False)  # makes the empty library; warms the binary
        one_run(args.binary, home, large_data, True)  # warms the large file in the page cache
        times = {"none": [], "empty": [], "large": []}
        rows = []
        for n in range(args.runs):
            fresh = f"{home}/none-{n}"
            times["none"].append(one_run(args.binary, home, fresh, False)[0])
            times["empty"].append(one_run(args.binary, home, empty_data, False)[0])
            first, shown = one_run(args.binary, home, large_data, True)
            times["large"].append(first)
            rows.append(shown)
    for case, runs in times.items():
        print(f"{case:5s} first frame (ms): " + " ".join(f"{t:.1f}" for t in runs))
    print("large library rows drawn (ms): " + " ".join(f"{t:.1f}" for t in rows))
    median = {case: statistics.median(runs) for case, runs in times.items()}
    for case, runs in times.items():
        print(f"{case:5s}: median {median[case]:.1f} ms, min {min(runs):.1f}, max {max(runs):.1f} "
              f"over {len(runs)} runs")
    print(f"large library's rows on screen: median {statistics.median(rows):.1f} ms")
    print(f"first frame, large minus none: {median['large'] - median['none']:+.1f} ms; "
          f"large minus empty: {median['large'] - median['empty']:+.1f} ms")


if __name__ == "__main__":
    main()
