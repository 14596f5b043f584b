% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% Lam = cvxnn_loss_dual ('point', LOSS, F, T):  Lam = -grad L(F) (MATH 1.5)
% D = cvxnn_loss_dual ('value', LOSS, Lam, T):  D(Lam) = -L*(-Lam), for Lam
%     in the domain (a multiple in [0, 1] of a 'point' result is)
% T: targets in the internal encoding (cvxnn_targets).

function r = cvxnn_loss_dual (what, loss, A, T)
  switch [what ':' loss]
    case 'point:squared'
      r = T - A;
    case 'point:logistic'
      r = T ./ (1 + exp (T .* A));
    case 'point:crossentropy'
      E = exp (A - max (A, [], 2));
      r = T - E ./ sum (E, 2);
    case 'value:squared'
      r = 0.5 * sum (T(:).^2) - 0.5 * sum ((A(:) - T(:)).^2);
    case 'value:logistic'
      p = min (max (T .* A, 0), 1);
      r = -sum (xlogx (p) + xlogx (1 - p));
    case 'value:crossentropy'
      r = -sum (xlogx (max (T(:) - A(:), 0)));
  end
end

function v = xlogx (p)
  v = zeros (size (p));
  k = p > 0;
  v(k) = p(k) .* log (p(k));
end
