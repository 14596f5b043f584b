% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {[@var{D}, @var{G}, @var{info}] =} cvxnn_arrangements (@var{X}, @var{P})
% @deftypefnx {} {[@dots{}] =} cvxnn_arrangements (@var{X}, @var{P}, @var{name}, @var{value}, @dots{})
% @deftypefnx {} {[@dots{}] =} cvxnn_arrangements (@var{X}, @var{P}, @var{opts})
% ReLU activation patterns (hyperplane arrangements) of the rows of @var{X}.
%
% A two-layer ReLU network's training problem is a finite convex program
% over the activation patterns @code{1[Xa*h >= 0]} that a hidden neuron with
% weights @var{h} can have on the data (the manual's Mathematics 4.1, 4.2).  This function finds
% them, by sampling random directions or, where it is possible, by exact
% enumeration.
%
% @var{X} is an n-by-d real double matrix, one example per row.  @var{P} is
% the number of random directions to sample (a positive integer).  With
% @qcode{'Bias', true} the patterns are those of @code{Xa = [X, ones(n,1)]},
% otherwise of @code{Xa = X}.
%
% Outputs:
% @table @var
% @item D
% n-by-m logical, the distinct patterns, @code{D(:,j) = (Xa * G(:,j) >= 0)}.
% The all-zero pattern (a neuron that is never active) is never returned.
% @item G
% (d+bias)-by-m, a direction generating each pattern; with a bias its last
% row is the bias coordinate.
% @item info
% struct with fields @code{sampled} (directions evaluated),
% @code{distinct} (m), @code{unseen} (Good-Turing estimate of the
% probability that one more random direction gives a pattern not yet seen:
% patterns seen once divided by directions drawn; 0 when exact),
% @code{method} (@qcode{'sample'} or @qcode{'exact'}, what was used),
% @code{exact} (true when @var{D} is the complete set), @code{rank}
% (rank of @var{Xa}, NaN when not computed) and @code{time} (seconds).
% @end table
%
% Options (name/value pairs or a struct; names are case-insensitive):
% @table @asis
% @item 'Method'
% @qcode{'sample'} (default): @var{P} Gaussian directions, duplicates removed,
% each coordinate divided by the root mean square of its column of X (the
% bias coordinate by 1): the patterns drawn do not depend on the units of
% the columns (scaling a column of X by c scales that row of @var{G} by
% 1/c and leaves @var{D} as it was).
% A sampled set can miss small cells: judge @var{P} by @code{info.unseen}.
% That estimates probability mass, not the fraction of patterns missed:
% small cells carry little mass (on two features of the diabetes data, 1e6
% directions leave a mass of 0.03 unseen but 34% of the cells).
% @qcode{'exact'}: every pattern whose cone has an interior (the cells of
% the arrangement), for any data: repeated rows, collinear points and
% rank deficiency included (the data are first reduced to their row
% space).  For @code{rank(Xa) <= 2} (1-D data with a bias, 2-D data
% without) an angular sweep, O(n log n).  For @code{rank(Xa) = r >= 3}
% (for example 2-D data with a bias) every vertex ray, where r-1
% independent hyperplanes meet, is visited and the cells around it are
% enumerated from the arrangement of the hyperplanes through it; the work
% is O(nchoosek (n, r-1) * 2^r * n * r), and more than about 1.7e7
% directions is refused with the error @code{cvxnn:arrangements:tooLarge}.
% Ties are decided with a relative tolerance of 1e-10.
% @qcode{'auto'}: exact when @code{rank(Xa) <= 2}, or when Cover's bound on
% the number of patterns is at most @var{P} and the enumeration is within
% that limit; sampling otherwise.
% @item 'Bias'
% Append a column of ones to @var{X} (default false).
% @item 'Seed'
% Integer in [0, 2^53] (default 0).  The directions come from the package's
% own generator (xoshiro256** with a portable Gaussian transform), so a seed
% gives bit-identical @var{G} on every machine and does not touch
% the state of @code{rand} and @code{randn}.
% @item 'Display'
% @qcode{'off'} (default), @qcode{'final'} (a one-line summary) or
% @qcode{'iter'} (progress while sampling, then the summary).
% @end table
%
% Ties follow the papers' convention @code{>= 0}: a row with
% @code{Xa(i,:)*h = 0} is active.  Exact enumeration lists the cells
% (full-dimensional cones); patterns that occur only on a boundary have
% cones that are faces of listed ones and add nothing to the convex program.
% Number of cells for rows in general position (Cover 1965, Mathematics 4.1):
% @code{2*sum_(k<r) nchoosek (n-1, k)}, all-zero pattern included.
%
% Memory: patterns are stored bit-packed (n/8 bytes each) and deduplicated
% by hashing; the products @code{Xa*G} are formed in cache-sized blocks, so
% nothing of size n-by-@var{P} is ever allocated.  Ctrl-C stops a long run
% with the error @code{cvxnn:arrangements:interrupted}.
%
% @seealso{cvxnn_fit}
% @end deftypefn

function [D, G, info] = cvxnn_arrangements (X, P, varargin)
  fn = 'arrangements';
  if nargin < 2
    error ('cvxnn:arrangements:nargin', ...
           'cvxnn_arrangements: usage: [D, G, info] = cvxnn_arrangements (X, P, ...)');
  end
  guard = cvxnn_shield (); %#ok<NASGU> Ctrl-C in this call's Octave code: see cvxnn_shield
  cvxnn_check_matrix (fn, 'X', X);
  if ~cvxnn_is_scalar (P, 'count')
    error ('cvxnn:arrangements:value', ...
           'cvxnn_arrangements: P must be a positive integer');
  end
  opts = cvxnn_options (fn, ...
    {'Method',  'sample', 'choice',  {'sample', 'exact', 'auto'};
     'Bias',    false,    'logical', [];
     'Seed',    0,        'integer', [0, 2^53];
     'Display', 'off',    'choice',  {'off', 'final', 'iter'}}, varargin);

  method = find (strcmp (opts.Method, {'sample', 'exact', 'auto'})) - 1;
  refuse_sampling (X, double (P), opts.Bias, method);
  t0 = tic;
  [D, G, info] = cvxnn_mex ('arrangements', X, double (P), method, ...
                                         double (opts.Bias), opts.Seed, ...
                                         double (strcmp (opts.Display, 'iter')), 0);
  info.time = toc (t0);
  if ~strcmp (opts.Display, 'off')
    if info.exact
      fprintf ('cvxnn_arrangements: %d patterns (exact, rank %d), %.3g s\n', ...
               info.distinct, info.rank, info.time);
    else
      fprintf (['cvxnn_arrangements: %d distinct patterns from %d directions, ' ...
                'unseen mass ~ %.3g, %.3g s\n'], info.distinct, info.sampled, ...
               info.unseen, info.time);
    end
  end
end

% Sampling that cannot finish is refused before it starts: its output
% (at most min (P, Cover's bound) patterns, as logical columns, bit-packed
% and with their directions) beyond the memory available, or its work
% (each direction: a product with the data, then the signs packed and
% hashed, about 2 (d+1) + 8 operations a row) beyond 1e14, about half an
% hour on two cores.  Exact enumeration has its own limit in the C core.
function refuse_sampling (X, P, bias, method)
  [n, d] = size (X);
  da = d + bias;
  r = min (n, da);
  bound = cvxnn_cover_bound (n, r);
  if method == 1 || (method == 2 && (r <= 2 || bound <= P))
    return;                               % enumerated, not sampled
  end
  Pe = min (P, bound);
  bytes = Pe * (n + n / 8 + 8 * da);
  cvxnn_check_memory ('arrangements', bytes, sprintf ('up to %.3g patterns of %d rows', Pe, n));
  work = P * n * (2 * da + 8);
  if work > 1e14
    error ('cvxnn:arrangements:tooLarge', ...
           ['cvxnn_arrangements: %.3g directions on %d rows are about %.3g operations ' ...
            '(limit 1e14, about half an hour)'], P, n, work);
  end
end

%!demo
%! % Activation patterns of 1-D data with a bias: neuron max(w*x + b, 0)
%! % switches on to the right or to the left of a data point, so there are
%! % exactly 2n-1 nonzero patterns (Mathematics 4.1).
%! x = linspace (-1, 1, 8)';
%! [D, G, info] = cvxnn_arrangements (x, 100, 'Bias', true, 'Method', 'exact');
%! printf ('%d points, %d patterns (2n-1 = %d)\n', numel (x), size (D, 2), 2*numel (x) - 1);
%! figure; imagesc (D); colormap (gray); xlabel ('pattern j'); ylabel ('example i');
%! title ('1-D data with bias: every activation pattern');

%!demo
%! % Sampling versus exact enumeration for 2-D data with a bias (rank 3).
%! randn ('state', 1); X = randn (40, 2);
%! [De, ~, ie] = cvxnn_arrangements (X, 1, 'Bias', true, 'Method', 'exact');
%! for P = [100 1000 10000 100000]
%!   [Ds, ~, is] = cvxnn_arrangements (X, P, 'Bias', true);
%!   printf ('P = %6d: %4d of %d patterns, estimated unseen mass %.4f\n', ...
%!           P, is.distinct, ie.distinct, is.unseen);
%! end

%!shared cover
%! cover = @(n, r) 2 * sum (arrayfun (@(k) nchoosek (n - 1, k), 0:r-1));

%!function r = nregions (N)
%!  % Independent oracle: number of regions of the central arrangement with
%!  % normals N (rows), by deletion-restriction r(A) = r(A - H) + r(A^H).
%!  N = N(sqrt (sum (N.^2, 2)) > 1e-9, :);
%!  if isempty (N) || columns (N) == 0
%!    r = 1;
%!    return;
%!  end
%!  U = N ./ sqrt (sum (N.^2, 2));
%!  for i = 1:rows (U)                    % one orientation per line
%!    k = find (abs (U(i, :)) > 1e-9, 1);
%!    U(i, :) = U(i, :) * sign (U(i, k));
%!  end
%!  U = uniquetol (round (U * 1e8) / 1e8, 1e-6, 'ByRows', true);
%!  H = U(end, :);
%!  B = null (H);
%!  r = nregions (U(1:end-1, :)) + nregions (U(1:end-1, :) * B);
%!endfunction

%!function check_valid (D, G, Xa)
%!  assert (islogical (D));
%!  assert (D, Xa * G >= 0);
%!  assert (size (unique (D', 'rows'), 1), size (D, 2));   % distinct
%!  assert (all (any (D, 1)));                             % no all-zero
%!endfunction

%!test
%! % Cover's count, points in general position (MATH 4.1, check 8f).  The
%! % all-zero cell exists iff the all-ones one does (h -> -h).
%! randn ('state', 42);
%! for c = [12 3; 10 4; 15 2; 9 5]'
%!   X = randn (c(1), c(2));
%!   [D, G, info] = cvxnn_arrangements (X, 1, 'Method', 'exact');
%!   check_valid (D, G, X);
%!   assert (info.exact && strcmp (info.method, 'exact') && info.rank == c(2));
%!   assert (size (D, 2) + any (all (D, 1)), cover (c(1), c(2)));
%! end
%! assert (cover (12, 3), 134);   % the numbers of MATH check 8f
%! assert (cover (10, 4), 260);

%!test
%! % 2-D data with a bias (rank 3): Cover's count again.
%! randn ('state', 7); X = randn (20, 2);
%! [D, G, info] = cvxnn_arrangements (X, 1, 'Method', 'exact', 'Bias', true);
%! check_valid (D, G, [X, ones(20, 1)]);
%! assert (size (D, 2) + any (all (D, 1)), cover (20, 3));

%!test
%! % 1-D with bias: 2n-1 nonzero patterns for distinct x, the threshold sets.
%! x = [3; -1; 0.5; 2; -4; 10; 7];
%! [D, G, info] = cvxnn_arrangements (x, 1, 'Bias', true, 'Method', 'exact');
%! n = numel (x);
%! assert (size (D, 2), 2 * n - 1);
%! check_valid (D, G, [x, ones(n, 1)]);
%! t = sort (x);
%! want = [bsxfun(@ge, x, t'), bsxfun(@le, x, t')];  % upper and lower sets
%! assert (sortrows (D')', sortrows (unique (want', 'rows'))');
%! % repeated x values: 2m-1 patterns for m distinct values
%! [D2] = cvxnn_arrangements ([x; x(1:3)], 1, 'Bias', true, 'Method', 'exact');
%! assert (size (D2, 2), 2 * n - 1);

%!test
%! % 2-D data without bias: 2n cells (sweep); rank-deficient 5-D data in a plane.
%! randn ('state', 3); X = randn (25, 2);
%! [D, G] = cvxnn_arrangements (X, 1, 'Method', 'exact');
%! check_valid (D, G, X);
%! assert (size (D, 2) + any (all (D, 1)), 50);
%! Y = X * randn (2, 5);                  % rank 2 in R^5
%! [D5, G5, i5] = cvxnn_arrangements (Y, 1, 'Method', 'exact');
%! check_valid (D5, G5, Y);
%! assert (i5.rank, 2);
%! assert (sortrows (D5'), sortrows (D'));

%!test
%! % Sampled patterns are valid, distinct and a subset of the exact set.
%! randn ('state', 5); X = randn (30, 2);
%! Xa = [X, ones(30, 1)];
%! De = cvxnn_arrangements (X, 1, 'Method', 'exact', 'Bias', true);
%! [Ds, Gs, is] = cvxnn_arrangements (X, 20000, 'Bias', true, 'Seed', 3);
%! check_valid (Ds, Gs, Xa);
%! assert (all (ismember (Ds', De', 'rows')));
%! assert (is.sampled, 20000);
%! assert (is.distinct, size (Ds, 2));
%! assert (~is.exact && strcmp (is.method, 'sample'));
%! % 2-D without bias: also a subset
%! De2 = cvxnn_arrangements (X, 1, 'Method', 'exact');
%! Ds2 = cvxnn_arrangements (X, 5000, 'Seed', 9);
%! assert (all (ismember (Ds2', De2', 'rows')));

%!test
%! % Determinism: the same seed gives identical output; another seed differs.
%! randn ('state', 11); X = randn (50, 6);
%! [D1, G1, i1] = cvxnn_arrangements (X, 3000, 'Seed', 123);
%! [D2, G2, i2] = cvxnn_arrangements (X, 3000, 'Seed', 123);
%! assert (isequal (D1, D2) && isequal (G1, G2) && i1.unseen == i2.unseen);
%! [D3, G3] = cvxnn_arrangements (X, 3000, 'Seed', 124);
%! assert (~isequal (G1, G3));
%! % the stream does not depend on the block size: a prefix is a prefix
%! [~, Ga] = cvxnn_arrangements (X, 10, 'Seed', 123);
%! assert (Ga, G1(:, 1:size (Ga, 2)));
%! % and does not touch randn's state
%! s = randn ('state'); cvxnn_arrangements (X, 100); assert (randn ('state'), s);

%!test
%! % Good-Turing unseen mass: shrinks as P grows; near 0 once all are seen.
%! randn ('state', 2); X = randn (10, 2);
%! ne = size (cvxnn_arrangements (X, 1, 'Bias', true, 'Method', 'exact'), 2);
%! [~, ~, a] = cvxnn_arrangements (X, 30, 'Bias', true);
%! [D, ~, b] = cvxnn_arrangements (X, 1e5, 'Bias', true);
%! assert (a.unseen > b.unseen);
%! assert (a.unseen >= 0 && a.unseen <= 1);
%! assert (b.unseen < 1e-3);
%! assert (size (D, 2) <= ne);

%!error id=cvxnn:arrangements:tooLarge cvxnn_arrangements (randn (20, 2), 1e12)
%!error id=cvxnn:arrangements:tooLarge cvxnn_arrangements (randn (1e4, 2), 1e10, 'Bias', true)
%!test
%! % what fits is not refused: few patterns from many directions
%! [D, ~, info] = cvxnn_arrangements ([1; 2; 3], 1e5, 'Bias', true, 'Method', 'auto');
%! assert (info.exact && columns (D) <= 6);

%!test
%! % sampling does not depend on the columns' units: the same patterns for
%! % columns scaled by 1e6 and 1e-6, directions scaled back
%! randn ('state', 12);
%! X = randn (60, 4); c = [1e6, 1e-6, 3, 1];
%! [D1, G1] = cvxnn_arrangements (X, 300, 'Bias', true, 'Seed', 4);
%! [D2, G2] = cvxnn_arrangements (X .* c, 300, 'Bias', true, 'Seed', 4);
%! assert (isequal (D1, D2));
%! assert (G2 .* [c'; 1], G1, 1e-12 * max (abs (G1(:))));
%! assert (columns (D1) > 100);

%!test
%! % 'auto': exact where it is affordable, sampling otherwise.
%! randn ('state', 4); X = randn (12, 2);
%! [D, ~, info] = cvxnn_arrangements (X, 5, 'Method', 'auto', 'Bias', true);
%! assert (~info.exact);                 % Cover's bound 134 > P = 5: sample
%! [D, ~, info] = cvxnn_arrangements (X, 500, 'Method', 'auto', 'Bias', true);
%! assert (info.exact && size (D, 2) + any (all (D, 1)) == cover (12, 3));
%! [~, ~, info] = cvxnn_arrangements (X(:, 1), 1, 'Method', 'auto', 'Bias', true);
%! assert (info.exact);                  % rank 2: always exact

%!test
%! % Degenerate data (collinear points, repeated rows, integer grids): the
%! % exact cells against the deletion-restriction count, and every sampled
%! % pattern among them.
%! randn ('state', 8);
%! cases = {[0 0; 1 1; 2 2; 3 3; 1 0; 0 1; 2 1], true;
%!          [0 0; 1 1; 1 1; 2 0; 2 0; 0 2; 1 2], true;
%!          round(2*randn(11, 3)), false;
%!          round(2*randn(9, 3)), true;
%!          round(1.5*randn(8, 4)), true};
%! for t = 1:rows (cases)
%!   X = cases{t, 1};
%!   Xa = X;
%!   if cases{t, 2}, Xa = [X, ones(rows (X), 1)]; end
%!   [D, G, info] = cvxnn_arrangements (X, 1, 'Method', 'exact', 'Bias', cases{t, 2});
%!   check_valid (D, G, Xa);
%!   assert (size (D, 2) + any (all (D, 1)), nregions (Xa));
%!   Ds = cvxnn_arrangements (X, 20000, 'Bias', cases{t, 2});
%!   assert (all (ismember (Ds', D', 'rows')));
%! end
%! % the oracle itself against Cover's formula (general position)
%! assert (nregions (randn (9, 3)), cover (9, 3));
%! assert (nregions (randn (8, 4)), cover (8, 4));

%!test
%! % Options as a struct, case-insensitive names, struct then pairs.
%! x = (1:6)';
%! o.method = 'EXACT'; o.BIAS = 1;
%! D = cvxnn_arrangements (x, 1, o);
%! assert (size (D, 2), 11);
%! D = cvxnn_arrangements (x, 1, o, 'bias', false);
%! assert (size (D, 2), 1);              % all-ones only (x > 0)

%!test
%! % Zero data without bias: the one pattern is all-ones.
%! D = cvxnn_arrangements (zeros (4, 3), 1, 'Method', 'exact');
%! assert (D, true (4, 1));
%! D = cvxnn_arrangements (zeros (4, 3), 10);
%! assert (D, true (4, 1));

%!test
%! % Interruption (as by Ctrl-C) from inside the kernel: identified error.
%! X = randn (200, 5);
%! try
%!   __cvxnn_arrangements__ (X, 1e5, 0, 0, 0, 0, 3);
%!   error ('not interrupted');
%! catch err
%!   assert (err.identifier, 'cvxnn:arrangements:interrupted');
%! end

%!error <usage> cvxnn_arrangements (1)
%!error id=cvxnn:arrangements:nargin cvxnn_arrangements ()
%!error id=cvxnn:arrangements:type cvxnn_arrangements ({1}, 10)
%!error id=cvxnn:arrangements:type cvxnn_arrangements ('abc', 10)
%!error id=cvxnn:arrangements:type cvxnn_arrangements (single ([1 2; 3 4]), 10)
%!error id=cvxnn:arrangements:type cvxnn_arrangements (int8 ([1 2; 3 4]), 10)
%!error id=cvxnn:arrangements:type cvxnn_arrangements (true (3, 2), 10)
%!error id=cvxnn:arrangements:complex cvxnn_arrangements ([1 2; 3 4i], 10)
%!error id=cvxnn:arrangements:sparse cvxnn_arrangements (sparse ([1 2; 3 4]), 10)
%!error id=cvxnn:arrangements:nonFinite cvxnn_arrangements ([1 NaN; 3 4], 10)
%!error id=cvxnn:arrangements:nonFinite cvxnn_arrangements ([1 Inf; 3 4], 10)
%!error id=cvxnn:arrangements:empty cvxnn_arrangements (zeros (0, 3), 10)
%!error id=cvxnn:arrangements:size cvxnn_arrangements (ones (2, 2, 2), 10)
%!error id=cvxnn:arrangements:value cvxnn_arrangements ([1; 2], 0)
%!error id=cvxnn:arrangements:value cvxnn_arrangements ([1; 2], 2.5)
%!error id=cvxnn:arrangements:value cvxnn_arrangements ([1; 2], -3)
%!error id=cvxnn:arrangements:value cvxnn_arrangements ([1; 2], [1 2])
%!error id=cvxnn:arrangements:value cvxnn_arrangements ([1; 2], NaN)
%!error id=cvxnn:arrangements:value cvxnn_arrangements ([1; 2], 'a')
%!error id=cvxnn:arrangements:value cvxnn_arrangements ([1; 2], 1e300)
%!error id=cvxnn:arrangements:unknownOption cvxnn_arrangements ([1; 2], 5, 'Bogus', 1)
%!error id=cvxnn:arrangements:optionSyntax cvxnn_arrangements ([1; 2], 5, 'Bias')
%!error id=cvxnn:arrangements:optionSyntax cvxnn_arrangements ([1; 2], 5, 3, 1)
%!error id=cvxnn:arrangements:optionValue cvxnn_arrangements ([1; 2], 5, 'Method', 'fast')
%!error id=cvxnn:arrangements:optionValue cvxnn_arrangements ([1; 2], 5, 'Method', 3)
%!error id=cvxnn:arrangements:optionValue cvxnn_arrangements ([1; 2], 5, 'Bias', 'yes')
%!error id=cvxnn:arrangements:optionValue cvxnn_arrangements ([1; 2], 5, 'Bias', [1 0])
%!error id=cvxnn:arrangements:optionValue cvxnn_arrangements ([1; 2], 5, 'Seed', -1)
%!error id=cvxnn:arrangements:optionValue cvxnn_arrangements ([1; 2], 5, 'Seed', 1.5)
%!error id=cvxnn:arrangements:optionValue cvxnn_arrangements ([1; 2], 5, 'Display', 'loud')
%!error id=cvxnn:arrangements:tooLarge cvxnn_arrangements (randn (3000, 4), 5, 'Method', 'exact')
%!error id=cvxnn:arrangements:type __cvxnn_arrangements__ (single (1), 1, 0, 0, 0, 0, 0)
%!error id=cvxnn:arrangements:nonFinite __cvxnn_arrangements__ (NaN, 1, 0, 0, 0, 0, 0)
%!error id=cvxnn:arrangements:value __cvxnn_arrangements__ (1, 1, 7, 0, 0, 0, 0)
%!error id=cvxnn:arrangements:nargin __cvxnn_arrangements__ (1, 1)
