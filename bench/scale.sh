#!/usr/bin/env bash
# Scale benchmark: how `yomu build` grows with the number of pages and with
# the size of a folder. In one run, on generated 2-locale sites:
#   - flat-N:   N pages per locale, all in one folder (a changelog, an API
#               reference), N = 2,000 and 20,000;
#   - spread-N: the same 20,000 pages per locale over 80 folders;
#   - corpus-N: the generator's own layout (20 folders), N = 1,000, 5,000
#               and 50,000 (2x50,000 = 100,000 pages).
# Then flat-20000 against spread-20000 again in paired runs (at least 3
# pairs, bench/scale_pair.py), the ratio to quote.
# For each: median wall time, CPU time (user + system), peak RSS, output
# bytes and the largest page, with the output on a tmpfs (/dev/shm, which
# has no recently-deleted inodes to scan: see README "Writing") and on disk
# (each run into a new folder in $TMPDIR, as bench/run.sh; a series' runs
# are deleted when it ends, for room, so the next series may pay for
# that in system time: the tmpfs figures are the ones to compare); then the
# growth ratios (flat / spread at 20,000; 50,000 / 5,000).
# The flat and spread sites are the generator's pages with --sections 1 and
# --sections 80 (the generator is shared and is not changed here).
# Usage: [YOMU=binary] [SCALE_SKIP="flat-20000 …"] bench/scale.sh [runs]
# (default 3). SCALE_SKIP names series to leave out.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
[ -f "$gen" ] || gen=../../shared/bench/gen_corpus.py # from a worktree
work=${BENCH_DIR:-target/bench}
tmpfs=${SCALE_TMPFS:-/dev/shm}
mkdir -p "$work"

if [ -z "${YOMU:-}" ]; then
  cargo build --release --quiet
fi
yomu=$(realpath "${YOMU:-${CARGO_TARGET_DIR:-target}/release/yomu}")

# The same wait as bench/run.sh (and the same marker): creating files soon
# after thousands were deleted on this ext4 measures the kernel, not yomu.
. bench/quiet_inodes.sh
wait_for_quiet_inodes "$work"
outs=$(mktemp -d)
shm=$(mktemp -d -p "$tmpfs")
results="$outs/results.jsonl"
trap 'rm -rf "$outs" "$shm"; mark_run_ended "$work"' EXIT

series() { # $1: label, $2: pages per locale, $3: folders
  local label=$1 pages=$2 sections=$3 site="$work/$1"
  if [[ " ${SCALE_SKIP:-} " == *" $label "* ]]; then
    echo "$label: skipped (SCALE_SKIP)"
    return
  fi
  if [ ! -f "$site/site.yaml" ]; then
    python3 "$gen" --pages "$pages" --sections "$sections" --format yomu \
      --out "$site" --force 2>/dev/null
  fi
  # Up to `runs` copies of the output are on disk at once (the shared
  # disk has filled up before): make sure there is room.
  local free_gb
  free_gb=$(df -P --block-size=1G "$outs" | awk 'NR == 2 { print $4 }')
  if [ "$free_gb" -lt $(( pages * runs / 10000 + 10 )) ]; then
    echo "$label: skipped, only ${free_gb} GB free in $outs"
    return
  fi
  # tmpfs first: its warm-up run brings the sources into the page cache.
  python3 bench/scale.py --yomu "$yomu" --site "$site" --label "$label" \
    --pages $(( pages * 2 )) --runs "$runs" --tmpfs --out-root "$shm" \
    --results "$results"
  python3 bench/scale.py --yomu "$yomu" --site "$site" --label "$label" \
    --pages $(( pages * 2 )) --runs "$runs" --warmup 0 --out-root "$outs" \
    --results "$results"
  rm -rf "$outs/$label"-*
}

series flat-2000 2000 1
series flat-20000 20000 1
series spread-20000 20000 80
series corpus-1000 1000 20
series corpus-5000 5000 20
series corpus-50000 50000 20
echo
python3 bench/scale_report.py "$results"
# The flat/spread ratio again, from paired runs (A, B, A, B…), which a
# noisy machine affects alike: the figure to quote for "linear cost".
if [ -f "$work/flat-20000/site.yaml" ] && [ -f "$work/spread-20000/site.yaml" ]; then
  echo
  python3 bench/scale_pair.py --yomu "$yomu" --a "$work/flat-20000" \
    --b "$work/spread-20000" --runs "$(( runs < 3 ? 3 : runs ))" --out-root "$shm"
fi
