% cvxnn main job (run by `make demo`).
%
% Until cvxnn_fit lands this shows the kernel every convex fit stands on:
% the ReLU activation patterns (hyperplane arrangements, MATH 4.1) of real
% data.  A two-layer ReLU network on these data is a convex program with
% one group of variables per pattern (MATH 4.2).
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

[X, y, names] = cvxnn_dataset ('diabetes');
X = (X - mean (X)) ./ std (X);             % standardize the features
[n, d] = size (X);
fprintf ('Diabetes data: %d patients, %d features\n\n', n, d);

% Exact: one feature with a bias (a 1-D network) has exactly 2m-1 patterns
% for m distinct values.
bmi = X(:, strcmp (names, 'bmi'));
[D, G, info] = cvxnn_arrangements (bmi, 1, 'Bias', true, 'Method', 'exact');
fprintf ('bmi alone, exact:   %8d patterns (%d distinct values, 2m-1 = %d), %.3f s\n', ...
         info.distinct, numel (unique (bmi)), 2 * numel (unique (bmi)) - 1, info.time);

% Two features with a bias (rank 3).  These discretized measurements are
% far from general position (many collinear points), so there are fewer
% cells than Cover's bound; the enumeration handles the ties exactly.
X2 = X(:, [3 4]);
cover3 = 2 * sum (arrayfun (@(k) nchoosek (n - 1, k), 0:2));
[D, G, info] = cvxnn_arrangements (X2, 1, 'Bias', true, 'Method', 'exact');
fprintf ('bmi and bp, exact:  %8d patterns (Cover''s bound for general position %d), %.2f s\n', ...
         info.distinct, cover3, info.time);
[D, G, info] = cvxnn_arrangements (X2, 1e6, 'Bias', true, 'Seed', 1);
fprintf ('bmi and bp, sampled: %7d of them from 1e6 directions (unseen mass ~ %.3f), %.2f s\n', ...
         info.distinct, info.unseen, info.time);

% All ten features: far too many cells to enumerate, so sample and watch
% the Good-Turing estimate of the probability mass still unseen.
fprintf ('\nAll %d features with a bias, sampled:\n', d);
fprintf ('%10s %10s %12s %10s\n', 'P', 'patterns', 'unseen mass', 'time [s]');
for P = [1e2 1e3 1e4 1e5]
  [D, G, info] = cvxnn_arrangements (X, P, 'Bias', true, 'Seed', 1);
  fprintf ('%10d %10d %12.4f %10.3f\n', P, info.distinct, info.unseen, info.time);
end
fprintf ('\nEvery sampled pattern is a valid neuron: all(D == ([X 1]*G >= 0)) = %d\n', ...
         isequal (D, [X, ones(n, 1)] * G >= 0));
