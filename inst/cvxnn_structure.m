% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {@var{s} =} cvxnn_structure (@var{net})
% @deftypefnx {} {@var{s} =} cvxnn_structure (@var{net}, 'RankTol', @var{tol})
% Structure metrics of a network's layers: spectra, ranks, alignment and
% balance, the quantities the convex-duality theory predicts (the manual's Mathematics 1.4,
% 3.3-3.5, 5.3).
%
% For every layer l of @var{net} (any network of the package):
% @table @code
% @item s.sv@{l@}
% singular values of @code{W@{l@}}, descending (column).
% @item s.rank(l)
% numerical rank: the number of singular values above
% @code{RankTol * s.sv@{l@}(1)} (default RankTol 1e-3, loose on purpose:
% a network trained by a gradient method carries small residual singular
% values, 1e-7 and below in the developers' checks, that the theory says are 0).
% @item s.fro(l), s.op(l)
% Frobenius and operator (spectral) norms of @code{W@{l@}}.
% @end table
% Between consecutive layers l and l+1:
% @table @code
% @item s.align@{l@}
% cosines of the principal angles between the span of the top r right
% singular vectors of @code{W@{l@}} and the span of the top r left
% singular vectors of @code{W@{l+1@}}, r the smaller of the two ranks:
% all 1 when the layers are aligned as the optimal deep linear networks
% are (Mathematics 3.4).  Subspaces rather than single vectors, because singular
% vectors of equal singular values are not unique.
% @item s.pairs@{l@}
% |cosines| between the i-th right singular vector of @code{W@{l@}} and
% the i-th left singular vector of @code{W@{l+1@}}, i = 1..r.
% @item s.neuron_balance(l)
% @code{max_j |in_j - out_j| / max_j max (in_j, out_j)} over the hidden
% units j between the two layers, with @code{in_j} the squared norm of the
% unit's incoming weights and bias and @code{out_j} that of its outgoing
% weights: 0 at every stationary point of the weight-decay objective
% (Mathematics 1.4), for ReLU and linear units alike.
% @end table
% and @code{s.balance = (max (s.fro) - min (s.fro)) / max (s.fro)}: 0 when
% all layers have the same Frobenius norm, which stationary points have
% when no layer has a bias (Mathematics 1.4; biases shift the balance to the
% per-unit form above).  With batch normalization the layer feeding it
% is scale-free (Mathematics 5.6): its unit balances are NaN.
% @seealso{cvxnn_train, cvxnn_objective}
% @end deftypefn

function s = cvxnn_structure (net, varargin)
  if nargin < 1
    error ('cvxnn:structure:nargin', 'cvxnn_structure: usage: s = cvxnn_structure (net)');
  end
  sp = cvxnn_net_layers ('structure', net);
  opts = cvxnn_options ('structure', {'RankTol', 1e-3, 'real', [0, 1]}, varargin);
  L = sp.L;
  s.sv = cell (1, L);
  s.rank = zeros (1, L);
  s.fro = zeros (1, L);
  s.op = zeros (1, L);
  U = cell (1, L);
  V = cell (1, L);
  for l = 1:L
    [U{l}, ~, V{l}] = svd (net.W{l}, 'econ');   % r <= min (size) columns used
    sv = svd (net.W{l});              % diag (S) misreads a 1-row S
    s.sv{l} = sv(:);
    s.fro(l) = norm (net.W{l}, 'fro');
    s.op(l) = 0;
    if ~isempty (sv)
      s.op(l) = sv(1);
    end
    s.rank(l) = sum (sv > opts.RankTol * s.op(l) & sv > 0);
  end
  s.align = cell (1, L - 1);
  s.pairs = cell (1, L - 1);
  s.neuron_balance = zeros (1, L - 1);
  for l = 1:L-1
    r = min (s.rank(l), s.rank(l + 1));
    A = V{l}(:, 1:r);
    B = U{l + 1}(:, 1:r);
    s.align{l} = min (svd (A' * B), 1);
    s.pairs{l} = abs (sum (A .* B, 1))';
    in = sum (net.W{l}.^2, 1);
    if sp.bias(l) && ~sp.freebias(l)         % a free bias is not balanced
      in = in + net.b{l}(:)'.^2;
    end
    out = sum (net.W{l + 1}.^2, 2)';
    if sp.bn && l == L - 1
      s.neuron_balance(l) = NaN;      % normalized units are scale-free
    else
      s.neuron_balance(l) = max (abs (in - out)) / max ([in, out, realmin]);
    end
  end
  s.balance = (max (s.fro) - min (s.fro)) / max ([s.fro, realmin]);
end

%!demo
%! % A deep linear network trained with weight decay: every layer has the
%! % same singular values, low rank, and consecutive layers are aligned
%! % (Mathematics 3.4, 5.3), which a random network is not.
%! randn ('state', 1);
%! X = randn (100, 6); Y = X * randn (6, 3) + 0.1 * randn (100, 3);
%! net = cvxnn_train (X, Y, 'Lambda', 20, 'Layers', [8 8], 'Activation', 'linear', ...
%!                    'Bias', false, 'Tol', 1e-10);
%! s = cvxnn_structure (net);
%! for l = 1:3
%!   printf ('layer %d: rank %d, top singular values %s\n', l, s.rank(l), mat2str (s.sv{l}(1:3)', 4));
%! end
%! printf ('alignment cosines layer 1-2: %s; balance %.1e\n', mat2str (s.align{1}', 6), s.balance);

%!test
%! % the balanced factorization of MATH 3.4: W_l = R_(l-1) S^(1/L) R_l'
%! randn ('state', 1);
%! [Q0, ~] = qr (randn (6)); [Q1, ~] = qr (randn (5)); [Q2, ~] = qr (randn (4)); [Q3, ~] = qr (randn (3));
%! sig = [3; 1.5; 0.5];
%! R = {Q0(:, 1:3), Q1(:, 1:3), Q2(:, 1:3), Q3};
%! net = struct ('W', {{}}, 'activation', 'linear');
%! net(1).W = cell (1, 3);
%! for l = 1:3
%!   net.W{l} = R{l} * diag (sig.^(1/3)) * R{l + 1}';
%! end
%! s = cvxnn_structure (net);
%! assert (s.rank, [3 3 3]);
%! for l = 1:3
%!   assert (s.sv{l}(1:3), sig.^(1/3), 1e-12);
%! end
%! assert (s.fro, norm (sig.^(1/3)) * [1 1 1], 1e-12);
%! assert (s.balance < 1e-12);
%! assert (s.align{1}, [1; 1; 1], 1e-12);
%! assert (s.pairs{2}, [1; 1; 1], 1e-12);
%! assert (s.neuron_balance, [0 0], 1e-12);

%!test
%! % random layers are not aligned (two planes in R^3 share a line, so
%! % only the smallest principal cosine is below 1) nor balanced
%! randn ('state', 2);
%! W1 = randn (4, 3); W2 = randn (3, 2);
%! s = cvxnn_structure (struct ('W', {{W1, W2}}, 'activation', 'relu'));
%! assert (s.rank, [3 2]);
%! assert (min (s.align{1}) < 1 - 1e-3);
%! assert (s.neuron_balance(1) > 0.01);
%! assert (s.op, [norm(W1), norm(W2)], 1e-12);

%!test
%! % a unit's bias counts as incoming weight
%! net = struct ('W', {{[3 0], [5; 0]}}, 'b', {{[4 0], []}}, 'activation', 'relu');
%! s = cvxnn_structure (net);
%! assert (s.neuron_balance, 0);
%! assert (s.balance, 2 / 5, 1e-15);

%!test
%! % RankTol
%! net = struct ('W', {{diag([1 1e-4]), eye(2)}}, 'activation', 'linear');
%! assert (cvxnn_structure (net).rank, [1 2]);
%! assert (cvxnn_structure (net, 'RankTol', 1e-6).rank, [2 2]);

%!error id=cvxnn:structure:nargin cvxnn_structure ()
%!error id=cvxnn:structure:net cvxnn_structure (1)
%!error id=cvxnn:structure:unknownOption cvxnn_structure (struct ('W', {{1}}, 'activation', 'linear'), 'Tol', 1)
%!error id=cvxnn:structure:optionValue cvxnn_structure (struct ('W', {{1}}, 'activation', 'linear'), 'RankTol', -1)
%!test
%! % a wide layer: economy-size SVDs (a full one would be 1e6-by-1e6)
%! s = cvxnn_structure (struct ('W', {{[ones(1, 1e6); zeros(1, 1e6)], ones(1e6, 1)}}, 'b', {{zeros(1, 1e6), []}}, 'activation', 'relu'));
%! assert (s.rank, [1 1]);
%! assert (s.align{1}, 1, 1e-12);
