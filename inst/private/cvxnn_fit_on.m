% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% One solve of the convex program over the patterns D, and the network.
% U0: a start in the gateway's layout, or []; LAM_PREV: the lambda U0
% solves when it is a path's step before (the Newton solver starts
% bolder there), else 0.
function [net, info, ci, U] = cvxnn_fit_on (D, Gdir, X, Xa, T, model, loss, lam, opts, ...
                                            classes, K, U0, lam_prev)
  if nargin < 12
    U0 = [];
  end
  if nargin < 13
    lam_prev = 0;
  end
  [U, ci] = cvxnn_mex ('fit', Xa, D, T, model, loss, lam, opts.Tol, opts.MaxIter, ...
                           10, double (strcmp (opts.Display, 'iter')), U0, 0, ...
                           double (strcmp (opts.Solver, 'fista')), lam_prev);
  [net, info] = cvxnn_fit_net (U, D, Gdir, X, opts, lam, classes, K);
  [info.primal, info.loss] = cvxnn_net_objective (net, X, T);
  info.dual = ci.dual;
  info = cvxnn_fit_gaps (info);
  info.status = ci.status;
  if strcmp (ci.status, 'solved') && info.relgap > opts.Tol
    info.status = 'max_iter';       % the network read-off must certify too
  end
end
