/* cvxnn core: the Newton system of the semismooth Newton augmented
 * Lagrangian (cvxnn_fit_ssn.c) solved by conjugate gradients, without
 * forming it.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The system (I + sigma H^{-1/2} A J A' H^{-1/2}) d = -H^{-1/2} g of each
 * output (cvxnn_fit_newton.c forms it, of order n or of the active
 * unknowns r) costs n r^2 flops to form where the active groups hold more
 * unknowns than a few hundred: at n = 1e4, d = 100, 71 active groups
 * (r = 7171) a Newton step took 5 s, 30 of them 152 s where the
 * first-order solver took 4.4 s; and past the memory budget the solver
 * gave way to FISTA altogether.  Its product with a vector is two
 * products with the data over the patterns (GEMMs, the fit's own:
 * cvx_fw_backward, cvx_fw_forward) and, per active group, the prox's
 * Jacobian J = c1^2 P_N + (1 - c1^2) q q' (cvxnn_fit_newton.c), P_N the
 * projection onto the face's null space (relu: I - Q Q', Q from the
 * face's active rows).  The outputs' systems are block diagonal in one
 * vector of n K, solved together (cross-entropy's coupled by the rows'
 * sums, ce_project), preconditioned by the active neurons'
 * outputs (cvxnn_fit_pcg.c: at n = 1e4, d = 100, 1000 sampled patterns,
 * gated at 1e-2 lambda_max, 1146 CG steps -> 339 and the fit 49 -> 22
 * s; at 1e-3 104 -> 36 s).  Memory: 5 n K doubles, a list of the active
 * columns, a block of at most 32 MB for the products, at most 32 MB of
 * the faces' bases (keep_faces) and at most 64 MB of the preconditioner.
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"
#include "cvxnn_fit_internal.h"
#include "cvxnn_fit_ssn.h"

#include <math.h>
#include <string.h>

/* z = J z of the a_col-th active column (relu: the projection onto its
 * face's null space first, z -= Q Q' z with Q the face's row-space
 * basis: kept by keep_faces, or the first m columns of Qr from
 * cvx_ssn_face_null_basis) */
static void
apply_jacobian (ssn_ws *s, size_t a_col, double t, double *z)
{
  fit_ws *w = s->w;
  const size_t col = s->cg_act[a_col], da = w->da;
  const size_t i = cvx_fw_pattern (w, col);
  const double *xg = s->xt + col * da;
  const double xn = cvx_fw_nrm2 (xg, da);
  const double c1s = xn / (xn + t);
  size_t m = s->face_m[a_col];
  const double *Q = s->Qr;
  if (m == SIZE_MAX)
    {
      const double *Z;
      m = da - cvx_ssn_face_null_basis (s, col, i, &Z);
    }
  else if (m > 0 && m < da)
    Q = s->face + s->face_at[a_col];
  if (m >= da)
    {
      memset (z, 0, da * sizeof (double));
      return;
    }
  for (size_t a = 0; a < m; a++)        /* z -= Q Q' z */
    {
      const double *qa = Q + a * da;
      double c = 0.0;
      for (size_t b = 0; b < da; b++)
        c += qa[b] * z[b];
      for (size_t b = 0; b < da; b++)
        z[b] -= c * qa[b];
    }
  double qz = 0.0;                      /* q = x / |x| lies in the face */
  for (size_t b = 0; b < da; b++)
    qz += xg[b] * z[b];
  qz *= (1.0 - c1s) / (xn * xn);
  for (size_t b = 0; b < da; b++)
    z[b] = c1s * z[b] + qz * xg[b];
}

/* The row spaces of the active columns' faces (relu), formed once a
 * direction: each CG product had formed them again, a QR of up to da
 * rows a column (relu at n = 1e4, d = 100: a fifth of the fit's time).
 * Kept within 2^22 doubles (32 MB), in the order of the columns; those
 * past it form theirs at each product.  face_m[a]: 0 (no active row:
 * nothing projected out) or da (the face is the origin) need no room. */
static int
keep_faces (ssn_ws *s)
{
  fit_ws *w = s->w;
  const size_t da = w->da, cap = (size_t) 1 << 22;
  const int relu = w->o->model == CVX_MODEL_RELU;
  size_t need = 0;
  for (size_t a = 0; a < s->cg_m; a++)
    {
      const size_t m = relu ? w->pnact[s->cg_act[a]] : 0;
      const size_t room = m > 0 && m < da ? m * da : 0;
      if (need + room <= cap)
        need += room;
    }
  if (cvx_grow_doubles (w->c, &s->face, &s->face_cap, need))
    return CVX_ENOMEM;
  size_t at = 0;
  for (size_t a = 0; a < s->cg_m; a++)
    {
      const size_t col = s->cg_act[a];
      const size_t m = relu ? w->pnact[col] : 0;
      const size_t room = m > 0 && m < da ? m * da : 0;
      s->face_m[a] = m;
      s->face_at[a] = at;
      if (room == 0)
        continue;
      if (at + room > cap)
        {
          s->face_m[a] = SIZE_MAX;
          continue;
        }
      cvx_ssn_face_row_basis (s, col, cvx_fw_pattern (w, col), s->face + at);
      at += room;
    }
  return CVX_OK;
}

/* Columns of the products' blocks: n nb doubles of at most 2^22 (32 MB) */
static size_t
block_cols (size_t n, size_t m)
{
  size_t nb = ((size_t) 1 << 22) / (n > 0 ? n : 1);
  nb = nb < 1 ? 1 : nb;
  return nb < m ? nb : m;
}

/* out = v + sigma H^{-1/2} A J A' H^{-1/2} v (v, out: n K; tmp: n K),
 * the products over the m active columns act[] only, by blocks of nb:
 * B = D_i .* v_k side by side, X' B (one GEMM), J a column, X Z (one
 * GEMM) and the masked sums.  The fit's own products run over every
 * pattern: at n = 1e4, d = 100 with 180 of 1000 active, five times the
 * work. */
static void
system_product (ssn_ws *s, const double *v, double *out, double *tmp)
{
  fit_ws *w = s->w;
  const size_t n = w->n, K = w->K, G = w->G, P = w->P, da = w->da;
  const size_t nk = n * K, m = s->cg_m, nb = block_cols (n, m);
  const double t = s->sigma * w->o->lambda;
  const double *hs = cvx_ssn_hscale (s, 0);
  const blas_int bn = (blas_int) n, bda = (blas_int) da;
  const double one = 1.0, zero = 0.0;
  double *B = s->cg + 5 * nk, *Z = s->wv;       /* n nb; da nb of nv */
  for (size_t j = 0; j < nk; j++)
    {
      tmp[j] = hs ? hs[j] * v[j] : v[j];
      out[j] = 0.0;
    }
  for (size_t a0 = 0; a0 < m; a0 += nb)
    {
      const size_t a1 = m - a0 < nb ? m : a0 + nb;
      const blas_int bc = (blas_int) (a1 - a0);
      for (size_t a = a0; a < a1; a++)
        {
          const size_t col = s->cg_act[a];
          cvx_mask_copy (n, w->D + cvx_fw_pattern (w, col) * n,
                         tmp + (col / G) * n, B + (a - a0) * n);
        }
      dgemm_ ("T", "N", &bda, &bc, &bn, &one, w->X, &bn, B, &bn, &zero, Z,
              &bda);
      for (size_t a = a0; a < a1; a++)
        {
          const size_t col = s->cg_act[a];
          double *z = Z + (a - a0) * da;
          if (col % G >= P)                      /* relu's w-groups: -A' */
            for (size_t b = 0; b < da; b++)
              z[b] = -z[b];
          apply_jacobian (s, a, t, z);
          if (col % G >= P)
            for (size_t b = 0; b < da; b++)
              z[b] = -z[b];
        }
      dgemm_ ("N", "N", &bn, &bc, &bda, &one, w->X, &bn, Z, &bda, &zero, B,
              &bn);
      for (size_t a = a0; a < a1; a++)
        {
          const size_t col = s->cg_act[a];
          cvx_mask_add (n, w->D + cvx_fw_pattern (w, col) * n,
                        B + (a - a0) * n, out + (col / G) * n);
        }
    }
  for (size_t j = 0; j < nk; j++)
    out[j] = v[j] + s->sigma * (hs ? hs[j] * out[j] : out[j]);
}

/* Cross-entropy: v onto the scaled steps that keep each row's sum,
 * sum_k h_jk v_jk = 0 (d = H^{-1/2} v, h = H^{-1/2} = sqrt (p); MATH 1.5):
 * CG runs within that subspace, on the system and the preconditioner
 * both projected onto it, where they are positive definite
 * (ce_direction's step, found without its n x n systems).  sum_k h_jk^2
 * = sum_k p_jk = 1 but for rounding. */
static void
ce_project (const ssn_ws *s, double *v)
{
  const size_t n = s->w->n, K = s->w->K;
  if (!s->ce)
    return;
  for (size_t j = 0; j < n; j++)
    {
      double c = 0.0, hh = 0.0;
      for (size_t k = 0; k < K; k++)
        {
          c += s->hs[k * n + j] * v[k * n + j];
          hh += s->hs[k * n + j] * s->hs[k * n + j];
        }
      c /= hh;
      for (size_t k = 0; k < K; k++)
        v[k * n + j] -= c * s->hs[k * n + j];
    }
}

int
cvx_ssn_cg_direction (ssn_ws *s)
{
  fit_ws *w = s->w;
  const cvx_ctx *c = w->c;
  const size_t n = w->n, nk = n * w->K, GK = w->G * w->K;
  const size_t nb = block_cols (n, GK);
  if (!s->cg)
    s->cg = c->alloc.malloc_fn ((5 * nk + n * nb) * sizeof (double),
                                c->alloc.ctx);
  if (!s->cg_act)
    s->cg_act = c->alloc.malloc_fn (3 * GK * sizeof (size_t), c->alloc.ctx);
  if (!s->cg || !s->cg_act)
    return CVX_ENOMEM;
  s->face_m = s->cg_act + GK;
  s->face_at = s->cg_act + 2 * GK;
  s->cg_m = 0;
  for (size_t col = 0; col < GK; col++)
    if (cvx_fw_nonzero (s->xt + col * w->da, w->da))
      s->cg_act[s->cg_m++] = col;
  if (keep_faces (s))
    return CVX_ENOMEM;
  int st = cvx_ssn_pc_build (s);
  if (st)
    return st;
  double *x = s->cg, *r = x + nk, *p = r + nk, *q = p + nk, *z = q + nk;
  double *tmp = s->ytry;
  const double *hs = cvx_ssn_hscale (s, 0);
  for (size_t j = 0; j < nk; j++)
    {
      x[j] = 0.0;
      r[j] = -(hs ? hs[j] * s->grad[j] : s->grad[j]);
    }
  ce_project (s, r);
  cvx_ssn_pc_apply (s, r, z);
  ce_project (s, z);
  memcpy (p, z, nk * sizeof (double));
  /* inexact Newton: the residual to min (0.1, sqrt |g|) of |g| (|g|
   * relative to |Y|), from the zero start, but never below 1e-2 of it.
   * min (0.1, |g|) (quadratic) took 1337 CG steps for 51 Newton steps at
   * n = 1e4, d = 100, 1000 patterns; sqrt 897 for 53, in half the time.
   * The floor: with a grown pool every working-set solve ends at a sigma
   * (1 to 10) where I + sigma A J A' has a condition near 1e6 and CG
   * took 200-500 steps a direction for the last digits of each; with it
   * 30313 CG steps instead of 35192 (332 Newton steps instead of 274,
   * the same solution), 839 instead of 910 on the sampled pool, 322
   * instead of 359 at n = 2000 (the same 29 Newton steps).  (Counts
   * before the preconditioner.) */
  const double r0 = sqrt (cvx_dot (r, r, nk));
  const double goal = fmin (0.1, fmax (sqrt (r0 / s->ynorm), 1e-2)) * r0;
  double rr = r0 * r0, rz = cvx_dot (r, z, nk);
  for (int it = 0; it < 500 && sqrt (rr) > goal; it++)
    {
      s->cg_steps = it + 1;
      if (cvx_interrupted (c))
        {
          st = CVX_EINTERRUPTED;
          break;
        }
      system_product (s, p, q, tmp);
      ce_project (s, q);
      const double pq = cvx_dot (p, q, nk);
      if (!(pq > 0.0 && rz > 0.0))
        break;                  /* rounding: keep what x has */
      const double alpha = rz / pq;
      for (size_t j = 0; j < nk; j++)
        {
          x[j] += alpha * p[j];
          r[j] -= alpha * q[j];
        }
      rr = cvx_dot (r, r, nk);
      cvx_ssn_pc_apply (s, r, z);
      ce_project (s, z);
      const double rzn = cvx_dot (r, z, nk);
      const double beta = rzn / rz;
      rz = rzn;
      for (size_t j = 0; j < nk; j++)
        p[j] = z[j] + beta * p[j];
    }
  for (size_t j = 0; j < nk; j++)
    s->dir[j] = hs ? hs[j] * x[j] : x[j];
  return st;
}
