% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% Neurons from the convex solution (MATH 4.2 "map back", 4.5): a group
% u ~= 0 becomes u/sqrt(|u|) in, +-sqrt(|u|) out, so that each neuron is
% balanced and the weight decay equals lambda*|u|.  GDIR: the directions
% generating the patterns D (for gated networks their gates; found
% before the solve where D was given without them).
function [net, info] = cvxnn_fit_net (U, D, Gdir, X, opts, lam, classes, K)
  d = size (X, 2);
  da = size (U, 1);
  P = size (D, 2);
  relu = strcmp (opts.Model, 'relu');
  G = P * (1 + relu);
  nrm = sqrt (sum (U.^2, 1));
  keep = find (nrm > 0);
  m = numel (keep);
  W1 = zeros (d, m); b1 = zeros (1, m); W2 = zeros (m, K); pat = zeros (m, 1);
  for j = 1:m
    col = keep(j) - 1;                    % 0-based: k * G + g
    k = floor (col / G) + 1;
    g = mod (col, G);
    s = 1;
    if relu && g >= P
      s = -1;
    end
    pat(j) = mod (g, P) + 1;
    u = U(:, keep(j)) / sqrt (nrm(keep(j)));
    W1(:, j) = u(1:d);
    if opts.Bias
      b1(j) = u(d+1);
    end
    W2(j, k) = s * sqrt (nrm(keep(j)));
  end
  net.W = {W1, W2};
  if opts.Bias
    net.b = {b1, []};
  else
    net.b = {[], []};
  end
  net.activation = opts.Model;
  net.lambda = lam;
  net.loss = opts.Loss;
  if ~isempty (classes)
    net.classes = classes;
  end
  if ~relu
    % gate of neuron j: the direction that generated its pattern
    Gt = zeros (da, m);
    if m > 0
      Gt = Gdir(:, pat);
    end
    net.gates = {Gt(1:d, :), zeros(1, m)};
    if opts.Bias
      net.gates{2} = Gt(d+1, :);
    end
  end
  info.neuron_pattern = pat;
end
