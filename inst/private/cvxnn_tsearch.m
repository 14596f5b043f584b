% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [P, w, t] = cvxnn_tsearch (X, y, beta, L)
%
% Deep linear network, one output, squared loss, no biases (MATH 2.3,
% 5.3): P = min_t (beta/2)(L-2) t^2 + G(beta / t^(L-2)) with
% G(mu) = min_v 0.5 |X v - y|^2 + mu |v| (MATH 5.1), each G exact by
% bisection on the ridge parameter, t by a 401-point grid and golden
% section.  w: the optimal end-to-end vector, t: the common layer norm
% (|w|^(1/L)).  L = 2 is the group lasso G(beta) itself.  For L >= 3 this
% is both the t-dual bound and, for this case, the optimum.

function [dval, w, tb] = cvxnn_tsearch (X, y, beta, L)
  [Us, S, V] = svd (X, 'econ');
  s = diag (S);
  cy = Us' * y;
  yperp2 = max (sum (y.^2) - sum (cy.^2), 0);
  g0 = norm (X' * y);
  function [G, w] = glasso (mu)
    if mu >= g0
      w = zeros (size (X, 2), 1);
      G = 0.5 * sum (y.^2);
      return;
    end
    nw = @(m) norm (s .* cy ./ (s.^2 + m));
    lo = 0; hi = max (mu, 1);
    while hi * nw (hi) < mu
      hi = 2 * hi;
    end
    for it = 1:200
      mid = (lo + hi) / 2;
      if mid * nw (mid) < mu
        lo = mid;
      else
        hi = mid;
      end
    end
    m = (lo + hi) / 2;
    w = V * (s .* cy ./ (s.^2 + m));
    r = s .* (V' * w) - cy;
    G = 0.5 * (sum (r.^2) + yperp2) + mu * norm (w);
  end
  if L == 2
    [dval, w] = glasso (beta);
    tb = sqrt (norm (w));
    return;
  end
  h = @(t) beta / 2 * (L - 2) * t.^2 + glasso (beta / max (t, realmin)^(L - 2));
  tmax = norm (y) / sqrt (beta * (L - 2));
  ts = linspace (0, tmax, 401);
  hs = arrayfun (h, ts);
  [hbest, k] = min (hs);
  a = ts(max (k - 1, 1)); b = ts(min (k + 1, numel (ts)));
  gr = (sqrt (5) - 1) / 2;
  for it = 1:100
    t1 = b - gr * (b - a); t2 = a + gr * (b - a);
    if h (t1) < h (t2)
      b = t2;
    else
      a = t1;
    end
  end
  tb = (a + b) / 2;
  if h (tb) < hbest
    hbest = h (tb);
  else
    tb = ts(k);
  end
  dval = hbest;
  [~, w] = glasso (beta / max (tb, realmin)^(L - 2));
  if dval >= 0.5 * sum (y.^2)        % t = 0: the zero network
    dval = 0.5 * sum (y.^2);
    w = zeros (size (X, 2), 1);
    tb = 0;
  end
end

