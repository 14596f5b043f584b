/* r = __cvxnn_shield__ (MODE)
 *
 * Internal gateway behind inst/private/cvxnn_shield.m, for the public
 * functions that call several kernels or run long Octave code: Ctrl-C in
 * their Octave code is deferred to the next poll (cvxm_shield).  MODE 1
 * on, 0 off (R the depth), -2 rearm (after Octave code that undoes it),
 * -1 poll (R = 1 when a Ctrl-C came, taken).
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cvxnn_mexutil.h"

#define FN "shield"

void
mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
  cvxm_nargs (FN, nrhs, 1, nlhs, 1);
  const double mode = cvxm_scalar (prhs[0], FN, "MODE");
  if (mode != CVXM_SHIELD_OFF && mode != CVXM_SHIELD_ON && mode != CVXM_SHIELD_POLL
      && mode != CVXM_SHIELD_REARM)
    cvxm_error (FN, "input", "MODE must be 1, 0, -1 or -2");
  plhs[0] = mxCreateDoubleScalar (cvxm_shield ((int) mode));
}
