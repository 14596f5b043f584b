% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% The tolerance of a grown pool's solves before its last round: what is
% asked of them is a dual point good enough to find the violated
% patterns.  The gated fit's stop there at 1e-3 (or Tol if looser): at
% n = 1e4, d = 100, 1000 patterns (lambda_max / 20) the fit took 130 s
% against 386 s with every solve at Tol (the same objective), and on the
% bench grid 9 of 9 gated fits took fewer iterations.
% Relu's stay at Tol: its tight solve after a loose one took more
% iterations, not fewer (7 of 9).
function tol = cvxnn_fit_round_tol (opts, gated)
  tol = opts.Tol;
  if gated
    tol = max (opts.Tol, 1e-3);
  end
end
