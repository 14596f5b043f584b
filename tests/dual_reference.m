% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [dual, c] = dual_reference (Xa, D, T, lambda, loss, model, F)
%
% Independent dense reference for tests: the dual bound of MATH 2.5 at the
% network output F, computed in plain Octave.  Lam = -grad L(F) (MATH 1.5),
% c = max over the patterns D (and both signs) of |Pi_K(X' D_i Lam_k)|
% for 'relu' (cone projections by lsqnonneg, MATH 3.1) or |X' D_i Lam_k|
% for 'gated', Lam scaled into the dual feasible set, and the dual
% objective -L*(-Lam).  With every pattern of the data in D this is a lower
% bound on the objective of every two-layer network: equal to a network's
% objective, it proves that network globally optimal.  T as cvxnn_fit
% encodes it (one-hot for cross-entropy).

function [dual, c] = dual_reference (Xa, D, T, lambda, loss, model, F)
  K = size (T, 2);
  switch loss
    case 'squared'
      Lam = T - F;
    case 'logistic'
      Lam = T ./ (1 + exp (T .* F));
    case 'crossentropy'
      E = exp (F - max (F, [], 2));
      Lam = T - E ./ sum (E, 2);
  end
  ck = zeros (1, K);
  opt = optimset ('TolX', 1e-14);
  for k = 1:K
    for i = 1:size (D, 2)
      g = Xa' * (D(:, i) .* Lam(:, k));
      if strcmp (model, 'gated')
        ck(k) = max (ck(k), norm (g));
        continue;
      end
      A = (2 * D(:, i) - 1) .* Xa;           % K_i = {u : A u >= 0}
      for s = [-1, 1]
        rho = lsqnonneg (A', -s * g, [], opt);
        ck(k) = max (ck(k), norm (s * g + A' * rho));
      end
    end
  end
  c = max (ck) / lambda;
  if strcmp (loss, 'squared')
    Lam = Lam .* min (1, lambda ./ ck);
  else
    Lam = Lam * min (1, lambda / max (ck));
  end
  switch loss
    case 'squared'
      dual = 0.5 * sum (T(:).^2) - 0.5 * sum ((Lam(:) - T(:)).^2);
    case 'logistic'
      p = min (max (T .* Lam, 0), 1);
      dual = sum (-xlogx (p) - xlogx (1 - p));
    case 'crossentropy'
      p = max (T - Lam, 0);
      dual = -sum (xlogx (p(:)));
  end
end

function v = xlogx (p)
  v = zeros (size (p));
  v(p > 0) = p(p > 0) .* log (p(p > 0));
end
