/* cvxnn core: minibatch training: SGD with heavy-ball momentum and Adam.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The gradient of a batch of nb rows is (n / nb) grad loss_batch +
 * lambda theta, an unbiased estimate of the full gradient of the objective
 * of MATH 1.3; the steps are torch's (SGD with momentum, Adam with bias
 * correction), so that runs compare with those of the Python baselines.
 */
#include "cvxnn_core.h"
#include "cvxnn_train_internal.h"

#include <math.h>
#include <string.h>

typedef struct {
  int adam;
  double lr, momentum;
  double b1t, b2t;     /* Adam: beta1^t, beta2^t                          */
  double *m1, *m2;     /* first moment (or momentum buffer), second       */
  size_t N;
} stepper;

static void
take_step (stepper *sp, const double *g, double *theta)
{
  const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
  double *m1 = sp->m1, *m2 = sp->m2;
  if (!sp->adam)
    {
      for (size_t k = 0; k < sp->N; k++)
        {
          m1[k] = sp->momentum * m1[k] + g[k];
          theta[k] -= sp->lr * m1[k];
        }
      return;
    }
  sp->b1t *= b1;
  sp->b2t *= b2;
  for (size_t k = 0; k < sp->N; k++)
    {
      m1[k] = b1 * m1[k] + (1.0 - b1) * g[k];
      m2[k] = b2 * m2[k] + (1.0 - b2) * g[k] * g[k];
      theta[k] -= sp->lr * (m1[k] / (1.0 - sp->b1t))
                  / (sqrt (m2[k] / (1.0 - sp->b2t)) + eps);
    }
}

/* Fisher-Yates */
static void
shuffle (cvx_rng *rng, size_t *perm, size_t n)
{
  for (size_t i = n; i > 1; i--)
    {
      const size_t j = (size_t) (cvx_rng_uniform (rng) * (double) i);
      const size_t tmp = perm[i - 1];
      perm[i - 1] = perm[j];
      perm[j] = tmp;
    }
}

/* the rows rows[0..nb-1] of A (n x cols) into Ab (nb x cols) */
static void
gather (const double *A, size_t n, size_t cols, const size_t *rows,
        size_t nb, double *Ab)
{
  for (size_t j = 0; j < cols; j++)
    for (size_t i = 0; i < nb; i++)
      Ab[j * nb + i] = A[j * n + rows[i]];
}

int
cvx_train_stochastic (cvx_net_ws *w, const double *X, size_t n,
                      const double *Y, const cvx_train_opts *o,
                      double *theta, cvx_train_logger *lg,
                      cvx_train_info *info)
{
  const cvx_net *s = w->s;
  const size_t N = w->ly.total, d = s->width[0], K = s->width[s->L];
  const size_t B = w->nmax;
  const int adam = o->optimizer == CVX_OPT_ADAM;
  stepper sp = { adam, o->lr > 0.0 ? o->lr : (adam ? 1e-3 : 1e-2 / (double) n),
                 o->momentum, 1.0, 1.0, NULL, NULL, N };
  int st = CVX_OK;
  cvx_alloc_list al = { w->c, { 0 }, 0 };
  double *g, *Xb, *Yb;
  size_t *perm;
  AL_GET (al, g, N * sizeof (double));
  AL_GET (al, sp.m1, N * sizeof (double));
  AL_GET (al, sp.m2, N * sizeof (double));
  AL_GET (al, Xb, B * d * sizeof (double));
  AL_GET (al, Yb, B * K * sizeof (double));
  AL_GET (al, perm, n * sizeof (size_t));
  memset (sp.m1, 0, N * sizeof (double));
  memset (sp.m2, 0, N * sizeof (double));
  for (size_t i = 0; i < n; i++)
    perm[i] = i;
  cvx_rng rng;
  cvx_rng_seed (&rng, o->seed);
  long ep = 0;
  int status = CVX_TRAIN_MAXITER;
  double pen, f0;
  /* the workspace holds a minibatch, not all n rows */
  st = cvx_net_objective (w->c, s, X, n, Y, theta, &f0, NULL, NULL, NULL,
                          NULL);
  if (st)
    goto done;
  cvx_train_log (lg, 0, f0, NAN, sp.lr, 0);
  while (ep < o->epochs && status != CVX_TRAIN_INTERRUPTED)
    {
      shuffle (&rng, perm, n);
      double run = 0.0;
      for (size_t start = 0; start < n; start += B)
        {
          if (cvx_interrupted (w->c))
            {
              status = CVX_TRAIN_INTERRUPTED;
              break;
            }
          const size_t nb = n - start < B ? n - start : B;
          gather (X, n, d, perm + start, nb, Xb);
          gather (Y, n, K, perm + start, nb, Yb);
          const double sc = (double) n / (double) nb;
          const double lv = cvx_net_evaluate (w, Xb, nb, Yb, theta, sc, g,
                                              &pen);
          run += lv + pen * (double) nb / (double) n;
          take_step (&sp, g, theta);
        }
      if (status == CVX_TRAIN_INTERRUPTED)
        break;
      ep++;
      cvx_train_log (lg, ep, run, NAN, sp.lr, ep == o->epochs);
      if (lg->st)
        {
          st = lg->st;
          goto done;
        }
      if (!isfinite (run))
        {
          status = CVX_TRAIN_DIVERGED;
          break;
        }
    }
  info->status = status;
  info->iterations = ep;
done:
  cvx_al_release (&al);
  return st;
}
