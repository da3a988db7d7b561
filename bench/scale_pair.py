#!/usr/bin/env python3
"""Paired A/B builds for bench/scale.sh: builds site A and site B
alternately (A, B, A, B…), each into a new folder under --out-root (a
tmpfs), deleted once measured, so both see the same moments of a shared,
noisy machine. Prints each pair's wall and CPU ratios and their medians.
Standard library only.
"""
import argparse
import os
import shutil
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import run_once  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--yomu", required=True)
    ap.add_argument("--a", required=True, help="site folder A (the numerator)")
    ap.add_argument("--b", required=True, help="site folder B")
    ap.add_argument("--runs", type=int, default=3, help="pairs")
    ap.add_argument("--out-root", required=True)
    ap.add_argument("--required", type=float, default=1.3, help="the ratio an issue allows")
    a = ap.parse_args()

    def build(site, run):
        out = os.path.join(a.out_root, f"pair-{run}")
        measured = run_once([a.yomu, "--site", site, "build", "--out", out], run)
        shutil.rmtree(out, ignore_errors=True)
        return measured[0], sum(measured[1])

    build(a.a, "warmup-a")
    build(a.b, "warmup-b")
    walls, cpus = [], []
    for run in range(a.runs):
        wall_a, cpu_a = build(a.a, f"{run}a")
        wall_b, cpu_b = build(a.b, f"{run}b")
        walls.append(wall_a / wall_b)
        cpus.append(cpu_a / cpu_b)
        print(f"  pair {run + 1}: A {wall_a:.2f} s ({cpu_a:.2f} s CPU), "
              f"B {wall_b:.2f} s ({cpu_b:.2f} s CPU): wall {walls[-1]:.3f}×, CPU {cpus[-1]:.3f}×",
              flush=True)
    print(f"{os.path.basename(a.a)} / {os.path.basename(a.b)}, {a.runs} paired runs on tmpfs: "
          f"median wall {statistics.median(walls):.3f}×, median CPU {statistics.median(cpus):.3f}× "
          f"(required ≤ {a.required})")


if __name__ == "__main__":
    main()
