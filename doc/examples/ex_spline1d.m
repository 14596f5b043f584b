% E4 (manual, Experiments chapter): ReLU networks of depth 2, 3 and 4 on one-dimensional data,
% with small weight decay, against the piecewise-linear interpolant.
% Depth 2: the certified optimum of cvxnn_spline1d, a linear spline with
% knots at the data (Mathematics 6.1).  Depths 3 and 4: the best network found
% (Mathematics 6.2 marks the spline claim for them as unconfirmed [U]).
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

smoke = ~isempty (getenv ('CVXNN_SMOKE'));
rand ('state', 4); randn ('state', 4);
x = sort (4 * rand (10, 1) - 2);
y = sin (2 * x) + 0.3 * randn (10, 1);
lam = 1e-3;
t = linspace (x(1), x(end), 2001)';
yi = interp1 (x, y, t);
nets = cell (1, 3); infos = cell (1, 3);
for L = 2:4
  [nets{L - 1}, infos{L - 1}] = cvxnn_spline1d (x, y, 'Lambda', lam, 'Depth', L, ...
                                              'Starts', 10 - 8 * smoke);
end
[tn, ti] = cvxnn_train (x, y, 'Lambda', lam, 'Layers', 30, 'FreeBias', [true true], 'Seed', 1);
printf ('%6s %14s %10s %22s %12s %s\n', 'depth', 'objective', 'residual', 'max |f - interp1|', 'certified', 'knots in [x1, xn]');
for L = 2:4
  I = infos{L - 1};
  f = cvxnn_predict (nets{L - 1}, t);
  kin = I.knots(I.knots >= x(1) & I.knots <= x(end));
  printf ('%6d %14.8f %10.2e %22.2e %12d %d\n', L, I.objective, sqrt (2 * I.loss), ...
          max (abs (f - yi)), I.certified, numel (kin));
end
printf ('depth-2 duality gap %.1e; trainer from one random start (depth 2): objective %.8f\n', ...
        infos{1}.gap, ti.objective);

plot (t, yi, 'k-', 'linewidth', 3, 'color', [0.75 0.75 0.75]);
hold on;
plot (x, y, 'ko', 'markerfacecolor', 'k');
te = linspace (x(1) - 0.3, x(end) + 0.3, 2001)';
plot (te, cvxnn_predict (nets{1}, te), 'b-', te, cvxnn_predict (nets{2}, te), 'r--', ...
      te, cvxnn_predict (nets{3}, te), 'm-.');
hold off;
xlabel ('x'); ylabel ('f(x)');
legend ('piecewise-linear interpolant', 'data', 'depth 2 (certified optimum)', ...
        'depth 3 (best found)', 'depth 4 (best found)', 'location', 'southwest');
title (sprintf ('E4: ReLU networks on 1-D data, \\lambda = %g', lam));
