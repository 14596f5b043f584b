/* [val, U] = __cvxnn_extreme_points__ (XA, D, LAM)
 *
 * Internal gateway of cvxnn_extreme_points and cvxnn_certify: the kernel
 * cvx_extreme_points over the n x P logical patterns D of XA (n x da, bias
 * column included) for the dual point LAM (n x K).  K = 1: val is P x 2
 * (column 1 sign +, column 2 sign -) and U da x 2P; K > 1: val P x 1 and
 * U da x P (lower estimates, see the kernel).
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cvxnn_mexutil.h"

#define FN "extreme_points"

void
mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
  cvxm_nargs (FN, nrhs, 3, nlhs, 2);
  size_t n, da, nl, K;
  const double *X = cvxm_matrix (prhs[0], FN, "XA", &n, &da);
  size_t P;
  const unsigned char *D = cvxm_patterns (prhs[1], FN, n, 0, &P);
  const double *Lam = cvxm_matrix (prhs[2], FN, "LAM", &nl, &K);
  if (nl != n)
    cvxm_error (FN, "size", "LAM must have as many rows as XA");
  const size_t S = K == 1 ? 2 : 1;
  plhs[0] = mxCreateDoubleMatrix (P, S, mxREAL);
  mxArray *U = mxCreateDoubleMatrix (da, P * S, mxREAL);
  cvxm_host host = { 0, 0, 0, 0 };
  cvx_ctx ctx = cvxm_ctx (&host);
  const int st = cvx_extreme_points (&ctx, X, n, da, D, P, Lam, K,
                                     mxGetDoubles (plhs[0]), mxGetDoubles (U));
  cvxm_release (FN);
  if (st)
    cvxm_fail (FN, st);
  if (nlhs > 1)
    plhs[1] = U;
  else
    mxDestroyArray (U);
}
