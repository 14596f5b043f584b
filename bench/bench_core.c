/* Time of the C arrangement kernel alone (no Octave, no output
 * conversion), for bench/bench_arrangements.m.
 * usage: bench_core N D P  ->  "RESULT seconds patterns 0"
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 199309L
#include "cvxnn_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int
main (int argc, char **argv)
{
  if (argc != 4)
    return 2;
  const size_t n = strtoull (argv[1], NULL, 10), d = strtoull (argv[2], NULL, 10);
  const uint64_t P = strtoull (argv[3], NULL, 10);
  double *X = malloc (n * d * sizeof *X);
  if (!X)
    return 1;
  cvx_rng r;
  cvx_rng_seed (&r, 1);
  for (size_t k = 0; k < n * d; k++)
    X[k] = cvx_rng_normal (&r);
  cvx_ctx c = cvx_ctx_stdlib ();
  cvx_patterns p;
  struct timespec t0, t1;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  int st = cvx_arr_sample (&c, X, n, d, 0, P, 0, &p);
  clock_gettime (CLOCK_MONOTONIC, &t1);
  if (st)
    return 1;
  printf ("RESULT %.6f %zu 0\n",
          (double) (t1.tv_sec - t0.tv_sec) + 1e-9 * (double) (t1.tv_nsec - t0.tv_nsec),
          p.count);
  cvx_patterns_free (&c, &p);
  free (X);
  return 0;
}
