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

# add_counts LABEL RC: add the "LABEL: N passed, N failed" line of $log;
# a missing line, or a non-zero exit that no failure accounts for, counts
# as one more failure.
add_counts () {
  local label=$1 rc=$2 line p f
  line=$(grep -E "^$label: [0-9]+ passed, [0-9]+ failed\$" "$log" | tail -n 1)
  if [ -z "$line" ]; then
    echo "run_tests: the $label tests did not complete (exit $rc)"
    failed=$((failed + 1))
    return
  fi
  read -r p f <<<"$(sed -E "s/^$label: ([0-9]+) passed, ([0-9]+) failed\$/\1 \2/" <<<"$line")"
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "run_tests: the $label tests exited with status $rc"
    failed=$((failed + 1))
  fi
}

# The Octave tests twice: with the machine's BLAS threads, and on one
# thread, where BLAS sums in another order.  A test whose tolerance is
# tighter than its reference's accuracy fails one of the two.
echo "== Octave tests (installed package, tests/*.tst, demos)"
octave-cli --no-history --norc --silent \
  --eval "addpath ('$here'); cvxnn_runtests ('$pkgdir', '$here', 'octave');" 2>&1 | tee "$log"
add_counts octave "${PIPESTATUS[0]}"

echo "== Octave tests again, BLAS on one thread (OPENBLAS_NUM_THREADS=1)"
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 octave-cli --no-history --norc --silent \
  --eval "addpath ('$here'); cvxnn_runtests ('$pkgdir', '$here', 'octave-1thread');" 2>&1 | tee "$log"
add_counts octave-1thread "${PIPESTATUS[0]}"

echo "== Manual examples at smoke size (doc/examples, CVXNN_SMOKE=1)"
CVXNN_SMOKE=1 octave-cli --no-history --norc --silent \
  --eval "pkg prefix '$pkgdir' '$pkgdir'; pkg local_list '$pkgdir/octave_packages'; pkg load cvxnn; addpath ('$here/../doc/examples'); run_examples ();" 2>&1 | tee "$log"
add_counts examples "${PIPESTATUS[0]}"

echo "== Every gateway and option path under valgrind (tests/memcheck.sh)"
bash "$here/memcheck.sh" "$pkgdir" 2>&1 | tee "$log"
add_counts memcheck "${PIPESTATUS[0]}"

echo "== MATLAB compatibility: the syntax rule, cvxnn_build_mex under Octave (tests/check_matlab.m)"
octave-cli --no-history --norc --silent \
  --eval "addpath ('$here'); addpath ('$here/..'); check_matlab ('$here/..');" 2>&1 | tee "$log"
add_counts matlab "${PIPESTATUS[0]}"

echo "== C core unit tests (AddressSanitizer, UBSan)"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "$unit" 2>&1 | tee "$log"
add_counts core "${PIPESTATUS[0]}"

[ "$failed" -eq 0 ] || status=1
[ "$passed" -gt 0 ] || { echo "run_tests: no test ran"; status=1; }
echo "$passed passed, $failed failed"
exit $status
