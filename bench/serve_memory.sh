#!/usr/bin/env bash
# Memory soak of `yomu serve`: saves one page over and over, each save a
# new version of (a) a 2,000-line code block, then (b) a 400-node Mermaid
# diagram, waiting for each rebuild, and prints the serve process's RSS
# after start, after a warm-up of 50 saves, at the end, and the most seen.
# Requirement (issue 13): the end is within 50 MB of the warm-up figure.
# Usage: [YOMU=binary] bench/serve_memory.sh [saves] (default 1000).
set -euo pipefail
cd "$(dirname "$0")/.."
saves=${1:-1000}
if [ -z "${YOMU:-}" ]; then
  cargo build --release --quiet
fi
yomu=${YOMU:-${CARGO_TARGET_DIR:-target}/release/yomu}
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
python3 - "$yomu" "$site" "$saves" <<'PY'
import os, subprocess, sys, threading, time

yomu, site, saves = sys.argv[1], sys.argv[2], int(sys.argv[3])
WARM_UP = 50
os.makedirs(f"{site}/content/en-US")
with open(f"{site}/site.yaml", "w") as f:
    f.write("title: Soak\nbase_url: https://example.org/\ndefault_language: en-US\n"
            "languages:\n  - code: en-US\n    name: English\n")
with open(f"{site}/content/en-US/index.md", "w") as f:
    f.write("# Home\n\nText.\n")

def code_page(v):
    lines = [f'let value_{i} = compute({i}, "text {i}");' for i in range(1999)]
    lines.append(f"let version = {v};")
    return "# Code\n\n```rust\n" + "\n".join(lines) + "\n```\n"

def diagram_page(v):
    edges = [f"  n{i // 2} --> n{i}" for i in range(1, 400)]
    return ("# Diagram\n\n```mermaid\nflowchart TD\n" + "\n".join(edges)
            + f"\n  n0[Version {v}]\n```\n")

def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

def soak(name, make):
    path = f"{site}/content/en-US/{name}.md"
    with open(path, "w") as f:
        f.write(make(0))
    proc = subprocess.Popen([yomu, "--site", site, "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    rebuilt = [0]
    ready = threading.Event()
    def read():
        for line in proc.stdout:
            if line.startswith("serving at"):
                ready.set()
            if line.startswith("rebuilt after"):
                rebuilt[0] += 1
    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(120):
        sys.exit(f"{name}: serve did not start")
    time.sleep(0.5)
    start = rss_mb(proc.pid)
    peak = start
    warm = None
    began = time.time()
    for v in range(1, saves + 1):
        seen = rebuilt[0]
        with open(path, "w") as f:
            f.write(make(v))
        deadline = time.time() + 60
        while rebuilt[0] == seen:
            if time.time() > deadline:
                sys.exit(f"{name}: no rebuild after save {v}")
            time.sleep(0.005)
        peak = max(peak, rss_mb(proc.pid))
        if v == WARM_UP:
            warm = rss_mb(proc.pid)
    end = rss_mb(proc.pid)
    proc.terminate()
    proc.wait()
    growth = end - (warm if warm is not None else start)
    verdict = "ok" if growth <= 50 else "OVER 50 MB"
    print(f"{name:8} {saves} saves in {time.time() - began:.0f} s: RSS start {start:.0f} MB, "
          f"after {WARM_UP} saves {warm or 0:.0f} MB, end {end:.0f} MB, most {peak:.0f} MB; "
          f"growth after warm-up {growth:+.0f} MB ({verdict})")
    os.remove(path)
    return growth <= 50

ok = soak("code", code_page)
ok = soak("diagram", diagram_page) and ok
sys.exit(0 if ok else 1)
PY
