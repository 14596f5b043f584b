/* cvxnn core: semismooth Newton augmented Lagrangian for the convex fit.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Over the patterns of a working set the squared-loss fit is
 *   (P)  min_x  h(A x) + p(x),   h(z) = 0.5 |z - Y|^2,
 * with A x = sum_g s_g D_i(g) X x_g and p(x) = lam sum_g |x_g| (gated, MATH
 * 4.5) or lam sum_g (|x_g| + i_K(g)(x_g)) (relu, MATH 4.2; s_g = -1 for
 * the w-groups).  First-order methods and coordinate descent crawl here:
 * the groups of nested patterns are strongly correlated, and at small lam
 * hundreds of groups are active (more unknowns than data rows).
 *
 * The augmented Lagrangian method on the dual of (P) (Li, Sun & Toh 2018;
 * Zhang, Zhang, Sun & Toh 2020 for the group lasso) does not mind either.
 * With multiplier x and penalty sigma, each step minimizes over the dual
 * variable y (n x K)
 *   psi(y) = h*(y) + |prox_{sigma p}(x - sigma A'y)|^2 / (2 sigma)
 *            - |x|^2 / (2 sigma),     h*(y) = 0.5 |y|^2 + <Y, y>,
 *   grad psi(y) = y + Y - A prox_{sigma p}(x - sigma A'y),
 * by Newton's method on the semismooth gradient, then sets x to that
 * prox.  The generalized Hessian is I + sigma A J A', J the Jacobian of the
 * prox: for an active gated group (1 - t/|w|) I + (t/|w|) w^w^' (t = sigma
 * lam); relu's prox is the group shrink of the cone projection p (MATH
 * 4.4), whose Jacobian restricts that to the face of the cone p lies on,
 * the null space N of the projection's active rows:
 * (1 - t/|p|) P_N + (t/|p|) p^p^'.  Only groups with a nonzero prox enter,
 * and the system is solved in whichever of the data space (n x n) or the
 * active unknowns (r x r, Woodbury) is smaller.  The products with the
 * data are the fit's GEMMs over the working set.
 *
 * x is a prox output at every step, so (relu) every group is exactly in
 * its cone and the network read off has the convex objective; the
 * certificate of MATH 2.5 over the working set decides when to stop.
 *
 * The logistic loss (K = 1, labels b = +-1) has the same dual form with
 *   h*(y) = s log s + (1 - s) log(1 - s),  s = -b y in (0, 1)
 * (MATH 1.5), separable, so the Hessian of psi is H + sigma A J A' with H
 * diagonal, H_jj = 1 / (s_j (1 - s_j)): the system is solved as the
 * squared loss's after scaling rows by H^{-1/2}, and the line search stays
 * inside the domain.  Cross-entropy's h*(y) = sum p log p, p = y + Y,
 * couples the outputs of a row under sum_k y_jk = 0: its gradient is
 * taken within that subspace and its Newton step keeps to it
 * (cvxnn_fit_newton.c, ce_direction).
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"
#include "cvxnn_fit_internal.h"
#include "cvxnn_fit_ssn.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* Whether cross-entropy's Newton steps come from its dense systems
 * (cvxnn_fit_newton.c, ce_direction: about 2 K n^3 / 3 flops a step and
 * (K + 2) n^2 doubles) rather than conjugate gradients.  Up to n = 1000:
 * CG took 0.7-1.5 times their time at n = 1000 (3 classes, d = 10, 1000
 * sampled patterns, 1e-2 and 1e-3 lambda_max, both models), 0.4-0.9
 * times at n = 1400 and 2000 (gated), 0.6-7 times at n = 442 (3-class
 * diabetes, 1e-1 to 1e-4).  And up to 2000 where the columns' scales
 * (max |X| by column) lie more than 1e2 apart: CG's systems are
 * conditioned as the scales squared (n = 1500, 4 classes, columns
 * scaled by 1e3 and 1e-3: 2596 iterations in 363 s by CG, 234 in 75 s
 * dense).  cmax: da doubles of scratch. */
static int
ce_dense (const fit_ws *w, double *cmax)
{
  const size_t n = w->n, K = w->K;
  if (n > 2000 || (K + 2) * n * n > ((size_t) 1 << 27))
    return 0;
  if (n <= 1000)
    return 1;
  double small, big;
  cvx_cone_colmax (w->X, n, w->da, cmax);
  cvx_cone_colrange (cmax, w->da, &small, &big);
  return big > 1e2 * small;
}

/* ----------------------------------------------------------- psi */

/* h*(y) into *h and its gradient into s->grad (and, logistic and
 * cross-entropy, H^{-1/2} into s->hs); 0 when y is outside h*'s domain. */
static int
hstar (ssn_ws *s, const double *y, double *h)
{
  const fit_ws *w = s->w;
  const size_t nk = w->n * w->K;
  const double *Y = w->Y;
  double v = 0.0;
  if (s->ce)
    {
      /* p = y + Y on the simplex: h* = sum p log p, grad log p + 1 */
      for (size_t j = 0; j < nk; j++)
        {
          const double p = y[j] + Y[j];
          if (!(p > 0.0))
            return 0;
          v += p * log (p);
          s->grad[j] = log (p) + 1.0;
          s->hs[j] = sqrt (p);
        }
      *h = v;
      return 1;
    }
  if (!s->logistic)
    {
      for (size_t j = 0; j < nk; j++)
        {
          s->grad[j] = y[j] + Y[j];
          v += 0.5 * y[j] * y[j] + Y[j] * y[j];
        }
      *h = v;
      return 1;
    }
  for (size_t j = 0; j < nk; j++)
    {
      const double p = -Y[j] * y[j], q = 1.0 + Y[j] * y[j];   /* s, 1 - s */
      if (!(p > 0.0 && q > 0.0))
        return 0;
      v += p * log (p) + q * log (q);
      s->grad[j] = Y[j] * (log (q) - log (p));
      s->hs[j] = sqrt (p * q);
    }
  *h = v;
  return 1;
}

/* psi, its gradient and the prox at y (into s->psi, s->grad, s->xt) */
void
cvx_ssn_psi_eval (ssn_ws *s, const double *x, const double *y)
{
  fit_ws *w = s->w;
  const size_t n = w->n, K = w->K, G = w->G, P = w->P, da = w->da;
  double h = 0.0, pen = 0.0;
  if (!hstar (s, y, &h))
    {
      s->psi = HUGE_VAL;                        /* outside h*'s domain */
      return;
    }
  cvx_fw_backward (w, y);                       /* X' (D_i .* y_k) */
  for (size_t k = 0; k < K; k++)
    for (size_t gg = 0; gg < G; gg++)
      {
        const size_t col = k * G + gg, i = cvx_fw_pattern (w, col);
        const double sg = gg < P ? s->sigma : -s->sigma;
        const double *ag = w->Gm + (k * P + i) * da;
        for (size_t b = 0; b < da; b++)
          s->wv[col * da + b] = x[col * da + b] - sg * ag[b];
      }
  /* relu: on Ctrl-C the groups keep the multiplier's (feasible) value,
   * and the solver stops at its next poll with its best certified point */
  cvx_fw_prox (w, s->wv, s->sigma, s->xt, x);
  cvx_fw_forward (w, s->xt, s->Fx);
  for (size_t j = 0; j < n * K; j++)
    s->grad[j] -= s->Fx[j];                     /* grad h* - A x+ */
  if (s->ce)
    /* the gradient within sum_k y_jk = 0: each row's mean removed */
    for (size_t j = 0; j < n; j++)
      {
        double m = 0.0;
        for (size_t k = 0; k < K; k++)
          m += s->grad[k * n + j];
        m /= (double) K;
        for (size_t k = 0; k < K; k++)
          s->grad[k * n + j] -= m;
      }
  for (size_t j = 0; j < s->nv; j++)
    pen += s->xt[j] * s->xt[j] - x[j] * x[j];
  s->psi = h + pen / (2.0 * s->sigma);
}

/* ------------------------------------------------------------ driver */

static int
ssn_alloc (ssn_ws *s, cvx_alloc_list *al, fit_ws *w)
{
  int st = CVX_OK;
  const size_t n = w->n, K = w->K, da = w->da;
  memset (s, 0, sizeof *s);
  s->w = w;
  s->nv = w->G * K * da;
  s->ynorm = 1.0 + cvx_fw_nrm2 (w->Y, n * K);
  AL_GET (*al, s->y, 5 * n * K * sizeof (double));
  s->grad = s->y + n * K;
  s->dir = s->grad + n * K;
  s->ytry = s->dir + n * K;
  s->Fx = s->ytry + n * K;
  AL_GET (*al, s->xt, 2 * s->nv * sizeof (double));
  s->wv = s->xt + s->nv;
  AL_GET (*al, s->Xw, (n + da * da + 66 * da) * sizeof (double));
  s->Qr = s->Xw + n;
  s->tau = s->Qr + da * da;
  s->qv = s->tau + da;
  s->qwork = s->qv + da;
  AL_GET (*al, s->hs, 2 * n * K * sizeof (double));
  s->gs = s->hs + n * K;
  s->logistic = w->o->loss == CVX_LOSS_LOGISTIC;
  s->ce = w->o->loss == CVX_LOSS_CE;
  if (s->ce && ce_dense (w, s->tau))          /* tau: free until a QR */
    AL_GET (*al, s->Vk, (K + 2) * n * n * sizeof (double));
  AL_GET (*al, s->cols, w->G * sizeof (size_t));
  AL_GET (*al, s->xbest, s->nv * sizeof (double));
done:
  return st;
}

/* The buffers the Newton steps grow as they need them (outside the
 * workspace list: their sizes are known only then); ssn_alloc zeroed
 * them, so a solve that failed early frees nothing. */
static void
ssn_free_grown (ssn_ws *s)
{
  const cvx_ctx *c = s->w->c;
  void *own[] = { s->cg, s->cg_act, s->face, s->pc, s->pc_idx, s->pc_pick,
                  s->gram, s->M, s->V };
  for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
    if (own[k])
      c->alloc.free_fn (own[k], c->alloc.ctx);
}

/* The largest step along s->dir that keeps y in h*'s domain (logistic:
 * 0 < -b y < 1); HUGE_VAL for the squared loss. */
static double
step_to_boundary (const ssn_ws *s)
{
  const size_t nk = s->w->n * s->w->K;
  const double *Y = s->w->Y;
  double a = HUGE_VAL;
  if (s->ce)
    {
      for (size_t j = 0; j < nk; j++)
        if (s->dir[j] < 0.0)
          a = fmin (a, -(s->y[j] + Y[j]) / s->dir[j]);
      return a;
    }
  if (!s->logistic)
    return a;
  for (size_t j = 0; j < nk; j++)
    {
      const double p = -Y[j] * s->y[j], dp = -Y[j] * s->dir[j];
      if (dp < 0.0)
        a = fmin (a, -p / dp);
      else if (dp > 0.0)
        a = fmin (a, (1.0 - p) / dp);
    }
  return a;
}

/* The next trial step after ALPHA failed Armijo's test: the minimizer
 * of the quadratic through psi0, its slope and psi(alpha), kept within
 * [0.1, 0.5] alpha.  Halving alone took 3-4 trials a step where the
 * relu subproblems' steps are 0.125-0.25 (diabetes at 1e-4 lambda_max),
 * and 8-10 for the gated first steps after a multiplier update (alpha
 * 0.002-0.016), each trial a product over every pattern and, for relu,
 * a cone projection a group. */
static double
next_alpha (double alpha, double psi0, double slope, double psi)
{
  const double curv = psi - psi0 - slope * alpha;
  if (!(psi < HUGE_VAL) || !(curv > 0.0))
    return 0.5 * alpha;                 /* outside h*'s domain, or NaN */
  const double aq = -slope * alpha * alpha / (2.0 * curv);
  return fmin (fmax (aq, 0.1 * alpha), 0.5 * alpha);
}

/* y as the certificates' second dual point (cvxnn_fit_cert.c,
 * dual_at_y) */
static void
share_dual (ssn_ws *s)
{
  fit_shared *sh = s->w->sh;
  if (!s->logistic && !s->ce && sh->ydual)
    {
      memcpy (sh->ydual, s->y, s->w->n * s->w->K * sizeof (double));
      sh->has_y = 1;
    }
}

/* What inner_newton needs to certify its prox point mid-subproblem */
typedef struct {
  recorder *rc;
  cvx_fit_info *info;
  double tol;
} early_cert;

/* Whether the prox point s->xt (of the current y) certifies to tol.  Asked
 * after a Newton direction that took dozens of CG steps, each a product
 * with the active groups, where the certificate costs about two: else the
 * subproblem goes on to its own tolerance, and its multiplier step lands
 * digits below Tol at the price of the largest-sigma directions (n = 1e4,
 * d = 100, grown pool: 5.4e-7 -> 1e-8 in 245 s where 1e-6 was asked). */
static double certify_point (ssn_ws *s, recorder *rc, const double *x,
                             long it, cvx_fit_info *info);

static int
certifies_early (ssn_ws *s, const early_cert *ec, long it)
{
  if (s->cg_steps < 20)
    return 0;
  share_dual (s);
  return certify_point (s, ec->rc, s->xt, it, ec->info) <= ec->tol;
}

/* Newton steps on psi until |grad psi| <= eps, with an Armijo line search.
 * Returns a status; *stop is set when the user interrupts, *conv when
 * |grad psi| <= eps was reached, *solved when the prox point certified
 * on the way (certifies_early). */
static int
inner_newton (ssn_ws *s, const double *x, double eps, long max_it, long *it,
              const early_cert *ec, int *stop, int *conv, int *solved)
{
  fit_ws *w = s->w;
  const cvx_ctx *c = w->c;
  const size_t nk = w->n * w->K;
  *conv = 0;
  s->floored = 0;
  /* semismooth Newton converges fast or not at all: five steps that
   * neither halve the gradient nor lower psi by 1e-9 of itself mean
   * rounding has the last word (sigma large, psi flat to its last
   * digits), and more steps only cost time.  Steps that still lower psi
   * go on: while the faces of the cones change (few patterns, every
   * group active) the gradient can stall for a while far above
   * rounding, and a multiplier step from that unsolved subproblem throws
   * the method off (relu, 50 patterns of diabetes at 1e-4 lambda_max:
   * the objective swung between 28 and 82 and the fit ended max_iter) */
  double gbest = HUGE_VAL;
  const double g_start = cvx_fw_nrm2 (s->grad, nk);
  int slow = 0, moved = 0;
  for (int step = 0; step < 50 && *it < max_it; step++)
    {
      const double gn = cvx_fw_nrm2 (s->grad, nk);
      if (gn <= eps)
        {
          *conv = 1;
          break;
        }
      if (gn < 0.5 * gbest)
        {
          gbest = gn;
          slow = 0;
        }
      else if (!moved && ++slow >= 5)
        {
          /* at rounding's floor: solved as well as it can be, two digits
           * below where it started at least */
          *conv = gn <= 1e-2 * g_start;
          /* short of that, and small: rounding's floor, which grows with
           * sigma (cvx_fit_ssn steps sigma back); large, as when the
           * columns are scaled 1e6 apart and the faces' Jacobians are a
           * poor model, it is no floor, and a smaller sigma does not help
           * (sigma fell to 1e-18 there and the gap rose) */
          s->floored = !*conv && gn <= 1e-6 * s->ynorm;
          break;
        }
      if (cvx_interrupted (c))
        {
          *stop = 1;
          break;
        }
      const int st = cvx_ssn_newton_direction (s);
      /* a system over the budget, or one rounding left without a
       * Cholesky factor (sigma |x_j|^2 past 1e16 with columns scaled far
       * apart): FISTA goes on from the best point */
      if (st == CVX_ETOOLARGE || st == CVX_ELAPACK)
        {
          s->too_large = 1;
          break;
        }
      if (st == CVX_EINTERRUPTED)
        {
          *stop = 1;
          break;
        }
      if (st)
        return st;
      const double psi0 = s->psi, slope = cvx_dot (s->grad, s->dir, nk);
      const double gn0 = cvx_fw_nrm2 (s->grad, nk);
      double alpha = fmin (1.0, 0.995 * step_to_boundary (s));
      int ok = 0;
      /* Armijo on psi; near the solution its decrease sinks below the
       * rounding of psi's value, and there a step that shrinks the
       * gradient (the semismooth equation's residual) is taken instead */
      for (int ls = 0; ls < 40 && alpha >= 2e-12; ls++)
        {
          /* a trial is a product over every pattern (a second at n = 2e4,
           * 2000 patterns): Ctrl-C is polled between them; s->xt, the
           * last trial's prox, is a valid point to stop at */
          if (ls > 0 && cvx_interrupted (c))
            {
              *stop = 1;
              return CVX_OK;
            }
          for (size_t j = 0; j < nk; j++)
            s->ytry[j] = s->y[j] + alpha * s->dir[j];
          cvx_ssn_psi_eval (s, x, s->ytry);
          if (s->psi <= psi0 + 1e-4 * alpha * slope
              || (s->psi <= psi0 + 8.0 * DBL_EPSILON * fabs (psi0)
                  && cvx_fw_nrm2 (s->grad, nk) <= 0.9 * gn0))
            {
              ok = 1;
              break;
            }
          alpha = next_alpha (alpha, psi0, slope, s->psi);
        }
      (*it)++;
      if (!ok)
        {
          /* no sufficient decrease left above rounding: y is as good as
           * psi can tell */
          cvx_ssn_psi_eval (s, x, s->y);
          break;
        }
      memcpy (s->y, s->ytry, nk * sizeof (double));
      moved = psi0 - s->psi > 1e-9 * fabs (psi0);
      if (certifies_early (s, ec, *it))
        {
          *solved = 1;
          break;
        }
    }
  return CVX_OK;
}

/* y starts at grad h(A x), kept inside h*'s domain where the link
 * function rounds to its ends: logistic s = -b y in (0, 1); cross-entropy
 * p = y + Y (the softmax) > 0, the row's largest entry giving way so that
 * the row still sums to 0. */
static void
start_dual (ssn_ws *s, const double *x)
{
  fit_ws *w = s->w;
  const size_t n = w->n, K = w->K;
  const double *Y = w->Y;
  double *y = s->y;
  cvx_fw_forward (w, x, s->Fx);
  cvx_loss_value (w->o->loss, s->Fx, Y, n, K, y);
  if (s->ce)
    for (size_t j = 0; j < n; j++)
      {
        size_t kmax = 0;
        double add = 0.0;
        for (size_t k = 0; k < K; k++)
          {
            const double p = y[k * n + j] + Y[k * n + j];
            if (p > y[kmax * n + j] + Y[kmax * n + j])
              kmax = k;
            if (!(p > 1e-300))
              {
                add += 1e-300 - p;
                y[k * n + j] += 1e-300 - p;
              }
          }
        y[kmax * n + j] -= add;
      }
  if (s->logistic)
    for (size_t j = 0; j < n * K; j++)
      {
        const double p = fmin (fmax (-Y[j] * y[j], 1e-300), 1.0 - 1e-16);
        y[j] = -Y[j] * p;
      }
}

/* y scaled so that the start's own groups are where the multiplier step
 * leaves them; returns the factor rho (1: none).  Each group's penalty
 * is positively homogeneous (MATH 4.3), so at an optimum every nonzero
 * group has <-A_g'y, x_g> = lam |x_g| (the normal cone of a relu cone at
 * x_g is orthogonal to x_g), and summed, -<y, A x> = lam sum |x_g|.  The
 * solution at lam_prev, the lambda before on a path, has them with
 * lam_prev: rho = lam / lam_prev, and rho y is feasible at lam with
 * prox (x - sigma A' rho y) = x, whatever sigma.  The unscaled start
 * moved every active group by sigma (lam_prev - lam) and the first
 * subproblem paid for it (diabetes' default path, gated: psi's gradient
 * 22 at the start against 0.64 scaled).  Path steps only: other warm
 * starts (seed networks, grown pools, later working sets) are near the
 * identity but not at it, and scaled they gained nothing on the
 * real-data grid and lost at n = 1e4 (cvx_fit_ssn).  rho in [1e-2, 1]:
 * a factor in [0, 1] keeps y in h*'s domain (MATH 1.5), and the floor
 * keeps the logistic and cross-entropy entries start_dual kept above
 * 1e-300 from rounding to 0. */
static double
scale_start (ssn_ws *s, const double *x)
{
  const fit_ws *w = s->w;
  const size_t nk = w->n * w->K;
  double yf = 0.0;
  for (size_t j = 0; j < nk; j++)
    yf -= s->y[j] * s->Fx[j];
  const double pen = cvx_fw_penalty (w, x);            /* lam sum |x_g| */
  if (!(yf > 0.0 && pen > 0.0))
    return 1.0;
  const double rho = fmin (fmax (pen / yf, 1e-2), 1.0);
  for (size_t j = 0; j < nk; j++)
    s->y[j] *= rho;
  return rho;
}

double
cvx_ssn_start (ssn_ws *s, const double *x, int path_step)
{
  start_dual (s, x);
  return path_step ? scale_start (s, x) : 1.0;
}

/* KKT residual of the ALM after a subproblem (prox output s->xt, the
 * multiplier before it x): the dual equation (grad psi) and the
 * multiplier's move, both relative */
static double
alm_kkt (const ssn_ws *s, const double *x)
{
  double dx2 = 0.0, xn2 = 0.0;
  for (size_t j = 0; j < s->nv; j++)
    {
      const double dj = s->xt[j] - x[j];
      dx2 += dj * dj;
      xn2 += s->xt[j] * s->xt[j];
    }
  return fmax (cvx_fw_nrm2 (s->grad, s->w->n * s->w->K) / s->ynorm,
               sqrt (dx2) / (1.0 + sqrt (xn2)));
}

/* The certificate of the multiplier x over the working set (its
 * relative gap; rc->primal its objective), or the driver's of the same
 * point when it has just computed one (fit_shared's start_ok) */
static double
certify_point (ssn_ws *s, recorder *rc, const double *x, long it,
               cvx_fit_info *info)
{
  fit_ws *w = s->w;
  if (w->sh->start_ok)
    {
      w->sh->start_ok = 0;
      rc->primal = w->sh->start_primal;
      return w->sh->start_rel;
    }
  cvx_fw_forward (w, x, s->Fx);
  return cvx_fw_record_point (w, rc, x, s->Fx, it, s->sigma, info, 'w', 0,
                              1);
}

int
cvx_fit_ssn (fit_ws *w, recorder *rc, double *x, double tol, long max_it,
             long *it, cvx_fit_info *info, int *status)
{
  const cvx_ctx *c = w->c;
  const size_t n = w->n, K = w->K, nk = n * K;
  int st = CVX_OK, stop = 0;
  cvx_alloc_list al = { c, { 0 }, 0 };
  ssn_ws s;
  st = ssn_alloc (&s, &al, w);
  if (st)
    goto done;
  /* a path's step: the start solves o->lambda_prev, a larger lambda,
   * for the first working-set solve only (no solve before it ended at a
   * sigma).  The next working set's start solves this lambda: scaling
   * its dual (rho about 1, not 1) cost n = 1e4, d = 100, 1e-3
   * lambda_max 95 -> 105 iterations, 33 -> 47 s */
  const int step = w->o->lambda_prev > w->o->lambda
                   && w->sh->sigma_last == 0.0;
  const double rho = cvx_ssn_start (&s, x, step);
  const int continues = step && rho <= 0.99;
  double sigma0, sigma_max;
  cvx_ssn_sigma_range (w, x, continues, &sigma0, &sigma_max);
  s.sigma = sigma0;
  cvx_ssn_temper_sigma (&s, x);
  *status = CVX_FIT_MAXITER;
  /* the inner tolerance shrinks with each solved subproblem, down to what
   * rounding in the data space allows */
  const double floor_eps = 1e-14 * s.ynorm;
  double eps = HUGE_VAL, best = HUGE_VAL, obj0 = HUGE_VAL;
  int stalled = 0;
  memcpy (s.xbest, x, s.nv * sizeof (double));
  /* The certificate costs a product over every pattern and, for relu,
   * cone projections for each pattern and sign: it is computed when the
   * method's own KKT residual says it may pass, and every 8th step. */
  int certify = 1, since = 0;
  double grow = 3.0, sigma_cert = 0.0, sigma_cap = HUGE_VAL;
  for (;;)
    {
      if (cvx_fw_cut (w))
        {
          stop = 1;                   /* before another certificate */
          break;
        }
      if (certify)
        {
          const double rel = certify_point (&s, rc, x, *it, info);
          since = 0;
          /* six certificates without halving at one sigma: rounding has
           * the last word (at a sigma still growing, the ALM is still
           * getting somewhere); two: sigma grows faster, as when the
           * columns of X are scaled far apart and sigma0 is far too
           * small for some of them */
          const int halved = rel < 0.5 * best;
          /* the multiplier's objective a million times the start's: the
           * ALM has diverged, and FISTA goes on from the best point
           * (relu from a seed network on diabetes with columns scaled 1e6
           * and 1e-6 apart: objectives of 1e10 from a start of 49, and
           * the ALM went on for 1500 iterations, 130 s, at a relative gap
           * of 1) */
          const double obj = rc->primal;       /* x's, just recorded */
          obj0 = obj0 < HUGE_VAL ? obj0 : obj;
          if (obj > 1e6 * fmax (obj0, 1.0))
            break;
          /* kept before the stall test, which may end the solve here */
          if (rel < best)
            {
              best = rel;
              memcpy (s.xbest, x, s.nv * sizeof (double));
            }
          if (halved)
            stalled = 0;
          else if (s.sigma > sigma_cert && stalled < 20)
            grow = ++stalled >= 2 ? 10.0 : 3.0;
          else if (++stalled >= 6)
            break;
          sigma_cert = s.sigma;
          if (rel <= tol)
            {
              *status = CVX_FIT_SOLVED;
              break;
            }
          if (*it >= max_it || stop)
            break;
        }
      cvx_ssn_psi_eval (&s, x, s.y);
      const double g0 = cvx_fw_nrm2 (s.grad, nk);
      eps = fmax (fmin (eps, 1e-3 * g0), floor_eps);
      int conv = 0, solved = 0;
      const early_cert ec = { rc, info, tol };
      st = inner_newton (&s, x, eps, max_it, it, &ec, &stop, &conv, &solved);
      if (st)
        goto done;
      if (solved)
        {
          memcpy (x, s.xt, s.nv * sizeof (double));
          *status = CVX_FIT_SOLVED;
          break;
        }
      share_dual (&s);
      if (s.too_large)
        break;                /* FISTA goes on from the best point */
      if (!stop && *it < max_it && cvx_ssn_retry (&s, conv, g0))
        {
          certify = 0;          /* x has not moved */
          continue;
        }
      certify = alm_kkt (&s, x) <= 10.0 * tol || ++since >= 8
                || *it >= max_it || stop;
      memcpy (x, s.xt, s.nv * sizeof (double));
      cvx_ssn_next_sigma (&s, x, sigma_max, conv ? grow : 1.0, tol,
                          &sigma_cap);
      grow = 3.0;
    }
  w->sh->sigma_last = s.sigma;
  /* ALM is not monotone in the primal gap: return the best certified */
  if (*status != CVX_FIT_SOLVED)
    memcpy (x, s.xbest, s.nv * sizeof (double));
  if (stop)
    *status = CVX_FIT_INTERRUPTED;
done:
  ssn_free_grown (&s);
  cvx_al_release (&al);
  return st;
}
