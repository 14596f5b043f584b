% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {[@var{Lam}, @var{info}] =} cvxnn_dual (@var{X}, @var{Y}, 'Lambda', @var{lambda})
% @deftypefnx {} {[@var{Lam}, @var{info}] =} cvxnn_dual (@var{X}, @var{Y}, 'Lambda', @var{lambda}, @var{name}, @var{value}, @dots{})
% Solve the dual of the training problem of a two-layer network
% (the manual's Mathematics 2.1, 2.2, 4.3):
% @example
% max  D(Lam) = -L*(-Lam)   s.t.  |Lam' * max (Xa*u, 0)| <= lambda  for |u| <= 1
% @end example
% (ReLU; for linear networks @code{|Xa' * Lam|_2 <= lambda}), with
% @code{Xa = [X, 1]} when @qcode{'Bias'} (default true) and the losses of
% @code{cvxnn_fit}.  For ReLU networks the constraint is imposed over the
% activation patterns of @qcode{'Arrangements'} (as in @code{cvxnn_fit});
% with K > 1 outputs it is the dual of the one-vs-all program that
% @code{cvxnn_fit} solves (one constraint per output column, Mathematics 4.2).
%
% The dual is solved through its primal, whose optimality conditions give
% the dual optimum @code{Lam* = -grad L(F*)} (Mathematics 1.5, 2.4): the convex
% program in C (@code{cvxnn_fit}) for ReLU, the factored nuclear-norm
% problem by L-BFGS (@code{cvxnn_train}, width min(da, K), Mathematics 5.2) for
% linear networks.  The returned point is scaled into the feasible set
% (Mathematics 2.5 step 4), so @code{info.dual} is always a valid lower bound,
% and it is optimal to the printed gap.
%
% Options: @qcode{'Lambda'} (required, > 0), @qcode{'Activation'}
% (@qcode{'relu'} default, @qcode{'linear'}), @qcode{'Loss'}, @qcode{'Bias'},
% @qcode{'Arrangements'}, @qcode{'Seed'}, @qcode{'Tol'} (relative gap,
% default 1e-9), @qcode{'MaxIter'}, @qcode{'Display'} (@qcode{'off'}
% (default), @qcode{'final'}: a one-line summary, or @qcode{'iter'}: each
% phase, the primal solve's iteration log, then the summary).
%
% @var{Lam}: n-by-K dual point.  @var{info}: @code{dual} (its objective),
% @code{primal} (the primal value it is paired with), @code{gap},
% @code{relgap}, @code{maxviolation} (the largest constraint value of
% @var{Lam} divided by lambda: at most 1), @code{exact} (the constraint
% holds for every u, not only the patterns used: every pattern
% enumerated, or a linear network), @code{patterns}, @code{status}
% (@qcode{'solved'} when relgap <= Tol, else @qcode{'max_iter'};
% @qcode{'interrupted'} after Ctrl-C, which returns at once with the
% point reached, not scaled into the feasible set: then @code{dual},
% @code{gap}, @code{relgap} and @code{maxviolation} are NaN, and so is
% @code{primal} if the patterns were still being drawn), @code{time}.
% @seealso{cvxnn_certify, cvxnn_extreme_points, cvxnn_fit}
% @end deftypefn

function [Lam, info] = cvxnn_dual (X, Y, varargin)
  fn = 'dual';
  if nargin < 2
    error ('cvxnn:dual:nargin', ...
           'cvxnn_dual: usage: [Lam, info] = cvxnn_dual (X, Y, ''Lambda'', lambda, ...)');
  end
  t0 = tic;
  guard = cvxnn_shield (); %#ok<NASGU> Ctrl-C in this call's Octave code: see cvxnn_shield
  cvxnn_check_matrix (fn, 'X', X);
  opts = cvxnn_options (fn, ...
    {'Lambda',       [],        'any',     [];
     'Activation',   'relu',    'choice',  {'relu', 'linear'};
     'Loss',         'squared', 'choice',  {'squared', 'logistic', 'crossentropy'};
     'Bias',         true,      'logical', [];
     'Arrangements', 1000,      'any',     [];
     'Seed',         0,         'integer', [0, 2^53];
     'Tol',          1e-9,      'real',    [0, 1];
     'MaxIter',      50000,     'integer', [0, 1e12];
     'Display',      'off',     'choice',  {'off', 'final', 'iter'}}, varargin);
  [Lam, info] = solve (fn, X, Y, opts, t0);
  if ~strcmp (opts.Display, 'off')
    over = sprintf ('%d %s patterns', info.patterns, ...
                    cvxnn_ternary (info.exact, 'exact', 'sampled'));
    if strcmp (opts.Activation, 'linear')
      over = 'a linear network';
    end
    fprintf (['cvxnn_dual: %s, dual %.10g, primal %.10g, relative gap %.2e, ' ...
              'largest constraint %.6g lambda, over %s, %.3g s\n'], info.status, ...
             info.dual, info.primal, info.relgap, info.maxviolation, over, info.time);
  end
end

% The dual point and its info (OPTS checked; T0 the call's start).
function [Lam, info] = solve (fn, X, Y, opts, t0)
  loud = strcmp (opts.Display, 'iter');
  lam = cvxnn_check_lambda (fn, opts.Lambda, true);
  n = size (X, 1);
  T = cvxnn_targets (fn, Y, n, opts.Loss);
  K = size (T, 2);
  Xa = X;
  if opts.Bias
    Xa = [X, ones(n, 1)];
  end
  if strcmp (opts.Activation, 'linear')
    [net, ti] = cvxnn_train (X, Y, 'Lambda', lam, 'Loss', opts.Loss, 'Layers', ...
                             min (size (Xa, 2), K), 'Activation', 'linear', ...
                             'Bias', opts.Bias, 'Tol', 1e-13, 'Epochs', opts.MaxIter);
    primal = ti.objective;
    Lam = cvxnn_loss_dual ('point', opts.Loss, cvxnn_predict (net, X), T);
    if strcmp (ti.status, 'interrupted')
      info = interrupted_info (primal, 0, t0);
      return;
    end
    c = norm (Xa' * Lam);                   % spectral norm, MATH 2.2
    [Lam, s] = cvxnn_dual_feasible (opts.Loss, Lam, c, lam);
    viol = c * s(1) / lam;
    exact = true;
    P = 0;
  else
    try
      [D, ~, exact] = cvxnn_patterns (fn, X, opts.Arrangements, opts.Bias, opts.Seed);
      if loud
        fprintf ('cvxnn_dual: %d %s patterns, %.3g s; the primal solve\n', size (D, 2), ...
                 cvxnn_ternary (exact, 'exact', 'sampled'), toc (t0));
      end
    catch err
      if ~strcmp (err.identifier, 'cvxnn:dual:interrupted')
        rethrow (err);
      end
      % Ctrl-C while drawing the patterns: the zero network's point
      Lam = cvxnn_loss_dual ('point', opts.Loss, zeros (size (T)), T);
      info = interrupted_info (NaN, 0, t0);
      return;
    end
    % the primal solve's own status is not this function's: its dual point
    % is scaled to feasibility below whatever the solve reached
    warning ('off', 'cvxnn:fit:notConverged', 'local');
    [net, fi] = cvxnn_fit (X, Y, 'Lambda', lam, 'Loss', opts.Loss, 'Bias', opts.Bias, ...
                           'Arrangements', D, 'Tol', opts.Tol, 'MaxIter', opts.MaxIter, ...
                           'Display', cvxnn_ternary (loud, 'iter', 'off'));
    primal = fi.primal;
    Lam = cvxnn_loss_dual ('point', opts.Loss, cvxnn_predict (net, X), T);
    P = size (D, 2);
    if strcmp (fi.status, 'interrupted')
      info = interrupted_info (primal, P, t0);
      return;
    end
    % one constraint per output (one-vs-all, MATH 4.2): c_k over the patterns
    if loud
      fprintf ('cvxnn_dual: scaling the point over the %d patterns, %.3g s\n', P, toc (t0));
    end
    c = zeros (1, K);
    for k = 1:K
      try
        v = cvxnn_mex ('extreme_points', Xa, D, Lam(:, k));
      catch err
        if isempty (regexp (err.identifier, ':interrupted$', 'once'))
          cvxnn_rethrow (fn, err);
        end
        info = interrupted_info (primal, P, t0);
        return;
      end
      c(k) = max (v(:));
    end
    [Lam, s] = cvxnn_dual_feasible (opts.Loss, Lam, c, lam);
    viol = max (c .* s) / lam;
  end
  dual = cvxnn_loss_dual ('value', opts.Loss, Lam, T);
  gap = primal - dual;
  info = struct ('dual', dual, 'primal', primal, 'gap', gap, ...
                 'relgap', gap / max (1, abs (primal)), 'maxviolation', viol, ...
                 'exact', exact, 'patterns', P, 'status', '', 'time', toc (t0));
  info.status = cvxnn_ternary (info.relgap <= opts.Tol, 'solved', 'max_iter');
end

% Ctrl-C: the point reached, not yet scaled into the feasible set, so no
% bound; the caller returns at once
function info = interrupted_info (primal, P, t0)
  info = struct ('dual', NaN, 'primal', primal, 'gap', NaN, 'relgap', NaN, ...
                 'maxviolation', NaN, 'exact', false, 'patterns', P, ...
                 'status', 'interrupted', 'time', toc (t0));
end

%!shared x, y
%! x = linspace (-1, 1, 16)';
%! y = sin (3 * x) + 0.2 * x.^2;

%!test
%! % strong duality with cvxnn_fit on the same patterns (1-D: all of them)
%! [Lam, info] = cvxnn_dual (x, y, 'Lambda', 0.05);
%! [~, fi] = cvxnn_fit (x, y, 'Lambda', 0.05, 'Tol', 1e-9);
%! assert (fi.status, 'solved');
%! assert (info.exact);
%! assert (abs (info.dual - fi.primal) <= 1e-7 * fi.primal);
%! assert (info.maxviolation <= 1 + 1e-12);
%! % feasibility checked independently: every extreme point within lambda
%! [~, c] = cvxnn_extreme_points (x, Lam, 'Method', 'exact');
%! assert (c <= 0.05 * (1 + 1e-12));
%! % squared loss: D(Lam) = |y|^2/2 - |Lam - y|^2/2
%! assert (info.dual, 0.5 * sumsq (y) - 0.5 * sumsq (Lam - y), 1e-12);

%!test
%! % extreme points of the solved dual are the fit's neurons (up to scale)
%! [Lam, info] = cvxnn_dual (x, y, 'Lambda', 0.05);
%! [net, fi] = cvxnn_fit (x, y, 'Lambda', 0.05, 'Tol', 1e-9);
%! [U, val] = cvxnn_extreme_points (x, Lam, 'Method', 'exact', 'Count', 50);
%! top = U(:, val >= 0.05 * (1 - 1e-6));
%! N = [net.W{1}; net.b{1}];
%! N = N ./ sqrt (sum (N.^2, 1));
%! for j = 1:columns (N)            % each neuron is an extreme point
%!   assert (max (abs (top' * N(:, j))) >= 1 - 1e-6);
%! end

%!test
%! % the zero-network threshold: Lam = y is feasible iff lambda >= c(y)
%! [~, c] = cvxnn_extreme_points (x, y, 'Method', 'exact');
%! [Lam, info] = cvxnn_dual (x, y, 'Lambda', 1.01 * c);
%! assert (Lam, y, 1e-12);
%! assert (info.dual, 0.5 * sumsq (y), 1e-12);
%! [Lam, info] = cvxnn_dual (x, y, 'Lambda', 0.99 * c);
%! assert (info.dual < 0.5 * sumsq (y));

%!test
%! % linear networks, whitened data: the nuclear-norm optimum (MATH 5.2)
%! randn ('state', 2);
%! [Q, ~] = qr (randn (20)); X = Q(:, 1:4); Y = randn (20, 3);
%! beta = 0.8;
%! [U, S, V] = svd (X' * Y);
%! W = U * max (S - beta, 0) * V';
%! Pstar = 0.5 * norm (X * W - Y, 'fro')^2 + beta * sum (svd (W));
%! [Lam, info] = cvxnn_dual (X, Y, 'Lambda', beta, 'Activation', 'linear', 'Bias', false);
%! assert (abs (info.dual - Pstar) <= 1e-7 * Pstar);
%! assert (norm (X' * Lam) <= beta * (1 + 1e-12));
%! assert (info.status, 'solved');

%!test
%! % classification losses: strong duality too
%! lab = sign (y);
%! [~, info] = cvxnn_dual (x, lab, 'Lambda', 0.1, 'Loss', 'logistic');
%! assert (info.relgap <= 1e-8);
%! c3 = 1 + (x > -0.3) + (x > 0.4);
%! [Lam, info] = cvxnn_dual (x, c3, 'Lambda', 0.1, 'Loss', 'crossentropy');
%! assert (info.relgap <= 1e-8);
%! assert (size (Lam), [16 3]);

%!error id=cvxnn:dual:nargin cvxnn_dual (1)
%!error id=cvxnn:dual:lambda cvxnn_dual (1, 1)
%!error id=cvxnn:dual:lambda cvxnn_dual (1, 1, 'Lambda', 0)
%!error id=cvxnn:dual:size cvxnn_dual ([1; 2], 1, 'Lambda', 1)
%!error id=cvxnn:dual:arrangements cvxnn_dual ([1; 2], [1; 2], 'Lambda', 1, 'Arrangements', {})
%!error id=cvxnn:dual:labels cvxnn_dual ([1; 2], [1; 2], 'Lambda', 1, 'Loss', 'logistic')
%!error id=cvxnn:dual:arrangements cvxnn_dual ([1; 2], [1; 2], 'Lambda', 1, 'Arrangements', sparse (1))
%!error id=cvxnn:dual:lambda cvxnn_dual ([1; 2], [1; 2], 'Lambda', sparse (1))
