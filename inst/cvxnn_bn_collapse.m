% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {[@var{net}, @var{info}] =} cvxnn_bn_collapse (@var{X}, @var{Y}, 'Lambda', @var{lambda})
% @deftypefnx {} {[@var{net}, @var{info}] =} cvxnn_bn_collapse (@var{X}, @var{Y}, 'Lambda', @var{lambda}, 'Convention', @var{conv})
% The optimal batch-normalized last layers in closed form, and the neural
% collapse they show (the manual's Mathematics 5.6).
%
% Model: @code{F = BN(X*W1) * W2}, BN column by column with trainable
% gamma, alpha (@var{conv} @qcode{'std'}, the default, divides by the
% population standard deviation; @qcode{'l2'} by the norm of the centered
% column); objective @code{0.5*|F - Y|_F^2 + (lambda/2)(|gamma|^2 +
% |alpha|^2 + |W2|_F^2)}, W1 not penalized (its scale does nothing).  This
% is @code{cvxnn_train (X, Y, 'Lambda', lambda, 'Layers', m, 'BatchNorm',
% conv, 'Bias', false)}.
%
% Assumption (Mathematics 5.6): every centered direction is reachable,
% @code{range (Pc*X) = range (Pc)} with @code{Pc = I - 11'/n}: X has n
% <= d + 1 rows in general position, or free features (X = I).  It is
% checked (error @code{cvxnn:bn_collapse:notExpressive} otherwise).
% Under it the problem is @code{min_F 0.5|F - Y|^2 + lambda |M F|_*}
% with @code{M = I/sqrt(n)} (std) or @code{Pc + 11'/n^1.5} (l2), so
% @table @asis
% @item std, any targets Y
% @code{F* = SVT_@{lambda/sqrt(n)@} (Y)} [D][V];
% @item l2, balanced one-hot Y (K classes of N)
% @code{F* = (1 - lambda/sqrt(N))_+ (Y - mean) + (1 - lambda/(N sqrt(K)))_+
% mean} [D][V]; other targets: error @code{cvxnn:bn_collapse:labels}
% (no closed form is known, Mathematics 5.6).
% @end table
% The layers come from @tcode{M F* = U S V'}: features
% @code{H = M^-1 U S^1/2}, classifier @tcode{W2 = S^1/2 V'}, one unit per
% singular value.  For one-hot labels the features collapse: no
% within-class spread (NC1), centered class means forming a simplex ETF
% (NC2), classifier = centered means plus one common row (NC3 after
% removing it); see @code{cvxnn_nc_metrics}.  With lambda at or above
% the thresholds (@code{sqrt(N)} for l2, @code{N sqrt(K)} for std) the
% centered part vanishes and NC2 is undefined.
%
% @var{info}: @code{objective}, @code{F} (the optimal outputs), @code{H}
% (features, n-by-m), @code{rank} (m), @code{nc} (the metrics of
% @code{cvxnn_nc_metrics} for one-hot labels of two classes or more, each
% with a sample, else empty), @code{label},
% @code{note}.  Imbalanced classes are solved (std) but Mathematics 5.6 notes
% that the means are then not an ETF; a ReLU after BN is outside Mathematics 5.6 [U].
% @seealso{cvxnn_nc_metrics, cvxnn_train}
% @end deftypefn

function [net, info] = cvxnn_bn_collapse (X, Y, varargin)
  fn = 'bn_collapse';
  if nargin < 2
    error ('cvxnn:bn_collapse:nargin', ...
           'cvxnn_bn_collapse: usage: [net, info] = cvxnn_bn_collapse (X, Y, ''Lambda'', lambda)');
  end
  cvxnn_check_matrix (fn, 'X', X);
  opts = cvxnn_options (fn, {'Lambda',     [],     'any',    [];
                             'Convention', 'std',  'choice', {'std', 'l2'};
                             'Tol',        1e-8,   'real',   [0, 1]}, varargin);
  lam = cvxnn_check_lambda (fn, opts.Lambda, true);
  Y = cvxnn_targets (fn, Y, size (X, 1), 'squared');
  [n, K] = size (Y);
  if n < 2
    error ('cvxnn:bn_collapse:size', 'cvxnn_bn_collapse: batch normalization needs n >= 2 rows');
  end
  X = full (X);                  % eye (n) is a diagonal-matrix object in Octave
  Xc = X - mean (X, 1);
  sx = svd (Xc);
  if numel (sx) < n - 1 || sx(n - 1) <= opts.Tol * max (sx(1), realmin)
    error ('cvxnn:bn_collapse:notExpressive', ...
           ['cvxnn_bn_collapse: the centered X must have rank n - 1 (= %d) so that every ' ...
            'centered feature is reachable (Mathematics 5.6)'], n - 1);
  end
  onehot = all (Y(:) == 0 | Y(:) == 1) && all (sum (Y, 2) == 1);
  cnt = sum (Y, 1);
  one = ones (n, 1);
  if strcmp (opts.Convention, 'std')
    [U, S, V] = svd (Y, 'econ');
    s = max (diag (S) - lam / sqrt (n), 0);
    F = U * diag (s) * V';
    MF = F / sqrt (n);
  else
    if ~onehot || any (cnt ~= cnt(1))
      error ('cvxnn:bn_collapse:labels', ...
             'cvxnn_bn_collapse: the l2 convention has a closed form for balanced one-hot labels only (Mathematics 5.6)');
    end
    N = cnt(1);
    P1Y = one * mean (Y, 1);
    F = max (1 - lam / sqrt (N), 0) * (Y - P1Y) + max (1 - lam / (N * sqrt (K)), 0) * P1Y;
    MF = (F - one * mean (F, 1)) + one * mean (F, 1) / sqrt (n);
  end
  [U, S, V] = svd (MF, 'econ');
  sv = diag (S);
  r = sum (sv > 1e-12 * max ([sv; realmin]));
  U = U(:, 1:r); V = V(:, 1:r); sv = sv(1:r);
  if r == 0
    % the zero output: keep one unit with gamma = alpha = 0 so that the
    % network stays a valid BN network
    U = zeros (n, 1); V = zeros (K, 1); sv = 0;
  end
  % H = M^-1 U S^1/2, columns gamma z + alpha 1; M^-1 is sqrt(n) I (std)
  % or Pc + sqrt(n) P1 (l2), applied without forming an n-by-n matrix
  G = U * diag (sqrt (sv));
  if strcmp (opts.Convention, 'std')
    H = sqrt (n) * G;
  else
    H = G + (sqrt (n) - 1) * one * mean (G, 1);
  end
  W2 = diag (sqrt (sv)) * V';
  alpha = mean (H, 1);
  C = H - alpha;                              % centered parts gamma_j z_j
  nc = sqrt (sum (C.^2, 1));
  if strcmp (opts.Convention, 'std')
    gamma = nc / sqrt (n);
  else
    gamma = nc;
  end
  % pre-BN weights: X*W1 must have the centered direction z_j; a column
  % with no centered part (gamma = 0) gets a harmless direction
  Z = C ./ max (nc, realmin);
  Z(:, nc == 0) = repmat (Xc(:, 1) / max (norm (Xc(:, 1)), realmin), 1, sum (nc == 0));
  W1 = pinv (Xc) * Z;
  A = X * W1;
  mu = mean (A, 1);
  if strcmp (opts.Convention, 'std')
    scale = std (A, 1, 1);
  else
    scale = sqrt (sum ((A - mu).^2, 1));
  end
  net.W = {W1, W2};
  net.b = {[], []};
  net.activation = 'relu';
  net.lambda = lam;
  net.loss = 'squared';
  net.bn = struct ('gamma', gamma, 'alpha', alpha, 'mu', mu, 'scale', scale, ...
                   'convention', opts.Convention);
  P = 0.5 * norm (F - Y, 'fro')^2 + lam * sum (sv);
  m = [];
  note = 'global optimum of the batch-normalized last layers (Mathematics 5.6)';
  % the metrics need two classes or more, each with a sample
  if onehot && K >= 2 && all (cnt > 0)
    m = cvxnn_nc_metrics (H, Y, W2');
    if r < K
      note = [note '; lambda is above the threshold of the centered part: the class means coincide (NC2 undefined)'];
    end
    if any (cnt ~= cnt(1))
      note = [note '; imbalanced classes: the class means are not a simplex ETF (Mathematics 5.6)'];
    end
  end
  info = struct ('objective', P, 'F', F, 'H', H, 'rank', r, 'nc', m, ...
                 'label', 'D', 'note', note);
end

%!demo
%! % Neural collapse forming: a batch-normalized network trained by L-BFGS
%! % on free features (X = I), K = 3 classes of N = 4, lambda = 0.5; its
%! % NC metrics fall towards those of the closed form (Mathematics 5.6)
%! K = 3; N = 4; n = K * N; lam = 0.5;
%! Y = kron (eye (K), ones (N, 1));
%! [opt, oi] = cvxnn_bn_collapse (eye (n), Y, 'Lambda', lam);
%! printf ('closed form: objective %.10f, NC1 %.1e, NC2 max-angle %.1e, cosines %s\n', ...
%!         oi.objective, oi.nc.NC1, oi.nc.NC2_maxangle, mat2str (oi.nc.cosines(2:3, 1)', 4));
%! net = []; its = [0 5 10 20 40 80 160 320];
%! nc1 = zeros (size (its)); nc2 = nc1; obj = nc1;
%! for k = 1:numel (its)
%!   if k == 1
%!     [net, ti] = cvxnn_train (eye (n), Y, 'Lambda', lam, 'Layers', 6, 'BatchNorm', 'std', ...
%!                              'Bias', false, 'Epochs', 0, 'Seed', 3);
%!   else
%!     [net, ti] = cvxnn_train (eye (n), Y, 'Lambda', lam, 'Init', net, 'Epochs', its(k) - its(k-1));
%!   end
%!   Z = net.W{1};
%!   H = net.bn.gamma .* (Z - net.bn.mu) ./ net.bn.scale + net.bn.alpha;
%!   m = cvxnn_nc_metrics (H, Y, net.W{2}');
%!   nc1(k) = m.NC1; nc2(k) = m.NC2_maxangle; obj(k) = ti.objective;
%!   printf ('iteration %4d: objective %.10f  NC1 %.2e  NC2 max-angle %.2e\n', its(k), obj(k), nc1(k), nc2(k));
%! end
%! semilogy (max (its, 1), nc1, 'o-', max (its, 1), nc2, 's-', max (its, 1), obj - oi.objective + eps, 'd-');
%! legend ('NC1 (within-class spread)', 'NC2 (distance to simplex ETF)', 'objective - optimum');
%! xlabel ('L-BFGS iterations'); ylabel ('metric'); grid on;
%! title ('Neural collapse with batch normalization, K = 3 classes');

%!shared Y, K, N, n
%! K = 3; N = 4; n = K * N;
%! Y = kron (eye (K), ones (N, 1));

%!test
%! % the network attains the closed form; its outputs are F*; both
%! % conventions; features collapse (NC1, NC2, centered NC3, NC4 zero) and
%! % Papyan's NC3 is not zero without a classifier bias (MATH 5.6)
%! for conv = {'std', 'l2'}
%!   [net, info] = cvxnn_bn_collapse (eye (n), Y, 'Lambda', 0.8, 'Convention', conv{1});
%!   assert (cvxnn_objective (net, eye (n), Y), info.objective, 1e-12 * info.objective);
%!   assert (cvxnn_predict (net, eye (n)), info.F, 1e-12);
%!   m = info.nc;
%!   assert ([m.NC1, m.NC2_equinorm, m.NC2_equiangular, m.NC2_maxangle, m.NC3_centered, m.NC4] <= 1e-8);
%!   assert (m.NC3 > 1e-3);
%!   assert (m.cosines(~eye (K)), -0.5 * ones (6, 1), 1e-12);
%! end

%!test
%! % the reference trainer's best of 20 starts equals the closed form
%! % (never below it), both conventions, and features X of rank n
%! randn ('state', 5);
%! X = randn (n, n + 2);
%! for conv = {'std', 'l2'}
%!   [~, info] = cvxnn_bn_collapse (X, Y, 'Lambda', 0.8, 'Convention', conv{1});
%!   best = Inf;
%!   for seed = 1:20
%!     [~, ti] = cvxnn_train (X, Y, 'Lambda', 0.8, 'Layers', 5, 'BatchNorm', conv{1}, ...
%!                            'Bias', false, 'Seed', seed, 'Tol', 1e-10, 'Epochs', 3000);
%!     assert (ti.objective >= info.objective * (1 - 1e-9));
%!     best = min (best, ti.objective);
%!   end
%!   assert (best <= info.objective * (1 + 1e-6), sprintf ('%s: %.12g vs %.12g', conv{1}, best, info.objective));
%! end

%!test
%! % std convention, any targets: F* = SVT (Y) at lambda/sqrt(n); rank drops
%! % at the singular values of Y times sqrt(n)
%! randn ('state', 6);
%! Yr = randn (10, 3);
%! s = svd (Yr);
%! for lam = sqrt (10) * [0.5 * s(3), (s(2) + s(3)) / 2, s(1) * 1.01]
%!   [net, info] = cvxnn_bn_collapse (eye (10), Yr, 'Lambda', lam);
%!   assert (info.rank, sum (s > lam / sqrt (10)));
%!   assert (cvxnn_objective (net, eye (10), Yr), info.objective, 1e-12 * max (info.objective, 1));
%!   assert (isempty (info.nc));
%! end

%!test
%! % thresholds: above sqrt(N) (l2) the centered part is gone, and the
%! % note says NC2 is undefined
%! [~, info] = cvxnn_bn_collapse (eye (n), Y, 'Lambda', sqrt (N) * 1.001, 'Convention', 'l2');
%! assert (info.rank, 1);
%! assert (strfind (info.note, 'NC2 undefined') > 0);
%! [~, info] = cvxnn_bn_collapse (eye (n), Y, 'Lambda', N * sqrt (K) * 1.001);
%! assert (info.rank, 0);
%! assert (info.objective, 0.5 * n, 1e-12);

%!error id=cvxnn:bn_collapse:nargin cvxnn_bn_collapse (1)
%!error id=cvxnn:bn_collapse:lambda cvxnn_bn_collapse (eye (4), eye (4))
%!error id=cvxnn:bn_collapse:notExpressive cvxnn_bn_collapse (randn (6, 2), randn (6, 1), 'Lambda', 1)
%!error id=cvxnn:bn_collapse:labels cvxnn_bn_collapse (eye (4), randn (4, 2), 'Lambda', 1, 'Convention', 'l2')
%!error id=cvxnn:bn_collapse:optionValue cvxnn_bn_collapse (eye (4), eye (4), 'Lambda', 1, 'Convention', 'max')
%!error id=cvxnn:bn_collapse:size cvxnn_bn_collapse (1, 1, 'Lambda', 1)
%!test
%! % one-hot labels with an empty class: solved, no metrics (not an error
%! % of cvxnn_nc_metrics)
%! [~, info] = cvxnn_bn_collapse (eye (3), [1 0; 1 0; 1 0], 'Lambda', 0.5);
%! assert (isempty (info.nc));
