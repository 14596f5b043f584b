% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% The warning cvxnn:fit:notConverged after a fit, or points of a path,
% that stopped short of Tol ('max_iter' or 'stalled'), as the 'notify'
% display of fminsearch and its kin speaks up then: called with one output,
% cvxnn_fit gave no sign of it (relu on 2000 x 19 noise with 16 given
% patterns at lambda 0.01: 'max_iter' at a relative gap of 0.4 after
% 21 s, returned as if solved).  The network is the best found and its
% bound stands; only the gap is larger than asked.  Ctrl-C ('interrupted')
% is the user's own doing and is not warned about.
function cvxnn_fit_unsolved (info, tol)
  short = find (ismember ({info.status}, {'max_iter', 'stalled'}));
  if isempty (short)
    return;
  end
  [~, k] = max ([info(short).relgap]);
  worst = info(short(k));
  if isscalar (info)
    where = '';
  else
    where = sprintf ('%d of the %d lambdas, the largest gap at lambda %.4g: ', ...
                     numel (short), numel (info), worst.lambda);
  end
  warning ('cvxnn:fit:notConverged', ...
           ['cvxnn_fit: stopped short of Tol = %g (%sstatus ''%s'', relative gap %.2e ' ...
            'after %d iterations); the network is the best found and info holds its ' ...
            'bound (see the help''s known limits)'], ...
           tol, where, worst.status, worst.relgap, worst.iterations);
end
