## cvxnn_fit's regularization paths and cross-validation: a path in any
## order equals its points fitted alone, the default path's grid and its
## early stop, the grown pools along a path as good as the fits alone,
## and k-fold cross-validation (plain and stratified).
## (Tests of cvxnn_fit kept here to keep inst/cvxnn_fit.m short.)
##
## Copyright (C) 2026 The cvxnn developers
## SPDX-License-Identifier: GPL-3.0-or-later

%!test
%! % a path in any order: each point certified, each equal to its own fit
%! % within the two certificates' gaps
%! randn ('state', 7);
%! x = sort (randn (10, 1)); y = sin (2 * x) + 0.1 * randn (10, 1);
%! lams = [0.1, 0.5, 0.02];
%! [nets, ip] = cvxnn_fit (x, y, 'Lambda', lams, 'Tol', 1e-9);
%! assert (size (nets), [1 3]);
%! assert ([ip.lambda], lams);
%! assert ([nets.lambda], lams);
%! for j = 1:3
%!   [~, is] = cvxnn_fit (x, y, 'Lambda', lams(j), 'Tol', 1e-9);
%!   assert (ip(j).status, 'solved');
%!   assert (ip(j).dual <= ip(j).primal);
%!   assert (abs (ip(j).primal - is.primal) <= max (ip(j).gap, is.gap) + 1e-12 * is.primal);
%!   assert (cvxnn_objective (nets(j), x, y), ip(j).primal, 1e-12 * ip(j).primal);
%! end

%!test
%! % the default path: from lambda_max (the zero network) down a
%! % geometric grid, every point certified, the loss never rising
%! randn ('state', 7);
%! x = sort (randn (10, 1)); y = sin (2 * x) + 0.1 * randn (10, 1);
%! [nets, ip] = cvxnn_fit (x, y, 'NumLambda', 12, 'LambdaRatio', 1e-3, 'Model', 'gated');
%! L = numel (ip);
%! assert (L >= 2 && L <= 12);
%! lam = [ip.lambda];
%! assert (lam(1), ip(1).lambda_max, 1e-12 * lam(1));
%! assert (lam(2:end) ./ lam(1:end-1), 10^(-3/11) * ones (1, L - 1), 1e-12);
%! assert (ip(1).active, 0);
%! assert (ip(1).loss, 0.5 * sum (y.^2), 1e-12);
%! assert (all (strcmp ({ip.status}, 'solved')));
%! tol = 1e-6 * max ([ip.primal]);
%! assert (all (diff ([ip.loss]) <= tol));
%! assert (all (diff ([ip.primal]) <= tol));  % the optimum falls with lambda
%! if L < 12                               % stopped: saturated (glmnet's rule)
%!   f = 1 - [ip(end-1:end).loss] / ip(1).loss;
%!   assert (f(2) >= 0.999 || f(2) - f(1) < 1e-5 * f(2));
%! end

%!test
%! % cross-validation: reproducible folds of equal size; the loss of each
%! % lambda is that of independent fits of the folds; the two picks
%! randn ('state', 8);
%! Xc = randn (40, 2); yc = sin (2 * Xc(:, 1)) + 0.1 * randn (40, 1);
%! lams = [1, 0.1, 0.01];
%! % (sampled pools: grown ones differ between a path and cold fits)
%! [nets, ic] = cvxnn_fit (Xc, yc, 'Lambda', lams, 'CV', 4, 'Arrangements', 60, 'Seed', 2, ...
%!                         'Pool', 'sample');
%! cv = ic(1).cv;
%! assert (isequal (ic(3).cv, cv));
%! [~, ic2] = cvxnn_fit (Xc, yc, 'Lambda', lams, 'CV', 4, 'Arrangements', 60, 'Seed', 2);
%! assert (isequal (ic2(1).cv.Folds, cv.Folds));
%! assert (accumarray (cv.Folds, 1)', [10 10 10 10]);
%! assert (cv.Lambda, lams);
%! loss = zeros (4, 3);
%! for f = 1:4
%!   tr = cv.Folds ~= f;
%!   for j = 1:3
%!     [nf, inf_] = cvxnn_fit (Xc(tr, :), yc(tr), 'Lambda', lams(j) * 30 / 40, ...
%!                            'Arrangements', 60, 'Seed', 2, 'Pool', 'sample');
%!     assert (inf_.status, 'solved');
%!     r = cvxnn_predict (nf, Xc(~tr, :)) - yc(~tr);
%!     loss(f, j) = 0.5 * mean (r.^2);
%!   end
%! end
%! % warm-started and cold fits agree to their certificates (Tol 1e-6)
%! assert (cv.Loss, mean (loss), 1e-3 * max (mean (loss)));
%! assert (cv.SE, std (loss) / 2, 1e-2 * max (std (loss)));
%! [~, imin] = min (cv.Loss);
%! assert (cv.IndexMinLoss, imin);
%! assert (cv.LambdaMinLoss, lams(imin));
%! within = find (cv.Loss <= cv.Loss(imin) + cv.SE(imin));
%! assert (cv.Lambda1SE, max (lams(within)));
%! assert (isempty (cv.Error) && ~cv.Interrupted);

%!test
%! % stratified folds for classification: each fold holds its share of
%! % each class; the error rate comes with the loss
%! randn ('state', 9);
%! Xc = randn (30, 2); lab = 1 + (Xc(:, 1) > 0.6) + (Xc(:, 2) > 0.8);
%! [~, ic] = cvxnn_fit (Xc, lab, 'Lambda', [0.5 0.1], 'Loss', 'crossentropy', 'CV', 3, ...
%!                      'Arrangements', 40);
%! cv = ic(1).cv;
%! for c = 1:3
%!   per = accumarray (cv.Folds(lab == c), 1, [3 1]);
%!   assert (max (per) - min (per) <= 1);
%! end
%! assert (all (cv.Error >= 0 & cv.Error <= 1));
%! assert (size (cv.ErrorSE), [1 2]);

%!test
%! % along a path the grown pools are as good as each lambda's own fit:
%! % the nonconvex runs go from the smallest lambda up (one-sided, within
%! % 5% of the single fits).  The chain from lambda_max down lost the
%! % neurons weight decay killed at large lambda: 11% and 24% above the
%! % single fits at points 10 and 15 of this path
%! [X, y] = cvxnn_dataset ('diabetes');
%! X = (X - mean (X)) ./ std (X); y = (y - mean (y)) / std (y);
%! X = X(1:200, :); y = y(1:200);
%! [~, ip] = cvxnn_fit (X, y, 'NumLambda', 15, 'LambdaRatio', 1e-3, 'Arrangements', 200);
%! assert (numel (ip), 15);
%! assert (all (strcmp ({ip.status}, 'solved')));
%! for j = [10, 15]
%!   [~, is] = cvxnn_fit (X, y, 'Lambda', ip(j).lambda, 'Arrangements', 200);
%!   assert (ip(j).primal <= 1.05 * is.primal);
%! end

%!test
%! % a warm start from a lambda 100 times larger costs no more than a cold
%! % start (logistic, relu: 363 iterations where the cold fit took 87,
%! % before the warm start's sigma was tempered), and both reach the same
%! % optimum within their certificates
%! [X, y] = cvxnn_dataset ('breast_cancer');
%! X = (X - mean (X)) ./ std (X); y = 2 * (y == max (y)) - 1;
%! o = {'Loss', 'logistic', 'Pool', 'sample', 'Arrangements', 100};
%! [~, z] = cvxnn_fit (X, y, 'Lambda', 1e12, o{:});
%! lams = 1e-3 * z.lambda_max * [100 1];
%! [~, ip] = cvxnn_fit (X, y, 'Lambda', lams, o{:});
%! [~, is] = cvxnn_fit (X, y, 'Lambda', lams(2), o{:});
%! assert ({ip(2).status, is.status}, {'solved', 'solved'});
%! assert (ip(2).iterations <= 1.5 * is.iterations);
%! assert (abs (ip(2).primal - is.primal) <= max (ip(2).gap, is.gap) + 1e-12 * is.primal);

%!test
%! % a path's step (the gateway's LAMBDA_PREV, the lambda its start
%! % solves): the same certified optimum as from that start without it;
%! % gated, in fewer iterations (its dual start, scaled by lam2 / lam1,
%! % sits at the multiplier step's fixed point, and its first sigma is
%! % 10 times larger)
%! randn ('state', 1);
%! X = randn (80, 4);
%! y = max (X * randn (4, 3), 0) * randn (3, 1) + 0.1 * randn (80, 1);
%! Xa = [X, ones(80, 1)];
%! D = cvxnn_arrangements (X, 60, 'Bias', true, 'Seed', 1);
%! for model = 0:1
%!   [~, c0] = __cvxnn_fit__ (Xa, D, y, model, 0, 1, 1e-8, 0, 10, 0, [], 0, 0, 0);
%!   lam1 = 0.05 * c0.lambda_max;
%!   U1 = __cvxnn_fit__ (Xa, D, y, model, 0, lam1, 1e-10, 1e4, 10, 0, [], 0, 0, 0);
%!   [~, a] = __cvxnn_fit__ (Xa, D, y, model, 0, 0.83 * lam1, 1e-8, 1e4, 10, 0, U1, 0, 0, lam1);
%!   [~, b] = __cvxnn_fit__ (Xa, D, y, model, 0, 0.83 * lam1, 1e-8, 1e4, 10, 0, U1, 0, 0, 0);
%!   assert ({a.status, b.status}, {'solved', 'solved'});
%!   assert (abs (a.convex_primal - b.convex_primal) <= 1e-8 * b.convex_primal);
%!   assert (a.dual <= b.convex_primal && b.dual <= a.convex_primal);
%!   if model == 1
%!     assert (a.iterations < b.iterations);
%!   end
%! end
%!error id=cvxnn:fit:value __cvxnn_fit__ ([1; 2], true (2, 1), [1; 2], 0, 0, 1, 1e-6, 10, 10, 0, [], 0, 0, -1)
%!error id=cvxnn:fit:nargin __cvxnn_fit__ ([1; 2], true (2, 1), [1; 2], 0, 0, 1, 1e-6, 10, 10, 0, [], 0, 0)
