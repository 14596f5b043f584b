#!/usr/bin/env bash
# Run every cvxnn test: the Octave tests of the package installed under
# PKGDIR (see tests/cvxnn_runtests.m) and the C core's sanitizer-built unit tests
# UNIT.  Last line: "N passed, N failed".  Exit status non-zero on any
# failure, or when no test ran.
#
# Copyright (C) 2026 The cvxnn developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
pkgdir=$1
unit=$2
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

passed=0 failed=0 status=0

echo "== Octave tests (installed package, tests/*.tst, demos)"
octave-cli --no-history --norc --silent \
  --eval "addpath ('$here'); cvxnn_runtests ('$pkgdir', '$here');" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
line=$(grep -E '^octave: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
if [ "$rc" -ne 0 ] || [ -z "$line" ]; then
  echo "run_tests: the Octave test run did not complete (exit $rc)"
  failed=$((failed + 1)); status=1
else
  read -r p f <<<"$(sed -E 's/^octave: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/' <<<"$line")"
  passed=$((passed + p)); failed=$((failed + f))
fi

echo "== C core unit tests (AddressSanitizer, UBSan)"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "$unit" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
line=$(grep -E '^core: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
if [ -z "$line" ]; then
  echo "run_tests: the unit tests did not complete (exit $rc)"
  failed=$((failed + 1)); status=1
else
  read -r p f <<<"$(sed -E 's/^core: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/' <<<"$line")"
  passed=$((passed + p)); failed=$((failed + f))
  [ "$rc" -eq 0 ] || { [ "$f" -gt 0 ] || failed=$((failed + 1)); }
fi

[ "$failed" -eq 0 ] || status=1
[ "$passed" -gt 0 ] || { echo "run_tests: no test ran"; status=1; }
echo "$passed passed, $failed failed"
exit $status
