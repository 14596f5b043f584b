% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% The warning cvxnn:fit:scaling for a relu fit on columns of X whose
% scales differ by 1e6 or more: the cone projections lose the small
% columns' digits there (MATH 4.4), and the fit slows down and can stop
% short of Tol (diabetes with columns x1e3 and x1e-3: 'stalled' at 1e-3
% of lambda_max; x1e4 and x1e-4: relative gap 0.12 after 42 s).  Raw
% breast cancer (2.3e5) is fine.
function cvxnn_fit_scaling (X, model)
  if ~strcmp (model, 'relu') || isempty (X)
    return;
  end
  c = sqrt (sum (X.^2, 1) / size (X, 1));
  c = c(c > 0);
  if ~isempty (c) && max (c) >= 1e6 * min (c)
    warning ('cvxnn:fit:scaling', ...
             ['cvxnn_fit: the columns of X differ in scale by a factor of %.1e: the ' ...
              'relu fit may be slow and stop short of Tol (status ''stalled'' or ' ...
              '''max_iter''); standardizing the columns (''Standardize'', true) avoids it'], ...
            max (c) / min (c));
  end
end
