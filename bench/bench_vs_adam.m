% Benchmark: is the default fit never worse than Adam? (issue 16, item 3)
%
% For each problem and lambda / lambda_max in {1e-2, 1e-3}, the default
% relu fit (a grown pool) against Adam on the same objective (cvxnn_train:
% float64, the same network class with width twice the fit's neurons,
% weight decay on every weight and bias, batches of 64, He's start scaled
% by min (1, 1 / rms (X(:))) as in the fit's own run), at learning rates
% 1e-3 and 1e-2, each run for 10 times the fit's time.  Printed for every
% case, solved or not: the fit's status, time and objective; each Adam
% run's final objective (full batch) and the time at which its running
% objective first came within 1% of its best (its "time to best"); then
% whether the fit's objective is at or below the better Adam's, and
% whether the fit took at most that Adam's time to best.
%
% Problems: diabetes (442 x 10, squared), breast cancer (569 x 30,
% squared on +-1 labels and logistic; standardized, and raw: its columns
% as stored, scales 3e-3 to 6e2), a planted-ReLU regression n = 1e3,
% d = 20; with BENCH_ADAM_BIG=1 also n = 1e4, d = 100 (many minutes).
% The whole run takes about as long as 22 times the sum of the fits.
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

big = strcmp (getenv ('BENCH_ADAM_BIG'), '1');
std_cols = @(X) (X - mean (X)) ./ max (std (X), eps);
[Xd, yd] = cvxnn_dataset ('diabetes');
Xd = std_cols (Xd); yd = (yd - mean (yd)) / std (yd);
[Xr, yb] = cvxnn_dataset ('breast_cancer');
Xb = std_cols (Xr); yb = 2 * (yb == max (yb)) - 1;
sets = {'diabetes', Xd, yd, 'squared';
        'breast sq', Xb, yb, 'squared';
        'breast log', Xb, yb, 'logistic';
        'breast raw sq', Xr, yb, 'squared';
        'breast raw log', Xr, yb, 'logistic'};
pl = [1e3 20];
if big
  pl(end+1, :) = [1e4 100];
end
for k = 1:rows (pl)
  randn ('state', k);
  n = pl(k, 1); d = pl(k, 2);
  Xp = randn (n, d); yp = max (Xp * randn (d, 10), 0) * randn (10, 1);
  yp = yp + 0.1 * std (yp) * randn (n, 1);
  yp = (yp - mean (yp)) / std (yp);
  sets(end+1, :) = {sprintf('planted %gx%d', n, d), Xp, yp, 'squared'};
end

function w = yes_no (c)
  w = 'NO';
  if c
    w = 'yes';
  end
end

function [obj, tbest] = adam_run (X, y, loss, lam, width, lr, budget)
  % He's start scaled as the fit's own nonconvex run is (1 on
  % standardized columns): from He's start as it is, Adam on the raw
  % columns ends far above where it gets from this one
  o = {'Lambda', lam, 'Loss', loss, 'Layers', width, 'Optimizer', 'adam', ...
       'LearningRate', lr, 'Init', min(1, 1 / sqrt (mean (X(:).^2)))};
  % epochs for the time budget, from a two-epoch probe
  [~, p] = cvxnn_train (X, y, o{:}, 'Epochs', 2);
  epochs = max (2, ceil (budget / max (p.time / 2, 1e-3)));
  [~, a] = cvxnn_train (X, y, o{:}, 'Epochs', epochs);
  obj = a.objective;
  h = a.history(2:end, :);               % per epoch: the running objective, time
  best = min (h(:, 2));
  tbest = h(find (h(:, 2) <= best + 0.01 * abs (best), 1), 5);
end

fprintf ('default relu fit against Adam (10x its time, width 2x its neurons), %d cores\n', ...
         nproc ());
fprintf ('%-16s %8s | %-9s %8s %11s | %11s %9s | %11s %9s | %-6s %-6s\n', 'data', ...
         'lam/lmax', 'fit', 'time [s]', 'objective', 'adam 1e-3', 'best at', ...
         'adam 1e-2', 'best at', 'lower', 'faster');
for s = 1:rows (sets)
  [name, X, y, loss] = sets{s, :};
  [~, z] = cvxnn_fit (X, y, 'Lambda', 1e12, 'Model', 'gated', 'Loss', loss, 'Pool', 'sample');
  for ratio = [1e-2 1e-3]
    lam = ratio * z.lambda_max;
    t0 = tic;
    [~, f] = cvxnn_fit (X, y, 'Lambda', lam, 'Loss', loss);
    tf = toc (t0);
    width = max (2, 2 * f.active);
    [o1, b1] = adam_run (X, y, loss, lam, width, 1e-3, 10 * tf);
    [o2, b2] = adam_run (X, y, loss, lam, width, 1e-2, 10 * tf);
    [ob, i] = min ([o1, o2]);
    bt = [b1, b2];
    fprintf ('%-16s %8.0e | %-9s %8.2f %11.5g | %11.5g %9.2f | %11.5g %9.2f | %-6s %-6s\n', ...
             name, ratio, f.status, tf, f.primal, o1, b1, o2, b2, ...
             yes_no (f.primal <= ob), yes_no (tf <= bt(i)));
    fflush (stdout);
  end
end
