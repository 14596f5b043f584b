% E1 (manual, Experiments chapter): the rank of the hidden layer of a two-layer linear network
% against the weight decay lambda.  For whitened inputs (X'X = I) the
% optimum keeps the singular values of X'Y above lambda (Mathematics 5.2), so the
% rank is the staircase #{sigma_i > lambda}.  The reference trainer
% (L-BFGS from random starts) lands on the same staircase.
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

smoke = ~isempty (getenv ('CVXNN_SMOKE'));
randn ('state', 1);
n = 12; d = 6; K = 3;
[Q, ~] = qr (randn (n, d), 0);
X = Q;                                   % X'X = I
Y = randn (n, K) * diag ([3 2 1]);
sig = svd (X' * Y);
lams = linspace (0.05, 1.15 * sig(1), 40 - 32 * smoke);
rk_closed = zeros (size (lams)); rk_train = rk_closed; gap = rk_closed;
for k = 1:numel (lams)
  [~, ci] = cvxnn_deep_linear (X, Y, 'Lambda', lams(k), 'Depth', 2);
  [net, ti] = cvxnn_train (X, Y, 'Lambda', lams(k), 'Layers', d, 'Activation', 'linear', ...
                           'Bias', false, 'Tol', 1e-10, 'Epochs', 3000, 'Seed', k);
  s = cvxnn_structure (net, 'RankTol', 1e-4);
  rk_closed(k) = ci.rank;
  rk_train(k) = s.rank(1);
  gap(k) = (ti.objective - ci.objective) / ci.objective;
end
printf ('singular values of X''Y: %s\n', mat2str (sig', 5));
printf ('%10s %12s %12s %14s\n', 'lambda', 'rank (exact)', 'rank (GD)', 'rel. obj. gap');
printf ('%10.4f %12d %12d %14.2e\n', [lams; rk_closed; rk_train; gap]);
printf ('trainer rank = closed-form rank at %d of %d lambdas; largest objective excess %.1e\n', ...
        sum (rk_train == rk_closed), numel (lams), max (gap));

stairs ([0, lams], [rk_closed(1), rk_closed], 'b-', 'linewidth', 2);
hold on;
plot (lams, rk_train, 'ro', 'markersize', 7);
% every point shown, the trainer's count of rounding-level weights above
% the largest singular value included
top = max ([rk_train, rk_closed, numel(sig)]) + 0.5;
plot ([sig'; sig'], [zeros(1, numel (sig)); top * ones(1, numel (sig))], 'k:');
hold off;
axis ([0, max(lams), -0.2, top]);
xlabel ('weight decay \lambda'); ylabel ('rank of the hidden layer W_1');
legend ('closed form #\{\sigma_i(X^TY) > \lambda\}', 'trained by L-BFGS', '\sigma_i(X^TY)', ...
        'location', 'northwest');
title ('E1: two-layer linear network, rank against \lambda');
