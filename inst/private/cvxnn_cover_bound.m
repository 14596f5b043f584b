% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% c = cvxnn_cover_bound (n, r)
%
% Cover's bound on the number of activation patterns of n points of rank
% r (hyperplanes through the origin in general position): 2 sum_{k<r}
% nchoosek (n-1, k), in double (Inf beyond).

function c = cvxnn_cover_bound (n, r)
  c = 0;
  t = 1;                                  % nchoosek (n-1, k)
  for k = 0:min (r, n) - 1
    c = c + 2 * t;
    t = t * (n - 1 - k) / (k + 1);
  end
end
