#!/usr/bin/env python3
"""Prints the last `cargo bench --bench render` run as Markdown: every benchmark's median and
mean, then the ratios BENCHMARKS.md reports. Reads criterion's target/criterion/*/new/estimates.json,
so run it right after the bench run whose numbers you want (standard library only).

    cargo bench --bench render && python3 benches/ratios.py
"""

import json
import pathlib
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")

RATIOS = [
    ("frame/160x48/100000", "frame/160x48/10"),
    ("frame/160x48/100000", "frame/160x48/1000"),
    ("frame/80x24/100000", "frame/80x24/10"),
    ("frame/80x24/100000", "frame/80x24/1000"),
    ("scroll/160x48/100000", "scroll/160x48/10"),
    ("scroll/160x48/100000", "scroll/160x48/1000"),
    ("scroll/80x24/100000", "scroll/80x24/10"),
    ("scroll/80x24/100000", "scroll/80x24/1000"),
    ("apply/page_into/100000", "apply/page_into/0"),
    ("apply/page_into/100000", "apply/page_into/16385"),
    ("decode/page_10_replies", "decode/json_value_only_10_replies"),
]


def load():
    out = {}
    for path in sorted(ROOT.glob("**/new/estimates.json")):
        bench = json.loads((path.parent / "benchmark.json").read_text())
        est = json.loads(path.read_text())
        out[bench["full_id"]] = est
    return out


def fmt(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def main():
    results = load()
    if not results:
        sys.exit(f"no criterion results under {ROOT}; run `cargo bench --bench render` first")
    print("| benchmark | median | 95% CI of the median | mean |")
    print("|---|---:|---:|---:|")
    for name, est in results.items():
        med = est["median"]
        ci = med["confidence_interval"]
        print(
            f"| `{name}` | {fmt(med['point_estimate'])} | "
            f"{fmt(ci['lower_bound'])} – {fmt(ci['upper_bound'])} | "
            f"{fmt(est['mean']['point_estimate'])} |"
        )
    print()
    print("| ratio (medians) | value |")
    print("|---|---:|")
    for top, bottom in RATIOS:
        if top in results and bottom in results:
            ratio = results[top]["median"]["point_estimate"] / results[bottom]["median"]["point_estimate"]
            print(f"| `{top}` ÷ `{bottom}` | {ratio:.2f} |")


if __name__ == "__main__":
    main()
