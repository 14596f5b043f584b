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
 * Method: FISTA with backtracking and gradient-mapping restart (MATH 4.4,
 * 9.2).  The prox of t|.| + i_K is the group shrink of the projection onto
 * K (MATH 4.4, Moreau): iterates of the relu model are exactly feasible,
 * so the network read off them has exactly the convex objective.  All
 * products with the data are two GEMMs per iteration over every pattern at
 * once: forward X*U (n x PK) masked by D, backward X'*(D .* r).
 *
 * Certificate (MATH 2.5, 4.3): Lam = -grad L(F), c_k = max over patterns
 * and signs of |Pi_Ki(+-X' D_i Lam_k)| (relu) or |X' D_i Lam_k| (gated),
 * Lam scaled into the dual feasible set, gap = primal - dual (MATH 1.5).
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  const cvx_ctx *c;
  const double *X;        /* n x da           */
  size_t n, da, P, K, G;  /* G groups per output: P (gated) or 2P (relu) */
  const unsigned char *D; /* n x P            */
  const double *Y;        /* n x K            */
  const cvx_fit_opts *o;
  double *XU;             /* n x PK           */
  double *M;              /* n x PK  masked residual for the backward   */
  double *Gm;             /* da x PK gradient with respect to Ueff      */
  double *Ueff;           /* da x PK                                    */
  double *cone_work;
  double *zbuf, *pbuf;    /* da                                         */
} fit_ws;

/* ------------------------------------------------------------ losses */

static double
log1pexp (double t)           /* log(1 + e^t) without overflow */
{
  return t > 0 ? t + log1p (exp (-t)) : log1p (exp (t));
}

/* value of L(F) and R = grad L(F) (R may be NULL) */
static double
loss_eval (int loss, const double *F, const double *Y, size_t n, size_t K,
           double *R)
{
  double f = 0.0;
  switch (loss)
    {
    case CVX_LOSS_SQUARED:
      for (size_t j = 0; j < n * K; j++)
        {
          const double e = F[j] - Y[j];
          f += 0.5 * e * e;
          if (R)
            R[j] = e;
        }
      break;
    case CVX_LOSS_LOGISTIC:           /* K == 1, y = +-1 */
      for (size_t j = 0; j < n; j++)
        {
          const double m = Y[j] * F[j];
          f += log1pexp (-m);
          if (R)
            R[j] = -Y[j] / (1.0 + exp (m));
        }
      break;
    default:                          /* cross-entropy, Y one-hot */
      for (size_t j = 0; j < n; j++)
        {
          double fmax = -HUGE_VAL, s = 0.0, fy = 0.0;
          for (size_t k = 0; k < K; k++)
            if (F[k * n + j] > fmax)
              fmax = F[k * n + j];
          for (size_t k = 0; k < K; k++)
            {
              s += exp (F[k * n + j] - fmax);
              fy += Y[k * n + j] * F[k * n + j];
            }
          f += fmax + log (s) - fy;
          if (R)
            for (size_t k = 0; k < K; k++)
              R[k * n + j] = exp (F[k * n + j] - fmax) / s - Y[k * n + j];
        }
    }
  return f;
}

static double
xlogx (double p)
{
  return p > 0.0 ? p * log (p) : 0.0;
}

/* D(Lam) = -L*(-Lam) (MATH 1.5); Lam must lie in the domain. */
static double
loss_dual (int loss, const double *Lam, const double *Y, size_t n, size_t K)
{
  double v = 0.0;
  switch (loss)
    {
    case CVX_LOSS_SQUARED:
      for (size_t j = 0; j < n * K; j++)
        v += 0.5 * Y[j] * Y[j] - 0.5 * (Lam[j] - Y[j]) * (Lam[j] - Y[j]);
      break;
    case CVX_LOSS_LOGISTIC:
      for (size_t j = 0; j < n; j++)
        {
          double p = Y[j] * Lam[j];
          p = p < 0.0 ? 0.0 : (p > 1.0 ? 1.0 : p);
          v += -xlogx (p) - xlogx (1.0 - p);
        }
      break;
    default:
      for (size_t j = 0; j < n; j++)
        for (size_t k = 0; k < K; k++)
          {
            double p = Y[k * n + j] - Lam[k * n + j];
            v -= xlogx (p < 0.0 ? 0.0 : p);
          }
    }
  return v;
}

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

/* F = sum_i D_i X u_i per output: one GEMM, then the mask. */
static void
forward (fit_ws *w, const double *U, double *F)
{
  const size_t n = w->n, P = w->P;
  const blas_int bn = (blas_int) n, bda = (blas_int) w->da;
  const blas_int bpk = (blas_int) (P * w->K);
  const double one = 1.0, zero = 0.0;
  effective_u (w, U);
  dgemm_ ("N", "N", &bn, &bpk, &bda, &one, w->X, &bn, w->Ueff, &bda, &zero,
          w->XU, &bn);
  for (size_t k = 0; k < w->K; k++)
    {
      double *f = F + k * n;
      memset (f, 0, n * sizeof (double));
      for (size_t i = 0; i < P; i++)
        {
          const unsigned char *d = w->D + i * n;
          const double *z = w->XU + (k * P + i) * n;
          for (size_t j = 0; j < n; j++)
            f[j] += d[j] ? z[j] : 0.0;
        }
    }
}

/* Gm(:, kP+i) = X' (D_i .* R_k): one GEMM. */
static void
backward (fit_ws *w, const double *R)
{
  const size_t n = w->n, P = w->P;
  for (size_t k = 0; k < w->K; k++)
    for (size_t i = 0; i < P; i++)
      {
        const unsigned char *d = w->D + i * n;
        const double *r = R + k * n;
        double *m = w->M + (k * P + i) * n;
        for (size_t j = 0; j < n; j++)
          m[j] = d[j] ? r[j] : 0.0;
      }
  const blas_int bn = (blas_int) n, bda = (blas_int) w->da;
  const blas_int bpk = (blas_int) (P * w->K);
  const double one = 1.0, zero = 0.0;
  dgemm_ ("T", "N", &bda, &bpk, &bn, &one, w->X, &bn, w->M, &bn, &zero,
          w->Gm, &bda);
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

static double
nrm2 (const double *x, size_t n)
{
  const blas_int bn = (blas_int) n, inc = 1;
  return dnrm2_ (&bn, x, &inc);
}

static double
penalty (const fit_ws *w, const double *U)
{
  double s = 0.0;
  for (size_t col = 0; col < w->G * w->K; col++)
    s += nrm2 (U + col * w->da, w->da);
  return w->o->lambda * s;
}

/* x = prox_{eta lam (|.| + i_K)}(z), column by column (MATH 4.4). */
static void
prox (fit_ws *w, const double *Z, double eta, double *Xout)
{
  const size_t da = w->da, P = w->P, n = w->n;
  const double tau = eta * w->o->lambda;
  for (size_t k = 0; k < w->K; k++)
    for (size_t g = 0; g < w->G; g++)
      {
        const double *z = Z + (k * w->G + g) * da;
        double *x = Xout + (k * w->G + g) * da;
        double zn = nrm2 (z, da);
        if (zn <= tau)                      /* |Pi_K z| <= |z| <= tau */
          {
            memset (x, 0, da * sizeof (double));
            continue;
          }
        const double *p = z;
        if (w->o->model == CVX_MODEL_RELU)
          {
            const size_t i = g < P ? g : g - P;
            cvx_cone_project (w->X, n, da, w->D + i * n, z, w->pbuf,
                              w->cone_work, NULL);
            p = w->pbuf;
            zn = nrm2 (p, da);
          }
        const double s = zn > tau ? 1.0 - tau / zn : 0.0;
        for (size_t b = 0; b < da; b++)
          x[b] = s * p[b];
      }
}

/* Certificate at F (MATH 2.5): fills dual, c (max constraint / lambda). */
static void
certificate (fit_ws *w, const double *F, double *Lam, double *ck,
             double *dual, double *cmax)
{
  const size_t n = w->n, K = w->K, P = w->P, da = w->da;
  const double lam = w->o->lambda;
  loss_eval (w->o->loss, F, w->Y, n, K, Lam);       /* Lam = grad */
  for (size_t j = 0; j < n * K; j++)
    Lam[j] = -Lam[j];
  backward (w, Lam);                                /* X' D_i Lam_k */
  for (size_t k = 0; k < K; k++)
    {
      double c = 0.0;
      for (size_t i = 0; i < P; i++)
        {
          const double *g = w->Gm + (k * P + i) * da;
          const double gn = nrm2 (g, da);
          if (gn <= c)
            continue;                               /* |Pi_K g| <= |g| */
          if (w->o->model == CVX_MODEL_GATED)
            {
              c = gn;
              continue;
            }
          for (int s = -1; s <= 1; s += 2)
            {
              for (size_t b = 0; b < da; b++)
                w->zbuf[b] = s * g[b];
              cvx_cone_project (w->X, n, da, w->D + i * n, w->zbuf, w->pbuf,
                                w->cone_work, NULL);
              const double pn = nrm2 (w->pbuf, da);
              if (pn > c)
                c = pn;
            }
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
  *dual = loss_dual (w->o->loss, Lam, w->Y, n, K);
}

static size_t
count_active (const fit_ws *w, const double *U)
{
  size_t a = 0;
  for (size_t col = 0; col < w->G * w->K; col++)
    a += nrm2 (U + col * w->da, w->da) > 0.0;
  return a;
}

static double
now (const cvx_ctx *c)
{
  return c->seconds ? c->seconds (c->host) : 0.0;
}

/* Largest squared singular value of M = [D_1 X, ..., D_P X] by power
 * iteration on M'M (two GEMMs a step); the one-vs-all outputs share it. */
static double
operator_norm2 (fit_ws *w, double *F)
{
  const size_t da = w->da, P = w->P, n = w->n;
  const blas_int bn = (blas_int) n, bda = (blas_int) da, bp = (blas_int) P;
  const double one = 1.0, zero = 0.0;
  double *V = w->Ueff;                        /* da x P, output 0 only */
  for (size_t j = 0; j < da * P; j++)
    V[j] = 1.0 + 0.01 * (double) (j % 7);     /* deterministic start */
  double s2 = 0.0;
  for (int it = 0; it < 50; it++)
    {
      dgemm_ ("N", "N", &bn, &bp, &bda, &one, w->X, &bn, V, &bda, &zero,
              w->XU, &bn);
      memset (F, 0, n * sizeof (double));
      for (size_t i = 0; i < P; i++)
        for (size_t j = 0; j < n; j++)
          F[j] += w->D[i * n + j] ? w->XU[i * n + j] : 0.0;
      for (size_t i = 0; i < P; i++)
        for (size_t j = 0; j < n; j++)
          w->M[i * n + j] = w->D[i * n + j] ? F[j] : 0.0;
      dgemm_ ("T", "N", &bda, &bp, &bn, &one, w->X, &bn, w->M, &bn, &zero,
              w->Gm, &bda);
      const double vn = nrm2 (V, da * P), gn = nrm2 (w->Gm, da * P);
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
#define POLISH_MAX_VARS 3000

typedef struct {
  size_t nA, nu, nc, N;
  size_t *ag, *ak, *ai;    /* group index in [0,G), output, pattern      */
  double *as;              /* sign of the group's contribution (+1/-1)    */
  size_t *koff, *klen;     /* column range of output k in the unknowns    */
  size_t *crow, *cgrp;     /* equality constraints: row j of group a      */
  double *BB;              /* n x nu: block a = as_a * D_i .* X           */
  double *u, *du, *H, *KK, *rhs, *g, *W, *T, *F, *R, *work;
  blas_int *ipiv;
  size_t lwork;
} polish_ws;

static void *
pw_alloc (const cvx_ctx *c, size_t bytes, void **list, int *nl)
{
  void *p = c->alloc.malloc_fn (bytes ? bytes : 1, c->alloc.ctx);
  if (p)
    list[(*nl)++] = p;
  return p;
}

/* F = sum_a B_a u_a per output */
static void
polish_forward (fit_ws *w, polish_ws *q, const double *u, double *F)
{
  const size_t n = w->n, da = w->da;
  const blas_int bn = (blas_int) n, bda = (blas_int) da, inc = 1;
  const double one = 1.0;
  memset (F, 0, n * w->K * sizeof (double));
  for (size_t a = 0; a < q->nA; a++)
    dgemv_ ("N", &bn, &bda, &one, q->BB + a * da * n, &bn, u + a * da, &inc,
            &one, F + q->ak[a] * n, &inc);
}

static double
polish_objective (fit_ws *w, polish_ws *q, const double *u, double *F)
{
  polish_forward (w, q, u, F);
  double pen = 0.0;
  for (size_t a = 0; a < q->nA; a++)
    pen += nrm2 (u + a * w->da, w->da);
  return loss_eval (w->o->loss, F, w->Y, w->n, w->K, NULL)
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
        const double na = nrm2 (ua, da);
        if (na == 0.0)
          continue;
        for (size_t h = g + 1; h < G; h++)
          {
            if ((g < P) != (h < P))
              continue;                        /* opposite signs */
            double *ub = x + (k * G + h) * da;
            const double nb = nrm2 (ub, da);
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

/* Returns 1 and the polished point in xout (full layout) on success.
 * xout is also the working copy of x. */
static int
polish (fit_ws *w, const double *xin, double *xout, int *err)
{
  const cvx_ctx *c = w->c;
  const size_t n = w->n, da = w->da, K = w->K, P = w->P, G = w->G;
  const double lam = w->o->lambda;
  const int relu = w->o->model == CVX_MODEL_RELU;
  void *list[32];
  int nl = 0, ok = 0, rounds = 0;
  polish_ws q;
  *err = CVX_OK;
  memcpy (xout, xin, G * K * da * sizeof (double));
  if (relu)
    merge_parallel (w, xout);
  const double *x = xout;
restart:
  for (int k = nl - 1; k >= 0; k--)
    c->alloc.free_fn (list[k], c->alloc.ctx);
  nl = 0;
  memset (&q, 0, sizeof q);

  double umax = 0.0;
  for (size_t col = 0; col < G * K; col++)
    {
      const double v = nrm2 (x + col * da, da);
      umax = v > umax ? v : umax;
    }
  if (umax == 0.0)
    goto done;
  for (size_t col = 0; col < G * K; col++)
    q.nA += nrm2 (x + col * da, da) > 0.0;
  q.nu = q.nA * da;
  if (q.nu > POLISH_MAX_VARS)
    goto done;
#define PA(ptr, count, type)                                           \
  do                                                                   \
    {                                                                  \
      ptr = pw_alloc (c, (count) * sizeof (type), list, &nl);          \
      if (!ptr)                                                        \
        {                                                              \
          *err = CVX_ENOMEM;                                           \
          goto done;                                                   \
        }                                                              \
    }                                                                  \
  while (0)
  PA (q.ag, q.nA, size_t);
  PA (q.ak, q.nA, size_t);
  PA (q.ai, q.nA, size_t);
  PA (q.as, q.nA, double);
  PA (q.koff, K, size_t);
  PA (q.klen, K, size_t);
  PA (q.BB, n * q.nu, double);
  PA (q.u, q.nu, double);
  PA (q.F, 2 * n * K, double);
  q.R = q.F + n * K;
  {
    size_t a = 0;
    for (size_t k = 0; k < K; k++)
      {
        q.koff[k] = a * da;
        for (size_t g = 0; g < G; g++)
          {
            const double *col = x + (k * G + g) * da;
            if (nrm2 (col, da) == 0.0)
              continue;
            q.ag[a] = g;
            q.ak[a] = k;
            q.ai[a] = g < P ? g : g - P;
            q.as[a] = (relu && g >= P) ? -1.0 : 1.0;
            memcpy (q.u + a * da, col, da * sizeof (double));
            const unsigned char *Dm = w->D + q.ai[a] * n;
            for (size_t b = 0; b < da; b++)
              for (size_t j = 0; j < n; j++)
                q.BB[(a * da + b) * n + j] = Dm[j] ? q.as[a] * w->X[b * n + j] : 0.0;
            a++;
          }
        q.klen[k] = a * da - q.koff[k];
      }
  }
  /* knots at data points: rows with a_j'u_a = 0 (to rounding) */
  q.nc = 0;
  PA (q.crow, relu ? n * q.nA : 1, size_t);
  PA (q.cgrp, relu ? n * q.nA : 1, size_t);
  PA (q.T, n * (da > K ? da : K) + n, double);   /* X u scratch + weights */
  if (relu)
    {
      const blas_int bn = (blas_int) n, bda = (blas_int) da, inc = 1;
      const double one = 1.0, zero = 0.0;
      for (size_t a = 0; a < q.nA; a++)
        {
          const double *ua = q.u + a * da;
          const double un = nrm2 (ua, da);
          dgemv_ ("N", &bn, &bda, &one, w->X, &bn, ua, &inc, &zero, q.T, &inc);
          for (size_t j = 0; j < n; j++)
            {
              double xn = 0.0;
              for (size_t b = 0; b < da; b++)
                xn += w->X[b * n + j] * w->X[b * n + j];
              if (fabs (q.T[j]) <= 1e-9 * sqrt (xn) * un)
                {
                  q.crow[q.nc] = j;
                  q.cgrp[q.nc] = a;
                  q.nc++;
                }
            }
        }
    }
  q.N = q.nu + q.nc;
  if (q.N > POLISH_MAX_VARS + n)
    goto done;
  PA (q.du, q.N, double);
  PA (q.H, q.nu * q.nu, double);
  PA (q.KK, q.N * q.N, double);
  PA (q.g, q.nu, double);
  PA (q.W, n * K * K, double);
  PA (q.ipiv, q.N, blas_int);
  {
    blas_int bN = (blas_int) q.N, one_i = 1, lw = -1, info = 0;
    double wq = 0.0;
    dsysv_ ("L", &bN, &one_i, q.KK, &bN, q.ipiv, q.du, &bN, &wq, &lw, &info);
    q.lwork = (size_t) wq > q.N ? (size_t) wq : q.N;
  }
  PA (q.work, q.lwork, double);
  PA (q.rhs, q.nu, double);

  double fcur = polish_objective (w, &q, q.u, q.F);
  int stalls = 0;
  double *unew = q.rhs;                         /* reuse as scratch */
  for (int it = 0; it < 30; it++)
    {
      /* gradient and loss Hessian weights at the current point */
      polish_forward (w, &q, q.u, q.F);
      loss_eval (w->o->loss, q.F, w->Y, n, K, q.R);
      for (size_t a = 0; a < q.nA; a++)
        {
          const blas_int bn = (blas_int) n, bda = (blas_int) da, inc = 1;
          const double one = 1.0, zero = 0.0;
          const double *ua = q.u + a * da;
          const double un = nrm2 (ua, da);
          dgemv_ ("T", &bn, &bda, &one, q.BB + a * da * n, &bn,
                  q.R + q.ak[a] * n, &inc, &zero, q.g + a * da, &inc);
          for (size_t b = 0; b < da; b++)
            q.g[a * da + b] += lam * ua[b] / un;
        }
      /* W(:, k, k') = d2 L / dF_k dF_k' row by row */
      for (size_t j = 0; j < n * K * K; j++)
        q.W[j] = 0.0;
      for (size_t j = 0; j < n; j++)
        {
          if (w->o->loss == CVX_LOSS_SQUARED)
            for (size_t k = 0; k < K; k++)
              q.W[(k * K + k) * n + j] = 1.0;
          else if (w->o->loss == CVX_LOSS_LOGISTIC)
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
      /* H block (k, k') = B_k' diag(W_kk') B_k' with one GEMM each */
      memset (q.H, 0, q.nu * q.nu * sizeof (double));
      double *Tk = pw_alloc (c, n * (q.nu ? q.nu : 1) * sizeof (double), list, &nl);
      if (!Tk)
        {
          *err = CVX_ENOMEM;
          goto done;
        }
      for (size_t k = 0; k < K; k++)
        for (size_t k2 = 0; k2 < K; k2++)
          {
            if (!q.klen[k] || !q.klen[k2])
              continue;
            const double *wk = q.W + (k * K + k2) * n;
            int any = 0;
            for (size_t j = 0; j < n && !any; j++)
              any = wk[j] != 0.0;
            if (!any)
              continue;
            for (size_t col = 0; col < q.klen[k2]; col++)
              for (size_t j = 0; j < n; j++)
                Tk[col * n + j] = wk[j] * q.BB[(q.koff[k2] + col) * n + j];
            const blas_int m1 = (blas_int) q.klen[k], m2 = (blas_int) q.klen[k2];
            const blas_int bn = (blas_int) n, ld = (blas_int) q.nu;
            const double one = 1.0, zero = 0.0;
            dgemm_ ("T", "N", &m1, &m2, &bn, &one, q.BB + q.koff[k] * n, &bn,
                    Tk, &bn, &zero, q.H + q.koff[k2] * q.nu + q.koff[k], &ld);
          }
      nl--;
      c->alloc.free_fn (Tk, c->alloc.ctx);
      double hmax = 0.0;
      for (size_t a = 0; a < q.nA; a++)
        {
          const double *ua = q.u + a * da;
          const double un = nrm2 (ua, da);
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
      for (double mu = 1e-12; mu <= 1.0 && !descended; mu *= 100.0)
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
          if (mu == 1e-12 && rounds < 20)
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
        }
      if (!descended)
        goto done;
      const double decrease = fcur - fnew;
      memcpy (q.u, unew, q.nu * sizeof (double));
      fcur = fnew;
      /* a group heading for zero means the support was wrong */
      for (size_t a = 0; a < q.nA; a++)
        if (nrm2 (q.u + a * da, da) < 1e-8 * umax)
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
          const double un = nrm2 (ua, da);
          const unsigned char *Dm = w->D + q.ai[a] * n;
          dgemv_ ("N", &bn, &bda, &one, w->X, &bn, ua, &inc, &zero, q.T, &inc);
          for (size_t j = 0; j < n && ok; j++)
            {
              double xn = 0.0;
              for (size_t b = 0; b < da; b++)
                xn += w->X[b * n + j] * w->X[b * n + j];
              const double v = (Dm[j] ? 1.0 : -1.0) * q.T[j];
              if (v < -1e-12 * sqrt (xn) * un)
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
#undef PA
  for (int k = nl - 1; k >= 0; k--)
    c->alloc.free_fn (list[k], c->alloc.ctx);
  return ok;
}

/* Certificate of the point x (with F = model output), recorded in info,
 * in the history and in the log; returns the relative gap. */
typedef struct {
  double *hist;
  long cap;
  double t0;
  double *Lam, *ck;
  char tag;
} recorder;

static double
record_point (fit_ws *w, recorder *rc, const double *x, const double *F,
              long it, double eta, cvx_fit_info *info)
{
  const cvx_ctx *c = w->c;
  double dual, cm;
  certificate (w, F, rc->Lam, rc->ck, &dual, &cm);
  const double primal = loss_eval (w->o->loss, F, w->Y, w->n, w->K, NULL)
                        + penalty (w, x);
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
      h[6] = now (c) - rc->t0;
      info->nhist++;
    }
  info->primal = primal;
  info->dual = dual;
  info->gap = gap;
  info->relgap = rel;
  info->violation = cm;
  info->active = act;
  if (w->o->display && c->progress)
    {
      char line[200];
      snprintf (line, sizeof line,
                " %7ld%c| %14.8e | %14.8e | %10.3e | %7zu | %9.3e | %8.3f",
                it, rc->tag, primal, dual, rel, act, eta, now (c) - rc->t0);
      c->progress (c->host, line);
    }
  return rel;
}

size_t
cvx_fit_nvars (size_t da, size_t P, size_t K, int model)
{
  return da * P * K * (model == CVX_MODEL_RELU ? 2 : 1);
}

int
cvx_fit (const cvx_ctx *c, const double *X, size_t n, size_t da,
         const unsigned char *D, size_t P, const double *Y, size_t K,
         const cvx_fit_opts *o, double *U, cvx_fit_info *info)
{
  memset (info, 0, sizeof *info);
  if (n == 0 || da == 0 || P == 0 || K == 0 || !(o->lambda > 0.0)
      || (o->loss == CVX_LOSS_LOGISTIC && K != 1))
    return CVX_EINVAL;
  if (!cvx_blas_fits (n) || !cvx_blas_fits (da) || !cvx_blas_fits (P * K)
      || P * K > SIZE_MAX / n / sizeof (double) / 4)
    return CVX_ETOOLARGE;

  fit_ws w;
  memset (&w, 0, sizeof w);
  w.c = c;
  w.X = X;
  w.n = n;
  w.da = da;
  w.P = P;
  w.K = K;
  w.G = o->model == CVX_MODEL_RELU ? 2 * P : P;
  w.D = D;
  w.Y = Y;
  w.o = o;
  const size_t nv = w.G * K * da, pk = P * K;
  /* one row per certificate check, plus one per polishing attempt */
  const long hist_cap = o->max_iter / (o->check_every > 0 ? o->check_every : 1) + 2 + 40;
  double *buf[16] = { 0 };
  int nb = 0, st = CVX_OK;
#define ALLOC(ptr, count)                                                 \
  do                                                                      \
    {                                                                     \
      ptr = c->alloc.malloc_fn ((count) * sizeof (double), c->alloc.ctx); \
      if (!ptr)                                                           \
        {                                                                 \
          st = CVX_ENOMEM;                                                \
          goto done;                                                      \
        }                                                                 \
      buf[nb++] = ptr;                                                    \
    }                                                                     \
  while (0)
  double *x0, *y, *xn, *Z, *Fx, *Fy, *Fn, *R, *Lam, *ck, *gb, *hist;
  ALLOC (w.XU, n * pk);
  ALLOC (w.M, n * pk);
  ALLOC (w.Gm, da * pk);
  ALLOC (w.Ueff, da * pk);
  ALLOC (w.cone_work, cvx_cone_work_size (n, da));
  ALLOC (w.zbuf, 2 * da);
  w.pbuf = w.zbuf + da;
  ALLOC (x0, 3 * nv);
  y = x0 + nv;
  xn = y + nv;
  ALLOC (Z, nv);
  ALLOC (Fx, 3 * n * K);
  Fy = Fx + n * K;
  Fn = Fy + n * K;
  ALLOC (R, 2 * n * K);
  Lam = R + n * K;
  ALLOC (ck, K + da);
  gb = ck + K;
  ALLOC (hist, (size_t) hist_cap * CVX_FIT_HIST_COLS);
#undef ALLOC

  const double t0 = now (c);
  char line[200];
  info->lambda_max = NAN;
  const long every = o->check_every > 0 ? o->check_every : 10;

  memcpy (x0, U, nv * sizeof (double));
  if (o->model == CVX_MODEL_RELU)       /* start feasible: project */
    {
      memcpy (Z, x0, nv * sizeof (double));
      for (size_t k = 0; k < K; k++)
        for (size_t g = 0; g < w.G; g++)
          {
            double *col = x0 + (k * w.G + g) * da;
            const size_t i = g < P ? g : g - P;
            cvx_cone_project (X, n, da, D + i * n, Z + (k * w.G + g) * da,
                              col, w.cone_work, NULL);
          }
    }
  memcpy (y, x0, nv * sizeof (double));
  forward (&w, x0, Fx);
  memcpy (Fy, Fx, n * K * sizeof (double));

  /* Fixed step 1/L, L = (loss curvature bound) |M|^2 (x2 for the v - w
   * split of relu), with a margin for the power iteration converging from
   * below.  The duality gap is first order in the iterate error, so a
   * 1e-8 gap needs iterates that agree to ~1e-8, where objective values
   * differ by ~1e-16: a step chosen by comparing objective values stalls
   * there, a fixed step does not.  Backtracking stays as a safeguard that
   * only shrinks the step. */
  const double curv = o->loss == CVX_LOSS_SQUARED ? 1.0
                      : o->loss == CVX_LOSS_LOGISTIC ? 0.25 : 0.5;
  const double L = 1.05 * curv * operator_norm2 (&w, Fn)
                   * (o->model == CVX_MODEL_RELU ? 2.0 : 1.0);
  double eta = L > 0.0 ? 1.0 / L : 1.0;
  double t = 1.0;
  long it = 0;
  int status = CVX_FIT_MAXITER;

  if (o->display)
    {
      snprintf (line, sizeof line,
                " %7s | %14s | %14s | %10s | %7s | %9s | %8s", "iter",
                "objective", "dual bound", "rel gap", "active", "step",
                "time [s]");
      if (c->progress)
        c->progress (c->host, line);
    }
  recorder rc = { hist, hist_cap, t0, Lam, ck, ' ' };
  double last_polish = HUGE_VAL;
  int polish_tries = 0;
  for (it = 0;; it++)
    {
      const int check = (it % every == 0) || it >= o->max_iter;
      if (check)
        {
          rc.tag = ' ';
          double rel = record_point (&w, &rc, x0, Fx, it, eta, info);
          if (it == 0 && count_active (&w, x0) == 0)
            info->lambda_max = info->violation * o->lambda;
          /* polish when the gap has dropped well below the last attempt */
          if (rel > o->tol && rel <= 1e-2 && polish_tries < 40
              && rel <= 0.3 * last_polish)
            {
              int perr = CVX_OK;
              last_polish = rel;
              polish_tries++;
              if (polish (&w, x0, xn, &perr))
                {
                  forward (&w, xn, Fn);
                  const cvx_fit_info keep = *info;
                  rc.tag = '*';
                  const double rel2 = record_point (&w, &rc, xn, Fn, it, eta, info);
                  if (rel2 < rel)
                    {
                      memcpy (x0, xn, nv * sizeof (double));
                      memcpy (y, xn, nv * sizeof (double));
                      memcpy (Fx, Fn, n * K * sizeof (double));
                      memcpy (Fy, Fn, n * K * sizeof (double));
                      t = 1.0;
                      rel = rel2;
                    }
                  else
                    {
                      const size_t nh = info->nhist;
                      *info = keep;            /* the FISTA point stays */
                      info->nhist = nh;
                    }
                }
              else if (perr)
                {
                  st = perr;
                  goto done;
                }
            }
          if (rel <= o->tol)
            {
              status = CVX_FIT_SOLVED;
              break;
            }
          if (it >= o->max_iter)
            break;
        }
      if (c->interrupted && c->interrupted (c->host))
        {
          status = CVX_FIT_INTERRUPTED;
          rc.tag = ' ';
          record_point (&w, &rc, x0, Fx, it, eta, info);
          break;
        }
      /* gradient at y */
      const double fy = loss_eval (o->loss, Fy, Y, n, K, R);
      backward (&w, R);
      double fn = 0.0;
      for (int bt = 0; bt < 60; bt++)
        {
          for (size_t k = 0; k < K; k++)
            for (size_t g = 0; g < w.G; g++)
              {
                const double *gc = grad_col (&w, k, g, gb);
                const double *yc = y + (k * w.G + g) * da;
                double *zc = Z + (k * w.G + g) * da;
                for (size_t b = 0; b < da; b++)
                  zc[b] = yc[b] - eta * gc[b];
              }
          prox (&w, Z, eta, xn);
          forward (&w, xn, Fn);
          fn = loss_eval (o->loss, Fn, Y, n, K, NULL);
          /* sufficient decrease: f(xn) <= f(y) + <g, xn-y> + |xn-y|^2/2eta */
          double lin = 0.0, quad = 0.0;
          for (size_t k = 0; k < K; k++)
            for (size_t g = 0; g < w.G; g++)
              {
                const double *gc = grad_col (&w, k, g, gb);
                const double *yc = y + (k * w.G + g) * da;
                const double *xc = xn + (k * w.G + g) * da;
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
        dot += (y[j] - xn[j]) * (xn[j] - x0[j]);
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
      for (size_t j = 0; j < nv; j++)
        y[j] = xn[j] + beta * (xn[j] - x0[j]);
      for (size_t j = 0; j < n * K; j++)
        Fy[j] = Fn[j] + beta * (Fn[j] - Fx[j]);
      /* y may leave the cones (relu): only prox outputs must be feasible,
       * and F(y) is exact because the model is linear in the variables */
      memcpy (x0, xn, nv * sizeof (double));
      memcpy (Fx, Fn, n * K * sizeof (double));
    }
  memcpy (U, x0, nv * sizeof (double));
  info->status = status;
  info->iterations = it;
  info->time = now (c) - t0;
  info->hist = hist;
  info->hist_cols = CVX_FIT_HIST_COLS;
  /* hist is handed to the caller: do not free it below */
  for (int k = 0; k < nb; k++)
    if (buf[k] == hist)
      buf[k] = NULL;
done:
  for (int k = 0; k < nb; k++)
    if (buf[k])
      c->alloc.free_fn (buf[k], c->alloc.ctx);
  return st;
}
