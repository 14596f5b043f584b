% E3 (manual, Experiments chapter): deep ReLU networks on whitened data (XX' = I) against the
% closed form of cvxnn_whitened_relu (Mathematics 5.4), for depths 2, 3, 4 over
% a range of lambda.  The trainer's best of several starts never goes
% below the closed form and reaches it.
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

smoke = ~isempty (getenv ('CVXNN_SMOKE'));
randn ('state', 3);
n = 8; d = 14;
[Q, ~] = qr (randn (d)); [Q2, ~] = qr (randn (n));
X = Q2 * [eye(n), zeros(n, d - n)] * Q;       % XX' = I
y = randn (n, 1);
lams = logspace (-2, log10 (3), 12 - 8 * smoke);
starts = 5 - 3 * smoke;
cf = zeros (3, numel (lams)); tr = cf;
for L = 2:4
  for k = 1:numel (lams)
    [~, ci] = cvxnn_whitened_relu (X, y, 'Lambda', lams(k), 'Depth', L);
    cf(L - 1, k) = ci.objective;
    best = Inf;
    for s = 1:starts
      [~, ti] = cvxnn_train (X, y, 'Lambda', lams(k), 'Layers', 6 * ones (1, L - 1), ...
                             'Bias', false, 'Seed', s, 'Tol', 1e-10, 'Epochs', 3000);
      best = min (best, ti.objective);
    end
    tr(L - 1, k) = best;
  end
  printf ('L = %d: closed form vs best of %d starts, relative excess: max %.1e, min %.1e\n', ...
          L, starts, max ((tr(L-1, :) - cf(L-1, :)) ./ cf(L-1, :)), min ((tr(L-1, :) - cf(L-1, :)) ./ cf(L-1, :)));
end
printf ('%10s %14s %14s %14s\n', 'lambda', 'L=2', 'L=3', 'L=4');
printf ('%10.4f %14.8f %14.8f %14.8f\n', [lams; cf]);

loglog (lams, cf', '-', 'linewidth', 1.5);
hold on;
set (gca, 'colororderindex', 1);
loglog (lams, tr', 'o');
hold off;
xlabel ('weight decay \lambda'); ylabel ('training objective');
legend ('closed form, L = 2', 'closed form, L = 3', 'closed form, L = 4', ...
        'trainer, L = 2', 'trainer, L = 3', 'trainer, L = 4', 'location', 'southeast');
title ('E3: ReLU networks on whitened data, closed form vs trained');
