#!/usr/bin/env bash
# Search benchmark (issue 15), in one run:
#   1. what the index adds to `yomu build` of the 2 x 5,000-page corpus:
#      median wall time, CPU and peak RSS with `search: true` (the default)
#      and `search: false`, over $1 runs (default 3), then $1 alternating
#      pairs on tmpfs and the medians of their ratios (the figure);
#   2. the index of the 2 x 1,000-page corpus: size, files, largest file;
#   3. side by side with Pagefind 1.6.0 extended on that same built site:
#      index time and size, bytes a first query downloads, and hits for a
#      fixed query list, both clients driven in headless Chromium
#      (bench/search_hits.mjs).
# Pagefind comes from npm into target/pagefind, only here (never at build
# time). Everything is written under target/bench-search.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
work=target/bench-search
mkdir -p "$work"
cargo build --release --quiet
yomu=$PWD/target/release/yomu

corpus() { # pages → site folder, plus a twin with search off sharing its content
  local site="$work/corpus-$1"
  [ -f "$site/site.yaml" ] || python3 "$gen" --pages "$1" --format yomu --out "$site" --force >/dev/null
  mkdir -p "$site-nosearch"
  { cat "$site/site.yaml"; echo; echo "search: false"; } > "$site-nosearch/site.yaml"
  ln -sfn "$PWD/$site/content" "$site-nosearch/content"
}

echo "== 1. yomu build, 2 x 5,000 pages: search on, then off"
corpus 5000
outs=$(mktemp -d)
trap 'rm -rf "$outs"' EXIT
python3 bench/measure.py --runs "$runs" --label "build 10000, search" -- \
  "$yomu" --site "$work/corpus-5000" build --out "$outs/on-{run}"
python3 bench/measure.py --runs "$runs" --label "build 10000, no search" -- \
  "$yomu" --site "$work/corpus-5000-nosearch" build --out "$outs/off-{run}"
rm -rf "$outs"/*
pairs=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
python3 bench/scale_pair.py --yomu "$yomu" --a "$work/corpus-5000" --b "$work/corpus-5000-nosearch" \
  --runs "$runs" --out-root "$pairs" --required 1.15
rm -rf "$pairs"

echo "== 2. the index of 2 x 1,000 pages"
corpus 1000
site="$work/site-1000"
rm -rf "$site"
"$yomu" --site "$work/corpus-1000" build --out "$site" >/dev/null
for lang in ja-JP en-US; do
  dir="$site/search/$lang"
  largest=$(find "$dir" -type f -printf '%s %P\n' | sort -n | tail -1)
  echo "$lang: $(du -sb "$dir" | cut -f1) bytes in $(find "$dir" -type f | wc -l) files, meta.json $(stat -c %s "$dir/meta.json") bytes, largest ${largest#* } ${largest%% *} bytes"
done

echo "== 3. Pagefind 1.6.0 extended on the same site"
pf=target/pagefind
[ -x "$pf/node_modules/.bin/pagefind" ] || npm install --silent --no-save --no-audit --no-fund --prefix "$pf" pagefind@1.6.0 >/dev/null
extended=$(find "$pf/node_modules/@pagefind" -name pagefind_extended -type f | head -1)
python3 bench/measure.py --runs 1 --label "pagefind_extended, 2 x 1,000 pages" -- \
  "$extended" --site "$site" --output-subdir pagefind --quiet
echo "pagefind index: $(du -sb "$site/pagefind" | cut -f1) bytes in $(find "$site/pagefind" -type f | wc -l) files"
node --experimental-websocket bench/search_hits.mjs "$site" "${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}"
