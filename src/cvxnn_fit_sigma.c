/* cvxnn core: the penalty parameter sigma of the semismooth Newton
 * augmented Lagrangian (cvxnn_fit_ssn.c): where it starts, cold or warm,
 * its cap, and how it grows after each subproblem.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cvxnn_core.h"
#include "cvxnn_internal.h"
#include "cvxnn_fit_internal.h"
#include "cvxnn_fit_ssn.h"

#include <float.h>
#include <math.h>

/* A warm start (a grown pool, a larger working set, the next lambda of a
 * path) begins where the multiplier step x = prox (x - sigma A'y) moves
 * its active groups by about their size, sigma lam = 3 |x_g| (rms over
 * the active groups; |A'y| ~ lam on them), rather than at sigma0, from
 * which the ALM took 50 outer steps to climb back.  Measured on the grid
 * (default pools; factors 1, 3, 10 tried): 30-45% fewer iterations for
 * the gated and logistic fits, relu diabetes at 1e-4 368 -> 223; the
 * sigma the last solve ended at (1e4 here) was worse than sigma0.
 * Relu takes 30 |x_g| (factors 3, 30, 300 tried; the time inside this
 * solver, summed): relu grid (12 fits) 583 -> 449 iterations, 11.4-12.1
 * s -> 8.3 s; default relu paths, diabetes 2375 -> 1816 iterations,
 * 23.6 -> 20.5 s, breast cancer logistic 1778 -> 1740, 35.1 -> 32.8 s.
 * 300 cut iterations further but not time: its steps cost more (the
 * cone projections' skip bound holds less often).  Gated at 30 took
 * 11183 iterations on its grid instead of 1037.  At most where
 * sigma |x_j|^2 (the system's largest diagonal; c2max, the
 * largest squared column of X) is 1e8: with columns scaled 1e6 apart the
 * groups are 1e6 large and that balance would leave I + sigma M M'
 * without a Cholesky factor; standardized data stay far below it.  0
 * for a cold start.
 * A start one step down a path (CONTINUES: the solution at the lambda
 * before, o->lambda_prev) takes 10 times that: its dual start, scaled by
 * lam / lam_prev (scale_start, cvxnn_fit_ssn.c), leaves its groups where
 * they are at any sigma, so the first subproblem starts near its
 * solution and a larger sigma only speeds the multiplier's convergence
 * (default paths, 38 to 50 lambdas: diabetes gated 646 -> 506
 * iterations, 5.2 -> 4.6 s; relu 1804 -> 1322, 28.0 -> 25.0 s; breast
 * cancer logistic gated 851 -> 637, relu 1757 -> 1505; 100 times gained
 * gated a little more and relu nothing; on small synthetic steps, 80 x 4
 * at 0.05 lambda_max, gated took 9-13 iterations instead of 12-15 and
 * relu 8-26 instead of 8-19, cheap ones there).  Other warm starts are not at
 * the ALM's fixed point, and 10 times cost them (every warm start
 * taking it: the single fits at the paths' last lambdas, from seed
 * networks, 88 -> 120 and 108 -> 164 iterations); a nonconvex network's
 * dual start cannot tell it from a path's (a stationary network meets
 * the same identity: rho 0.987 for breast cancer's seed). */
static double
warm_sigma (const fit_ws *w, const double *x, double c2max, int continues)
{
  double ss = 0.0;
  size_t na = 0;
  for (size_t col = 0; col < w->G * w->K; col++)
    {
      const double g = cvx_fw_nrm2 (x + col * w->da, w->da);
      if (g > 0.0)
        {
          ss += g * g;
          na++;
        }
    }
  if (na == 0)
    return 0.0;
  const double f = (w->o->model == CVX_MODEL_RELU ? 30.0 : 3.0)
                   * (continues ? 10.0 : 1.0);
  return fmin (f * sqrt (ss / (double) na) / w->o->lambda,
               c2max > 0.0 ? 1e8 / c2max : HUGE_VAL);
}

/* sigma's start: cold, the scale at which sigma A'y moves x as much as y
 * moves A x (|A| by the data's Frobenius norm), or warm_sigma's from x;
 * its cap, grown to each outer step: 1e5 times the smallest column's
 * scale, not the largest's (with columns scaled 1e6 and 1e-6 apart the
 * Frobenius norm speaks for the large columns only, and a sigma capped
 * by it never moves the others). */
void
cvx_ssn_sigma_range (const fit_ws *w, const double *x, int continues,
                     double *sigma0, double *sigma_max)
{
  double xf = 0.0, cmin = HUGE_VAL, cmax = 0.0;
  for (size_t col = 0; col < w->da; col++)
    {
      const double c2 = cvx_fw_nrm2 (w->X + col * w->n, w->n);
      xf += c2 * c2;
      cmax = fmax (cmax, c2 * c2);
      if (c2 > 0.0)
        cmin = fmin (cmin, c2 * c2);
    }
  *sigma0 = xf > 0.0 ? (double) w->da / xf : 1.0;
  *sigma_max = 1e5 * (cmin < HUGE_VAL ? 1.0 / cmin : *sigma0);
  *sigma0 = fmin (fmax (*sigma0, warm_sigma (w, x, cmax, continues)),
                  *sigma_max);
  /* a later working set of the same fit: warm_sigma's rule, tuned where
   * the whole pool is one working set, can start far above what the
   * last solve's Newton steps could handle.  Relu, n = 1e4, d = 100,
   * 1000 sampled patterns, 1e-2 lambda_max: the first solve (16
   * patterns) ended at sigma 0.027, the next started at 2.97, its
   * psi gradient 1e6, and took 1124 iterations of failing 50-step
   * subproblems; started at 0.027, 135 (and 512 patterns reached in 353
   * s instead of 64 in 294 s).  n = 5000, d = 19, relu: 1e-2 87 -> 68
   * iterations, 4.5 -> 3.6 s; 1e-3 434 -> 314, 22.8 -> 22.0 s; 1e-1
   * 16 -> 21, 0.8 -> 1.0 s.  Gated, n = 1e4, d = 100: 1e-3 95 -> 88
   * iterations (at 1e-2 its warm starts are below it already). */
  if (w->sh->sigma_last > 0.0 && !continues)
    *sigma0 = fmin (*sigma0, w->sh->sigma_last);
}

/* A warm start's sigma, tempered where the loss's conjugate has a
 * bounded domain (logistic, cross-entropy).  warm_sigma assumes the
 * start's dual excess |A_g'y| - lam on its active groups is small next to
 * lam, as at the next lambda of a fine path; from a lambda 4.6 times
 * larger (breast cancer, relu, logistic) the first multiplier step
 * x = prox (x - sigma A'y) moved them 100 times their size, and each
 * subproblem after it ran to 50 damped Newton steps (psi's gradient 1e5
 * where a cold start's is 1e3): 564 iterations where the cold start took
 * 68.  The squared loss's h* is quadratic and its Newton steps are not
 * damped by a domain, so such a start costs it a step or two (the same
 * path, relu: warm 25 iterations, cold 35), and its sigma is left as is.
 * The first prox is computed (one product with the working set), and
 * sigma is scaled down so that it moves the active groups by at most 10
 * times |x| (the move is about linear in sigma); new groups, zero in x,
 * do not count: a grown pool's violated patterns enter there. */
void
cvx_ssn_temper_sigma (ssn_ws *s, const double *x)
{
  const size_t da = s->w->da;
  double x2 = 0.0, dx2 = 0.0;
  if (!s->logistic && !s->ce)
    return;
  for (size_t j = 0; j < s->nv; j++)
    x2 += x[j] * x[j];
  if (!(x2 > 0.0))
    return;
  cvx_ssn_psi_eval (s, x, s->y);
  for (size_t col = 0; col < s->nv / da; col++)
    if (cvx_fw_nonzero (x + col * da, da))
      for (size_t b = col * da; b < (col + 1) * da; b++)
        dx2 += (s->xt[b] - x[b]) * (s->xt[b] - x[b]);
  if (dx2 > 100.0 * x2)
    s->sigma *= 10.0 * sqrt (x2 / dx2);
}

/* sigma after a subproblem, at the new multiplier x: times GROW (1 when
 * the subproblem was not solved: an inexact one at a large sigma moves
 * the multiplier by sigma times its error), within two caps.
 * The multiplier step x = prox(x - sigma A'y) cancels sigma lam in every
 * active group: its rounding, eps sigma lam, is kept 1e-4 tol of the
 * largest group, within [1e-12, 1e-10] (so sigma may grow further where
 * lam is small).  1e-12 for every tol held the default fits (tol 1e-6)
 * where the ALM converges at 1-2% of the gap an outer step (the relu
 * path on diabetes, its 35th lambda: 'stalled' at a relative gap of
 * 1.09e-6 after 370 iterations; at 1e-10 every point is solved, the
 * path in 2371 iterations instead of 2955); 1e-10 for every tol cost the
 * fits asked for 1e-9 and 1e-10 (cvxnn_dual, cvxnn_certify) the digits
 * they need.
 * A subproblem that ended at rounding's floor short of eps says sigma is
 * past what the data's digits allow: the map y -> A x(y) has Lipschitz
 * constant sigma |A J A'|, so rounding in y reaches grad psi magnified by
 * it (relu at 1e-4 lambda_max: |grad psi| floored at 1e-8 with sigma
 * 1.7e5, and the certificates, whose violations move by |X| / lambda
 * times that, wobbled between gaps of 2e-6 and 6e-6 until the solve was
 * declared stalled).  Ten times smaller, and never above that again
 * (*sigma_cap), the ALM goes on converging linearly at digits it can
 * resolve. */
void
cvx_ssn_next_sigma (ssn_ws *s, const double *x, double sigma_max,
                    double grow, double tol, double *sigma_cap)
{
  const fit_ws *w = s->w;
  double xmax = 0.0;
  for (size_t col = 0; col < w->G * w->K; col++)
    xmax = fmax (xmax, cvx_fw_nrm2 (x + col * w->da, w->da));
  const double rel = fmin (fmax (1e-4 * tol, 1e-12), 1e-10);
  const double smax = fmax (sigma_max,
                            rel * xmax / (DBL_EPSILON * w->o->lambda));
  if (s->floored)
    {
      *sigma_cap = s->sigma / 10.0;
      s->sigma = *sigma_cap;
    }
  if (grow > 1.0)
    s->sigma = fmin (grow * s->sigma, fmin (smax, *sigma_cap));
}

/* After a subproblem that ended its steps far from solved (gradient above
 * a tenth of its start G0, CONV not set, not at rounding's floor): 1, and
 * sigma cut to a tenth, for the subproblem to be solved again from its y
 * with no multiplier step; else 0.  The step from such a subproblem moved
 * x by sigma times an error as large as the start's (4000 x 20 planted,
 * 50 patterns, relu, 1.8e-4 lambda_max: the objective 11 -> 4.6e3 from a
 * seed start, 1113 iterations, 276 s; with the retry 747, 183 s; relu on
 * diabetes with columns scaled 1e3 and 1e-3 apart, 1e-2 of its
 * lambda_max: stalled at a gap of 1.4e-2 after 59 s, now solved in 169
 * s).  The fits whose subproblems converge do not change. */
int
cvx_ssn_retry (ssn_ws *s, int conv, double g0)
{
  if (conv || s->floored
      || cvx_fw_nrm2 (s->grad, s->w->n * s->w->K) <= 0.1 * g0)
    return 0;
  s->sigma /= 10.0;
  return 1;
}
