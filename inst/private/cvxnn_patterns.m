% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [D, G, exact] = cvxnn_patterns (FN, X, A, BIAS, SEED)
%
% The activation patterns an 'Arrangements' option value A asks for: an
% n-by-P logical matrix as given; 'exact' for every pattern; a count P of
% sampled directions, enumerated exactly instead when cvxnn_arrangements
% ('auto') can within that budget.  G: the generating directions (empty
% for a given matrix); exact: the patterns are all of them.
% Error cvxnn:<FN>:arrangements.

function [D, G, exact] = cvxnn_patterns (fn, X, A, bias, seed)
  id = ['cvxnn:' fn ':arrangements'];
  n = rows (X);
  G = [];
  exact = false;
  if islogical (A)
    if ndims (A) ~= 2 || rows (A) ~= n || isempty (A) || issparse (A)
      error (id, 'cvxnn_%s: an ''Arrangements'' matrix must be n-by-P logical (n = %d)', fn, n);
    end
    D = A;
  elseif ischar (A) && strcmpi (A, 'exact')
    [D, G, ai] = cvxnn_arrangements (X, 1, 'Bias', bias, 'Method', 'exact');
    exact = ai.exact;
  elseif isnumeric (A) && isscalar (A) && isreal (A) && isfinite (A) && A >= 1 && A == fix (A)
    [D, G, ai] = cvxnn_arrangements (X, double (A), 'Bias', bias, 'Method', 'auto', ...
                                   'Seed', seed);
    exact = ai.exact;
  else
    error (id, 'cvxnn_%s: ''Arrangements'' must be a count, ''exact'' or an n-by-P logical matrix', fn);
  end
end
