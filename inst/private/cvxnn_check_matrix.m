% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% cvxnn_check_matrix (FN, NAME, A)
%
% Shared input check: A must be a real, full, finite, non-empty 2-D double
% matrix.  Errors cvxnn:<FN>:<what> with WHAT one of type, sparse, complex,
% size, empty, nonFinite (the same identifiers the MEX gateways use).

function cvxnn_check_matrix (fn, name, A)
  pre = ['cvxnn:' fn ':'];
  if ~isnumeric (A) && ~islogical (A)
    error ([pre 'type'], 'cvxnn_%s: %s must be a numeric matrix (got %s)', ...
           fn, name, class (A));
  end
  if issparse (A)
    error ([pre 'sparse'], ...
           'cvxnn_%s: %s must be a full matrix; use full (%s)', fn, name, name);
  end
  if ~isa (A, 'double')
    error ([pre 'type'], ...
           'cvxnn_%s: %s must be of class double (got %s); use double (%s)', ...
           fn, name, class (A), name);
  end
  if ~isreal (A)
    error ([pre 'complex'], 'cvxnn_%s: %s must be real', fn, name);
  end
  if ndims (A) ~= 2
    error ([pre 'size'], 'cvxnn_%s: %s must be a 2-D matrix', fn, name);
  end
  if isempty (A)
    error ([pre 'empty'], 'cvxnn_%s: %s must not be empty', fn, name);
  end
  if ~all (isfinite (A(:)))
    error ([pre 'nonFinite'], 'cvxnn_%s: %s must not contain NaN or Inf', ...
           fn, name);
  end
end
