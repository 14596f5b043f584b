/* depth = __cvxnn_shield__ (ON)
 *
 * Internal gateway of the public functions that call several kernels
 * (through inst/private/cvxnn_shield.m): ON = 1 defers Ctrl-C in the
 * Octave code between their gateway calls to the next gateway's poll,
 * 0 ends that (cvxm_shield); DEPTH, the shields now in force.
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
  plhs[0] = mxCreateDoubleScalar (cvxm_shield (cvxm_scalar (prhs[0], FN, "ON") != 0.0));
}
