#!/usr/bin/env bash
# What the search index adds to `yomu build`, in instructions rather than
# seconds: deterministic, so a change to the indexing code can be judged on
# this shared, noisy machine. Runs the release build of the 2 x 1,000-page
# corpus with `search: true` and `search: false` under cachegrind, one
# thread, output on tmpfs, and prints both counts and the ratio. The
# SHA-256 of the index folder's name is left out: valgrind runs sha2's
# software version, which the real build does not. Under valgrind a few
# code blocks take longer than the 2 s highlighting budget and are shown
# as plain text (a warning), in both builds alike.
# Usage: bench/search_instructions.sh (needs valgrind; GEN_CORPUS as in
# bench/search.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
work=target/bench-search
mkdir -p "$work"
cargo build --release --quiet
yomu=$PWD/target/release/yomu
site="$work/corpus-1000"
[ -f "$site/site.yaml" ] || python3 "$gen" --pages 1000 --format yomu --out "$site" --force >/dev/null
mkdir -p "$site-nosearch"
{ cat "$site/site.yaml"; echo; echo "search: false"; } > "$site-nosearch/site.yaml"
ln -sfn "$PWD/$site/content" "$site-nosearch/content"
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT

instructions() { # site → instructions, without sha2's software compression
  RAYON_NUM_THREADS=1 valgrind --tool=cachegrind --cache-sim=no \
    --cachegrind-out-file="$tmp/cg.out" "$yomu" --site "$1" build --out "$tmp/out" >/dev/null 2>&1
  rm -rf "$tmp/out"
  cg_annotate "$tmp/cg.out" | awk '
    /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
    /sha2::sha256::soft/ { gsub(",", "", $1); sha += $1 }
    END { printf "%.0f\n", total - sha }'
}
with=$(instructions "$site")
without=$(instructions "$site-nosearch")
awk -v w="$with" -v o="$without" 'BEGIN {
  printf "search on:  %.3f G instructions\nsearch off: %.3f G instructions\nthe index adds %.1f %%\n", w / 1e9, o / 1e9, (w / o - 1) * 100 }'
