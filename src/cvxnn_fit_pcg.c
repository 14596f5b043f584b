/* cvxnn core: the preconditioner of the conjugate-gradient Newton
 * directions (cvxnn_fit_cg.c).
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each output's system is I + sigma H A J A' H (H = H^{-1/2} of the
 * logistic and cross-entropy losses, else I), with a term per active
 * group g of pattern i
 *   D_i X J_g X' D_i,  J_g = c1 P_N + (1 - c1) q q',
 * c1 = |x_g| / (|x_g| + t), q = x_g / |x_g| (apply_jacobian in
 * cvxnn_fit_cg.c; P_N = I for gated groups).  Where CG is used, t =
 * sigma lam is many times |x_g| (t / |x_g|: median 1.5 to 1000 in the
 * measurements below), so the rank-one terms carry the system: the
 * active neurons' outputs v_g = sqrt (1 - c1) H D_i X q, one column
 * each.  Gated groups' c1 terms are approximated by S H X X' H, S the sum
 * of c1 p_i^2 (p_i the share of rows pattern i turns on: D_i X X' D_i
 * off its diagonal, for masks independent of X), and their diagonal
 * exactly.  So
 *   P = Delta + sigma W W',  W = [sqrt (S) H X, v_g ...],
 * applied through Woodbury with the Cholesky factor of I / sigma + W'
 * Delta^{-1} W (order da + the active groups, at most pc_cap_cols).
 * Measured on a dense Octave model of the system at the solution (n =
 * 2000, d = 50, 500 sampled patterns, lambda_max / 100, sigma 0.01, 0.1
 * and 1): CG steps to 1e-2 of the residual, gated 28, 65, 168 -> 8, 9,
 * 9 (the neurons alone: 21, 25, 27; X X' alone 20, 104, 350); relu 23,
 * 60, 160 -> 6, 9, 9.  Relu leaves the c1 terms out: its faces' P_N
 * remove most of X X' (with them 9, 13, 15).  Building P costs about two
 * CG steps (the GEMM X Q and n r^2 for W'W); a step's application two
 * GEMVs with W.
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"
#include "cvxnn_fit_internal.h"
#include "cvxnn_fit_ssn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* at most 2^23 doubles (64 MB) of W over the outputs, n / 2 columns an
 * output (past that Woodbury saves nothing) and an order whose factor
 * takes at most 2^23 doubles */
static size_t
pc_cap_cols (size_t n, size_t K)
{
  size_t cap = ((size_t) 1 << 23) / (n * K);
  cap = cap < n / 2 ? cap : n / 2;
  return cap < 2896 ? cap : 2896;
}

static int
pick_desc (const void *pa, const void *pb)
{
  const double a = ((const cvx_pc_pick *) pa)->w;
  const double b = ((const cvx_pc_pick *) pb)->w;
  return (a < b) - (a > b);
}

/* c1 of the a-th active column (apply_jacobian's) */
static double
col_c1 (const ssn_ws *s, size_t a, double t)
{
  const double xn = cvx_fw_nrm2 (s->xt + s->cg_act[a] * s->w->da, s->w->da);
  return xn / (xn + t);
}

/* The columns of output k kept in W (into s->pc_pick, the largest
 * (1 - c1) p_i first, a proxy for |v_g|^2 that needs no product), their
 * count returned; *zcols: da for the gated model's S H X, else 0 */
static size_t
choose_columns (ssn_ws *s, size_t k, double t, size_t cap, size_t *zcols)
{
  const fit_ws *w = s->w;
  cvx_pc_pick *pk = s->pc_pick;
  size_t m = 0;
  for (size_t a = 0; a < s->cg_m; a++)
    if (s->cg_act[a] / w->G == k)
      {
        pk[m].w = (1.0 - col_c1 (s, a, t))
                  * (double) s->pc_idx[cvx_fw_pattern (w, s->cg_act[a])];
        pk[m++].a = a;
      }
  *zcols = w->o->model == CVX_MODEL_RELU || cap < 2 * w->da ? 0 : w->da;
  if (m + *zcols <= cap)
    return m;
  qsort (pk, m, sizeof *pk, pick_desc);
  return cap - *zcols;
}

/* Delta^{-1/2} (gated: 1 + sigma h_j^2 |x_j|^2 (sum_g c1 D_ij - S), at
 * least 1, so Delta + sigma S H X X' H has the system's diagonal in the
 * c1 terms; relu: 1) into dl, and S */
static double
scale_rows (ssn_ws *s, size_t k, double t, const double *h, double *dl)
{
  const fit_ws *w = s->w;
  const size_t n = w->n, da = w->da;
  double S = 0.0;
  const int relu = w->o->model == CVX_MODEL_RELU;
  for (size_t j = 0; j < n; j++)
    dl[j] = relu ? 1.0 : 0.0;
  if (relu)
    return 0.0;
  for (size_t a = 0; a < s->cg_m; a++)
    if (s->cg_act[a] / w->G == k)
      {
        const size_t i = cvx_fw_pattern (w, s->cg_act[a]);
        const double c1 = col_c1 (s, a, t), p = (double) s->pc_idx[i] / n;
        const unsigned char *Di = w->D + i * n;
        S += c1 * p * p;
        for (size_t j = 0; j < n; j++)
          dl[j] += Di[j] ? c1 : 0.0;
      }
  for (size_t j = 0; j < n; j++)
    {
      double x2 = 0.0;
      for (size_t b = 0; b < da; b++)
        x2 += w->X[b * n + j] * w->X[b * n + j];
      const double hj = h ? h[j] * h[j] : 1.0;
      dl[j] = 1.0 / sqrt (fmax (1.0 + s->sigma * hj * x2 * (dl[j] - S), 1.0));
    }
  return S;
}

/* One output's W (n x r, rows scaled by Delta^{-1/2}) and the factor of
 * I / sigma + W'W, at pc (n r + r^2 doubles), Delta^{-1/2} at dl */
static int
build_output (ssn_ws *s, size_t r, size_t zc, double S,
              const double *h, double *pc, const double *dl)
{
  fit_ws *w = s->w;
  const size_t n = w->n, da = w->da;
  const double t = s->sigma * w->o->lambda;
  double *W = pc, *C = pc + n * r, *Q = s->wv;  /* da x (r - zc) scratch */
  const cvx_pc_pick *pk = s->pc_pick;
  for (size_t b = 0; b < zc; b++)
    for (size_t j = 0; j < n; j++)
      W[b * n + j] = sqrt (S) * w->X[b * n + j];
  for (size_t c = 0; c < r - zc; c++)
    {
      const double *xg = s->xt + s->cg_act[pk[c].a] * da;
      const double xn = cvx_fw_nrm2 (xg, da);
      for (size_t b = 0; b < da; b++)
        Q[c * da + b] = xg[b] / xn;
    }
  const blas_int bn = (blas_int) n, bda = (blas_int) da;
  const blas_int bq = (blas_int) (r - zc), br = (blas_int) r;
  const double one = 1.0, zero = 0.0;
  if (bq > 0)
    dgemm_ ("N", "N", &bn, &bq, &bda, &one, w->X, &bn, Q, &bda, &zero,
            W + zc * n, &bn);
  for (size_t c = 0; c < r - zc; c++)
    {
      const size_t i = cvx_fw_pattern (w, s->cg_act[pk[c].a]);
      const double f = sqrt (1.0 - col_c1 (s, pk[c].a, t));
      const unsigned char *Di = w->D + i * n;
      double *v = W + (zc + c) * n;
      for (size_t j = 0; j < n; j++)
        v[j] = Di[j] ? f * v[j] : 0.0;
    }
  for (size_t c = 0; c < r; c++)
    for (size_t j = 0; j < n; j++)
      W[c * n + j] *= (h ? h[j] : 1.0) * dl[j];
  dsyrk_ ("L", "T", &br, &bn, &one, W, &bn, &zero, C, &br);
  for (size_t c = 0; c < r; c++)
    C[c * r + c] += 1.0 / s->sigma;
  return cvx_potrf_polled (w->c, r, C, r);
}

/* room for the preconditioner (s->pc, doubles): per output Delta^{-1/2},
 * W and the factor, and the Woodbury solve's vector */
static int
reserve (ssn_ws *s, size_t cap)
{
  const fit_ws *w = s->w;
  const cvx_ctx *c = w->c;
  const size_t n = w->n;
  size_t need = cap;
  for (size_t k = 0; k < w->K; k++)
    {
      size_t m = 0;
      for (size_t a = 0; a < s->cg_m; a++)
        m += s->cg_act[a] / w->G == k;
      const size_t zc = w->o->model == CVX_MODEL_RELU || cap < 2 * w->da
                        ? 0 : w->da;
      const size_t r = m + zc < cap ? m + zc : cap;
      need += n + n * r + r * r;
    }
  if (!s->pc_idx)
    {
      s->pc_idx = c->alloc.malloc_fn ((w->P + w->K) * sizeof (size_t),
                                      c->alloc.ctx);
      s->pc_pick = c->alloc.malloc_fn (w->G * w->K * sizeof (cvx_pc_pick),
                                       c->alloc.ctx);
      if (!s->pc_idx || !s->pc_pick)
        return CVX_ENOMEM;
      for (size_t i = 0; i < w->P; i++)
        s->pc_idx[i] = SIZE_MAX;          /* rows on: not counted yet */
    }
  return cvx_grow_doubles (c, &s->pc, &s->pc_cap, need);
}

int
cvx_ssn_pc_build (ssn_ws *s)
{
  fit_ws *w = s->w;
  const size_t n = w->n, K = w->K, cap = pc_cap_cols (n, K);
  const double t = s->sigma * w->o->lambda;
  int st = reserve (s, cap);
  if (st)
    return st;
  /* each pattern's rows on: counted once a solve, as it first turns up
   * among the active columns (a count a build was n bytes per active
   * column, every direction) */
  for (size_t a = 0; a < s->cg_m; a++)
    {
      const size_t i = cvx_fw_pattern (w, s->cg_act[a]);
      if (s->pc_idx[i] != SIZE_MAX)
        continue;
      size_t on = 0;
      for (size_t j = 0; j < n; j++)
        on += w->D[i * n + j] != 0;
      s->pc_idx[i] = on;
    }
  double *at = s->pc + cap;             /* after the solve's vector */
  for (size_t k = 0; k < K; k++)
    {
      const double *h = cvx_ssn_hscale (s, k);
      size_t zc = 0;
      const size_t nv = cap > 0 ? choose_columns (s, k, t, cap, &zc) : 0;
      const size_t r = nv + zc;
      double *dl = at;
      const double S = scale_rows (s, k, t, h, dl);
      s->pc_idx[w->P + k] = r;
      at += n;
      if (r == 0)
        continue;
      st = build_output (s, r, zc, S, h, at, dl);
      if (st == CVX_ELAPACK)
        s->pc_idx[w->P + k] = 0;        /* rounding: Delta alone, and the
                                           next output's W goes here */
      else if (st)
        return st;
      else
        at += n * r + r * r;
    }
  return CVX_OK;
}

/* z = P^{-1} v over the outputs (v, z: n K) */
void
cvx_ssn_pc_apply (const ssn_ws *s, const double *v, double *z)
{
  const fit_ws *w = s->w;
  const size_t n = w->n;
  const double *at = s->pc + pc_cap_cols (n, w->K);
  double *a = s->pc;
  for (size_t k = 0; k < w->K; k++)
    {
      const double *dl = at, *vk = v + k * n;
      double *zk = z + k * n;
      const size_t r = s->pc_idx[w->P + k];
      for (size_t j = 0; j < n; j++)
        zk[j] = dl[j] * vk[j];
      at += n;
      if (r > 0)
        {
          const double *W = at, *C = at + n * r;
          const blas_int bn = (blas_int) n, br = (blas_int) r, one_i = 1;
          const double one = 1.0, mone = -1.0, zero = 0.0;
          blas_int info = 0;
          dgemv_ ("T", &bn, &br, &one, W, &bn, zk, &one_i, &zero, a, &one_i);
          dpotrs_ ("L", &br, &one_i, C, &br, a, &br, &info);
          dgemv_ ("N", &bn, &br, &mone, W, &bn, a, &one_i, &one, zk,
                  &one_i);
        }
      for (size_t j = 0; j < n; j++)
        zk[j] *= dl[j];
      at += n * r + r * r;
    }
}
