% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% lam = cvxnn_check_lambda (FN, LAM, POSITIVE)
%
% The weight decay: a finite real scalar, > 0 when POSITIVE, else >= 0.
% Error cvxnn:<FN>:lambda, also when LAM is empty (the option is required).

function lam = cvxnn_check_lambda (fn, lam, positive)
  id = ['cvxnn:' fn ':lambda'];
  if isempty (lam)
    error (id, 'cvxnn_%s: the option ''Lambda'' is required', fn);
  end
  if ~cvxnn_is_scalar (lam, 'real') || lam < 0 || (positive && lam == 0)
    error (id, 'cvxnn_%s: ''Lambda'' must be a finite double scalar %s 0', fn, ...
           cvxnn_ternary (positive, '>', '>='));
  end
  lam = double (lam);
end
