% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% The R-th seed derived from 'Seed' (a grown pool's rounds, its further
% nonconvex runs), kept within the option's range [0, 2^53]: Seed + R
% past it made the sampling refuse its own 'Seed' with an error.
function s = cvxnn_seed_plus (seed, r)
  s = mod (seed + r, 2^53);
end
