#!/usr/bin/env python3
"""Start-up time of `douyin-threads --demo` in a pseudo-terminal: from exec to the first frame.

    cargo build --release && python3 benches/startup.py [--runs 30] [--binary PATH]

Each run starts the binary in a fresh 80x24 pty with its config, cache and log directories in a
temp dir, and times until the pty has delivered the first frame's list title ("of 51 loaded",
which is drawn with the demo video's first page of comments already in it). The program is then sent `q`.
Prints every run and the median, minimum and maximum in milliseconds.
"""
import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

MARKER = b"of 51 loaded"


def one_run(binary, home):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/config",
               XDG_CACHE_HOME=f"{home}/cache", XDG_STATE_HOME=f"{home}/state", TERM="xterm-256color")
    env.pop("JUSTONEAPI_TOKEN", None)
    started = time.perf_counter()
    child = subprocess.Popen([binary, "--demo"], stdin=slave, stdout=slave, stderr=slave, env=env,
                             start_new_session=True)
    os.close(slave)
    seen = b""
    elapsed = None
    deadline = started + 10
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        seen += chunk
        # Answer the cursor-position query some terminals libraries send at start.
        if b"\x1b[6n" in chunk:
            os.write(master, b"\x1b[1;1R")
        if MARKER in seen:
            elapsed = time.perf_counter() - started
            break
    os.write(master, b"q")
    try:
        child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        child.kill()
    os.close(master)
    if elapsed is None:
        sys.exit(f"no first frame within 10 s; the output was: {seen[-400:]!r}")
    return elapsed * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--binary", default="target/release/douyin-threads")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        one_run(args.binary, home)  # warm the page cache of the binary itself
        times = [one_run(args.binary, home) for _ in range(args.runs)]
    print("runs (ms):", " ".join(f"{t:.1f}" for t in times))
    print(f"median {statistics.median(times):.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms "
          f"over {len(times)} runs")


if __name__ == "__main__":
    main()
