/* cvxnn core: the convex fit's certificate (MATH 2.5, 4.3) and its
 * record in the history and the log.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lam = -grad L(F), c_k = max over patterns and signs of
 * |Pi_Ki(+-X' D_i Lam_k)| (relu) or |X' D_i Lam_k| (gated), Lam scaled
 * into the dual feasible set, gap = primal - dual (MATH 1.5).
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"
#include "cvxnn_fit_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An upper bound on max over the signs of |Pi_Ki(+-g)|, g = X' D_i Lam_k,
 * for pattern i of output k (gn = |g|): |Pi_K g| <= |g|, and the norms
 * kept at the last g projected (the projection is 1-Lipschitz). */
static double
relu_bound (const fit_ws *w, size_t k, size_t i, const double *g, double gn)
{
  const size_t slot = 2 * (k * w->P + i);
  const double *gl = w->cg + (k * w->P + i) * w->da;
  return fmin (gn, cvx_fw_proj_bound (fmax (w->cn[slot], w->cn[slot + 1]),
                                      g, gl, w->da));
}

/* max over the signs of |Pi_Ki(+-g)| for pattern i of output k where it
 * exceeds below; else an upper bound on it that does not (ub:
 * relu_bound's).  work, buf: the calling thread's (cvx_fw_thread_work);
 * it writes only pattern i's entries of w. */
static double
relu_constraint (fit_ws *w, size_t k, size_t i, const double *g, double ub,
                 double below, double *work, double *buf)
{
  const size_t n = w->n, P = w->P, da = w->da, slot = 2 * (k * P + i);
  double *zbuf = buf, *pbuf = buf + da;
  if (ub <= below)
    return ub;
  double ci = 0.0;
  for (int s = 0; s <= 1; s++)
    {
      for (size_t b = 0; b < da; b++)
        zbuf[b] = s ? g[b] : -g[b];
      /* the second sign matters only where it exceeds the first's */
      cvx_cone_project_x (w->X, n, da, w->D + i * n, zbuf, pbuf, work, NULL,
                          w->cact + (slot + s) * da, w->cnact + slot + s,
                          w->cmax, fmax (below, ci));
      w->cn[slot + s] = cvx_fw_nrm2 (pbuf, da);
      ci = fmax (ci, w->cn[slot + s]);
    }
  memcpy (w->cg + (k * P + i) * da, g, da * sizeof (double));
  return ci;
}

/* The k largest constraint values above lambda found so far, a min-heap
 * (cvx_top_offer; k 0: not kept) */
typedef struct {
  double *v;
  size_t n, k;
} top_values;

/* below it a value is not among the k largest */
static double
top_floor (const top_values *t)
{
  return t->k > 0 && t->n == t->k ? t->v[0] : 0.0;
}

/* decreasing bounds, NaN first; ties by pattern, for the same order on
 * every libc */
static int
by_bound (const void *pa, const void *pb)
{
  const cert_rank *a = pa, *b = pb;
  const double ua = isnan (a->ub) ? HUGE_VAL : a->ub;
  const double ub = isnan (b->ub) ? HUGE_VAL : b->ub;
  if (ua != ub)
    return ua < ub ? 1 : -1;
  return (a->i > b->i) - (a->i < b->i);
}

/* The patterns r[a0..a1-1] of output k, each projected with its below
 * (ci: their values or bounds), on w->nthr threads: each writes only its
 * pattern's entries.  0 when Ctrl-C (polled by the calling thread, as
 * the host's poll is not thread safe) cut it short. */
static int
relu_chunk (fit_ws *w, size_t k, const cert_rank *r, size_t a0, size_t a1,
            const double *below, double *ci)
{
  const size_t P = w->P, da = w->da;
  int stop = 0;
#ifdef _OPENMP
#pragma omp parallel num_threads (w->nthr) if (w->nthr > 1 && a1 - a0 > 1)
#endif
  {
    const int me = cvx_fw_thread_id ();
    double *work = cvx_fw_thread_work (w, me);
    double *buf = cvx_fw_thread_buf (w, me);
    const long b0 = (long) a0, b1 = (long) a1;
#ifdef _OPENMP
#pragma omp for schedule (dynamic, 1)
#endif
    for (long a = b0; a < b1; a++)
      {
        /* two cone projections a pattern, 2000 patterns at n = 2e4 are
         * a minute: Ctrl-C is polled here too */
        if (cvx_fw_par_halt (w, me, &stop))
          continue;
        const size_t i = r[a].i;
        ci[a - b0] = relu_constraint (w, k, i, w->Gm + (k * P + i) * da,
                                      r[a].ub, below[a - b0], work, buf);
      }
  }
  return !stop;
}

/* c_k = max over patterns and signs of |Pi_Ki(+-X' D_i Lam_k)| for the
 * relu model; cpat (may be NULL) as in certificate, with rc's topk and
 * skip.  The patterns go in decreasing order of their bounds: a
 * projection stops once it is known to stay below what it is needed for
 * (the largest value so far, lambda, the topk-th largest value), and in
 * this order those are large early.  Counted (n = 1e4, d = 100, 1000
 * patterns, the zero start, k = 34): 182 Lawson-Hanson steps a
 * projection before, 65 after; that certificate 39 -> 16 s.  The
 * patterns go in chunks of 1, 2, 4, 8 and then 16 where there are
 * threads, side by side within a chunk (relu_chunk), each with the
 * thresholds of the chunk's start, so that the values do not depend on
 * how many threads there are, two or more (with the prox's threads, the
 * relu fits at n = 1e4, d = 101, 1000 patterns, lambda_max / 20 of the
 * relu and of the gated model: 85 -> 62 s and 23 -> 17 s on two cores).
 * Returns 0 when Ctrl-C cut it short. */
static int
relu_output (fit_ws *w, recorder *rc, size_t k, double *cpat, top_values *top,
             double *ck)
{
  enum { CHUNK = 16 };
  const size_t P = w->P, da = w->da;
  const double lim = cpat ? w->o->lambda : HUGE_VAL;
  cert_rank *r = rc->rank;
  for (size_t i = 0; i < P; i++)
    {
      const double *g = w->Gm + (k * P + i) * da;
      r[i].ub = relu_bound (w, k, i, g, cvx_fw_nrm2 (g, da));
      r[i].i = i;
    }
  qsort (r, P, sizeof *r, by_bound);
  double c = 0.0, below[CHUNK], ci[CHUNK];
  int outside[CHUNK];
  /* one thread: one at a time, each with the thresholds of the ones
   * before it */
  const size_t most = w->nthr > 1 ? CHUNK : 1;
  for (size_t a0 = 0, chunk = 1; a0 < P;
       a0 += chunk, chunk = chunk < most ? 2 * chunk : most)
    {
      const size_t a1 = P - a0 < chunk ? P : a0 + chunk;
      for (size_t a = a0; a < a1; a++)
        {
          const size_t i = r[a].i;
          outside[a - a0] = !(cpat && rc->skip && rc->skip[i]);
          below[a - a0] = outside[a - a0]
                          ? fmin (c, fmax (lim, top_floor (top))) : c;
        }
      if (!relu_chunk (w, k, r, a0, a1, below, ci))
        return 0;
      for (size_t a = a0; a < a1; a++)
        {
          const size_t i = r[a].i;
          const double v = ci[a - a0];
          c = fmax (c, v);
          if (cpat)
            {
              cpat[i] = fmax (cpat[i], v);
              /* only exact values (above below) may raise the floor: a
               * bound that did would let the next projections stop
               * higher still */
              if (outside[a - a0] && v > lim && v > below[a - a0])
                cvx_top_offer (top->v, NULL, top->k, &top->n, v, i);
            }
        }
    }
  *ck = c;
  return 1;
}

/* Certificate at F (MATH 2.5): fills dual, c (max constraint / lambda).
 * cpat (P, may be NULL) receives per pattern the largest constraint value
 * over outputs and signs where it may exceed lambda, else an upper bound
 * below lambda (enough to find the violated patterns).  Relu, rc->topk >
 * 0: exact only for the topk largest (output, pattern) values of the
 * patterns outside rc->skip; the others get upper bounds at most the
 * smallest of those. */
static void
certificate (fit_ws *w, recorder *rc, const double *F, double *dual,
             double *cmax, double *cpat)
{
  const size_t n = w->n, K = w->K, P = w->P, da = w->da;
  const double lam = w->o->lambda;
  double *Lam = rc->Lam, *ck = rc->ck;
  cvx_loss_value (w->o->loss, F, w->Y, n, K, Lam);       /* Lam = grad */
  for (size_t j = 0; j < n * K; j++)
    Lam[j] = -Lam[j];
  cvx_fw_backward (w, Lam);                                /* X' D_i Lam_k */
  top_values top = { rc->top, 0, cpat ? rc->topk : 0 };
  if (cpat)
    for (size_t i = 0; i < P; i++)
      cpat[i] = 0.0;
  for (size_t k = 0; k < K && !w->sh->cut; k++)
    {
      if (w->o->model == CVX_MODEL_RELU)
        {
          relu_output (w, rc, k, cpat, &top, ck + k);
          continue;
        }
      double c = 0.0;
      for (size_t i = 0; i < P; i++)
        {
          const double ci = cvx_fw_nrm2 (w->Gm + (k * P + i) * da, da);
          c = fmax (c, ci);
          if (cpat)
            cpat[i] = fmax (cpat[i], ci);
        }
      ck[k] = c;
    }
  if (w->sh->cut)
    {
      /* a product or certificate cut short (Ctrl-C) bounds nothing */
      *dual = -HUGE_VAL;
      *cmax = HUGE_VAL;
      return;
    }
  double m = 0.0;
  for (size_t k = 0; k < K; k++)
    m = ck[k] > m ? ck[k] : m;
  *cmax = m / lam;
  /* scale into the feasible set: per output where the dual separates
   * (squared loss), uniformly where the domain couples outputs (MATH 1.5:
   * a factor in [0,1] keeps Lam in every loss's domain) */
  for (size_t k = 0; k < K; k++)
    {
      double s = w->o->loss == CVX_LOSS_SQUARED ? ck[k] : m;
      s = s > lam ? lam / s : 1.0;
      for (size_t j = 0; j < n; j++)
        Lam[k * n + j] *= s;
    }
  *dual = cvx_loss_dual (w->o->loss, Lam, w->Y, n, K);
}

/* Whether the relu constraint values keep their digits: they are norms
 * of cone projections, differences of vectors as long as |X' D y|, and
 * with columns of X whose largest entries are 1e10 apart (diabetes with
 * columns scaled by 1e5 and 1e-5) the bound at -y came out 3e-5 above the
 * objective of a network over the same patterns.  Up to 1e6 apart (where
 * cvxnn_fit warns of the scaling; breast cancer as stored: 1e5) they are
 * taken to.  Gated constraint values are norms of X' D y itself. */
static int
columns_resolved (const fit_ws *w)
{
  if (w->o->model != CVX_MODEL_RELU)
    return 1;
  double small, big;
  cvx_cone_colrange (w->cmax, w->da, &small, &big);
  return big <= 1e6 * small;
}

/* The bound at the Newton solver's dual point -y (MATH 1.5: any point
 * scaled into the feasible set bounds the optimum), where the one at the
 * residual falls short of the tolerance: -inf where there is none.  Near
 * the optimum the residual's dual point carries the rounding of x, which
 * grows with the penalty sigma (the multiplier step cancels sigma lam in
 * every group), magnified in the constraints by |X| / lambda: relu on
 * breast cancer as stored, its columns up to 2.5e3, stopped 'stalled' at
 * relative gaps of 5e-6 to 8e-3 while the objective stood still to 8
 * digits; the bound at -y stood at 80.74395655 against the objective's
 * 80.74395657.  Squared loss only: there -y is -grad L at F = Y + y. */
static double
dual_at_y (fit_ws *w, recorder *rc, double primal, double dual)
{
  const fit_shared *sh = w->sh;
  const size_t nk = w->n * w->K;
  const double rel = (primal - dual) / fmax (fabs (primal), 1.0);
  if (!sh->has_y || w->o->loss != CVX_LOSS_SQUARED || sh->cut
      || !(rel > 1e-2 * w->o->tol) || rel > 1e-2 || !columns_resolved (w))
    return -HUGE_VAL;
  for (size_t j = 0; j < nk; j++)
    sh->ybuf[j] = w->Y[j] + sh->ydual[j];
  double dy, cy;
  certificate (w, rc, sh->ybuf, &dy, &cy, NULL);
  return dy;
}

/* lambda_max over the patterns of w: the largest dual constraint value
 * at the zero network (MATH 2.5), for a fit that starts elsewhere (F0:
 * n K scratch).  NaN when Ctrl-C cut it short. */
double
cvx_fw_lambda_max (fit_ws *w, recorder *rc, double *F0)
{
  double dual, cm;
  memset (F0, 0, w->n * w->K * sizeof (double));
  certificate (w, rc, F0, &dual, &cm, NULL);
  return w->sh->cut ? NAN : cm * w->o->lambda;
}

/* Certificate of x (F = its model output) over the patterns of w,
 * recorded in info (full scope only), in the history and in the log;
 * returns the relative gap.  tag: ' ' full problem, 'w' working set,
 * '*' polished working-set point. */
double
cvx_fw_record_point (fit_ws *w, recorder *rc, const double *x,
                     const double *F, long it, double eta, cvx_fit_info *info,
                     char tag, int full, int show)
{
  const cvx_ctx *c = w->c;
  double dual, cm;
  certificate (w, rc, F, &dual, &cm, full ? rc->cpat : NULL);
  /* F from a product that Ctrl-C cut short is no model output */
  const double primal = w->sh->partial ? NAN
    : cvx_loss_value (w->o->loss, F, w->Y, w->n, w->K, NULL)
      + cvx_fw_penalty (w, x);
  rc->primal = primal;
  /* a bound above the objective says the constraints' digits are gone
   * (columns scaled 1e5 apart: -y's bound came out 3e-5 above it), and
   * then it proves nothing */
  const double dy = dual_at_y (w, rc, primal, dual);
  if (dy > dual && dy <= primal)
    dual = dy;
  /* a certificate Ctrl-C cut short bounds nothing, and its row says so
   * (the fit reports the last full one's bound): the partial maximum had
   * a row claim 751.1 where the last valid bound was 721.3
   * (tests/interrupt.tst, Ctrl-C after 46 polls) */
  if (w->sh->cut)
    dual = NAN;
  const double gap = primal - dual;
  const double rel = gap / (fabs (primal) > 1.0 ? fabs (primal) : 1.0);
  const size_t act = cvx_fw_count_active (w, x);
  if ((long) info->nhist < rc->cap)
    {
      double *h = rc->hist + info->nhist * CVX_FIT_HIST_COLS;
      h[0] = (double) it;
      h[1] = primal;
      h[2] = dual;
      h[3] = rel;
      h[4] = (double) act;
      h[5] = eta;
      h[6] = cvx_now (c) - rc->t0;
      h[7] = (double) rc->wsize;
      h[8] = full ? 1.0 : 0.0;
      info->nhist++;
    }
  if (full)
    {
      info->primal = primal;
      info->active = act;
      /* a certificate cut short by Ctrl-C leaves the last full one's
       * bound, valid for the problem whatever the point */
      if (!w->sh->cut)
        {
          info->dual = dual;
          info->gap = gap;
          info->relgap = rel;
          info->violation = cm;
        }
    }
  if (w->o->display && c->progress && show)
    {
      char line[200];
      if (rc->shown++ % 25 == 0)
        {
          snprintf (line, sizeof line,
                    " %8s | %14s | %14s | %10s | %6s | %7s | %9s | %8s",
                    "iter", "objective", "dual bound", "rel gap", "active",
                    "pattern", "step", "time [s]");
          c->progress (c->host, line);
        }
      snprintf (line, sizeof line,
                " %7ld%c | %14.8e | %14.8e | %10.3e | %6zu | %7zu | %9.3e | %8.3f",
                it, tag, primal, dual, rel, act, rc->wsize, eta,
                cvx_now (c) - rc->t0);
      c->progress (c->host, line);
    }
  return w->sh->cut ? HUGE_VAL : rel;
}
