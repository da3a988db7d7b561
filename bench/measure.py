#!/usr/bin/env python3
"""Runs a command N times; prints the median wall time, the median CPU
times (user, steadier than wall time on a shared machine, and system,
which shows the file system's share) and the peak RSS.

`{run}` in the command is replaced by the run's number (`warmup0`… for
the untimed warm-up runs), so each run can write to a folder of its own.
Each run's CPU time and peak RSS come from wait4(), so only the measured
process counts. Standard library only.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time


def run_once(cmd, run):
    cmd = [arg.replace("{run}", str(run)) for arg in cmd]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed ({status}): {' '.join(cmd)}\n{err}")
    return wall, (usage.ru_utime, usage.ru_stime), usage.ru_maxrss / 1024  # KiB -> MiB


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    # Untimed runs first, as hyperfine's --warmup: they bring the binary and
    # the sources into the page cache, which these VMs empty every few
    # minutes, so the figures are of the program and not of the disk.
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--label", default="")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    for n in range(a.warmup):
        run_once(cmd, f"warmup{n}")
    results = [run_once(cmd, run) for run in range(a.runs)]
    walls = sorted(r[0] for r in results)
    user = statistics.median(r[1][0] for r in results)
    system = statistics.median(r[1][1] for r in results)
    rss = max(r[2] for r in results)
    print(f"{a.label:>14}: median {statistics.median(walls):.3f} s "
          f"(min {walls[0]:.3f}, max {walls[-1]:.3f}) over {a.runs} runs, "
          f"CPU {user:.2f} s user + {system:.2f} s system, peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
