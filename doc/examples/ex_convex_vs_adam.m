% The package's own experiment: the convex fit against Adam on the same
% weight-decay objective, as objective against time.  Two-layer ReLU
% network, 100 points in 2-D with a bias, so that cvxnn_fit works over
% every activation pattern and its dual bound is a global lower bound
% (Mathematics 2.5): no network of any width can go below it.  Adam (torch's
% formulas, minibatches of 25) runs from a random start with 50 hidden
% units, then L-BFGS polishes what Adam found.
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

smoke = ~isempty (getenv ('CVXNN_SMOKE'));
randn ('state', 7);
n = 100 - 70 * smoke;
X = randn (n, 2);
y = tanh (2 * X(:, 1) - X(:, 2)) + 0.5 * (X(:, 1) .* X(:, 2) > 0) + 0.1 * randn (n, 1);
lam = 0.05;
[net, info] = cvxnn_fit (X, y, 'Lambda', lam, 'Arrangements', 'exact', 'Bias', true, 'Tol', 1e-10);
h = info.history(info.history(:, 9) == 1, :);
[an, ai] = cvxnn_train (X, y, 'Lambda', lam, 'Layers', 50, 'Optimizer', 'adam', ...
                        'LearningRate', 1e-2, 'BatchSize', 25, 'Epochs', 3000 - 2900 * smoke, 'Seed', 1);
[ln, li] = cvxnn_train (X, y, 'Lambda', lam, 'Init', an, 'Optimizer', 'lbfgs', ...
                        'Epochs', 5000 - 4900 * smoke, 'Tol', 1e-10);
ah = ai.history;
printf ('cvxnn_fit: %s, objective %.8f, global dual bound %.8f (relative gap %.1e), %d neurons, %.2f s\n', ...
        info.status, info.primal, info.dual, info.relgap, info.active, info.time);
printf ('Adam, %d epochs: objective %.8f, %.2f s; relative excess %.2e\n', ...
        ai.iterations, ai.objective, ai.time, (ai.objective - info.primal) / info.primal);
printf ('Adam then L-BFGS (%s): objective %.8f, %.2f s more; relative excess %.2e\n', ...
        li.status, li.objective, li.time, (li.objective - info.primal) / info.primal);

loglog (max (ah(:, 5), 1e-3), ah(:, 2) - info.dual, 'r-', ...
        max (h(:, 7), 1e-3), max (h(:, 2) - info.dual, 1e-16), 'bo-');
hold on;
loglog (ai.time + li.time, max (li.objective - info.dual, 1e-16), 'ks', 'markersize', 9, ...
        'markerfacecolor', 'k');
hold off;
xlabel ('time (s)'); ylabel ('objective - global lower bound');
legend ('Adam (epoch mean)', 'convex fit (end of each round)', 'Adam + L-BFGS (end)', 'location', 'southwest');
title (sprintf ('Convex fit vs Adam, two-layer ReLU, n = %d, \\lambda = %g', n, lam));
