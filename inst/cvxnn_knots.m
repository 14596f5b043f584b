% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {[@var{knots}, @var{values}, @var{slopes}] =} cvxnn_knots (@var{net})
% @deftypefnx {} {[@dots{}] =} cvxnn_knots (@var{net}, 'Tol', @var{tol})
% The piecewise-linear function computed by a network of one input and
% one output, exactly: its kinks, its values there, and its slopes.
%
% A ReLU (or linear) network on scalar inputs is a continuous
% piecewise-linear function.  Layer by layer, every unit's pre-activation
% is linear between the kinks found so far, so its zero crossings are found
% exactly by linear interpolation and become kinks of the next layer (no
% sampling grid).  Kinks where the slope changes by no more than
% @var{tol} (default 1e-10) times the largest slope magnitude are dropped.
%
% @var{knots}: the kinks, sorted (column); @var{values}: the function
% there; @var{slopes}: numel (knots) + 1 slopes, the first on
% (-Inf, knots(1)), the last on (knots(end), Inf).  Any depth, any biases
% (free or penalized); not batch normalization or gated networks.
% Used by @code{cvxnn_spline1d} (the manual's Mathematics 6) to read the spline of a network.
% @seealso{cvxnn_spline1d, cvxnn_predict}
% @end deftypefn

function [knots, values, slopes] = cvxnn_knots (net, varargin)
  fn = 'knots';
  if nargin < 1
    error ('cvxnn:knots:nargin', 'cvxnn_knots: usage: [knots, values, slopes] = cvxnn_knots (net)');
  end
  sp = cvxnn_net_layers (fn, net);
  opts = cvxnn_options (fn, {'Tol', 1e-10, 'real', [0, 1]}, varargin);
  if sp.width(1) ~= 1 || sp.width(end) ~= 1 || sp.bn || strcmp (sp.act, 'gated')
    error ('cvxnn:knots:net', ...
           'cvxnn_knots: NET must map one input to one output (no BN, not gated)');
  end
  L = sp.L;
  B = zeros (0, 1);                      % kinks found so far, sorted
  nrelu = (L - 1) * strcmp (sp.act, 'relu');  % linear units make no kinks
  for l = 1:nrelu
    % pre-activations at the kinks and one point beyond each end: linear in
    % between and on the two rays
    P = probe (B);
    Z = forward (net, sp, P, l);
    roots = zeros (0, 1);
    for j = 1:size (Z, 2)
      z = Z(:, j);
      % crossings inside the segments between probe points
      k = find (z(1:end-1) .* z(2:end) < 0);
      roots = [roots; P(k) - z(k) .* (P(k+1) - P(k)) ./ (z(k+1) - z(k))];
      % crossings on the rays beyond the outer probes (linear there too)
      s1 = (z(2) - z(1)) / (P(2) - P(1));
      if s1 ~= 0 && z(1) ~= 0 && sign (z(1)) == sign (s1)
        roots(end+1, 1) = P(1) - z(1) / s1;
      end
      s2 = (z(end) - z(end-1)) / (P(end) - P(end-1));
      if s2 ~= 0 && z(end) ~= 0 && sign (z(end)) ~= sign (s2)
        roots(end+1, 1) = P(end) - z(end) / s2;
      end
      % a zero exactly at a probe is a kink already listed, or an end probe
      at = find (z == 0);
      roots = [roots; P(at)];
    end
    % the same kink found from several units differs by rounding only
    B = sort ([B; roots]);
    if ~isempty (B)
      gap = 1e-12 * max (1, max (abs (B)));
      B = B([true; diff(B) > gap]);
    end
  end
  P = probe (B);
  F = forward (net, sp, P, L);
  s = diff (F) ./ diff (P);               % slopes: rays, then between kinks
  % s(1) is on (P1, B1) = the left ray, s(end) the right ray
  ds = abs (diff (s));
  keep = ds > opts.Tol * max ([abs(s); realmin]);
  knots = B(keep);
  slopes = [s(1); s([false; keep(:)])];
  values = forward (net, sp, knots, L);
end

function P = probe (B)
  if isempty (B)
    P = [-1; 1];
  else
    w = max (1, B(end) - B(1));
    P = [B(1) - w; B; B(end) + w];
  end
end

function Z = forward (net, sp, x, upto)
  % pre-activation of layer UPTO at the points x
  A = x(:);
  for l = 1:upto
    Z = A * net.W{l};
    if sp.bias(l)
      Z = Z + net.b{l}(:)';
    end
    if strcmp (sp.act, 'relu')
      A = max (Z, 0);
    else
      A = Z;
    end
  end
end

%!test
%! % a two-layer net with known ramps: kinks at -b./w, exact slopes
%! net = struct ('W', {{[1 -2 0.5], [1; 1; -3]}}, 'b', {{[-0.5 1 0.25], 0.3}}, ...
%!               'activation', 'relu');
%! [k, v, s] = cvxnn_knots (net);
%! assert (k, [-0.5; 0.5], 1e-15);
%! % slopes: left of -0.5 unit 2 alone (-2); then unit 3 joins (-2 - 1.5);
%! % right of 0.5 unit 2 is off and unit 1 on (1 - 1.5)
%! assert (s, [-2; -3.5; -0.5], 1e-14);
%! assert (v, cvxnn_predict (net, k), 1e-14);

%!test
%! % a random deep net: the reconstructed function agrees with predict on
%! % a fine grid, and is linear between the kinks
%! randn ('state', 3);
%! net = struct ('W', {{randn(1, 6), randn(6, 5), randn(5, 1)}}, ...
%!               'b', {{randn(1, 6), randn(1, 5), 0.1}}, 'activation', 'relu');
%! [k, v, s] = cvxnn_knots (net);
%! t = linspace (min (k) - 2, max (k) + 2, 2001)';
%! f = cvxnn_predict (net, t);
%! g = interp1 ([min(k) - 3; k; max(k) + 3], ...
%!              [v(1) - 3 * s(1); v; v(end) + 3 * s(end)], t);
%! assert (f, g, 1e-12 * max (1, max (abs (f))));
%! assert (numel (s), numel (k) + 1);

%!test
%! % a linear network has no kinks
%! net = struct ('W', {{[2 1], [1; -1]}}, 'b', {{[1 0], []}}, 'activation', 'linear');
%! [k, v, s] = cvxnn_knots (net);
%! assert (isempty (k) && isempty (v) && s == 1);

%!error id=cvxnn:knots:nargin cvxnn_knots ()
%!error id=cvxnn:knots:net cvxnn_knots (struct ('W', {{ones(2, 3), ones(3, 1)}}, 'activation', 'relu'))
%!error id=cvxnn:knots:net cvxnn_knots (struct ('W', 1))
%!error id=cvxnn:knots:unknownOption cvxnn_knots (struct ('W', {{1, 1}}, 'activation', 'relu'), 'Foo', 1)
