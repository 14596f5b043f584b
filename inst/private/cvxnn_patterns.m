% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [D, G, exact] = cvxnn_patterns (FN, X, A, BIAS, SEED)
%
% The activation patterns an 'Arrangements' option value A asks for: an
% n-by-P logical matrix as given; a cell {D, G} of such a matrix and the
% directions that generate it (the first two outputs of
% cvxnn_arrangements), checked; 'exact' for every pattern; a count P of
% sampled directions, enumerated exactly instead when cvxnn_arrangements
% ('auto') can within that budget.  G: the generating directions (empty
% for a matrix given alone); exact: the patterns are all of them (for a
% matrix given: when it holds every pattern that the enumeration within
% its own size finds).  Error cvxnn:<FN>:arrangements.

function [D, G, exact] = cvxnn_patterns (fn, X, A, bias, seed)
  id = ['cvxnn:' fn ':arrangements'];
  n = size (X, 1);
  G = [];
  exact = false;
  if iscell (A) && numel (A) == 2
    D = check_matrix (fn, A{1}, n);
    G = A{2};
    Xa = X;
    if bias
      Xa = [X, ones(n, 1)];
    end
    if ~isnumeric (G) || ~isreal (G) || issparse (G) || ~isa (G, 'double') ...
       || ~isequal (size (G), [size(Xa, 2), size(D, 2)]) || ~all (isfinite (G(:)))
      error (id, ['cvxnn_%s: the directions of an ''Arrangements'' cell {D, G} must be ' ...
                  'a finite real %d-by-%d double matrix'], fn, size (Xa, 2), size (D, 2));
    end
    bad = first_mismatch (Xa, G, D);
    if ~isempty (bad)
      error (id, 'cvxnn_%s: column %d of ''Arrangements'' is not the pattern of its direction', ...
             fn, bad);
    end
    exact = complete (X, D, bias);
  elseif islogical (A)
    D = check_matrix (fn, A, n);
    exact = complete (X, D, bias);
  elseif ischar (A) && strcmpi (A, 'exact')
    try
      [D, G, ai] = cvxnn_arrangements (X, 1, 'Bias', bias, 'Method', 'exact');
    catch err
      cvxnn_rethrow (fn, err);
    end
    exact = ai.exact;
  elseif cvxnn_is_scalar (A, 'count')
    try
      [D, G, ai] = cvxnn_arrangements (X, double (A), 'Bias', bias, 'Method', 'auto', ...
                                     'Seed', seed);
    catch err
      cvxnn_rethrow (fn, err);
    end
    exact = ai.exact;
  else
    error (id, ['cvxnn_%s: ''Arrangements'' must be a count (at most 2^53), ''exact'', an n-by-P ' ...
                'logical matrix or a cell {D, G} of one and its directions'], fn);
  end
end

function D = check_matrix (fn, A, n)
  if ~islogical (A) || ndims (A) ~= 2 || size (A, 1) ~= n || isempty (A) || issparse (A)
    error (['cvxnn:' fn ':arrangements'], ...
           'cvxnn_%s: an ''Arrangements'' matrix must be n-by-P logical (n = %d)', fn, n);
  end
  D = A;
end

% The first column j with (Xa * G(:, j) >= 0) ~= D(:, j), or []: by blocks
% of columns (temporaries of about 8 MB; at n = 2e4 and 2000 patterns the
% whole n-by-P products took seconds, paged in fresh)
function bad = first_mismatch (Xa, G, D)
  bad = [];
  step = max (1, floor (2^20 / size (Xa, 1)));
  for j0 = 1:step:size (D, 2)
    j = j0:min (j0 + step - 1, size (D, 2));
    b = find (any ((Xa * G(:, j) >= 0) ~= D(:, j), 1), 1);
    if ~isempty (b)
      bad = j(b);
      return;
    end
  end
end

% Does D hold every pattern of X?  Asked only where the enumeration is
% cheap: rank(Xa) <= 2 (a sweep), or Cover's bound on the number of
% patterns, 2 sum_{k<r} nchoosek (n-1, k) for rank r, at most D's own
% number of columns; then D is complete when it holds all of them.
function exact = complete (X, D, bias)
  exact = false;
  n = size (X, 1);
  Xa = X;
  if bias
    Xa = [X, ones(n, 1)];
  end
  r = rank (Xa);
  if r > 2 && cvxnn_cover_bound (n, r) > size (D, 2)
    return;
  end
  E = cvxnn_arrangements (X, 1, 'Bias', bias, 'Method', 'exact');
  exact = all (ismember (E', D', 'rows'));
end
