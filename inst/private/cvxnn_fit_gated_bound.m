% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% A relu fit over the patterns D that stopped short of Tol: the gated
% program over the same patterns is its relaxation (MATH 4.5: its
% optimum is at most relu's), so a dual bound of the gated program bounds
% relu's optimum too.  Where the relu dual point the solver reached is
% poor, it is far tighter: relu on 2000 x 19 noise, 16 given patterns,
% lambda 0.01, ended 'max_iter' at a relative gap of 0.40 with an
% objective of 844.18 where the gated optimum is 839.90 (gap 5e-3), found
% in 13 iterations.  The gated solve gets a tenth of 'MaxIter' and no
% start; its iterations are not the fit's (info.iterations), its time is.
function [info, ci] = cvxnn_fit_gated_bound (info, ci, D, Xa, T, loss, lam, opts)
  if ~any (strcmp (info.status, {'max_iter', 'stalled'}))
    return;
  end
  [~, cg] = cvxnn_mex ('fit', Xa, D, T, 1, loss, lam, opts.Tol, ...
                       max (1, floor (opts.MaxIter / 10)), 10, 0, [], 0, ...
                       double (strcmp (opts.Solver, 'fista')), 0);
  if strcmp (cg.status, 'interrupted')
    info.status = 'interrupted';        % the user's Ctrl-C ends the call
    return;
  end
  if ~(cg.dual > info.dual)
    return;
  end
  info.dual = cg.dual;
  ci.dual = cg.dual;
  info = cvxnn_fit_gaps (info);
  if strcmp (opts.Display, 'iter')
    fprintf (['cvxnn_fit: relu stopped short (%s); the gated relaxation over the same %d ' ...
              'patterns bounds its optimum at %.10g (relative gap %.2e)\n'], info.status, ...
             size (D, 2), info.dual, info.relgap);
  end
  if info.relgap <= opts.Tol
    info.status = 'solved';
  end
end
