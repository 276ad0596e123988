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

# step_log <title>: the next step's log file, numbered in the order steps are reported → $STEP_LOG.
step_log() {
  STEP_NO=$((STEP_NO + 1))
  STEP_LOG="$LOG_DIR/$(printf '%02d' "$STEP_NO")-$(printf '%s' "$1" | tr -c 'A-Za-z0-9' '-' | cut -c1-60).log"
}

# record <title> <log> <exit code> <seconds>: counts a finished step's tests and its verdict.
record() {
  local title=$1 log=$2 rc=$3 secs=$4
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
  say "── $title: $verdict in ${secs}s (tests: $passed passed, $failed failed)"
}

# step <title> <command...>: runs the command from the repo root, output shown and logged.
step() {
  local title=$1
  shift
  step_log "$title"
  local log=$STEP_LOG
  header "$title"
  say "\$ $*"
  local t0 rc
  t0=$(date +%s)
  set +e
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  record "$title" "$log" "$rc" "$(($(date +%s) - t0))"
}

# Lanes: independent sequences of steps run side by side (CI has two cores and most steps use
# one). `lane <function>` runs the function in the background, where `step` writes only to the
# step's log and `skip` is noted; `join_lanes` waits for every lane, then prints each lane's
# steps in full and counts them, lane by lane in the order they were started.
LANE_PIDS=()
LANE_LISTS=()
lane() {
  local fn=$1
  local dir
  dir="$LOG_DIR/lane-${#LANE_LISTS[@]}-$fn"
  mkdir -p "$dir"
  : >"$dir/steps"
  LANE_LISTS+=("$dir/steps")
  (
    n=0
    step() {
      local title=$1
      shift
      n=$((n + 1))
      local log t0 rc
      log="$dir/$n.log"
      t0=$(date +%s)
      set +e
      {
        printf '$ %s\n' "$*"
        "$@"
      } >"$log" 2>&1
      rc=$?
      set -e
      printf 'step\t%s\t%s\t%s\t%s\n' "$title" "$log" "$rc" "$(($(date +%s) - t0))" >>"$dir/steps"
    }
    skip() { printf 'skip\t%s\n' "$1" >>"$dir/steps"; }
    "$fn"
  ) &
  LANE_PIDS+=($!)
}
join_lanes() {
  local pid list kind title log rc secs numbered
  for pid in "${LANE_PIDS[@]}"; do wait "$pid" || true; done
  for list in "${LANE_LISTS[@]}"; do
    while IFS=$'\t' read -r kind title log rc secs; do
      if [ "$kind" = skip ]; then
        skip "$title"
        continue
      fi
      step_log "$title"
      numbered=$STEP_LOG
      mv "$log" "$numbered"
      header "$title (ran beside other steps)"
      cat "$numbered"
      record "$title" "$numbered" "$rc" "$secs"
    done <"$list"
    rm -rf "$(dirname "$list")"
  done
  LANE_PIDS=()
  LANE_LISTS=()
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

# 0–2. Format, lint, type-check and build. The apps resolve the libraries' types from their builds
# (e.g. @quanzi/embedded-mongo → dist/index.d.ts), so libraries are type-checked and built first
# (beside Prettier), then the server's type-check and build run beside the other type-checks and
# ESLint (which needs no build).
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

format_check() { step "format check (prettier)" npm run --silent format:check; }
libraries() {
  local ws
  for ws in "${WORKSPACES[@]}"; do
    case $ws in libs/*) typecheck_ws "$ws" ;; esac
  done
  if ! has_pkg libs/embedded-mongo; then skip "build libs/embedded-mongo (no libs/embedded-mongo/package.json)"; fi
  for ws in "${WORKSPACES[@]}"; do
    case $ws in libs/*) if has_script "$ws" build; then build_ws "$ws"; fi ;; esac
  done
}
lane format_check
lane libraries
join_lanes

apps_typecheck_and_lint() {
  local ws
  for ws in "${WORKSPACES[@]}"; do
    case $ws in apps/*) [ "$ws" = "$SERVER" ] || typecheck_ws "$ws" ;; esac
  done
  if has_pkg "$SERVER"; then
    step "typecheck test/ (end-to-end suites)" node_modules/.bin/tsc -p test/tsconfig.json
  else
    skip "typecheck test/ (no $SERVER/package.json yet)"
  fi
  step "lint (eslint)" npm run --silent lint
}
server_typecheck_and_build() {
  if has_pkg "$SERVER"; then
    typecheck_ws "$SERVER"
    build_ws "$SERVER"
  else
    skip "build $SERVER (no $SERVER/package.json)"
  fi
}
lane apps_typecheck_and_lint
lane server_typecheck_and_build
join_lanes

# 3–4. Unit + integration tests of each workspace — the server's (the longest, on both cores)
# beside the others' and the mini-program builds with the release checks of the weapp build
# (check:weapp) and the 2 MB main-package limit.
test_ws() {
  if has_script "$1" test; then
    step "unit + integration tests $(pkg_name "$1")" npm test -w "$1"
  else
    skip "tests of $1 (no test script)"
  fi
}
server_tests() { if has_pkg "$SERVER"; then test_ws "$SERVER"; fi; }
other_tests_and_miniprogram_builds() {
  local ws script
  for ws in "${WORKSPACES[@]}"; do
    [ "$ws" = "$SERVER" ] || test_ws "$ws"
  done
  if has_pkg "$MINI"; then
    for script in build:weapp check:weapp build:h5 check:size; do
      if has_script "$MINI" "$script"; then
        step "miniprogram $script" npm run "$script" -w "$MINI"
      else
        skip "miniprogram $script (no such script)"
      fi
    done
    # The sample brand's H5 (专属小程序) for test/browser/brands.test.ts, built fresh like the default one.
    if [ -f "$MINI/brands/coffee-club.json" ]; then
      step "miniprogram build:h5 --brand coffee-club" npm run build:h5 -w "$MINI" -- --brand coffee-club
    fi
  else
    skip "miniprogram builds (no $MINI/package.json)"
  fi
}
lane server_tests
lane other_tests_and_miniprogram_builds
join_lanes

# 5–6. API scenarios against the built server as a process (two files at a time: every file starts
# its own server, fake WeChat and in-memory engine on free ports), then the browser scenarios on
# the H5 build in Debian's Chromium, one at a time (beside the API scenarios they were CPU-bound
# on two cores: 25 s saved for twice the waiting in each browser step).
api_scenarios() {
  if ! has_pkg "$SERVER"; then
    skip "API scenarios (no $SERVER/package.json)"
  elif [ ! -f "$SERVER/dist/main.js" ]; then
    step "API scenarios (test/api)" missing "$SERVER/dist/main.js" "the server build failed"
  else
    step "API scenarios (test/api)" "$JEST" -c test/jest.config.js test/api
  fi
}
browser_scenarios() {
  if [ ! -f "$SERVER/dist/main.js" ]; then
    step "browser scenarios (test/browser)" missing "$SERVER/dist/main.js" "the server build failed"
  elif [ ! -f "$MINI/dist/h5/index.html" ]; then
    step "browser scenarios (test/browser)" missing "$MINI/dist/h5/index.html" "the H5 build failed"
  else
    step "browser scenarios (test/browser)" "$JEST" -c test/jest.config.js --runInBand test/browser
  fi
}
api_scenarios
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
else
  browser_scenarios
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
