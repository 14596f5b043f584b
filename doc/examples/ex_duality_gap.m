% E6 (manual, Experiments chapter) and the package's own: the duality gap of cvxnn_fit against
% its iterations.  Two-layer ReLU network on 40 points in 2-D with a bias:
% every activation pattern is enumerated, so the certificate is global
% (Mathematics 2.5, 4.2).  The cutting-plane solver adds the patterns the dual
% point violates, round by round; each round ends with a certificate over
% all patterns.  The reference trainer's objectives from random starts sit
% at or above the certified optimum.
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

smoke = ~isempty (getenv ('CVXNN_SMOKE'));
randn ('state', 6);
n = 40 - 25 * smoke; X = randn (n, 2); y = sin (2 * X(:, 1)) .* cos (X(:, 2)) + 0.1 * randn (n, 1);
lam = 0.1;
[net, info] = cvxnn_fit (X, y, 'Lambda', lam, 'Arrangements', 'exact', 'Bias', true, ...
                         'Tol', 1e-12);
h = info.history(info.history(:, 9) == 1, :);   % certificates over all patterns
starts = 10 - 7 * smoke;
tob = zeros (starts, 1);
for s = 1:starts
  [~, ti] = cvxnn_train (X, y, 'Lambda', lam, 'Layers', 40, 'Seed', s, 'Tol', 1e-10, 'Epochs', 5000);
  tob(s) = ti.objective;
end
printf ('cvxnn_fit: %s, %d patterns (exact: %d), objective %.10f, dual %.10f, relative gap %.1e, %d neurons\n', ...
        info.status, info.patterns, info.exact, info.primal, info.dual, info.relgap, info.active);
printf ('%8s %16s %16s %12s %10s %8s\n', 'iter', 'objective', 'dual bound', 'rel. gap', 'patterns', 'time');
printf ('%8d %16.10f %16.10f %12.2e %10d %8.2f\n', h(:, [1:4, 8, 7])');
printf ('trainer, %d random starts: best %.10f, worst %.10f, above the optimum by %.1e to %.1e (relative)\n', ...
        starts, min (tob), max (tob), (min (tob) - info.primal) / info.primal, (max (tob) - info.primal) / info.primal);

semilogy (h(:, 1), max (h(:, 4), 1e-17), 'bo-');
hold on;
semilogy (h(:, 1), max ((h(:, 2) - info.primal) / info.primal, 1e-17), 'rs--');
semilogy ([h(1, 1), h(end, 1)], max ((min (tob) - info.primal) / info.primal, 1e-17) * [1 1], 'k:', 'linewidth', 2);
hold off;
xlabel ('iterations of the convex fit (cvxnn fit)'); ylabel ('relative value');
legend ('duality gap over all patterns', 'objective - final objective', ...
        'best of the trainer''s random starts', 'location', 'southwest');
title ('E6: duality gap of the convex fit, two-layer ReLU, all patterns');
