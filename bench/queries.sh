#!/usr/bin/env bash
# Query engine cost: `parapet classify --matched-only` over the same Jetstream events with the 10 profiles of
# bench/watchlist.yaml and with those plus 9,990 generated profiles carrying queries (boolean, NEAR, phrases,
# wildcards, filters, exclusions). Both rows in one run, whole process, best of 2.
# Usage: bench/queries.sh   (run bench/run.sh first, or it generates bench/out/events.jsonl the same way)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
dotnet build -c Release src/Parapet.Cli -o "$out/cli" --disable-build-servers >/dev/null
if [ ! -f "$out/events.jsonl" ]; then
  dotnet build -c Release bench/Parapet.Bench -o "$out/bench" --disable-build-servers >/dev/null
  dotnet "$out/bench/parapet-bench.dll" generate --events 1000000 --watchlist bench/watchlist.yaml --out "$out/events.jsonl"
fi
python3 - "$out/watchlist-10k.yaml" <<'PY'
import random, sys
random.seed(20261129)
syll = ["ka", "lo", "mi", "ren", "tor", "vas", "qui", "bel", "dun", "sar", "pe", "gro", "lin", "hal", "zef", "mor"]
common = ["office", "center", "school", "board", "county", "police", "agents", "clinic", "hospital", "election"]
def word(): return "".join(random.choice(syll) for _ in range(3))
lines = open("bench/watchlist.yaml").read().rstrip("\n").split("\n")
for i in range(9990):
    a, b, c = word(), word(), word()
    kind = i % 5
    if kind == 0: q = f'"{a} {b}" NEAR/5 ({random.choice(common)} OR {c}*)'
    elif kind == 1: q = f'{a} AND ({b} OR {c}) AND NOT {random.choice(common)}'
    elif kind == 2: q = f'{a}* NEAR/3f {random.choice(common)} lang:en'
    elif kind == 3: q = f'("{a} {random.choice(common)}" OR {b}) has:link'
    else: q = f'{a} {b} source:bluesky'
    lines += [f"  - id: g{i}", f"    name: Generated {i}", f"    aliases: [\"{a.title()} {b.title()}\"]",
              f"    query: '{q}'", f"    exclude: [\"{a.title()} {c.title()}\"]"]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
run() { /usr/bin/time -f "%e %M" dotnet "$out/cli/parapet.dll" classify --watchlist "$1" --input "$out/events.jsonl" --matched-only --output /dev/null 2>&1 | tail -1; }
declare -A best rss
for round in 1 2; do
  for w in bench/watchlist.yaml "$out/watchlist-10k.yaml"; do
    read -r s m < <(run "$w")
    if [ -z "${best[$w]:-}" ] || awk "BEGIN{exit !($s < ${best[$w]})}"; then best[$w]=$s; fi
    rss[$w]=$m
  done
done
events=$(wc -l < "$out/events.jsonl")
{
  echo "| watchlist | profiles | seconds | events/s | peak RSS MiB |"
  echo "|---|---:|---:|---:|---:|"
  for w in bench/watchlist.yaml "$out/watchlist-10k.yaml"; do
    n=$(grep -c '^  - id:' "$w")
    awk -v w="$w" -v n="$n" -v s="${best[$w]}" -v e="$events" -v m="${rss[$w]}" 'BEGIN{printf "| %s | %d | %.2f | %.0f | %.0f |\n", w, n, s, e/s, m/1024}'
  done
} | tee "$out/queries.md"
