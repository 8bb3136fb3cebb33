#!/usr/bin/env bash
# Scale-out benchmark: parapet ingest → NATS JetStream → parapet analyze (1 worker, then 2), end to end.
#
# usage: bench/scale.sh [EVENTS=1000000] [sqlite|postgres]
#
# Starts its own nats-server (Debian's package) on a private port and folder, and reports, in one run:
#   - ingest events/s over the whole replay, and its RSS sampled through the run (flat or growing);
#   - analyze lines/s with 1 worker and with 2 worker processes on one durable consumer, and their ratio;
#   - latency under a paced live load: ingest publish → stored post and → stored alert (p50, p99), and
#     stored alert → webhook delivered to a local receiver through `parapet serve` (p50, p99).
# With "postgres" the workers and serve use a PostgreSQL store: the script runs the machine's PostgreSQL
# (initdb and pg_ctl, as the postgres user when run as root) on a private port and folder.
# Results go to stdout and bench/out/scale.md (scale-postgres.md); logs to bench/out/logs/.
set -euo pipefail

EVENTS="${1:-${EVENTS:-1000000}}"
EVENTS="${EVENTS//_/}"
STORE="${2:-sqlite}"
[[ "$EVENTS" =~ ^[1-9][0-9]*$ && "$STORE" =~ ^(sqlite|postgres)$ ]] || { echo "usage: bench/scale.sh [EVENTS=1000000] [sqlite|postgres]" >&2; exit 2; }
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT=bench/out
LOGS="$OUT/logs"
WORK="$OUT/scale"
DATA="$OUT/scale-events.jsonl"
WATCHLIST=bench/watchlist.yaml
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NO_COLOR=1
mkdir -p "$LOGS"
rm -rf "$WORK" && mkdir -p "$WORK"
say() { printf '==> %s\n' "$*" >&2; }

NATS_SERVER=$(command -v nats-server || echo /usr/sbin/nats-server)
[[ -x "$NATS_SERVER" ]] || { echo "nats-server is not installed (apt-get install nats-server)" >&2; exit 1; }

say "building the CLI and the event generator (Release)"
dotnet build -c Release --disable-build-servers src/Parapet.Cli -o "$OUT/cli" >"$LOGS/scale-build-cli.log" 2>&1 || { tail -20 "$LOGS/scale-build-cli.log"; exit 1; }
dotnet build -c Release --disable-build-servers bench/Parapet.Bench -o "$OUT/bench" >"$LOGS/scale-build-bench.log" 2>&1 || { tail -20 "$LOGS/scale-build-bench.log"; exit 1; }
P=(dotnet "$OUT/cli/parapet.dll")
if [[ ! -f "$DATA" || "$(wc -l <"$DATA")" -ne "$EVENTS" ]]; then
  say "generating $EVENTS events"
  dotnet "$OUT/bench/parapet-bench.dll" generate --events "$EVENTS" --watchlist "$WATCHLIST" --out "$DATA" --seed 20261203 >&2
fi
cat "$DATA" >/dev/null

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
NATS="nats://127.0.0.1:$PORT"
"$NATS_SERVER" -js -a 127.0.0.1 -p "$PORT" -sd "$WORK/jetstream" >"$LOGS/scale-nats.log" 2>&1 &
NATS_PID=$!
SERVE_PID="" RECEIVER_PID="" PG_DATA=""
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  kill $SERVE_PID $RECEIVER_PID 2>/dev/null || true; kill "$NATS_PID" 2>/dev/null || true
  [[ -n "$PG_DATA" ]] && as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done

if [[ "$STORE" == postgres ]]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -x "$PG_BIN/pg_ctl" ]] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
  PG_ROOT=$(mktemp -d /tmp/parapet-bench-pg.XXXXXX)
  PG_DATA="$PG_ROOT/data"
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$PG_ROOT"
  say "starting PostgreSQL ($("$PG_BIN/postgres" --version)) on port $PG_PORT"
  as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U parapet --auth=trust -E UTF8 --no-locale >"$LOGS/scale-pg-initdb.log" 2>&1
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -l "$PG_ROOT/server.log" \
    -o "-p $PG_PORT -k $PG_ROOT -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c synchronous_commit=on" start >/dev/null
fi
# store_db NAME: the --db of a fresh store called NAME, a file or a PostgreSQL database.
store_db() {
  if [[ "$STORE" == postgres ]]; then
    as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U parapet -d postgres -qc "CREATE DATABASE $1" >/dev/null
    echo "Host=127.0.0.1;Port=$PG_PORT;Username=parapet;Database=$1"
  else
    echo "$WORK/$1.db"
  fi
}

# sampled NAME LOG COMMAND...: runs it, writes RSS (KB) every 0.5 s to LOG.rss, prints wall seconds.
sampled() {
  local name=$1 log=$2; shift 2
  local start end pid
  start=$(date +%s%N)
  "$@" >"$log" 2>&1 &
  pid=$!
  : >"$log.rss"
  while kill -0 "$pid" 2>/dev/null; do
    awk '/VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null >>"$log.rss" || true
    sleep 0.5
  done
  wait "$pid" || { echo "$name failed; see $log" >&2; tail -5 "$log" >&2; exit 1; }
  end=$(date +%s%N)
  echo "scale=2; ($end - $start) / 1000000000" | bc
}
# rss_profile LOG.rss: "first / middle / last / peak" in MiB.
rss_profile() {
  awk 'NF { v[n++] = $1; if ($1 > p) p = $1 } END { if (n == 0) { print "n/a"; exit }
       printf "%.0f / %.0f / %.0f / %.0f", v[0]/1024, v[int(n/2)]/1024, v[n-1]/1024, p/1024 }' "$1"
}

say "ingest: $EVENTS events into stream BENCH"
INGEST_S=$(sampled ingest "$LOGS/scale-ingest.log" "${P[@]}" ingest --source "replay:$DATA" --nats "$NATS" --stream BENCH --db "$WORK/ingest.db")
PUBLISHED=$(grep -oP 'ingest: \K[\d,]+(?= published)' "$LOGS/scale-ingest.log" | tr -d ,)

ANALYZE=("${P[@]}" analyze --watchlist "$WATCHLIST" --nats "$NATS" --stream BENCH --exit-when-idle 1)
busy_rate() { # lines/s over the union of the busy windows in the given logs
  python3 - "$@" <<'PY'
import re, sys
lines = first = last = 0
for f in sys.argv[1:]:
    t = open(f).read()
    lines += int(re.search(r"analyze: ([\d,]+) lines", t).group(1).replace(",", ""))
    a, b = map(int, re.search(r"busy (\d+)\.\.(\d+)", t).groups())
    first = a if not first else min(first, a); last = max(last, b)
print(f"{lines / ((last - first) / 1000):.0f}")
PY
}

say "analyze: 1 worker"
sampled analyze1 "$LOGS/scale-analyze-1.log" "${ANALYZE[@]}" --consumer one --db "$(store_db one)" >/dev/null
ONE=$(busy_rate "$LOGS/scale-analyze-1.log")

say "analyze: 2 worker processes on one consumer"
TWO_DB=$(store_db two)
sampled analyze2a "$LOGS/scale-analyze-2a.log" "${ANALYZE[@]}" --consumer two --db "$TWO_DB" >/dev/null &
A=$!
sampled analyze2b "$LOGS/scale-analyze-2b.log" "${ANALYZE[@]}" --consumer two --db "$TWO_DB" >/dev/null &
B=$!
wait $A $B
TWO=$(busy_rate "$LOGS/scale-analyze-2a.log" "$LOGS/scale-analyze-2b.log")
RATIO=$(echo "scale=2; $TWO / $ONE" | bc)

say "latency: paced ingest with analyze and serve running, a webhook to a local receiver"
LAT_DB=$(store_db latency)
"${P[@]}" users add bench --role admin --db "$LAT_DB" --password-stdin <<<"bench-password-not-secret" >/dev/null
KEY=$("${P[@]}" users key bench --db "$LAT_DB" | grep -oE 'pk_[A-Za-z0-9_-]+' | head -1)
RPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$RPORT" "$WORK/webhooks.tsv" <<'PY' &
import http.server, json, sys, time, datetime
out = open(sys.argv[2], "a", buffering=1)
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        now = time.time()
        raised = json.loads(body)["alert"]["raised_at"]
        t = datetime.datetime.fromisoformat(raised.replace("Z", "+00:00")).timestamp()
        out.write(f"{(now - t) * 1000:.1f}\n")
        self.send_response(200); self.end_headers()
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
RECEIVER_PID=$!
"${P[@]}" serve --db "$LAT_DB" --urls "http://127.0.0.1:$SPORT" >"$LOGS/scale-serve.log" 2>&1 &
SERVE_PID=$!
for _ in $(seq 200); do curl -fs "http://127.0.0.1:$SPORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$RPORT/hook\",\"events\":[\"alert.new\"]}" "http://127.0.0.1:$SPORT/api/webhooks" >/dev/null
"${ANALYZE[@]}" --stream LIVE --consumer live --db "$LAT_DB" --exit-when-idle 3 >"$LOGS/scale-latency-analyze.log" 2>&1 &
LA=$!
SPEED=$(( EVENTS / 60 > 20000 ? 20000 : (EVENTS / 60 < 2000 ? 2000 : EVENTS / 60) ))
"${P[@]}" ingest --source "replay:$DATA" --nats "$NATS" --stream LIVE --db "$WORK/ingest-live.db" --speed "$SPEED" >"$LOGS/scale-latency-ingest.log" 2>&1
wait $LA
sleep 3
LAT_LINE=$(grep -oP 'ingest → stored .*' "$LOGS/scale-latency-analyze.log" || echo n/a)
HOOKS=$(python3 - "$WORK/webhooks.tsv" <<'PY'
import sys
v = sorted(float(x) for x in open(sys.argv[1]) if x.strip())
if not v: print("none delivered"); sys.exit()
p = lambda q: v[min(len(v) - 1, max(0, int(-(-q * len(v) // 1)) - 1))]
print(f"{len(v)} deliveries, p50 {p(0.5):.0f} ms, p99 {p(0.99):.0f} ms")
PY
)

{
  echo "# Scale-out benchmark"
  echo
  echo "\`bench/scale.sh $EVENTS\` on $(nproc) cores, $(date -u +%Y-%m-%d), nats-server $("$NATS_SERVER" --version 2>&1 | head -1), $STORE store."
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| ingest, whole replay | $EVENTS events in ${INGEST_S} s = $(echo "$EVENTS / $INGEST_S" | bc) events/s ($PUBLISHED lines published) |"
  echo "| ingest RSS, MiB (first / middle / last / peak) | $(rss_profile "$LOGS/scale-ingest.log.rss") |"
  echo "| analyze, 1 worker | $ONE lines/s |"
  echo "| analyze, 2 worker processes | $TWO lines/s (**${RATIO}×** one worker) |"
  echo "| analyze RSS, MiB, 1 worker (first / middle / last / peak) | $(rss_profile "$LOGS/scale-analyze-1.log.rss") |"
  echo "| analyze RSS, MiB, each of 2 workers | $(rss_profile "$LOGS/scale-analyze-2a.log.rss"); $(rss_profile "$LOGS/scale-analyze-2b.log.rss") |"
  echo "| paced live load | ingest at $SPEED events/s, analyze and serve running |"
  echo "| latency, ingest publish → stored post / alert | $LAT_LINE |"
  echo "| latency, stored alert → webhook received | $HOOKS |"
  echo "| serve RSS, MiB | $(awk '/VmRSS/ { printf "%.0f", $2/1024 }' /proc/$SERVE_PID/status 2>/dev/null || echo n/a) |"
} | tee "$OUT/scale$([[ "$STORE" == postgres ]] && echo -postgres).md"
