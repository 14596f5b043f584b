/* cvxnn core: reference nonconvex trainer of fully connected networks:
 * the entry point and its iteration log.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The baseline the convex fit is compared with, and the oracle of the
 * structure-theorem tests: the usual gradient methods on the weight-decay
 * objective of cvxnn_net.c (MATH 1.3).  Only stationarity can be claimed
 * here (status "converged" means a small gradient); global optimality is
 * the business of the certificates.
 */
#include "cvxnn_core.h"
#include "cvxnn_train_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* the row of iteration `it` is recorded once; a closing row (`last`) of
 * an iteration already recorded but not printed replaces it, printed */
void
cvx_train_log (cvx_train_logger *lg, long it, double obj, double gn,
               double step, int last)
{
  const int again = lg->nhist > 0
                    && lg->hist[(lg->nhist - 1) * CVX_TRAIN_HIST_COLS] == (double) it;
  if (again && (!last || lg->printed == it))
    return;                         /* the closing row was logged already */
  if (again)
    lg->nhist--;                    /* recorded, not printed: print it now */
  if (lg->nhist == lg->cap)
    {
      const size_t ncap = lg->cap ? 2 * lg->cap : 256;
      double *h = lg->c->alloc.realloc_fn (lg->hist, ncap * CVX_TRAIN_HIST_COLS
                                           * sizeof (double), lg->c->alloc.ctx);
      if (!h)
        {
          lg->st = CVX_ENOMEM;
          return;
        }
      lg->hist = h;
      lg->cap = ncap;
    }
  const double t = cvx_now (lg->c) - lg->t0;
  double *r = lg->hist + lg->nhist++ * CVX_TRAIN_HIST_COLS;
  r[0] = (double) it;
  r[1] = obj;
  r[2] = gn;
  r[3] = step;
  r[4] = t;
  if (!lg->o->display || !lg->c->progress)
    return;
  long p = 1;
  while (p * 10 <= it)
    p *= 10;
  if (!(last || it <= 10 || it % p == 0))
    return;
  char line[160];
  if (it == 0)
    {
      lg->c->progress (lg->c->host,
                       "   iter       objective      |grad|      step     time");
    }
  snprintf (line, sizeof line, "%7ld  %14.8e  %10.3e  %8.2e  %7.2fs", it, obj,
            gn, step, t);
  lg->c->progress (lg->c->host, line);
  lg->printed = it;
}

int
cvx_train (const cvx_ctx *c, const cvx_net *s, const double *X, size_t n,
           const double *Y, const cvx_train_opts *o, double *theta,
           cvx_train_info *info)
{
  memset (info, 0, sizeof *info);
  int st = cvx_net_check (s, n);
  if (st)
    return st;
  if (o->optimizer < CVX_OPT_GD || o->optimizer > CVX_OPT_LBFGS
      || o->epochs < 0 || !(o->tol >= 0.0) || !(o->momentum >= 0.0)
      || !(o->ftol >= 0.0))
    return CVX_EINVAL;
  const int stochastic = o->optimizer == CVX_OPT_SGD
                         || o->optimizer == CVX_OPT_ADAM;
  const size_t B = stochastic && o->batch > 0 && o->batch < n ? o->batch : n;
  cvx_net_ws w;
  st = cvx_net_ws_init (&w, c, s, B);
  if (st)
    return st;
  cvx_train_logger lg = { c, o, cvx_now (c), NULL, 0, 0, -1, CVX_OK };
  if (stochastic)
    st = cvx_train_stochastic (&w, X, n, Y, o, theta, &lg, info);
  else
    st = cvx_train_full (&w, X, n, Y, o, theta, &lg, info);
  cvx_net_ws_free (&w);
  if (!st)
    {
      /* the full objective and gradient at the returned point */
      const size_t N = cvx_net_nparams (s);
      double *g = c->alloc.malloc_fn (N * sizeof (double), c->alloc.ctx);
      if (!g)
        st = CVX_ENOMEM;
      else
        {
          st = cvx_net_objective (c, s, X, n, Y, theta, &info->objective,
                                  &info->loss, g, NULL, NULL);
          if (!st)
            info->gradnorm = sqrt (cvx_dot (g, g, N));
          c->alloc.free_fn (g, c->alloc.ctx);
        }
    }
  info->time = cvx_now (c) - lg.t0;
  if (st)
    {
      c->alloc.free_fn (lg.hist, c->alloc.ctx);
      return st;
    }
  info->hist = lg.hist;
  info->nhist = lg.nhist;
  return CVX_OK;
}
