/* cvxnn core: the convex fit's active-set Newton polish.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"
#include "cvxnn_fit_internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* ------------------------------------------------ active-set polishing
 *
 * FISTA identifies the support long before it pins the values down, and
 * the duality gap is first order in the iterate error (MATH 2.5: the dual
 * point is scaled by 1 - O(|x - x*|)).  So once the support looks settled,
 * solve the reduced problem exactly: over the active groups a, with the
 * cone rows at which their neurons have a knot (a_j'u_a = 0) held as
 * equalities, the objective L(sum_a B_a u_a) + lam sum_a |u_a| is smooth,
 * and Newton's method on its KKT system converges quadratically.  The
 * result is accepted by the caller only if it stays in every cone, keeps
 * every group nonzero and certifies better than the FISTA iterate.
 */
/* The KKT system is dense: (1600)^3/3 flops is ~1.4 GFLOP a factorization.
 * Beyond that the polish cost more than it saved (bench/: at ~3000
 * unknowns it dominated the whole solve). */
#define POLISH_MAX_VARS 1600

/* Doubles in a row block of B in the polish (16 MB).  The C unit tests
 * build with a tiny one, so that their small problems span many blocks. */
#ifndef CVX_POLISH_BLOCK
#define CVX_POLISH_BLOCK (1 << 21)
#endif

typedef struct {
  size_t nA, nu, nc, N;
  size_t *ag, *ak, *ai;    /* group index in [0,G), output, pattern      */
  double *as;              /* sign of the group's contribution (+1/-1)    */
  size_t *koff, *klen;     /* column range of output k in the unknowns    */
  size_t *crow, *cgrp;     /* equality constraints: row j of group a      */
  double *Bb, *Tb;         /* nb x nu row blocks of B = [as_a D_a X] and
                              of the weighted B (polish_loss_hessian)     */
  size_t nb;
  double *Z;               /* n x nA scratch of polish_forward/backward   */
  double *u, *du, *H, *KK, *rhs, *g, *W, *T, *rn, *F, *R, *work;
  blas_int *ipiv;
  size_t lwork;
} polish_ws;

static void
negate (size_t n, double *z)
{
  for (size_t j = 0; j < n; j++)
    z[j] = -z[j];
}

/* F = sum_a B_a u_a per output, the way the fit's forward does it: X
 * [u_a] in one GEMM into Z (n x nA), then the signed masks.  Reading B
 * (n x nu) instead was one memory-bound pass over da times as many
 * doubles per evaluation (600 MB at n = 1e5). */
static void
polish_forward (fit_ws *w, polish_ws *q, const double *u, double *F)
{
  const size_t n = w->n;
  const blas_int bn = (blas_int) n, bda = (blas_int) w->da;
  const blas_int ba = (blas_int) q->nA;
  const double one = 1.0, zero = 0.0;
  dgemm_ ("N", "N", &bn, &ba, &bda, &one, w->X, &bn, u, &bda, &zero, q->Z,
          &bn);
  memset (F, 0, n * w->K * sizeof (double));
  for (size_t a = 0; a < q->nA; a++)
    {
      double *z = q->Z + a * n;
      if (q->as[a] < 0.0)
        negate (n, z);
      cvx_mask_add (n, w->D + q->ai[a] * n, z, F + q->ak[a] * n);
    }
}

/* g = B' R (nu): the signed masked residuals into Z, then one GEMM */
static void
polish_backward (fit_ws *w, polish_ws *q, const double *R, double *g)
{
  const size_t n = w->n;
  for (size_t a = 0; a < q->nA; a++)
    {
      double *z = q->Z + a * n;
      cvx_mask_copy (n, w->D + q->ai[a] * n, R + q->ak[a] * n, z);
      if (q->as[a] < 0.0)
        negate (n, z);
    }
  const blas_int bn = (blas_int) n, bda = (blas_int) w->da;
  const blas_int ba = (blas_int) q->nA;
  const double one = 1.0, zero = 0.0;
  dgemm_ ("T", "N", &bda, &ba, &bn, &one, w->X, &bn, q->Z, &bn, &zero, g,
          &bda);
}

static double
polish_objective (fit_ws *w, polish_ws *q, const double *u, double *F)
{
  polish_forward (w, q, u, F);
  double pen = 0.0;
  for (size_t a = 0; a < q->nA; a++)
    pen += cvx_fw_nrm2 (u + a * w->da, w->da);
  return cvx_loss_value (w->o->loss, F, w->Y, w->n, w->K, NULL)
         + w->o->lambda * pen;
}

/* relu only: active neurons of one output and sign that point the same
 * way compute the same feature (X u)_+, and the ray lies in both cones;
 * keep the larger group with the summed norm, so that the objective is
 * unchanged and the reduced Hessian loses the flat direction of moving
 * weight between them (the direction FISTA crawls along). */
static void
merge_parallel (const fit_ws *w, double *x)
{
  const size_t da = w->da, G = w->G, P = w->P;
  for (size_t k = 0; k < w->K; k++)
    for (size_t g = 0; g < G; g++)
      {
        double *ua = x + (k * G + g) * da;
        const double na = cvx_fw_nrm2 (ua, da);
        if (na == 0.0)
          continue;
        for (size_t h = g + 1; h < G; h++)
          {
            if ((g < P) != (h < P))
              continue;                        /* opposite signs */
            double *ub = x + (k * G + h) * da;
            const double nb = cvx_fw_nrm2 (ub, da);
            if (nb == 0.0)
              continue;
            double dot = 0.0;
            for (size_t b = 0; b < da; b++)
              dot += ua[b] * ub[b];
            if (dot < (1.0 - 1e-10) * na * nb)
              continue;
            double *keep = na >= nb ? ua : ub, *drop = na >= nb ? ub : ua;
            const double s = (na + nb) / (na >= nb ? na : nb);
            for (size_t b = 0; b < da; b++)
              {
                keep[b] *= s;
                drop[b] = 0.0;
              }
            break;                             /* ua changed: next g */
          }
      }
}

/* The loss part of the polish Hessian, Hl = B' W B (nu x nu, leading
 * dimension ld), in its lower triangle (all that dsysv reads): block
 * (k, k2) = B_k' diag(W_kk2) B_k2, B = [as_a D_a X] over the groups of q.
 * B is built nb rows at a time into q->Bb and accumulated block by block:
 * the whole n x nu matrix was 650 MB at n = 1e5, and writing it cost more
 * than the products.  A diagonal block is the Gram matrix of
 * sqrt(W_kk) .* B_k (W_kk >= 0 for every loss of MATH 1.5): DSYRK, half
 * the flops of a GEMM; off-diagonal blocks (cross-entropy) by GEMM, below
 * the diagonal only.  identity: W = I (squared loss), no weighting. */
static void
polish_loss_hessian (const fit_ws *w, const polish_ws *q, int identity,
                     size_t ld, double *Hl)
{
  const size_t n = w->n, K = w->K, da = w->da, nb = q->nb;
  const blas_int bld = (blas_int) ld;
  const double one = 1.0;
  memset (Hl, 0, ld * ld * sizeof (double));
  for (size_t j0 = 0; j0 < n; j0 += nb)
    {
      const size_t m = n - j0 < nb ? n - j0 : nb;
      const blas_int bm = (blas_int) m;
      for (size_t a = 0; a < q->nA; a++)
        for (size_t b = 0; b < da; b++)
          {
            double *col = q->Bb + (a * da + b) * m;
            cvx_mask_copy (m, w->D + q->ai[a] * n + j0, w->X + b * n + j0,
                           col);
            if (q->as[a] < 0.0)
              negate (m, col);
          }
      for (size_t k = 0; k < K; k++)
        for (size_t k2 = 0; k2 <= k; k2++)
          {
            if (!q->klen[k] || !q->klen[k2] || (identity && k != k2))
              continue;
            const double *B2 = q->Bb + q->koff[k2] * m;
            const double *T = B2;
            if (!identity)
              {
                const double *wk = q->W + (k * K + k2) * n + j0;
                for (size_t j = 0; j < m; j++)
                  q->T[j] = k == k2 ? sqrt (wk[j]) : wk[j];
                for (size_t col = 0; col < q->klen[k2]; col++)
                  for (size_t j = 0; j < m; j++)
                    q->Tb[col * m + j] = q->T[j] * B2[col * m + j];
                T = q->Tb;
              }
            const blas_int m1 = (blas_int) q->klen[k];
            const blas_int m2 = (blas_int) q->klen[k2];
            double *Hb = Hl + q->koff[k2] * ld + q->koff[k];
            if (k == k2)
              dsyrk_ ("L", "T", &m1, &bm, &one, T, &bm, &one, Hb, &bld);
            else
              dgemm_ ("T", "N", &m1, &m2, &bm, &one, q->Bb + q->koff[k] * m,
                      &bm, T, &bm, &one, Hb, &bld);
          }
    }
}

/* What a restart of the polish (which only drops groups) keeps: the row
 * blocks of B and the n x nA scratch (in the fit's shared buffer), and
 * for the squared loss the Gram matrix H0 of the groups it started with,
 * in its own list (the polish's list is released at each restart). */
typedef struct {
  double *Bb, *Tb, *Z;
  size_t nb;
  cvx_alloc_list al;
  double *H0;
  size_t *pos0, nu0;
} polish_keep;

/* outcomes of the polish's Newton steps */
enum { POLISH_FAILED = 0, POLISH_CONVERGED = 1, POLISH_RESTART = 2 };

/* The row blocks of B (and of the weighted B of losses other than the
 * squared) and the n x nA scratch serve every restart; they come from the
 * fit's shared buffer, kept between polishes (a fresh one each time cost
 * a page fault per 4 KB). */
static int
polish_buffers (fit_ws *w, size_t nu, size_t nA, polish_keep *kp)
{
  if (kp->Bb)
    return CVX_OK;
  const cvx_ctx *c = w->c;
  const size_t n = w->n;
  const int sq = w->o->loss == CVX_LOSS_SQUARED;
  size_t nb0 = (size_t) CVX_POLISH_BLOCK / nu;
  nb0 = nb0 < 1 ? 1 : nb0;
  nb0 = nb0 < n ? nb0 : n;
  const size_t need = nb0 * nu * (sq ? 1 : 2) + n * nA;
  fit_shared *sh = w->sh;
  if (cvx_grow_doubles (c, &sh->polish_buf, &sh->polish_cap, need))
    return CVX_ENOMEM;
  kp->nb = nb0;
  kp->Bb = sh->polish_buf;
  kp->Tb = sq ? NULL : kp->Bb + nb0 * nu;
  kp->Z = kp->Bb + nb0 * nu * (sq ? 1 : 2);
  return CVX_OK;
}

/* The active groups of x (full layout) into q, output by output: group
 * index, output, pattern, sign of the contribution, values. */
static void
polish_collect (const fit_ws *w, polish_ws *q, const double *x)
{
  const size_t da = w->da, P = w->P, G = w->G;
  const int relu = w->o->model == CVX_MODEL_RELU;
  size_t a = 0;
  for (size_t k = 0; k < w->K; k++)
    {
      q->koff[k] = a * da;
      for (size_t g = 0; g < G; g++)
        {
          const double *col = x + (k * G + g) * da;
          if (!cvx_fw_nonzero (col, da))
            continue;
          q->ag[a] = g;
          q->ak[a] = k;
          q->ai[a] = cvx_fw_pattern (w, g);
          q->as[a] = (relu && g >= P) ? -1.0 : 1.0;
          memcpy (q->u + a * da, col, da * sizeof (double));
          a++;
        }
      q->klen[k] = a * da - q->koff[k];
    }
}

/* The row norms |x_j|, and (relu) the knots at data points: the rows
 * with a_j'u_a = 0 (to rounding) of each group, held as equalities. */
static void
polish_knots (const fit_ws *w, polish_ws *q)
{
  const size_t n = w->n, da = w->da;
  q->nc = 0;
  for (size_t j = 0; j < n; j++)
    {
      double t = 0.0;
      for (size_t b = 0; b < da; b++)
        t += w->X[b * n + j] * w->X[b * n + j];
      q->rn[j] = sqrt (t);
    }
  if (w->o->model != CVX_MODEL_RELU)
    return;
  const blas_int bn = (blas_int) n, bda = (blas_int) da, inc = 1;
  const double one = 1.0, zero = 0.0;
  for (size_t a = 0; a < q->nA; a++)
    {
      const double *ua = q->u + a * da;
      const double un = cvx_fw_nrm2 (ua, da);
      dgemv_ ("N", &bn, &bda, &one, w->X, &bn, ua, &inc, &zero, q->T, &inc);
      for (size_t j = 0; j < n; j++)
        if (fabs (q->T[j]) <= 1e-9 * q->rn[j] * un)
          {
            q->crow[q->nc] = j;
            q->cgrp[q->nc] = a;
            q->nc++;
          }
    }
}

/* The reduced problem at x: its groups, knots and buffers (in al).
 * *skip: the polish does not apply (x is zero, or the KKT system would be
 * too large).  *umax: the largest group norm. */
static int
polish_setup (fit_ws *w, polish_ws *q, cvx_alloc_list *al, polish_keep *kp,
              const double *x, double *umax, int *skip)
{
  const size_t n = w->n, da = w->da, K = w->K, G = w->G;
  const int relu = w->o->model == CVX_MODEL_RELU;
  int st = CVX_OK;
  *skip = 1;
  memset (q, 0, sizeof *q);
  double um = 0.0;
  for (size_t col = 0; col < G * K; col++)
    {
      const double v = cvx_fw_nrm2 (x + col * da, da);
      um = v > um ? v : um;
    }
  *umax = um;
  if (um == 0.0)
    return CVX_OK;
  for (size_t col = 0; col < G * K; col++)
    q->nA += cvx_fw_nonzero (x + col * da, da);
  q->nu = q->nA * da;
  if (q->nu > POLISH_MAX_VARS)
    return CVX_OK;
  AL_GET (*al, q->ag, q->nA * sizeof (size_t));
  AL_GET (*al, q->ak, q->nA * sizeof (size_t));
  AL_GET (*al, q->ai, q->nA * sizeof (size_t));
  AL_GET (*al, q->as, q->nA * sizeof (double));
  AL_GET (*al, q->koff, K * sizeof (size_t));
  AL_GET (*al, q->klen, K * sizeof (size_t));
  st = polish_buffers (w, q->nu, q->nA, kp);
  if (st)
    goto done;
  q->Bb = kp->Bb;
  q->Tb = kp->Tb;
  q->nb = kp->nb;
  q->Z = kp->Z;
  AL_GET (*al, q->u, q->nu * sizeof (double));
  AL_GET (*al, q->F, 2 * n * K * sizeof (double));
  q->R = q->F + n * K;
  polish_collect (w, q, x);
  AL_GET (*al, q->crow, (relu ? n * q->nA : 1) * sizeof (size_t));
  AL_GET (*al, q->cgrp, (relu ? n * q->nA : 1) * sizeof (size_t));
  AL_GET (*al, q->T, n * sizeof (double));             /* X u scratch */
  AL_GET (*al, q->rn, n * sizeof (double));            /* row norms */
  polish_knots (w, q);
  q->N = q->nu + q->nc;
  if (q->N > POLISH_MAX_VARS + POLISH_MAX_VARS / 2)
    return CVX_OK;
  AL_GET (*al, q->du, q->N * sizeof (double));
  AL_GET (*al, q->H, q->nu * q->nu * sizeof (double));
  AL_GET (*al, q->KK, q->N * q->N * sizeof (double));
  AL_GET (*al, q->g, q->nu * sizeof (double));
  AL_GET (*al, q->W, n * K * K * sizeof (double));
  AL_GET (*al, q->ipiv, q->N * sizeof (blas_int));
  {
    blas_int bN = (blas_int) q->N, one_i = 1, lw = -1, info = 0;
    double wq = 0.0;
    dsysv_ ("L", &bN, &one_i, q->KK, &bN, q->ipiv, q->du, &bN, &wq, &lw,
            &info);
    q->lwork = (size_t) wq > q->N ? (size_t) wq : q->N;
  }
  AL_GET (*al, q->work, q->lwork * sizeof (double));
  AL_GET (*al, q->rhs, q->nu * sizeof (double));
  *skip = 0;
done:
  return st;
}

/* The reduced objective's gradient at q->u (q->F = F(q->u)) into q->g,
 * and for losses other than the squared the loss Hessian's weights
 * W(:, k, k') = d2 L / dF_k dF_k', row by row, into q->W (the squared
 * loss's W = I is polish_loss_hessian's identity case). */
static void
polish_gradient (fit_ws *w, polish_ws *q)
{
  const size_t n = w->n, da = w->da, K = w->K;
  const double lam = w->o->lambda;
  cvx_loss_value (w->o->loss, q->F, w->Y, n, K, q->R);
  polish_backward (w, q, q->R, q->g);
  for (size_t a = 0; a < q->nA; a++)
    {
      const double *ua = q->u + a * da;
      const double un = cvx_fw_nrm2 (ua, da);
      for (size_t b = 0; b < da; b++)
        q->g[a * da + b] += lam * ua[b] / un;
    }
  if (w->o->loss == CVX_LOSS_SQUARED)
    return;
  memset (q->W, 0, n * K * K * sizeof (double));
  for (size_t j = 0; j < n; j++)
    {
      if (w->o->loss == CVX_LOSS_LOGISTIC)
        {
          const double s = 1.0 / (1.0 + exp (-w->Y[j] * q->F[j]));
          q->W[j] = s * (1.0 - s);
          continue;
        }
      double fmax = -HUGE_VAL, sum = 0.0;
      for (size_t k = 0; k < K; k++)
        fmax = q->F[k * n + j] > fmax ? q->F[k * n + j] : fmax;
      for (size_t k = 0; k < K; k++)
        sum += exp (q->F[k * n + j] - fmax);
      for (size_t k = 0; k < K; k++)
        for (size_t k2 = 0; k2 < K; k2++)
          {
            const double pk = exp (q->F[k * n + j] - fmax) / sum;
            const double pk2 = exp (q->F[k2 * n + j] - fmax) / sum;
            q->W[(k * K + k2) * n + j] = (k == k2 ? pk : 0.0) - pk * pk2;
          }
    }
}

/* The reduced Hessian at q->u into q->H, and its largest diagonal entry.
 * Squared loss: W = I, so the loss part does not depend on u, and a
 * restart only drops groups: the Gram matrix of the groups the polish
 * started with (kp->H0) serves every Newton step and every restart (at
 * n = 1e4 and ~900 unknowns each recomputation was 16 GFLOP). */
static int
polish_hessian (fit_ws *w, polish_ws *q, polish_keep *kp, double *hmax)
{
  const size_t da = w->da, G = w->G;
  const double lam = w->o->lambda;
  int st = CVX_OK;
  if (w->o->loss == CVX_LOSS_SQUARED)
    {
      if (!kp->H0)
        {
          kp->nu0 = q->nu;
          AL_GET (kp->al, kp->H0, kp->nu0 * kp->nu0 * sizeof (double));
          AL_GET (kp->al, kp->pos0, G * w->K * sizeof (size_t));
          for (size_t a = 0; a < q->nA; a++)
            kp->pos0[q->ak[a] * G + q->ag[a]] = a;
          polish_loss_hessian (w, q, 1, kp->nu0, kp->H0);
        }
      for (size_t a = 0; a < q->nA; a++)
        for (size_t a2 = 0; a2 < q->nA; a2++)
          {
            const size_t p1 = kp->pos0[q->ak[a] * G + q->ag[a]];
            const size_t p2 = kp->pos0[q->ak[a2] * G + q->ag[a2]];
            for (size_t b2 = 0; b2 < da; b2++)
              memcpy (q->H + (a2 * da + b2) * q->nu + a * da,
                      kp->H0 + (p2 * da + b2) * kp->nu0 + p1 * da,
                      da * sizeof (double));
          }
    }
  else
    polish_loss_hessian (w, q, 0, q->nu, q->H);
  for (size_t a = 0; a < q->nA; a++)
    {
      const double *ua = q->u + a * da;
      const double un = cvx_fw_nrm2 (ua, da);
      for (size_t b = 0; b < da; b++)
        for (size_t b2 = 0; b2 < da; b2++)
          q->H[(a * da + b2) * q->nu + a * da + b] +=
            lam * ((b == b2 ? 1.0 : 0.0) - ua[b] * ua[b2] / (un * un)) / un;
    }
  double h = 0.0;
  for (size_t r = 0; r < q->nu; r++)
    h = q->H[r * q->nu + r] > h ? q->H[r * q->nu + r] : h;
  *hmax = h;
done:
  return st;
}

/* The KKT system [H + mu hmax I, C'; C, 0] [du; nu] = [-g; -C u] solved
 * into q->du (C: the knot rows); returns LAPACK's info. */
static blas_int
polish_kkt_solve (const fit_ws *w, polish_ws *q, double mu, double hmax)
{
  const size_t n = w->n, da = w->da, N = q->N, nu = q->nu;
  memset (q->KK, 0, N * N * sizeof (double));
  for (size_t r = 0; r < nu; r++)
    for (size_t r2 = 0; r2 < nu; r2++)
      q->KK[r2 * N + r] = q->H[r2 * nu + r];
  for (size_t r = 0; r < nu; r++)
    q->KK[r * N + r] += mu * hmax;
  for (size_t r = 0; r < nu; r++)
    q->du[r] = -q->g[r];
  for (size_t t = 0; t < q->nc; t++)
    {
      const size_t a = q->cgrp[t], j = q->crow[t], rr = nu + t;
      double cu = 0.0;
      for (size_t b = 0; b < da; b++)
        {
          const double v = w->X[b * n + j];
          q->KK[(a * da + b) * N + rr] = v;
          q->KK[rr * N + a * da + b] = v;
          cu += v * q->u[a * da + b];
        }
      q->du[rr] = -cu;
    }
  blas_int bN = (blas_int) N, one_i = 1, lw = (blas_int) q->lwork, info = 0;
  dsysv_ ("L", &bN, &one_i, q->KK, &bN, q->ipiv, q->du, &bN, q->work, &lw,
          &info);
  return info;
}

/* The group that the step q->du carries furthest through zero (the most
 * negative (u + du)'u / u'u), or q->nA when none goes through zero. */
static size_t
polish_crossing (const fit_ws *w, const polish_ws *q)
{
  const size_t da = w->da;
  size_t worst = q->nA;
  double wr = 0.0;
  for (size_t a = 0; a < q->nA; a++)
    {
      double dot = 0.0, uu = 0.0;
      for (size_t b = 0; b < da; b++)
        {
          const double ub = q->u[a * da + b];
          dot += (ub + q->du[a * da + b]) * ub;
          uu += ub * ub;
        }
      if (dot / uu < wr)
        {
          wr = dot / uu;
          worst = a;
        }
    }
  return worst;
}

/* Newton's method on the reduced problem from q->u.  H is singular where
 * two active groups hold parallel neurons (adjacent patterns sharing a
 * knot at a data point: moving weight between them leaves the objective
 * flat), so Levenberg-Marquardt: the smallest damping whose step
 * descends, starting from the one that worked last time (a factorization
 * per trial is the expensive part).  A pure Newton step that carries a
 * group through zero says the support is too large: POLISH_RESTART, with
 * xout the point without that group. */
static int
polish_newton (fit_ws *w, polish_ws *q, polish_keep *kp, double umax,
               int *rounds, double *xout, int *err)
{
  const size_t da = w->da, G = w->G, K = w->K;
  double fcur = polish_objective (w, q, q->u, q->F);
  double mu_start = 1e-12;
  int stalls = 0;
  double *unew = q->rhs;                        /* reuse as scratch */
  for (int it = 0; it < 30; it++)
    {
      double hmax = 0.0;
      polish_gradient (w, q);
      *err = polish_hessian (w, q, kp, &hmax);
      if (*err)
        return POLISH_FAILED;
      double fnew = HUGE_VAL;
      int descended = 0;
      for (double mu = mu_start; mu <= 1.0 && !descended; mu *= 100.0)
        {
          if (polish_kkt_solve (w, q, mu, hmax) != 0)
            continue;
          if (mu == 1e-12 && *rounds < 20)  /* pure Newton step */
            {
              const size_t worst = polish_crossing (w, q);
              if (worst < q->nA)
                {
                  memset (xout, 0, G * K * da * sizeof (double));
                  for (size_t a = 0; a < q->nA; a++)
                    if (a != worst)
                      memcpy (xout + (q->ak[a] * G + q->ag[a]) * da,
                              q->u + a * da, da * sizeof (double));
                  (*rounds)++;
                  return POLISH_RESTART;
                }
            }
          for (size_t r = 0; r < q->nu; r++)
            unew[r] = q->u[r] + q->du[r];
          fnew = polish_objective (w, q, unew, q->F);
          descended = fnew <= fcur + 64.0 * DBL_EPSILON * fabs (fcur);
          if (descended)
            mu_start = mu > 1e-12 ? mu / 100.0 : 1e-12;
        }
      if (!descended)
        return POLISH_FAILED;
      const double decrease = fcur - fnew;
      memcpy (q->u, unew, q->nu * sizeof (double));
      fcur = fnew;
      /* a group heading for zero means the support was wrong */
      for (size_t a = 0; a < q->nA; a++)
        if (cvx_fw_nrm2 (q->u + a * da, da) < 1e-8 * umax)
          return POLISH_FAILED;
      /* converged when the objective stops decreasing beyond rounding
       * (twice: the first stall can be a step along a flat direction) */
      if (decrease <= 256.0 * DBL_EPSILON * fabs (fcur))
        {
          if (++stalls >= 2)
            return POLISH_CONVERGED;
        }
      else
        stalls = 0;
    }
  return POLISH_FAILED;
}

/* relu: every group of q still in its cone (to rounding)? */
static int
polish_in_cones (const fit_ws *w, polish_ws *q)
{
  const size_t n = w->n, da = w->da;
  const blas_int bn = (blas_int) n, bda = (blas_int) da, inc = 1;
  const double one = 1.0, zero = 0.0;
  for (size_t a = 0; a < q->nA; a++)
    {
      const double *ua = q->u + a * da;
      const double un = cvx_fw_nrm2 (ua, da);
      const unsigned char *Dm = w->D + q->ai[a] * n;
      dgemv_ ("N", &bn, &bda, &one, w->X, &bn, ua, &inc, &zero, q->T, &inc);
      for (size_t j = 0; j < n; j++)
        if ((Dm[j] ? 1.0 : -1.0) * q->T[j] < -1e-12 * q->rn[j] * un)
          return 0;
    }
  return 1;
}

/* Returns 1 and the polished point in xout (full layout) on success.
 * xout is also the working copy of x. */
int
cvx_fw_polish (fit_ws *w, const double *xin, double *xout, int *err)
{
  const cvx_ctx *c = w->c;
  const size_t da = w->da, K = w->K, G = w->G;
  const int relu = w->o->model == CVX_MODEL_RELU;
  cvx_alloc_list al = { c, { 0 }, 0 };
  polish_keep kp;
  memset (&kp, 0, sizeof kp);
  kp.al.c = c;
  polish_ws q;
  int st = CVX_OK, rounds = 0, outcome = POLISH_RESTART;
  memcpy (xout, xin, G * K * da * sizeof (double));
  if (relu)
    merge_parallel (w, xout);
  while (outcome == POLISH_RESTART)
    {
      cvx_al_release (&al);
      double umax = 0.0;
      int skip = 1;
      st = polish_setup (w, &q, &al, &kp, xout, &umax, &skip);
      if (st || skip)
        break;
      outcome = polish_newton (w, &q, &kp, umax, &rounds, xout, &st);
    }
  const int ok = !st && outcome == POLISH_CONVERGED
                 && (!relu || polish_in_cones (w, &q));
  if (ok)
    {
      memset (xout, 0, G * K * da * sizeof (double));
      for (size_t a = 0; a < q.nA; a++)
        memcpy (xout + (q.ak[a] * G + q.ag[a]) * da, q.u + a * da,
                da * sizeof (double));
    }
  cvx_al_release (&al);
  cvx_al_release (&kp.al);
  *err = st;
  return ok;
}

