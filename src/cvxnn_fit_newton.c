/* cvxnn core: the Newton systems of the semismooth Newton augmented
 * Lagrangian (cvxnn_fit_ssn.c, whose header comment gives the method).
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The generalized Hessian of psi is H + sigma A J A' (H = I for the
 * squared loss, diagonal for the logistic one), J the Jacobian of the
 * prox over the active groups.  Its columns M (A J^{1/2}, one block of
 * face dimensions per active group) are formed here, and the system is
 * solved in the data space (n x n) or, through Woodbury, in the active
 * unknowns, whichever is smaller; the data-space system is formed
 * through X X' without M where that is cheaper (gram_system).
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"
#include "cvxnn_fit_internal.h"
#include "cvxnn_fit_ssn.h"

#include <math.h>
#include <string.h>

/* The m active rows of column col's face (pattern i), signed, as the
 * columns of A (da x m), factored by Householder QR: unblocked (m <= da,
 * where the blocked drivers' overhead dominates), in calls the BLAS keeps
 * on this thread (cvxnn_blas_small.c) */
static void
face_rows_qr (ssn_ws *s, size_t col, size_t i, size_t m, double *A)
{
  fit_ws *w = s->w;
  const size_t n = w->n, da = w->da;
  const size_t *act = w->pact + col * da;
  const unsigned char *D = w->D + i * n;
  for (size_t a = 0; a < m; a++)
    for (size_t b = 0; b < da; b++)
      A[a * da + b] = (D[act[a]] ? 1.0 : -1.0) * w->X[b * n + act[a]];
  cvx_geqr2_small (da, m, A, da, s->tau, s->qwork);
}

size_t
cvx_ssn_face_row_basis (ssn_ws *s, size_t col, size_t i, double *Qm)
{
  const size_t da = s->w->da, m = s->w->pnact[col];
  face_rows_qr (s, col, i, m, Qm);
  cvx_org2r_small (da, m, m, Qm, da, s->tau, s->qwork);
  return m;
}

/* Orthonormal basis Z (da x k, into s->Qr) of N, the null space of the
 * projection's active rows of column col (relu; the whole space for
 * gated, or where the face has no active row): Q of the rows' full QR,
 * its last k = da - m columns.  Returns k, and the first column of Z in
 * *z0 (Qr + m da). */
size_t
cvx_ssn_face_null_basis (ssn_ws *s, size_t col, size_t i, const double **z0)
{
  fit_ws *w = s->w;
  const size_t da = w->da;
  const size_t m = w->o->model == CVX_MODEL_RELU ? w->pnact[col] : 0;
  *z0 = s->Qr;                        /* with m = 0: Z = I, not formed */
  if (m == 0)
    return da;
  if (m >= da)
    return 0;
  face_rows_qr (s, col, i, m, s->Qr);
  cvx_org2r_small (da, da, m, s->Qr, da, s->tau, s->qwork);
  *z0 = s->Qr + m * da;
  return da - m;
}

/* The Newton columns of the active column col: M_g (n x k) with
 * M_g M_g' = D_i X J_g X' D_i, J_g the prox's Jacobian.  With Z a basis
 * of the face's null space N and q the unit prox direction (in N),
 * J^{1/2} = Z (c1 I + c2 qz qz') Z', qz = Z'q, c1 = sqrt(1 - t/|p|),
 * c2 = 1 - c1, so M_g = D_i (c1 X Z + c2 (X q) qz'): k = dim N columns,
 * not da (relu faces often keep only a few dimensions).  Returns k. */
static size_t
jacobian_cols (ssn_ws *s, size_t col, double t, double *Mg)
{
  fit_ws *w = s->w;
  const size_t n = w->n, da = w->da, G = w->G, i = cvx_fw_pattern (w, col);
  const unsigned char *D = w->D + i * n;
  const double *xg = s->xt + col * da;
  const double xn = cvx_fw_nrm2 (xg, da);
  const double c1 = sqrt (xn / (xn + t)), c2 = 1.0 - c1;
  const blas_int bn = (blas_int) n, bda = (blas_int) da, inc = 1;
  const double one = 1.0, zero = 0.0;
  const double *Z;
  const size_t k = cvx_ssn_face_null_basis (s, col, i, &Z);
  if (k == 0)
    return 0;
  for (size_t b = 0; b < da; b++)
    s->qv[b] = xg[b] / xn;
  dgemv_ ("N", &bn, &bda, &one, w->X, &bn, s->qv, &inc, &zero, s->Xw, &inc);
  double *qz = s->tau;                          /* k <= da, free now */
  if (Z == s->Qr)                               /* Z = I */
    {
      memcpy (Mg, w->X, n * da * sizeof (double));
      memcpy (qz, s->qv, da * sizeof (double));
    }
  else
    {
      const blas_int bk = (blas_int) k;
      dgemm_ ("N", "N", &bn, &bk, &bda, &one, w->X, &bn, Z, &bda, &zero, Mg,
              &bn);
      dgemv_ ("T", &bda, &bk, &one, Z, &bda, s->qv, &inc, &zero, qz, &inc);
    }
  /* logistic and cross-entropy: rows scaled by H^{-1/2} of the group's
   * output (col / G), see solve_output and ce_direction */
  const double *hs = cvx_ssn_hscale (s, col / G);
  for (size_t b = 0; b < k; b++)
    {
      double *mc = Mg + b * n;
      const double qb = c2 * qz[b];
      for (size_t j = 0; j < n; j++)
        mc[j] = (double) D[j] * (c1 * mc[j] + qb * s->Xw[j])
                * (hs ? hs[j] : 1.0);
    }
  return k;
}

static int solve_scaled (ssn_ws *s, const double *g, double *d, size_t r);

/* The lower triangle of V (n x n) = alpha A A' + beta V, A n x r, by
 * blocks of rows (one GEMM each, diagonal blocks whole), Ctrl-C polled
 * between them: in one DSYRK it is n^2 r flops, minutes at n = 5e3 with
 * the budget's r.  CVX_EINTERRUPTED when cut short. */
static int
syrk_blocked (const cvx_ctx *c, size_t n, size_t r, double alpha,
              const double *A, double beta, double *V)
{
  const double nr = (double) n * (double) (r > 0 ? r : 1);
  size_t nb = (size_t) (2e8 / nr);
  nb = nb < 64 ? 64 : nb;
  const blas_int bn = (blas_int) n, br = (blas_int) r;
  for (size_t i0 = 0; i0 < n; i0 += nb)
    {
      if (cvx_interrupted (c))
        return CVX_EINTERRUPTED;
      const size_t i1 = n - i0 < nb ? n : i0 + nb;
      const blas_int bm = (blas_int) (i1 - i0), bc = (blas_int) i1;
      dgemm_ ("N", "T", &bm, &bc, &br, &alpha, A + i0, &bn, A, &bn, &beta,
              V + i0, &bn);
    }
  return CVX_OK;
}

/* dir_k = -(I + sigma M M')^{-1} grad_k, in the smaller of the two
 * spaces.  The logistic loss's (H + sigma A J A') d = -g is
 * H^{-1/2} (I + sigma M M') H^{-1/2} with M's rows scaled by H^{-1/2}
 * (jacobian_cols): g is scaled before and d after.  Returns a status. */
static int
solve_output (ssn_ws *s, size_t k, size_t r)
{
  fit_ws *w = s->w;
  const size_t n = w->n;
  const double *g = s->grad + k * n;
  double *d = s->dir + k * n;
  if (s->logistic)
    {
      for (size_t j = 0; j < n; j++)
        s->gs[j] = s->hs[j] * g[j];
      g = s->gs;
      const int st = solve_scaled (s, g, d, r);
      for (size_t j = 0; j < n; j++)
        d[j] *= s->hs[j];
      return st;
    }
  return solve_scaled (s, g, d, r);
}

/* Whether I + sigma M'M, formed, would lose the identity to rounding:
 * with columns of X scaled far apart (1e6 and 1e-6, say) sigma |M_j|^2
 * reaches 1e12 and more, the identity's digits in those columns go, and
 * with them the Newton step along nearly collinear large columns. */
static int
needs_qr (const ssn_ws *s, size_t r)
{
  const size_t n = s->w->n;
  double big = 0.0;
  for (size_t j = 0; j < r; j++)
    {
      const double cj = cvx_fw_nrm2 (s->M + j * n, n);
      big = fmax (big, cj * cj);
    }
  return s->sigma * big > 1e6;
}

/* Woodbury's inner solve as the least-squares problem it is:
 * z = (I + sigma M'M)^{-1} M'g minimizes |sqrt(sigma) M z - g/sqrt(sigma)|^2
 * + |z|^2, solved by the QR factorization of [sqrt(sigma) M, g/sqrt(sigma);
 * I, 0] ((n + r) x (r + 1)), whose errors are relative to each column
 * (cond, not cond^2).  CVX_ENOMEM when its workspace is not to be had
 * (the caller then forms M'M). */
static int
woodbury_qr (ssn_ws *s, const double *g, double *d, size_t r)
{
  fit_ws *w = s->w;
  const cvx_ctx *c = w->c;
  const size_t n = w->n, m = n + r;
  if (r + 1 > (CVX_SSN_BUDGET - 64 * (r + 1)) / m)
    return CVX_ENOMEM;
  const size_t nb = m * (r + 1) + (r + 1) + 64 * (r + 1);
  double *B = c->alloc.malloc_fn (nb * sizeof (double), c->alloc.ctx);
  if (!B)
    return CVX_ENOMEM;
  double *tau = B + m * (r + 1), *work = tau + r + 1;
  const double rs = sqrt (s->sigma);
  for (size_t j = 0; j <= r; j++)
    {
      double *bj = B + j * m;
      const double *src = j < r ? s->M + j * n : g;
      const double f = j < r ? rs : 1.0 / rs;
      for (size_t i = 0; i < n; i++)
        bj[i] = f * src[i];
      memset (bj + n, 0, r * sizeof (double));
      if (j < r)
        bj[n + j] = 1.0;
    }
  const blas_int bm = (blas_int) m, bc = (blas_int) (r + 1);
  const blas_int br = (blas_int) r, lw = (blas_int) (64 * (r + 1)), one_i = 1;
  blas_int info = 0;
  dgeqrf_ (&bm, &bc, B, &bm, tau, work, &lw, &info);
  if (info == 0)
    {
      /* the last column's first r entries are Q'[g/sqrt(sigma); 0] */
      double *z = B + r * m;
      const double one = 1.0, sig = s->sigma;
      const blas_int bn = (blas_int) n;
      dtrsv_ ("U", "N", "N", &br, B, &bm, z, &one_i);
      for (size_t j = 0; j < n; j++)
        d[j] = -g[j];
      dgemv_ ("N", &bn, &br, &sig, s->M, &bn, z, &one_i, &one, d, &one_i);
    }
  c->alloc.free_fn (B, c->alloc.ctx);
  return info == 0 ? CVX_OK : CVX_ELAPACK;
}

/* The data-space system I + sigma M M' (M: the first r columns of s->M)
 * into V's lower triangle. */
static int
data_space_system (ssn_ws *s, size_t r, double *V)
{
  const size_t n = s->w->n;
  if (r > 0)
    {
      const int st = syrk_blocked (s->w->c, n, r, s->sigma, s->M, 0.0, V);
      if (st)
        return st;
    }
  else
    memset (V, 0, n * n * sizeof (double));
  for (size_t j = 0; j < n; j++)
    V[j * n + j] += 1.0;
  return CVX_OK;
}

/* d = -(I + sigma M M')^{-1} g (M: n x r) */
static int
solve_scaled (ssn_ws *s, const double *g, double *d, size_t r)
{
  fit_ws *w = s->w;
  const size_t n = w->n;
  const blas_int bn = (blas_int) n, br = (blas_int) r, one_i = 1;
  const double one = 1.0, zero = 0.0, sig = s->sigma;
  blas_int info = 0;
  if (r == 0)
    {
      for (size_t j = 0; j < n; j++)
        d[j] = -g[j];
      return CVX_OK;
    }
  if (r >= n)
    {
      if (!s->v_ready)
        {
          const int st = data_space_system (s, r, s->V);
          if (st)
            return st;
        }
      s->v_ready = 0;
      for (size_t j = 0; j < n; j++)
        d[j] = -g[j];
      const int st = cvx_potrf_polled (w->c, n, s->V, n);
      if (st)
        return st;
      dpotrs_ ("L", &bn, &one_i, s->V, &bn, d, &bn, &info);
      return info == 0 ? CVX_OK : CVX_ELAPACK;
    }
  /* Woodbury: (I + s M M')^-1 g = g - s M (I + s M'M)^-1 M' g.  M'M
   * by blocks of rows, Ctrl-C polled between them: at n = 2e4 with the
   * budget's r it is 1e12 flops, tens of seconds in one DSYRK. */
  const cvx_ctx *c = w->c;
  if (needs_qr (s, r))
    {
      const int st = woodbury_qr (s, g, d, r);
      if (st != CVX_ENOMEM)
        return st;
    }
  const double rr = (double) r * (double) r;
  size_t nb = rr > 0.0 ? (size_t) (2e8 / rr) : n;
  nb = nb < 64 ? 64 : nb;
  for (size_t j0 = 0; j0 < n; j0 += nb)
    {
      if (cvx_interrupted (c))
        return CVX_EINTERRUPTED;
      const blas_int bm = (blas_int) (n - j0 < nb ? n - j0 : nb);
      const double beta = j0 == 0 ? 0.0 : 1.0;
      dsyrk_ ("L", "T", &br, &bm, &sig, s->M + j0, &bn, &beta, s->V, &br);
    }
  for (size_t j = 0; j < r; j++)
    s->V[j * r + j] += 1.0;
  const int st = cvx_potrf_polled (c, r, s->V, r);
  if (st)
    return st;
  double *z = s->wv;                 /* r <= nv doubles of scratch */
  dgemv_ ("T", &bn, &br, &one, s->M, &bn, g, &one_i, &zero, z, &one_i);
  dpotrs_ ("L", &br, &one_i, s->V, &br, z, &br, &info);
  for (size_t j = 0; j < n; j++)
    d[j] = -g[j];
  dgemv_ ("N", &bn, &br, &sig, s->M, &bn, z, &one_i, &one, d, &one_i);
  return info == 0 ? CVX_OK : CVX_ELAPACK;
}


/* Grow M (n x r) and V (max(min(n, r)^2, n da)) to hold r columns;
 * CVX_ETOOLARGE beyond the budget. */
static int
reserve (ssn_ws *s, size_t r)
{
  fit_ws *w = s->w;
  const cvx_ctx *c = w->c;
  const size_t n = w->n, da = w->da;
  if (r <= s->rmax)
    return CVX_OK;
  const size_t need_v = r < n ? r * r : n * n;
  if (r > CVX_SSN_BUDGET / n
      || n * r + (need_v > n * da ? need_v : n * da) > CVX_SSN_BUDGET)
    return CVX_ETOOLARGE;
  size_t cap = r > 2 * s->rmax ? r : 2 * s->rmax;
  if (cap > CVX_SSN_BUDGET / n / 2)
    cap = r;
  const size_t mv = cap < n ? cap : n;
  const size_t vd = mv * mv > n * da ? mv * mv : n * da;
  if (s->M)
    c->alloc.free_fn (s->M, c->alloc.ctx);
  if (s->V)
    c->alloc.free_fn (s->V, c->alloc.ctx);
  s->M = c->alloc.malloc_fn (n * cap * sizeof (double), c->alloc.ctx);
  s->V = c->alloc.malloc_fn (vd * sizeof (double), c->alloc.ctx);
  s->rmax = s->M && s->V ? cap : 0;
  return s->rmax ? CVX_OK : CVX_ENOMEM;
}

/* The data-space system I + sigma H^{-1/2} A J A' H^{-1/2} of one output
 * (H^{-1/2} = diag (hs); hs NULL for the squared loss) built into V
 * (lower triangle) through the Gram matrix X X', without the n x r
 * matrix M of jacobian_cols.  An active group's Jacobian is
 * J = c1^2 P_N + (1 - c1^2) q q' (q its unit direction, P_N the
 * projection onto its face's null space: the identity for gated,
 * I - Q Q' for relu, Q an orthonormal basis of the face's m_g active
 * rows), so
 *   A J A' = (X X') .* (sum_g c1_g^2 d_g d_g') + sum_g (1 - c1_g^2) v_g v_g'
 *            - sum_g c1_g^2 (D_g X Q_g) (D_g X Q_g)',
 * v_g = D_g X q_g, d_g the pattern's 0/1 column: DSYRKs of rank m, m and
 * sum m_g and a Hadamard product with the Gram matrix, n^2 (2 m +
 * sum m_g) flops where M M' costs n^2 sum (da - m_g) (gated: 2 n^2 m
 * against n^2 m da; relu on breast cancer, da = 31, faces of a few active
 * rows: about a tenth).  The difference X X' - X Q Q' X' = X P_N X'
 * rounds like the Gram matrix itself, as the gated system does.  The m
 * active columns are s->cols[0..m-1]; gram_pays said that
 * 2 m + sum m_g columns fit in s->M. */
static int
gram_system (ssn_ws *s, size_t m, double t, const double *hs, double *V)
{
  fit_ws *w = s->w;
  const size_t n = w->n, da = w->da;
  double *Dm = s->M, *Vq = s->M + n * m, *Wq = s->M + 2 * n * m;
  const blas_int bn = (blas_int) n, bda = (blas_int) da, inc = 1;
  const double one = 1.0, zero = 0.0;
  size_t nw = 0;
  for (size_t a = 0; a < m; a++)
    {
      const size_t col = s->cols[a], i = cvx_fw_pattern (w, col);
      const unsigned char *D = w->D + i * n;
      const double *xg = s->xt + col * da;
      const double xn = cvx_fw_nrm2 (xg, da);
      double c1 = sqrt (xn / (xn + t));
      double c3 = sqrt (fmax (1.0 - c1 * c1, 0.0));
      const double *Z;
      const size_t k = cvx_ssn_face_null_basis (s, col, i, &Z);
      const size_t mg = da - k;                /* Q: Qr's first mg columns */
      if (k == 0)
        c1 = c3 = 0.0;                         /* a vertex: J = 0 */
      else if (mg > 0)
        {
          const blas_int bm = (blas_int) mg;
          double *Wg = Wq + nw * n;
          dgemm_ ("N", "N", &bn, &bm, &bda, &one, w->X, &bn, s->Qr, &bda,
                  &zero, Wg, &bn);
          for (size_t b = 0; b < mg; b++)
            for (size_t j = 0; j < n; j++)
              Wg[b * n + j] *= D[j] ? c1 : 0.0;
          nw += mg;
        }
      for (size_t b = 0; b < da; b++)
        s->qv[b] = xg[b] / xn;
      dgemv_ ("N", &bn, &bda, &one, w->X, &bn, s->qv, &inc, &zero, s->Xw,
              &inc);
      for (size_t j = 0; j < n; j++)
        {
          Dm[a * n + j] = D[j] ? c1 : 0.0;
          Vq[a * n + j] = D[j] ? c3 * s->Xw[j] : 0.0;
        }
    }
  int st = syrk_blocked (w->c, n, m, 1.0, Dm, 0.0, V);
  if (st)
    return st;
  for (size_t i = 0; i < n; i++)
    for (size_t j = i; j < n; j++)
      V[i * n + j] *= s->gram[i * n + j];
  st = syrk_blocked (w->c, n, m, 1.0, Vq, 1.0, V);
  if (st == CVX_OK && nw > 0)
    st = syrk_blocked (w->c, n, nw, -1.0, Wq, 1.0, V);
  if (st)
    return st;
  for (size_t i = 0; i < n; i++)
    {
      const double hi = hs ? hs[i] : 1.0;
      for (size_t j = i; j < n; j++)
        V[i * n + j] *= s->sigma * hi * (hs ? hs[j] : 1.0);
      V[i * n + i] += 1.0;
    }
  return CVX_OK;
}

/* X X' into s->gram at its first use, where it takes at most a quarter
 * of the system's budget; whether it is at hand. */
static int
gram_at_hand (ssn_ws *s)
{
  fit_ws *w = s->w;
  const cvx_ctx *c = w->c;
  const size_t n = w->n;
  if (s->gram || s->gram_tried)
    return s->gram != NULL;
  s->gram_tried = 1;
  if (n > CVX_SSN_BUDGET / 4 / n)
    return 0;
  s->gram = c->alloc.malloc_fn (n * n * sizeof (double), c->alloc.ctx);
  if (s->gram)
    {
      const blas_int bn = (blas_int) n, bda = (blas_int) w->da;
      const double one = 1.0, zero = 0.0;
      dsyrk_ ("L", "N", &bn, &bda, &one, w->X, &bn, &zero, s->gram, &bn);
    }
  return s->gram != NULL;
}

/* Column col's share of the Newton system: its face dimension da - m_g
 * into *face and its m_g active rows into *rows (gated: da and 0); a
 * face with every row active (m_g = da) adds nothing. */
static void
face_add (const fit_ws *w, size_t col, double *face, double *rows)
{
  const size_t da = w->da;
  const size_t mg = w->o->model == CVX_MODEL_RELU ? w->pnact[col] : 0;
  if (mg < da)
    {
      *face += (double) (da - mg);
      *rows += (double) mg;
    }
}

/* Whether the m active columns' data-space system is cheaper through
 * the Gram matrix (gram_system) than through M (jacobian_cols):
 * 2 m + sum m_g < sum (da - m_g), and the system is in the data space
 * (always, for cross-entropy: data_space; otherwise where the sum of the
 * face dimensions is at least n, which for gated is m da >= n).  relu
 * also needs columns of X within 1e4 of each other in scale: X P_N X' as
 * X X' - X Q Q' X' cancels, with errors of about eps times the square of
 * that ratio relative to what is left (1e-8 at 1e4; at 1e6, with
 * columns scaled 1e6 and 1e-6 apart, none of it would be left). */
static int
gram_pays (ssn_ws *s, size_t m, int data_space)
{
  const fit_ws *w = s->w;
  const size_t da = w->da;
  if (m == 0 || da < 2)
    return 0;
  if (w->o->model != CVX_MODEL_RELU)
    return (data_space || m * da >= w->n) && gram_at_hand (s);
  double small, big;
  cvx_cone_colrange (w->cmax, da, &small, &big);
  if (!(big <= 1e4 * small))
    return 0;
  double rows = 0.0, face = 0.0;
  for (size_t a = 0; a < m; a++)
    face_add (w, s->cols[a], &face, &rows);
  return (data_space || face >= (double) w->n)
         && 2.0 * (double) m + rows < face && gram_at_hand (s);
}

/* Output k's V_k = I + sigma Mt Mt' of ce_direction into V (lower
 * triangle), by gram_system where that is cheaper. */
static int
ce_system (ssn_ws *s, size_t k, size_t m, double t, double *V)
{
  fit_ws *w = s->w;
  const size_t n = w->n;
  if (gram_pays (s, m, 1))
    return gram_system (s, m, t, s->hs + k * n, V);
  size_t r = 0;
  for (size_t a = 0; a < m; a++)
    r += jacobian_cols (s, s->cols[a], t, s->M + r * n);
  return data_space_system (s, r, V);
}

/* Cross-entropy's Newton direction within sum_k y_jk = 0 (MATH 1.5: the
 * softmax loss is invariant to a row's common shift, so its conjugate
 * lives on that subspace).  Per output N_k = H_k + sigma M_k M_k' with
 * H_k = diag (1/p_k), i.e. H^{-1/2} V_k H^{-1/2}, V_k = I + sigma Mt Mt'
 * (rows of M scaled by H^{-1/2} = sqrt (p)); the step minimizes the
 * model under the constraint:
 *   d_k = -N_k^{-1} (g_k + mu),  (sum_k N_k^{-1}) mu = -sum_k N_k^{-1} g_k.
 * K + 1 Cholesky factorizations and K inverses a step: taken while n is
 * small enough (ce_dense in cvxnn_fit_ssn.c), conjugate gradients
 * beyond. */
static int
ce_direction (ssn_ws *s)
{
  fit_ws *w = s->w;
  const cvx_ctx *c = w->c;
  const size_t n = w->n, da = w->da, G = w->G, K = w->K, nn = n * n;
  const double t = s->sigma * w->o->lambda;
  double *S = s->Vk + K * nn, *b2 = S + nn, *b = s->gs;
  const blas_int bn = (blas_int) n, one_i = 1;
  const double one = 1.0, zero = 0.0;
  blas_int info = 0;
  memset (S, 0, nn * sizeof (double));
  memset (b, 0, n * sizeof (double));
  for (size_t k = 0; k < K; k++)
    {
      size_t m = 0;
      for (size_t gg = 0; gg < G; gg++)
        if (cvx_fw_nonzero (s->xt + (k * G + gg) * da, da))
          s->cols[m++] = k * G + gg;
      int st = reserve (s, m * da > 0 ? m * da : 1);
      if (st)
        return st;
      double *V = s->Vk + k * nn;
      st = ce_system (s, k, m, t, V);
      if (st)
        return st;
      /* V_k^{-1} itself (Cholesky, then its inverse: n^3 flops, where
       * n right-hand sides through the factor cost 7 n^3 / 3) */
      st = cvx_potrf_polled (c, n, V, n);
      if (st)
        return st;
      dpotri_ ("L", &bn, V, &bn, &info);
      if (info != 0 || cvx_interrupted (c))
        return info != 0 ? CVX_ELAPACK : CVX_EINTERRUPTED;
      /* S += H^{-1/2} V^{-1} H^{-1/2}, b += the same times g_k */
      const double *h = s->hs + k * n, *g = s->grad + k * n;
      for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++)
          S[i * n + j] += h[i] * h[j] * V[i * n + j];
      double *z = s->dir + k * n;                  /* scratch until the end */
      for (size_t j = 0; j < n; j++)
        z[j] = h[j] * g[j];
      dsymv_ ("L", &bn, &one, V, &bn, z, &one_i, &zero, b2, &one_i);
      for (size_t j = 0; j < n; j++)
        b[j] += h[j] * b2[j];
    }
  const int st = cvx_potrf_polled (c, n, S, n);
  if (st)
    return st;
  for (size_t j = 0; j < n; j++)
    b[j] = -b[j];
  dpotrs_ ("L", &bn, &one_i, S, &bn, b, &bn, &info);          /* b = mu */
  for (size_t k = 0; k < K; k++)
    {
      const double *h = s->hs + k * n, *g = s->grad + k * n;
      double *d = s->dir + k * n;
      for (size_t j = 0; j < n; j++)
        b2[j] = h[j] * (g[j] + b[j]);
      dsymv_ ("L", &bn, &one, s->Vk + k * nn, &bn, b2, &one_i, &zero, d,
              &one_i);
      for (size_t j = 0; j < n; j++)
        d[j] = -h[j] * d[j];
    }
  return info == 0 ? CVX_OK : CVX_ELAPACK;
}

/* Whether the direct systems would cost more than 10 products of the
 * conjugate-gradient solve (each two products with the data over the
 * active groups, 4 n da flops a group; preconditioned, a direction takes
 * a few to a few tens of steps): forming one is n r^2 + r^3 / 3 flops
 * (Woodbury, r active unknowns of an output; relu: the faces' dimensions)
 * or n^2 r + n^3 / 3 (data space, r >= n; n^2 (2 m + sum m_g) for its
 * r through X X', where that fits).  At n = 1e4, d = 100, 100
 * patterns, 71 active groups: 5.1e11 flops, where CG's products are
 * 4e8.  And more than 1e9 flops (tens of milliseconds): below that both
 * are cheap, and the direct systems' exact steps take fewer iterations
 * (the default grid's four fits at 1e-1 lambda_max that crossed the
 * ratio alone took 1 to 6 more).  100 products before the
 * preconditioner; with it, 10: breast cancer relu (logistic, 1e-4
 * lambda_max, sampled pool) 13.7 -> 7.1 s, the grid's other fits the
 * same time (squared relu at 1e-4: 66 iterations instead of 54). */
static int
cg_pays (const ssn_ws *s)
{
  const fit_ws *w = s->w;
  const size_t da = w->da, G = w->G;
  const double n = (double) w->n;
  const int gram = w->n <= CVX_SSN_BUDGET / 4 / w->n;
  double direct = 0.0, act = 0.0;
  for (size_t k = 0; k < w->K; k++)
    {
      double r = 0.0, m = 0.0, rows = 0.0;
      for (size_t gg = 0; gg < G; gg++)
        {
          const size_t col = k * G + gg;
          if (!cvx_fw_nonzero (s->xt + col * da, da))
            continue;
          face_add (w, col, &r, &rows);
          m += 1.0;
        }
      /* the data space through X X' (gram_system) where it fits */
      const double sys = gram ? fmin (r, 2.0 * m + rows) : r;
      direct += r >= n ? n * n * sys + n * n * n / 3.0
                       : n * r * r + r * r * r / 3.0;
      act += m;
    }
  const double cg = 4.0 * n * (double) da * act;
  return direct > 1e9 && direct > 10.0 * cg;
}

/* The Newton direction at the current prox (s->xt, s->wv), per output:
 * the columns of every active group side by side in M (r = the sum of
 * their face dimensions). */
int
cvx_ssn_newton_direction (ssn_ws *s)
{
  s->cg_steps = 0;
  if (s->ce)
    return s->Vk ? ce_direction (s) : cvx_ssn_cg_direction (s);
  if (cg_pays (s))
    return cvx_ssn_cg_direction (s);
  fit_ws *w = s->w;
  const size_t n = w->n, da = w->da, G = w->G;
  const double t = s->sigma * w->o->lambda;
  for (size_t k = 0; k < w->K; k++)
    {
      size_t m = 0;
      for (size_t gg = 0; gg < G; gg++)
        if (cvx_fw_nonzero (s->xt + (k * G + gg) * da, da))
          s->cols[m++] = k * G + gg;
      /* at most da columns a group; the face dimensions are known only
       * once each basis is built */
      int st = reserve (s, m * da);
      if (st == CVX_ETOOLARGE)
        return cvx_ssn_cg_direction (s);   /* all outputs, from scratch */
      if (st)
        return st;
      size_t r = 0;
      if (gram_pays (s, m, 0))
        {
          const int gst = gram_system (s, m, t, cvx_ssn_hscale (s, 0),
                                       s->V);
          if (gst)
            return gst;
          s->v_ready = 1;
          r = n;
        }
      else
        for (size_t a = 0; a < m; a++)
          {
            if (cvx_interrupted (w->c))
              return CVX_EINTERRUPTED;
            r += jacobian_cols (s, s->cols[a], t, s->M + r * n);
          }
      st = solve_output (s, k, r);
      if (st)
        return st;
    }
  return CVX_OK;
}
