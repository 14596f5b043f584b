% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {[@var{net}, @var{info}] =} cvxnn_whitened_relu (@var{X}, @var{Y}, 'Lambda', @var{lambda}, 'Depth', @var{L})
% Closed-form ReLU network for whitened data, @code{X*X' = I} (n <= d),
% with weight decay and no biases (the manual's Mathematics 5.4).
%
% Since @code{@{max (X*u, 0) : |u| <= 1@}} is the nonnegative part of the
% unit ball, the network carries the positive and negative parts of the
% targets in separate nonnegative channels:
% @table @asis
% @item one output
% @code{a+- = cvxnn_prox_depth (|y+-|, lambda, L)},
% @code{f* = a+ y+/|y+| - a- y-/|y-|}, widths 2 (one channel per sign
% present).  L = 2: the global optimum (strong duality, Mathematics 5.4).  L >= 3:
% the construction attains its objective and gradient methods never went
% below it (the developers' checks), but when both signs are present the t-dual of
% Mathematics 2.3 does not certify it: @code{info.certified} is false and
% @code{info.note} says so (Mathematics 5.4 marks the claim [U]); with one sign it is
% certified [V].
% @item one-hot targets (n-by-K, 0/1, one 1 per row)
% one channel per class, @code{a_k = cvxnn_prox_depth (sqrt (N_k), lambda, L)}
% (Mathematics 5.4, proved for L = 2 [D], checked for L = 3 [V]).
% @end table
%
% Whitening is checked to @qcode{'Tol'} (default 1e-8, relative);
% otherwise error @code{cvxnn:whitened_relu:notWhitened}.
% @var{info}: @code{objective}, @code{a} (channel amplitudes),
% @code{certified}, @code{label} (@qcode{'D'}, @qcode{'V'} or @qcode{'U'} of
% Mathematics), @code{note}.
% @seealso{cvxnn_rank_one, cvxnn_deep_linear, cvxnn_prox_depth}
% @end deftypefn

function [net, info] = cvxnn_whitened_relu (X, Y, varargin)
  fn = 'whitened_relu';
  if nargin < 2
    error ('cvxnn:whitened_relu:nargin', ...
           'cvxnn_whitened_relu: usage: [net, info] = cvxnn_whitened_relu (X, Y, ''Lambda'', lambda, ''Depth'', L)');
  end
  [lam, L, tol, Y] = cvxnn_closed_args (fn, X, Y, varargin, 1e-8, 2, true);
  n = size (X, 1);
  % n > d: X*X' has rank at most d < n (and forming it is n-by-n)
  if n > size (X, 2) || norm (X * X' - eye (n), 'fro') > tol * sqrt (n)
    error ('cvxnn:whitened_relu:notWhitened', ...
           'cvxnn_whitened_relu: X*X'' must be the identity (whitened rows, n <= d)');
  end
  K = size (Y, 2);
  if K == 1
    C = [max(Y, 0), max(-Y, 0)];          % the two sign channels
    sgn = [1; -1];
  else
    if ~all (Y(:) == 0 | Y(:) == 1) || ~all (sum (Y, 2) == 1)
      error ('cvxnn:whitened_relu:labels', ...
             'cvxnn_whitened_relu: several outputs must be one-hot labels (Mathematics 5.4)');
    end
    C = Y;
    sgn = eye (K);
  end
  nc = sqrt (sum (C.^2, 1));
  keep = nc > 0;
  C = C(:, keep); nc = nc(keep); sgn = sgn(keep, :);
  a = cvxnn_prox_depth (nc, lam, L);
  P = sum (0.5 * (a - nc).^2 + lam * L / 2 * a.^(2 / L)) ...
      + 0.5 * (norm (Y, 'fro')^2 - sum (nc.^2));
  c = a.^(1 / L);
  m = numel (c);
  net.W = cell (1, L);
  net.W{1} = (X' * (C ./ nc)) .* c;             % d x m: channel directions
  for l = 2:L-1
    net.W{l} = diag (c);
  end
  net.W{L} = c(:) .* sgn;                       % m x K
  net.b = cell (1, L);
  net.activation = 'relu';
  net.lambda = lam;
  net.loss = 'squared';
  both = K == 1 && m == 2;
  if L == 2
    label = 'D';
    note = 'global optimum (strong duality, Mathematics 5.4)';
  elseif K == 1 && ~both
    label = 'V';
    note = 'labels of one sign: the construction, gradient methods and the t-dual agree (Mathematics 5.4)';
  elseif K == 1
    label = 'U';
    note = ['both label signs with L >= 3: the construction attains this objective and ' ...
            'gradient methods never went below it, but the t-dual leaves a gap: not ' ...
            'certified (Mathematics 5.4 [U])'];
  else
    label = 'V';
    note = 'one-hot labels, L >= 3: checked numerically, not proved (Mathematics 5.4 [V])';
  end
  info = struct ('objective', P, 'a', a, 'certified', L == 2 || (K == 1 && ~both), ...
                 'label', label, 'note', note);
end

%!shared X, y, Y
%! randn ('state', 21);
%! [Q, ~] = qr (randn (14)); [Q2, ~] = qr (randn (8));
%! X = Q2 * [eye(8), zeros(8, 6)] * Q;            % 8 x 14, X*X' = I
%! y = randn (8, 1);
%! Y = kron (eye (2), ones (4, 1));               % one-hot, 2 classes

%!test
%! % the network attains the stated objective, L = 2..4, both target kinds
%! for L = 2:4
%!   [net, info] = cvxnn_whitened_relu (X, y, 'Lambda', 0.3, 'Depth', L);
%!   assert (cvxnn_objective (net, X, y), info.objective, 1e-12 * info.objective);
%!   [net, info] = cvxnn_whitened_relu (X, Y, 'Lambda', 0.3, 'Depth', L);
%!   assert (cvxnn_objective (net, X, Y), info.objective, 1e-12 * info.objective);
%! end

%!test
%! % L = 2: the global optimum, certified independently over every pattern
%! [net, info] = cvxnn_whitened_relu (X, y, 'Lambda', 0.3);
%! cert = cvxnn_certify (net, X, y, 'Arrangements', 'exact');
%! assert (cert.exact && cert.relgap <= 1e-9);
%! assert (info.certified && strcmp (info.label, 'D'));

%!test
%! % L = 3: the trainer from 20 starts never goes below the construction
%! % (to 1e-6) and reaches it; both signs are reported as not certified
%! [net, info] = cvxnn_whitened_relu (X, y, 'Lambda', 0.3, 'Depth', 3);
%! assert (~info.certified && strcmp (info.label, 'U'));
%! best = Inf;
%! for seed = 1:20
%!   [~, ti] = cvxnn_train (X, y, 'Lambda', 0.3, 'Layers', [4 4], 'Bias', false, ...
%!                          'Seed', seed, 'Tol', 1e-10, 'Epochs', 5000);
%!   assert (ti.objective >= info.objective * (1 - 1e-6));
%!   best = min (best, ti.objective);
%! end
%! assert (best <= info.objective * (1 + 1e-6));

%!test
%! % large lambda: the zero network (a = 0)
%! [net, info] = cvxnn_whitened_relu (X, y, 'Lambda', 10, 'Depth', 3);
%! assert (all (info.a == 0));
%! assert (info.objective, 0.5 * sumsq (y), 1e-12);

%!error id=cvxnn:whitened_relu:nargin cvxnn_whitened_relu (1)
%!error id=cvxnn:whitened_relu:notWhitened cvxnn_whitened_relu (randn (4, 6), randn (4, 1), 'Lambda', 1)
%!error id=cvxnn:whitened_relu:labels cvxnn_whitened_relu (eye (3), randn (3, 2), 'Lambda', 1)
%!error id=cvxnn:whitened_relu:lambda cvxnn_whitened_relu (eye (3), randn (3, 1), 'Lambda', 0)
%!error id=cvxnn:whitened_relu:notWhitened cvxnn_whitened_relu (ones (1e5, 2), ones (1e5, 1), 'Lambda', 1)
