/* cvxnn core: full-batch training: gradient descent and L-BFGS with an
 * Armijo line search.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The baseline the convex fit is compared with and the oracle of the
 * structure-theorem tests (MATH 1.3).  Only stationarity can be claimed
 * (status "converged" means a small gradient); global optimality is the
 * business of the certificates.
 */
#include "cvxnn_core.h"
#include "cvxnn_train_internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* One run's vectors (N parameters each) and the L-BFGS pairs, kept in a
 * circular buffer of mem slots: the newest at head - 1. */
typedef struct {
  cvx_net_ws *w;
  const double *X, *Y;
  size_t n, N;
  const cvx_train_opts *o;
  double *g, *xn, *gn, *d;  /* gradient, trial point and its gradient,
                               direction */
  size_t mem, npairs, head;
  double *S, *Yp, *rho, *alpha;
  double fwin[CVX_TRAIN_FWINDOW];   /* the objectives of the last steps */
} full_run;

/* whether the objective f after step it fell by less than ftol |f| over
 * the last CVX_TRAIN_FWINDOW steps (f is kept for the test to come): a
 * run that has settled, where more steps buy digits nobody uses (the
 * grown pool's seed run at large lambda settles in 100-400 of its 1000) */
static int
settled (full_run *r, long it, double f)
{
  const long W = CVX_TRAIN_FWINDOW;
  double *slot = r->fwin + it % W;
  const int done = r->o->ftol > 0.0 && it > W
                   && *slot - f <= r->o->ftol * fabs (f);
  *slot = f;
  return done;
}

/* d = -H g by the two-loop recursion over the stored pairs, or -g */
static void
direction (full_run *r)
{
  const size_t N = r->N, mem = r->mem;
  double *d = r->d;
  for (size_t k = 0; k < N; k++)
    d[k] = -r->g[k];
  if (!r->npairs)
    return;
  for (size_t q = 0; q < r->npairs; q++)
    {
      const size_t j = (r->head + mem - 1 - q) % mem;
      r->alpha[j] = r->rho[j] * cvx_dot (r->S + j * N, d, N);
      for (size_t k = 0; k < N; k++)
        d[k] -= r->alpha[j] * r->Yp[j * N + k];
    }
  const size_t jl = (r->head + mem - 1) % mem;
  const double gam = cvx_dot (r->S + jl * N, r->Yp + jl * N, N)
                     / cvx_dot (r->Yp + jl * N, r->Yp + jl * N, N);
  for (size_t k = 0; k < N; k++)
    d[k] *= gam;
  for (size_t q = r->npairs; q-- > 0;)
    {
      const size_t j = (r->head + mem - 1 - q) % mem;
      const double beta = r->rho[j] * cvx_dot (r->Yp + j * N, d, N);
      for (size_t k = 0; k < N; k++)
        d[k] += (r->alpha[j] - beta) * r->S[j * N + k];
    }
}

/* Backtracking from *t along d (slope gd < 0) until the Armijo test
 * holds, or the fixed step lr: 1 with the trial point xn, its gradient gn,
 * its objective *fn and the step *t taken; 0 after 60 halvings; -1 on
 * Ctrl-C, polled before each trial after the first (at n = 2e4 and
 * width 200 one trial is about 0.1 s). */
static int
backtrack (full_run *r, const double *theta, double f, double gd,
           double gnorm, double *t, double *fn)
{
  const size_t N = r->N;
  for (int bt = 0; bt < 60; bt++)
    {
      if (bt > 0 && cvx_interrupted (r->w->c))
        return -1;
      double pn = 0.0;
      for (size_t k = 0; k < N; k++)
        r->xn[k] = theta[k] + *t * r->d[k];
      *fn = cvx_net_evaluate (r->w, r->X, r->n, r->Y, r->xn, 1.0, r->gn, &pn)
            + pn;
      /* Armijo with a strict decrease (at rounding level its bound
       * equals f, and steps that change nothing would run out the
       * iterations); there, in the spirit of Hager and Zhang's
       * approximate Wolfe test, a step that keeps f within rounding
       * and shrinks the gradient is progress too */
      const double fround = 8.0 * DBL_EPSILON * fabs (f);
      if (r->o->lr > 0.0 || (*fn <= f + 1e-4 * *t * gd && *fn < f)
          || (*fn <= f + fround
              && cvx_dot (r->gn, r->gn, N) < 0.99 * gnorm * gnorm))
        return 1;
      *t *= 0.5;
    }
  return 0;
}

/* the pair (xn - theta, gn - g), kept only when s'y > 0, so that the
 * direction stays a descent direction on this nonconvex objective */
static void
push_pair (full_run *r, const double *theta)
{
  const size_t N = r->N;
  double *sj = r->S + r->head * N, *yj = r->Yp + r->head * N;
  for (size_t k = 0; k < N; k++)
    {
      sj[k] = r->xn[k] - theta[k];
      yj[k] = r->gn[k] - r->g[k];
    }
  const double sy = cvx_dot (sj, yj, N);
  if (sy > 1e-12 * sqrt (cvx_dot (sj, sj, N) * cvx_dot (yj, yj, N)))
    {
      r->rho[r->head] = 1.0 / sy;
      r->head = (r->head + 1) % r->mem;
      r->npairs += r->npairs < r->mem;
    }
}

/* gd and lbfgs: full-batch methods with Armijo backtracking (a fixed step
 * for gd when lr > 0), from 1 (lbfgs with pairs) or from twice the last
 * accepted step. */
int
cvx_train_full (cvx_net_ws *w, const double *X, size_t n, const double *Y,
                const cvx_train_opts *o, double *theta, cvx_train_logger *lg,
                cvx_train_info *info)
{
  const size_t N = w->ly.total;
  const int lbfgs = o->optimizer == CVX_OPT_LBFGS;
  const size_t mem = lbfgs ? (o->memory ? o->memory : 10) : 0;
  int st = CVX_OK;
  cvx_alloc_list al = { w->c, { 0 }, 0 };
  full_run r = { w, X, Y, n, N, o, NULL, NULL, NULL, NULL, mem, 0, 0,
                 NULL, NULL, NULL, NULL, { 0 } };
  AL_GET (al, r.g, N * sizeof (double));
  AL_GET (al, r.xn, N * sizeof (double));
  AL_GET (al, r.gn, N * sizeof (double));
  AL_GET (al, r.d, N * sizeof (double));
  AL_GET (al, r.S, (mem ? mem : 1) * N * sizeof (double));
  AL_GET (al, r.Yp, (mem ? mem : 1) * N * sizeof (double));
  AL_GET (al, r.rho, (mem ? mem : 1) * sizeof (double));
  AL_GET (al, r.alpha, (mem ? mem : 1) * sizeof (double));

  double pen, f = cvx_net_evaluate (w, X, n, Y, theta, 1.0, r.g, &pen) + pen;
  double gnorm = sqrt (cvx_dot (r.g, r.g, N)), step = 0.0;
  double t_prev = o->lr > 0.0 ? o->lr : 1.0 / (gnorm > 1.0 ? gnorm : 1.0);
  long it = 0;
  int status = CVX_TRAIN_MAXITER;
  cvx_train_log (lg, 0, f, gnorm, 0.0, 0);
  for (;;)
    {
      if (!isfinite (f))
        status = CVX_TRAIN_DIVERGED;
      else if (gnorm <= o->tol * (fabs (f) > 1.0 ? fabs (f) : 1.0))
        status = CVX_TRAIN_CONVERGED;
      else if (it < o->epochs && cvx_interrupted (w->c))
        status = CVX_TRAIN_INTERRUPTED;
      if (status != CVX_TRAIN_MAXITER || it >= o->epochs)
        break;
      direction (&r);
      double gd = cvx_dot (r.g, r.d, N);
      if (!(gd < 0.0))
        {
          r.npairs = 0;
          for (size_t k = 0; k < N; k++)
            r.d[k] = -r.g[k];
          gd = -gnorm * gnorm;
        }
      double t = o->lr > 0.0 ? o->lr : (r.npairs ? 1.0 : 2.0 * t_prev);
      double fn = HUGE_VAL;
      const int found = backtrack (&r, theta, f, gd, gnorm, &t, &fn);
      if (found < 0)
        {
          status = CVX_TRAIN_INTERRUPTED;   /* theta: the last accepted */
          break;
        }
      if (!found)
        {
          if (r.npairs)
            {
              r.npairs = 0;               /* retry along -g */
              continue;
            }
          status = CVX_TRAIN_STALLED;     /* no decrease at rounding level */
          break;
        }
      it++;
      if (lbfgs)
        push_pair (&r, theta);
      memcpy (theta, r.xn, N * sizeof (double));
      memcpy (r.g, r.gn, N * sizeof (double));
      f = fn;
      gnorm = sqrt (cvx_dot (r.g, r.g, N));
      step = t;
      if (o->lr <= 0.0)
        t_prev = t;
      cvx_train_log (lg, it, f, gnorm, step, 0);
      if (lg->st)
        {
          st = lg->st;
          goto done;
        }
      if (settled (&r, it, f))
        {
          status = CVX_TRAIN_CONVERGED;
          break;
        }
    }
  info->status = status;
  info->iterations = it;
  cvx_train_log (lg, it, f, gnorm, step, 1);
  if (lg->st)
    st = lg->st;
done:
  cvx_al_release (&al);
  return st;
}
