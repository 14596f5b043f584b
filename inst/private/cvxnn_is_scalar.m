% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% OK = cvxnn_is_scalar (V, KIND)
%
% The one test of a scalar argument or option, so that every function
% takes the same classes: a real, full, finite scalar, of class double
% (KIND 'real'), or of class double or an integer class with an integer
% value (KIND 'integer': counts, widths, depths; single, char and logical
% are not what they are given as), or such an integer in [1, 2^53] (KIND
% 'count': a number of patterns, as cvxnn_arrangements takes it).  Callers
% add other bounds.

function ok = cvxnn_is_scalar (v, kind)
  whole = any (strcmp (kind, {'integer', 'count'}));
  if whole
    ok = isa (v, 'double') || isinteger (v);
  else
    ok = isa (v, 'double');
  end
  ok = ok && isscalar (v) && isreal (v) && ~issparse (v) && isfinite (v);
  if ok && whole
    ok = v == fix (v);
  end
  if ok && strcmp (kind, 'count')
    ok = v >= 1 && v <= 2^53;
  end
end
