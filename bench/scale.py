#!/usr/bin/env python3
"""Measures `yomu build` of one site for bench/scale.sh and records it.

Runs the build --runs times (after --warmup untimed runs), each into a new
folder under --out-root, with bench/measure.py's run_once (wall time, CPU
time and peak RSS from wait4). Then walks one run's output for its size
(the bytes of every file) and the largest page (`.html`). With --tmpfs the
output root is a tmpfs, and each run's folder is deleted as soon as it is
measured (tmpfs has no recently-freed inodes to scan, and keeping every run
there would hold the RAM). Appends one JSON line to --results.
Standard library only.
"""
import argparse
import json
import os
import shutil
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import run_once  # noqa: E402


def output_size(folder):
    """(bytes of every file, size of the largest page, its path). Pages are
    the .html files outside assets/, where the sidebar's full-list
    fragments (loaded only on demand) live."""
    total, largest, largest_path = 0, 0, ""
    for parent, _, files in os.walk(folder):
        in_assets = os.path.relpath(parent, folder).split(os.sep)[0] == "assets"
        for name in files:
            path = os.path.join(parent, name)
            size = os.lstat(path).st_size
            total += size
            if name.endswith(".html") and not in_assets and size > largest:
                largest, largest_path = size, os.path.relpath(path, folder)
    return total, largest, largest_path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--yomu", required=True)
    ap.add_argument("--site", required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("--pages", type=int, required=True, help="pages in all languages")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--out-root", required=True)
    ap.add_argument("--tmpfs", action="store_true")
    ap.add_argument("--results", required=True)
    a = ap.parse_args()

    def out(run):
        return os.path.join(a.out_root, f"{a.label}-{run}")

    cmd = [a.yomu, "--site", a.site, "build", "--out", out("{run}")]
    results = []
    for run in [f"warmup{n}" for n in range(a.warmup)] + list(range(a.runs)):
        measured = run_once(cmd, run)
        if isinstance(run, int):
            results.append(measured)
        if run == 0:
            size = output_size(out(0))
        if a.tmpfs:
            shutil.rmtree(out(run), ignore_errors=True)
    walls = sorted(r[0] for r in results)
    record = {
        "label": a.label,
        "pages": a.pages,
        "fs": "tmpfs" if a.tmpfs else "disk",
        "runs": a.runs,
        "wall": statistics.median(walls),
        "wall_min": walls[0],
        "wall_max": walls[-1],
        "user": statistics.median(r[1][0] for r in results),
        "system": statistics.median(r[1][1] for r in results),
        "rss_mib": max(r[2] for r in results),
        "bytes": size[0],
        "largest_page": size[1],
        "largest_path": size[2],
    }
    print(f"{a.label:>14} ({record['fs']}): median {record['wall']:.2f} s "
          f"(min {walls[0]:.2f}, max {walls[-1]:.2f}) over {a.runs} runs, "
          f"CPU {record['user']:.2f} + {record['system']:.2f} s, "
          f"peak RSS {record['rss_mib']:.0f} MiB, output {size[0] / 1e6:.0f} MB, "
          f"largest page {size[1] / 1e3:.1f} KB ({size[2]})", flush=True)
    with open(a.results, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
