#!/usr/bin/env bash
# Throughput of `parapet classify --matched-only` next to the parse-only limit and a Node.js pipeline.
#
# usage: bench/run.sh [EVENTS=1000000]
#
# Every row is a whole process, start-up included, reading the same synthetic Jetstream file from the
# page cache. Each pipeline runs twice, in alternating order; the table reports the faster run and the
# larger peak RSS. Results go to stdout and bench/out/results.md; logs to bench/out/logs/.
set -euo pipefail

EVENTS="${1:-${EVENTS:-1000000}}"
EVENTS="${EVENTS//_/}"
if ! [[ "$EVENTS" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bench/run.sh [EVENTS=1000000]   (EVENTS must be a positive integer, got '$EVENTS')" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

OUT=bench/out
LOGS="$OUT/logs"
DATA="$OUT/events.jsonl"
STAMP="$OUT/events.jsonl.stamp"
WATCHLIST=bench/watchlist.yaml
SEED=20260704
RUNS=2
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$LOGS"

say() { printf '==> %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------- build
say "building bench/Parapet.Bench (Release) into $OUT/bench"
if ! dotnet build -c Release --disable-build-servers bench/Parapet.Bench -o "$OUT/bench" >"$LOGS/build-bench.log" 2>&1; then
  tail -n 30 "$LOGS/build-bench.log" >&2
  echo "bench/Parapet.Bench does not build; see $LOGS/build-bench.log" >&2
  exit 1
fi
BENCH_DLL="$OUT/bench/parapet-bench.dll"

have_parapet=1
say "building src/Parapet.Cli (Release) into $OUT/cli"
if ! dotnet build -c Release --disable-build-servers src/Parapet.Cli -o "$OUT/cli" >"$LOGS/build-cli.log" 2>&1; then
  have_parapet=0
  echo "SKIPPING parapet: 'dotnet build -c Release src/Parapet.Cli' failed; see $LOGS/build-cli.log" >&2
elif [[ ! -f "$OUT/cli/parapet.dll" ]]; then
  have_parapet=0
  echo "SKIPPING parapet: the build did not produce $OUT/cli/parapet.dll" >&2
fi

have_node=1
if ! command -v node >/dev/null 2>&1; then
  have_node=0
  echo "SKIPPING Node.js: node is not on PATH" >&2
elif [[ ! -d bench/node/node_modules/vader-sentiment ]]; then
  say "npm ci in bench/node"
  if ! (cd bench/node && npm ci --no-audit --no-fund) >"$LOGS/npm-ci.log" 2>&1; then
    have_node=0
    echo "SKIPPING Node.js: npm ci failed; see $LOGS/npm-ci.log" >&2
  fi
fi

# ------------------------------------------------------------------------------------------- the data
# Regenerate when the file is missing, has another number of events, or was made from another watchlist
# or generator; the generator is deterministic, so the same stamp means the same bytes.
stamp="events=$EVENTS seed=$SEED watchlist=$(sha256sum "$WATCHLIST" | cut -c1-16)"
stamp+=" generator=$(cat bench/Parapet.Bench/*.cs | sha256sum | cut -c1-16)"
if [[ ! -f "$DATA" || ! -f "$STAMP" || "$(cat "$STAMP")" != "$stamp" || "$(wc -l <"$DATA")" -ne "$EVENTS" ]]; then
  say "generating $EVENTS events into $DATA"
  rm -f "$DATA" "$STAMP"
  dotnet "$BENCH_DLL" generate --events "$EVENTS" --watchlist "$WATCHLIST" --out "$DATA" --seed "$SEED" 2>&1 |
    tee "$LOGS/generate.log" >&2
  printf '%s\n' "$stamp" >"$STAMP"
else
  say "reusing $DATA ($stamp)"
fi
DATA_BYTES=$(stat -c %s "$DATA")

# Every pipeline reads from the page cache, not from the disk.
cat "$DATA" >/dev/null

# ------------------------------------------------------------------------------------------ measuring
# BENCH_RSS=proc forces the /proc polling used on machines without GNU time.
if [[ "${BENCH_RSS:-}" != proc && -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
  RSS_METHOD="GNU time -v (maximum resident set size)"
else
  RSS_METHOD="VmHWM from /proc/PID/status, polled every 20 ms"
fi

declare -A BEST_SECONDS PEAK_KB ALL_SECONDS FAILED RUN_COUNT
rm -f "$LOGS"/parse-only.* "$LOGS"/parapet.* "$LOGS"/node.*

# run_once NAME STDOUT_FILE COMMAND...: runs the command once, keeps its stderr in the log folder,
# records wall-clock seconds and peak RSS.
run_once() {
  local name=$1 stdout_file=$2
  shift 2
  local run=$(( ${RUN_COUNT[$name]:-0} + 1 ))
  RUN_COUNT[$name]=$run
  local log="$LOGS/$name.$run.log" rc=0 peak_kb=0 cpu="" start end
  say "run $run: $name"
  start=$(date +%s%N)
  if [[ "$RSS_METHOD" == GNU* ]]; then
    /usr/bin/time -v -o "$log.time" "$@" >"$stdout_file" 2>"$log" || rc=$?
    end=$(date +%s%N)
    peak_kb=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$log.time")
    cpu=$(awk -F': *' '/User time|System time/ { t += $2 } END { printf "%.2f", t }' "$log.time")
  else
    "$@" >"$stdout_file" 2>"$log" &
    local pid=$! key value _
    while kill -0 "$pid" 2>/dev/null; do
      while read -r key value _; do
        if [[ "$key" == VmHWM: && "$value" -gt "$peak_kb" ]]; then peak_kb=$value; fi
      done 2>/dev/null <"/proc/$pid/status" || true
      sleep 0.02
    done
    wait "$pid" || rc=$?
    end=$(date +%s%N)
  fi

  if [[ $rc -ne 0 ]]; then
    FAILED[$name]="exit $rc"
    echo "$name failed with exit code $rc; last lines of $log:" >&2
    tail -n 15 "$log" >&2
    return 0
  fi

  local seconds
  seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
  ALL_SECONDS[$name]="${ALL_SECONDS[$name]:+${ALL_SECONDS[$name]}, }$seconds${cpu:+ (cpu $cpu)}"
  if [[ -z "${BEST_SECONDS[$name]:-}" ]] || awk -v a="$seconds" -v b="${BEST_SECONDS[$name]}" 'BEGIN { exit !(a < b) }'; then
    BEST_SECONDS[$name]=$seconds
  fi
  if [[ "${peak_kb:-0}" -gt "${PEAK_KB[$name]:-0}" ]]; then PEAK_KB[$name]=$peak_kb; fi
}

run_pipeline() {
  case $1 in
    parse-only)
      run_once parse-only "$LOGS/parse-only.stdout" dotnet "$BENCH_DLL" parse-only "$DATA" ;;
    parapet)
      [[ $have_parapet -eq 1 ]] || return 0
      run_once parapet /dev/null dotnet "$OUT/cli/parapet.dll" classify \
        --watchlist "$WATCHLIST" --input "$DATA" --matched-only --output /dev/null ;;
    node)
      [[ $have_node -eq 1 ]] || return 0
      run_once node /dev/null node bench/node/pipeline.js --watchlist "$WATCHLIST" --input "$DATA" ;;
  esac
}

# The load average still remembers the builds above, so sample how busy the CPUs are right now.
cpu_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $5 + $6 }' /proc/stat; }
read -r busy0 idle0 < <(cpu_ticks)
sleep 1
read -r busy1 idle1 < <(cpu_ticks)
BUSY_BEFORE=$(awk -v b=$((busy1 - busy0)) -v i=$((idle1 - idle0)) 'BEGIN { printf "%.0f", ((b + i) > 0 ? 100 * b / (b + i) : 0) }')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if ((BUSY_BEFORE > 10)); then
  echo "warning: the CPUs were ${BUSY_BEFORE}% busy before the runs; other work on this machine will distort the numbers" >&2
fi

ORDER=(parse-only parapet node)
for ((round = 1; round <= RUNS; round++)); do
  if ((round % 2 == 1)); then
    for p in "${ORDER[@]}"; do run_pipeline "$p"; done
  else
    for ((i = ${#ORDER[@]} - 1; i >= 0; i--)); do run_pipeline "${ORDER[$i]}"; done
  fi
done

# -------------------------------------------------------------------------------------------- report
fmt_int() { awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } print s o }'; }
verdict() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; then echo "met"; else echo "NOT met"; fi; }
eps() { awk -v e="$EVENTS" -v s="$1" 'BEGIN { printf "%.0f", e / s }'; }

declare -A LABEL=(
  [parse-only]="parse-only: .NET Utf8JsonReader pass over every line (the limit)"
  [parapet]="parapet classify --matched-only"
  [node]="Node.js: readline + JSON.parse + alias regex + vader-sentiment"
)

parse_eps=""
[[ -n "${BEST_SECONDS[parse-only]:-}" ]] && parse_eps=$(eps "${BEST_SECONDS[parse-only]}")

table="| pipeline | seconds | events/s | peak RSS MiB | ratio to parse-only |"$'\n'
table+="|---|---:|---:|---:|---:|"$'\n'
for p in "${ORDER[@]}"; do
  if [[ $p == parapet && $have_parapet -eq 0 ]]; then
    table+="| ${LABEL[$p]} | skipped: CLI did not build | | | |"$'\n'
    continue
  elif [[ $p == node && $have_node -eq 0 ]]; then
    table+="| ${LABEL[$p]} | skipped: Node.js unavailable | | | |"$'\n'
    continue
  elif [[ -z "${BEST_SECONDS[$p]:-}" ]]; then
    table+="| ${LABEL[$p]} | failed (${FAILED[$p]:-no run}) | | | |"$'\n'
    continue
  fi
  s=${BEST_SECONDS[$p]}
  e=$(eps "$s")
  mib=$(awk -v k="${PEAK_KB[$p]:-0}" 'BEGIN { printf "%.0f", k / 1024 }')
  ratio="n/a"
  [[ -n "$parse_eps" ]] && ratio=$(awk -v a="$e" -v b="$parse_eps" 'BEGIN { printf "%.0f%%", 100 * a / b }')
  table+="| ${LABEL[$p]} | $(printf '%.2f' "$s") | $(fmt_int "$e") | $mib | $ratio |"$'\n'
done

summary=""
if [[ -n "${BEST_SECONDS[parapet]:-}" ]]; then
  parapet_eps=$(eps "${BEST_SECONDS[parapet]}")
  summary+="- parapet: $(fmt_int "$parapet_eps") events/s (target ≥ 500,000: $(verdict "$parapet_eps" 500000))"$'\n'
  if [[ -n "${BEST_SECONDS[node]:-}" ]]; then
    x=$(awk -v a="$parapet_eps" -v b="$(eps "${BEST_SECONDS[node]}")" 'BEGIN { printf "%.2f", a / b }')
    summary+="- Parapet / Node.js: ${x}× (target ≥ 3×: $(verdict "$x" 3))"$'\n'
  fi
  if [[ -n "$parse_eps" ]]; then
    pct=$(awk -v a="$parapet_eps" -v b="$parse_eps" 'BEGIN { printf "%.0f", 100 * a / b }')
    summary+="- Parapet / parse-only: ${pct}% (target ≥ 30%: $(verdict "$pct" 30))"$'\n'
  fi
elif [[ -n "${BEST_SECONDS[node]:-}" && -n "$parse_eps" ]]; then
  summary+="- Parapet / Node.js: n/a (no parapet row)"$'\n'
fi

# What each pipeline says it saw, as a check that they all read the same events.
counts=""
for p in "${ORDER[@]}"; do
  case $p in
    parse-only) line=$(tail -n 1 "$LOGS/parse-only.stdout" 2>/dev/null || true) ;;
    *) line=$(tail -n 1 "$LOGS/$p.1.log" 2>/dev/null || true) ;;
  esac
  [[ -n "$line" && -n "${BEST_SECONDS[$p]:-}" ]] && counts+="- $p: $line"$'\n'
done

runs=""
for p in "${ORDER[@]}"; do
  [[ -n "${ALL_SECONDS[$p]:-}" ]] && runs+="- $p: ${ALL_SECONDS[$p]}"$'\n'
done

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo unknown)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "no commit")
node_version=$(node --version 2>/dev/null || echo absent)

report="# Parapet throughput benchmark

$(date -u '+%Y-%m-%d %H:%M UTC') · $(nproc) cores ($cpu_model) · $mem · .NET SDK $(dotnet --version) · Node.js $node_version · commit $commit

Input: $(fmt_int "$EVENTS") events, $(awk -v b="$DATA_BYTES" 'BEGIN { printf "%.0f", b / 1048576 }') MiB ($DATA, seed $SEED, watchlist $WATCHLIST).
Whole process per row, start-up included; best of $RUNS runs in alternating order; peak RSS by $RSS_METHOD, largest of the runs.
CPU busy in the second before the runs: ${BUSY_BEFORE}% (load average $LOAD_BEFORE).

$table
$summary
Runs (wall-clock seconds; cpu = user + system seconds, less sensitive to other load):
$runs
Counts reported by the pipelines:
$counts"

printf '%s\n' "$report" | tee "$OUT/results.md"
say "written to $OUT/results.md"
