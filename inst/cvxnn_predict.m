% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {@var{F} =} cvxnn_predict (@var{net}, @var{X})
% @deftypefnx {} {[@var{F}, @var{labels}] =} cvxnn_predict (@var{net}, @var{X})
% Outputs of a network in the cvxnn @code{net} format on the rows of @var{X}.
%
% A network of L layers (@code{numel (net.W)}, from @code{cvxnn_fit},
% @code{cvxnn_train} or typed in) computes @code{A0 = X},
% @code{Al = act (A(l-1)*W@{l@} + b@{l@})} for l < L and
% @code{F = A(L-1)*W@{L@} + b@{L@}}, an empty @code{b@{l@}} meaning no
% bias; @code{act} is @code{max (., 0)} for @tcode{net.activation = 'relu'}
% and the identity for @qcode{'linear'}.  With batch normalization
% (@code{net.bn}, from @code{cvxnn_train (..., 'BatchNorm', true)}) layer
% L-1 is instead @code{gamma .* (Z - mu) ./ scale + alpha} on
% @code{Z = A(L-2)*W@{L-1@} + b@{L-1@}}, with the training set's mean
% @code{mu} and divisor @code{scale} stored in @code{net.bn} (the manual's Mathematics 5.6).
%
% For @qcode{'gated'} networks (@code{cvxnn_fit (..., 'Model', 'gated')},
% two layers) each hidden unit j is switched by its fixed gate instead of
% its own sign: @code{F = ((X*G + g0 >= 0) .* (X*W1 + b1)) * W2} with
% @code{@{G, g0@} = net.gates}.
%
% @var{labels}, for classification networks: @tcode{net.loss = 'logistic'}
% gives +1 or -1 (the sign of F, +1 at 0); @qcode{'crossentropy'} gives the
% class of the largest output, from @code{net.classes}.  For
% @qcode{'squared'} it is empty.
% @seealso{cvxnn_fit, cvxnn_train, cvxnn_objective}
% @end deftypefn

function [F, labels] = cvxnn_predict (net, X, varargin)
  % varargin: too many inputs reach the usage error below
  if nargin ~= 2
    error ('cvxnn:predict:nargin', 'cvxnn_predict: usage: F = cvxnn_predict (net, X)');
  end
  sp = cvxnn_net_layers ('predict', net);
  cvxnn_check_matrix ('predict', 'X', X);
  if size (X, 2) ~= sp.width(1)
    error ('cvxnn:predict:size', 'cvxnn_predict: X must have %d columns (got %d)', ...
           sp.width(1), size (X, 2));
  end
  n = size (X, 1);
  % what the blocks below hold: the outputs, and a few temporaries of a
  % block (at most 2^17 entries, or one row of the widest layer) at once
  cvxnn_check_memory ('predict', 8 * n * sp.width(end) + 48 * max (2^17, max (sp.width)), ...
                      sprintf ('the outputs of %d units on %d rows', sp.width(end), n));
  cvxnn_check_work ('predict', 2 * n * sum (sp.width(1:end-1) .* sp.width(2:end)), ...
                    sprintf ('a network of %d units on %d rows', sum (sp.width), n));
  % by blocks of rows, each layer's temporaries about 1 MB: whole n-by-m
  % ones, paged in fresh at each step, made a gated network of 2000 units
  % on 2e4 rows take 6.8 s (a relu one 3.5 s), these blocks 0.6 s (0.16
  % s); blocks of 8 MB still took 2.3 s after a large fit had returned its
  % memory; every operation acts row by row
  F = zeros (n, sp.width(end));
  step = max (1, floor (2^17 / max (sp.width)));
  for r0 = 1:step:n
    r = r0:min (r0 + step - 1, n);
    F(r, :) = forward (net, sp, X(r, :));
  end
  if nargout > 1
    labels = [];
    if isfield (net, 'loss')
      switch net.loss
        case 'logistic'
          labels = 2 * (F >= 0) - 1;
        case 'crossentropy'
          [~, k] = max (F, [], 2);
          labels = net.classes(k);
          labels = labels(:);
      end
    end
  end
end

% The network's outputs on the rows of X
function Z = forward (net, sp, X)
  L = sp.L;
  A = X;
  for l = 1:L
    Z = A * net.W{l};
    if sp.bias(l)
      Z = Z + net.b{l}(:)';
    end
    if l == L
      break;
    end
    if sp.bn && l == L - 1
      B = net.bn;
      A = B.gamma(:)' .* (Z - B.mu(:)') ./ B.scale(:)' + B.alpha(:)';
      A(:, B.scale(:)' == 0) = repmat (B.alpha(B.scale == 0), size (A, 1), 1);
    else
      switch sp.act
        case 'relu'
          A = max (Z, 0);
        case 'linear'
          A = Z;
        case 'gated'
          A = Z;
          A(~(X * net.gates{1} + net.gates{2}(:)' >= 0)) = 0;
      end
    end
  end
end

%!test
%! net = struct ('W', {{[1 -1; 2 0], [1; -2]}}, 'b', {{[0 1], []}}, ...
%!               'activation', 'relu', 'loss', 'squared', 'lambda', 1);
%! X = [1 0; 0 1; -1 -1];
%! Z = X * [1 -1; 2 0] + [0 1];
%! assert (cvxnn_predict (net, X), max (Z, 0) * [1; -2]);

%!test
%! % rows evaluated by blocks (65 rows at width 2000) as all at once
%! randn ('state', 3);
%! X = randn (300, 4);
%! net = struct ('W', {{randn(4, 2000), randn(2000, 2)}}, 'b', {{randn(1, 2000), [1 2]}}, ...
%!               'activation', 'relu', 'loss', 'squared', 'lambda', 1);
%! F = max (X * net.W{1} + net.b{1}, 0) * net.W{2} + [1 2];
%! assert (cvxnn_predict (net, X), F, 1e-12 * max (abs (F(:))));
%! net.activation = 'gated';
%! net.gates = {randn(4, 2000), randn(1, 2000)};
%! F = ((X * net.gates{1} + net.gates{2} >= 0) .* (X * net.W{1} + net.b{1})) * net.W{2} + [1 2];
%! assert (cvxnn_predict (net, X), F, 1e-12 * max (abs (F(:))));

%!test
%! % gated network: gates switch, values pass linearly
%! net = struct ('W', {{1, 3}}, 'b', {{0.5, []}}, 'activation', 'gated', ...
%!               'gates', {{-1, 0}}, 'loss', 'logistic', 'lambda', 1);
%! x = [-2; 1];
%! [F, lab] = cvxnn_predict (net, x);
%! assert (F, [(-2 + 0.5) * 3; 0]);
%! assert (lab, [-1; 1]);

%!test
%! net = struct ('W', {{eye(2), eye(2)}}, 'b', {{[], []}}, 'activation', 'relu', ...
%!               'loss', 'crossentropy', 'classes', [7; 9], 'lambda', 1);
%! [F, lab] = cvxnn_predict (net, [1 2; 3 -1]);
%! assert (lab, [9; 7]);

%!error id=cvxnn:predict:nargin cvxnn_predict (1)
%!error id=cvxnn:predict:nargin cvxnn_predict (1, 2, 3)
%!error id=cvxnn:predict:net cvxnn_predict (struct ('a', 1), 1)
%!error id=cvxnn:predict:size cvxnn_predict (struct ('W', {{ones(2,1), 1}}, 'b', {{[], []}}, 'activation', 'relu'), ones (3, 3))
%!error id=cvxnn:predict:nonFinite cvxnn_predict (struct ('W', {{1, 1}}, 'b', {{[], []}}, 'activation', 'relu'), NaN)
%!error id=cvxnn:predict:net cvxnn_predict (struct ('W', {{1, 1}}, 'b', {{[], []}}, 'activation', 'tanh'), 1)
%!error id=cvxnn:predict:net cvxnn_predict (struct ('W', {{ones(2,3), ones(2,1)}}, 'b', {{[], []}}, 'activation', 'relu'), ones (1, 2))
%!error id=cvxnn:predict:net cvxnn_predict (struct ('W', {{1, 1}}, 'b', {{[1 2], []}}, 'activation', 'relu'), 1)
%!error id=cvxnn:predict:tooLarge cvxnn_predict (struct ('W', {{zeros(2, 10), zeros(10, 2e5)}}, 'b', {{zeros(1, 10), []}}, 'activation', 'relu'), ones (1e6, 2))

%!test
%! % deep linear and ReLU networks with biases on some layers
%! W = {[1 2; -1 0], [1 -1 0; 0 2 1], [1; -1; 2]};
%! b = {[0.5 -1], [], 0.25};
%! X = [1 2; -1 0.5; 0 -3];
%! net = struct ('W', {W}, 'b', {b}, 'activation', 'linear');
%! assert (cvxnn_predict (net, X), (X * W{1} + b{1}) * W{2} * W{3} + b{3}, 1e-14);
%! net.activation = 'relu';
%! H1 = max (X * W{1} + b{1}, 0);
%! assert (cvxnn_predict (net, X), max (H1 * W{2}, 0) * W{3} + b{3}, 1e-14);

%!test
%! % batch normalization before the last layer, with stored statistics
%! W = {[1 0 2; 0 1 -1], [1; 2; -1]};
%! X = [1 2; 3 -1; 0 0; 2 2];
%! bn = struct ('gamma', [2 1 0.5], 'alpha', [0 1 -1], 'mu', [1 0.5 0], ...
%!              'scale', [2 1 4], 'convention', 'std');
%! net = struct ('W', {W}, 'b', {{[], []}}, 'activation', 'relu', 'bn', bn);
%! H = bn.gamma .* (X * W{1} - bn.mu) ./ bn.scale + bn.alpha;
%! assert (cvxnn_predict (net, X), H * W{2}, 1e-14);
