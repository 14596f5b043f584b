% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {[@var{net}, @var{info}] =} cvxnn_rank_one (@var{X}, @var{y}, 'Lambda', @var{lambda}, 'Depth', @var{L})
% Closed-form ReLU network for rank-one data @tcode{X = c*a'} (|a| = 1),
% one output, weight decay, no biases (the manual's Mathematics 5.5).
%
% @code{max (X*u, 0) = (a'u)_+ c+ + (-a'u)_+ c-} with @code{c+- = max (+-c, 0)}
% of disjoint supports, so any ReLU network of any depth outputs a vector
% in @code{span@{c+, c-@}}; the optimal one uses one channel per sign of c:
% @code{t_s = |y'c_s| / |c_s|},
% @code{a_s = cvxnn_prox_depth (t_s, lambda |c_s|^(-2/L), L)},
% @code{f* = sum_s sign (y'c_s) a_s c_s/|c_s|}; first-layer weights are
% multiples of +-a (rank one, aligned with the data direction), the
% middle layers diagonal, widths 2.  Mathematics 5.5 labels it [D][V]: derived, and checked
% against multi-start gradient descent for L = 2, 3.
% 1-D data without bias is rank-one data.
%
% X must be rank one to @qcode{'Tol'} (default 1e-10, relative: second
% singular value over the first), otherwise error
% @code{cvxnn:rank_one:notRankOne}.  @var{info}: @code{objective},
% @code{a} (channel amplitudes), @code{direction} (a), @code{c}.
% @seealso{cvxnn_whitened_relu, cvxnn_deep_linear, cvxnn_prox_depth}
% @end deftypefn

function [net, info] = cvxnn_rank_one (X, y, varargin)
  fn = 'rank_one';
  if nargin < 2
    error ('cvxnn:rank_one:nargin', ...
           'cvxnn_rank_one: usage: [net, info] = cvxnn_rank_one (X, y, ''Lambda'', lambda, ''Depth'', L)');
  end
  [lam, L, tol, y] = cvxnn_closed_args (fn, X, y, varargin, 1e-10, 2, true);
  if size (y, 2) ~= 1
    error ('cvxnn:rank_one:size', 'cvxnn_rank_one: one output only (Mathematics 5.5)');
  end
  [U, S, V] = svd (X, 'econ');
  s = diag (S);
  if s(1) == 0 || (numel (s) > 1 && s(2) > tol * s(1))
    error ('cvxnn:rank_one:notRankOne', 'cvxnn_rank_one: X must be rank one (X = c*a'')');
  end
  c = U(:, 1) * s(1);
  a = V(:, 1);
  C = [max(c, 0), max(-c, 0)];
  dirs = [a, -a];
  nc = sqrt (sum (C.^2, 1));
  keep = nc > 0;
  C = C(:, keep); nc = nc(keep); dirs = dirs(:, keep);
  t = abs (y' * C) ./ nc;
  sg = sign (y' * C);
  sg(sg == 0) = 1;
  amp = zeros (size (t));
  for k = 1:numel (t)
    amp(k) = cvxnn_prox_depth (t(k), lam * nc(k)^(-2 / L), L);
  end
  P = 0.5 * sum (y.^2) + sum (0.5 * (amp - t).^2 - 0.5 * t.^2 + lam * L / 2 * (amp ./ nc).^(2 / L));
  kap = (amp ./ nc).^(1 / L);
  net.W = cell (1, L);
  net.W{1} = dirs .* kap;                       % d x m, multiples of +-a
  for l = 2:L-1
    net.W{l} = diag (kap);
  end
  net.W{L} = (sg .* kap)';
  net.b = cell (1, L);
  net.activation = 'relu';
  net.lambda = lam;
  net.loss = 'squared';
  info = struct ('objective', P, 'a', amp, 'direction', a, 'c', c);
end

%!shared X, y
%! randn ('state', 31);
%! c = randn (12, 1); a = randn (3, 1); a = a / norm (a);
%! X = c * a'; y = randn (12, 1);

%!test
%! % the network attains the objective; first layer rank one along a
%! for L = 2:4
%!   [net, info] = cvxnn_rank_one (X, y, 'Lambda', 0.4, 'Depth', L);
%!   assert (cvxnn_objective (net, X, y), info.objective, 1e-12 * info.objective);
%!   assert (cvxnn_structure (net).rank(1), 1);
%!   assert (abs (net.W{1}(:, 1)' * info.direction), norm (net.W{1}(:, 1)), 1e-12);
%! end

%!test
%! % L = 2: the convex fit (exact patterns of rank-one data, no bias) agrees
%! [net, info] = cvxnn_rank_one (X, y, 'Lambda', 0.4);
%! [~, fi] = cvxnn_fit (X, y, 'Lambda', 0.4, 'Bias', false, 'Arrangements', 'exact', 'Tol', 1e-10);
%! assert (fi.exact);
%! assert (abs (fi.primal - info.objective) <= 1e-8 * info.objective);

%!test
%! % L = 3: 20 trainer starts never below, the best reaches it
%! [net, info] = cvxnn_rank_one (X, y, 'Lambda', 0.4, 'Depth', 3);
%! best = Inf;
%! for seed = 1:20
%!   [~, ti] = cvxnn_train (X, y, 'Lambda', 0.4, 'Layers', [4 4], 'Bias', false, ...
%!                          'Seed', seed, 'Tol', 1e-10, 'Epochs', 5000);
%!   assert (ti.objective >= info.objective * (1 - 1e-6));
%!   best = min (best, ti.objective);
%! end
%! assert (best <= info.objective * (1 + 1e-6));

%!error id=cvxnn:rank_one:nargin cvxnn_rank_one (1)
%!error id=cvxnn:rank_one:notRankOne cvxnn_rank_one (randn (5, 2), randn (5, 1), 'Lambda', 1)
%!error id=cvxnn:rank_one:size cvxnn_rank_one (ones (5, 2), randn (5, 2), 'Lambda', 1)
%!error id=cvxnn:rank_one:lambda cvxnn_rank_one (ones (5, 2), randn (5, 1))
