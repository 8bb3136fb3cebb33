#!/usr/bin/env bash
# Runs Parapet's whole test suite on a fresh machine: restores packages, builds, runs every test project,
# and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The dashboard's browser tests drive Debian's chromium; Playwright's driver comes in its NuGet package and
# must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The scale-out tests start their own nats-server (Debian's package) on private loopback ports.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nats-server ] || command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
# The PostgreSQL store's tests run the machine's PostgreSQL server (initdb and pg_ctl on a private port).
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} for the browser and scale-out tests" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1 \
    || echo "test.sh: could not install ${missing[*]}; the tests that need them will fail" >&2
fi
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet restore Parapet.slnx || { echo "0 passed, 1 failed"; exit 1; }
dotnet build Parapet.slnx --no-restore -c Release || { echo "0 passed, 1 failed"; exit 1; }

status=0
# One test assembly at a time: on a two-core machine the browser, NATS and process-kill tests keep their
# timing margins when they do not share the cores with another assembly.
dotnet test Parapet.slnx --no-build -c Release -m:1 --logger "trx" --results-directory "$results" || status=$?

# Count outcomes from the TRX files (xunit's own summary is not the contract).
read -r passed failed < <(python3 - "$results" <<'PY' 2>/dev/null || echo "0 1"
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = 0
for f in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
print(passed, failed)
PY
)
if [ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then failed=1; fi
echo "${passed:-0} passed, ${failed:-0} failed"
[ "${failed:-0}" -eq 0 ]
