## cvxnn_train against closed forms computed here in plain Octave:
## deep linear networks on whitened data (MATH 5.3, with the prox of MATH 5
## by bisection) and batch-normalized networks on free features (MATH 5.6).
## The trainer must reach the closed-form objective to 1e-6 relative, and
## its networks must show the structure the theory predicts: balanced
## layers (MATH 1.4), aligned singular vectors and the predicted rank
## (MATH 3.4, 5.3).
##
## Copyright (C) 2026 The cvxnn developers
## SPDX-License-Identifier: GPL-3.0-or-later

%!function sig = prox_depth (s, beta, L)
%!  % argmin_{sig >= 0} 0.5 (sig - s)^2 + (beta L / 2) sig^(2/L), MATH 5
%!  sig = zeros (size (s));
%!  for i = 1:numel (s)
%!    if L == 2
%!      sig(i) = max (s(i) - beta, 0);
%!      continue;
%!    end
%!    thr = (L - 1) / (L - 2) * (beta * (L - 2))^(L / (2 * (L - 1)));
%!    if s(i) <= thr
%!      continue;
%!    end
%!    lo = (beta * (L - 2) / L)^(L / (2 * (L - 1)));   % the root is in (lo, s)
%!    hi = s(i);
%!    for it = 1:200
%!      mid = (lo + hi) / 2;
%!      if mid + beta * mid^((2 - L) / L) > s(i)
%!        hi = mid;
%!      else
%!        lo = mid;
%!      end
%!    end
%!    sig(i) = (lo + hi) / 2;
%!  end
%!endfunction

%!function [X, Y, s] = whitened_problem (n, d, K, svals, seed)
%!  % X'X = I_d and X'Y with the singular values svals
%!  randn ('state', seed);
%!  [Q, ~] = qr (randn (n));
%!  X = Q(:, 1:d);
%!  [U, ~] = qr (randn (d)); [V, ~] = qr (randn (K));
%!  r = numel (svals);
%!  Y = X * U(:, 1:r) * diag (svals) * V(:, 1:r)' + Q(:, d+1:end) * randn (n - d, K);
%!  s = svals(:);
%!endfunction

%!function check_deep_linear (L, K, svals, beta, seed)
%!  [X, Y, s] = whitened_problem (40, 6, K, svals, seed);
%!  sig = prox_depth (s, beta, L);
%!  Pstar = sum (0.5 * (sig - s).^2 + beta * L / 2 * sig.^(2 / L)) ...
%!          + 0.5 * (norm (Y, 'fro')^2 - norm (X' * Y, 'fro')^2);
%!  [net, info] = cvxnn_train (X, Y, 'Lambda', beta, 'Layers', 5 * ones (1, L - 1), ...
%!                             'Activation', 'linear', 'Bias', false, 'Tol', 1e-11, ...
%!                             'Epochs', 20000, 'Seed', seed);
%!  assert (abs (info.objective - Pstar) <= 1e-6 * Pstar, ...
%!          sprintf ('L = %d, K = %d: %.12g vs closed form %.12g (%s)', L, K, ...
%!                   info.objective, Pstar, info.status));
%!  st = cvxnn_structure (net);
%!  assert (st.balance <= 1e-4);
%!  assert (max (st.neuron_balance) <= 1e-4);
%!  r = sum (sig > 0);
%!  assert (st.rank, r * ones (1, L));
%!  for l = 1:L
%!    assert (st.sv{l}(1:r), sig(1:r).^(1 / L), 1e-4);   % equal spectra, MATH 5.3
%!  end
%!  for l = 1:L-1
%!    assert (min (st.align{l}) >= 1 - 1e-6);
%!  end
%!  % the end-to-end map is the closed form W* = U diag(sig) V'
%!  [U, ~, V] = svd (X' * Y);
%!  W = eye (6);
%!  for l = 1:L
%!    W = W * net.W{l};
%!  end
%!  k = numel (s);
%!  assert (norm (W - U(:, 1:k) * diag (sig) * V(:, 1:k)', 'fro') <= 1e-4 * norm (sig));
%!endfunction

%!test check_deep_linear (2, 3, [6 4 0.5], 1, 1)
%!test check_deep_linear (3, 3, [6 4 1.5], 1, 2)
%!test check_deep_linear (4, 3, [7 5 1.0], 1, 3)
%!test check_deep_linear (3, 1, 5, 1, 4)
%!test check_deep_linear (4, 2, [8 3], 0.5, 5)

%!test
%! % the threshold s*_L of MATH 5.3 separates kept from killed directions:
%! % L = 3, beta = 1 gives s* = 2; 2.3 survives, 1.7 does not
%! [X, Y, s] = whitened_problem (30, 4, 2, [2.3 1.7], 6);
%! [net, info] = cvxnn_train (X, Y, 'Lambda', 1, 'Layers', [4 4], 'Activation', 'linear', ...
%!                            'Bias', false, 'Tol', 1e-11, 'Epochs', 20000, 'Init', 1, 'Seed', 2);
%! sig = prox_depth (s, 1, 3);
%! assert (sig(1) > 0 && sig(2) == 0);
%! assert (cvxnn_structure (net).rank, [1 1 1]);

%!function [F, P] = bn_closed_form (Y, beta, conv)
%!  % optimum of the batch-normalized model on free features, MATH 5.6:
%!  % min_F 0.5 |F - Y|^2 + beta |M F|_*
%!  n = rows (Y);
%!  if strcmp (conv, 'std')
%!    M = eye (n) / sqrt (n);
%!    [U, S, V] = svd (Y, 'econ');
%!    F = U * max (S - beta / sqrt (n), 0) * V';
%!  else
%!    % balanced one-hot labels only
%!    N = n / columns (Y); K = columns (Y);
%!    P1 = ones (n) / n;
%!    M = (eye (n) - P1) + P1 / sqrt (n);
%!    F = max (1 - beta / sqrt (N), 0) * (Y - P1 * Y) + max (1 - beta / (N * sqrt (K)), 0) * P1 * Y;
%!  end
%!  P = 0.5 * norm (F - Y, 'fro')^2 + beta * sum (svd (M * F));
%!endfunction

%!test
%! % batch normalization before the last layer on free features (X = I):
%! % std convention, any targets, F* = SVT (Y); balanced one-hot, both
%! % conventions (MATH 5.6); the network's outputs are F*
%! randn ('state', 7);
%! K = 3; N = 4; n = K * N;
%! Yoh = kron (eye (K), ones (N, 1));
%! cases = {randn(n, 2), 1.5, 'std'; Yoh, 2, 'std'; Yoh, 1, 'l2'};
%! for c = 1:rows (cases)
%!   [Y, beta, conv] = cases{c, :};
%!   [Fs, Ps] = bn_closed_form (Y, beta, conv);
%!   [net, info] = cvxnn_train (eye (n), Y, 'Lambda', beta, 'Layers', 6, 'BatchNorm', conv, ...
%!                              'Tol', 1e-11, 'Epochs', 20000, 'Seed', c);
%!   assert (abs (info.objective - Ps) <= 1e-6 * Ps, ...
%!           sprintf ('BN %s: %.12g vs closed form %.12g (%s)', conv, info.objective, Ps, info.status));
%!   assert (norm (cvxnn_predict (net, eye (n)) - Fs, 'fro') <= 1e-3 * norm (Fs, 'fro'));
%! end

%!test
%! % cvxnn_bn_collapse against this file's independent transcription of
%! % MATH 5.6 (outputs and objective), both conventions
%! K = 4; N = 3; n = K * N;
%! Y = kron (eye (K), ones (N, 1));
%! for conv = {'std', 'l2'}
%!   for beta = [0.3, 1.2]
%!     [Fs, Ps] = bn_closed_form (Y, beta, conv{1});
%!     [net, info] = cvxnn_bn_collapse (eye (n), Y, 'Lambda', beta, 'Convention', conv{1});
%!     assert (info.F, Fs, 1e-12);
%!     assert (info.objective, Ps, 1e-12 * Ps);
%!     assert (cvxnn_objective (net, eye (n), Y), Ps, 1e-12 * Ps);
%!   end
%! end
