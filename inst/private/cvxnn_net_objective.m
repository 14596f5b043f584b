% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [obj, lossval, F] = cvxnn_net_objective (net, X, T)
%
% Weight-decay objective of a network on data X with targets T in the
% internal encoding (squared: n-by-K values; logistic: n-by-1 of +-1;
% crossentropy: n-by-K one-hot):
%   loss (F, T) + (lambda/2) * sum over layers (|W_l|_F^2 + |b_l|^2)
% (biases flagged in net.freebias left out)
% with the losses of MATH 1.5 (squared loss 0.5*|F - T|_F^2, not divided
% by n).  Computed from the network itself, independently of the C core.

function [obj, lossval, F] = cvxnn_net_objective (net, X, T)
  F = cvxnn_predict (net, X);
  switch net.loss
    case 'squared'
      lossval = 0.5 * sum ((F(:) - T(:)).^2);
    case 'logistic'
      m = -T .* F;                              % log (1 + exp (m)), stably
      lossval = sum (max (m, 0) + log1p (exp (-abs (m))));
    case 'crossentropy'
      fmax = max (F, [], 2);
      lse = fmax + log (sum (exp (F - fmax), 2));
      lossval = sum (lse - sum (T .* F, 2));
  end
  reg = 0;
  for l = 1:numel (net.W)
    reg = reg + sum (net.W{l}(:).^2);
    free = isfield (net, 'freebias') && ~isempty (net.freebias) && net.freebias(l);
    if numel (net.b) >= l && ~isempty (net.b{l}) && ~free
      reg = reg + sum (net.b{l}(:).^2);
    end
  end
  obj = lossval + net.lambda / 2 * reg;
end
