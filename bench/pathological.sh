#!/usr/bin/env bash
# How long `yomu check` takes on the inputs that once made it run for
# seconds or minutes (issue 13): three code blocks with one huge line,
# one block of many lines just under the line limit (the time budget's
# case), and three diagrams. Each is a one-page site; each is checked N
# times (default 3) with a 300 s timeout, and the median is printed with
# the diagnostic yomu gives. Every case should finish within a few
# seconds: lines over 5,000 characters are not highlighted, a block stops
# after 2 s, and diagrams past their caps are not drawn.
# Usage: [YOMU=binary] bench/pathological.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
# YOMU=path/to/yomu measures that binary instead of a fresh release build.
if [ -z "${YOMU:-}" ]; then
  cargo build --release --quiet
fi
yomu=${YOMU:-$PWD/target/release/yomu}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$yomu" "$work" "$runs" <<'EOF'
import os, random, statistics, subprocess, sys, time

yomu, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])

def fence(lang, code):
    return f"# Page\n\n```{lang}\n{code}\n```\n"

rng = random.Random(13)
random_edges = "\n".join(
    f"  n{rng.randrange(500)}-->n{rng.randrange(500)}" for _ in range(1000))
cases = {
    "sh: echo + 100,000 _": fence("sh", "echo " + "_" * 100_000),
    "sh: 160 KB of _ and \\": fence("sh", "_\\" * 80_000),
    "ts: 200 KB line": fence("ts", "".join(f"let a{i} = {i}; " for i in range(15_000))[:200_000]),
    "sh: 400 lines of 4,999 _ and \\": fence("sh", "\n".join(("_\\" * 2500)[:4999] for _ in range(400))),
    "gantt: 99999999d, excludes weekends": fence("mermaid", "gantt\n  dateFormat YYYY-MM-DD\n  excludes weekends\n  section S\n  T :t1, 2024-01-01, 99999999d"),
    "flowchart: 2,000 self-loops": fence("mermaid", "flowchart TD\n" + "\n".join(f"  n{i}-->n{i}" for i in range(2000))),
    "flowchart: random 500 nodes, 1,000 edges": fence("mermaid", "flowchart TD\n" + "\n".join(f"  n{i}" for i in range(500)) + "\n" + random_edges),
}

site_yaml = """title: Pathological
base_url: https://example.org/
default_language: en-US
languages:
  - code: en-US
    name: English
    path: en
"""
print(f"{'case':44} {'median':>9}  diagnostic")
for n, (name, page) in enumerate(cases.items()):
    site = os.path.join(work, str(n))
    os.makedirs(os.path.join(site, "content", "en-US"))
    with open(os.path.join(site, "site.yaml"), "w") as f:
        f.write(site_yaml)
    with open(os.path.join(site, "content", "en-US", "index.md"), "w") as f:
        f.write(page)
    times, said = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        try:
            run = subprocess.run([yomu, "--site", site, "check"], capture_output=True,
                                 text=True, timeout=300)
            said = next((l for l in run.stderr.splitlines()
                         if l.startswith(("warning[", "error["))), "(none)")
        except subprocess.TimeoutExpired:
            said = "TIMEOUT after 300 s"
        times.append(time.perf_counter() - start)
    print(f"{name:44} {statistics.median(times):8.2f}s  {said[:150]}")
EOF
