/* cvxnn core: small level-2 products kept single-threaded.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpenBLAS splits a DGEMV or DGER over its threads once the matrix has
 * 9216 entries or more (2304 times GEMM_MULTITHREAD_THRESHOLD, 4 by
 * default), and the call then waits for the other threads to wake up.
 * The cone projection makes such calls by the million at d = 100 (its
 * d x d factor updates, its scans of a few hundred candidate rows), each
 * a few microseconds of work: on 2 cores a first certificate at n = 1e4,
 * d = 101 took 4.5-5.1 s on one thread and 4.9-9.9 s on two.  Cut into
 * blocks of at most CVX_SMALL_ENTRIES entries, every call stays on the
 * calling thread; other BLAS libraries only see more, smaller calls.
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"

#define CVX_SMALL_ENTRIES 8192

/* rows or columns a block holds, of a dimension whose other one is len */
static size_t
block_of (size_t len)
{
  const size_t b = CVX_SMALL_ENTRIES / (len > 0 ? len : 1);
  return b > 0 ? b : 1;
}

void
cvx_gemv_small (int trans, size_t m, size_t n, double alpha, const double *A,
                size_t lda, const double *x, double beta, double *y)
{
  const blas_int bl = (blas_int) lda, inc = 1;
  if (!trans)                      /* y (m) = alpha A x + beta y: row blocks */
    {
      const size_t rb = block_of (n);
      const blas_int bn = (blas_int) n;
      for (size_t r = 0; r < m; r += rb)
        {
          const blas_int br = (blas_int) (m - r < rb ? m - r : rb);
          dgemv_ ("N", &br, &bn, &alpha, A + r, &bl, x, &inc, &beta, y + r,
                  &inc);
        }
      return;
    }
  /* y (n) = alpha A' x + beta y: column blocks */
  const size_t cb = block_of (m);
  const blas_int bm = (blas_int) m;
  for (size_t c = 0; c < n; c += cb)
    {
      const blas_int bc = (blas_int) (n - c < cb ? n - c : cb);
      dgemv_ ("T", &bm, &bc, &alpha, A + c * lda, &bl, x, &inc, &beta, y + c,
              &inc);
    }
}

/* A += alpha x y' (A m x n) in column blocks */
static void
ger_small (size_t m, size_t n, double alpha, const double *x,
           const double *y, double *A, size_t lda)
{
  const blas_int bl = (blas_int) lda, bm = (blas_int) m, inc = 1;
  const size_t cb = block_of (m);
  for (size_t c = 0; c < n; c += cb)
    {
      const blas_int bc = (blas_int) (n - c < cb ? n - c : cb);
      dger_ (&bm, &bc, &alpha, x, &inc, y + c, &inc, A + c * lda, &bl);
    }
}

/* C (m x n) = C H (right: v has n entries, w m) or H C (v m, w n),
 * H = I - tau v v' (a Householder reflector, as LAPACK's dlarf); w
 * scratch */
void
cvx_house_apply (int right, size_t m, size_t n, const double *v, double tau,
                 double *C, size_t ldc, double *w)
{
  if (tau == 0.0)
    return;
  if (right)
    {
      /* w (m) = C v, C -= tau w v' */
      cvx_gemv_small (0, m, n, 1.0, C, ldc, v, 0.0, w);
      ger_small (m, n, -tau, w, v, C, ldc);
    }
  else
    {
      /* w (n) = C' v, C -= tau v w' */
      cvx_gemv_small (1, m, n, 1.0, C, ldc, v, 0.0, w);
      ger_small (m, n, -tau, v, w, C, ldc);
    }
}

/* LAPACK's dgeqr2 (A m x n, m >= n: the reflectors below the diagonal,
 * R on and above it, tau n) with its reflectors applied through
 * cvx_house_apply; work: n */
void
cvx_geqr2_small (size_t m, size_t n, double *A, size_t lda, double *tau,
                 double *work)
{
  const blas_int inc = 1;
  for (size_t a = 0; a < n; a++)
    {
      const blas_int len = (blas_int) (m - a);
      double *v = A + a * lda + a;
      dlarfg_ (&len, v, v + (a + 1 < m ? 1 : 0), &inc, tau + a);
      const double aii = v[0];
      v[0] = 1.0;
      cvx_house_apply (0, m - a, n - a - 1, v, tau[a], v + lda, lda, work);
      v[0] = aii;
    }
}

/* LAPACK's dorg2r: the m x n matrix Q = H_0 ... H_k-1 (its first n
 * columns) from cvx_geqr2_small's k reflectors in A; work: n */
void
cvx_org2r_small (size_t m, size_t n, size_t k, double *A, size_t lda,
                 const double *tau, double *work)
{
  for (size_t a = k; a < n; a++)
    for (size_t b = 0; b < m; b++)
      A[a * lda + b] = a == b;
  for (size_t a = k; a-- > 0;)
    {
      double *v = A + a * lda + a;
      v[0] = 1.0;
      cvx_house_apply (0, m - a, n - a - 1, v, tau[a], v + lda, lda, work);
      for (size_t b = 1; b < m - a; b++)
        v[b] *= -tau[a];
      v[0] = 1.0 - tau[a];
      for (size_t b = 0; b < a; b++)
        A[a * lda + b] = 0.0;
    }
}
