#!/usr/bin/env bash
# Installs what the tests need when it is missing, then builds and runs every test project.
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK 10 is required (dotnet on PATH): https://dot.net" >&2
  exit 1
fi

# The PostgreSQL tests start a throwaway server themselves; they need its binaries.
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
   && command -v apt-get >/dev/null 2>&1; then
  echo "Installing PostgreSQL (needed by the PostgreSQL storage tests)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update && apt-get install -y postgresql
fi

# The browser tests (tests/PartyActors.Browser.Tests) drive Debian's Chromium headless, by path (no
# browser download), and need a CJK font, without which Chinese renders as boxes in the screenshots.
# The silo's build builds the web pages with Node.js 18+ and npm
# (Debian 12's nodejs package is Node 18, which vite 6 supports).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  missing+=(fonts-noto-cjk)
fi
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} (needed by the web pages' build and the browser tests)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update && apt-get install -y "${missing[@]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

dotnet build PartyActors.sln -c Release
status=0
dotnet test PartyActors.sln -c Release --no-build --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m "$@" || status=$?

# One closing line over all projects, from the TRX files the runs wrote.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); passed=$((passed + ${p:-0}))
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$((failed + ${f:-0}))
  # Skipped tests are results with outcome NotExecuted; the Counters element does not count them.
  # (grep finds none in most files and exits 1, which would end this script under set -e -o pipefail.)
  s=$({ grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx" || true; } | wc -l); skipped=$((skipped + ${s:-0}))
done
echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$failed" -gt 0 ]; then status=1; fi
if [ "$passed" -eq 0 ]; then echo "No test ran." >&2; status=1; fi
exit "$status"
