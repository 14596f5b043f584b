## cvxnn_fit reaches its certificate with default options on real data at
## small lambda, where the first-order solver of cvxnn 0.1 stopped at its
## iteration budget (small versions of the grid in bench/bench_fit_grid.m).
## Every assertion is on the certificate (the relative duality gap over
## the patterns used) and on quantities computed here from the network.
##
## Copyright (C) 2026 The cvxnn developers
## SPDX-License-Identifier: GPL-3.0-or-later

%!shared X, y, lmax
%! [X, y] = cvxnn_dataset ('diabetes');
%! X = X(1:150, :); y = y(1:150);
%! X = (X - mean (X)) ./ std (X); y = (y - mean (y)) / std (y);
%! [~, z] = cvxnn_fit (X, y, 'Lambda', 1e9, 'Model', 'gated', 'Arrangements', 200);
%! lmax = z.lambda_max;

%!function check_solved (X, y, lam, model, arr)
%!  [net, info] = cvxnn_fit (X, y, 'Lambda', lam, 'Model', model, 'Arrangements', arr);
%!  assert (info.status, 'solved');
%!  assert (info.relgap <= 1e-6);
%!  % the reported objective is the network's own (computed here from
%!  % its outputs and weights), and the bound is below it
%!  F = cvxnn_predict (net, X);
%!  obj = 0.5 * sum ((F - y).^2) + lam / 2 * (sum (net.W{1}(:).^2) ...
%!        + sum (net.b{1}(:).^2) + sum (net.W{2}(:).^2));
%!  assert (info.primal, obj, 1e-10 * obj);
%!  assert (info.dual <= info.primal);
%!endfunction

%!test
%! warning ('off', 'cvxnn:fit:notConverged', 'local');   % capped on purpose
%! % lambda / lambda_max = 1e-3: FISTA (MaxIter 2000) stops uncertified
%! [~, old] = cvxnn_fit (X, y, 'Lambda', 1e-3 * lmax, 'Model', 'gated', ...
%!                       'Arrangements', 200, 'Solver', 'fista', 'MaxIter', 2000);
%! assert (old.status, 'max_iter');
%! check_solved (X, y, 1e-3 * lmax, 'gated', 200);

%!test
%! check_solved (X, y, 1e-2 * lmax, 'relu', 200);
%! check_solved (X, y, 1e-4 * lmax, 'gated', 200);

%!test
%! % duplicated rows (a singular Gram matrix for every pattern)
%! Xd = [X; X(1:40, :)]; yd = [y; y(1:40)];
%! check_solved (Xd, yd, 1e-2 * lmax, 'gated', 200);
%! check_solved (Xd, yd, 1e-2 * lmax, 'relu', 200);

%!test
%! % columns scaled by 1e6 and 1e-6 (gated): solved in about the
%! % iterations of the unscaled data at the same lambda / lambda_max
%! % (cvxnn 0.1's Newton solver: 8750 iterations at 1e-3, max_iter at 1e-5,
%! % its penalty sigma sized by the largest columns alone)
%! S = ones (1, 10); S(1:3) = 1e6; S(4:6) = 1e-6;
%! [~, zs] = cvxnn_fit (X .* S, y, 'Lambda', 1e12, 'Model', 'gated', ...
%!                      'Arrangements', 200, 'Pool', 'sample');
%! for r = [1e-3 1e-5]
%!   [~, a] = cvxnn_fit (X .* S, y, 'Lambda', r * zs.lambda_max, 'Model', 'gated', ...
%!                       'Arrangements', 200, 'Pool', 'sample');
%!   [~, b] = cvxnn_fit (X, y, 'Lambda', r * lmax, 'Model', 'gated', ...
%!                       'Arrangements', 200, 'Pool', 'sample');
%!   assert (a.status, 'solved');
%!   assert (a.relgap <= 1e-6);
%!   assert (a.iterations <= 2 * b.iterations);
%! end

%!test
%! % relu on columns scaled 1e3 and 1e-3 apart, 1e-2 of its lambda_max:
%! % an ALM subproblem far from solved gives no multiplier step (which
%! % moved the multiplier by sigma times its error, and the fit stalled at
%! % a relative gap of 0.97 after 2800 iterations); solved
%! warning ('off', 'cvxnn:fit:scaling', 'local');
%! S = ones (1, 10); S(1:2:end) = 1e3; S(2:2:end) = 1e-3;
%! [~, zs] = cvxnn_fit (X .* S, y, 'Lambda', 1e12, 'Arrangements', 50, 'Pool', 'sample');
%! lam = 1e-2 * zs.lambda_max;
%! [net, info] = cvxnn_fit (X .* S, y, 'Lambda', lam, 'Arrangements', 50, 'Pool', 'sample');
%! assert (info.status, 'solved');
%! assert (info.relgap <= 1e-6);
%! F = cvxnn_predict (net, X .* S);
%! obj = 0.5 * sum ((F - y).^2) + lam / 2 * (sum (net.W{1}(:).^2) ...
%!       + sum (net.b{1}(:).^2) + sum (net.W{2}(:).^2));
%! assert (info.primal, obj, 1e-9 * obj);

%!test
%! % the two solvers agree on the optimum: each certificate bounds the
%! % other's network (the same patterns: Seed 0 of the same sampling)
%! lam = 5e-2 * lmax;
%! [~, a] = cvxnn_fit (X, y, 'Lambda', lam, 'Model', 'relu', 'Arrangements', 100);
%! [~, b] = cvxnn_fit (X, y, 'Lambda', lam, 'Model', 'relu', 'Arrangements', 100, ...
%!                     'Solver', 'fista', 'Tol', 1e-9, 'MaxIter', 50000);
%! assert (a.dual <= b.primal * (1 + 1e-12));
%! assert (b.dual <= a.primal * (1 + 1e-12));
%! assert (a.relgap <= 1e-6);

%!test
%! warning ('off', 'cvxnn:fit:notConverged', 'local');   % capped on purpose
%! % logistic loss at 1e-3 lambda_max (breast cancer, 200 rows): the
%! % Newton augmented Lagrangian on the logistic dual certifies for both
%! % models, where the first-order solver stops uncertified at 2000
%! % iterations on relu; the objective is the network's own, and each
%! % solver's dual bounds the other's network
%! [Xb, yb] = cvxnn_dataset ('breast_cancer');
%! Xb = Xb(1:200, :); Xb = (Xb - mean (Xb)) ./ std (Xb);
%! yb = 2 * (yb(1:200) == max (yb)) - 1;
%! for model = {'gated', 'relu'}
%!   [~, z] = cvxnn_fit (Xb, yb, 'Lambda', 1e9, 'Loss', 'logistic', ...
%!                       'Model', model{1}, 'Arrangements', 100, 'Pool', 'sample');
%!   lam = 1e-3 * z.lambda_max;
%!   [net, a] = cvxnn_fit (Xb, yb, 'Lambda', lam, 'Loss', 'logistic', ...
%!                         'Model', model{1}, 'Arrangements', 100, 'Pool', 'sample');
%!   assert (a.status, 'solved');
%!   assert (a.relgap <= 1e-6);
%!   F = cvxnn_predict (net, Xb);
%!   obj = sum (log1p (exp (-yb .* F))) + lam / 2 * (sum (net.W{1}(:).^2) ...
%!         + sum (net.b{1}(:).^2) + sum (net.W{2}(:).^2));
%!   assert (a.primal, obj, 1e-9 * obj);
%!   [~, b] = cvxnn_fit (Xb, yb, 'Lambda', lam, 'Loss', 'logistic', ...
%!                       'Model', model{1}, 'Arrangements', 100, 'Pool', 'sample', ...
%!                       'Solver', 'fista', 'MaxIter', 2000);
%!   if (strcmp (model{1}, 'relu'))
%!     assert (b.status, 'max_iter');
%!   end
%!   assert (a.dual <= b.primal * (1 + 1e-12));
%!   assert (b.dual <= a.primal * (1 + 1e-12));
%! end

%!test
%! warning ('off', 'cvxnn:fit:notConverged', 'local');   % capped on purpose
%! % cross-entropy (3 classes) at 1e-2 lambda_max: the Newton steps keep
%! % each row of the dual on sum_k y_jk = 0; certified for both models,
%! % the objective is the network's own, and the first-order solver's
%! % network and dual bound (20 iterations: any point bounds) agree with
%! % it one-sidedly
%! c = 1 + (y > quantile (y, 1/3)) + (y > quantile (y, 2/3));
%! for model = {'gated', 'relu'}
%!   [~, z] = cvxnn_fit (X, c, 'Lambda', 1e9, 'Loss', 'crossentropy', ...
%!                       'Model', model{1}, 'Arrangements', 100, 'Pool', 'sample');
%!   lam = 1e-2 * z.lambda_max;
%!   [net, a] = cvxnn_fit (X, c, 'Lambda', lam, 'Loss', 'crossentropy', ...
%!                         'Model', model{1}, 'Arrangements', 100, 'Pool', 'sample');
%!   assert (a.status, 'solved');
%!   assert (a.relgap <= 1e-6);
%!   F = cvxnn_predict (net, X);
%!   Fm = max (F, [], 2);
%!   ce = sum (Fm + log (sum (exp (F - Fm), 2)) - F(sub2ind (size (F), (1:rows (F))', c)));
%!   obj = ce + lam / 2 * (sum (net.W{1}(:).^2) + sum (net.b{1}(:).^2) ...
%!                         + sum (net.W{2}(:).^2));
%!   assert (a.primal, obj, 1e-9 * obj);
%!   [~, b] = cvxnn_fit (X, c, 'Lambda', lam, 'Loss', 'crossentropy', ...
%!                       'Model', model{1}, 'Arrangements', 100, 'Pool', 'sample', ...
%!                       'Solver', 'fista', 'MaxIter', 20);
%!   assert (a.dual <= b.primal * (1 + 1e-12));
%!   assert (b.dual <= a.primal * (1 + 1e-12));
%! end

%!test
%! warning ('off', 'cvxnn:fit:notConverged', 'local');   % capped on purpose
%! % a relu fit stopped short of Tol takes the gated relaxation's bound
%! % over the same patterns where it is better (the gated optimum is at
%! % most relu's): capped at 200 iterations on noise, its own dual point
%! % gave a relative gap of 0.76, the gated bound 0.13.  The bound is the
%! % gated fit's (a tenth of the budget, 20 iterations), below the relu
%! % optimum a full solve certifies, and the gap is computed from it.
%! randn ('state', 1);
%! Xn = randn (400, 6); yn = randn (400, 1);
%! D = cvxnn_arrangements (Xn, 12, 'Bias', true, 'Seed', 1);
%! [~, a] = cvxnn_fit (Xn, yn, 'Lambda', 0.05, 'Arrangements', D, 'MaxIter', 200);
%! [~, g] = cvxnn_fit (Xn, yn, 'Lambda', 0.05, 'Arrangements', D, 'Model', 'gated', ...
%!                     'MaxIter', 20);
%! [~, f] = cvxnn_fit (Xn, yn, 'Lambda', 0.05, 'Arrangements', D);
%! assert (a.status, 'max_iter');
%! assert (f.status, 'solved');
%! assert (a.dual, g.dual, 1e-12 * abs (g.dual));
%! assert (a.dual <= f.primal);
%! assert (a.relgap, (a.primal - a.dual) / a.primal, 1e-14);
%! assert (a.relgap < 0.2);
%! % 'Display' 'iter' says where the bound came from
%! out = evalc ("cvxnn_fit (Xn, yn, 'Lambda', 0.05, 'Arrangements', D, 'MaxIter', 200, 'Display', 'iter');");
%! assert (! isempty (strfind (out, sprintf ('the gated relaxation over the same 12 patterns bounds its optimum at %.10g', a.dual))));

%!test
%! warning ('off', 'cvxnn:fit:notConverged', 'local');   % capped on purpose
%! % cross-entropy past 1000 rows, where its Newton steps come from
%! % conjugate gradients (before, past 2000 rows, from the first-order
%! % solver alone: 3 classes, n = 3000, d = 10, 1e-3 lambda_max ended
%! % max_iter at a gap of 2.7e-2): certified for both models at 1e-3
%! % lambda_max, the objective the network's own, and the first-order
%! % solver's network and bound agree with it one-sidedly
%! randn ('state', 5);
%! n = 1200;
%! Xc = randn (n, 3);
%! [~, c] = max (max (Xc * randn (3, 6), 0) * randn (6, 3) + 0.3 * randn (n, 3), [], 2);
%! for model = {'gated', 'relu'}
%!   o = {'Loss', 'crossentropy', 'Model', model{1}, 'Arrangements', 40, 'Pool', 'sample'};
%!   [~, z] = cvxnn_fit (Xc, c, 'Lambda', 1e9, o{:});
%!   lam = 1e-3 * z.lambda_max;
%!   [net, a] = cvxnn_fit (Xc, c, 'Lambda', lam, o{:});
%!   assert (a.status, 'solved');
%!   assert (a.relgap <= 1e-6);
%!   F = cvxnn_predict (net, Xc);
%!   Fm = max (F, [], 2);
%!   ce = sum (Fm + log (sum (exp (F - Fm), 2)) - F(sub2ind (size (F), (1:n)', c)));
%!   obj = ce + lam / 2 * (sum (net.W{1}(:).^2) + sum (net.b{1}(:).^2) ...
%!                         + sum (net.W{2}(:).^2));
%!   assert (a.primal, obj, 1e-9 * obj);
%!   [~, b] = cvxnn_fit (Xc, c, 'Lambda', lam, o{:}, 'Solver', 'fista', 'MaxIter', 20);
%!   assert (a.dual <= b.primal * (1 + 1e-12));
%!   assert (b.dual <= a.primal * (1 + 1e-12));
%! end

%!test
%! % relu over few patterns (30 for 300 rows: every group active) at 1e-4
%! % of lambda_max: the Newton solver's subproblems change cone faces for
%! % a while before converging.  Cutting them short after five steps that
%! % did not halve the gradient sent the method astray (before: max_iter,
%! % relgap 0.16 after 10000 iterations); now each runs while psi falls.
%! [Xf, yf] = cvxnn_dataset ('diabetes');
%! Xf = (Xf(1:300, :) - mean (Xf(1:300, :))) ./ std (Xf(1:300, :));
%! yf = yf(1:300); yf = (yf - mean (yf)) / std (yf);
%! [~, z] = cvxnn_fit (Xf, yf, 'Lambda', 1e12, 'Arrangements', 30, 'Pool', 'sample');
%! [net, a] = cvxnn_fit (Xf, yf, 'Lambda', 1e-4 * z.lambda_max, 'Arrangements', 30, ...
%!                       'Pool', 'sample');
%! assert (a.status, 'solved');
%! assert (a.relgap <= 1e-6);
%! assert (a.primal, cvxnn_objective (net, Xf, yf, 'Lambda', 1e-4 * z.lambda_max), 1e-10 * a.primal);

%!test
%! % far below lambda_max, where rounding stops the solvers short of Tol,
%! % the fit says 'stalled' and returns long before its iteration budget
%! % (before: 'max_iter' after all 10000 iterations, 42 s), with a valid
%! % bound and the network's own objective
%! [Xf, yf] = cvxnn_dataset ('diabetes');
%! Xf = (Xf(1:200, :) - mean (Xf(1:200, :))) ./ std (Xf(1:200, :));
%! yf = yf(1:200); yf = (yf - mean (yf)) / std (yf);
%! [~, z] = cvxnn_fit (Xf, yf, 'Lambda', 1e12, 'Arrangements', 50, 'Pool', 'sample');
%! lam = 1e-5 * z.lambda_max;
%! [net, a] = cvxnn_fit (Xf, yf, 'Lambda', lam, 'Arrangements', 50, 'Pool', 'sample');
%! assert (any (strcmp (a.status, {'solved', 'stalled'})));
%! assert (a.iterations < 2000);
%! assert (a.primal, cvxnn_objective (net, Xf, yf, 'Lambda', lam), 1e-10 * a.primal);
%! assert (a.dual <= a.primal);
%! assert (a.relgap <= 1e-4);

%!test
%! % relu at 1e-4 lambda_max on 1000 sampled patterns: the Newton
%! % solver's penalty had grown to 1.7e5, where rounding floored its
%! % subproblems (|grad psi| 1e-8) and the certificates wobbled between
%! % gaps of 2e-6 and 6e-6; it gave up and the first-order solver finished.
%! % Now sigma steps back when a subproblem ends at that floor, and the
%! % Newton solver certifies the fit itself: the first history row at the
%! % tolerance carries its sigma (above 1), not the first-order solver's
%! % step 1/L (about 1e-6 here)
%! [Xf, yf] = cvxnn_dataset ('diabetes');
%! Xf = (Xf - mean (Xf)) ./ std (Xf);
%! yf = (yf - mean (yf)) / std (yf);
%! [~, z] = cvxnn_fit (Xf, yf, 'Lambda', 1e12, 'Model', 'gated', 'Pool', 'sample');
%! lam = 1e-4 * z.lambda_max;
%! [net, a] = cvxnn_fit (Xf, yf, 'Lambda', lam, 'Model', 'relu', 'Pool', 'sample');
%! assert (a.status, 'solved');
%! h = a.history;
%! k = find (h(:, 4) <= 1e-6, 1);
%! assert (h(k, 6) > 1);
%! assert (a.primal, cvxnn_objective (net, Xf, yf, 'Lambda', lam), 1e-10 * a.primal);

%!test
%! % breast cancer as stored (columns up to 2.5e3), relu, 1e-3 lambda_max:
%! % the residual's dual point carries the rounding of x, which grows with
%! % the Newton solver's penalty, magnified by |X| / lambda; its
%! % certificates wobbled between gaps of 5e-6 and 8e-3 while the
%! % objective stood still to 8 digits, and the fit stopped 'stalled'.
%! % The Newton solver's own dual point -y certifies it.  The bound is a
%! % bound: below the objective of the network returned, and of a network
%! % trained independently
%! [Xr, yr] = cvxnn_dataset ('breast_cancer');
%! yr = 2 * (yr == max (yr)) - 1;
%! [~, z] = cvxnn_fit (Xr, yr, 'Lambda', 1e12, 'Model', 'gated', 'Pool', 'sample');
%! lam = 1e-3 * z.lambda_max;
%! [net, a] = cvxnn_fit (Xr, yr, 'Lambda', lam);
%! assert (a.status, 'solved');
%! assert (a.relgap <= 1e-6);
%! assert (a.dual <= a.primal);
%! assert (a.primal, cvxnn_objective (net, Xr, yr, 'Lambda', lam), 1e-10 * a.primal);
%! t = cvxnn_train (Xr, yr, 'Lambda', lam, 'Layers', 50, 'Optimizer', 'lbfgs', ...
%!                  'Init', 0.01, 'Epochs', 300);
%! assert (a.dual <= cvxnn_objective (t, Xr, yr, 'Lambda', lam));

%!test
%! % the dual bound at the Newton solver's dual point is a bound: on
%! % random instances with every pattern (1-D and 2-D, squared loss, both
%! % models), solved to 1e-12, it lies below the optimum that the
%! % first-order solver reaches independently on the same patterns
%! for trial = 1:4
%!   randn ('state', 60 + trial);
%!   n = 12; X = randn (n, 1 + (trial > 2)); y = sin (3 * X(:, 1)) + 0.1 * randn (n, 1);
%!   models = {'gated', 'relu'};
%!   model = models{mod(trial, 2) + 1};
%!   D = cvxnn_arrangements (X, 1, 'Bias', true, 'Method', 'exact');
%!   [~, a] = cvxnn_fit (X, y, 'Lambda', 0.01, 'Model', model, 'Arrangements', D, 'Tol', 1e-12);
%!   [~, b] = cvxnn_fit (X, y, 'Lambda', 0.01, 'Model', model, 'Arrangements', D, ...
%!                       'Solver', 'fista', 'Tol', 1e-9, 'MaxIter', 1e5);
%!   assert (a.dual <= b.primal * (1 + 1e-12));
%!   assert (b.dual <= a.primal * (1 + 1e-12));
%! end

%!test
%! % The relu Newton systems built through X X' (a face's Jacobian as the
%! % Gram matrix less its active rows' part) where that is cheaper than
%! % the columns of M, as on 30 features with faces of a few active rows.
%! % A Newton step solved with that system wrong (the active rows' part
%! % left out) still ends 'solved', in 221 and 337 iterations; the right
%! % one takes 52 and 27 (and the same with the columns of M).
%! [Xb, yb] = cvxnn_dataset ('breast_cancer');
%! Xb = Xb(1:200, :); yb = 2 * (yb(1:200) == max (yb)) - 1;
%! Xb = (Xb - mean (Xb)) ./ std (Xb);
%! for c = {'logistic', 100; 'squared', 60}'
%!   opts = {'Loss', c{1}, 'Arrangements', 200, 'Pool', 'sample', 'Seed', 1};
%!   [~, z] = cvxnn_fit (Xb, yb, 'Lambda', 1e9, opts{:});
%!   [~, a] = cvxnn_fit (Xb, yb, 'Lambda', 1e-2 * z.lambda_max, opts{:});
%!   assert (a.status, 'solved');
%!   assert (a.iterations <= c{2});
%! end

%!test
%! warning ('off', 'cvxnn:fit:notConverged', 'local');   % capped on purpose
%! % Newton steps by conjugate gradients where forming the system would
%! % cost more than 100 of its products (n = 2000, d = 50, 46 active
%! % groups at 1e-1: Woodbury systems of up to 2346 unknowns; at 1e-2 the
%! % data-space system through X X' is cheaper).  With the prox's
%! % Jacobian wrong in the CG products (its rank-one term left out) the
%! % first fit still ends 'solved', in 164 iterations; right, in 29 (the
%! % direct systems: 20).  Each certificate bounds the first-order
%! % solver's network and the reverse.
%! randn ('state', 3); rand ('state', 3);
%! Xc = randn (2000, 50);
%! yc = max (Xc * randn (50, 10), 0) * randn (10, 1);
%! yc = (yc - mean (yc)) / std (yc) + 0.1 * randn (2000, 1);
%! opts = {'Model', 'gated', 'Arrangements', 100, 'Pool', 'sample'};
%! [~, z] = cvxnn_fit (Xc, yc, 'Lambda', 1e12, opts{:});
%! for r = [1e-1 1e-2]
%!   lam = r * z.lambda_max;
%!   [net, a] = cvxnn_fit (Xc, yc, 'Lambda', lam, opts{:});
%!   assert (a.status, 'solved');
%!   assert (a.relgap <= 1e-6);
%!   assert (a.iterations <= 60);
%!   F = cvxnn_predict (net, Xc);
%!   obj = 0.5 * sum ((F - yc).^2) + lam / 2 * (sum (net.W{1}(:).^2) ...
%!         + sum (net.b{1}(:).^2) + sum (net.W{2}(:).^2));
%!   assert (a.primal, obj, 1e-10 * obj);
%!   [~, b] = cvxnn_fit (Xc, yc, 'Lambda', lam, opts{:}, 'Solver', 'fista', 'MaxIter', 200);
%!   assert (a.dual <= b.primal * (1 + 1e-12));
%!   assert (b.dual <= a.primal * (1 + 1e-12));
%! end

%!test
%! % 'Standardize': the fit on raw X is the fit on (X - mean (X)) ./ std (X)
%! % (scale only without 'Bias'), the same program and pool, its networks
%! % mapped back to raw inputs: the same objective, the same outputs on X
%! % as those networks on the standardized data; relu, gated (whose gates
%! % map too), one lambda and a path
%! randn ('state', 5);
%! Xr = randn (40, 3) .* [1e3, 1, 1e-2] + [50, -2, 0.3];
%! yr = sin (Xr(:, 1) / 1e3) + Xr(:, 2) .* (100 * Xr(:, 3));
%! for bias = [true false]
%!   mu = mean (Xr) * bias;
%!   Xs = (Xr - mu) ./ std (Xr);
%!   o = {'Arrangements', 8, 'Seed', 3, 'PoolWidth', 30, 'Bias', bias};
%!   for model = {'relu', 'gated'}
%!     for lam = {0.05, [0.2 0.05]}
%!       [na, a] = cvxnn_fit (Xr, yr, o{:}, 'Model', model{1}, 'Lambda', lam{1}, ...
%!                            'Standardize', true);
%!       [nb, b] = cvxnn_fit (Xs, yr, o{:}, 'Model', model{1}, 'Lambda', lam{1});
%!       assert ([a.primal], [b.primal]);
%!       assert ([a.dual], [b.dual]);
%!       for j = 1:numel (na)
%!         Fb = cvxnn_predict (nb(j), Xs);
%!         assert (cvxnn_predict (na(j), Xr), Fb, 1e-9 * max (abs (Fb)));
%!         assert (isempty (na(j).b{1}), ~bias);
%!       end
%!     end
%!   end
%! end

%!test
%! warning ('off', 'cvxnn:fit:notConverged', 'local');   % capped on purpose
%! % 'Standardize' with 'InitialNetwork' (given on raw inputs): the result
%! % is never worse than that network in the standardized program, where
%! % it is W1 .* std (X)' with bias b1 + mean (X) W1
%! randn ('state', 6);
%! Xr = randn (30, 2) .* [100, 0.1] + [5, 1];
%! yr = max (Xr(:, 1) / 100 - Xr(:, 2) * 10, 0);
%! lam = 0.02;
%! net0 = cvxnn_train (Xr, yr, 'Lambda', lam, 'Layers', 6, 'Epochs', 50, 'Seed', 2);
%! mu = mean (Xr); s = std (Xr);
%! Xs = (Xr - mu) ./ s;
%! ns = net0;
%! ns.W{1} = net0.W{1} .* s(:);
%! ns.b{1} = net0.b{1} + mu * net0.W{1};
%! assert (cvxnn_predict (ns, Xs), cvxnn_predict (net0, Xr), 1e-10);
%! f0 = cvxnn_objective (ns, Xs, yr);
%! [net, info] = cvxnn_fit (Xr, yr, 'Lambda', lam, 'Arrangements', 5, 'Standardize', true, ...
%!                          'InitialNetwork', net0, 'MaxIter', 2);
%! assert (info.primal <= f0 * (1 + 1e-12));

%!test
%! % columns scaled by 1e6 and 1e-6 apart, relu, 1e-2 of its lambda_max:
%! % stalled as they are (cvxnn:fit:scaling warns); with 'Standardize'
%! % solved, with no warning, at the objective of the standardized data
%! [Xd, yd] = cvxnn_dataset ('diabetes');
%! Xd = Xd(1:150, :); yd = yd(1:150); yd = (yd - mean (yd)) / std (yd);
%! Xw = Xd .* [1e6 * ones(1, 5), 1e-6 * ones(1, 5)];
%! o = {'Arrangements', 100, 'Pool', 'sample', 'Seed', 1};
%! [~, z] = cvxnn_fit ((Xw - mean (Xw)) ./ std (Xw), yd, 'Lambda', 1e9, o{:});
%! lam = 1e-2 * z.lambda_max;
%! lastwarn ('');
%! [net, a] = cvxnn_fit (Xw, yd, 'Lambda', lam, o{:}, 'Standardize', true);
%! [~, wid] = lastwarn ();
%! assert (isempty (wid));
%! assert (a.status, 'solved');
%! [~, b] = cvxnn_fit ((Xw - mean (Xw)) ./ std (Xw), yd, 'Lambda', lam, o{:});
%! assert (a.primal, b.primal);

%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'Lambda', 1, 'Standardize', 'yes')
