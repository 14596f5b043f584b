/* [G, bad] = __cvxnn_gates__ (XA, D)
 *
 * Internal gateway of cvxnn_fit (gated networks from patterns given
 * without their directions): the kernel cvx_pattern_gates over the n x P
 * logical patterns D of XA (n x da, bias column included).  G: da x P
 * gates; bad: 0, or the 1-based first column of D that is no activation
 * pattern of XA.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cvxnn_mexutil.h"

#define FN "gates"

void
mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
  cvxm_nargs (FN, nrhs, 2, nlhs, 2);
  size_t n, da;
  const double *X = cvxm_matrix (prhs[0], FN, "XA", &n, &da);
  size_t P;
  const unsigned char *D = cvxm_patterns (prhs[1], FN, n, 0, &P);
  mxArray *G = mxCreateDoubleMatrix (da, P, mxREAL);
  cvxm_host host = { 0, 0, 0, 0 };
  cvx_ctx ctx = cvxm_ctx (&host);
  size_t bad = P;
  const int st = cvx_pattern_gates (&ctx, X, n, da, D, P, mxGetDoubles (G),
                                    &bad);
  cvxm_release (FN);
  if (st)
    {
      mxDestroyArray (G);
      cvxm_fail (FN, st);
    }
  plhs[0] = G;
  if (nlhs > 1)
    plhs[1] = mxCreateDoubleScalar (bad < P ? (double) bad + 1.0 : 0.0);
}
