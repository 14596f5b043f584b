% Benchmark of cvxnn_fit on real data at every lambda, with default options
% (1000 sampled patterns, Tol 1e-6): the grid of the convergence issue.
%
% Data: diabetes (442 x 10, squared loss), breast cancer (569 x 30:
% squared loss on +-1 labels, and logistic), a 3-class cross-entropy set
% (diabetes with its target cut in thirds), all standardized; lambda /
% lambda_max in {1e-1, 1e-2, 1e-3, 1e-4}; models relu and gated.  Then
% diabetes with columns scaled by 1e6 and 1e-6, with duplicated rows, and
% at lambda = 1e-8 lambda_max, a 3000 x 10 3-class set (cross-entropy
% past its dense Newton systems), and 2000 x 19 noise on 16 given
% patterns.
% With BENCH_GRID_BIG=1 also a planted-ReLU regression with n = 1e4,
% d = 100 (minutes per fit).  Last, the default
% path against the fit alone at its smallest lambda (diabetes and breast
% cancer, logistic), and a coarse path's warm starts against cold fits
% (breast cancer logistic, 3-class).
%
% Every fit of the grid is printed, solved or not: time, status, relative
% gap, iterations and objective, with default options (a grown pool), the
% same with the sampled pool alone ('Pool', 'sample': how much lower the
% grown pool's objective is and what it costs), and, beside them, the
% solver of cvxnn 0.1 ('fista', with MaxIter BENCH_GRID_FISTA_ITERS,
% default 2000, so that the grid ends in reasonable time; its status says
% where that budget was not enough).  BENCH_GRID_FISTA_ITERS=0 skips it.
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

% every status is printed: the warning of a fit stopped short is noise here
warning ('off', 'cvxnn:fit:notConverged');
fista_iters = str2double (getenv ('BENCH_GRID_FISTA_ITERS'));
if isnan (fista_iters), fista_iters = 2000; end
big = strcmp (getenv ('BENCH_GRID_BIG'), '1');

std_cols = @(X) (X - mean (X)) ./ max (std (X), eps);
[Xd, yd] = cvxnn_dataset ('diabetes');
Xd = std_cols (Xd); yd = (yd - mean (yd)) / std (yd);
[Xb, yb] = cvxnn_dataset ('breast_cancer');
Xb = std_cols (Xb); yb = 2 * (yb == max (yb)) - 1;
c3 = 1 + (yd > quantile (yd, 1/3)) + (yd > quantile (yd, 2/3));
sets = {'diabetes', Xd, yd, 'squared';
        'breast sq', Xb, yb, 'squared';
        'breast log', Xb, yb, 'logistic';
        '3-class ce', Xd, c3, 'crossentropy'};
if big
  randn ('state', 1);
  Xp = randn (1e4, 100); Wt = randn (100, 10); at = randn (10, 1);
  yp = max (Xp * Wt, 0) * at; yp = yp + 0.1 * std (yp) * randn (1e4, 1);
  sets(end+1, :) = {'planted 1e4x100', Xp, (yp - mean (yp)) / std (yp), 'squared'};
end

fprintf ('cvxnn_fit on real data, default options (%d cores)\n', nproc ());
fprintf (['default: the grown pool (sampled patterns, a short L-BFGS run''s and the ' ...
          'dual''s); sampled: ''Pool'', ''sample'' (the 1000 sampled patterns alone)\n']);
fprintf ('%-16s %-6s %8s | %-9s %8s %9s %6s %11s | %-9s %8s %9s %11s | %-9s %8s %9s %6s\n', ...
         'data', 'model', 'lam/lmax', 'default', 'time [s]', 'rel gap', 'iters', 'objective', ...
         'sampled', 'time [s]', 'rel gap', 'objective', ...
         sprintf ('fista(%d)', fista_iters), 'time [s]', 'rel gap', 'iters');

function row (name, model, ratio, X, y, loss, lam, fista_iters)
  t0 = tic;
  [~, a] = cvxnn_fit (X, y, 'Lambda', lam, 'Model', model, 'Loss', loss);
  ta = toc (t0);
  fprintf ('%-16s %-6s %8.0e | %-9s %8.2f %9.2e %6d %11.5g |', name, model, ratio, ...
           a.status, ta, a.relgap, a.iterations, a.primal);
  t0 = tic;
  [~, s] = cvxnn_fit (X, y, 'Lambda', lam, 'Model', model, 'Loss', loss, 'Pool', 'sample');
  fprintf (' %-9s %8.2f %9.2e %11.5g |', s.status, toc (t0), s.relgap, s.primal);
  if fista_iters > 0
    t0 = tic;
    [~, b] = cvxnn_fit (X, y, 'Lambda', lam, 'Model', model, 'Loss', loss, ...
                        'Solver', 'fista', 'MaxIter', fista_iters, 'Pool', 'sample');
    fprintf (' %-9s %8.2f %9.2e %6d\n', b.status, toc (t0), b.relgap, b.iterations);
  else
    fprintf ('\n');
  end
  fflush (stdout);
end

for s = 1:rows (sets)
  [name, X, y, loss] = sets{s, :};
  % lambda_max of the sampled patterns: the zero network's violation
  [~, z] = cvxnn_fit (X, y, 'Lambda', 1e12, 'Model', 'gated', 'Loss', loss, 'Pool', 'sample');
  for model = {'gated', 'relu'}
    for ratio = [1e-1 1e-2 1e-3 1e-4]
      row (name, model{1}, ratio, X, y, loss, ratio * z.lambda_max, fista_iters);
    end
  end
end

% column scaling, duplicated rows, lambda far below lambda_max
[~, z] = cvxnn_fit (Xd, yd, 'Lambda', 1e12, 'Model', 'gated', 'Pool', 'sample');
S = ones (1, 10); S(1:3) = 1e6; S(4:6) = 1e-6;
for model = {'gated', 'relu'}
  % each model's own lambda_max on the scaled data: the gated one is
  % above the relu one, and 1e-2 of it there is the zero network
  [~, zs] = cvxnn_fit (Xd .* S, yd, 'Lambda', 1e12, 'Model', model{1}, 'Pool', 'sample');
  row ('diabetes scaled', model{1}, 1e-2, Xd .* S, yd, 'squared', 1e-2 * zs.lambda_max, fista_iters);
  row ('diabetes dup', model{1}, 1e-2, [Xd; Xd(1:100, :)], [yd; yd(1:100)], 'squared', ...
       1e-2 * z.lambda_max, fista_iters);
  row ('diabetes', model{1}, 1e-8, Xd, yd, 'squared', 1e-8 * z.lambda_max, fista_iters);
end

% Cross-entropy past its dense Newton systems (n > 1000: conjugate
% gradients; up to 2000 rows they were dense, beyond that the first-order
% solver alone, 'max_iter' at 1e-3 lambda_max): 3 classes from a planted
% ReLU network, 3000 x 10
randn ('state', 3);
Xc = randn (3000, 10);
[~, cc] = max (max (Xc * randn (10, 8), 0) * randn (8, 3) + 0.5 * randn (3000, 3), [], 2);
[~, zc] = cvxnn_fit (Xc, cc, 'Lambda', 1e12, 'Model', 'gated', 'Loss', 'crossentropy', ...
                     'Pool', 'sample');
for model = {'gated', 'relu'}
  for ratio = [1e-2 1e-3]
    row ('3-class 3000x10', model{1}, ratio, Xc, cc, 'crossentropy', ratio * zc.lambda_max, ...
         fista_iters);
  end
end

% Many rows against few columns, fitting noise (2000 x 19 Gaussian X and
% y): relu's Newton steps cross the faces of cones of 2000 rows in 20
% dimensions within a fraction of each step, and its fits crawl where
% gated's are solved at once.  On 16 given patterns, which keep it to
% seconds (the default pool at lambda 0.01, 7e-5 lambda_max, gave no
% result in 400 s).
randn ('state', 1);
Xn = randn (2000, 19); yn = randn (2000, 1);
Dn = cvxnn_arrangements (Xn, 16, 'Bias', true, 'Seed', 1);
[~, zn] = cvxnn_fit (Xn, yn, 'Lambda', 1e12, 'Model', 'gated', 'Arrangements', Dn);
for model = {'gated', 'relu'}
  for ratio = [1e-2 1e-4]
    t0 = tic;
    [~, a] = cvxnn_fit (Xn, yn, 'Lambda', ratio * zn.lambda_max, 'Model', model{1}, ...
                        'Arrangements', Dn);
    fprintf ('%-16s %-6s %8.0e | %-9s %8.2f %9.2e %6d %11.5g | 16 given patterns\n', ...
             'noise 2000x19', model{1}, ratio, a.status, toc (t0), a.relgap, a.iterations, ...
             a.primal);
    fflush (stdout);
  end
end

% The default path (lambda_max down to 1e-4 lambda_max, 50 values,
% stopped once saturated) beside the fit alone at its smallest lambda,
% the issue's target being a ratio of at most 3; and the path's
% objectives over those of the same lambdas fitted alone (1 and below:
% the path's pools are as good), at every tenth point and the last.
fprintf ('\n%-16s %-6s | %7s %9s %-16s | %9s %-9s | %6s | %s\n', 'data', 'model', 'points', ...
         'path [s]', 'statuses', 'alone [s]', 'status', 'ratio', ...
         'path / alone objective at points 10, 20, ..., last');
for s = [1, 3]
  [name, X, y, loss] = sets{s, :};
  for model = {'gated', 'relu'}
    t0 = tic;
    [~, ip] = cvxnn_fit (X, y, 'Model', model{1}, 'Loss', loss);
    tp = toc (t0);
    L = numel (ip);
    pts = unique ([10:10:L, L]);
    rel = zeros (size (pts));
    for k = 1:numel (pts)
      t0 = tic;
      [~, a] = cvxnn_fit (X, y, 'Lambda', ip(pts(k)).lambda, 'Model', model{1}, 'Loss', loss);
      ta = toc (t0);
      rel(k) = ip(pts(k)).primal / a.primal;
    end
    fprintf ('%-16s %-6s | %7d %9.2f %-16s | %9.2f %-9s | %6.1f | %s\n', name, model{1}, L, tp, ...
             strjoin (unique ({ip.status}), ','), ta, a.status, tp / ta, mat2str (rel, 3));
    fflush (stdout);
  end
end

% A path given with coarse steps (four lambdas 4.6 apart, 0.1 down to
% 1e-3 lambda_max, the sampled pool): each point warm-started from the one
% before, beside the same lambda fitted cold.  Warm starts of the logistic
% and cross-entropy losses once took up to 8 times a cold fit's iterations
% (a first multiplier step far too large); since each warm start scales
% its dual by the ratio of the lambdas it takes a third to a half of the
% cold iterations (breast cancer logistic, relu: 13, 19, 23 against 34,
% 51, 78).
fprintf ('\n%-16s %-6s | %-51s | %-51s\n', 'data', 'model', ...
         'path: iterations (status) at points 2-4, all 4 [s]', ...
         'cold: iterations (status) at points 2-4 [s]');
for s = [3, 4]
  [name, X, y, loss] = sets{s, :};
  [~, z] = cvxnn_fit (X, y, 'Lambda', 1e12, 'Model', 'gated', 'Loss', loss, 'Pool', 'sample');
  lams = 1e-3 * z.lambda_max * 100 .^ linspace (1, 0, 4);
  for model = {'gated', 'relu'}
    o = {'Model', model{1}, 'Loss', loss, 'Pool', 'sample'};
    t0 = tic;
    [~, ip] = cvxnn_fit (X, y, 'Lambda', lams, o{:});
    tw = toc (t0);
    cold = cell (1, 3);
    tc = 0;
    for j = 2:4
      t0 = tic;
      [~, a] = cvxnn_fit (X, y, 'Lambda', lams(j), o{:});
      tc = tc + toc (t0);
      cold{j - 1} = sprintf ('%d (%s)', a.iterations, a.status);
    end
    warm = arrayfun (@(i) sprintf ('%d (%s)', i.iterations, i.status), ip(2:4), ...
                     'UniformOutput', false);
    fprintf ('%-16s %-6s | %-42s %6.2f s | %-42s %6.2f s\n', name, model{1}, ...
             strjoin (warm, ', '), tw, strjoin (cold, ', '), tc);
    fflush (stdout);
  end
end
