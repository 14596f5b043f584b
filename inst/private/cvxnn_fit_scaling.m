% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% The warning cvxnn:fit:scaling for a relu fit on columns of X whose
% scales differ by 1e6 or more: the cone projections lose the small
% columns' digits there (MATH 4.4), and the fit slows down and can stop
% short of Tol (diabetes with columns x1e3 and x1e-3: 'stalled' at 1e-3
% of lambda_max; x1e4 and x1e-4: relative gap 0.12 after 42 s).  Raw
% breast cancer (2.3e5) is fine at ordinary lambda.  With INFO (the
% fit's, after it): the same warning where a relu fit stopped short of
% Tol ('max_iter' or 'stalled') on columns 1e3 or more apart, naming
% 'Standardize' (raw breast cancer, logistic, lambda 0.01: 'max_iter' at
% a relative gap of 0.84 after 300 s, with no word on the cause; solved
% in 3.4 s standardized).  WARNED: whether it warned.
function warned = cvxnn_fit_scaling (X, model, info)
  warned = false;
  if ~strcmp (model, 'relu') || isempty (X)
    return;
  end
  c = sqrt (sum (X.^2, 1) / size (X, 1));
  c = c(c > 0);
  if isempty (c)
    return;
  end
  r = max (c) / min (c);
  if nargin < 3 && r >= 1e6
    warning ('cvxnn:fit:scaling', ...
             ['cvxnn_fit: the columns of X differ in scale by a factor of %.1e: the ' ...
              'relu fit may be slow and stop short of Tol (status ''stalled'' or ' ...
              '''max_iter''); standardizing the columns (''Standardize'', true) avoids it'], r);
  elseif nargin == 3 && r >= 1e3 && r < 1e6 ...
         && any (ismember ({info.status}, {'max_iter', 'stalled'}))
    warning ('cvxnn:fit:scaling', ...
             ['cvxnn_fit: the fit stopped short of Tol on columns of X whose scales ' ...
              'differ by a factor of %.1e; standardizing them (''Standardize'', true) ' ...
              'may let it converge'], r);
    warned = true;
  end
end
