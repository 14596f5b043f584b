% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% 'InitialNetwork' NET0 (two layers, relu, one output): its neurons'
% patterns join the pool D, and USEED is NET0 as a point of the convex
% program (MATH 4.2 "map": neuron (w, v) is the group |v| w of its
% pattern, in the v-part when v > 0 and the w-part when v < 0, or v w in
% the gated program).  By the AM-GM inequality its convex objective is at
% most NET0's, with equality when NET0 is balanced.  US: variables over
% the old D (cell, gateway layout), padded for the new patterns.
function [D, Gdir, Useed, Us] = cvxnn_fit_seed (net0, X, Xa, D, Gdir, opts, K, Us)
  id = 'cvxnn:fit:initialNetwork';
  sp = cvxnn_net_layers ('fit', net0);
  d = size (X, 2);
  if numel (net0.W) ~= 2 || ~strcmp (sp.act, 'relu') || sp.width(1) ~= d ...
     || sp.width(3) ~= 1 || K ~= 1 || sp.bias(2) || (sp.bias(1) && ~opts.Bias)
    error (id, ['cvxnn_fit: ''InitialNetwork'' must be a two-layer ReLU network ' ...
                'with %d inputs, one output (K = %d here), no output bias, and no ' ...
                'first-layer bias when ''Bias'' is false'], d, K);
  end
  m = sp.width(2);
  W1a = net0.W{1};
  if opts.Bias
    b1 = zeros (1, m);
    if sp.bias(1)
      b1 = net0.b{1}(:)';
    end
    W1a = [W1a; b1];
  end
  v = net0.W{2}(:);
  keep = find (v ~= 0 & any (W1a ~= 0, 1)');
  relu = strcmp (opts.Model, 'relu');
  [D, Gdir, Us, where] = cvxnn_fit_join (D, Gdir, Xa * W1a(:, keep) >= 0, ...
                                         W1a(:, keep), Us, relu);
  P = size (D, 2);
  Useed = zeros (size (Xa, 2), P * (1 + relu));
  for t = 1:numel (keep)
    j = keep(t);
    col = where(t) + P * (relu && v(j) < 0);
    Useed(:, col) = Useed(:, col) + cvxnn_ternary (relu, abs (v(j)), v(j)) * W1a(:, j);
  end
end
