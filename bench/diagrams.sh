#!/usr/bin/env bash
# What Mermaid diagrams cost a build. Builds a small two-language site
# whose one page has 20 different diagrams (flowcharts and sequence
# diagrams, Japanese and English labels), and the same site with those 20
# blocks marked `text` instead of `mermaid`; runs `yomu build` on each,
# alternately, N times (default 15), and reports the medians and
# (median with - median without) / 20, the cost of one diagram.
# Usage: [YOMU=binary] bench/diagrams.sh [runs]. Budget: 5 ms per diagram.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
# YOMU=path/to/yomu measures that binary instead of a fresh release build.
if [ -z "${YOMU:-}" ]; then
  cargo build --release --quiet
fi
yomu=${YOMU:-$PWD/target/release/yomu}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

diagrams() { # $1: the code block language (mermaid or text)
  for i in $(seq 1 20); do
    echo "## Diagram $i {#d$i}"
    echo
    echo "\`\`\`$1"
    if (( i % 2 )); then
      cat <<EOF
flowchart LR
  a$i[利用者 $i] -->|サービスを提供 $i| b$i(サーバー（SNS）$i)
  b$i --> c$i{ソフトウェアを使用? $i}
  c$i -->|yes $i| d$i[(Database $i)]
  c$i -->|no $i| e$i([Misskey, PostgreSQL, Redis $i])
  subgraph s$i[各種ソフトウェア $i]
    d$i
    e$i
  end
EOF
    else
      cat <<EOF
sequenceDiagram
  participant U as 利用者 $i
  participant S as Server $i
  U->>S: ノートを投稿 $i
  S-->>U: Done $i
  Note over U,S: 連合で配信 $i
EOF
    fi
    echo '```'
    echo
  done
}

site() { # $1: folder, $2: code block language
  mkdir -p "$1/content/ja-JP" "$1/content/en-US"
  cat > "$1/site.yaml" <<'EOF'
title: Diagram benchmark
base_url: https://example.org/
default_language: ja-JP
languages:
  - code: ja-JP
    name: 日本語
    path: ja
  - code: en-US
    name: English
    path: en
EOF
  { echo "# 図"; echo; diagrams "$2"; } > "$1/content/ja-JP/index.md"
  printf '# Home\n\nNo diagrams here.\n' > "$1/content/en-US/index.md"
}

site "$work/with" mermaid
site "$work/without" text
# A warm-up build of each, which also checks that both build cleanly.
"$yomu" --site "$work/with" build --out "$work/out-with" >/dev/null
"$yomu" --site "$work/without" build --out "$work/out-without" >/dev/null
test "$(grep -o '<svg' "$work/out-with/ja/index.html" | wc -l)" -eq 20

python3 - "$yomu" "$work" "$runs" <<'EOF'
import statistics, subprocess, sys, time
yomu, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = {"with": [], "without": []}
for _ in range(runs):
    for kind in times:
        start = time.perf_counter()
        subprocess.run([yomu, "--site", f"{work}/{kind}", "build", "--out", f"{work}/out-{kind}"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[kind].append(time.perf_counter() - start)
with_ms = statistics.median(times["with"]) * 1000
without_ms = statistics.median(times["without"]) * 1000
per = (with_ms - without_ms) / 20
print(f"build with 20 diagrams:    median {with_ms:.1f} ms over {runs} runs")
print(f"build without diagrams:    median {without_ms:.1f} ms over {runs} runs")
print(f"cost of one diagram:       {per:.2f} ms (budget 5 ms)")
sys.exit(0 if per <= 5 else 1)
EOF
