% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% One solve of the convex program over the patterns D, and the network.
% U0: a start in the gateway's layout, or [].
function [net, info, ci, U] = cvxnn_fit_on (D, Gdir, X, Xa, T, model, loss, lam, opts, classes, K, U0)
  if nargin < 12
    U0 = [];
  end
  [U, ci] = cvxnn_mex ('fit', Xa, D, T, model, loss, lam, opts.Tol, opts.MaxIter, ...
                           10, double (strcmp (opts.Display, 'iter')), U0, 0, ...
                           double (strcmp (opts.Solver, 'fista')));
  [net, info] = cvxnn_fit_net (U, D, Gdir, X, opts, lam, classes, K);
  [info.primal, info.loss] = cvxnn_net_objective (net, X, T);
  info.dual = ci.dual;
  info.gap = info.primal - info.dual;
  info.relgap = info.gap / max (1, abs (info.primal));
  info.status = ci.status;
  if strcmp (ci.status, 'solved') && info.relgap > opts.Tol
    info.status = 'max_iter';       % the network read-off must certify too
  end
end
