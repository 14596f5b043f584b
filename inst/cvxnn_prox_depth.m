% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {@var{sigma} =} cvxnn_prox_depth (@var{s}, @var{lambda}, @var{L})
% @deftypefnx {} {[@var{sigma}, @var{thr}] =} cvxnn_prox_depth (@dots{})
% The scalar map of the manual's Mathematics 5: for each s >= 0,
% @example
% sigma = argmin_@{sigma >= 0@}  0.5 (sigma - s)^2 + (lambda L / 2) sigma^(2/L),
% @end example
% the singular-value map of an L-layer linear network with weight decay
% lambda.  L = 1: @code{s / (1 + lambda)}; L = 2: soft thresholding
% @code{max (s - lambda, 0)}; L >= 3: 0 up to the threshold
% @code{thr = ((L-1)/(L-2)) (lambda (L-2))^(L/(2(L-1)))}, above it the
% largest root of @code{sigma + lambda sigma^((2-L)/L) = s}, found by
% bisection to rounding (a jump: at s = thr both 0 and
% @code{((L-2)/(L-1)) thr} are optimal; 0 is returned).  @var{thr} is
% @var{lambda} for L = 2 and 0 for L = 1.
% @seealso{cvxnn_deep_linear}
% @end deftypefn

function [sig, thr] = cvxnn_prox_depth (s, lam, L, varargin)
  % varargin: too many inputs reach the usage error below
  if nargin ~= 3
    error ('cvxnn:prox_depth:nargin', 'cvxnn_prox_depth: usage: sigma = cvxnn_prox_depth (s, lambda, L)');
  end
  if ~isa (s, 'double') || ~isreal (s) || issparse (s) || any (~isfinite (s(:))) || any (s(:) < 0)
    error ('cvxnn:prox_depth:value', 'cvxnn_prox_depth: s must be full, real, double, finite and >= 0');
  end
  if ~cvxnn_is_scalar (lam, 'real') || lam < 0
    error ('cvxnn:prox_depth:lambda', 'cvxnn_prox_depth: lambda must be a finite double scalar >= 0');
  end
  if ~cvxnn_is_scalar (L, 'integer') || L < 1
    error ('cvxnn:prox_depth:value', 'cvxnn_prox_depth: L must be a positive integer');
  end
  L = double (L);
  s = double (s);
  lam = double (lam);
  switch L
    case 1
      sig = s / (1 + lam);
      thr = 0;
    case 2
      sig = max (s - lam, 0);
      thr = lam;
    otherwise
      thr = (L - 1) / (L - 2) * (lam * (L - 2))^(L / (2 * (L - 1)));
      sig = zeros (size (s));
      on = find (s > thr);
      lo = (lam * (L - 2) / L)^(L / (2 * (L - 1))) * ones (size (on));  % the root is in (lo, s)
      hi = s(on);
      for it = 1:200
        mid = (lo + hi) / 2;
        up = mid + lam * mid.^((2 - L) / L) > s(on);
        hi(up) = mid(up);
        lo(~up) = mid(~up);
      end
      sig(on) = (lo + hi) / 2;
  end
end

%!test
%! assert (cvxnn_prox_depth ([0 1 3], 1, 2), [0 0 2]);
%! assert (cvxnn_prox_depth (3, 1, 1), 1.5);

%!test
%! % L = 3, 4: the minimizer over a fine grid, and the threshold s* (MATH 5)
%! for L = 3:4
%!   lam = 0.7;
%!   [~, thr] = cvxnn_prox_depth (1, lam, L);
%!   assert (thr, (L - 1) / (L - 2) * (lam * (L - 2))^(L / (2 * (L - 1))), 1e-15);
%!   g = linspace (0, 6, 600001);
%!   for s = [0.3, thr * 0.999, thr * 1.001, 2, 5]
%!     f = 0.5 * (g - s).^2 + lam * L / 2 * g.^(2 / L);
%!     [fmin, k] = min (f);
%!     sig = cvxnn_prox_depth (s, lam, L);
%!     fs = 0.5 * (sig - s)^2 + lam * L / 2 * sig^(2 / L);
%!     assert (fs <= fmin + 1e-12);
%!     assert (abs (sig - g(k)) <= 1e-4);
%!   end
%! end

%!test
%! % L = 3, beta = 1: s* = 2, the jump lands on beta^(3/4) = 1
%! assert (cvxnn_prox_depth (2, 1, 3), 0);
%! assert (cvxnn_prox_depth (2 + 1e-9, 1, 3), 1, 1e-4);

%!error id=cvxnn:prox_depth:nargin cvxnn_prox_depth (1, 2)
%!error id=cvxnn:prox_depth:nargin cvxnn_prox_depth ([3; 2; 1], 0.5, 3, 4)
%!error id=cvxnn:prox_depth:value cvxnn_prox_depth (-1, 1, 3)
%!error id=cvxnn:prox_depth:lambda cvxnn_prox_depth (1, -1, 3)
%!error id=cvxnn:prox_depth:value cvxnn_prox_depth (1, 1, 2.5)
%!error id=cvxnn:prox_depth:value cvxnn_prox_depth ([3; 2; 1], 0.5, 1+1i)
%!error id=cvxnn:prox_depth:lambda cvxnn_prox_depth ([3; 2; 1], sparse (0.5), 2)
