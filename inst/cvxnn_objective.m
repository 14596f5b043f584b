% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {@var{f} =} cvxnn_objective (@var{net}, @var{X}, @var{Y})
% @deftypefnx {} {[@var{f}, @var{g}, @var{info}] =} cvxnn_objective (@var{net}, @var{X}, @var{Y}, @var{name}, @var{value}, @dots{})
% Weight-decay training objective of a network, and its gradient.
%
% For a network of any depth in the package's @code{net} format
% (@code{net.activation} @qcode{'relu'} or @qcode{'linear'}, optional
% batch normalization @code{net.bn}; see @code{cvxnn_predict}):
% @example
% f = loss (F, Y) + (lambda/2) * sum_l (|W@{l@}|_F^2 + |b@{l@}|^2)
%                 + (lambda/2) * (|bn.gamma|^2 + |bn.alpha|^2)
% @end example
% with every weight and bias penalized (the manual's Mathematics 1.3, biases as B-aug of Mathematics
% 1.2) except the layer feeding batch normalization, whose scale does not
% change the network (Mathematics 5.6), and the biases flagged in
% @code{net.freebias} (the B-free model of Mathematics 6.1).  The losses are those of
% @code{cvxnn_fit}: @qcode{'squared'} @code{0.5*|F - Y|_F^2} (not divided by
% n), @qcode{'logistic'} (labels +-1), @qcode{'crossentropy'} (labels or
% one-hot).  For a two-layer ReLU network this is exactly the objective
% that @code{cvxnn_fit} certifies.
%
% Batch normalization is evaluated in training mode: the mean and divisor
% of each unit are those of the rows of @var{X} (as @code{cvxnn_train}
% uses them), not the stored @code{net.bn.mu}, @code{net.bn.scale} that
% @code{cvxnn_predict} applies to new data.
%
% Options: @qcode{'Lambda'} (default @code{net.lambda}), @qcode{'Loss'}
% (default @code{net.loss}, else @qcode{'squared'}).
%
% @var{g} has the shape of @var{net}: @code{g.W@{l@}}, @code{g.b@{l@}} and
% with batch normalization @code{g.bn.gamma}, @code{g.bn.alpha}.  At a ReLU
% kink (a unit exactly at 0) the derivative 0 is used.  @var{info} has the
% fields @code{loss} and @code{penalty} (@code{f = loss + penalty}),
% computed in the C core; gated networks of @code{cvxnn_fit} are not
% differentiable in their gates and are refused.
% @seealso{cvxnn_train, cvxnn_predict, cvxnn_structure}
% @end deftypefn

function [f, g, info] = cvxnn_objective (net, X, Y, varargin)
  fn = 'objective';
  if nargin < 3
    error ('cvxnn:objective:nargin', ...
           'cvxnn_objective: usage: [f, g] = cvxnn_objective (net, X, Y, ...)');
  end
  [sp, opts, lam, T] = cvxnn_net_args (fn, net, X, Y, cell (0, 4), varargin, false);
  if any (sp.width == 0)
    % no hidden units: F = 0 and every parameter is empty (no gradient)
    if sp.bias(end) || sp.bn
      error ('cvxnn:objective:net', ...
             'cvxnn_objective: a layer without units and an output bias or BN is not supported');
    end
    net.lambda = lam;
    net.loss = opts.Loss;
    [f, lossval] = cvxnn_net_objective (net, X, T);
    g = struct ('W', {cellfun(@(w) zeros (size (w)), net.W, 'UniformOutput', false)}, ...
                'b', {cellfun(@(b) zeros (size (b)), net.b, 'UniformOutput', false)});
    info = struct ('loss', lossval, 'penalty', f - lossval);
    return;
  end
  [spec, theta] = cvxnn_net_pack (sp, net, opts.Loss, lam);
  if nargout > 1
    [f, gv, lossval] = cvxnn_mex ('objective', X, T, spec, theta);
    g = cvxnn_net_pack (sp, gv, '', 0, struct ());
    info = struct ('loss', lossval, 'penalty', f - lossval);
  else
    f = cvxnn_mex ('objective', X, T, spec, theta);
  end
end

%!demo
%! % Gradient descent by hand on the package's objective: the gradient has
%! % the shape of the network.
%! randn ('state', 1);
%! X = randn (40, 3); y = X(:, 1) .* X(:, 2);
%! net = cvxnn_train (X, y, 'Lambda', 0.01, 'Layers', 8, 'Epochs', 0);
%! for it = 1:200
%!   [f, g] = cvxnn_objective (net, X, y);
%!   for l = 1:2
%!     net.W{l} -= 1e-3 * g.W{l};
%!     net.b{l} -= 1e-3 * g.b{l};
%!   end
%! end
%! printf ('objective after 200 steps: %.4f (loss %.4f)\n', f, 0.5 * sumsq (cvxnn_predict (net, X) - y));

%!shared X, Y, lab, oh
%! X = [0.3 -1.2 0.5; 1.1 0.4 -0.7; -0.2 0.9 1.4; 0.8 -0.5 -1.1; -1.3 0.2 0.6; 0.1 1.5 -0.4];
%! Y = [0.5 -1; 1.2 0.3; -0.4 0.8; 0.9 -0.6; -1.1 0.2; 0.3 1];
%! lab = [1; -1; 1; 1; -1; -1];
%! oh = [1 0 0; 0 1 0; 0 0 1; 1 0 0; 0 1 0; 0 0 1];

%!function net = randnet (widths, act, bias, bn, seed)
%! randn ('state', seed);
%! L = numel (widths) - 1;
%! net.W = cell (1, L); net.b = cell (1, L);
%! for l = 1:L
%!   net.W{l} = randn (widths(l), widths(l+1));
%!   if bias && ~(bn && l == L - 1)
%!     net.b{l} = randn (1, widths(l+1));
%!   end
%! end
%! net.activation = act;
%! net.lambda = 0.3;
%! if bn
%!   m = widths(L);
%!   net.bn = struct ('gamma', randn (1, m), 'alpha', randn (1, m), 'mu', zeros (1, m), ...
%!                    'scale', ones (1, m), 'convention', bn);
%! end

%!function v = flat (g)
%! v = [];
%! for l = 1:numel (g.W)
%!   v = [v; g.W{l}(:)];
%!   if numel (g.b) >= l
%!     v = [v; g.b{l}(:)];
%!   end
%! end
%! if isfield (g, 'bn')
%!   v = [v; g.bn.gamma(:); g.bn.alpha(:)];
%! end

%!function net = setflat (net, v)
%! k = 0;
%! for l = 1:numel (net.W)
%!   c = numel (net.W{l}); net.W{l}(:) = v(k+1:k+c); k = k + c;
%!   if numel (net.b) >= l && ~isempty (net.b{l})
%!     c = numel (net.b{l}); net.b{l}(:) = v(k+1:k+c); k = k + c;
%!   end
%! end
%! if isfield (net, 'bn')
%!   c = numel (net.bn.gamma);
%!   net.bn.gamma(:) = v(k+1:k+c); net.bn.alpha(:) = v(k+c+1:k+2*c);
%! end

%!function err = fdcheck (net, X, Y, loss)
%! % central differences, relative to the gradient's norm
%! [~, g] = cvxnn_objective (net, X, Y, 'Loss', loss);
%! v = flat (net); gv = flat (g); fd = zeros (size (v));
%! for k = 1:numel (v)
%!   h = 1e-6 * max (1, abs (v(k)));
%!   vp = v; vp(k) += h; vm = v; vm(k) -= h;
%!   fd(k) = (cvxnn_objective (setflat (net, vp), X, Y, 'Loss', loss) ...
%!            - cvxnn_objective (setflat (net, vm), X, Y, 'Loss', loss)) / (2 * h);
%! end
%! err = norm (fd - gv) / max (norm (gv), 1);

%!test
%! % value: the C core against the network evaluated in Octave
%! net = randnet ([3 4 5 2], 'relu', true, '', 1);
%! F = cvxnn_predict (net, X);
%! reg = sum (cellfun (@(w) sum (w(:).^2), net.W)) + sum (cellfun (@(b) sum (b(:).^2), net.b));
%! [f, ~, info] = cvxnn_objective (net, X, Y);
%! assert (info.loss, 0.5 * sum ((F(:) - Y(:)).^2), 1e-12);
%! assert (f, info.loss + 0.3 / 2 * reg, 1e-12);
%! assert (info.penalty, 0.3 / 2 * reg, 1e-12);

%!test
%! % gradients of depth 2-4, both activations, every loss: central differences
%! for L = 2:4
%!   for act = {'relu', 'linear'}
%!     w = [3, 4 + (1:L-1), 0];
%!     w(end) = 2; net = randnet (w, act{1}, true, '', 10 * L);
%!     assert (fdcheck (net, X, Y, 'squared') < 1e-6);
%!     w(end) = 1; net = randnet (w, act{1}, true, '', 10 * L + 1);
%!     assert (fdcheck (net, X, lab, 'logistic') < 1e-6);
%!     w(end) = 3; net = randnet (w, act{1}, L ~= 3, '', 10 * L + 2);
%!     assert (fdcheck (net, X, oh, 'crossentropy') < 1e-6);
%!   end
%! end

%!test
%! % free biases (net.freebias, MATH 6.1): out of the penalty, in the loss;
%! % value and central-difference gradients, an output bias included
%! net = randnet ([3 4 5 2], 'relu', true, '', 7);
%! net.b{3} = [0.3 -0.2];
%! net.freebias = [true false true];
%! F = cvxnn_predict (net, X);
%! reg = sum (cellfun (@(w) sum (w(:).^2), net.W)) + sum (net.b{2}.^2);
%! [f, g, info] = cvxnn_objective (net, X, Y);
%! assert (f, 0.5 * sum ((F(:) - Y(:)).^2) + 0.3 / 2 * reg, 1e-12);
%! assert (fdcheck (net, X, Y, 'squared') < 1e-6);
%! [~, g0] = cvxnn_objective (setfield (net, 'freebias', []), X, Y);
%! assert (g.b{1}, g0.b{1} - 0.3 * net.b{1}, 1e-12);

%!test
%! % gradients with batch normalization, both conventions, every loss
%! for L = 2:4
%!   for conv = {'std', 'l2'}
%!     w = [3, 5 * ones(1, L - 1), 2];
%!     net = randnet (w, 'relu', true, conv{1}, 100 + L);
%!     assert (fdcheck (net, X, Y, 'squared') < 1e-6);
%!     w(end) = 1; net = randnet (w, 'relu', true, conv{1}, 200 + L);
%!     assert (fdcheck (net, X, lab, 'logistic') < 1e-6);
%!     w(end) = 3; net = randnet (w, 'linear', true, conv{1}, 300 + L);
%!     assert (fdcheck (net, X, oh, 'crossentropy') < 1e-6);
%!   end
%! end

%!test
%! % batch-normalized value against Octave, population std on these rows
%! net = randnet ([3 4 2], 'relu', false, 'std', 5);
%! Z = X * net.W{1};
%! H = net.bn.gamma .* (Z - mean (Z)) ./ std (Z, 1) + net.bn.alpha;
%! F = H * net.W{2};
%! reg = sum (net.W{2}(:).^2) + sum (net.bn.gamma.^2) + sum (net.bn.alpha.^2);
%! assert (cvxnn_objective (net, X, Y), 0.5 * sum ((F(:) - Y(:)).^2) + 0.15 * reg, 1e-12);
%! net.bn.convention = 'l2';
%! H = net.bn.gamma .* (Z - mean (Z)) ./ sqrt (sumsq (Z - mean (Z))) + net.bn.alpha;
%! F = H * net.W{2};
%! assert (cvxnn_objective (net, X, Y), 0.5 * sum ((F(:) - Y(:)).^2) + 0.15 * reg, 1e-12);

%!test
%! % a cvxnn_fit network: the same objective the fit certifies
%! x = linspace (-1, 1, 12)'; y = sin (3 * x);
%! [net, info] = cvxnn_fit (x, y, 'Lambda', 0.05);
%! assert (cvxnn_objective (net, x, y), info.primal, 1e-12 * info.primal);

%!test
%! % the zero network of cvxnn_fit (no hidden units)
%! x = [-1; 0; 1]; y = [1; -1; 1];
%! [net, info] = cvxnn_fit (x, y, 'Lambda', 100);
%! assert (size (net.W{1}), [1 0]);
%! [f, g] = cvxnn_objective (net, x, y);
%! assert (f, 1.5);
%! assert (f, info.primal);
%! assert (size (g.W{2}), [0 1]);

%!test
%! % class labels map through net.classes
%! net = randnet ([3 4 3], 'relu', true, '', 7);
%! net.loss = 'crossentropy'; net.classes = [10; 20; 30];
%! assert (cvxnn_objective (net, X, 10 * (oh * [1; 2; 3])), cvxnn_objective (net, X, oh));

%!error id=cvxnn:objective:net cvxnn_objective (struct ('W', {{1, 1}}, 'b', {{[], []}}, 'activation', 'relu', 'freebias', [true false]), 1, 1, 'Lambda', 1)
%!error id=cvxnn:objective:nargin cvxnn_objective (1, 2)
%!error id=cvxnn:objective:net cvxnn_objective (struct ('W', {{1}}, 'activation', 'tanh'), 1, 1)
%!error id=cvxnn:objective:lambda cvxnn_objective (struct ('W', {{1}}, 'activation', 'linear'), 1, 1)
%!error id=cvxnn:objective:lambda cvxnn_objective (struct ('W', {{1}}, 'activation', 'linear', 'lambda', -1), 1, 1)
%!error id=cvxnn:objective:size cvxnn_objective (struct ('W', {{1}}, 'activation', 'linear', 'lambda', 1), [1 2], 1)
%!error id=cvxnn:objective:size cvxnn_objective (struct ('W', {{1}}, 'activation', 'linear', 'lambda', 1), 1, [1 2])
%!error id=cvxnn:objective:nonFinite cvxnn_objective (struct ('W', {{1}}, 'activation', 'linear', 'lambda', 1), NaN, 1)
%!error id=cvxnn:objective:labels cvxnn_objective (struct ('W', {{1}}, 'activation', 'linear', 'lambda', 1, 'loss', 'logistic'), 1, 2)
%!error id=cvxnn:objective:unknownOption cvxnn_objective (struct ('W', {{1}}, 'activation', 'linear', 'lambda', 1), 1, 1, 'Lamda', 2)
%!error id=cvxnn:objective:net cvxnn_objective (struct ('W', {{1, 1}}, 'b', {{1, []}}, 'activation', 'gated', 'gates', {{1, 0}}, 'lambda', 1), 1, 1)
%!error id=cvxnn:objective:tooLarge cvxnn_objective (struct ('W', {{zeros(2, 1e6), zeros(1e6, 1)}}, 'b', {{zeros(1, 1e6), []}}, 'activation', 'relu'), ones (1e5, 2), ones (1e5, 1), 'Lambda', 1)
