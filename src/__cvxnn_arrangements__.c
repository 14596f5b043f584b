/* [D, G, info] = __cvxnn_arrangements__ (X, P, METHOD, BIAS, SEED, DISPLAY,
 *                                        INTERRUPT_AFTER)
 *
 * Internal gateway of cvxnn_arrangements (see inst/cvxnn_arrangements.m for
 * the documented interface).  METHOD: 0 sample, 1 exact, 2 auto.
 * INTERRUPT_AFTER > 0 simulates Ctrl-C at that poll (tests only).
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cvxnn_mexutil.h"

#include <string.h>

#define FN "arrangements"

/* Bound on the directions an exact enumeration may evaluate: about 2^24
 * DGEMM columns, seconds of work for the n where enumeration is sensible. */
#define MAX_EXACT_DIRECTIONS 16777216.0

void
mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
  cvxm_nargs (FN, nrhs, 7, nlhs, 3);

  size_t n, d;
  const double *X = cvxm_matrix (prhs[0], FN, "X", &n, &d);
  const double P = cvxm_integer (prhs[1], FN, "P", 1.0, 9007199254740992.0);
  const int method = (int) cvxm_integer (prhs[2], FN, "METHOD", 0.0, 2.0);
  const int bias = (int) cvxm_integer (prhs[3], FN, "BIAS", 0.0, 1.0);
  const double seed = cvxm_integer (prhs[4], FN, "SEED", 0.0,
                                    9007199254740992.0);
  cvxm_host host;
  host.polls = 0;
  host.display = (int) cvxm_integer (prhs[5], FN, "DISPLAY", 0.0, 1.0);
  host.interrupt_after = (long) cvxm_integer (prhs[6], FN, "INTERRUPT_AFTER",
                                              0.0, 1e9);
  cvx_ctx ctx = cvxm_ctx (&host);

  cvx_patterns pat;
  cvx_arr_info ai;
  int st = cvx_arrangements (&ctx, X, n, d, bias, method, (uint64_t) P,
                             (uint64_t) seed, MAX_EXACT_DIRECTIONS, &pat,
                             &ai);
  cvxm_release (FN);
  if (st == CVX_ETOOLARGE && ai.rank >= 0)
    cvxm_error (FN, "tooLarge",
                "exact enumeration for rank %d data with %zu rows would "
                "evaluate about %.3g directions (limit %.3g); use "
                "'Method', 'sample'", ai.rank, n,
                cvx_arr_exact_work (n, ai.rank), MAX_EXACT_DIRECTIONS);
  if (st)
    cvxm_fail (FN, st);

  const size_t m = pat.count;
  plhs[0] = mxCreateLogicalMatrix (n, m);
  mxLogical *D = mxGetLogicals (plhs[0]);
  for (size_t j = 0; j < m; j++)
    cvx_patterns_unpack (&pat, j, (unsigned char *) (D + j * n));
  if (nlhs > 1)
    {
      plhs[1] = mxCreateDoubleMatrix (pat.da, m, mxREAL);
      if (m)
        memcpy (mxGetDoubles (plhs[1]), pat.dirs,
                pat.da * m * sizeof (double));
    }
  if (nlhs > 2)
    {
      static const char *fields[] = { "sampled", "distinct", "unseen",
                                      "method", "exact", "rank" };
      plhs[2] = mxCreateStructMatrix (1, 1, 6, fields);
      mxSetField (plhs[2], 0, "sampled",
                  mxCreateDoubleScalar ((double) pat.evaluated));
      mxSetField (plhs[2], 0, "distinct", mxCreateDoubleScalar ((double) m));
      mxSetField (plhs[2], 0, "unseen",
                  mxCreateDoubleScalar (ai.exact ? 0.0
                                        : cvx_patterns_unseen (&pat)));
      mxSetField (plhs[2], 0, "method",
                  mxCreateString (ai.method == CVX_ARR_EXACT ? "exact"
                                  : "sample"));
      mxSetField (plhs[2], 0, "exact", mxCreateLogicalScalar (ai.exact != 0));
      mxSetField (plhs[2], 0, "rank",
                  mxCreateDoubleScalar (ai.rank >= 0 ? (double) ai.rank
                                        : mxGetNaN ()));
    }
  cvx_patterns_free (&ctx, &pat);
}
