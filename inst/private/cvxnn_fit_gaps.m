% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% A fit's INFO with its duality gap and relative gap from its primal and
% dual fields (relative to max (1, |primal|), as the C core's).
function info = cvxnn_fit_gaps (info)
  info.gap = info.primal - info.dual;
  info.relgap = info.gap / max (1, abs (info.primal));
end
