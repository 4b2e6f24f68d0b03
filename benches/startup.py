#!/usr/bin/env python3
"""Start-up time of `douyin-threads --demo` in a pseudo-terminal: from exec to the first frame, beside
the floor: `printf` of the same frame through the same probe.

    cargo build --release && python3 benches/startup.py [--runs 20] [--binary PATH] [--compare OLD_BINARY]

Each run starts the binary in a fresh 80x24 pty with its config, cache, data and log directories in a
temp dir, and times until the pty has delivered the first frame's list title ("of 51 loaded", which is
drawn with the demo video's first page of comments already in it). The program is then sent `q`.

The floor: the first run keeps the bytes of the first frame the program drew (its CJK text, colours and
cursor moves), and every run also starts `printf '%s' FRAME` the same way, timed to the same title.
That is what a program that has its frame ready at exec costs here: the fork, the exec, the pty. The
runs alternate (program, printf, ...), so both see the same load. Prints every run, both medians and
their ratio. With `--compare`, a second binary joins the alternation (e.g. the commit before a change).
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

MARKER = b"of 51 loaded"
# ratatui ends every frame by hiding the cursor.
FRAME_END = b"\x1b[?25l"


def one_run(command, home, keep=False):
    """Milliseconds from just before exec to the marker on the pty (and, with `keep`, the first
    frame's bytes)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data",
               XDG_CACHE_HOME=f"{home}/cache", XDG_STATE_HOME=f"{home}/state", TERM="xterm-256color")
    env.pop("JUSTONEAPI_TOKEN", None)
    started = time.perf_counter()
    child = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env,
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
        if elapsed is None and MARKER in seen:
            elapsed = time.perf_counter() - started
        if elapsed is not None and (not keep or FRAME_END in seen):
            break
    try:
        os.write(master, b"q")
    except OSError:
        pass
    try:
        child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        child.kill()
    os.close(master)
    if elapsed is None:
        sys.exit(f"no first frame within 10 s from {command[0]}; the output was: {seen[-400:]!r}")
    frame = None
    if keep:
        # From the first cursor move (after the set-up of the alternate screen) to the frame's end.
        begin = seen.find(b"\x1b[1;1H")
        frame = seen[begin if begin >= 0 else 0:seen.find(FRAME_END) + len(FRAME_END)]
    return elapsed * 1000, frame


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--binary", default="target/release/douyin-threads")
    parser.add_argument("--compare", help="another binary, run alternately with --binary")
    args = parser.parse_args()
    printf = shutil.which("printf", path="/usr/bin:/bin") or "printf"
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as home:
        # Warm the page cache of the binary itself, and keep its first frame for the floor.
        _, frame = one_run([args.binary, "--demo"], home, keep=True)
        if MARKER not in frame or b"\x00" in frame:
            sys.exit("the first frame does not carry the marker")
        floor_command = [printf, "%s", frame.decode("utf-8")]
        one_run(floor_command, home)
        commands = {"program": [args.binary, "--demo"], "printf": floor_command}
        if args.compare:
            commands["compare"] = [args.compare, "--demo"]
            one_run(commands["compare"], home)
        times = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(one_run(command, home)[0])
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; the first frame is {len(frame):,} bytes")
    for name, runs in times.items():
        label = {"program": args.binary, "printf": "printf (the floor)", "compare": args.compare}[name]
        print(f"{label}: median {statistics.median(runs):.1f} ms, min {min(runs):.1f} ms, "
              f"max {max(runs):.1f} ms over {len(runs)} runs")
        print("  runs (ms):", " ".join(f"{t:.1f}" for t in runs))
    median = {name: statistics.median(runs) for name, runs in times.items()}
    print(f"program / floor: {median['program'] / median['printf']:.2f} "
          f"({median['program']:.1f} ms / {median['printf']:.1f} ms)")
    if args.compare:
        print(f"program / compare: {median['program'] / median['compare']:.2f}")


if __name__ == "__main__":
    main()
