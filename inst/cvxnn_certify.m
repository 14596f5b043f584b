% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {@var{cert} =} cvxnn_certify (@var{net}, @var{X}, @var{Y})
% @deftypefnx {} {@var{cert} =} cvxnn_certify (@var{net}, @var{X}, @var{Y}, @var{name}, @var{value}, @dots{})
% Duality-gap certificate of global optimality for any network (the manual's Mathematics 2.5),
% whoever trained it: @code{cvxnn_fit}, @code{cvxnn_train}, another
% library, or a network typed in by hand.
%
% The objective is that of @code{cvxnn_objective} (weight decay lambda on
% every weight and bias).  Steps (Mathematics 2.5): the network's objective P;
% the dual point @code{Lam = -grad L(F)} at its outputs F; the dual
% constraint value @code{c = max_|u|<=1 |Lam' * max (Xa*u, 0)|} (with
% @code{Xa = [X, 1]} when the first layer has a bias); @code{Lam}
% scaled by @code{min (1, lambda/c)} into the dual feasible set; its dual
% value D, a lower bound on the objective of every network of the same
% kind and any width.  @code{gap = P - D >= 0}.
%
% @table @asis
% @item Two-layer ReLU networks
% c is computed per activation pattern by exact cone projections
% (@code{cvxnn_extreme_points}).  With one output and every pattern
% searched (@qcode{'Arrangements', 'exact'}, or the default count when
% @code{cvxnn_arrangements} can enumerate within it, always for 1-D data)
% the gap is a proof; otherwise c is a lower estimate, D may overstate the
% bound, and @code{cert.exact} is false: the gap is an estimate.
% @item Two-layer linear networks
% c is the spectral norm of @code{Xa' * Lam} (Mathematics 2.2): always exact.
% @item Deep linear networks (L >= 3), one output, squared loss, no biases
% the t-dual of Mathematics 2.3, a one-dimensional search over the common layer
% norm t (grid and golden section, each point an exact group-lasso value,
% Mathematics 5.1), tight for this case (Mathematics 5.3).  @code{cert.Lam} is the dual
% point at the best t and there is no @code{neuron}.
% @item Anything else
% (deep ReLU, deep linear with K > 1 outputs, other losses or biases,
% batch normalization): no certificate is given (@code{dual = NaN},
% @code{optimal = false}) and @code{cert.note} says why; the t-dual of
% Mathematics 2.3 is not a valid certificate for several output channels.
% @end table
%
% Options: @qcode{'Lambda'} (default @code{net.lambda}), @qcode{'Loss'}
% (default @code{net.loss}), @qcode{'Tol'} (relative gap for
% @code{optimal}, default 1e-6), @qcode{'Arrangements'} (a count, default
% 1000, of sampled patterns, enumerated exactly when possible within it;
% @qcode{'exact'}; or an n-by-P logical matrix), @qcode{'Seed'},
% @qcode{'Display'} (@qcode{'off'} (default), @qcode{'final'}: a one-line
% summary, or @qcode{'iter'}: each phase of the search, then the summary).
%
% @var{cert} fields: @code{primal}, @code{dual}, @code{gap},
% @code{relgap = gap / max (1, |primal|)}, @code{optimal} (relgap <= Tol),
% @code{exact} (the bound is a proof), @code{Lam} (the feasible dual
% point), @code{violation} (c / lambda; above 1 the network is not
% optimal), @code{neuron} (two-layer networks: the most violating
% direction as a hidden unit, fields @code{w} (d-by-1), @code{b},
% @code{v} (1-by-K); added to the network with weights scaled by a small
% epsilon it lowers the objective when violation > 1, by about
% @code{epsilon^2 * (c - lambda)}), and @code{note}.
% Ctrl-C during the search stops it with the error
% @code{cvxnn:certify:interrupted} (no partial certificate: a bound from
% part of the patterns would prove nothing).
% @seealso{cvxnn_dual, cvxnn_extreme_points, cvxnn_fit, cvxnn_train}
% @end deftypefn

function cert = cvxnn_certify (net, X, Y, varargin)
  if nargin < 3
    error ('cvxnn:certify:nargin', ...
           'cvxnn_certify: usage: cert = cvxnn_certify (net, X, Y, ...)');
  end
  [cert, display, t0] = certify (net, X, Y, varargin{:});
  if ~strcmp (display, 'off')
    if isnan (cert.dual)
      fprintf ('cvxnn_certify: no certificate (%s), %.3g s\n', cert.note, toc (t0));
    else
      fprintf (['cvxnn_certify: %s, objective %.10g, bound %.10g, relative gap %.2e ' ...
                '(%s), %.3g s\n'], cvxnn_ternary (cert.optimal, 'optimal', 'not certified'), ...
               cert.primal, cert.dual, cert.relgap, ...
               cvxnn_ternary (cert.exact, 'a proof', 'an estimate'), toc (t0));
    end
  end
end

% The certificate; DISPLAY and the start T0 for the summary.
function [cert, display, t0] = certify (net, X, Y, varargin)
  fn = 'certify';
  guard = cvxnn_shield (); %#ok<NASGU> Ctrl-C in this call's Octave code: see cvxnn_shield
  [sp, opts, lam, T] = cvxnn_net_args (fn, net, X, Y, ...
    {'Tol',          1e-6,   'real',    [0, 1];
     'Arrangements', 1000,   'any',     [];
     'Seed',         0,      'integer', [0, 2^53];
     'Display',      'off',  'choice',  {'off', 'final', 'iter'}}, varargin, true);
  t0 = tic;
  display = opts.Display;
  loss = opts.Loss;
  primal = cvxnn_objective (net, X, Y, 'Lambda', lam, 'Loss', loss);
  F = cvxnn_predict (net, X);
  Lam = cvxnn_loss_dual ('point', loss, F, T);
  cert = struct ('primal', primal, 'dual', NaN, 'gap', NaN, 'relgap', NaN, ...
                 'optimal', false, 'exact', false, 'Lam', Lam, 'violation', NaN, ...
                 'neuron', [], 'note', '');
  L = sp.L;
  bias1 = sp.bias(1);
  if sp.bias(end) || sp.bn || any (sp.freebias)
    cert.note = ['output biases, unpenalized biases and batch normalization are outside ' ...
                 'Mathematics 2.5: no certificate (1-D data with free biases: cvxnn_spline1d)'];
    return;
  end
  if L == 2
    A = opts.Arrangements;
    if ischar (A) && strcmpi (A, 'exact')
      so = struct ('Method', 'exact', 'Arrangements', 1);
    else
      so = struct ('Method', 'auto');
      so.Arrangements = A;              % struct () would unpack a cell
    end
    so.Count = 1;
    so.Bias = bias1;
    so.Activation = sp.act;
    so.Seed = opts.Seed;
    so.Display = opts.Display;
    [u, c, si] = cvxnn_dual_search (fn, X, Lam, so);
    cert.exact = si.exact;
    Xa = X;
    if bias1
      Xa = [X, ones(size (X, 1), 1)];
    end
    if strcmp (sp.act, 'linear')
      z = Xa * u;
    else
      z = max (Xa * u, 0);
    end
    v = (Lam' * z)';
    if norm (v) > 0
      v = v / norm (v);
    end
    d = sp.width(1);
    cert.neuron = struct ('w', u(1:d), 'b', [], 'v', v);
    if bias1
      cert.neuron.b = u(d+1);
    end
    if ~cert.exact
      cert.note = sprintf (['c is a lower estimate (%s): the gap is an estimate, ' ...
                            'not a proof'], cvxnn_ternary (size (T, 2) > 1, ...
                            'several outputs, Mathematics 3.2', 'sampled patterns'));
    end
  elseif strcmp (sp.act, 'linear') && size (T, 2) == 1 && strcmp (loss, 'squared') ...
         && ~any (sp.bias)
    [dval, w, tb] = cvxnn_tsearch (X, T, lam, L);
    Lam = T - X * w;
    c = norm (X' * Lam) * tb^(L - 2);
    cert.exact = true;
    cert.Lam = Lam;
    cert.dual = dval;
    cert.violation = c / lam;
    cert.gap = primal - dval;
    cert.relgap = cert.gap / max (1, abs (primal));
    cert.optimal = cert.relgap <= opts.Tol;
    cert.note = 't-dual of Mathematics 2.3 (deep linear, one output)';
    return;
  else
    cert.note = ['no certificate for this network: Mathematics 2.3 covers deep linear networks ' ...
                 'with one output, squared loss and no biases only'];
    return;
  end
  cert.violation = c / lam;
  cert.Lam = cvxnn_dual_feasible (loss, Lam, c, lam);
  cert.dual = cvxnn_loss_dual ('value', loss, cert.Lam, T);
  cert.gap = primal - cert.dual;
  cert.relgap = cert.gap / max (1, abs (primal));
  cert.optimal = cert.relgap <= opts.Tol;
end

%!shared x, y
%! x = linspace (-1, 1, 14)';
%! y = abs (x) - 0.4 + 0.3 * sin (4 * x);

%!test
%! % cvxnn_fit results are certified optimal, exactly (1-D data)
%! [net, info] = cvxnn_fit (x, y, 'Lambda', 0.02, 'Tol', 1e-10);
%! cert = cvxnn_certify (net, x, y);
%! assert (cert.exact && cert.optimal);
%! assert (cert.primal, info.primal, 1e-12 * info.primal);
%! assert (abs (cert.gap) <= 1e-8 * cert.primal);
%! assert (cert.violation <= 1 + 1e-6);

%!test
%! % perturbed: not optimal, and the neuron it returns lowers the objective
%! [net, info] = cvxnn_fit (x, y, 'Lambda', 0.02, 'Tol', 1e-10);
%! net.W{2} = 0.7 * net.W{2};
%! cert = cvxnn_certify (net, x, y);
%! assert (~cert.optimal && cert.exact);
%! assert (cert.violation > 1);
%! assert (cert.dual <= info.primal + 1e-12);   % still a valid lower bound
%! e = 1e-2;
%! net2 = net;
%! net2.W{1}(:, end+1) = e * cert.neuron.w;
%! net2.b{1}(end+1) = e * cert.neuron.b;
%! net2.W{2}(end+1, :) = e * cert.neuron.v;
%! f1 = cvxnn_objective (net, x, y); f2 = cvxnn_objective (net2, x, y);
%! assert (f2 < f1);
%! assert (f1 - f2, e^2 * (cert.violation - 1) * 0.02, 0.01 * e^2 * (cert.violation - 1) * 0.02);

%!test
%! % a trainer network from a random start: where it stops (a global
%! % optimum or another stationary point) depends on the machine's BLAS
%! % rounding, so it is only compared one-sided; whatever it is, the
%! % certificate's bound is valid and its gap covers the excess
%! [tnet, ti] = cvxnn_train (x, y, 'Lambda', 0.02, 'Layers', 10, 'Tol', 1e-10, 'Epochs', 5000);
%! cert = cvxnn_certify (tnet, x, y);
%! [fnet, fi] = cvxnn_fit (x, y, 'Lambda', 0.02, 'Tol', 1e-10);
%! assert (cert.exact);
%! assert (cert.primal, ti.objective, 1e-12 * ti.objective);
%! assert (cert.dual <= fi.primal * (1 + 1e-10));
%! assert (ti.objective >= fi.dual * (1 - 1e-12));
%! assert (cert.primal - cert.dual >= ti.objective - fi.primal - 1e-12 * fi.primal);
%! % optimal means within Tol (1e-6) of the global optimum, never more
%! assert (~cert.optimal || ti.objective <= fi.primal + 1e-6 * max (1, fi.primal));
%! % started at the global optimum, the trainer stays there and is certified
%! [tnet, ti] = cvxnn_train (x, y, 'Lambda', 0.02, 'Init', fnet, 'Tol', 1e-10, 'Epochs', 50);
%! cert = cvxnn_certify (tnet, x, y);
%! assert (ti.objective <= fi.primal * (1 + 1e-9));
%! assert (cert.optimal);

%!test
%! % the zero network: optimal iff lambda >= max |y' (Xa u)_+| (MATH 2.5)
%! z = struct ('W', {{zeros(1, 0), zeros(0, 1)}}, 'b', {{zeros(1, 0), []}}, ...
%!             'activation', 'relu', 'lambda', 1, 'loss', 'squared');
%! [~, c] = cvxnn_extreme_points (x, y, 'Method', 'exact');
%! z.lambda = 1.01 * c;  assert (cvxnn_certify (z, x, y).optimal);
%! z.lambda = 0.99 * c;  assert (~cvxnn_certify (z, x, y).optimal);

%!test
%! % two-layer linear: the spectral-norm dual of the nuclear norm (MATH 2.2)
%! randn ('state', 3);
%! X = randn (20, 4); Y = randn (20, 2);
%! [net, ti] = cvxnn_train (X, Y, 'Lambda', 2, 'Layers', 4, 'Activation', 'linear', ...
%!                          'Bias', false, 'Tol', 1e-12, 'Epochs', 10000);
%! cert = cvxnn_certify (net, X, Y);
%! assert (cert.exact && cert.optimal);
%! assert (abs (cert.gap) <= 1e-8 * cert.primal);

%!test
%! % deep linear, one output: the t-dual certifies the trained network
%! randn ('state', 4);
%! X = randn (25, 5); y1 = X * randn (5, 1) + 0.1 * randn (25, 1);
%! [net, ti] = cvxnn_train (X, y1, 'Lambda', 1, 'Layers', [3 3], 'Activation', 'linear', ...
%!                          'Bias', false, 'Tol', 1e-12, 'Epochs', 20000);
%! cert = cvxnn_certify (net, X, y1);
%! assert (cert.exact);
%! assert (cert.relgap <= 1e-6 && cert.gap >= -1e-9);
%! net.W{1} = 0.9 * net.W{1};
%! assert (~cvxnn_certify (net, X, y1).optimal);

%!test
%! % deep ReLU: no certificate, said so
%! net = cvxnn_train (x, y, 'Lambda', 0.1, 'Layers', [4 4], 'Epochs', 5);
%! cert = cvxnn_certify (net, x, y);
%! assert (isnan (cert.dual) && ~cert.optimal && ~isempty (cert.note));

%!test
%! % classification losses: fit results certified
%! lab = sign (y + 0.05);
%! [net, info] = cvxnn_fit (x, lab, 'Lambda', 0.1, 'Loss', 'logistic', 'Tol', 1e-9);
%! cert = cvxnn_certify (net, x, lab);
%! assert (cert.exact && cert.optimal);

%!error id=cvxnn:certify:nargin cvxnn_certify (1, 2)
%!error id=cvxnn:certify:net cvxnn_certify (struct ('a', 1), 1, 1)
%!error id=cvxnn:certify:lambda cvxnn_certify (struct ('W', {{1, 1}}, 'activation', 'relu'), 1, 1)
%!error id=cvxnn:certify:size cvxnn_certify (struct ('W', {{1, 1}}, 'activation', 'relu', 'lambda', 1), [1 2], 1)
%!error id=cvxnn:certify:unknownOption cvxnn_certify (struct ('W', {{1, 1}}, 'activation', 'relu', 'lambda', 1), 1, 1, 'Tolerance', 1)
%!error id=cvxnn:certify:arrangements cvxnn_certify (struct ('W', {{[1 -1; 2 1], [1; -1]}}, 'b', {{[0 0], []}}, 'activation', 'relu', 'lambda', 1, 'loss', 'squared'), [1 2; 3 4; 5 6], [1; 2; 3], 'Arrangements', sparse (1))
%!error id=cvxnn:certify:arrangements cvxnn_certify (struct ('W', {{[1 -1; 2 1], [1; -1]}}, 'b', {{[0 0], []}}, 'activation', 'relu', 'lambda', 1, 'loss', 'squared'), [1 2; 3 4; 5 6], [1; 2; 3], 'Arrangements', {1})
%!error id=cvxnn:certify:lambda cvxnn_certify (struct ('W', {{[1 -1; 2 1], [1; -1]}}, 'b', {{[0 0], []}}, 'activation', 'relu', 'lambda', 1, 'loss', 'squared'), [1 2; 3 4; 5 6], [1; 2; 3], 'Lambda', sparse (1))
%!error id=cvxnn:certify:tooLarge cvxnn_certify (struct ('W', {{zeros(2, 1e6), zeros(1e6, 1)}}, 'b', {{zeros(1, 1e6), []}}, 'activation', 'relu'), ones (1e5, 2), ones (1e5, 1), 'Lambda', 1)
