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
% For @code{net.activation = 'relu'} (two-layer ReLU network)
% @code{F = max (X*W1 + b1, 0) * W2} with @code{W1 = net.W@{1@}},
% @code{W2 = net.W@{2@}}, @code{b1 = net.b@{1@}} (empty: no bias).  For
% @code{'gated'} networks (@code{cvxnn_fit (..., 'Model', 'gated')}) each
% hidden unit j is switched by its fixed gate instead of its own sign:
% @code{F = ((X*G + g0 >= 0) .* (X*W1 + b1)) * W2} with
% @code{@{G, g0@} = net.gates}.
%
% @var{labels}, for classification networks: @code{net.loss = 'logistic'}
% gives +1 or -1 (the sign of F, +1 at 0); @code{'crossentropy'} gives the
% class of the largest output, from @code{net.classes}.  For
% @code{'squared'} it is empty.
% @seealso{cvxnn_fit}
% @end deftypefn

function [F, labels] = cvxnn_predict (net, X)
  if nargin ~= 2
    error ('cvxnn:predict:nargin', 'cvxnn_predict: usage: F = cvxnn_predict (net, X)');
  end
  if ~isstruct (net) || ~isscalar (net) || ~isfield (net, 'W') || ~iscell (net.W) ...
     || numel (net.W) ~= 2 || ~isfield (net, 'activation')
    error ('cvxnn:predict:net', ...
           'cvxnn_predict: NET must be a two-layer cvxnn network struct (fields W, b, activation)');
  end
  cvxnn_check_matrix ('predict', 'X', X);
  W1 = net.W{1};
  W2 = net.W{2};
  b1 = [];
  if isfield (net, 'b') && ~isempty (net.b) && ~isempty (net.b{1})
    b1 = net.b{1};
  end
  if size (X, 2) ~= size (W1, 1)
    error ('cvxnn:predict:size', 'cvxnn_predict: X must have %d columns (got %d)', ...
           size (W1, 1), size (X, 2));
  end
  if size (W1, 2) ~= size (W2, 1) || (~isempty (b1) && numel (b1) ~= size (W1, 2))
    error ('cvxnn:predict:net', 'cvxnn_predict: inconsistent layer sizes in NET');
  end
  Z = X * W1;
  if ~isempty (b1)
    Z = Z + b1(:)';
  end
  switch net.activation
    case 'relu'
      H = max (Z, 0);
    case 'gated'
      G = net.gates{1};
      g0 = net.gates{2};
      H = ((X * G + g0(:)') >= 0) .* Z;
    otherwise
      error ('cvxnn:predict:net', 'cvxnn_predict: unknown activation ''%s''', ...
             net.activation);
  end
  F = H * W2;
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

%!test
%! net = struct ('W', {{[1 -1; 2 0], [1; -2]}}, 'b', {{[0 1], []}}, ...
%!               'activation', 'relu', 'loss', 'squared', 'lambda', 1);
%! X = [1 0; 0 1; -1 -1];
%! Z = X * [1 -1; 2 0] + [0 1];
%! assert (cvxnn_predict (net, X), max (Z, 0) * [1; -2]);

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
%!error id=cvxnn:predict:net cvxnn_predict (struct ('a', 1), 1)
%!error id=cvxnn:predict:size cvxnn_predict (struct ('W', {{ones(2,1), 1}}, 'b', {{[], []}}, 'activation', 'relu'), ones (3, 3))
%!error id=cvxnn:predict:nonFinite cvxnn_predict (struct ('W', {{1, 1}}, 'b', {{[], []}}, 'activation', 'relu'), NaN)
%!error id=cvxnn:predict:net cvxnn_predict (struct ('W', {{1, 1}}, 'b', {{[], []}}, 'activation', 'tanh'), 1)
