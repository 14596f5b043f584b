/* [f, g, loss, mu, scale] = __cvxnn_objective__ (X, Y, SPEC, THETA)
 *
 * Internal gateway of cvxnn_objective and cvxnn_train: the weight-decay
 * objective of a network (cvx_net_objective), its gradient, and with batch
 * normalization the per-unit mean and divisor on X.  SPEC: struct with
 * fields width, bias, act, bn, loss, lambda (see cvxm_net_spec); THETA the
 * parameter vector in the core's layout.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cvxnn_mexutil.h"

#include <string.h>

#define FN "objective"

void
mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
  cvxm_nargs (FN, nrhs, 4, nlhs, 5);
  size_t n, d, ny, K, r, c;
  const double *X = cvxm_matrix (prhs[0], FN, "X", &n, &d);
  const double *Y = cvxm_matrix (prhs[1], FN, "Y", &ny, &K);
  cvx_net s;
  cvxm_net_spec (prhs[2], FN, &s);
  const double *theta = cvxm_matrix (prhs[3], FN, "THETA", &r, &c);
  if (ny != n || s.width[0] != d || s.width[s.L] != K)
    cvxm_error (FN, "size", "X, Y and the layer widths disagree");
  const size_t N = cvx_net_nparams (&s);
  if (r * c != N)
    cvxm_error (FN, "size", "THETA must have %zu elements", N);

  const size_t m = s.bn ? s.width[s.L - 1] : 0;
  /* Octave allocates max (nlhs, 1) output slots: plhs[1] exists only
   * when the gradient is asked for (valgrind saw the write past it) */
  mxArray *grad = nlhs > 1 ? mxCreateDoubleMatrix (N, 1, mxREAL) : NULL;
  mxArray *mu = mxCreateDoubleMatrix (1, m, mxREAL);
  mxArray *sc = mxCreateDoubleMatrix (1, m, mxREAL);
  cvxm_host host = { 0, 0, 0, 0 };
  cvx_ctx ctx = cvxm_ctx (&host);
  double f, loss;
  int st = cvx_net_objective (&ctx, &s, X, n, Y, theta, &f, &loss,
                              grad ? mxGetDoubles (grad) : NULL,
                              m ? mxGetDoubles (mu) : NULL,
                              m ? mxGetDoubles (sc) : NULL);
  cvxm_release (FN);
  if (st)
    cvxm_fail (FN, st);
  plhs[0] = mxCreateDoubleScalar (f);
  if (grad)
    plhs[1] = grad;
  if (nlhs > 2)
    plhs[2] = mxCreateDoubleScalar (loss);
  if (nlhs > 3)
    plhs[3] = mu;
  if (nlhs > 4)
    plhs[4] = sc;
}
