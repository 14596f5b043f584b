/* cvxnn core: dense factorizations that poll Ctrl-C.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A long call returns within 0.5 s of Ctrl-C: no single BLAS or LAPACK
 * call may run longer than that, so the large ones are cut into blocks
 * of at most about 2e9 flops (tens of milliseconds on two cores) with a
 * poll between them.
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"

/* below this order (3.6e8 flops) one dpotrf call, exactly LAPACK's */
#define CHOL_WHOLE 1024
#define CHOL_NB 256

/* Left-looking by block columns of CHOL_NB: the diagonal block is updated
 * by the columns to its left (DSYRK) and factored (dpotrf), then the rows
 * below it, in row blocks of at most about 2e9 flops each, are updated
 * (DGEMM) and solved against it (DTRSM). */
int
cvx_potrf_polled (const cvx_ctx *c, size_t n, double *A, size_t lda)
{
  const blas_int bl = (blas_int) lda;
  const double one = 1.0, mone = -1.0;
  blas_int info = 0;
  if (n <= CHOL_WHOLE)
    {
      const blas_int bn = (blas_int) n;
      dpotrf_ ("L", &bn, A, &bl, &info);
      return info == 0 ? CVX_OK : CVX_ELAPACK;
    }
  for (size_t j = 0; j < n; j += CHOL_NB)
    {
      if (cvx_interrupted (c))
        return CVX_EINTERRUPTED;
      const size_t jb = n - j < CHOL_NB ? n - j : CHOL_NB;
      const blas_int bjb = (blas_int) jb, bj = (blas_int) j;
      double *Ajj = A + j + j * lda;
      if (j > 0)
        dsyrk_ ("L", "N", &bjb, &bj, &mone, A + j, &bl, &one, Ajj, &bl);
      dpotrf_ ("L", &bjb, Ajj, &bl, &info);
      if (info != 0)
        return CVX_ELAPACK;
      const double per_row = 2.0 * (double) jb * (double) (j + jb);
      size_t rbs = (size_t) (2e9 / per_row);
      rbs = rbs < 256 ? 256 : rbs;
      for (size_t r0 = j + jb; r0 < n; r0 += rbs)
        {
          if (cvx_interrupted (c))
            return CVX_EINTERRUPTED;
          const blas_int rb = (blas_int) (n - r0 < rbs ? n - r0 : rbs);
          double *Arj = A + r0 + j * lda;
          if (j > 0)
            dgemm_ ("N", "T", &rb, &bjb, &bj, &mone, A + r0, &bl, A + j, &bl,
                    &one, Arj, &bl);
          dtrsm_ ("R", "L", "T", "N", &rb, &bjb, &one, Ajj, &bl, Arj, &bl);
        }
    }
  return CVX_OK;
}
