/* cvxnn: the core's outputs on a fixed set of calls, written as raw bytes.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A refactoring of src/ must leave every output bit for bit the same.
 * `make same-outputs BASE=<rev>` builds this program against the core of
 * <rev> and against the working tree, runs both on this machine and
 * compares the bytes (cmp): the same seeds must give the same patterns,
 * networks, certificates and extreme points.  Only the public interface
 * of cvxnn_core.h is used, so the one source compiles against both.
 */
#include "cvxnn_core.h"
#include "core_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
put (const void *p, size_t bytes)
{
  if (bytes && fwrite (p, 1, bytes, stdout) != bytes)
    exit (2);
}

static void
put_status (const char *what, int st)
{
  fprintf (stderr, "dump_core: %-28s %s\n", what, cvx_strerror (st));
  put (&st, sizeof st);
}

static void
put_patterns (const char *what, int st, const cvx_patterns *p)
{
  put_status (what, st);
  if (st)
    return;
  put (&p->count, sizeof p->count);
  put (p->bits, p->count * p->nwords * sizeof *p->bits);
  put (p->dirs, p->count * p->da * sizeof *p->dirs);
  put (p->hits, p->count * sizeof *p->hits);
  put (&p->zero_hits, sizeof p->zero_hits);
  put (&p->evaluated, sizeof p->evaluated);
}

/* sampling, the rank-2 sweep, the vertex enumeration (general position and
 * with repeated rows), and the automatic choice */
static void
dump_arrangements (const cvx_ctx *c)
{
  cvx_patterns p;
  cvx_arr_info info;
  double *X = gaussian (300 * 5, 11);
  int st = cvx_arr_sample (c, X, 300, 5, 1, 2000, 7, &p);
  put_patterns ("sample 300x5 bias", st, &p);
  cvx_patterns_free (c, &p);
  st = cvx_arrangements (c, X, 40, 1, 1, CVX_ARR_EXACT, 0, 0, 1e9, &p, &info);
  put_patterns ("exact 40x1 bias (sweep)", st, &p);
  put (&info, sizeof info);
  cvx_patterns_free (c, &p);
  st = cvx_arrangements (c, X, 30, 3, 1, CVX_ARR_EXACT, 0, 0, 1e9, &p, &info);
  put_patterns ("exact 30x3 bias (vertices)", st, &p);
  put (&info, sizeof info);
  cvx_patterns_free (c, &p);
  /* rows 0-9 repeated and two collinear columns: degenerate vertices */
  double *Y = malloc (24 * 3 * sizeof *Y);
  for (size_t j = 0; j < 24; j++)
    {
      const size_t s = j < 12 ? j : j - 12;
      Y[j] = X[s];
      Y[24 + j] = X[300 + s];
      Y[48 + j] = 2.0 * X[s] - X[300 + s];
    }
  st = cvx_arrangements (c, Y, 24, 3, 1, CVX_ARR_EXACT, 0, 0, 1e9, &p, &info);
  put_patterns ("exact 24x3 ties", st, &p);
  put (&info, sizeof info);
  cvx_patterns_free (c, &p);
  st = cvx_arrangements (c, X, 50, 4, 0, CVX_ARR_AUTO, 100000, 3, 1e9, &p,
                         &info);
  put_patterns ("auto 50x4", st, &p);
  put (&info, sizeof info);
  cvx_patterns_free (c, &p);
  free (Y);
  free (X);
}

static void
dump_train_one (const cvx_ctx *c, const char *what, const cvx_net *s,
                const double *X, size_t n, const double *Y, int optimizer,
                long epochs, size_t batch)
{
  const size_t np = cvx_net_nparams (s);
  double *theta = malloc (np * sizeof *theta);
  cvx_net_init (s, 5, 1.0, theta);
  cvx_train_opts o;
  memset (&o, 0, sizeof o);
  o.optimizer = optimizer;
  o.epochs = epochs;
  o.batch = batch;
  o.seed = 9;
  o.tol = 1e-10;
  o.memory = 10;
  o.momentum = optimizer == CVX_OPT_SGD ? 0.9 : 0.0;
  cvx_train_info info;
  memset (&info, 0, sizeof info);
  int st = cvx_train (c, s, X, n, Y, &o, theta, &info);
  put_status (what, st);
  put (theta, np * sizeof *theta);
  put (&info.status, sizeof info.status);
  put (&info.iterations, sizeof info.iterations);
  put (&info.objective, sizeof info.objective);
  put (&info.gradnorm, sizeof info.gradnorm);
  for (size_t r = 0; r < info.nhist; r++)   /* all but the time column */
    put (info.hist + r * CVX_TRAIN_HIST_COLS,
         (CVX_TRAIN_HIST_COLS - 1) * sizeof (double));
  if (info.hist)
    c->alloc.free_fn (info.hist, c->alloc.ctx);
  free (theta);
}

static void
dump_train (const cvx_ctx *c)
{
  const size_t n = 60;
  double *X = gaussian (n * 3, 21), *Y = gaussian (n * 2, 22);
  const size_t w2[] = { 3, 8, 2 }, w3[] = { 3, 6, 5, 2 }, w1[] = { 3, 8, 1 };
  const unsigned char b2[] = { CVX_BIAS_PENALIZED, CVX_BIAS_FREE };
  const unsigned char b3[] = { CVX_BIAS_NONE, CVX_BIAS_FREE, CVX_BIAS_NONE };
  cvx_net relu2 = { 2, w2, b2, CVX_ACT_RELU, CVX_BN_NONE, CVX_LOSS_SQUARED,
                    0.1 };
  cvx_net bn3 = { 3, w3, b3, CVX_ACT_RELU, CVX_BN_STD, CVX_LOSS_SQUARED,
                  0.05 };
  cvx_net lin3 = { 3, w3, b3, CVX_ACT_LINEAR, CVX_BN_L2, CVX_LOSS_SQUARED,
                   0.05 };
  dump_train_one (c, "train relu2 gd", &relu2, X, n, Y, CVX_OPT_GD, 50, 0);
  dump_train_one (c, "train relu2 lbfgs", &relu2, X, n, Y, CVX_OPT_LBFGS,
                  80, 0);
  dump_train_one (c, "train relu2 adam", &relu2, X, n, Y, CVX_OPT_ADAM, 30,
                  16);
  dump_train_one (c, "train relu2 sgd", &relu2, X, n, Y, CVX_OPT_SGD, 30,
                  7);
  dump_train_one (c, "train bn3 lbfgs", &bn3, X, n, Y, CVX_OPT_LBFGS, 60, 0);
  dump_train_one (c, "train bn3 adam", &bn3, X, n, Y, CVX_OPT_ADAM, 20, 10);
  dump_train_one (c, "train lin3-l2 lbfgs", &lin3, X, n, Y, CVX_OPT_LBFGS,
                  60, 0);
  {                                          /* objective, gradient, BN */
    const size_t np = cvx_net_nparams (&bn3);
    double *theta = malloc (np * sizeof *theta), *g = malloc (np * sizeof *g);
    double out[2 + 2 * 5];
    cvx_net_init (&bn3, 3, 1.0, theta);
    int st = cvx_net_objective (c, &bn3, X, n, Y, theta, out, out + 1, g,
                                out + 2, out + 7);
    put_status ("objective bn3", st);
    put (out, sizeof out);
    put (g, np * sizeof *g);
    free (theta);
    free (g);
  }
  for (size_t i = 0; i < n; i++)            /* logistic on signs, K = 1 */
    Y[i] = Y[i] >= 0.0 ? 1.0 : -1.0;
  cvx_net logi = { 2, w1, b2, CVX_ACT_RELU, CVX_BN_NONE, CVX_LOSS_LOGISTIC,
                   0.1 };
  dump_train_one (c, "train relu2 logistic", &logi, X, n, Y, CVX_OPT_LBFGS,
                  60, 0);
  free (X);
  free (Y);
}

/* extreme points (K = 1 exact, K = 2 alternating) and a fit of both
 * models on the same sampled patterns */
static void
dump_dual_fit (const cvx_ctx *c)
{
  const size_t n = 50, d = 3, da = 4;
  double *X = gaussian (n * da, 31), *Y = gaussian (n * 2, 32);
  for (size_t j = 0; j < n; j++)
    X[d * n + j] = 1.0;
  cvx_patterns p;
  int st = cvx_arr_sample (c, X, n, d, 0, 60, 4, &p);
  put_patterns ("sample for dual", st, &p);
  const size_t P = st ? 0 : p.count;
  unsigned char *D = malloc (n * (P ? P : 1));
  for (size_t j = 0; j < P; j++)
    cvx_patterns_unpack (&p, j, D + j * n);
  double *val = calloc (2 * P + 1, sizeof *val);
  double *U = calloc (2 * P * da + 1, sizeof *U);
  for (size_t K = 1; K <= 2; K++)
    {
      st = cvx_extreme_points (c, X, n, da, D, P, Y, K, val, U);
      put_status (K == 1 ? "extreme points K=1" : "extreme points K=2", st);
      put (val, (K == 1 ? 2 : 1) * P * sizeof *val);
      put (U, (K == 1 ? 2 : 1) * P * da * sizeof *U);
    }
  for (int model = CVX_MODEL_RELU; model <= CVX_MODEL_GATED; model++)
    {
      cvx_fit_opts o = { model, CVX_LOSS_SQUARED, 0.5, 1e-8, 2000, 10, 0,
                         CVX_SOLVER_SSN, 0.0 };
      const size_t nv = cvx_fit_nvars (da, P, 1, model);
      double *Uf = calloc (nv + 1, sizeof *Uf);
      cvx_fit_info info;
      memset (&info, 0, sizeof info);
      st = cvx_fit (c, X, n, da, D, P, Y, 1, &o, Uf, &info);
      put_status (model == CVX_MODEL_RELU ? "fit relu" : "fit gated", st);
      put (Uf, nv * sizeof *Uf);
      put (&info.status, sizeof info.status);
      put (&info.iterations, sizeof info.iterations);
      put (&info.primal, sizeof info.primal);
      put (&info.dual, sizeof info.dual);
      if (info.hist)
        c->alloc.free_fn (info.hist, c->alloc.ctx);
      free (Uf);
    }
  cvx_patterns_free (c, &p);
  free (D);
  free (val);
  free (U);
  free (X);
  free (Y);
}

int
main (void)
{
  cvx_ctx c = cvx_ctx_stdlib ();
  dump_arrangements (&c);
  dump_train (&c);
  dump_dual_fit (&c);
  return 0;
}
