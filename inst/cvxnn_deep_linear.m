% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {[@var{net}, @var{info}] =} cvxnn_deep_linear (@var{X}, @var{Y}, 'Lambda', @var{lambda}, 'Depth', @var{L})
% Optimal weights of an L-layer linear network with weight decay, in
% closed form (the manual's Mathematics 5.1-5.3):
% @example
% min  0.5 |X W1 ... WL - Y|_F^2 + (lambda/2) sum_l |Wl|_F^2
% @end example
% (no biases), with @var{lambda} >= 0 and @var{L} >= 1 layers ('Depth'
% may be omitted for L = 2).  The end-to-end map is @tcode{W* = U diag (sigma) V'} with
% @code{sigma = cvxnn_prox_depth (s, lambda, L)}, and the layers are its
% balanced, aligned factorization (Mathematics 3.4):
% @tcode{W1 = U S^(1/L) R1'}, @tcode{Wl = R(l-1) S^(1/L) Rl'},
% @tcode{WL = R(L-1) S^(1/L) V'}, @code{Rl} the first r columns of the
% identity (r = rank W*; width @code{max (r, 1)}).
%
% Cases, chosen from the data:
% @table @asis
% @item whitened columns, @code{X'*X = I} (n >= d)
% @tcode{X'*Y = U diag(s) V'}; any number of outputs.
% @item whitened rows, @code{X*X' = I} (n <= d)
% @tcode{Y = U diag(s) V'} and @tcode{W* = X' U diag(sigma) V'}.
% @item any X, one output
% the one-dimensional search over the common layer norm t of Mathematics 5.3
% (exact group-lasso values, grid and golden section; the objective in t
% can have two local minima, both compared).
% @item lambda = 0
% the interpolation limit: @code{W* = pinv (X) * Y}, which needs rank X = n
% (n <= d); @code{info.objective} is then the minimum of
% @code{0.5 sum_l |Wl|_F^2} over interpolating networks,
% @code{(L/2) sum_i sigma_i(W*)^(2/L)}.
% @item any X, several outputs
% no closed form is known (Mathematics 5.3; the t-dual has a gap there, Mathematics
% 2.3): error @code{cvxnn:deep_linear:noClosedForm}.
% @end table
% Whitening is accepted to @qcode{'Tol'} (default 1e-8, relative).
%
% @var{info}: @code{objective} (the optimal value), @code{rank}
% (singular values kept), @code{threshold} (s*_L of Mathematics 5.3 below which a
% singular value is cut: lambda for L = 2; for any X with one output the
% threshold of the t-search is not a singular-value rule and NaN is
% reported), @code{s} and @code{sigma} (singular values before and after
% the map), @code{case}, @code{W} (the end-to-end map).
% @seealso{cvxnn_prox_depth, cvxnn_train, cvxnn_structure, cvxnn_certify}
% @end deftypefn

function [net, info] = cvxnn_deep_linear (X, Y, varargin)
  fn = 'deep_linear';
  if nargin < 2
    error ('cvxnn:deep_linear:nargin', ...
           'cvxnn_deep_linear: usage: [net, info] = cvxnn_deep_linear (X, Y, ''Lambda'', lambda, ''Depth'', L)');
  end
  [lam, L, tol, Y] = cvxnn_closed_args (fn, X, Y, varargin, 1e-8, 1, false);
  [n, d] = size (X);
  K = size (Y, 2);
  % X'X is d-by-d, X X' n-by-n: each is formed only where it can be I
  cols = n >= d && norm (X' * X - eye (d), 'fro') <= tol * sqrt (d);
  rws = n <= d && norm (X * X' - eye (n), 'fro') <= tol * sqrt (n);
  s = []; sig = []; thr = NaN;
  if lam == 0
    if rank (X) < n
      error ('cvxnn:deep_linear:value', ...
             'cvxnn_deep_linear: lambda = 0 needs rank (X) = n (interpolation), here %d < %d', rank (X), n);
    end
    W = pinv (X) * Y;
    sv = svd (W);
    P = L / 2 * sum (sv.^(2 / L));
    kase = 'interpolation';
  elseif cols || rws
    if cols
      [U, S, V] = svd (X' * Y, 'econ');
    else
      [U, S, V] = svd (Y, 'econ');
    end
    s = diag (S);
    [sig, thr] = cvxnn_prox_depth (s, lam, L);
    P = sum (0.5 * (sig - s).^2 + lam * L / 2 * sig.^(2 / L));
    if cols
      W = U * diag (sig) * V';
      P = P + 0.5 * (norm (Y, 'fro')^2 - norm (X' * Y, 'fro')^2);
      kase = 'whitened columns';
    else
      W = X' * U * diag (sig) * V';
      kase = 'whitened rows';
    end
  elseif K == 1
    if L == 1
      W = (X' * X + lam * eye (d)) \ (X' * Y);
      P = 0.5 * norm (X * W - Y)^2 + lam / 2 * norm (W)^2;
    else
      [P, W] = cvxnn_tsearch (X, Y, lam, L);
    end
    kase = 'one output';
  else
    error ('cvxnn:deep_linear:noClosedForm', ...
           ['cvxnn_deep_linear: no closed form is known for general X with %d outputs ' ...
            '(Mathematics 5.3); whiten X, or train with cvxnn_train'], K);
  end
  net = factor_layers (W, L, lam);
  sv = svd (W);
  r = sum (sv > max (size (W)) * eps (max ([sv; 0])));
  info = struct ('objective', P, 'rank', r, 'threshold', thr, 's', s, 'sigma', sig, ...
                 'case', kase, 'W', W);
end

% the balanced factorization of MATH 3.4: W_l = R_{l-1} S^(1/L) R_l'
function net = factor_layers (W, L, lam)
  [U, S, V] = svd (W, 'econ');
  sv = diag (S);
  r = sum (sv > max (size (W)) * eps (max ([sv; 0])));
  m = max (r, 1);
  c = zeros (m, 1);
  c(1:r) = sv(1:r).^(1 / L);
  U = [U(:, 1:r), zeros(size (W, 1), m - r)];
  V = [V(:, 1:r), zeros(size (W, 2), m - r)];
  net.W = cell (1, L);
  if L == 1
    net.W{1} = W;
  else
    net.W{1} = U * diag (c);
    for l = 2:L-1
      net.W{l} = diag (c);
    end
    net.W{L} = diag (c) * V';
  end
  net.b = cell (1, L);
  net.activation = 'linear';
  net.lambda = lam;
  net.loss = 'squared';
end

%!demo
%! % Depth raises the threshold and keeps the survivors larger (Mathematics 5.3):
%! % the singular values of the optimal end-to-end map for L = 2, 3, 4
%! randn ('state', 1);
%! [Q, ~] = qr (randn (40)); X = Q(:, 1:6);
%! Y = X * diag ([6 4 2 1 0.5 0.2]) * randn (6, 4) + 0.05 * randn (40, 4);
%! for L = 2:4
%!   [net, info] = cvxnn_deep_linear (X, Y, 'Lambda', 1, 'Depth', L);
%!   printf ('L = %d: threshold %.3f, kept %s, objective %.4f\n', L, info.threshold, ...
%!           mat2str (info.sigma(info.sigma > 0)', 4), info.objective);
%! end

%!shared Xc, Yc, Xr, Yr
%! randn ('state', 11);
%! [Q, ~] = qr (randn (30)); Xc = Q(:, 1:5); Yc = randn (30, 3);     % X'X = I
%! [Q, ~] = qr (randn (12)); [Q2, ~] = qr (randn (20));
%! Xr = Q * [eye(12), zeros(12, 8)] * Q2; Yr = randn (12, 2);        % XX' = I

%!test
%! % whitened columns and rows, L = 2..4: the layers attain the objective,
%! % are balanced and aligned, and the rank is #{s > s*}
%! for L = 2:4
%!   for c = 1:2
%!     if c == 1, X = Xc; Y = Yc; else, X = Xr; Y = Yr; end
%!     [net, info] = cvxnn_deep_linear (X, Y, 'Lambda', 0.8, 'Depth', L);
%!     assert (cvxnn_objective (net, X, Y), info.objective, 1e-12 * info.objective);
%!     assert (info.rank, sum (info.s > info.threshold));
%!     st = cvxnn_structure (net);
%!     assert (st.balance < 1e-12);
%!     assert (all (st.rank == info.rank));
%!   end
%! end

%!test
%! % the reference trainer from 20 random starts never goes below the
%! % closed form, and its best start reaches it to 1e-6
%! for L = [2 3]
%!   [~, info] = cvxnn_deep_linear (Xc, Yc, 'Lambda', 0.8, 'Depth', L);
%!   best = Inf;
%!   for seed = 1:20
%!     [~, ti] = cvxnn_train (Xc, Yc, 'Lambda', 0.8, 'Layers', 4 * ones (1, L - 1), ...
%!                            'Activation', 'linear', 'Bias', false, 'Seed', seed, 'Tol', 1e-10);
%!     assert (ti.objective >= info.objective * (1 - 1e-9));
%!     best = min (best, ti.objective);
%!   end
%!   assert (best <= info.objective * (1 + 1e-6));
%! end

%!test
%! % any X, one output: the t-search against the trainer and the t-dual
%! % certificate of cvxnn_certify
%! randn ('state', 12);
%! X = randn (25, 4); y = X * randn (4, 1) + 0.3 * randn (25, 1);
%! [net, info] = cvxnn_deep_linear (X, y, 'Lambda', 1, 'Depth', 3);
%! assert (cvxnn_objective (net, X, y), info.objective, 1e-9 * info.objective);
%! [~, ti] = cvxnn_train (X, y, 'Lambda', 1, 'Layers', [3 3], 'Activation', 'linear', ...
%!                        'Bias', false, 'Tol', 1e-11, 'Epochs', 20000);
%! assert (abs (ti.objective - info.objective) <= 1e-6 * info.objective);
%! cert = cvxnn_certify (net, X, y);
%! assert (cert.exact && cert.relgap <= 1e-8);
%! assert (cvxnn_structure (net).rank, [1 1 1]);

%!test
%! % thresholds: lambda above the largest s gives the zero network; L = 3
%! % keeps a direction just above s* and cuts it just below
%! [net, info] = cvxnn_deep_linear (Xc, Yc, 'Lambda', 100, 'Depth', 3);
%! assert (info.rank, 0);
%! assert (info.objective, 0.5 * norm (Yc, 'fro')^2, 1e-12);
%! s1 = max (svd (Xc' * Yc));
%! lam_jump = ((s1 * 0.5)^(4 / 3)) ^ 1;          % s* = 2 lam^(3/4) = s1
%! [~, i1] = cvxnn_deep_linear (Xc, Yc, 'Lambda', lam_jump * 0.999, 'Depth', 3);
%! [~, i2] = cvxnn_deep_linear (Xc, Yc, 'Lambda', lam_jump * 1.001, 'Depth', 3);
%! assert (i1.rank >= 1 && i2.rank == 0);

%!test
%! % the interpolation limit: the network interpolates with the min-norm cost
%! [net, info] = cvxnn_deep_linear (Xr, Yr, 'Lambda', 0, 'Depth', 3);
%! F = cvxnn_predict (net, Xr);
%! assert (F, Yr, 1e-10);
%! assert (info.objective, 0.5 * sum (cellfun (@(w) norm (w, 'fro')^2, net.W)), 1e-10);
%! assert (info.objective, 1.5 * sum (svd (pinv (Xr) * Yr).^(2 / 3)), 1e-10);

%!error id=cvxnn:deep_linear:nargin cvxnn_deep_linear (1)
%!error id=cvxnn:deep_linear:lambda cvxnn_deep_linear (1, 1)
%!error id=cvxnn:deep_linear:noClosedForm cvxnn_deep_linear (randn (10, 3), randn (10, 2), 'Lambda', 1, 'Depth', 3)
%!error id=cvxnn:deep_linear:value cvxnn_deep_linear (randn (10, 3), randn (10, 1), 'Lambda', 0, 'Depth', 3)
%!error id=cvxnn:deep_linear:unknownOption cvxnn_deep_linear (1, 1, 'Lambda', 1, 'Layers', 3)
%!error id=cvxnn:deep_linear:size cvxnn_deep_linear (ones (3, 2), ones (2, 1), 'Lambda', 1)
%!error id=cvxnn:deep_linear:noClosedForm cvxnn_deep_linear (ones (1e5, 2), ones (1e5, 2), 'Lambda', 1, 'Depth', 3)
