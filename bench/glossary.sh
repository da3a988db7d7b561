#!/usr/bin/env bash
# Glossary benchmark: what auto-linking costs. `yomu check` (the whole
# build in memory) and a clean `yomu build`, median of N runs, on the
# generated 2x5,000-page corpus: without a glossary; with 200 terms per
# language that never occur (the cost of searching every text); and with
# the corpus's own 200 most frequent words (English words; Japanese
# katakana and kanji runs), so every page links dozens of terms (the
# search plus the links it writes).
# Usage: bench/glossary.sh [runs] (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}  # from /work/wt/<branch>: GEN_CORPUS=/work/shared/bench/gen_corpus.py
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"

cargo build --release --quiet
yomu=$PWD/target/release/yomu
site="$work/glossary-corpus-5000"
[ -f "$site/site.yaml" ] || python3 "$gen" --pages 5000 --format yomu --out "$site" --force >/dev/null
outs=$(mktemp -d)
trap 'rm -rf "$outs" "$site/glossary"' EXIT

series() {
  python3 bench/measure.py --runs "$runs" --label "check $1" -- "$yomu" --site "$site" check
  python3 bench/measure.py --runs "$runs" --label "build $1" -- \
    "$yomu" --site "$site" build --out "$outs/$1-{run}"
}

rm -rf "$site/glossary"
series "no-glossary"

# 200 terms per language from the corpus's own vocabulary; argv[2]
# appended to each term makes it one that never occurs.
glossary() {
python3 - "$site" "$1" <<'PY'
import collections, pathlib, re, sys
site = pathlib.Path(sys.argv[1])
patterns = {
    "en-US": re.compile(r"\b[a-z]{5,}\b"),
    "ja-JP": re.compile(r"[\u30a1-\u30fa\u30fc]{3,}|[\u4e00-\u9fff]{2,}"),
}
(site / "glossary").mkdir(exist_ok=True)
for lang, pattern in patterns.items():
    counts = collections.Counter()
    for page in (site / "content" / lang).rglob("*.md"):
        counts.update(pattern.findall(page.read_text(encoding="utf-8")))
    lines = ["terms:"]
    for n, (word, _) in enumerate(counts.most_common(200)):
        lines += [f"  - id: t{n}", f"    term: \"{word}{sys.argv[2]}\"", f"    short: \"The term {word}.\""]
    (site / "glossary" / f"{lang}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
PY
}
glossary "ｚｑ"
series "glossary-200-unmatched"
glossary ""
series "glossary-200-frequent"
