#!/usr/bin/env bash
# The `consensus` command as the README's first command builds it: default package traits, so
# without the HTTP service and the remote engines (Package.swift). The tests build every trait,
# so this is what compiles and runs the other side: `rank` answers on the default model, and
# `serve`, `--engine` and `bench load` fail with a message that says how to build them.
# Debug, in its own scratch folder (.build/default-traits), so that it does not undo the test build.
#
# Usage: bash scripts/check-default-build.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scratch=.build/default-traits
echo "check-default-build: building consensus with the default traits" >&2
swift build --product consensus --scratch-path "$scratch" --explicit-target-dependency-import-check error >"$scratch.log" 2>&1 \
  || { grep -E "error" "$scratch.log" | sort -u | head -20 >&2; echo "check-default-build: does not build (log: $scratch.log)" >&2; exit 1; }
consensus=$scratch/debug/consensus

fail() { echo "check-default-build: $*" >&2; exit 1; }
# A command left out: exit status 1, the trait, and the command that builds it.
expect_not_built() {
  local status=0 err
  err=$("$consensus" "$@" 2>&1 >/dev/null) || status=$?
  [[ $status == 1 ]] || fail "consensus $* exited $status, not 1: $err"
  grep -q "package trait" <<<"$err" && grep -q -- "--traits Full" <<<"$err" || fail "consensus $*: no build instruction in: $err"
}
expect_not_built serve --port 0
expect_not_built bench load --clients 2
expect_not_built rank --engine http://127.0.0.1:9 --question "Q?" --choice a --choice b
# A bad --engine-kind is refused at parsing, with or without --engine.
status=0; err=$("$consensus" rank --engine-kind bogus --question "Q?" --choice a --choice b 2>&1 >/dev/null) || status=$?
[[ $status == 64 ]] && grep -q "openai" <<<"$err" || fail "--engine-kind bogus: exit $status, $err"
"$consensus" --help | tr -s " \n" " " | grep -q "serve Serve ranking and scoring over HTTP. Not in this build" || fail "--help does not say that serve is not in this build"

answer=$("$consensus" rank --question "Which planet is known as the Red Planet?" \
  --choice Mars --choice Venus --choice Jupiter --choice Saturn 2>/dev/null | grep "Equilibrium-Ranking picks")
grep -q '"Mars"' <<<"$answer" || fail "rank did not pick Mars: $answer"
echo "check-default-build: ok ($answer)" >&2
