## cvxnn_fit against independent dense references in plain Octave
## (tests/dual_reference.m, tests/crelu_reference.m): with every activation
## pattern of the data, the network's objective (computed in Octave) must
## meet an Octave-computed dual bound (lsqnonneg cone projections), which
## proves global optimality without trusting the C core; and the network
## at the point Octave's sqp finds bounds the optimum from above.
##
## Copyright (C) 2026 The cvxnn developers
## SPDX-License-Identifier: GPL-3.0-or-later

%!function T = onehot (y)
%!  [~, ~, idx] = unique (y);
%!  T = full (sparse (1:numel (y), idx, 1));
%!endfunction

%!function check_global (X, Y, T, loss, lam, model)
%!  [net, info] = cvxnn_fit (X, Y, 'Lambda', lam, 'Model', model, 'Loss', loss, ...
%!                           'Arrangements', 'exact', 'Tol', 1e-10, 'MaxIter', 50000);
%!  assert (info.exact);
%!  assert (info.status, 'solved');
%!  assert (info.relgap <= 1e-8);
%!  n = rows (X);
%!  D = cvxnn_arrangements (X, 1, 'Bias', true, 'Method', 'exact');
%!  F = cvxnn_predict (net, X);
%!  dual = dual_reference ([X, ones(n, 1)], D, T, lam, loss, model, F);
%!  assert ((info.primal - dual) / max (1, abs (info.primal)) <= 1e-8);
%!  assert (dual <= info.primal + 1e-12 * max (1, abs (info.primal)));
%!  % the dual cvxnn reports is a bound no larger than the independent one's
%!  % optimum value: both are lower bounds that meet the same primal
%!  assert (abs (info.dual - dual) <= 1e-8 * max (1, abs (dual)));
%!endfunction

%!test
%! % 1-D with bias, squared loss (MATH 4.2, exact arrangements: 2n-1)
%! randn ('state', 7);
%! x = sort (randn (10, 1)); y = sin (2 * x) + 0.1 * randn (10, 1);
%! check_global (x, y, y, 'squared', 0.1, 'relu');
%! check_global (x, y, y, 'squared', 0.1, 'gated');
%! check_global (x, y, y, 'squared', 1, 'relu');

%!test
%! % 1-D with bias, logistic loss (MATH 1.5: binary-entropy dual)
%! randn ('state', 7);
%! x = sort (randn (10, 1)); randn (10, 1);
%! yl = sign (x + 0.3 * randn (10, 1)); yl(yl == 0) = 1;
%! check_global (x, yl, yl, 'logistic', 0.05, 'relu');
%! check_global (x, yl, yl, 'logistic', 0.05, 'gated');

%!test
%! % 2-D with bias (rank 3 arrangement), squared loss
%! randn ('state', 7); randn (20, 1); randn (10, 1);
%! X = randn (10, 2); y = X(:, 1) .* X(:, 2);
%! check_global (X, y, y, 'squared', 0.1, 'relu');
%! check_global (X, y, y, 'squared', 0.1, 'gated');

%!test
%! % 2-D with bias, softmax cross-entropy with K = 3 classes
%! randn ('state', 7); randn (20, 1); randn (10, 1);
%! X = randn (10, 2); c = 1 + (X(:, 1) > 0) + (X(:, 2) > 0);
%! check_global (X, c, onehot (c), 'crossentropy', 0.1, 'gated');
%! check_global (X(1:8, :), c(1:8), onehot (c(1:8)), 'crossentropy', 0.2, 'relu');

%!test
%! % the gated program (a group lasso) and the relu program against
%! % Octave's sqp on the same problem.  sqp's own value can lie below the
%! % optimum (its point may be slightly infeasible; by 1e-6 relative with
%! % some BLAS kernels), so the reference is the true objective of the
%! % network at sqp's point: an upper bound on the optimum.  The certified
%! % fit must be at or below it, and (gated, where sqp converges) within
%! % sqp's accuracy of it: 1e-7 relative on every BLAS kernel and thread
%! % count tried, asserted at 1e-5.  For 'relu' sqp stalls on the
%! % degenerate cone constraints (up to 18% above), so it is a bound only.
%! randn ('state', 3);
%! n = 6; x = sort (randn (n, 1)); y = sin (2 * x) + 0.1 * randn (n, 1);
%! [D, G] = cvxnn_arrangements (x, 1, 'Bias', true, 'Method', 'exact');
%! Xa = [x, ones(n, 1)];
%! rg = crelu_reference (Xa, D, y, 0.1, 'gated', G);
%! [~, ig] = cvxnn_fit (x, y, 'Lambda', 0.1, 'Model', 'gated', 'Arrangements', D, 'Tol', 1e-12);
%! assert (ig.relgap <= 1e-10);
%! assert (ig.primal <= rg * (1 + 1e-12));
%! assert (rg - ig.primal <= 1e-5 * rg);
%! rr = crelu_reference (Xa, D, y, 0.1, 'relu', G);
%! [~, ir] = cvxnn_fit (x, y, 'Lambda', 0.1, 'Model', 'relu', 'Arrangements', D, 'Tol', 1e-12);
%! assert (ir.primal <= rr * (1 + 1e-12));
%! assert (ir.relgap <= 1e-10);
%! % the gated relaxation is below the relu program (MATH 4.5)
%! assert (ig.primal <= ir.primal * (1 + 1e-12));
