/* [U, info] = __cvxnn_fit__ (XA, D, Y, MODEL, LOSS, LAMBDA, TOL, MAXITER,
 *                            CHECK_EVERY, DISPLAY, U0, INTERRUPT_AFTER,
 *                            SOLVER, LAMBDA_PREV)
 *
 * Internal gateway of cvxnn_fit (see inst/cvxnn_fit.m).  XA: n x da data
 * with the bias column already appended; D: n x P logical patterns; Y: n x K
 * targets (+-1 for logistic, one-hot for cross-entropy); MODEL 0 relu,
 * 1 gated; LOSS 0 squared, 1 logistic, 2 cross-entropy; U0: da x (G K)
 * start or []; INTERRUPT_AFTER > 0 simulates Ctrl-C (tests only); SOLVER
 * 0 semismooth Newton (FISTA finishes where it stalls), 1 FISTA with the
 * Newton polish; LAMBDA_PREV: the lambda U0 solves when it is the step
 * before on a path, else 0.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cvxnn_mexutil.h"

#include <math.h>
#include <string.h>

#define FN "fit"

void
mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
  cvxm_nargs (FN, nrhs, 14, nlhs, 2);

  size_t n, da, ny, K;
  const double *X = cvxm_matrix (prhs[0], FN, "XA", &n, &da);
  size_t P;
  const unsigned char *D = cvxm_patterns (prhs[1], FN, n, 1, &P);
  const double *Y = cvxm_matrix (prhs[2], FN, "Y", &ny, &K);
  if (ny != n)
    cvxm_error (FN, "size", "Y must have as many rows as XA");

  cvx_fit_opts o;
  o.model = (int) cvxm_integer (prhs[3], FN, "MODEL", 0, 1);
  o.loss = (int) cvxm_integer (prhs[4], FN, "LOSS", 0, 2);
  o.lambda = cvxm_scalar (prhs[5], FN, "LAMBDA");
  if (!(o.lambda > 0.0))
    cvxm_error (FN, "value", "LAMBDA must be positive");
  o.tol = cvxm_scalar (prhs[6], FN, "TOL");
  o.max_iter = (long) cvxm_integer (prhs[7], FN, "MAXITER", 0, 1e12);
  o.check_every = (long) cvxm_integer (prhs[8], FN, "CHECK_EVERY", 1, 1e9);
  cvxm_host host;
  host.polls = 0;
  host.display = (int) cvxm_integer (prhs[9], FN, "DISPLAY", 0, 1);
  o.display = host.display;
  o.solver = (int) cvxm_integer (prhs[12], FN, "SOLVER", 0, 1);
  o.lambda_prev = cvxm_scalar (prhs[13], FN, "LAMBDA_PREV");
  if (!(o.lambda_prev >= 0.0 && o.lambda_prev < HUGE_VAL))
    cvxm_error (FN, "value", "LAMBDA_PREV must be finite and >= 0");
  host.interrupt_after = (long) cvxm_integer (prhs[11], FN, "INTERRUPT_AFTER",
                                              0, 1e9);
  if (o.loss == CVX_LOSS_LOGISTIC && K != 1)
    cvxm_error (FN, "size", "the logistic loss takes one output");

  const size_t nv = cvx_fit_nvars (da, P, K, o.model);
  const size_t G = nv / (da * K);
  plhs[0] = mxCreateDoubleMatrix (da, G * K, mxREAL);
  double *U = mxGetDoubles (plhs[0]);
  if (!mxIsEmpty (prhs[10]))
    {
      size_t r, cc;
      const double *U0 = cvxm_matrix (prhs[10], FN, "U0", &r, &cc);
      if (r != da || cc != G * K)
        cvxm_error (FN, "size", "U0 must be %zu-by-%zu", da, G * K);
      memcpy (U, U0, nv * sizeof (double));
    }

  cvx_ctx ctx = cvxm_ctx (&host);
  cvx_fit_info info;
  int st = cvx_fit (&ctx, X, n, da, D, P, Y, K, &o, U, &info);
  cvxm_release (FN);
  if (st)
    cvxm_fail (FN, st);

  if (nlhs > 1)
    {
      static const char *status[] = { "solved", "max_iter", "interrupted",
                                      "stalled" };
      static const char *fields[] = { "status", "iterations", "convex_primal",
                                      "dual", "violation", "lambda_max",
                                      "active", "solve_time", "history",
                                      "loop_time", "loop_flops" };
      plhs[1] = mxCreateStructMatrix (1, 1, 11, fields);
      mxSetField (plhs[1], 0, "status", mxCreateString (status[info.status]));
      mxSetField (plhs[1], 0, "iterations",
                  mxCreateDoubleScalar ((double) info.iterations));
      mxSetField (plhs[1], 0, "convex_primal", mxCreateDoubleScalar (info.primal));
      mxSetField (plhs[1], 0, "dual", mxCreateDoubleScalar (info.dual));
      mxSetField (plhs[1], 0, "violation", mxCreateDoubleScalar (info.violation));
      mxSetField (plhs[1], 0, "lambda_max", mxCreateDoubleScalar (info.lambda_max));
      mxSetField (plhs[1], 0, "active",
                  mxCreateDoubleScalar ((double) info.active));
      mxSetField (plhs[1], 0, "solve_time", mxCreateDoubleScalar (info.time));
      mxSetField (plhs[1], 0, "loop_time", mxCreateDoubleScalar (info.loop_time));
      mxSetField (plhs[1], 0, "loop_flops",
                  mxCreateDoubleScalar (info.loop_flops));
      mxSetField (plhs[1], 0, "history",
                  cvxm_history (info.hist, info.nhist, info.hist_cols));
    }
  ctx.alloc.free_fn (info.hist, ctx.alloc.ctx);
}
