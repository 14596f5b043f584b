/* cvxnn core unit tests: the reference trainer and the network objective.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "unit.h"

/* ------------------------------------------------- reference trainer */

typedef struct {
  const cvx_net *s;
  const double *X, *Y;
  size_t n;
  int optimizer;
} train_case;

static int
train_trial (cvx_ctx *c, void *arg)
{
  const train_case *t = arg;
  const size_t N = cvx_net_nparams (t->s);
  double *theta = malloc (N * sizeof (double));
  cvx_net_init (t->s, 1, 1.0, theta);
  cvx_train_opts o = { t->optimizer, 0.0, 0.5, 3, 4, 7, 0.0, 3, 0, 0.0 };
  cvx_train_info info;
  const int st = cvx_train (c, t->s, t->X, t->n, t->Y, &o, theta, &info);
  if (st == CVX_OK)
    c->alloc.free_fn (info.hist, c->alloc.ctx);
  free (theta);
  return st;
}

static int
objective_trial (cvx_ctx *c, void *arg)
{
  const train_case *t = arg;
  const size_t N = cvx_net_nparams (t->s);
  double *theta = malloc (N * sizeof (double)), *g = malloc (N * sizeof (double));
  double f, loss;
  cvx_net_init (t->s, 2, 1.0, theta);
  const int st = cvx_net_objective (c, t->s, t->X, t->n, t->Y, theta, &f,
                                    &loss, g, NULL, NULL);
  free (theta);
  free (g);
  return st;
}

void
test_train (void)
{
  const size_t n = 9, d = 3;
  double *X = randmat (n, d), Y[9 * 2], yl[9], Y3[9 * 3];
  for (size_t i = 0; i < n; i++)
    {
      Y[i] = nrand ();
      Y[n + i] = nrand ();
      yl[i] = X[i] > 0 ? 1.0 : -1.0;
      for (size_t k = 0; k < 3; k++)
        Y3[k * n + i] = (i % 3 == k);
    }
  const double *targets[] = { Y, yl, Y3 };
  const size_t Ks[] = { 2, 1, 3 };
  const unsigned char bias[] = { 1, 0, 1 };
  cvx_ctx c = cvx_ctx_stdlib ();

  /* gradient against central differences: every loss, BN convention and
   * activation, depth 3 */
  for (int loss = 0; loss < 3; loss++)
    for (int bn = 0; bn < 3; bn++)
      for (int act = 0; act < 2; act++)
        {
          const size_t width[] = { d, 4, 5, Ks[loss] };
          const cvx_net s = { 3, width, bias, act, bn, loss, 0.3 };
          const size_t N = cvx_net_nparams (&s);
          double *th = malloc (N * sizeof (double));
          double *g = malloc (N * sizeof (double));
          double f, lv, fp, fm, err = 0.0, gn = 0.0;
          cvx_net_init (&s, 7 + (uint64_t) loss, 1.0, th);
          for (size_t k = 0; k < N; k++)   /* nonzero biases, gamma, alpha */
            th[k] += 0.3 * nrand ();
          int st = cvx_net_objective (&c, &s, X, n, targets[loss], th, &f,
                                      &lv, g, NULL, NULL);
          for (size_t k = 0; k < N && st == CVX_OK; k++)
            {
              const double h = 1e-6, t0 = th[k];
              th[k] = t0 + h;
              cvx_net_objective (&c, &s, X, n, targets[loss], th, &fp, NULL,
                                 NULL, NULL, NULL);
              th[k] = t0 - h;
              cvx_net_objective (&c, &s, X, n, targets[loss], th, &fm, NULL,
                                 NULL, NULL, NULL);
              th[k] = t0;
              err += pow ((fp - fm) / (2 * h) - g[k], 2);
              gn += g[k] * g[k];
            }
          CHECK (st == CVX_OK && sqrt (err) <= 1e-6 * (sqrt (gn) + 1),
                 "gradient loss %d bn %d act %d: %g", loss, bn, act,
                 sqrt (err));
          CHECK (f > lv && lv > 0, "objective parts");
          free (th);
          free (g);
        }

  /* every optimizer, full batch and minibatches smaller than n */
  const size_t width[] = { d, 6, 5, 2 };
  for (int bn = 0; bn < 2; bn++)
    for (int opt = 0; opt < 4; opt++)
      for (size_t batch = 0; batch <= 4; batch += 4)
        {
          const cvx_net s = { 3, width, bias, CVX_ACT_RELU, bn, 0, 0.1 };
          const size_t N = cvx_net_nparams (&s);
          double *th = malloc (N * sizeof (double)), f0, f1;
          cvx_net_init (&s, 3, 1.0, th);
          cvx_net_objective (&c, &s, X, n, Y, th, &f0, NULL, NULL, NULL,
                             NULL);
          cvx_train_opts o = { opt, opt == 1 ? 0.01 : 0.0, 0.5, 100, batch,
                               5, 1e-9, 10, 0, 0.0 };
          cvx_train_info info;
          int st = cvx_train (&c, &s, X, n, Y, &o, th, &info);
          cvx_net_objective (&c, &s, X, n, Y, th, &f1, NULL, NULL, NULL,
                             NULL);
          CHECK (st == CVX_OK && f1 < f0 && f1 == info.objective
                 && info.nhist >= 2,
                 "train opt %d batch %zu bn %d: st %d f0 %g f1 %g (%g)", opt,
                 batch, bn, st, f0, f1, info.objective);
          free (info.hist);
          free (th);
        }

  /* bad specs */
  {
    const size_t w0[] = { d, 0, 2 };
    const cvx_net s0 = { 2, w0, bias, 0, 0, 0, 0.1 };
    const size_t w1[] = { d, 2 };
    const cvx_net s1 = { 1, w1, bias, 0, CVX_BN_STD, 0, 0.1 };
    const cvx_net s2 = { 1, w1, bias, 0, 0, CVX_LOSS_LOGISTIC, 0.1 };
    const cvx_net s3 = { 1, w1, bias, 0, 0, 0, -1.0 };
    CHECK (cvx_net_check (&s0, n) == CVX_EINVAL, "zero width");
    CHECK (cvx_net_check (&s1, n) == CVX_EINVAL, "BN without hidden layer");
    CHECK (cvx_net_check (&s2, n) == CVX_EINVAL, "logistic with 2 outputs");
    CHECK (cvx_net_check (&s3, n) == CVX_EINVAL, "negative lambda");
    CHECK (cvx_net_check (&s3, 0) == CVX_EINVAL, "no rows");
    const unsigned char bad[] = { 3, 0 };
    const cvx_net s4 = { 2, (const size_t[]) { d, 2, 2 }, bad, 0, 0, 0, 0.1 };
    CHECK (cvx_net_check (&s4, n) == CVX_EINVAL, "bias flag 3");
  }

  /* free biases (MATH 6.1): same loss, penalty without them, gradient
   * entries without their lambda * b term */
  {
    const size_t w2[] = { d, 4, 2 };
    const unsigned char pen[] = { CVX_BIAS_PENALIZED, CVX_BIAS_PENALIZED };
    const unsigned char fre[] = { CVX_BIAS_FREE, CVX_BIAS_FREE };
    const cvx_net sp = { 2, w2, pen, CVX_ACT_RELU, 0, 0, 0.3 };
    const cvx_net sf = { 2, w2, fre, CVX_ACT_RELU, 0, 0, 0.3 };
    const size_t N = cvx_net_nparams (&sp);
    double *th = malloc (N * sizeof (double));
    double *gp = malloc (N * sizeof (double));
    double *gf = malloc (N * sizeof (double));
    double fp, ff, lp, lf, bsq = 0.0, gerr = 0.0;
    cvx_net_init (&sp, 5, 1.0, th);
    for (size_t k = 0; k < N; k++)
      th[k] += 0.3 * nrand ();
    int st = cvx_net_objective (&c, &sp, X, n, Y, th, &fp, &lp, gp, NULL, NULL);
    st |= cvx_net_objective (&c, &sf, X, n, Y, th, &ff, &lf, gf, NULL, NULL);
    /* layout: W1 (d x 4), b1 (4), W2 (4 x 2), b2 (2) */
    const size_t b1 = d * 4, b2 = b1 + 4 + 8;
    for (size_t k = 0; k < N; k++)
      {
        const int isb = (k >= b1 && k < b1 + 4) || k >= b2;
        if (isb)
          bsq += th[k] * th[k];
        gerr = fmax (gerr, fabs (gp[k] - (isb ? 0.3 * th[k] : 0.0) - gf[k]));
      }
    CHECK (st == CVX_OK && lp == lf && fabs (fp - 0.15 * bsq - ff) <= 1e-12 * fp
           && gerr <= 1e-12, "free biases: f %g vs %g, gradient %g", fp, ff, gerr);
    free (th);
    free (gp);
    free (gf);
  }

  /* allocation failures and interrupts */
  const cvx_net sb = { 3, width, bias, CVX_ACT_RELU, CVX_BN_STD, 0, 0.1 };
  for (int opt = 0; opt < 4; opt++)
    {
      char what[64];
      train_case tc = { &sb, X, Y, n, opt };
      snprintf (what, sizeof what, "train optimizer %d", opt);
      check_failure_injection (what, train_trial, &tc, 200);
      for (long k = 0; k < 3; k++)
        {
          cvx_ctx ci = cvx_ctx_stdlib ();
          ci.interrupted = stop_after;
          polls_left = k;
          const size_t N = cvx_net_nparams (&sb);
          double *th = malloc (N * sizeof (double));
          cvx_net_init (&sb, 1, 1.0, th);
          cvx_train_opts o = { opt, 0.0, 0.0, 1000, 4, 1, 0.0, 5, 0, 0.0 };
          cvx_train_info info;
          int st = cvx_train (&ci, &sb, X, n, Y, &o, th, &info);
          CHECK (st == CVX_OK && info.status == CVX_TRAIN_INTERRUPTED
                 && isfinite (info.objective),
                 "interrupted train opt %d after %ld: st %d status %d", opt,
                 k, st, info.status);
          free (info.hist);
          free (th);
        }
    }
  {
    /* ftol: refused when negative; a settled L-BFGS run ends 'converged'
     * after the window and before its budget */
    cvx_ctx cs = cvx_ctx_stdlib ();
    const size_t N = cvx_net_nparams (&sb);
    double *th = malloc (N * sizeof (double));
    cvx_net_init (&sb, 1, 1.0, th);
    cvx_train_opts o = { CVX_OPT_LBFGS, 0.0, 0.0, 5000, 0, 1, 0.0, 5, 0, -1.0 };
    cvx_train_info info;
    CHECK (cvx_train (&cs, &sb, X, n, Y, &o, th, &info) == CVX_EINVAL,
           "negative ftol accepted");
    o.ftol = 1e-3;
    int st = cvx_train (&cs, &sb, X, n, Y, &o, th, &info);
    CHECK (st == CVX_OK && info.status == CVX_TRAIN_CONVERGED
           && info.iterations > CVX_TRAIN_FWINDOW && info.iterations < 5000,
           "ftol: st %d status %d after %ld iterations", st, info.status,
           info.iterations);
    free (info.hist);
    free (th);
  }
  train_case oc = { &sb, X, Y, n, 0 };
  check_failure_injection ("net objective", objective_trial, &oc, 100);
  free (X);
}
