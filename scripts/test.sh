#!/usr/bin/env bash
# The whole test suite, in order: format and lint, type-check and build (libraries, then apps), unit +
# integration tests of each workspace, mini-program builds and size check, API scenarios,
# browser scenarios. Every step runs even after an earlier one failed (so one run shows every
# problem); a step whose workspace or script does not exist yet is SKIPPED. The last line is
# `N passed, M failed` over all test cases; a failed step that reported no failing test case
# (a build, a type-check, a crashed runner) counts as one failure, so `0 failed` means
# everything passed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
LOG_DIR="$ROOT/.tmp/test-logs"
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"
# Screenshots and samples of this run only (the server's own tests write some, e.g. a poster).
rm -rf "$ROOT/test/artifacts"

RUN_START=$(date +%s)
PASSED=0
FAILED=0
STEP_NO=0
FAILED_STEPS=()
SKIPPED_STEPS=()
TIMINGS=()

say() { printf '%s\n' "$*"; }

header() {
  say ""
  say "══════════════════════════════════════════════════════════════════════"
  say "▶ $1"
  say "══════════════════════════════════════════════════════════════════════"
}

skip() {
  say ""
  say "SKIPPED: $1"
  SKIPPED_STEPS+=("$1")
}

# Sums jest's "Tests: … N passed" summary lines and node:test's "# pass N" / "ℹ pass N" lines in a log.
count_in_log() {
  local log=$1 kind=$2
  sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" \
    | { grep -E '^(Tests:|# (pass|fail) |ℹ (pass|fail) )' || true; } \
    | { grep -oE "(${kind} [0-9]+|[0-9]+ ${kind}|${kind%ed} [0-9]+)" || true; } \
    | { grep -oE '[0-9]+' || true; } \
    | awk '{ s += $1 } END { print s + 0 }'
}

# step <title> <command...>: runs the command from the repo root, output shown and logged.
step() {
  local title=$1
  shift
  STEP_NO=$((STEP_NO + 1))
  local log
  log="$LOG_DIR/$(printf '%02d' "$STEP_NO")-$(printf '%s' "$title" | tr -c 'A-Za-z0-9' '-' | cut -c1-60).log"
  header "[$STEP_NO] $title"
  say "\$ $*"
  local t0 rc
  t0=$(date +%s)
  set +e
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  local secs=$(($(date +%s) - t0))
  local passed failed
  passed=$(count_in_log "$log" passed)
  failed=$(count_in_log "$log" failed)
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  PASSED=$((PASSED + passed))
  FAILED=$((FAILED + failed))
  local verdict=ok
  if [ "$rc" -ne 0 ]; then
    verdict="FAILED (exit $rc)"
    FAILED_STEPS+=("$title")
  fi
  TIMINGS+=("$(printf '%5ss  %-22s %s' "$secs" "$verdict" "$title")")
  say "── [$STEP_NO] $title: $verdict in ${secs}s (tests: $passed passed, $failed failed)"
}

# A step that cannot run because an earlier step did not produce what it needs.
missing() {
  say "FAILED: $1 does not exist ($2); not running the scenarios."
  return 1
}

has_pkg() { [ -f "$1/package.json" ]; }

has_script() {
  node -e 'const s = require(process.argv[1]).scripts || {}; process.exit(s[process.argv[2]] ? 0 : 1)' \
    "$ROOT/$1/package.json" "$2"
}

pkg_name() { node -p 'require(process.argv[1]).name' "$ROOT/$1/package.json"; }

# Workspaces present right now, libraries first (apps depend on them).
WORKSPACES=()
for dir in libs/*/ apps/*/; do
  dir=${dir%/}
  if has_pkg "$dir"; then WORKSPACES+=("$dir"); fi
done

find_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    [ -x "$CHROMIUM_PATH" ] && printf '%s' "$CHROMIUM_PATH"
    return 0
  fi
  local c
  for c in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -x "$c" ]; then
      printf '%s' "$c"
      return 0
    fi
  done
}

JEST="$ROOT/node_modules/.bin/jest"
SERVER=apps/server
MINI=apps/miniprogram

say "Quanzi test run · $(date -u '+%Y-%m-%d %H:%M:%S UTC') · node $(node --version) · workspaces: ${WORKSPACES[*]:-(none)}"

# 0. Format and lint: seconds, and they name the file and line (Prettier 120 columns; ESLint
# with the server's boundary rules, see eslint.config.mjs).
step "format check (prettier)" npm run --silent format:check
step "lint (eslint)" npm run --silent lint

# 1–2. Type-check and build, layer by layer: the apps resolve the libraries' types from
# their builds (e.g. @quanzi/embedded-mongo → dist/index.d.ts), so libraries are type-checked
# and built before the apps are type-checked; then the server is built.
typecheck_ws() {
  if has_script "$1" typecheck; then
    step "typecheck $(pkg_name "$1")" npm run typecheck -w "$1"
  else
    skip "typecheck $1 (no typecheck script)"
  fi
}
build_ws() {
  if has_script "$1" build; then
    step "build $(pkg_name "$1")" npm run build -w "$1"
  else
    skip "build $1 (no build script)"
  fi
}

for ws in "${WORKSPACES[@]}"; do
  case $ws in libs/*) typecheck_ws "$ws" ;; esac
done
if ! has_pkg libs/embedded-mongo; then skip "build libs/embedded-mongo (no libs/embedded-mongo/package.json)"; fi
for ws in "${WORKSPACES[@]}"; do
  case $ws in libs/*) if has_script "$ws" build; then build_ws "$ws"; fi ;; esac
done
for ws in "${WORKSPACES[@]}"; do
  case $ws in apps/*) typecheck_ws "$ws" ;; esac
done
if has_pkg "$SERVER"; then
  step "typecheck test/ (end-to-end suites)" node_modules/.bin/tsc -p test/tsconfig.json
  build_ws "$SERVER"
else
  skip "typecheck test/ (no $SERVER/package.json yet)"
  skip "build $SERVER (no $SERVER/package.json)"
fi

# 3. Unit + integration tests of each workspace.
for ws in "${WORKSPACES[@]}"; do
  if has_script "$ws" test; then
    step "unit + integration tests $(pkg_name "$ws")" npm test -w "$ws"
  else
    skip "tests of $ws (no test script)"
  fi
done

# 4. Mini-program builds, the release checks of the weapp build (check:weapp) and the 2 MB main-package limit.
if has_pkg "$MINI"; then
  for script in build:weapp check:weapp build:h5 check:size; do
    if has_script "$MINI" "$script"; then
      step "miniprogram $script" npm run "$script" -w "$MINI"
    else
      skip "miniprogram $script (no such script)"
    fi
  done
else
  skip "miniprogram builds (no $MINI/package.json)"
fi

# 5. API scenarios against the built server as a process.
if ! has_pkg "$SERVER"; then
  skip "API scenarios (no $SERVER/package.json)"
elif [ ! -f "$SERVER/dist/main.js" ]; then
  step "API scenarios (test/api)" missing "$SERVER/dist/main.js" "the server build failed"
else
  step "API scenarios (test/api)" "$JEST" -c test/jest.config.js --runInBand test/api
fi

# 6. Browser scenarios on the H5 build, in Debian's Chromium.
if ! has_pkg "$SERVER"; then
  skip "browser scenarios (no $SERVER/package.json)"
elif ! has_pkg "$MINI"; then
  skip "browser scenarios (no $MINI/package.json)"
elif [ -z "$(find_chromium)" ] && [ "${REQUIRE_BROWSER:-}" != "1" ]; then
  say ""
  say "************************************************************************"
  say "SKIPPED: browser scenarios (no chromium found)"
  say "  install: apt-get install -y chromium fonts-wqy-microhei"
  say "  (set REQUIRE_BROWSER=1 to make a missing browser fail the run)"
  say "************************************************************************"
  SKIPPED_STEPS+=("browser scenarios (no chromium found)")
elif [ ! -f "$SERVER/dist/main.js" ]; then
  step "browser scenarios (test/browser)" missing "$SERVER/dist/main.js" "the server build failed"
elif [ ! -f "$MINI/dist/h5/index.html" ]; then
  step "browser scenarios (test/browser)" missing "$MINI/dist/h5/index.html" "the H5 build failed"
else
  step "browser scenarios (test/browser)" "$JEST" -c test/jest.config.js --runInBand test/browser
fi

TOTAL=$(($(date +%s) - RUN_START))
say ""
say "══════════════════════════════════════════════════════════════════════"
say "Timings (total ${TOTAL}s):"
for line in "${TIMINGS[@]}"; do say "  $line"; done
if [ "${#SKIPPED_STEPS[@]}" -gt 0 ]; then
  say "Skipped:"
  for s in "${SKIPPED_STEPS[@]}"; do say "  - $s"; done
fi
if [ "${#FAILED_STEPS[@]}" -gt 0 ]; then
  say "Failed steps (logs in .tmp/test-logs/):"
  for s in "${FAILED_STEPS[@]}"; do say "  - $s"; done
fi
say "${PASSED} passed, ${FAILED} failed"

if [ "$FAILED" -ne 0 ] || [ "${#FAILED_STEPS[@]}" -ne 0 ]; then exit 1; fi
