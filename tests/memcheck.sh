#!/usr/bin/env bash
# make memcheck: tests/memcheck_calls.m (a small call of every gateway and
# option path) in octave-cli under valgrind.  Fails on any invalid read or
# write, use of an uninitialised value, invalid free, or definite leak
# whose stack enters cvxnn code (a MEX file or the C core); Octave's own
# leaks are not counted.  Last line: "memcheck: N passed, N failed".
#
# Copyright (C) 2026 The cvxnn developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
pkgdir=$1
here=$(cd "$(dirname "$0")" && pwd)
# MEMCHECK_LOG=file keeps valgrind's whole log there
log=${MEMCHECK_LOG:-$(mktemp)}
shim=
trap '[ -z "$shim" ] || rm -rf "$shim"; [ -n "${MEMCHECK_LOG:-}" ] || rm -f "$log"' EXIT

command -v valgrind >/dev/null 2>&1 || {
  echo "memcheck: valgrind is missing (apt-get install valgrind)"
  echo "memcheck: 0 passed, 1 failed"
  exit 1
}
# Highway (libhwy, loaded with Octave's image libraries) times itself with
# RDTSCP in a static initializer.  On CPUs whose CPUID hides RDTSCP (seen
# on AMD EPYC virtual machines, where the instruction still runs) valgrind
# 3.19 does not decode it and Octave dies of SIGILL before any cvxnn code
# runs.  There the timer Highway calls through its PLT is replaced by a
# preloaded stub: Octave never uses Highway's timer.
preload=
if ! grep -qw rdtscp /proc/cpuinfo 2>/dev/null \
   && ldd "$(command -v octave-cli)" 2>/dev/null | grep -q libhwy; then
  shim=$(mktemp -d)
  printf '%s\n' '#include <stdint.h>' \
    'uint64_t _ZN3hwy8platform15TimerResolutionEv (void) { return 1; }' \
    > "$shim/hwy_timer.c"
  cc -shared -fPIC -o "$shim/hwy_timer.so" "$shim/hwy_timer.c" \
    && preload=$shim/hwy_timer.so \
    && echo "memcheck: this CPU hides RDTSCP from valgrind: Highway's timer stubbed"
fi
LD_PRELOAD=$preload valgrind --log-file="$log" --leak-check=full --show-leak-kinds=definite \
  --num-callers=30 \
  octave-cli --no-history --norc --silent \
  --eval "pkg prefix '$pkgdir' '$pkgdir'; pkg local_list '$pkgdir/octave_packages'; pkg load cvxnn; addpath ('$here'); memcheck_calls ();"
rc=$?

# one valgrind record per blank-line-separated block of "==pid==" lines
bad=$(sed -E 's/^==[0-9]+== ?//' "$log" | awk -v RS= '
  /Invalid (read|write|free)|uninitialised|Mismatched free/ { print; print ""; next }
  /definitely lost/ && /(__cvxnn_|cvx_|cvxm_)/ { print; print ""; }')
if [ "$rc" -ne 0 ]; then
  echo "memcheck: octave-cli exited with status $rc"
fi
if [ -n "$bad" ]; then
  echo "memcheck: valgrind found errors in cvxnn code:"
  echo "$bad"
fi
sed -nE 's/^==[0-9]+== (ERROR SUMMARY: .*)/memcheck: valgrind \1/p' "$log"
if [ "$rc" -eq 0 ] && [ -z "$bad" ]; then
  echo "memcheck: 1 passed, 0 failed"
else
  echo "memcheck: 0 passed, 1 failed"
  exit 1
fi
