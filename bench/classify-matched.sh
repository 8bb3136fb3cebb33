#!/usr/bin/env bash
# Classification speed when every post mentions a watched entity (the worst case for the classifiers):
# matched posts per second through `parapet classify`, whole process, and the start-up cost of loading the models.
# Usage: bench/classify-matched.sh [COPIES=25]   (800 corpus posts × COPIES)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-25}
out=bench/out
mkdir -p "$out"
dotnet build -c Release src/Parapet.Cli -o "$out/cli" --disable-build-servers >/dev/null
python3 - "$copies" "$out/matched.jsonl" <<'PY'
import json, sys
copies, path = int(sys.argv[1]), sys.argv[2]
rows = [json.loads(l) for l in open("corpus/threats/heldout.jsonl")]
with open(path, "w") as f:
    for k in range(copies):
        for i, r in enumerate(rows):
            f.write(json.dumps({"id": f"m{k}-{i}", "text": r["text"] + ("" if k == 0 else f" #{k}")}) + "\n")
PY
n=$(wc -l < "$out/matched.jsonl")
run() { /usr/bin/time -f "%e %M" dotnet "$out/cli/parapet.dll" classify --watchlist corpus/threats/heldout-watchlist.yaml --input "$1" --output /dev/null 2>&1 >/dev/null | tail -1; }
head -1 "$out/matched.jsonl" > "$out/one.jsonl"
read -r s1 m1 < <(run "$out/one.jsonl")
best=""; rss=0
for _ in 1 2 3; do
  read -r s m < <(run "$out/matched.jsonl")
  if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
  [ "$m" -gt "$rss" ] && rss=$m
done
awk -v n="$n" -v s="$best" -v s1="$s1" -v m="$rss" -v m1="$m1" 'BEGIN{
  printf "| measure | value |\n|---|---:|\n";
  printf "| matched posts | %d |\n| seconds (best of 3, whole process) | %.2f |\n| matched posts/s | %.0f |\n", n, s, n/s;
  printf "| whole process for one post (start-up and model load) | %.2f s |\n| peak RSS, %d posts | %.0f MiB |\n| peak RSS, one post | %.0f MiB |\n", s1, n, m/1024, m1/1024 }' | tee "$out/classify-matched.md"
