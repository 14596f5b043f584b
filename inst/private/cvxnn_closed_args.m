% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [lam, L, tol, Y] = cvxnn_closed_args (FN, X, Y, ARGS, TOL, LMIN, POSITIVE)
%
% The common start of the closed-form functions (cvxnn_deep_linear,
% cvxnn_whitened_relu, cvxnn_rank_one): X checked, the options 'Lambda'
% (required; > 0 when POSITIVE), 'Depth' (>= LMIN, default 2) and 'Tol'
% (default TOL), and real targets Y with as many rows as X.

function [lam, L, tol, Y] = cvxnn_closed_args (fn, X, Y, args, tol, lmin, positive)
  cvxnn_check_matrix (fn, 'X', X);
  opts = cvxnn_options (fn, {'Lambda', [],  'any',     [];
                             'Depth',  2,   'integer', [lmin, 1000];
                             'Tol',    tol, 'real',    [0, 1]}, args);
  lam = cvxnn_check_lambda (fn, opts.Lambda, positive);
  L = opts.Depth;
  tol = opts.Tol;
  Y = cvxnn_targets (fn, Y, size (X, 1), 'squared');
end
