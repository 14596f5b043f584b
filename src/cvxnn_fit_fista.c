/* cvxnn core: FISTA for the convex fit, with the active-set polish.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FISTA with a fixed step 1/L and gradient-mapping restart (MATH 4.4,
 * 9.2) on the patterns of a working set; the prox of t|.| + i_K is the
 * group shrink of the projection onto K (MATH 4.4, Moreau), so iterates
 * of the relu model are exactly feasible.  Once the support settles, the
 * active-set Newton polish (cvxnn_fit_polish.c) solves the reduced
 * problem.
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"
#include "cvxnn_fit_internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* A signature of the support (which groups are nonzero), to notice when
 * the support has changed since the last polish. */
static uint64_t
support_hash (const fit_ws *w, const double *U)
{
  uint64_t h = UINT64_C (1469598103934665603);
  for (size_t col = 0; col < w->G * w->K; col++)
    if (cvx_fw_nrm2 (U + col * w->da, w->da) > 0.0)
      h = (h ^ (uint64_t) col) * UINT64_C (1099511628211);
  return h;
}

/* FISTA's state on a working set: the iterate x (the caller's), the
 * extrapolated point y, the trial xn, their model outputs, scratch. */
typedef struct {
  fit_ws *w;
  size_t nv, nk;
  double *x, *y, *xn, *Z, *Fx, *Fy, *Fn, *R, *gb;
  double eta, t;
} fista_ws;

/* When to polish, and what the last polish left */
typedef struct {
  double last_rel;         /* the gap at the last polish                 */
  int gap_tries, support_tries, last_ok;
  uint64_t support;        /* support of the point last polished         */
  long at;                 /* its FISTA iteration (from the solve's start) */
} polish_sched;

/* One FISTA step from y with step eta (backtracking only shrinks it),
 * then the momentum, restarted when it points uphill (O'Donoghue and
 * Candes); x and Fx become the step's prox output. */
static void
fista_step (fista_ws *f)
{
  fit_ws *w = f->w;
  const cvx_fit_opts *o = w->o;
  const size_t n = w->n, K = w->K, da = w->da, nv = f->nv, nk = f->nk;
  const double fy = cvx_loss_value (o->loss, f->Fy, w->Y, n, K, f->R);
  cvx_fw_backward (w, f->R);
  if (w->sh->cut)
    return;                  /* Ctrl-C cut the product short: no step */
  double fn = 0.0;
  for (int bt = 0; bt < 60; bt++)
    {
      for (size_t k = 0; k < K; k++)
        for (size_t g = 0; g < w->G; g++)
          {
            const double *gc = cvx_fw_grad_col (w, k, g, f->gb);
            const double *yc = f->y + (k * w->G + g) * da;
            double *zc = f->Z + (k * w->G + g) * da;
            for (size_t b = 0; b < da; b++)
              zc[b] = yc[b] - f->eta * gc[b];
          }
      cvx_fw_prox (w, f->Z, f->eta, f->xn, f->x);
      cvx_fw_forward (w, f->xn, f->Fn);
      if (w->sh->cut)
        return;                         /* x stays where it was */
      fn = cvx_loss_value (o->loss, f->Fn, w->Y, n, K, NULL);
      /* sufficient decrease: f(xn) <= f(y) + <g, xn-y> + |xn-y|^2/2eta */
      double lin = 0.0, quad = 0.0;
      for (size_t k = 0; k < K; k++)
        for (size_t g = 0; g < w->G; g++)
          {
            const double *gc = cvx_fw_grad_col (w, k, g, f->gb);
            const double *yc = f->y + (k * w->G + g) * da;
            const double *xc = f->xn + (k * w->G + g) * da;
            for (size_t b = 0; b < da; b++)
              {
                const double dlt = xc[b] - yc[b];
                lin += gc[b] * dlt;
                quad += dlt * dlt;
              }
          }
      if (fn <= fy + lin + quad / (2.0 * f->eta)
                 + 64.0 * DBL_EPSILON * (fabs (fy) + fabs (fn)))
        break;
      f->eta *= 0.5;
    }
  double dot = 0.0;
  for (size_t j = 0; j < nv; j++)
    dot += (f->y[j] - f->xn[j]) * (f->xn[j] - f->x[j]);
  double beta;
  if (dot > 0.0)
    {
      f->t = 1.0;
      beta = 0.0;
    }
  else
    {
      const double tn = 0.5 * (1.0 + sqrt (1.0 + 4.0 * f->t * f->t));
      beta = (f->t - 1.0) / tn;
      f->t = tn;
    }
  /* y may leave the cones (relu): only prox outputs must be feasible,
   * and F(y) is exact because the model is linear in the variables */
  for (size_t j = 0; j < nv; j++)
    f->y[j] = f->xn[j] + beta * (f->xn[j] - f->x[j]);
  for (size_t j = 0; j < nk; j++)
    f->Fy[j] = f->Fn[j] + beta * (f->Fn[j] - f->Fx[j]);
  memcpy (f->x, f->xn, nv * sizeof (double));
  memcpy (f->Fx, f->Fn, nk * sizeof (double));
}

/* Polish x when the gap has shrunk well below the last polish's, or when
 * FISTA has moved to another support since (a polish on a support missing
 * a pattern leaves a gap that FISTA's small fixed steps close slowly; the
 * new support usually has it).  A polished point that is better replaces
 * x (FISTA restarts from it) and *rel becomes its gap. */
static int
maybe_polish (fista_ws *f, polish_sched *ps, recorder *rc, long it,
              long k_in, long every, double tol, cvx_fit_info *info,
              double *rel)
{
  fit_ws *w = f->w;
  const cvx_fit_opts *o = w->o;
  const size_t n = w->n, K = w->K;
  const uint64_t sup = support_hash (w, f->x);
  const int by_gap = ps->gap_tries < 40 && *rel <= 0.3 * ps->last_rel;
  /* by support only after a polish that worked: one refused (too many
   * unknowns) would be refused again, and the budget of the gap trigger
   * must not go to those */
  const int by_support = !by_gap && ps->last_ok && ps->support_tries < 20
                         && sup != ps->support && k_in - ps->at >= 5 * every;
  if (!(*rel > tol && *rel <= 0.5 && (by_gap || by_support)
        && it != w->sh->polished_it))
    return CVX_OK;
  int perr = CVX_OK;
  ps->last_rel = *rel;
  ps->gap_tries += by_gap;
  ps->support_tries += by_support;
  ps->support = sup;
  ps->at = k_in;
  w->sh->polished_it = it;
  ps->last_ok = cvx_fw_polish (w, f->x, f->xn, &perr);
  if (!ps->last_ok)
    return perr;
  cvx_fw_forward (w, f->xn, f->Fn);
  if (w->sh->cut)
    return CVX_OK;             /* Fn cut short: the polished point unused */
  const double rel2 = cvx_fw_record_point (w, rc, f->xn, f->Fn, it, f->eta,
                                           info, '*', 0, 1);
  /* a polish on a stale support can certify better than FISTA's current
   * point yet sit above it: jumping back there would undo FISTA's
   * progress, over and over */
  const double px = cvx_loss_value (o->loss, f->Fx, w->Y, n, K, NULL)
                    + cvx_fw_penalty (w, f->x);
  const double pn = cvx_loss_value (o->loss, f->Fn, w->Y, n, K, NULL)
                    + cvx_fw_penalty (w, f->xn);
  if (pn < px || (rel2 < *rel && pn <= px + 4.0 * DBL_EPSILON * fabs (px)))
    {
      memcpy (f->x, f->xn, f->nv * sizeof (double));
      memcpy (f->y, f->xn, f->nv * sizeof (double));
      memcpy (f->Fx, f->Fn, f->nk * sizeof (double));
      memcpy (f->Fy, f->Fn, f->nk * sizeof (double));
      f->t = 1.0;
      *rel = rel2;
    }
  return CVX_OK;
}

/* After the Newton solver stalled: whether 200 iterations went by
 * without the gap falling by 1% or the objective by 1e-6 of itself, or
 * 2000 without the gap falling by 1% whatever the objective did.
 * Where FISTA rescues a stalled Newton solve it does so within tens of
 * iterations (the grid's one case: 40); 1000 iterations without progress
 * were 3.5 s of nothing in a default relu path at 1e-4 lambda_max, and
 * minutes at larger n.  Relu from a seed network with columns scaled 1e6
 * and 1e-6 apart went on for 10000 iterations a round at a relative gap
 * of 0.9999 while the objective crept from 49 to 38, 608 s in all
 * (REL: the gap at f->x; the gap at its last 1% fall and when that
 * was in *REL_BEST, *GAP_AT; the best objective in *OBJ_BEST, and when
 * either last fell in *BEST_AT). */
static int
plateau (const fista_ws *f, double rel, long k_in, double *rel_best,
         double *obj_best, long *best_at, long *gap_at)
{
  const fit_ws *w = f->w;
  const double obj = cvx_loss_value (w->o->loss, f->Fx, w->Y, w->n, w->K, NULL)
                     + cvx_fw_penalty (w, f->x);
  /* REL_BEST moves only when the gap falls by 1%: a gap creeping down by
   * less at each check still counts once its creep adds up to 1% */
  const int gap_fell = rel < 0.99 * *rel_best;
  if (gap_fell)
    {
      *rel_best = rel;
      *gap_at = k_in;
    }
  if (gap_fell || obj < *obj_best - 1e-6 * fabs (*obj_best))
    {
      *obj_best = fmin (obj, *obj_best);
      *best_at = k_in;
    }
  return k_in - *best_at >= 200 || k_in - *gap_at >= 2000;
}

/* FISTA (+ polishing) on the patterns of w, from x, until the relative
 * gap over those patterns is <= tol, the iteration budget is spent or the
 * user interrupts.  *it counts iterations across calls. */
int
cvx_fw_inner_solve (fit_ws *w, recorder *rc, double *x, double tol,
                    long max_it, long *it, cvx_fit_info *info, int *status)
{
  const int after_ssn = cvx_fw_ssn_takes (w->o);
  if (after_ssn)
    {
      /* Newton first; where it stalls short of tol (rounding in its
       * multiplier step, or a slow tail on degenerate relu problems), its
       * point goes on to FISTA and the polish below */
      const int sst = cvx_fit_ssn (w, rc, x, tol, max_it, it, info, status);
      if (sst || *status != CVX_FIT_MAXITER || *it >= max_it)
        return sst;
    }
  const cvx_ctx *c = w->c;
  const cvx_fit_opts *o = w->o;
  const size_t n = w->n, K = w->K, da = w->da;
  int st = CVX_OK;
  cvx_alloc_list al = { c, { 0 }, 0 };
  fista_ws f;
  f.w = w;
  f.x = x;
  f.nv = w->G * K * da;
  f.nk = n * K;
  AL_GET (al, f.y, 2 * f.nv * sizeof (double));
  f.xn = f.y + f.nv;
  AL_GET (al, f.Z, f.nv * sizeof (double));
  AL_GET (al, f.Fx, 3 * f.nk * sizeof (double));
  f.Fy = f.Fx + f.nk;
  f.Fn = f.Fy + f.nk;
  AL_GET (al, f.R, f.nk * sizeof (double));
  AL_GET (al, f.gb, da * sizeof (double));

  /* Fixed step 1/L, L = (loss curvature bound) |M_W|^2 (x2 for the v - w
   * split of relu), with a margin for the power iteration converging from
   * below.  The duality gap is first order in the iterate error, so a
   * 1e-8 gap needs iterates that agree to ~1e-8, where objective values
   * differ by ~1e-16: a step chosen by comparing objective values stalls
   * there, a fixed step does not.  Backtracking stays as a safeguard that
   * only shrinks the step. */
  const double curv = o->loss == CVX_LOSS_SQUARED ? 1.0
                      : o->loss == CVX_LOSS_LOGISTIC ? 0.25 : 0.5;
  const double L = 1.05 * curv * cvx_fw_operator_norm2 (w, f.Fn)
                   * (o->model == CVX_MODEL_RELU ? 2.0 : 1.0);
  f.eta = L > 0.0 ? 1.0 / L : 1.0;
  const double eta0 = f.eta;
  if (w->sh->cut)
    {
      *status = CVX_FIT_INTERRUPTED;  /* during the step's estimate */
      goto done;
    }
  f.t = 1.0;
  const long every = o->check_every > 0 ? o->check_every : 10;
  polish_sched ps = { HUGE_VAL, 0, 0, 0, 0, 0 };
  const long it0 = *it;
  /* after the Newton solver stalled: the best gap and objective, and when
   * either last fell (by 1%, by 1e-6 of itself); 200 iterations without
   * end the solve, 'stalled' */
  double rel_best = HUGE_VAL, obj_best = HUGE_VAL;
  long best_at = 0, gap_at = 0;

  memcpy (f.y, x, f.nv * sizeof (double));
  cvx_fw_forward (w, x, f.Fx);
  memcpy (f.Fy, f.Fx, f.nk * sizeof (double));
  *status = CVX_FIT_MAXITER;
  for (;; (*it)++)
    {
      const long k_in = *it - it0;
      if (k_in % every == 0 || *it >= max_it)
        {
          /* thin the log out as the solve gets long */
          const long stride = k_in < 100 ? 1 : k_in < 2000 ? 10 : 100;
          const int show = (k_in / every) % stride == 0;
          double rel = cvx_fw_record_point (w, rc, x, f.Fx, *it, f.eta, info,
                                            'w', 0, show);
          st = maybe_polish (&f, &ps, rc, *it, k_in, every, tol, info, &rel);
          if (st)
            goto done;
          if (rel <= tol)
            {
              *status = CVX_FIT_SOLVED;
              break;
            }
          if (*it >= max_it)
            break;
          if (after_ssn && plateau (&f, rel, k_in, &rel_best, &obj_best,
                                    &best_at, &gap_at))
            {
              *status = CVX_FIT_STALLED;
              break;
            }
        }
      if (cvx_interrupted (c))
        {
          *status = CVX_FIT_INTERRUPTED;
          break;
        }
      fista_step (&f);
      /* 1/L is a valid step: backtracking shrinks it only where rounding
       * hides the decrease, and a step 1e-6 of it moves nothing (seen
       * after the Newton solver stalls at lambda 1e-8 lambda_max: the
       * step fell to 1e-41 and 9700 iterations went by unchanged) */
      if (f.eta < 1e-6 * eta0)
        {
          *status = CVX_FIT_STALLED;
          break;
        }
    }
done:
  cvx_al_release (&al);
  return st;
}
