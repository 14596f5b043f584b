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
  const long hist_cap = o->max_iter / (o->check_every > 0 ? o->check_every : 1) + 2;
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
  double best_rel = HUGE_VAL;
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
  for (it = 0;; it++)
    {
      const int check = (it % every == 0) || it >= o->max_iter;
      if (check)
        {
          double dual, cm;
          certificate (&w, Fx, Lam, ck, &dual, &cm);
          const double primal = loss_eval (o->loss, Fx, Y, n, K, NULL)
                                + penalty (&w, x0);
          const double gap = primal - dual;
          const double rel = gap / (fabs (primal) > 1.0 ? fabs (primal) : 1.0);
          const size_t act = count_active (&w, x0);
          double *h = hist + info->nhist * CVX_FIT_HIST_COLS;
          if ((long) info->nhist < hist_cap)
            {
              h[0] = (double) it;
              h[1] = primal;
              h[2] = dual;
              h[3] = rel;
              h[4] = (double) act;
              h[5] = eta;
              h[6] = now (c) - t0;
              info->nhist++;
            }
          info->primal = primal;
          info->dual = dual;
          info->gap = gap;
          info->relgap = rel;
          info->violation = cm;
          info->active = act;
          if (rel < best_rel)
            best_rel = rel;
          if (o->display)
            {
              snprintf (line, sizeof line,
                        " %7ld | %14.8e | %14.8e | %10.3e | %7zu | %9.3e | %8.3f",
                        it, primal, dual, rel, act, eta, now (c) - t0);
              if (c->progress)
                c->progress (c->host, line);
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
          /* certificate of the returned point */
          double dual, cm;
          certificate (&w, Fx, Lam, ck, &dual, &cm);
          info->primal = loss_eval (o->loss, Fx, Y, n, K, NULL) + penalty (&w, x0);
          info->dual = dual;
          info->gap = info->primal - dual;
          info->relgap = info->gap / (fabs (info->primal) > 1.0 ? fabs (info->primal) : 1.0);
          info->violation = cm;
          info->active = count_active (&w, x0);
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
