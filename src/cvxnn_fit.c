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
 * Method (MATH 4.4, 9.2): FISTA with a fixed step 1/L and gradient-mapping
 * restart, on a working set of patterns that grows with the patterns the
 * full certificate finds violated (the cutting planes of MATH 4.3), and an
 * active-set Newton polish once the support settles.  The prox of
 * t|.| + i_K is the group shrink of the projection onto K (MATH 4.4,
 * Moreau): iterates of the relu model are exactly feasible, so the network
 * read off them has exactly the convex objective.  The products with the
 * data are two GEMMs per iteration over every pattern of the working set:
 * forward X*U (n x |W|K) masked by D, backward X'*(D .* r).
 *
 * Certificate (MATH 2.5, 4.3): Lam = -grad L(F), c_k = max over patterns
 * and signs of |Pi_Ki(+-X' D_i Lam_k)| (relu) or |X' D_i Lam_k| (gated),
 * Lam scaled into the dual feasible set, gap = primal - dual (MATH 1.5).
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"
#include "cvxnn_fit_internal.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------- model operators */

static void
effective_u (fit_ws *w, const double *U)
{
  const size_t da = w->da, P = w->P;
  for (size_t k = 0; k < w->K; k++)
    for (size_t i = 0; i < P; i++)
      {
        double *e = w->Ueff + (k * P + i) * da;
        if (w->o->model == CVX_MODEL_GATED)
          memcpy (e, U + (k * P + i) * da, da * sizeof (double));
        else
          {
            const double *v = U + (k * w->G + i) * da;
            const double *ww = U + (k * w->G + P + i) * da;
            for (size_t b = 0; b < da; b++)
              e[b] = v[b] - ww[b];
          }
      }
}

/* The products with the data, on Ueff (da x P K, output-major): F(:, k) =
 * sum_i D_i X Ueff(:, kP+i), one GEMM, then the masks; and Gm(:, kP+i) =
 * X' (D_i .* R(:, k)), the masks, then one GEMM.  XU holds the n x P K
 * intermediate of either (they never overlap).  Time and flops are
 * counted for the benchmark's inner-loop rate (masks included). */
static void
products_forward (fit_ws *w, size_t K, double *F)
{
  const size_t n = w->n, P = w->P;
  const blas_int bn = (blas_int) n, bda = (blas_int) w->da;
  const blas_int bpk = (blas_int) (P * K);
  const double one = 1.0, zero = 0.0;
  const double t0 = cvx_now (w->c);
  dgemm_ ("N", "N", &bn, &bpk, &bda, &one, w->X, &bn, w->Ueff, &bda, &zero,
          w->XU, &bn);
  for (size_t k = 0; k < K; k++)
    {
      double *f = F + k * n;
      memset (f, 0, n * sizeof (double));
      for (size_t i = 0; i < P; i++)
        cvx_mask_add (n, w->D + i * n, w->XU + (k * P + i) * n, f);
    }
  w->sh->info->loop_time += cvx_now (w->c) - t0;
  w->sh->info->loop_flops += 2.0 * (double) n * (double) w->da
                             * (double) (P * K);
}

static void
products_backward (fit_ws *w, const double *R, size_t K)
{
  const size_t n = w->n, P = w->P;
  const double t0 = cvx_now (w->c);
  for (size_t k = 0; k < K; k++)
    for (size_t i = 0; i < P; i++)
      cvx_mask_copy (n, w->D + i * n, R + k * n, w->XU + (k * P + i) * n);
  const blas_int bn = (blas_int) n, bda = (blas_int) w->da;
  const blas_int bpk = (blas_int) (P * K);
  const double one = 1.0, zero = 0.0;
  dgemm_ ("T", "N", &bda, &bpk, &bn, &one, w->X, &bn, w->XU, &bn, &zero,
          w->Gm, &bda);
  w->sh->info->loop_time += cvx_now (w->c) - t0;
  w->sh->info->loop_flops += 2.0 * (double) n * (double) w->da
                             * (double) (P * K);
}

/* F = sum_i D_i X u_i per output */
void
cvx_fw_forward (fit_ws *w, const double *U, double *F)
{
  effective_u (w, U);
  products_forward (w, w->K, F);
}

/* Gm(:, kP+i) = X' (D_i .* R_k) */
void
cvx_fw_backward (fit_ws *w, const double *R)
{
  products_backward (w, R, w->K);
}

/* gradient column of group g, output k, from Gm */
static const double *
grad_col (fit_ws *w, size_t k, size_t g, double *buf)
{
  const size_t da = w->da, P = w->P;
  if (w->o->model == CVX_MODEL_GATED || g < P)
    return w->Gm + (k * P + g) * da;
  const double *s = w->Gm + (k * P + (g - P)) * da;
  for (size_t b = 0; b < da; b++)
    buf[b] = -s[b];
  return buf;
}

double
cvx_fw_nrm2 (const double *x, size_t n)
{
  const blas_int bn = (blas_int) n, inc = 1;
  return dnrm2_ (&bn, x, &inc);
}

double
cvx_fw_penalty (const fit_ws *w, const double *U)
{
  double s = 0.0;
  for (size_t col = 0; col < w->G * w->K; col++)
    s += cvx_fw_nrm2 (U + col * w->da, w->da);
  return w->o->lambda * s;
}

/* x = prox_{t (|.| + i_K)}(z) for the group in column col (output k,
 * group g: pattern g mod P): the group shrink of z, of its cone
 * projection for relu (MATH 4.4), warm-started from the column's last
 * active rows, which it leaves in w->pact / w->pnact. */
void
cvx_fw_prox_col (fit_ws *w, size_t col, const double *z, double t, double *x)
{
  const size_t da = w->da, P = w->P;
  double zn = cvx_fw_nrm2 (z, da);
  if (zn <= t)                        /* |Pi_K z| <= |z| <= t */
    {
      memset (x, 0, da * sizeof (double));
      return;
    }
  const double *p = z;
  if (w->o->model == CVX_MODEL_RELU)
    {
      const size_t g = col % w->G, i = g < P ? g : g - P;
      cvx_cone_project_warm (w->X, w->n, da, w->D + i * w->n, z, w->pbuf,
                             w->cone_work, NULL, w->pact + col * da,
                             w->pnact + col);
      p = w->pbuf;
      zn = cvx_fw_nrm2 (p, da);
    }
  const double a = zn > t ? 1.0 - t / zn : 0.0;
  for (size_t b = 0; b < da; b++)
    x[b] = a * p[b];
}

/* x = prox_{eta lam (|.| + i_K)}(z), column by column (MATH 4.4). */
static void
prox (fit_ws *w, const double *Z, double eta, double *Xout)
{
  const double tau = eta * w->o->lambda;
  for (size_t col = 0; col < w->G * w->K; col++)
    cvx_fw_prox_col (w, col, Z + col * w->da, tau, Xout + col * w->da);
}

/* Certificate at F (MATH 2.5): fills dual, c (max constraint / lambda).
 * cpat (P, may be NULL) receives per pattern the largest constraint value
 * over outputs and signs where it may exceed lambda, else an upper bound
 * below lambda (enough to find the violated patterns). */
static void
certificate (fit_ws *w, const double *F, double *Lam, double *ck,
             double *dual, double *cmax, double *cpat)
{
  const size_t n = w->n, K = w->K, P = w->P, da = w->da;
  const double lam = w->o->lambda;
  cvx_loss_value (w->o->loss, F, w->Y, n, K, Lam);       /* Lam = grad */
  for (size_t j = 0; j < n * K; j++)
    Lam[j] = -Lam[j];
  cvx_fw_backward (w, Lam);                                /* X' D_i Lam_k */
  if (cpat)
    for (size_t i = 0; i < P; i++)
      cpat[i] = 0.0;
  for (size_t k = 0; k < K; k++)
    {
      double c = 0.0;
      for (size_t i = 0; i < P; i++)
        {
          const double *g = w->Gm + (k * P + i) * da;
          const double gn = cvx_fw_nrm2 (g, da);
          /* |Pi_K g| <= |g|: skip what can neither raise the maximum nor
           * be a violated pattern */
          if (gn <= c && (!cpat || gn <= lam))
            {
              if (cpat && gn > cpat[i])
                cpat[i] = gn;
              continue;
            }
          double ci = gn;
          if (w->o->model == CVX_MODEL_RELU)
            {
              ci = 0.0;
              for (int s = -1; s <= 1; s += 2)
                {
                  for (size_t b = 0; b < da; b++)
                    w->zbuf[b] = s * g[b];
                  const size_t slot = 2 * (k * P + i) + (s > 0);
                  cvx_cone_project_warm (w->X, n, da, w->D + i * n, w->zbuf,
                                         w->pbuf, w->cone_work, NULL,
                                         w->cact + slot * da,
                                         w->cnact + slot);
                  const double pn = cvx_fw_nrm2 (w->pbuf, da);
                  ci = pn > ci ? pn : ci;
                }
            }
          c = ci > c ? ci : c;
          if (cpat && ci > cpat[i])
            cpat[i] = ci;
        }
      ck[k] = c;
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

static size_t
count_active (const fit_ws *w, const double *U)
{
  size_t a = 0;
  for (size_t col = 0; col < w->G * w->K; col++)
    a += cvx_fw_nrm2 (U + col * w->da, w->da) > 0.0;
  return a;
}

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

/* Largest squared singular value of M = [D_1 X, ..., D_P X] by power
 * iteration on M'M (two GEMMs a step); the one-vs-all outputs share it. */
static double
operator_norm2 (fit_ws *w, double *F)
{
  const size_t da = w->da, P = w->P;
  double *V = w->Ueff;                        /* da x P, output 0 only */
  for (size_t j = 0; j < da * P; j++)
    V[j] = 1.0 + 0.01 * (double) (j % 7);     /* deterministic start */
  double s2 = 0.0;
  for (int it = 0; it < 50; it++)
    {
      products_forward (w, 1, F);
      products_backward (w, F, 1);
      const double vn = cvx_fw_nrm2 (V, da * P);
      const double gn = cvx_fw_nrm2 (w->Gm, da * P);
      if (vn == 0.0 || gn == 0.0)
        return 0.0;
      const double s2n = gn / vn;
      for (size_t j = 0; j < da * P; j++)
        V[j] = w->Gm[j] / gn;
      if (it > 5 && fabs (s2n - s2) <= 1e-6 * s2n)
        {
          s2 = s2n;
          break;
        }
      s2 = s2n;
    }
  return s2;
}

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

/* Returns 1 and the polished point in xout (full layout) on success.
 * xout is also the working copy of x. */
static int
polish (fit_ws *w, const double *xin, double *xout, int *err)
{
  const cvx_ctx *c = w->c;
  const size_t n = w->n, da = w->da, K = w->K, P = w->P, G = w->G;
  const double lam = w->o->lambda;
  const int relu = w->o->model == CVX_MODEL_RELU;
  cvx_alloc_list al = { c, { 0 }, 0 };
  int st = CVX_OK, ok = 0, rounds = 0;
  polish_ws q;
  /* squared loss: the loss Hessian of the starting groups, kept across
   * restarts (their own list: al is released at each restart) */
  cvx_alloc_list al0 = { c, { 0 }, 0 };
  double *H0 = NULL, *Bb0 = NULL, *Tb0 = NULL, *Z0 = NULL;
  size_t nb0 = 0;
  size_t *pos0 = NULL, nu0 = 0;
  memcpy (xout, xin, G * K * da * sizeof (double));
  if (relu)
    merge_parallel (w, xout);
  const double *x = xout;
restart:
  cvx_al_release (&al);
  memset (&q, 0, sizeof q);

  double umax = 0.0;
  for (size_t col = 0; col < G * K; col++)
    {
      const double v = cvx_fw_nrm2 (x + col * da, da);
      umax = v > umax ? v : umax;
    }
  if (umax == 0.0)
    goto done;
  for (size_t col = 0; col < G * K; col++)
    q.nA += cvx_fw_nrm2 (x + col * da, da) > 0.0;
  q.nu = q.nA * da;
  if (q.nu > POLISH_MAX_VARS)
    goto done;
  AL_GET (al, q.ag, (q.nA) * sizeof (size_t));
  AL_GET (al, q.ak, (q.nA) * sizeof (size_t));
  AL_GET (al, q.ai, (q.nA) * sizeof (size_t));
  AL_GET (al, q.as, (q.nA) * sizeof (double));
  AL_GET (al, q.koff, (K) * sizeof (size_t));
  AL_GET (al, q.klen, (K) * sizeof (size_t));
  /* the row blocks of B (and of the weighted B of losses other than the
   * squared) and the n x nA scratch serve every restart, which only drops
   * groups; they come from the fit's shared buffer, kept between polishes
   * (a fresh one each time cost a page fault per 4 KB) */
  if (!Bb0)
    {
      const int sq = w->o->loss == CVX_LOSS_SQUARED;
      nb0 = (size_t) CVX_POLISH_BLOCK / q.nu;
      nb0 = nb0 < 1 ? 1 : nb0;
      nb0 = nb0 < n ? nb0 : n;
      const size_t need = nb0 * q.nu * (sq ? 1 : 2) + n * q.nA;
      fit_shared *sh = w->sh;
      if (sh->polish_cap < need)
        {
          if (sh->polish_buf)
            c->alloc.free_fn (sh->polish_buf, c->alloc.ctx);
          sh->polish_cap = 0;
          sh->polish_buf = c->alloc.malloc_fn (need * sizeof (double),
                                               c->alloc.ctx);
          if (!sh->polish_buf)
            {
              st = CVX_ENOMEM;
              goto done;
            }
          sh->polish_cap = need;
        }
      Bb0 = sh->polish_buf;
      Tb0 = sq ? NULL : Bb0 + nb0 * q.nu;
      Z0 = Bb0 + nb0 * q.nu * (sq ? 1 : 2);
    }
  q.Bb = Bb0;
  q.Tb = Tb0;
  q.nb = nb0;
  q.Z = Z0;
  AL_GET (al, q.u, (q.nu) * sizeof (double));
  AL_GET (al, q.F, (2 * n * K) * sizeof (double));
  q.R = q.F + n * K;
  {
    size_t a = 0;
    for (size_t k = 0; k < K; k++)
      {
        q.koff[k] = a * da;
        for (size_t g = 0; g < G; g++)
          {
            const double *col = x + (k * G + g) * da;
            if (cvx_fw_nrm2 (col, da) == 0.0)
              continue;
            q.ag[a] = g;
            q.ak[a] = k;
            q.ai[a] = g < P ? g : g - P;
            q.as[a] = (relu && g >= P) ? -1.0 : 1.0;
            memcpy (q.u + a * da, col, da * sizeof (double));
            a++;
          }
        q.klen[k] = a * da - q.koff[k];
      }
  }
  /* knots at data points: rows with a_j'u_a = 0 (to rounding) */
  q.nc = 0;
  AL_GET (al, q.crow, (relu ? n * q.nA : 1) * sizeof (size_t));
  AL_GET (al, q.cgrp, (relu ? n * q.nA : 1) * sizeof (size_t));
  AL_GET (al, q.T, n * sizeof (double));             /* X u scratch */
  AL_GET (al, q.rn, n * sizeof (double));            /* |x_j|, row norms */
  for (size_t j = 0; j < n; j++)
    {
      double t = 0.0;
      for (size_t b = 0; b < da; b++)
        t += w->X[b * n + j] * w->X[b * n + j];
      q.rn[j] = sqrt (t);
    }
  if (relu)
    {
      const blas_int bn = (blas_int) n, bda = (blas_int) da, inc = 1;
      const double one = 1.0, zero = 0.0;
      for (size_t a = 0; a < q.nA; a++)
        {
          const double *ua = q.u + a * da;
          const double un = cvx_fw_nrm2 (ua, da);
          dgemv_ ("N", &bn, &bda, &one, w->X, &bn, ua, &inc, &zero, q.T, &inc);
          for (size_t j = 0; j < n; j++)
            {
              if (fabs (q.T[j]) <= 1e-9 * q.rn[j] * un)
                {
                  q.crow[q.nc] = j;
                  q.cgrp[q.nc] = a;
                  q.nc++;
                }
            }
        }
    }
  q.N = q.nu + q.nc;
  if (q.N > POLISH_MAX_VARS + POLISH_MAX_VARS / 2)
    goto done;
  AL_GET (al, q.du, (q.N) * sizeof (double));
  AL_GET (al, q.H, (q.nu * q.nu) * sizeof (double));
  AL_GET (al, q.KK, (q.N * q.N) * sizeof (double));
  AL_GET (al, q.g, (q.nu) * sizeof (double));
  AL_GET (al, q.W, (n * K * K) * sizeof (double));
  AL_GET (al, q.ipiv, (q.N) * sizeof (blas_int));
  {
    blas_int bN = (blas_int) q.N, one_i = 1, lw = -1, info = 0;
    double wq = 0.0;
    dsysv_ ("L", &bN, &one_i, q.KK, &bN, q.ipiv, q.du, &bN, &wq, &lw, &info);
    q.lwork = (size_t) wq > q.N ? (size_t) wq : q.N;
  }
  AL_GET (al, q.work, (q.lwork) * sizeof (double));
  AL_GET (al, q.rhs, (q.nu) * sizeof (double));

  double fcur = polish_objective (w, &q, q.u, q.F);
  double mu_start = 1e-12;
  int stalls = 0;
  double *unew = q.rhs;                         /* reuse as scratch */
  for (int it = 0; it < 30; it++)
    {
      /* gradient and loss Hessian weights at the current point (q.F is
       * F(q.u): from polish_objective, whose last call was at q.u) */
      cvx_loss_value (w->o->loss, q.F, w->Y, n, K, q.R);
      polish_backward (w, &q, q.R, q.g);
      for (size_t a = 0; a < q.nA; a++)
        {
          const double *ua = q.u + a * da;
          const double un = cvx_fw_nrm2 (ua, da);
          for (size_t b = 0; b < da; b++)
            q.g[a * da + b] += lam * ua[b] / un;
        }
      /* W(:, k, k') = d2 L / dF_k dF_k' row by row (the squared loss's
       * W = I is polish_loss_hessian's identity case) */
      if (w->o->loss != CVX_LOSS_SQUARED)
        memset (q.W, 0, n * K * K * sizeof (double));
      for (size_t j = 0; j < n && w->o->loss != CVX_LOSS_SQUARED; j++)
        {
          if (w->o->loss == CVX_LOSS_LOGISTIC)
            {
              const double s = 1.0 / (1.0 + exp (-w->Y[j] * q.F[j]));
              q.W[j] = s * (1.0 - s);
            }
          else
            {
              double fmax = -HUGE_VAL, sum = 0.0;
              for (size_t k = 0; k < K; k++)
                fmax = q.F[k * n + j] > fmax ? q.F[k * n + j] : fmax;
              for (size_t k = 0; k < K; k++)
                sum += exp (q.F[k * n + j] - fmax);
              for (size_t k = 0; k < K; k++)
                for (size_t k2 = 0; k2 < K; k2++)
                  {
                    const double pk = exp (q.F[k * n + j] - fmax) / sum;
                    const double pk2 = exp (q.F[k2 * n + j] - fmax) / sum;
                    q.W[(k * K + k2) * n + j] = (k == k2 ? pk : 0.0) - pk * pk2;
                  }
            }
        }
      if (w->o->loss == CVX_LOSS_SQUARED)
        {
          /* W = I: H does not depend on u, and a restart only drops
           * groups, so the Gram matrix of the groups the polish started
           * with serves every Newton step and every restart (at n = 1e4
           * and ~900 unknowns each recomputation was 16 GFLOP) */
          if (!H0)
            {
              nu0 = q.nu;
              AL_GET (al0, H0, nu0 * nu0 * sizeof (double));
              AL_GET (al0, pos0, G * K * sizeof (size_t));
              for (size_t a = 0; a < q.nA; a++)
                pos0[q.ak[a] * G + q.ag[a]] = a;
              polish_loss_hessian (w, &q, 1, nu0, H0);
            }
          for (size_t a = 0; a < q.nA; a++)
            for (size_t a2 = 0; a2 < q.nA; a2++)
              {
                const size_t p1 = pos0[q.ak[a] * G + q.ag[a]];
                const size_t p2 = pos0[q.ak[a2] * G + q.ag[a2]];
                for (size_t b2 = 0; b2 < da; b2++)
                  memcpy (q.H + (a2 * da + b2) * q.nu + a * da,
                          H0 + (p2 * da + b2) * nu0 + p1 * da,
                          da * sizeof (double));
              }
        }
      else
        polish_loss_hessian (w, &q, 0, q.nu, q.H);
      double hmax = 0.0;
      for (size_t a = 0; a < q.nA; a++)
        {
          const double *ua = q.u + a * da;
          const double un = cvx_fw_nrm2 (ua, da);
          for (size_t b = 0; b < da; b++)
            for (size_t b2 = 0; b2 < da; b2++)
              q.H[(a * da + b2) * q.nu + a * da + b] +=
                lam * ((b == b2 ? 1.0 : 0.0) - ua[b] * ua[b2] / (un * un)) / un;
        }
      for (size_t r = 0; r < q.nu; r++)
        hmax = q.H[r * q.nu + r] > hmax ? q.H[r * q.nu + r] : hmax;
      /* KKT system [H + mu I, C'; C, 0] [du; nu] = [-g; -C u].  H is
       * singular where two active groups hold parallel neurons (adjacent
       * patterns sharing a knot at a data point: moving weight between
       * them leaves the objective flat), so Levenberg-Marquardt: the
       * smallest mu whose step descends. */
      double fnew = HUGE_VAL;
      int descended = 0;
      /* start from the damping that worked last time (a factorization
       * per trial is the expensive part) */
      for (double mu = mu_start; mu <= 1.0 && !descended; mu *= 100.0)
        {
          memset (q.KK, 0, q.N * q.N * sizeof (double));
          for (size_t r = 0; r < q.nu; r++)
            for (size_t r2 = 0; r2 < q.nu; r2++)
              q.KK[r2 * q.N + r] = q.H[r2 * q.nu + r];
          for (size_t r = 0; r < q.nu; r++)
            q.KK[r * q.N + r] += mu * hmax;
          for (size_t r = 0; r < q.nu; r++)
            q.du[r] = -q.g[r];
          for (size_t t = 0; t < q.nc; t++)
            {
              const size_t a = q.cgrp[t], j = q.crow[t], rr = q.nu + t;
              double cu = 0.0;
              for (size_t b = 0; b < da; b++)
                {
                  const double v = w->X[b * n + j];
                  q.KK[(a * da + b) * q.N + rr] = v;
                  q.KK[rr * q.N + a * da + b] = v;
                  cu += v * q.u[a * da + b];
                }
              q.du[rr] = -cu;
            }
          blas_int bN = (blas_int) q.N, one_i = 1, lw = (blas_int) q.lwork;
          blas_int info = 0;
          dsysv_ ("L", &bN, &one_i, q.KK, &bN, q.ipiv, q.du, &bN, q.work, &lw,
                  &info);
          if (info != 0)
            continue;
          if (mu == 1e-12 && rounds < 20)  /* pure Newton step */
            {
              /* a Newton step that carries a group through zero says the
               * support is too large: drop that group and start over */
              size_t worst = q.nA;
              double wr = 0.0;
              for (size_t a = 0; a < q.nA; a++)
                {
                  double dot = 0.0, uu = 0.0;
                  for (size_t b = 0; b < da; b++)
                    {
                      const double ub = q.u[a * da + b];
                      dot += (ub + q.du[a * da + b]) * ub;
                      uu += ub * ub;
                    }
                  if (dot / uu < wr)
                    {
                      wr = dot / uu;
                      worst = a;
                    }
                }
              if (worst < q.nA)
                {
                  memset (xout, 0, G * K * da * sizeof (double));
                  for (size_t a = 0; a < q.nA; a++)
                    if (a != worst)
                      memcpy (xout + (q.ak[a] * G + q.ag[a]) * da,
                              q.u + a * da, da * sizeof (double));
                  rounds++;
                  goto restart;
                }
            }
          for (size_t r = 0; r < q.nu; r++)
            unew[r] = q.u[r] + q.du[r];
          fnew = polish_objective (w, &q, unew, q.F);
          descended = fnew <= fcur + 64.0 * DBL_EPSILON * fabs (fcur);
          if (descended)
            mu_start = mu > 1e-12 ? mu / 100.0 : 1e-12;
        }
      if (!descended)
        goto done;
      const double decrease = fcur - fnew;
      memcpy (q.u, unew, q.nu * sizeof (double));
      fcur = fnew;
      /* a group heading for zero means the support was wrong */
      for (size_t a = 0; a < q.nA; a++)
        if (cvx_fw_nrm2 (q.u + a * da, da) < 1e-8 * umax)
          goto done;
      /* converged when the objective stops decreasing beyond rounding
       * (twice: the first stall can be a step along a flat direction) */
      if (decrease <= 256.0 * DBL_EPSILON * fabs (fcur))
        {
          if (++stalls >= 2)
            {
              ok = 1;
              break;
            }
        }
      else
        stalls = 0;
    }
  if (!ok)
    goto done;
  /* every cone must still hold (to rounding) */
  if (relu)
    {
      const blas_int bn = (blas_int) n, bda = (blas_int) da, inc = 1;
      const double one = 1.0, zero = 0.0;
      for (size_t a = 0; a < q.nA && ok; a++)
        {
          const double *ua = q.u + a * da;
          const double un = cvx_fw_nrm2 (ua, da);
          const unsigned char *Dm = w->D + q.ai[a] * n;
          dgemv_ ("N", &bn, &bda, &one, w->X, &bn, ua, &inc, &zero, q.T, &inc);
          for (size_t j = 0; j < n && ok; j++)
            {
              const double v = (Dm[j] ? 1.0 : -1.0) * q.T[j];
              if (v < -1e-12 * q.rn[j] * un)
                ok = 0;
            }
        }
    }
  if (ok)
    {
      memset (xout, 0, G * K * da * sizeof (double));
      for (size_t a = 0; a < q.nA; a++)
        memcpy (xout + (q.ak[a] * G + q.ag[a]) * da, q.u + a * da,
                da * sizeof (double));
    }
done:
  cvx_al_release (&al);
  cvx_al_release (&al0);
  *err = st;
  return ok;
}

/* ----------------------------------------------------------- driver */


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
  certificate (w, F, rc->Lam, rc->ck, &dual, &cm, full ? rc->cpat : NULL);
  const double primal = cvx_loss_value (w->o->loss, F, w->Y, w->n, w->K, NULL)
                        + cvx_fw_penalty (w, x);
  const double gap = primal - dual;
  const double rel = gap / (fabs (primal) > 1.0 ? fabs (primal) : 1.0);
  const size_t act = count_active (w, x);
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
      info->dual = dual;
      info->gap = gap;
      info->relgap = rel;
      info->violation = cm;
      info->active = act;
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
  return rel;
}

static int
ws_init (fit_ws *w, const cvx_ctx *c, const double *X, size_t n, size_t da,
         const unsigned char *D, size_t P, const double *Y, size_t K,
         const cvx_fit_opts *o, double *xu, fit_shared *sh)
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
  const size_t counts[] = { da * pk, da * pk, cvx_cone_work_size (n, da),
                            2 * da, n * pk };
  for (int k = 0; k < 4 + w->xu_owned; k++)
    {
      *slots[k] = c->alloc.malloc_fn (counts[k] * sizeof (double),
                                      c->alloc.ctx);
      if (!*slots[k])
        return CVX_ENOMEM;
    }
  w->pbuf = w->zbuf + da;
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
    }
  return CVX_OK;
}

static void
ws_free (fit_ws *w)
{
  const cvx_ctx *c = w->c;
  void *p[] = { w->xu_owned ? w->XU : NULL, w->Gm, w->Ueff, w->cone_work,
                w->zbuf, w->pact, w->pnact, w->cact, w->cnact };
  for (int k = 0; k < 9; k++)
    if (p[k])
      c->alloc.free_fn (p[k], c->alloc.ctx);
  memset (w, 0, sizeof *w);
}

/* FISTA (+ polishing) on the patterns of w, from x, until the relative
 * gap over those patterns is <= tol, the iteration budget is spent or the
 * user interrupts.  *it counts iterations across calls. */
static int
inner_solve (fit_ws *w, recorder *rc, double *x, double tol, long max_it,
             long *it, cvx_fit_info *info, int *status)
{
  if (w->o->solver == CVX_SOLVER_SSN && w->o->loss == CVX_LOSS_SQUARED)
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
  const size_t nv = w->G * K * da;
  int st = CVX_OK;
  cvx_alloc_list al = { c, { 0 }, 0 };
  double *y, *xn, *Z, *Fx, *Fy, *Fn, *R, *gb;
  AL_GET (al, y, 2 * nv * sizeof (double));
  xn = y + nv;
  AL_GET (al, Z, nv * sizeof (double));
  AL_GET (al, Fx, 3 * n * K * sizeof (double));
  Fy = Fx + n * K;
  Fn = Fy + n * K;
  AL_GET (al, R, n * K * sizeof (double));
  AL_GET (al, gb, da * sizeof (double));

  /* Fixed step 1/L, L = (loss curvature bound) |M_W|^2 (x2 for the v - w
   * split of relu), with a margin for the power iteration converging from
   * below.  The duality gap is first order in the iterate error, so a
   * 1e-8 gap needs iterates that agree to ~1e-8, where objective values
   * differ by ~1e-16: a step chosen by comparing objective values stalls
   * there, a fixed step does not.  Backtracking stays as a safeguard that
   * only shrinks the step. */
  const double curv = o->loss == CVX_LOSS_SQUARED ? 1.0
                      : o->loss == CVX_LOSS_LOGISTIC ? 0.25 : 0.5;
  const double L = 1.05 * curv * operator_norm2 (w, Fn)
                   * (o->model == CVX_MODEL_RELU ? 2.0 : 1.0);
  double eta = L > 0.0 ? 1.0 / L : 1.0;
  const long every = o->check_every > 0 ? o->check_every : 10;
  double t = 1.0, last_polish = HUGE_VAL;
  int polish_tries = 0;
  uint64_t polished_support = 0;
  long polished_at = 0;
  int support_tries = 0, last_ok = 0;
  const long it0 = *it;

  memcpy (y, x, nv * sizeof (double));
  cvx_fw_forward (w, x, Fx);
  memcpy (Fy, Fx, n * K * sizeof (double));
  *status = CVX_FIT_MAXITER;
  for (;; (*it)++)
    {
      const long k_in = *it - it0;
      if (k_in % every == 0 || *it >= max_it)
        {
          /* thin the log out as the solve gets long */
          const long stride = k_in < 100 ? 1 : k_in < 2000 ? 10 : 100;
          const int show = (k_in / every) % stride == 0;
          double rel = cvx_fw_record_point (w, rc, x, Fx, *it, eta, info, 'w', 0,
                                     show);
          /* polish when the gap has shrunk well below the last polish's,
           * or when FISTA has moved to another support since (a polish on
           * a support missing a pattern leaves a gap that FISTA's small
           * fixed steps close slowly; the new support usually has it) */
          const uint64_t sup = support_hash (w, x);
          const int by_gap = polish_tries < 40 && rel <= 0.3 * last_polish;
          /* by support only after a polish that worked: one refused (too
           * many unknowns) would be refused again, and the budget of the
           * gap trigger must not go to those */
          const int by_support = !by_gap && last_ok && support_tries < 20
                                 && sup != polished_support
                                 && k_in - polished_at >= 5 * every;
          if (rel > tol && rel <= 0.5 && (by_gap || by_support)
              && *it != w->sh->polished_it)
            {
              int perr = CVX_OK;
              last_polish = rel;
              polish_tries += by_gap;
              support_tries += by_support;
              polished_support = sup;
              polished_at = k_in;
              w->sh->polished_it = *it;
              last_ok = polish (w, x, xn, &perr);
              if (last_ok)
                {
                  cvx_fw_forward (w, xn, Fn);
                  const double rel2 = cvx_fw_record_point (w, rc, xn, Fn, *it, eta,
                                                    info, '*', 0, 1);
                  /* a polish on a stale support can certify better than
                   * FISTA's current point yet sit above it: jumping back
                   * there would undo FISTA's progress, over and over */
                  const double px = cvx_loss_value (o->loss, Fx, w->Y, n, K,
                                                    NULL) + cvx_fw_penalty (w, x);
                  const double pn = cvx_loss_value (o->loss, Fn, w->Y, n, K,
                                                    NULL) + cvx_fw_penalty (w, xn);
                  if (pn < px
                      || (rel2 < rel && pn <= px + 4.0 * DBL_EPSILON * fabs (px)))
                    {
                      memcpy (x, xn, nv * sizeof (double));
                      memcpy (y, xn, nv * sizeof (double));
                      memcpy (Fx, Fn, n * K * sizeof (double));
                      memcpy (Fy, Fn, n * K * sizeof (double));
                      t = 1.0;
                      rel = rel2;
                    }
                }
              else if (perr)
                {
                  st = perr;
                  goto done;
                }
            }
          if (rel <= tol)
            {
              *status = CVX_FIT_SOLVED;
              break;
            }
          if (*it >= max_it)
            break;
        }
      if (c->interrupted && c->interrupted (c->host))
        {
          *status = CVX_FIT_INTERRUPTED;
          break;
        }
      /* gradient at y */
      const double fy = cvx_loss_value (o->loss, Fy, w->Y, n, K, R);
      cvx_fw_backward (w, R);
      double fn = 0.0;
      for (int bt = 0; bt < 60; bt++)
        {
          for (size_t k = 0; k < K; k++)
            for (size_t g = 0; g < w->G; g++)
              {
                const double *gc = grad_col (w, k, g, gb);
                const double *yc = y + (k * w->G + g) * da;
                double *zc = Z + (k * w->G + g) * da;
                for (size_t b = 0; b < da; b++)
                  zc[b] = yc[b] - eta * gc[b];
              }
          prox (w, Z, eta, xn);
          cvx_fw_forward (w, xn, Fn);
          fn = cvx_loss_value (o->loss, Fn, w->Y, n, K, NULL);
          /* sufficient decrease: f(xn) <= f(y) + <g, xn-y> + |xn-y|^2/2eta */
          double lin = 0.0, quad = 0.0;
          for (size_t k = 0; k < K; k++)
            for (size_t g = 0; g < w->G; g++)
              {
                const double *gc = grad_col (w, k, g, gb);
                const double *yc = y + (k * w->G + g) * da;
                const double *xc = xn + (k * w->G + g) * da;
                for (size_t b = 0; b < da; b++)
                  {
                    const double dlt = xc[b] - yc[b];
                    lin += gc[b] * dlt;
                    quad += dlt * dlt;
                  }
              }
          if (fn <= fy + lin + quad / (2.0 * eta)
                     + 64.0 * DBL_EPSILON * (fabs (fy) + fabs (fn)))
            break;
          eta *= 0.5;
        }
      /* restart when the momentum points uphill (O'Donoghue-Candes) */
      double dot = 0.0;
      for (size_t j = 0; j < nv; j++)
        dot += (y[j] - xn[j]) * (xn[j] - x[j]);
      double beta;
      if (dot > 0.0)
        {
          t = 1.0;
          beta = 0.0;
        }
      else
        {
          const double tn = 0.5 * (1.0 + sqrt (1.0 + 4.0 * t * t));
          beta = (t - 1.0) / tn;
          t = tn;
        }
      /* y may leave the cones (relu): only prox outputs must be feasible,
       * and F(y) is exact because the model is linear in the variables */
      for (size_t j = 0; j < nv; j++)
        y[j] = xn[j] + beta * (xn[j] - x[j]);
      for (size_t j = 0; j < n * K; j++)
        Fy[j] = Fn[j] + beta * (Fn[j] - Fx[j]);
      memcpy (x, xn, nv * sizeof (double));
      memcpy (Fx, Fn, n * K * sizeof (double));
    }
done:
  cvx_al_release (&al);
  return st;
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
  const size_t parts = relu ? 2 : 1, Gf = parts * P;
  fit_ws wf, wsub;
  fit_shared sh = { info, NULL, 0, -1 };
  memset (&wf, 0, sizeof wf);
  memset (&wsub, 0, sizeof wsub);
  int st = CVX_OK;
  cvx_alloc_list al = { c, { 0 }, 0 };
  const long every = o->check_every > 0 ? o->check_every : 10;
  const long hist_cap = o->max_iter / every + 64 + 40 * 64;
  double *hist, *Ff, *Lam, *ck, *cpat, *xs = NULL;
  size_t *widx, *order;
  unsigned char *inW, *Dsub = NULL;
  AL_GET (al, hist, (size_t) hist_cap * CVX_FIT_HIST_COLS * sizeof (double));
  AL_GET (al, Ff, n * K * sizeof (double));
  AL_GET (al, Lam, n * K * sizeof (double));
  AL_GET (al, ck, K * sizeof (double));
  AL_GET (al, cpat, P * sizeof (double));
  AL_GET (al, widx, P * sizeof (size_t));
  AL_GET (al, order, P * sizeof (size_t));
  AL_GET (al, inW, P);
  st = ws_init (&wf, c, X, n, da, D, P, Y, K, o, NULL, &sh);
  if (st)
    goto done;

  recorder rc = { hist, hist_cap, cvx_now (c), Lam, ck, cpat, P, 0 };
  /* start feasible: project every group of the start onto its cone */
  if (relu)
    for (size_t k = 0; k < K; k++)
      for (size_t g = 0; g < Gf; g++)
        {
          double *col = U + (k * Gf + g) * da;
          const size_t i = g < P ? g : g - P;
          memcpy (wf.zbuf, col, da * sizeof (double));
          cvx_cone_project (X, n, da, D + i * n, wf.zbuf, col, wf.cone_work,
                            NULL);
        }
  cvx_fw_forward (&wf, U, Ff);
  long it = 0;
  int status = CVX_FIT_MAXITER;
  double rel = cvx_fw_record_point (&wf, &rc, U, Ff, it, 0.0, info, ' ', 1,
                                    1);
  if (count_active (&wf, U) == 0)
    info->lambda_max = info->violation * o->lambda;

  /* working set: the patterns in use plus the most violated ones.  The
   * Newton solver takes every pattern at once: its cost is in the active
   * groups, and the products over all patterns are a small part of a step,
   * while each new working set costs it a restart. */
  const int ssn = o->solver == CVX_SOLVER_SSN && o->loss == CVX_LOSS_SQUARED;
  size_t m = 0;
  memset (inW, 0, P);
  for (size_t i = 0; i < P; i++)
    for (size_t k = 0; k < K && !inW[i]; k++)
      for (size_t s = 0; s < parts && !inW[i]; s++)
        if (ssn
            || cvx_fw_nrm2 (U + (k * Gf + gidx (P, i, (int) s)) * da, da) > 0.0)
          {
            inW[i] = 1;
            widx[m++] = i;
          }
  /* with every pattern in the working set its certificate is the full
   * one: its tolerance is the user's */
  double tol_in = m == P ? o->tol : o->tol * 0.1;
  int solves = 0;
  while (rel > o->tol)
    {
      /* add up to max(16, m) violated patterns, the worst first */
      size_t nv_ = 0;
      for (size_t i = 0; i < P; i++)
        if (!inW[i] && cpat[i] > o->lambda * (1.0 + 1e-12))
          order[nv_++] = i;
      if (nv_ == 0 && solves > 0)
        {
          /* nothing left to add: a tighter solve, unless the Newton
           * solver already had every pattern at the user's tolerance */
          if (tol_in <= 1e-15 || it >= o->max_iter || (ssn && m == P))
            break;
          tol_in *= 0.01;           /* the working-set solve was too loose */
        }
      else if (nv_ > 0)
        {
          size_t add = m > 16 ? m : 16;
          add = add < nv_ ? add : nv_;
          for (size_t a = 0; a < add; a++)       /* partial selection */
            {
              size_t best = a;
              for (size_t b = a + 1; b < nv_; b++)
                if (cpat[order[b]] > cpat[order[best]])
                  best = b;
              const size_t tmp = order[a];
              order[a] = order[best];
              order[best] = tmp;
              inW[order[a]] = 1;
              widx[m++] = order[a];
            }
        }
      if (it >= o->max_iter)
        break;
      /* the working-set problem: its own D columns and variables */
      ws_free (&wsub);
      if (Dsub)
        c->alloc.free_fn (Dsub, c->alloc.ctx);
      if (xs)
        c->alloc.free_fn (xs, c->alloc.ctx);
      Dsub = NULL;
      xs = NULL;
      Dsub = c->alloc.malloc_fn (n * m, c->alloc.ctx);
      xs = c->alloc.malloc_fn (parts * m * K * da * sizeof (double),
                               c->alloc.ctx);
      if (!Dsub || !xs)
        {
          st = CVX_ENOMEM;
          goto done;
        }
      for (size_t a = 0; a < m; a++)
        memcpy (Dsub + a * n, D + widx[a] * n, n);
      /* the working set's n x m K products fit in the full set's buffer
       * (m <= P): at n = 1e5, P = 1000 that is 800 MB not allocated */
      st = ws_init (&wsub, c, X, n, da, Dsub, m, Y, K, o, wf.XU, &sh);
      if (st)
        goto done;
      copy_working_set (U, xs, widx, m, P, K, parts, da, 1);
      rc.wsize = m;
      int ist = CVX_FIT_MAXITER;
      /* inexact while patterns are missing: well below the last full gap
       * is enough to tell which patterns to add next */
      const double tol_round = nv_ ? fmax (tol_in, 0.25 * rel) : tol_in;
      st = inner_solve (&wsub, &rc, xs, tol_round, o->max_iter, &it, info,
                        &ist);
      solves++;
      if (st)
        goto done;
      copy_working_set (U, xs, widx, m, P, K, parts, da, 0);
      cvx_fw_forward (&wf, U, Ff);
      rc.wsize = P;
      rel = cvx_fw_record_point (&wf, &rc, U, Ff, it, 0.0, info, ' ', 1, 1);
      if (ist == CVX_FIT_INTERRUPTED)
        {
          status = CVX_FIT_INTERRUPTED;
          break;
        }
    }
  if (rel <= o->tol)
    status = CVX_FIT_SOLVED;
  info->status = status;
  info->iterations = it;
  info->time = cvx_now (c) - rc.t0;
  info->hist = hist;
  info->hist_cols = CVX_FIT_HIST_COLS;
  cvx_al_keep (&al, hist);              /* hist goes to the caller */
done:
  ws_free (&wf);
  ws_free (&wsub);
  if (sh.polish_buf)
    c->alloc.free_fn (sh.polish_buf, c->alloc.ctx);
  if (Dsub)
    c->alloc.free_fn (Dsub, c->alloc.ctx);
  if (xs)
    c->alloc.free_fn (xs, c->alloc.ctx);
  cvx_al_release (&al);
  return st;
}
