/* cvxnn core: convex training of two-layer ReLU networks.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Solves, over a fixed set of activation patterns D_1..D_P (MATH 4.1),
 *   gated (C-GReLU, MATH 4.5):  min L(sum_i D_i X u_i) + lam sum_i |u_i|
 *   relu  (C-ReLU,  MATH 4.2):  min L(sum_i D_i X (v_i - w_i))
 *                                   + lam sum_i (|v_i| + |w_i|),
 *                               v_i, w_i in K_i = {u : (2D_i - I) X u >= 0}
 * with one-vs-all outputs for K > 1 (each group feeds one output, MATH
 * 4.2 "scnn ... decoupled").  X here already holds the bias column.
 *
 * This file is the driver: a working set of patterns that grows with the
 * patterns the full certificate finds violated (the cutting planes of
 * MATH 4.3), each working-set problem solved by the Newton solver
 * (cvxnn_fit_ssn.c) or FISTA with the active-set polish
 * (cvxnn_fit_fista.c, cvxnn_fit_polish.c), on the model's operators
 * (cvxnn_fit_ops.c), and certified (cvxnn_fit_cert.c).
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"
#include "cvxnn_fit_internal.h"
#include "cvxnn_fit_ssn.h"

#include <math.h>
#include <string.h>

int
cvx_fw_init (fit_ws *w, const cvx_ctx *c, const double *X, size_t n,
             size_t da, const unsigned char *D, size_t P, const double *Y,
             size_t K, const cvx_fit_opts *o, double *xu, fit_shared *sh)
{
  memset (w, 0, sizeof *w);
  w->c = c;
  w->X = X;
  w->n = n;
  w->da = da;
  w->P = P;
  w->K = K;
  w->G = o->model == CVX_MODEL_RELU ? 2 * P : P;
  w->D = D;
  w->Y = Y;
  w->o = o;
  w->sh = sh;
  const size_t pk = P * K;
  w->XU = xu;
  w->xu_owned = !xu;
  double **slots[] = { &w->Gm, &w->Ueff, &w->cone_work, &w->zbuf, &w->XU };
  /* XU: one block of the products; a working set's (fewer patterns)
   * fits in the full set's, which it borrows */
  w->nthr = o->model == CVX_MODEL_RELU ? cvx_fw_threads (n, da) : 1;
  w->cws = cvx_cone_work_size (n, da);
  const size_t counts[] = { da * pk, da * pk,
                            (size_t) w->nthr * (w->cws + 2 * da),
                            da, n * cvx_fw_product_block (w, pk) };
  for (int k = 0; k < 4 + w->xu_owned; k++)
    {
      *slots[k] = c->alloc.malloc_fn (counts[k] * sizeof (double),
                                      c->alloc.ctx);
      if (!*slots[k])
        return CVX_ENOMEM;
    }
  w->ucol = c->alloc.malloc_fn (pk * sizeof (size_t), c->alloc.ctx);
  if (!w->ucol)
    return CVX_ENOMEM;
  if (o->model == CVX_MODEL_RELU)
    {
      const size_t np = w->G * K, nc = 2 * P * K;
      size_t **sl[] = { &w->pact, &w->pnact, &w->cact, &w->cnact };
      const size_t cnt[] = { np * da, np, nc * da, nc };
      for (int k = 0; k < 4; k++)
        {
          *sl[k] = c->alloc.malloc_fn (cnt[k] * sizeof (size_t), c->alloc.ctx);
          if (!*sl[k])
            return CVX_ENOMEM;
        }
      memset (w->pnact, 0, np * sizeof (size_t));
      memset (w->cnact, 0, nc * sizeof (size_t));
      double **dl[] = { &w->pz, &w->pn, &w->cg, &w->cn };
      const size_t dc[] = { np * da, np, pk * da, nc };
      for (int k = 0; k < 4; k++)
        {
          *dl[k] = c->alloc.malloc_fn (dc[k] * sizeof (double), c->alloc.ctx);
          if (!*dl[k])
            return CVX_ENOMEM;
        }
      for (size_t j = 0; j < np; j++)
        w->pn[j] = HUGE_VAL;
      for (size_t j = 0; j < nc; j++)
        w->cn[j] = HUGE_VAL;
      w->cmax = c->alloc.malloc_fn (da * sizeof (double), c->alloc.ctx);
      if (!w->cmax)
        return CVX_ENOMEM;
      cvx_cone_colmax (X, n, da, w->cmax);
    }
  return CVX_OK;
}

void
cvx_fw_free (fit_ws *w)
{
  const cvx_ctx *c = w->c;
  void *p[] = { w->xu_owned ? w->XU : NULL, w->Gm, w->Ueff, w->cone_work,
                w->zbuf, w->pact, w->pnact, w->cact, w->cnact, w->pz, w->pn,
                w->cg, w->cn, w->cmax, w->ucol };
  for (int k = 0; k < 15; k++)
    if (p[k])
      c->alloc.free_fn (p[k], c->alloc.ctx);
  memset (w, 0, sizeof *w);
}


size_t
cvx_fit_nvars (size_t da, size_t P, size_t K, int model)
{
  return da * P * K * (model == CVX_MODEL_RELU ? 2 : 1);
}

/* full layout group index of (pattern i, part s: 0 = v/u, 1 = w) */
static size_t
gidx (size_t P, size_t i, int part)
{
  return part ? P + i : i;
}

/* Copy the groups of the m working-set patterns widx between the full
 * layout U (P patterns) and the working-set layout xs (m patterns). */
static void
copy_working_set (double *U, double *xs, const size_t *widx, size_t m,
                  size_t P, size_t K, size_t parts, size_t da, int to_ws)
{
  for (size_t k = 0; k < K; k++)
    for (size_t a = 0; a < m; a++)
      for (size_t s = 0; s < parts; s++)
        {
          double *full = U + (k * parts * P + gidx (P, widx[a], (int) s)) * da;
          double *ws = xs + (k * parts * m + gidx (m, a, (int) s)) * da;
          if (to_ws)
            memcpy (ws, full, da * sizeof (double));
          else
            memcpy (full, ws, da * sizeof (double));
        }
}

/* Start feasible: every nonzero group of the start U projected onto its
 * cone (Ctrl-C polled between them: the groups not reached become zero).
 * A warm start has a few hundred nonzero groups of thousands; projecting
 * the zero ones, each with its own scan of X for the column scales, took
 * 4.9 s of a 50-point relu path on breast cancer. */
static void
project_start (fit_ws *wf, double *U)
{
  const size_t n = wf->n, da = wf->da, Gf = wf->G;
  for (size_t k = 0; k < wf->K; k++)
    for (size_t g = 0; g < Gf; g++)
      {
        double *col = U + (k * Gf + g) * da;
        if (cvx_fw_cut (wf))
          {
            memset (col, 0, da * sizeof (double));
            continue;
          }
        if (!cvx_fw_nonzero (col, da))
          continue;
        const size_t i = cvx_fw_pattern (wf, g);
        memcpy (wf->zbuf, col, da * sizeof (double));
        cvx_cone_project_x (wf->X, n, da, wf->D + i * n, wf->zbuf, col,
                            wf->cone_work, NULL, NULL, NULL, wf->cmax, 0.0);
      }
}

/* Whether U has a nonzero group of pattern i (any output, either part) */
static int
pattern_in_use (const fit_ws *w, const double *U, size_t i)
{
  const size_t P = w->P, parts = w->G / P;
  for (size_t k = 0; k < w->K; k++)
    for (size_t s = 0; s < parts; s++)
      if (cvx_fw_nrm2 (U + (k * w->G + gidx (P, i, (int) s)) * w->da, w->da)
          > 0.0)
        return 1;
  return 0;
}

/* Whether the Newton solver may start on every pattern: its first step
 * makes every group whose pattern violates the start's dual constraint
 * (cpat > lambda) active, up to da unknowns each, and an n x r system
 * over the budget sends it to FISTA (relu at n = 2000 on 2500 patterns,
 * 0.3 lambda_max: 1186 active groups, FISTA, 300 iterations 31 s to a
 * gap of 4e-2).  Past half the budget the working set grows from the
 * worst violators instead.  newton_unknowns: what a pattern adds to
 * that system (certified_top counts with it too). */
static double
newton_unknowns (const fit_ws *w)
{
  return (double) (w->G / w->P * w->K) * (double) w->da * (double) w->n;
}

static int
newton_on_all (const fit_ws *w, const double *cpat, const double *U)
{
  size_t count = 0;
  for (size_t i = 0; i < w->P; i++)
    count += cpat[i] > w->o->lambda || pattern_in_use (w, U, i);
  return (double) count * newton_unknowns (w) <= 0.5 * (double) CVX_SSN_BUDGET;
}

/* How many of the largest (output, pattern) constraint values the next
 * full certificate must give exactly (relu: each is two cone projections
 * run to the end): the next round adds the worst max(16, m) patterns
 * outside the working set, and at the start newton_on_all counts the
 * violated ones up to its budget.  K values a pattern: the a-th worst
 * pattern's value ranks at most (a - 1) K + 1 among them. */
static size_t
certified_top (const working_sets *ws, int start)
{
  const fit_ws *w = &ws->wf;
  double need = ws->m > 16 ? (double) ws->m : 16.0;
  if (start)
    need = fmax (need, floor (0.5 * (double) CVX_SSN_BUDGET
                              / newton_unknowns (w)) + 1.0);
  return (size_t) fmin (need, (double) w->P) * w->K;
}

/* The first working set: the patterns in use by U, or (all_patterns,
 * the Newton solver) every pattern.  The Newton solver's cost is in the
 * active groups, and the products over all patterns are a small part of
 * a step, while each new working set costs it a restart. */
static void
first_working_set (working_sets *ws, const double *U, int all_patterns)
{
  ws->m = 0;
  memset (ws->inW, 0, ws->wf.P);
  for (size_t i = 0; i < ws->wf.P; i++)
    if (all_patterns || pattern_in_use (&ws->wf, U, i))
      {
        ws->inW[i] = 1;
        ws->widx[ws->m++] = i;
      }
}

/* Adds up to max(16, m) of the patterns outside the working set whose
 * constraint cpat exceeds thr, the worst first; returns how many such
 * patterns there were. */
static size_t
grow_working_set (working_sets *ws, const double *cpat, double thr)
{
  const size_t P = ws->wf.P;
  size_t nv = 0;
  for (size_t i = 0; i < P; i++)
    if (!ws->inW[i] && cpat[i] > thr)
      ws->order[nv++] = i;
  if (nv == 0)
    return 0;
  size_t add = ws->m > 16 ? ws->m : 16;
  add = add < nv ? add : nv;
  for (size_t a = 0; a < add; a++)       /* partial selection */
    {
      size_t best = a;
      for (size_t b = a + 1; b < nv; b++)
        if (cpat[ws->order[b]] > cpat[ws->order[best]])
          best = b;
      const size_t tmp = ws->order[a];
      ws->order[a] = ws->order[best];
      ws->order[best] = tmp;
      ws->inW[ws->order[a]] = 1;
      ws->widx[ws->m++] = ws->order[a];
    }
  return nv;
}

static void
free_working_set (working_sets *ws)
{
  const cvx_ctx *c = ws->c;
  cvx_fw_free (&ws->wsub);
  if (ws->Dsub)
    c->alloc.free_fn (ws->Dsub, c->alloc.ctx);
  if (ws->xs)
    c->alloc.free_fn (ws->xs, c->alloc.ctx);
  ws->Dsub = NULL;
  ws->xs = NULL;
}

/* Grows the working set from the full certificate (cpat; relative gap
 * rel) and returns the next working-set solve's tolerance, -1 when no
 * solve can help (Tol may be 0). */
double
cvx_fit_next_round (working_sets *ws, fit_rounds *fr, const double *cpat,
                    double rel, const cvx_fit_opts *o, int ssn)
{
  const size_t m_before = ws->m;
  size_t nv = grow_working_set (ws, cpat, o->lambda * (1.0 + 1e-12));
  /* a working set solved at least as far as Tol whose full gap stays
   * above it, with nothing violated outside: the residual's dual point
   * says too little, and the patterns it nearly violates are those the
   * optimum needs (n = 1e4, d = 100, grown pool: a working set at 1e-6
   * and its full gap at 4.8e-4, solved on to 1e-11 in 60 s, the full gap
   * unchanged, until 3 patterns crossed lambda) */
  if (nv == 0 && fr->solves > 0 && fr->tol_prev <= o->tol)
    nv = grow_working_set (ws, cpat, o->lambda * (1.0 - 10.0 * rel));
  /* inexact while patterns are missing: well below the last full gap is
   * enough to tell which patterns to add next */
  double tol = nv ? fmax (fr->tol_in, 0.25 * rel) : fr->tol_in;
  /* the Newton solver's working set grown by at most 2%: nearly the
   * final one, and a solve to Tol spares the ALM a restart, which climbs
   * back from a small sigma (gated, n = 1e4, d = 100, 1000 sampled
   * patterns, 1e-2 lambda_max: 547 -> 548 patterns at a gap of 2.9e-3,
   * then solved at 7.1e-4 and again at Tol: 66 iterations, 14.1 s; now
   * 64, 12.7 s).  Any pattern that comes in later gets its round. */
  if (nv && ssn && fr->solves > 0 && 50 * (ws->m - m_before) <= m_before)
    tol = fmin (tol, o->tol);
  if (nv == 0 && fr->solves > 0)
    {
      /* nothing left to add: a tighter solve, unless the Newton solver
       * already had every pattern at the user's tolerance */
      if (fr->tol_in <= 1e-15 || (ssn && ws->m == ws->wf.P) || fr->stalled)
        return -1.0;
      if (fr->tol_prev > o->tol)
        /* after an inexact round: with no pattern outside the working
         * set violated, its gap is mostly the full one, and Tol is enough
         * (if not, the next round grows by the patterns nearly violated).
         * Asking for 0.1 Tol or 1e-3 Tol cost the last large-sigma steps
         * of the solve (n = 1e4, d = 100: 5.4e-7 at 111 s, 1e-8 at
         * 356 s) */
        tol = o->tol;
      else                      /* the working-set solve was too loose */
        tol = fr->tol_in *= 0.01;
    }
  fr->tol_prev = tol;
  return tol;
}

/* The relu warm starts of a working set's cone projections (each prox
 * group's active rows, last argument and norm; each certificate
 * pattern's and sign's) carried to the next one, whose first PREV->P
 * patterns are PREV's (grow_working_set appends).  Each new working set
 * started cold: at n = 1e4, d = 100, 1000 sampled patterns, the first
 * prox of the 400-pattern rounds took about 4 s of 800 cold projections,
 * where a round's steps took 1 to 2 s. */
void
cvx_fit_carry_warm_starts (const fit_ws *prev, fit_ws *w)
{
  const size_t da = w->da, mp = prev->P, m = w->P;
  if (!prev->pact || !w->pact || mp > m)
    return;
  for (size_t k = 0; k < w->K; k++)
    for (size_t a = 0; a < mp; a++)
      {
        for (size_t s = 0; s < 2; s++)
          {
            const size_t from = k * prev->G + s * mp + a;   /* prox */
            const size_t to = k * w->G + s * m + a;
            memcpy (w->pact + to * da, prev->pact + from * da,
                    da * sizeof (size_t));
            memcpy (w->pz + to * da, prev->pz + from * da,
                    da * sizeof (double));
            w->pnact[to] = prev->pnact[from];
            w->pn[to] = prev->pn[from];
            const size_t cf = 2 * (k * mp + a) + s, ct = 2 * (k * m + a) + s;
            memcpy (w->cact + ct * da, prev->cact + cf * da,
                    da * sizeof (size_t));
            w->cnact[ct] = prev->cnact[cf];
            w->cn[ct] = prev->cn[cf];
          }
        memcpy (w->cg + (k * m + a) * da, prev->cg + (k * mp + a) * da,
                da * sizeof (double));
      }
}

/* The working-set problem, solved from U's groups to tol (inner_solve's
 * status in *ist), its solution put back into U. */
static int
solve_working_set (working_sets *ws, fit_shared *sh, recorder *rc, double *U,
                   double tol, long *it, cvx_fit_info *info, int *ist)
{
  const cvx_ctx *c = ws->c;
  const fit_ws *wf = &ws->wf;
  const size_t n = wf->n, da = wf->da, K = wf->K, P = wf->P, m = ws->m;
  working_sets prev = *ws;              /* its warm starts carry over */
  memset (&ws->wsub, 0, sizeof ws->wsub);
  ws->Dsub = c->alloc.malloc_fn (n * m, c->alloc.ctx);
  ws->xs = c->alloc.malloc_fn (ws->parts * m * K * da * sizeof (double),
                               c->alloc.ctx);
  int st = !ws->Dsub || !ws->xs ? CVX_ENOMEM : CVX_OK;
  if (st == CVX_OK)
    {
      for (size_t a = 0; a < m; a++)
        memcpy (ws->Dsub + a * n, wf->D + ws->widx[a] * n, n);
      /* the working set's n x m K products fit in the full set's buffer
       * (m <= P): at n = 1e5, P = 1000 that is 800 MB not allocated */
      st = cvx_fw_init (&ws->wsub, c, wf->X, n, da, ws->Dsub, m, wf->Y, K,
                        wf->o, wf->XU, sh);
    }
  if (st == CVX_OK)
    cvx_fit_carry_warm_starts (&prev.wsub, &ws->wsub);
  free_working_set (&prev);
  if (st)
    return st;
  copy_working_set (U, ws->xs, ws->widx, m, P, K, ws->parts, da, 1);
  rc->wsize = m;
  *ist = CVX_FIT_MAXITER;
  st = cvx_fw_inner_solve (&ws->wsub, rc, ws->xs, tol, wf->o->max_iter, it,
                           info, ist);
  if (st)
    return st;
  copy_working_set (U, ws->xs, ws->widx, m, P, K, ws->parts, da, 0);
  return CVX_OK;
}

int
cvx_fit (const cvx_ctx *c, const double *X, size_t n, size_t da,
         const unsigned char *D, size_t P, const double *Y, size_t K,
         const cvx_fit_opts *o, double *U, cvx_fit_info *info)
{
  memset (info, 0, sizeof *info);
  info->lambda_max = NAN;
  if (n == 0 || da == 0 || P == 0 || K == 0 || !(o->lambda > 0.0)
      || (o->loss == CVX_LOSS_LOGISTIC && K != 1))
    return CVX_EINVAL;
  if (!cvx_blas_fits (n) || !cvx_blas_fits (da) || !cvx_blas_fits (P * K)
      || P * K > SIZE_MAX / n / sizeof (double) / 4)
    return CVX_ETOOLARGE;

  const int relu = o->model == CVX_MODEL_RELU;
  working_sets ws;
  memset (&ws, 0, sizeof ws);
  ws.c = c;
  ws.parts = relu ? 2 : 1;
  fit_shared sh = { info, NULL, 0, -1, 0, 0, NULL, NULL, 0, 0, 0.0, 0.0,
                    0.0 };
  int st = CVX_OK;
  cvx_alloc_list al = { c, { 0 }, 0 };
  const long every = o->check_every > 0 ? o->check_every : 10;
  const long hist_cap = o->max_iter / every + 64 + 40 * 64;
  double *hist, *Ff, *Lam, *ck, *cpat, *top;
  cert_rank *rank;
  AL_GET (al, hist, (size_t) hist_cap * CVX_FIT_HIST_COLS * sizeof (double));
  AL_GET (al, Ff, n * K * sizeof (double));
  AL_GET (al, Lam, n * K * sizeof (double));
  AL_GET (al, ck, K * sizeof (double));
  AL_GET (al, cpat, P * sizeof (double));
  AL_GET (al, rank, P * sizeof (cert_rank));
  AL_GET (al, top, P * K * sizeof (double));
  AL_GET (al, sh.ydual, n * K * sizeof (double));
  AL_GET (al, sh.ybuf, n * K * sizeof (double));
  AL_GET (al, ws.widx, P * sizeof (size_t));
  AL_GET (al, ws.order, P * sizeof (size_t));
  AL_GET (al, ws.inW, P);
  st = cvx_fw_init (&ws.wf, c, X, n, da, D, P, Y, K, o, NULL, &sh);
  if (st)
    goto done;

  recorder rc = { hist, hist_cap, cvx_now (c), Lam, ck, cpat, P, 0, NAN,
                  certified_top (&ws, 1), NULL, rank, top };
  /* lambda_max is the zero network's: a start elsewhere (a warm start, a
   * seed network) costs one more certificate */
  const int zero_start = cvx_fw_count_active (&ws.wf, U) == 0;
  if (!zero_start)
    info->lambda_max = cvx_fw_lambda_max (&ws.wf, &rc, Ff);
  if (relu)
    project_start (&ws.wf, U);
  cvx_fw_forward (&ws.wf, U, Ff);
  long it = 0;
  int status = CVX_FIT_MAXITER;
  double rel = cvx_fw_record_point (&ws.wf, &rc, U, Ff, it, 0.0, info, ' ',
                                    1, 1);
  if (zero_start)
    info->lambda_max = sh.cut ? NAN : info->violation * o->lambda;

  const int ssn = cvx_fw_ssn_takes (o);
  first_working_set (&ws, U, ssn && newton_on_all (&ws.wf, cpat, U));
  /* with every pattern in the working set its certificate is the full
   * one: its tolerance is the user's */
  fit_rounds fr = { ws.m == P ? o->tol : o->tol * 0.1, 0.0, 0, 0 };
  /* polled before each working-set solve: the products of the first
   * certificate take a second at n = 2e4, 2000 patterns, and the gated
   * certificate has no poll of its own */
  while (rel > o->tol && !cvx_fw_cut (&ws.wf))
    {
      const double tol_round = cvx_fit_next_round (&ws, &fr, cpat, rel, o,
                                                   ssn);
      if (tol_round < 0.0 || it >= o->max_iter)
        break;
      int ist = CVX_FIT_MAXITER;
      sh.start_ok = ws.m == P && rel < HUGE_VAL;
      sh.start_rel = rel;
      sh.start_primal = rc.primal;
      st = solve_working_set (&ws, &sh, &rc, U, tol_round, &it, info, &ist);
      sh.start_ok = 0;
      fr.solves++;
      if (st)
        goto done;
      /* a tighter tolerance cannot help a stalled solve; new patterns may */
      fr.stalled = ist == CVX_FIT_STALLED;
      cvx_fw_forward (&ws.wf, U, Ff);
      rc.wsize = P;
      rc.topk = certified_top (&ws, 0);
      rc.skip = ws.inW;
      rel = cvx_fw_record_point (&ws.wf, &rc, U, Ff, it, 0.0, info, ' ', 1,
                                 1);
      if (ist == CVX_FIT_INTERRUPTED || sh.cut)
        {
          status = CVX_FIT_INTERRUPTED;
          break;
        }
    }
  if (rel <= o->tol && !sh.cut)
    status = CVX_FIT_SOLVED;
  else if (sh.cut)
    status = CVX_FIT_INTERRUPTED;
  else if (fr.stalled && it < o->max_iter)
    status = CVX_FIT_STALLED;
  info->status = status;
  info->iterations = it;
  info->time = cvx_now (c) - rc.t0;
  info->hist = hist;
  info->hist_cols = CVX_FIT_HIST_COLS;
  cvx_al_keep (&al, hist);              /* hist goes to the caller */
done:
  cvx_fw_free (&ws.wf);
  free_working_set (&ws);
  if (sh.polish_buf)
    c->alloc.free_fn (sh.polish_buf, c->alloc.ctx);
  cvx_al_release (&al);
  return st;
}
