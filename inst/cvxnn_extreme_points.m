% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {[@var{U}, @var{val}, @var{info}] =} cvxnn_extreme_points (@var{X}, @var{Lam})
% @deftypefnx {} {[@var{U}, @var{val}, @var{info}] =} cvxnn_extreme_points (@var{X}, @var{Lam}, @var{name}, @var{value}, @dots{})
% Extreme points of the dual constraint set: the unit directions u that
% maximize @code{|Lam' * max (Xa*u, 0)|} (the manual's Mathematics 2.1, 3.1), the candidate
% optimal hidden neurons for the dual point @var{Lam}.
%
% @var{X}: n-by-d data; @var{Lam}: n-by-K dual point (for instance
% the point of @code{cvxnn_dual}, or @code{cert.Lam} of @code{cvxnn_certify}).
% @code{Xa = [X, 1]} with the default @qcode{'Bias', true}, else X.
%
% For @qcode{'Activation', 'relu'} (default) each activation pattern D_i of
% Xa restricts u to its cone K_i, where @code{max (Xa*u, 0) = D_i*Xa*u};
% with one output (K = 1) the maximum over the cone and each sign is the
% norm of a projection onto K_i, computed exactly by an active-set NNLS in
% the C core (finite termination), so over every pattern the result is the
% exact maximum.  With K > 1 outputs the per-cone problem is nonconvex
% (Mathematics 3.2): an alternating maximization gives directions whose values
% are attained but may fall short of the maximum (lower estimates).
% For @qcode{'linear'} networks the maximizers are the top singular
% vectors of @code{Xa' * Lam} (Mathematics 3.3), exact for any K.
%
% Options:
% @table @asis
% @item 'Count'
% How many directions to return, best first (default 1); directions that
% coincide (to 1e-9) are returned once.
% @item 'Method'
% @qcode{'exact'}: every pattern (@code{cvxnn_arrangements} method
% @qcode{'exact'}; practical for 1-D data with a bias, d = 2, or small n);
% @qcode{'sample'}: the patterns of @qcode{'Arrangements'} random directions,
% then a local search that moves each of the best directions to
% neighbouring patterns (one row flipped among the 2*da rows nearest to
% the boundary) while that raises the value; @qcode{'auto'} (default):
% exact when @code{cvxnn_arrangements} can enumerate within the budget,
% else sample.
% @item 'Arrangements'
% Sampled directions (default 1000), or an n-by-P logical matrix of
% patterns to search (then no local search).
% @item 'Bias', 'Activation', 'Seed'
% As above; seed of the sampling (default 0).
% @item 'Display'
% @qcode{'off'} (default), @qcode{'final'} (a one-line summary) or
% @qcode{'iter'} (each phase: the patterns, their maximum, each local
% search; then the summary).
% @end table
%
% @var{U}: da-by-Count unit columns (the bias weight in the last row when
% Bias); @var{val}: 1-by-Count values @code{|Lam' * max (Xa*U(:,j), 0)|}.
% @var{info}: @code{exact} (true when @var{val}(1) is the maximum over all
% of R^da: every pattern searched and K = 1, or a linear network),
% @code{sign} (K = 1: the sign of @code{Lam' * max (Xa*U, 0)}), 
% @code{patterns} (patterns searched), @code{method}.
% Ctrl-C stops the sampling or the search with the error
% @code{cvxnn:extreme_points:interrupted}.
% @seealso{cvxnn_certify, cvxnn_dual, cvxnn_arrangements}
% @end deftypefn

function [U, val, info] = cvxnn_extreme_points (X, Lam, varargin)
  fn = 'extreme_points';
  if nargin < 2
    error ('cvxnn:extreme_points:nargin', ...
           'cvxnn_extreme_points: usage: [U, val] = cvxnn_extreme_points (X, Lam, ...)');
  end
  guard = cvxnn_shield (); %#ok<NASGU> Ctrl-C in this call's Octave code: see cvxnn_shield
  cvxnn_check_matrix (fn, 'X', X);
  cvxnn_check_matrix (fn, 'Lam', Lam);
  if size (Lam, 1) ~= size (X, 1)
    error ('cvxnn:extreme_points:size', ...
           'cvxnn_extreme_points: Lam must have %d rows, as X (got %d)', size (X, 1), size (Lam, 1));
  end
  opts = cvxnn_options (fn, ...
    {'Count',        1,        'integer', [1, 2^31];
     'Method',       'auto',   'choice',  {'exact', 'sample', 'auto'};
     'Arrangements', 1000,     'any',     [];
     'Bias',         true,     'logical', [];
     'Activation',   'relu',   'choice',  {'relu', 'linear'};
     'Seed',         0,        'integer', [0, 2^53];
     'Display',      'off',    'choice',  {'off', 'final', 'iter'}}, varargin);
  t0 = tic;
  [U, val, info] = cvxnn_dual_search (fn, X, Lam, opts);
  if ~strcmp (opts.Display, 'off')
    over = sprintf ('%d patterns', info.patterns);
    if strcmp (opts.Activation, 'linear')
      over = 'a linear network';
    end
    fprintf ('cvxnn_extreme_points: %d direction(s), largest value %.10g (%s), over %s, %.3g s\n', ...
             size (U, 2), max ([val, 0]), cvxnn_ternary (info.exact, 'the maximum', ...
             'a lower estimate'), over, toc (t0));
  end
end

%!shared X, lam
%! randn ('state', 1);
%! X = randn (30, 2);
%! lam = randn (30, 1);

%!test
%! % d = 2: the exact value against brute force over a dense grid of
%! % directions in R^3 (data plus bias)
%! [U, val, info] = cvxnn_extreme_points (X, lam, 'Method', 'exact');
%! assert (info.exact);
%! assert (norm (U), 1, 1e-12);
%! Xa = [X, ones(30, 1)];
%! assert (abs (lam' * max (Xa * U, 0)), val, 1e-12);
%! [az, el] = meshgrid (linspace (0, 2*pi, 721), linspace (-pi/2, pi/2, 361));
%! G = [cos(el(:)) .* cos(az(:)), cos(el(:)) .* sin(az(:)), sin(el(:))]';
%! brute = max (abs (lam' * max (Xa * G, 0)));
%! assert (val >= brute - 1e-12);
%! assert (val <= brute * (1 + 1e-3));          % the grid is 0.5 degree

%!test
%! % d = 1 without bias: (Xu)_+ for u = +-1 exactly
%! x = [1; -2; 3; -1]; l = [1; 2; -1; 0.5];
%! [U, val, info] = cvxnn_extreme_points (x, l, 'Bias', false, 'Method', 'exact', 'Count', 2);
%! cand = [abs(l' * max (x, 0)), abs(l' * max (-x, 0))];
%! assert (val, sort (cand, 'descend'), 1e-14);
%! assert (abs (U), [1 1]);

%!test
%! % the sampled search never reports more than the exact maximum, and
%! % its values are attained
%! [~, vex] = cvxnn_extreme_points (X, lam, 'Method', 'exact');
%! [U, vs, info] = cvxnn_extreme_points (X, lam, 'Method', 'sample', 'Arrangements', 20, 'Count', 3);
%! assert (~info.exact);
%! assert (vs(1) <= vex * (1 + 1e-12));
%! assert (vs(1) >= 0.999 * vex);                % local search finds it here
%! assert (abs (lam' * max ([X, ones(30, 1)] * U, 0)), vs, 1e-12);
%! assert (issorted (fliplr (vs)));

%!test
%! % linear networks: top singular vectors of Xa' * Lam
%! L2 = randn (30, 3);
%! [U, val, info] = cvxnn_extreme_points (X, L2, 'Activation', 'linear', 'Count', 2);
%! s = svd ([X, ones(30, 1)]' * L2);
%! assert (val, s(1:2)', 1e-12);
%! assert (info.exact);

%!test
%! % vector output: attained lower estimates, at least the best single output
%! L2 = randn (30, 2);
%! [U, val, info] = cvxnn_extreme_points (X, L2, 'Method', 'exact');
%! assert (~info.exact);
%! assert (norm (L2' * max ([X, ones(30, 1)] * U, 0)), val, 1e-12);
%! [~, v1] = cvxnn_extreme_points (X, L2(:, 1), 'Method', 'exact');
%! assert (val >= v1 * (1 - 1e-12));

%!test
%! % d = 2 without bias: the exact value equals brute force over 2e5
%! % directions on the circle to 1e-6 (the maximum is smooth or at a kink
%! % that the fine grid resolves)
%! [U, val] = cvxnn_extreme_points (X, lam, 'Bias', false, 'Method', 'exact');
%! th = linspace (0, 2*pi, 200001);
%! brute = max (abs (lam' * max (X * [cos(th); sin(th)], 0)));
%! assert (abs (val - brute) <= 1e-6 * val);

%!test
%! % the NNLS of the kernel against Octave's lsqnonneg: per pattern and
%! % sign, |Pi_K(g)| = min_{rho >= 0} |g + A' rho|, A = (2D - I) Xa (MATH 3.1)
%! randn ('state', 9);
%! for trial = 1:20
%!   n = 12; d = 3;
%!   Xa = [randn(n, d - 1), ones(n, 1)];
%!   D = Xa * randn (d, 4) >= 0;
%!   l = randn (n, 1);
%!   v = __cvxnn_extreme_points__ (Xa, D, l);
%!   for i = 1:4
%!     A = (2 * D(:, i) - 1) .* Xa;
%!     for s = [1 -1]
%!       g = s * Xa' * (D(:, i) .* l);
%!       rho = lsqnonneg (A', -g, [], optimset ('TolX', 1e-14));
%!       ref = norm (g + A' * rho);
%!       assert (v(i, (3 - s) / 2), ref, 1e-9 * max (1, ref));
%!     end
%!   end
%! end

%!error id=cvxnn:extreme_points:nargin cvxnn_extreme_points (1)
%!error id=cvxnn:extreme_points:size cvxnn_extreme_points (ones (3, 2), ones (2, 1))
%!error id=cvxnn:extreme_points:nonFinite cvxnn_extreme_points (ones (3, 2), [1; NaN; 1])
%!error id=cvxnn:extreme_points:unknownOption cvxnn_extreme_points (ones (3, 2), ones (3, 1), 'Counts', 2)
%!error id=cvxnn:extreme_points:optionValue cvxnn_extreme_points (ones (3, 2), ones (3, 1), 'Method', 'all')
%!error id=cvxnn:extreme_points:arrangements cvxnn_extreme_points (ones (3, 2), ones (3, 1), 'Arrangements', 'many')
%!error id=cvxnn:extreme_points:arrangements cvxnn_extreme_points (ones (3, 2), ones (3, 1), 'Arrangements', sparse (1))
%!error <cvxnn_extreme_points: exact enumeration> cvxnn_extreme_points (randn (3000, 3), randn (3000, 1), 'Method', 'exact')
%!error id=cvxnn:extreme_points:tooLarge cvxnn_extreme_points (randn (3000, 3), randn (3000, 1), 'Method', 'exact')
