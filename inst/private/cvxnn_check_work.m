% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% cvxnn_check_work (FN, FLOPS, WHAT)
%
% Refuse, before it starts, work whose estimate FLOPS (floating-point
% operations, a lower bound: the products with the data alone) exceeds
% 1e16, about two days at 50 GFLOPS, a few times what a 2-core machine
% sustains: such a call cannot finish in any session that waits for it.
% Error cvxnn:<FN>:tooLarge: "cvxnn_<FN>: WHAT would take about ...
% floating-point operations".  The companion of cvxnn_check_memory, for
% work whose memory is small (many epochs of a small network).

function cvxnn_check_work (fn, flops, what)
  limit = 1e16;
  if flops > limit
    error (['cvxnn:' fn ':tooLarge'], ...
           ['cvxnn_%s: %s would take about %.3g floating-point operations, ' ...
            'more than the %.3g (about two days at 50 GFLOPS) a call may take'], ...
           fn, what, flops, limit);
  end
end
