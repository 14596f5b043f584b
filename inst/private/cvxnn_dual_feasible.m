% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [Lt, s] = cvxnn_dual_feasible (LOSS, Lam, c, lam)
%
% Lam scaled into the dual feasible set (MATH 2.5 step 4) given its
% constraint values c: one c for the whole of Lam (c scalar), or one per
% output column (1-by-K, the one-vs-all program of cvxnn_fit, MATH 4.2),
% each column then scaled by its own min (1, lam/c_k) -- except for
% cross-entropy, whose domain (Y - Lam in the simplex) only survives a
% common factor.  s: the factor applied to each column (1-by-K).

function [Lt, s] = cvxnn_dual_feasible (loss, Lam, c, lam)
  if isscalar (c) || strcmp (loss, 'crossentropy')
    s = min (1, lam / max (c)) * ones (1, size (Lam, 2));
  else
    s = min (1, lam ./ c);
  end
  Lt = Lam .* s;
end
