% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {[@var{net}, @var{info}] =} cvxnn_train (@var{X}, @var{Y}, 'Lambda', @var{lambda})
% @deftypefnx {} {[@var{net}, @var{info}] =} cvxnn_train (@var{X}, @var{Y}, 'Lambda', @var{lambda}, @var{name}, @var{value}, @dots{})
% Train a fully connected network of any depth by a gradient method on
% its weight-decay objective: the reference nonconvex trainer.
%
% The network and objective are those of @code{cvxnn_objective}: L layers
% @code{W@{1@}..W@{L@}}, hidden activation ReLU or identity, and
% @example
% loss (F, Y) + (lambda/2) * sum_l (|W@{l@}|_F^2 + |b@{l@}|^2)
% @end example
% with every weight and bias penalized (the manual's Mathematics 1.3) unless 'FreeBias' says
% otherwise.  With two layers and
% ReLU this is the objective @code{cvxnn_fit} solves globally, so the two
% can be compared directly.  What is returned is whatever the optimizer
% reaches: @tcode{info.status = 'converged'} means a small gradient (a
% stationary point) or a settled objective, not a global optimum.
%
% @var{X}: n-by-d real double.  @var{Y}: as in @code{cvxnn_fit}
% (@qcode{'squared'}: n-by-K; @qcode{'logistic'}: +-1;
% @qcode{'crossentropy'}: labels or one-hot).
%
% Options (name/value pairs or a struct; names are case-insensitive):
% @table @asis
% @item 'Lambda'
% Weight decay, a scalar >= 0 (required).
% @item 'Layers'
% Hidden widths, e.g. @code{[50 50]} (default 50); @code{[]} is a
% linear model with no hidden layer.
% @item 'Activation'
% @qcode{'relu'} (default) or @qcode{'linear'} (deep linear networks).
% @item 'Bias'
% Biases on the hidden layers (default true), penalized like the weights.
% The output layer has none, as in @code{cvxnn_fit}.
% @item 'FreeBias'
% One true/false flag per layer (output layer included): these layers get
% a bias that is left out of the penalty, e.g. @code{[true false]} and
% @code{[true true]} for the B-free model of Mathematics 6.1 (first-layer bias
% and output offset free; see @code{cvxnn_spline1d}).  Stored in
% @code{net.freebias}.
% @item 'BatchNorm'
% @code{false} (default), @code{true} or @qcode{'std'}, or @qcode{'l2'}:
% batch normalization of the last hidden layer (Mathematics 5.6), a unit
% becoming @code{gamma * (z - mean(z)) / s + alpha} over the rows of the
% (mini)batch with @code{s} the population standard deviation
% (@qcode{'std'}, torch's BatchNorm1d in training mode without its epsilon)
% or the norm @code{|z - mean(z)|} (@qcode{'l2'}).  gamma and alpha are
% penalized, the layer feeding the normalization is not (its scale does
% not change the network) and has no bias; no activation follows it.
% The statistics of the whole training set are stored in @code{net.bn}
% for @code{cvxnn_predict}.
% @item 'Loss'
% @qcode{'squared'} (default), @qcode{'logistic'}, @qcode{'crossentropy'}.
% @item 'Optimizer'
% @qcode{'lbfgs'} (default; full batch, Armijo backtracking, pairs with
% s'y > 0 only), @qcode{'gd'} (full batch; backtracking unless
% @qcode{'LearningRate'} is given), @qcode{'sgd'} (minibatches, heavy-ball
% momentum as torch's SGD), @qcode{'adam'} (minibatches, torch's Adam with
% betas 0.9, 0.999 and epsilon 1e-8).  A minibatch of b rows steps along
% @code{(n/b) * grad loss_batch + lambda * theta}, an unbiased estimate of
% the full gradient (the loss is summed, not averaged).
% @item 'LearningRate'
% Step size; default: line search (gd, lbfgs), 1e-3 (adam), 0.01/n (sgd:
% 0.01 per sample on the averaged loss).
% @item 'Momentum'
% For sgd (default 0).
% @item 'Epochs'
% Iterations of gd and lbfgs, passes over the data of sgd and adam
% (default 1000).  A run that would take more than 1e16 floating-point
% operations (about two days; an epoch costs at least 6 n per weight),
% or more memory than the system has, is refused before it starts with
% the error @code{cvxnn:train:tooLarge}.
% @item 'BatchSize'
% Rows per minibatch of sgd and adam (default 64; the last batch of an
% epoch holds the remainder).
% @item 'Tol'
% gd and lbfgs stop when @code{|grad| <= Tol * max (1, |objective|)}
% (default 1e-6); sgd and adam run all their epochs.
% @item 'FunctionTolerance'
% gd and lbfgs also stop when the objective fell by less than
% @code{FunctionTolerance * |objective|} over the last 50 iterations
% (default 0: never); a ReLU network's gradient seldom gets small, and
% this ends a run that has settled.
% @item 'Memory'
% L-BFGS pairs (default 10).
% @item 'Seed'
% Seed of the initialization and of the minibatch order (default 0); the
% same seed gives the same network, bit for bit.
% @item 'Init'
% A scale (default 1) of the random start: W@{l@} ~ N(0, scale^2 * g /
% fan-in), g = 2 before a ReLU (He) and 1 otherwise, biases 0, gamma 1,
% alpha 0.  Or a network to start from (for instance from
% @code{cvxnn_fit}); its architecture is then used, and 'Layers',
% 'Activation', 'Bias', 'FreeBias' and 'BatchNorm' must not be given.
% @item 'Display'
% @qcode{'off'} (default), @qcode{'final'} or @qcode{'iter'} (a log line at
% iterations 1..10, 20, 30, .., 100, 200, ...).
% @end table
%
% @var{net}: fields @code{W}, @code{b} (cells, one per layer, @code{[]}
% for no bias), @code{activation}, @code{lambda}, @code{loss}, and
% @code{classes} for cross-entropy, @code{bn} (@code{gamma}, @code{alpha},
% @code{mu}, @code{scale}, @code{convention}) with batch normalization.
% @var{info}: @code{objective}, @code{loss} and @code{gradnorm} at the
% returned network (full batch), @code{status} (@qcode{'converged'}: a small gradient, or with
% 'FunctionTolerance' an objective that settled;
% @qcode{'max_iter'}, @qcode{'interrupted'} after Ctrl-C with the network
% reached so far, @qcode{'stalled'} when no step decreases the objective
% any more at rounding level, @qcode{'diverged'}), @code{iterations},
% @code{time}, and @code{history}: one row per iteration or epoch with
% its number, the objective (for sgd and adam the running mean over the
% epoch's minibatches), the gradient norm (NaN for sgd and adam), the
% step and the time.
% @seealso{cvxnn_objective, cvxnn_structure, cvxnn_fit, cvxnn_predict}
% @end deftypefn

function [net, info] = cvxnn_train (X, Y, varargin)
  fn = 'train';
  if nargin < 2
    error ('cvxnn:train:nargin', ...
           'cvxnn_train: usage: [net, info] = cvxnn_train (X, Y, ''Lambda'', lambda, ...)');
  end
  guard = cvxnn_shield (); %#ok<NASGU> Ctrl-C in this call's Octave code: see cvxnn_shield
  t0 = tic;
  cvxnn_check_matrix (fn, 'X', X);
  UNSET = struct ('cvxnn_unset', {});     % 'Layers' not given (NaN is an error)
  opts = cvxnn_options (fn, ...
    {'Lambda',       [],        'any',     [];
     'Layers',       UNSET,     'any',     [];
     'Activation',   [],        'any',     [];
     'Bias',         [],        'any',     [];
     'FreeBias',     [],        'any',     [];
     'BatchNorm',    [],        'any',     [];
     'Loss',         'squared', 'choice',  {'squared', 'logistic', 'crossentropy'};
     'Optimizer',    'lbfgs',   'choice',  {'gd', 'sgd', 'adam', 'lbfgs'};
     'LearningRate', [],        'any',     [];
     'Momentum',     0,         'real',    [0, 1];
     'Epochs',       1000,      'integer', [0, 1e12];
     'BatchSize',    64,        'integer', [1, 2^53];
     'Tol',          1e-6,      'real',    [0, 1];
     'FunctionTolerance', 0,    'real',    [0, 1];
     'Memory',       10,        'integer', [1, 1000];
     'Seed',         0,         'integer', [0, 2^53];
     'Init',         1,         'any',     [];
     'Display',      'off',     'choice',  {'off', 'final', 'iter'}}, varargin);
  lam = cvxnn_check_lambda (fn, opts.Lambda, false);
  lr = opts.LearningRate;
  if isempty (lr)
    lr = 0;
  elseif ~cvxnn_is_scalar (lr, 'real') || lr <= 0
    error ('cvxnn:train:optionValue', ...
           'cvxnn_train: ''LearningRate'' must be a positive finite double scalar');
  end
  lr = double (lr);
  [n, d] = size (X);
  [T, classes] = cvxnn_targets (fn, Y, n, opts.Loss);
  K = size (T, 2);

  init = opts.Init;
  if isstruct (init)
    given = {'Layers', 'Activation', 'Bias', 'FreeBias', 'BatchNorm'};
    if isequal (opts.Layers, UNSET)
      opts.Layers = [];
    end
    for k = 1:numel (given)
      if ~isempty (opts.(given{k}))
        error ('cvxnn:train:optionValue', ...
               'cvxnn_train: ''%s'' comes from the ''Init'' network; do not give it', given{k});
      end
    end
    sp = cvxnn_net_layers (fn, init);
    if strcmp (sp.act, 'gated')
      error ('cvxnn:train:net', 'cvxnn_train: gated networks cannot be trained here');
    end
    if any (sp.width == 0)
      error ('cvxnn:train:net', 'cvxnn_train: the ''Init'' network has a layer without units');
    end
    if sp.width(1) ~= d || sp.width(end) ~= K
      error ('cvxnn:train:size', ...
             'cvxnn_train: the ''Init'' network maps %d inputs to %d outputs; X, Y need %d to %d', ...
             sp.width(1), sp.width(end), d, K);
    end
    conv = '';
    if sp.bn
      conv = init.bn.convention;
    end
    [spec, theta0] = cvxnn_net_pack (sp, init, opts.Loss, lam);
    scale = 1;
  else
    if ~cvxnn_is_scalar (init, 'real') || init < 0
      error ('cvxnn:train:optionValue', ...
             'cvxnn_train: ''Init'' must be a scale >= 0 or a network struct');
    end
    scale = double (init);
    layers = opts.Layers;                 % [] is no hidden layer
    if isequal (layers, UNSET)
      layers = 50;
    end
    if ~(isa (layers, 'double') || isinteger (layers)) || ~isreal (layers) || issparse (layers) ...
       || (~isempty (layers) && ~isvector (layers)) ...
       || any (layers < 1 | layers ~= fix (layers) | ~isfinite (layers))
      error ('cvxnn:train:optionValue', ...
             'cvxnn_train: ''Layers'' must be a vector of positive integer widths');
    end
    act = default (opts.Activation, 'relu');
    if ~ischar (act) || ~any (strcmpi (act, {'relu', 'linear'}))
      error ('cvxnn:train:optionValue', 'cvxnn_train: ''Activation'' must be ''relu'' or ''linear''');
    end
    act = lower (act);
    bias = default (opts.Bias, true);
    if ~isscalar (bias) || ~(islogical (bias) || (isnumeric (bias) && (bias == 0 || bias == 1)))
      error ('cvxnn:train:optionValue', 'cvxnn_train: ''Bias'' must be true or false');
    end
    [bn, conv] = bn_option (default (opts.BatchNorm, false));
    L = numel (layers) + 1;
    if bn && L < 2
      error ('cvxnn:train:optionValue', 'cvxnn_train: ''BatchNorm'' needs a hidden layer');
    end
    hasb = false (1, L);
    hasb(1:L-1) = logical (bias);
    if bn
      hasb(L-1) = false;
    end
    free = default (opts.FreeBias, false (1, L));
    if ~(islogical (free) || isnumeric (free)) || ~isvector (free) || numel (free) ~= L ...
       || ~all (free(:) == 0 | free(:) == 1) || (bn && free(L-1))
      error ('cvxnn:train:optionValue', ...
             'cvxnn_train: ''FreeBias'' must be %d true/false flags, one per layer (not the pre-BN layer)', L);
    end
    free = logical (free(:)');
    hasb = hasb | free;
    sp = struct ('L', L, 'width', double ([d, layers(:)', K]), 'bias', hasb, ...
                 'act', act, 'bn', bn, 'freebias', free);
    spec = cvxnn_net_pack (sp, [], opts.Loss, lam);
    theta0 = [];
  end
  if sum (sp.width(1:end-1) .* sp.width(2:end)) > 2^31
    error ('cvxnn:train:tooLarge', 'cvxnn_train: more than 2^31 weights');
  end
  % the trainer holds each layer's output and its gradient over the rows
  % (the objective is evaluated on all of them) and a few copies of the
  % weights: refused before it starts when that cannot fit
  bytes = 8 * (2 * n * sum (sp.width(2:end)) ...
               + 8 * sum (sp.width(1:end-1) .* sp.width(2:end) + sp.width(2:end)));
  cvxnn_check_memory (fn, bytes, sprintf ('this network on %d rows', n));
  % an epoch is at least a forward and a backward pass over every row:
  % 6 n flops a weight
  cvxnn_check_work (fn, opts.Epochs * 6 * n * sum (sp.width(1:end-1) .* sp.width(2:end)), ...
                    sprintf ('%d epochs of this network on %d rows', opts.Epochs, n));

  o = struct ('optimizer', find (strcmp (opts.Optimizer, {'gd', 'sgd', 'adam', 'lbfgs'})) - 1, ...
              'lr', lr, 'momentum', opts.Momentum, 'epochs', opts.Epochs, ...
              'batch', opts.BatchSize, 'seed', opts.Seed, 'tol', opts.Tol, ...
              'ftol', opts.FunctionTolerance, ...
              'memory', opts.Memory, 'display', double (strcmp (opts.Display, 'iter')), ...
              'init_scale', scale);
  if strcmp (opts.Display, 'iter')
    fprintf ('cvxnn_train: %s network [%s], %s, %s loss, lambda = %g, %s, n = %d\n', ...
             sp.act, num2str (sp.width), cvxnn_ternary (sp.bn, ['BN (' conv ')'], 'no BN'), ...
             opts.Loss, lam, opts.Optimizer, n);
  end
  [theta, ci] = cvxnn_mex ('train', X, T, spec, o, theta0, 0);

  tmpl = struct ('activation', sp.act, 'lambda', lam, 'loss', opts.Loss);
  if any (sp.freebias)
    tmpl.freebias = sp.freebias;
  end
  if ~isempty (classes)
    tmpl.classes = classes;
  end
  net = cvxnn_net_pack (sp, theta, opts.Loss, lam, tmpl);
  if sp.bn
    [~, ~, ~, mu, sc] = cvxnn_mex ('objective', X, T, spec, theta);
    net.bn.mu = mu;
    net.bn.scale = sc;
    net.bn.convention = conv;
    net.bn = orderfields (net.bn, {'gamma', 'alpha', 'mu', 'scale', 'convention'});
  end
  info = struct ('objective', ci.objective, 'loss', ci.loss, 'gradnorm', ci.gradnorm, ...
                 'status', ci.status, 'iterations', ci.iterations, ...
                 'time', toc (t0), 'history', ci.history);
  if ~strcmp (opts.Display, 'off')
    fprintf ('cvxnn_train: %s, objective %.10g, |grad| %.2e, %d %s, %.3g s\n', ...
             info.status, info.objective, info.gradnorm, info.iterations, ...
             cvxnn_ternary (any (strcmp (opts.Optimizer, {'sgd', 'adam'})), 'epochs', 'iterations'), ...
             info.time);
  end
end

function v = default (v, dflt)
  if isempty (v) && ~ischar (v)
    v = dflt;
  end
end

function [bn, conv] = bn_option (v)
  bn = 0;
  conv = '';
  if ischar (v) && any (strcmpi (v, {'std', 'l2'}))
    conv = lower (v);
  elseif isscalar (v) && (islogical (v) || (isnumeric (v) && (v == 0 || v == 1)))
    if v
      conv = 'std';
    end
  else
    error ('cvxnn:train:optionValue', ...
           'cvxnn_train: ''BatchNorm'' must be true, false, ''std'' or ''l2''');
  end
  if ~isempty (conv)
    bn = 1 + strcmp (conv, 'l2');
  end
end

%!demo
%! % A two-layer ReLU network trained by Adam next to the global optimum of
%! % the same objective (cvxnn_fit): the gap is what nonconvex training
%! % leaves on the table.
%! x = linspace (-2, 2, 40)'; y = sin (2 * x) + 0.1 * cos (7 * x);
%! lam = 0.01;
%! [cnet, ci] = cvxnn_fit (x, y, 'Lambda', lam);
%! [anet, ai] = cvxnn_train (x, y, 'Lambda', lam, 'Layers', 20, ...
%!                           'Optimizer', 'adam', 'LearningRate', 1e-2, ...
%!                           'Epochs', 2000, 'BatchSize', 40);
%! printf ('convex fit  : objective %.6f (certified gap %.1e)\n', ci.primal, ci.gap);
%! printf ('adam, m = 20: objective %.6f\n', ai.objective);
%! t = linspace (-2, 2, 400)';
%! plot (x, y, 'ko', t, cvxnn_predict (cnet, t), 'b-', t, cvxnn_predict (anet, t), 'r--');
%! legend ('data', 'cvxnn\_fit (global)', 'cvxnn\_train (Adam)');

%!shared X, Y
%! randn ('state', 3);
%! X = randn (30, 4);
%! Y = [sin(X(:, 1)) + X(:, 2).^2 / 2, X(:, 3) - abs(X(:, 4))];

%!test
%! % returns a net of the requested shape whose objective cvxnn_objective agrees with
%! [net, info] = cvxnn_train (X, Y, 'Lambda', 0.1, 'Layers', [8 6], 'Epochs', 300);
%! assert (cellfun (@(w) size (w), net.W, 'UniformOutput', false), {[4 8], [8 6], [6 2]});
%! assert (isempty (net.b{3}) && numel (net.b{1}) == 8);
%! assert (cvxnn_objective (net, X, Y), info.objective, 1e-12 * info.objective);
%! assert (info.history(1, 2) > info.objective);
%! assert (info.history(:, 1), (0:info.iterations)');   % one row per iteration
%! assert (all (diff (info.history(:, 2)) <= 0));    % line search: monotone
%! [~, g] = cvxnn_objective (net, X, Y);
%! gv = [cellfun(@(w) w(:), g.W, 'UniformOutput', false), cellfun(@(w) w(:), g.b, 'UniformOutput', false)];
%! assert (norm (vertcat (gv{:})), info.gradnorm, 1e-10 * max (1, info.gradnorm));

%!test
%! % determinism: same seed, same bits; another seed, another network
%! for opt = {'lbfgs', 'adam', 'sgd'}
%!   a = cvxnn_train (X, Y, 'Lambda', 0.1, 'Layers', 5, 'Optimizer', opt{1}, 'Epochs', 20, 'BatchSize', 7);
%!   b = cvxnn_train (X, Y, 'Lambda', 0.1, 'Layers', 5, 'Optimizer', opt{1}, 'Epochs', 20, 'BatchSize', 7);
%!   c = cvxnn_train (X, Y, 'Lambda', 0.1, 'Layers', 5, 'Optimizer', opt{1}, 'Epochs', 20, 'BatchSize', 7, 'Seed', 1);
%!   [a, ia] = cvxnn_train (X, Y, 'Lambda', 0.1, 'Layers', 5, 'Optimizer', opt{1}, 'Epochs', 20, 'BatchSize', 7);
%!   assert (ia.history(:, 1), (0:ia.iterations)');
%!   assert (isequal (a, b));
%!   assert (~isequal (a.W, c.W));
%! end

%!test
%! % every optimizer lowers the objective from the same start
%! [~, i0] = cvxnn_train (X, Y, 'Lambda', 0.1, 'Layers', 10, 'Epochs', 0);
%! for opt = {'gd', 'sgd', 'adam', 'lbfgs'}
%!   [~, i1] = cvxnn_train (X, Y, 'Lambda', 0.1, 'Layers', 10, 'Optimizer', opt{1}, 'Epochs', 50);
%!   assert (i1.objective < 0.9 * i0.objective, opt{1});
%! end

%!test
%! % a two-layer ReLU net trained here never beats the certified global optimum
%! x = linspace (-1, 1, 15)'; y = abs (x) - 0.3 + 0.2 * sin (5 * x);
%! [~, ci] = cvxnn_fit (x, y, 'Lambda', 0.02, 'Tol', 1e-10);
%! assert (ci.exact);
%! for s = 0:4
%!   [~, ti] = cvxnn_train (x, y, 'Lambda', 0.02, 'Layers', 12, 'Seed', s, 'Tol', 1e-9, 'Epochs', 5000);
%!   assert (ti.objective >= ci.dual * (1 - 1e-12));
%! end

%!test
%! % Init from a network: training the global optimum leaves it optimal
%! x = linspace (-1, 1, 15)'; y = abs (x) - 0.3;
%! [cnet, ci] = cvxnn_fit (x, y, 'Lambda', 0.02, 'Tol', 1e-10);
%! [net, info] = cvxnn_train (x, y, 'Lambda', 0.02, 'Init', cnet, 'Epochs', 50);
%! assert (info.objective, ci.primal, 1e-8 * ci.primal);
%! assert (info.objective <= ci.primal + 1e-12);

%!test
%! % classification losses, labels back through cvxnn_predict
%! lab = sign (X(:, 1) + 0.1);
%! [net, info] = cvxnn_train (X, lab, 'Lambda', 1e-3, 'Loss', 'logistic', 'Layers', 10);
%! [~, p] = cvxnn_predict (net, X);
%! assert (mean (p == lab) == 1);
%! c = 1 + (X(:, 1) > 0) + (X(:, 2) > 0.5);
%! [net, info] = cvxnn_train (X, 10 * c, 'Lambda', 1e-3, 'Loss', 'crossentropy', 'Layers', 10);
%! [~, p] = cvxnn_predict (net, X);
%! assert (net.classes, [10; 20; 30]);
%! assert (mean (p == 10 * c) == 1);

%!test
%! % batch normalization: stored statistics reproduce the training-mode
%! % outputs, and the training-mode objective is what was minimized
%! [net, info] = cvxnn_train (X, Y, 'Lambda', 0.1, 'Layers', [6 5], 'BatchNorm', true, 'Epochs', 200);
%! assert (isempty (net.b{2}));
%! Z = max (X * net.W{1} + net.b{1}, 0) * net.W{2};
%! assert (net.bn.mu, mean (Z), 1e-12);
%! assert (net.bn.scale, std (Z, 1), 1e-12);
%! H = net.bn.gamma .* (Z - mean (Z)) ./ std (Z, 1) + net.bn.alpha;
%! assert (cvxnn_predict (net, X), H * net.W{3}, 1e-10);
%! assert (cvxnn_objective (net, X, Y), info.objective, 1e-12 * info.objective);

%!test
%! % Ctrl-C (simulated through the gateway): the network reached so far
%! spec = struct ('width', [4 5 2], 'bias', [1 0], 'act', 0, 'bn', 0, 'loss', 0, 'lambda', 0.1);
%! o = struct ('optimizer', 3, 'lr', 0, 'momentum', 0, 'epochs', 1000, 'batch', 0, ...
%!             'seed', 0, 'tol', 0, 'ftol', 0, 'memory', 10, 'display', 0, 'init_scale', 1);
%! [theta, info] = __cvxnn_train__ (X, Y, spec, o, [], 5);
%! assert (info.status, 'interrupted');
%! assert (info.iterations, 4);
%! f = __cvxnn_objective__ (X, Y, spec, theta);
%! assert (f, info.objective);
%! assert (f < info.history(1, 2));

%!test
%! % 'FunctionTolerance': the run stops at the first iteration k > 50
%! % whose objective is less than ftol |f_k| below f_(k-50), on the
%! % trajectory it would have followed without the test
%! ftol = 1e-4;
%! [a, ia] = cvxnn_train (X, Y, 'Lambda', 0.1, 'Layers', 20, 'Epochs', 2000, 'Tol', 0, ...
%!                        'FunctionTolerance', ftol);
%! [~, ib] = cvxnn_train (X, Y, 'Lambda', 0.1, 'Layers', 20, 'Epochs', 2000, 'Tol', 0);
%! k = ia.iterations;
%! assert (ia.status, 'converged');
%! assert (k > 50 && k < ib.iterations);
%! f = ib.history(:, 2);                 % f(j + 1): the objective after step j
%! drop = f(1:end - 50) - f(51:end);     % drop(j - 49): over steps j - 50 .. j
%! j = find (drop(2:end) <= ftol * abs (f(52:end)), 1) + 50;
%! assert (k, j);
%! assert (ia.history(:, 2), f(1:k + 1));
%! assert (ia.objective, f(k + 1));

%!error id=cvxnn:train:optionValue cvxnn_train (1, 1, 'Lambda', 1, 'FunctionTolerance', -1)
%!error id=cvxnn:train:optionValue cvxnn_train (1, 1, 'Lambda', 1, 'FunctionTolerance', NaN)
%!error id=cvxnn:train:optionValue cvxnn_train (1, 1, 'Lambda', 1, 'FunctionTolerance', 'a')
%!error id=cvxnn:train:nargin cvxnn_train (1)
%!error id=cvxnn:train:lambda cvxnn_train (1, 1)
%!error id=cvxnn:train:lambda cvxnn_train (1, 1, 'Lambda', -1)
%!error id=cvxnn:train:lambda cvxnn_train (1, 1, 'Lambda', NaN)
%!error id=cvxnn:train:size cvxnn_train ([1; 2], 1, 'Lambda', 1)
%!error id=cvxnn:train:nonFinite cvxnn_train ([1; Inf], [1; 2], 'Lambda', 1)
%!error id=cvxnn:train:complex cvxnn_train ([1; 1i], [1; 2], 'Lambda', 1)
%!error id=cvxnn:train:sparse cvxnn_train (sparse ([1; 2]), [1; 2], 'Lambda', 1)
%!error id=cvxnn:train:type cvxnn_train (single ([1; 2]), [1; 2], 'Lambda', 1)
%!error id=cvxnn:train:empty cvxnn_train (zeros (0, 2), [], 'Lambda', 1)
%!error id=cvxnn:train:labels cvxnn_train ([1; 2], [0; 1], 'Lambda', 1, 'Loss', 'logistic')
%!error id=cvxnn:train:unknownOption cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'Layer', 3)
%!error id=cvxnn:train:optionValue cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'Layers', [3 0])
%!error id=cvxnn:train:optionValue cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'Activation', 'tanh')
%!error id=cvxnn:train:optionValue cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'FreeBias', true)
%!error id=cvxnn:train:optionValue cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'FreeBias', [1 2])
%!error id=cvxnn:train:optionValue cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'BatchNorm', 'yes')
%!error id=cvxnn:train:optionValue cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'BatchNorm', true, 'Layers', [])
%!error id=cvxnn:train:optionValue cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'Optimizer', 'rmsprop')
%!error id=cvxnn:train:optionValue cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'LearningRate', -1)
%!error id=cvxnn:train:optionValue cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'Init', 'he')
%!error id=cvxnn:train:optionValue cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'Init', struct ('W', {{1, 1}}, 'activation', 'relu'), 'Layers', 3)
%!error id=cvxnn:train:size cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'Init', struct ('W', {{[1 1; 1 1], [1; 1]}}, 'activation', 'relu'))
%!error id=cvxnn:train:net cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'Init', struct ('W', {{[1 1], 1}}, 'activation', 'sigmoid'))
%!error id=cvxnn:train:net cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'Init', struct ('W', {{zeros(1, 0), zeros(0, 1)}}, 'activation', 'relu'))
%!error id=cvxnn:train:tooLarge cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'Layers', [1e5 1e5], 'Epochs', 0)
%!error id=cvxnn:train:optionValue cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'Layers', sparse (1))
%!error id=cvxnn:train:optionValue cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'Layers', NaN)
%!error id=cvxnn:train:optionValue cvxnn_train ([1; 2], [1; 2], 'Lambda', 1, 'LearningRate', sparse (1))
%!error id=cvxnn:train:tooLarge cvxnn_train (randn (1e5, 2), randn (1e5, 1), 'Lambda', 1, 'Layers', 1e6, 'Epochs', 1)
%!error <about 9e\+16 floating-point operations> cvxnn_train (randn (100, 2), randn (100, 1), 'Lambda', 1, 'Epochs', 1e12)
%!error <about 1.02e\+16 floating-point operations> cvxnn_train (randn (100, 1), randn (100, 1), 'Lambda', 1, 'Epochs', 1.7e11)
%!error id=cvxnn:train:optionValue cvxnn_train ([1; 2; 3], [1; 0; 1], 'Lambda', 0.1, 'Layers', 2, 'Optimizer', 'gd', 'LearningRate', single (0.01), 'Epochs', 3)
%!error id=cvxnn:train:lambda cvxnn_train ([1; 2; 3], [1; 0; 1], 'Lambda', single (0.1), 'Layers', 2, 'Epochs', 3)
