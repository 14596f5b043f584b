/* Times of the core's kernels on fixed workloads, for `make bench-same`:
 * the same program linked against the core of a base commit and of the
 * working tree, run alternately, so that a refactoring's cost shows as a
 * ratio measured in one run.  Prints "name seconds" per workload.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 199309L
#include "cvxnn_core.h"
#include "../tests/unit/core_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now (void)
{
  struct timespec t;
  clock_gettime (CLOCK_MONOTONIC, &t);
  return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

static void
arrangements (const cvx_ctx *c)
{
  cvx_patterns p;
  cvx_arr_info info;
  double *X = gaussian (10000 * 20, 1);
  double t = now ();
  if (cvx_arr_sample (c, X, 10000, 20, 1, 20000, 2, &p) == CVX_OK)
    cvx_patterns_free (c, &p);
  printf ("sample_1e4x20_P2e4 %.4f\n", now () - t);
  t = now ();
  if (cvx_arrangements (c, X, 120, 3, 1, CVX_ARR_EXACT, 0, 0, 1e12, &p,
                        &info) == CVX_OK)
    cvx_patterns_free (c, &p);
  printf ("exact_120x3_bias %.4f\n", now () - t);
  free (X);
}

static void
train (const cvx_ctx *c, int optimizer, const char *name)
{
  const size_t n = 2000, w[] = { 20, 100, 1 };
  const unsigned char b[] = { CVX_BIAS_PENALIZED, CVX_BIAS_FREE };
  cvx_net s = { 2, w, b, CVX_ACT_RELU, CVX_BN_NONE, CVX_LOSS_SQUARED, 0.1 };
  double *X = gaussian (n * 20, 3), *Y = gaussian (n, 4);
  double *theta = malloc (cvx_net_nparams (&s) * sizeof *theta);
  cvx_net_init (&s, 5, 1.0, theta);
  cvx_train_opts o;
  memset (&o, 0, sizeof o);
  o.optimizer = optimizer;
  o.epochs = 300;
  o.batch = 64;
  o.seed = 6;
  o.memory = 10;
  cvx_train_info info;
  double t = now ();
  cvx_train (c, &s, X, n, Y, &o, theta, &info);
  printf ("%s %.4f\n", name, now () - t);
  free (info.hist);
  free (theta);
  free (X);
  free (Y);
}

int
main (void)
{
  cvx_ctx c = cvx_ctx_stdlib ();
  arrangements (&c);
  train (&c, CVX_OPT_LBFGS, "train_lbfgs_2000x20_w100");
  train (&c, CVX_OPT_ADAM, "train_adam_2000x20_w100");
  return 0;
}
