/* cvxnn core: the convex fit's model operators (MATH 4.2, 4.5): the
 * products with the data over every pattern of a working set, the group
 * penalty, its prox (the group shrink of the cone projection for relu,
 * MATH 4.4), and the operator norm that sets FISTA's step.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The products are two GEMMs per evaluation: forward X*U over the
 * working set's nonzero groups, masked by D, and backward X'*(D .* r)
 * over every pattern of it.
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"
#include "cvxnn_fit_internal.h"

#include <math.h>
#include <string.h>

/* The effective weights (relu: v - w) of every (output, pattern) whose
 * weights are not zero, packed at the front of Ueff with their indices
 * in ucol: a warm start's or a prox's U has a few hundred nonzero
 * groups of thousands, and the forward product need not multiply X by
 * the others' zeros */
static void
effective_u (fit_ws *w, const double *U)
{
  const size_t da = w->da, P = w->P;
  w->nucol = 0;
  for (size_t k = 0; k < w->K; k++)
    for (size_t i = 0; i < P; i++)
      {
        double *e = w->Ueff + w->nucol * da;
        if (w->o->model == CVX_MODEL_GATED)
          memcpy (e, U + (k * P + i) * da, da * sizeof (double));
        else
          {
            const double *v = U + (k * w->G + i) * da;
            const double *ww = U + (k * w->G + P + i) * da;
            for (size_t b = 0; b < da; b++)
              e[b] = v[b] - ww[b];
          }
        if (cvx_fw_nonzero (e, da))
          w->ucol[w->nucol++] = k * P + i;
      }
}

/* Columns (pattern, output) per block of the products: about 2e8 flops
 * (10-20 ms), Ctrl-C polled between blocks.  A product over 2000
 * patterns at n = 2e4, d = 50 is 4e9 flops and a pass over 320 MB, half
 * a second in one GEMM; below 2e8 flops it stays one GEMM.  XU holds one
 * block: n x P K doubles were 800 MB at n = 1e5, d = 100, 1000 patterns,
 * where a block is 9 columns. */
size_t
cvx_fw_product_block (const fit_ws *w, size_t cols)
{
  const double per = 2.0 * (double) w->n * (double) w->da;
  const double b = 2e8 / per;
  return b >= (double) cols ? cols : (b < 1.0 ? 1 : (size_t) b);
}

/* Ctrl-C between two blocks of a product: its output is incomplete */
static int
product_cut (fit_ws *w)
{
  if (!cvx_fw_cut (w))
    return 0;
  w->sh->partial = 1;
  return 1;
}

/* The products with the data, on Ueff (da x P K, output-major, or its
 * nonzero columns packed, effective_u): F(:, k) = sum_i D_i X
 * Ueff(:, kP+i), a GEMM a block of columns, then the masks;
 * and Gm(:, kP+i) = X' (D_i .* R(:, k)), the masks, then the GEMM, a
 * block at a time.  XU holds one block's n x nb intermediate of either
 * (they never overlap).  Stopped by Ctrl-C between blocks (w->sh->partial
 * then set): callers test w->sh->cut before using the output.  Time and
 * flops are counted for the benchmark's inner-loop rate (masks
 * included).  The forward product runs over the first cols columns of
 * Ueff, column j being (output, pattern) col[j], or j where col is
 * NULL. */
static void
products_forward (fit_ws *w, size_t K, double *F, const size_t *col,
                  size_t cols)
{
  const size_t n = w->n, P = w->P, nb = cvx_fw_product_block (w, cols);
  const blas_int bn = (blas_int) n, bda = (blas_int) w->da;
  const double one = 1.0, zero = 0.0;
  const double t0 = cvx_now (w->c);
  memset (F, 0, n * K * sizeof (double));
  for (size_t j0 = 0; j0 < cols; j0 += nb)
    {
      if (j0 > 0 && product_cut (w))
        break;
      const size_t j1 = cols - j0 < nb ? cols : j0 + nb;
      const blas_int bc = (blas_int) (j1 - j0);
      dgemm_ ("N", "N", &bn, &bc, &bda, &one, w->X, &bn, w->Ueff + j0 * w->da,
              &bda, &zero, w->XU, &bn);
      for (size_t j = j0; j < j1; j++)
        {
          const size_t kp = col ? col[j] : j;
          cvx_mask_add (n, w->D + (kp % P) * n, w->XU + (j - j0) * n,
                        F + (kp / P) * n);
        }
    }
  w->sh->info->loop_time += cvx_now (w->c) - t0;
  w->sh->info->loop_flops += 2.0 * (double) n * (double) w->da
                             * (double) cols;
}

static void
products_backward (fit_ws *w, const double *R, size_t K)
{
  const size_t n = w->n, P = w->P, cols = P * K;
  const size_t nb = cvx_fw_product_block (w, cols);
  const blas_int bn = (blas_int) n, bda = (blas_int) w->da;
  const double one = 1.0, zero = 0.0;
  const double t0 = cvx_now (w->c);
  for (size_t j0 = 0; j0 < cols; j0 += nb)
    {
      if (j0 > 0 && product_cut (w))
        break;
      const size_t j1 = cols - j0 < nb ? cols : j0 + nb;
      const blas_int bc = (blas_int) (j1 - j0);
      for (size_t j = j0; j < j1; j++)
        cvx_mask_copy (n, w->D + (j % P) * n, R + (j / P) * n,
                       w->XU + (j - j0) * n);
      dgemm_ ("T", "N", &bda, &bc, &bn, &one, w->X, &bn, w->XU, &bn,
              &zero, w->Gm + j0 * w->da, &bda);
    }
  w->sh->info->loop_time += cvx_now (w->c) - t0;
  w->sh->info->loop_flops += 2.0 * (double) n * (double) w->da
                             * (double) (P * K);
}

/* F = sum_i D_i X u_i per output */
void
cvx_fw_forward (fit_ws *w, const double *U, double *F)
{
  effective_u (w, U);
  products_forward (w, w->K, F, w->ucol, w->nucol);
}

/* Gm(:, kP+i) = X' (D_i .* R_k) */
void
cvx_fw_backward (fit_ws *w, const double *R)
{
  products_backward (w, R, w->K);
}

/* gradient column of group g, output k, from Gm */
const double *
cvx_fw_grad_col (fit_ws *w, size_t k, size_t g, double *buf)
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

/* a scan, not a norm: a BLAS call a group and a Newton direction cost
 * about 4 s of a 30 s relu path over 2900 groups */
int
cvx_fw_nonzero (const double *x, size_t da)
{
  for (size_t b = 0; b < da; b++)
    if (x[b] != 0.0)
      return 1;
  return 0;
}

double
cvx_fw_penalty (const fit_ws *w, const double *U)
{
  double s = 0.0;
  for (size_t col = 0; col < w->G * w->K; col++)
    s += cvx_fw_nrm2 (U + col * w->da, w->da);
  return w->o->lambda * s;
}

/* Threads only where a projection's full scan is 2^16 products or more:
 * below that (diabetes, breast cancer: n d 5e3 to 2e4) the relu fits ran
 * 7-34% slower on two threads, the cores shared with OpenBLAS's threads
 * (and libgomp's, which spin a while after each parallel region). */
int
cvx_fw_threads (size_t n, size_t da)
{
#ifdef _OPENMP
  const int t = omp_get_max_threads ();
  if (n * da < ((size_t) 1 << 16))
    return 1;
  return t < 1 ? 1 : t > 8 ? 8 : t;
#else
  (void) n;
  (void) da;
  return 1;
#endif
}

/* x = prox_{t (|.| + i_K)}(z) for the group in column col (output k,
 * group g: pattern g mod P): the group shrink of z, of its cone
 * projection for relu (MATH 4.4), warm-started from the column's last
 * active rows, which it leaves in w->pact / w->pnact; work and pbuf the
 * calling thread's.  It writes only column col's entries of w. */
static void
prox_col (fit_ws *w, size_t col, const double *z, double t, double *x,
          double *work, double *pbuf)
{
  const size_t da = w->da;
  double zn = cvx_fw_nrm2 (z, da);
  if (zn <= t)                        /* |Pi_K z| <= |z| <= t */
    {
      memset (x, 0, da * sizeof (double));
      return;
    }
  const double *p = z;
  if (w->o->model == CVX_MODEL_RELU)
    {
      double *zl = w->pz + col * da;
      if (cvx_fw_proj_bound (w->pn[col], z, zl, da) <= t)
        {
          memset (x, 0, da * sizeof (double));
          return;
        }
      /* stopped once |Pi_K z| <= t is known: the group is zero, and the
       * iterate's norm is still an upper bound for the next skip */
      const unsigned char *Di = w->D + cvx_fw_pattern (w, col) * w->n;
      cvx_cone_project_x (w->X, w->n, da, Di, z, pbuf, work, NULL,
                          w->pact + col * da, w->pnact + col, w->cmax, t);
      p = pbuf;
      zn = cvx_fw_nrm2 (p, da);
      memcpy (zl, z, da * sizeof (double));
      w->pn[col] = zn;
    }
  const double a = zn > t ? 1.0 - t / zn : 0.0;
  for (size_t b = 0; b < da; b++)
    x[b] = a * p[b];
}

/* x = prox_{eta lam (|.| + i_K)}(z), column by column (MATH 4.4).  Relu:
 * a cone projection a group, the groups shared among w->nthr threads
 * (each projection is independent and writes only its own column, so
 * the result does not depend on the threads; on 2 cores a prox of 1200
 * groups at n = 1e4, d = 101 took 3.3-3.6 s instead of 5.4-6.0 s).
 * Ctrl-C (cvx_fw_par_halt) gives Xout Xfall's values (a feasible point:
 * the caller stops). */
void
cvx_fw_prox (fit_ws *w, const double *Z, double eta, double *Xout,
             const double *Xfall)
{
  const double tau = eta * w->o->lambda;
  const size_t da = w->da, GK = w->G * w->K;
  if (w->o->model != CVX_MODEL_RELU)
    {
      for (size_t col = 0; col < GK; col++)
        prox_col (w, col, Z + col * da, tau, Xout + col * da, NULL, NULL);
      return;
    }
  int stop = 0;
#ifdef _OPENMP
#pragma omp parallel num_threads (w->nthr) if (w->nthr > 1 && GK > 1)
#endif
  {
    const int me = cvx_fw_thread_id ();
    double *work = cvx_fw_thread_work (w, me);
    double *pbuf = cvx_fw_thread_buf (w, me);
    const long ncol = (long) GK;
#ifdef _OPENMP
#pragma omp for schedule (dynamic, 1)
#endif
    for (long col = 0; col < ncol; col++)
      {
        if (cvx_fw_par_halt (w, me, &stop))
          continue;
        prox_col (w, (size_t) col, Z + col * da, tau, Xout + col * da, work,
                  pbuf);
      }
  }
  if (stop)
    memcpy (Xout, Xfall, GK * da * sizeof (double));
}

size_t
cvx_fw_count_active (const fit_ws *w, const double *U)
{
  size_t a = 0;
  for (size_t col = 0; col < w->G * w->K; col++)
    a += cvx_fw_nonzero (U + col * w->da, w->da);
  return a;
}

/* Largest squared singular value of M = [D_1 X, ..., D_P X] by power
 * iteration on M'M (two GEMMs a step); the one-vs-all outputs share it.
 * Ctrl-C is polled between steps (at n = 2e4, 2000 patterns the
 * iteration ran 5 s unpolled): then the estimate so far, and the
 * driver's cut flag set. */
double
cvx_fw_operator_norm2 (fit_ws *w, double *F)
{
  const size_t da = w->da, P = w->P;
  double *V = w->Ueff;                        /* da x P, output 0 only */
  for (size_t j = 0; j < da * P; j++)
    V[j] = 1.0 + 0.01 * (double) (j % 7);     /* deterministic start */
  double s2 = 0.0;
  for (int it = 0; it < 50; it++)
    {
      if (cvx_fw_cut (w))
        break;
      products_forward (w, 1, F, NULL, P);
      products_backward (w, F, 1);
      if (w->sh->cut)
        break;                                /* s2 stays the last estimate */
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
