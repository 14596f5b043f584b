/* [theta, info] = __cvxnn_train__ (X, Y, SPEC, OPTS, THETA0, INTERRUPT_AFTER)
 *
 * Internal gateway of cvxnn_train (see inst/cvxnn_train.m): cvx_train from
 * THETA0, or from cvx_net_init (OPTS.seed, OPTS.init_scale) when THETA0 is
 * empty.  OPTS fields: optimizer (0 gd, 1 sgd, 2 adam, 3 lbfgs), lr,
 * momentum, epochs, batch, seed, tol, ftol, memory, display, init_scale.
 * INTERRUPT_AFTER > 0 simulates Ctrl-C on that poll (tests only).
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cvxnn_mexutil.h"

#include <string.h>

#define FN "train"

static double
opt (const mxArray *o, const char *name)
{
  return cvxm_scalar (cvxm_field (o, FN, name), FN, name);
}

void
mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
  cvxm_nargs (FN, nrhs, 6, nlhs, 2);
  size_t n, d, ny, K;
  const double *X = cvxm_matrix (prhs[0], FN, "X", &n, &d);
  const double *Y = cvxm_matrix (prhs[1], FN, "Y", &ny, &K);
  cvx_net s;
  cvxm_net_spec (prhs[2], FN, &s);
  if (ny != n || s.width[0] != d || s.width[s.L] != K)
    cvxm_error (FN, "size", "X, Y and the layer widths disagree");
  const mxArray *O = prhs[3];
  cvx_train_opts o;
  o.optimizer = (int) cvxm_integer (cvxm_field (O, FN, "optimizer"), FN,
                                    "optimizer", 0, 3);
  o.lr = opt (O, "lr");
  o.momentum = opt (O, "momentum");
  o.epochs = (long) cvxm_integer (cvxm_field (O, FN, "epochs"), FN, "epochs",
                                  0, 1e15);
  o.batch = (size_t) cvxm_integer (cvxm_field (O, FN, "batch"), FN, "batch",
                                   0, 1e15);
  const double seed = cvxm_integer (cvxm_field (O, FN, "seed"), FN, "seed",
                                    0, 9007199254740992.0);
  o.seed = (uint64_t) seed ^ UINT64_C (0x5851f42d4c957f2d);
  o.tol = opt (O, "tol");
  o.ftol = opt (O, "ftol");
  o.memory = (size_t) cvxm_integer (cvxm_field (O, FN, "memory"), FN,
                                    "memory", 1, 1000);
  cvxm_host host;
  host.polls = 0;
  host.display = (int) cvxm_integer (cvxm_field (O, FN, "display"), FN,
                                     "display", 0, 1);
  o.display = host.display;
  host.interrupt_after = (long) cvxm_integer (prhs[5], FN, "INTERRUPT_AFTER",
                                              0, 1e9);
  const double scale = opt (O, "init_scale");

  const size_t N = cvx_net_nparams (&s);
  plhs[0] = mxCreateDoubleMatrix (N, 1, mxREAL);
  double *theta = mxGetDoubles (plhs[0]);
  if (mxIsEmpty (prhs[4]))
    cvx_net_init (&s, (uint64_t) seed, scale, theta);
  else
    {
      size_t r, c;
      const double *t0 = cvxm_matrix (prhs[4], FN, "THETA0", &r, &c);
      if (r * c != N)
        cvxm_error (FN, "size", "THETA0 must have %zu elements", N);
      memcpy (theta, t0, N * sizeof (double));
    }

  cvx_ctx ctx = cvxm_ctx (&host);
  cvx_train_info info;
  int st = cvx_train (&ctx, &s, X, n, Y, &o, theta, &info);
  cvxm_release (FN);
  if (st)
    cvxm_fail (FN, st);
  if (nlhs > 1)
    {
      static const char *status[] = { "converged", "max_iter", "interrupted",
                                      "stalled", "diverged" };
      static const char *fields[] = { "status", "iterations", "objective",
                                      "loss", "gradnorm", "time", "history" };
      plhs[1] = mxCreateStructMatrix (1, 1, 7, fields);
      mxSetField (plhs[1], 0, "status", mxCreateString (status[info.status]));
      mxSetField (plhs[1], 0, "iterations",
                  mxCreateDoubleScalar ((double) info.iterations));
      mxSetField (plhs[1], 0, "objective", mxCreateDoubleScalar (info.objective));
      mxSetField (plhs[1], 0, "loss", mxCreateDoubleScalar (info.loss));
      mxSetField (plhs[1], 0, "gradnorm", mxCreateDoubleScalar (info.gradnorm));
      mxSetField (plhs[1], 0, "time", mxCreateDoubleScalar (info.time));
      mxSetField (plhs[1], 0, "history",
                  cvxm_history (info.hist, info.nhist, CVX_TRAIN_HIST_COLS));
    }
  ctx.alloc.free_fn (info.hist, ctx.alloc.ctx);
}
