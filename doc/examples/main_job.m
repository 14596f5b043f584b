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
fprintf ('bmi alone, exact:      %5d patterns (%d distinct values, 2m-1 = %d), %.3f s\n', ...
         info.distinct, numel (unique (bmi)), 2 * numel (unique (bmi)) - 1, info.time);

% Two features with a bias (rank 3): enumeration needs rows in general
% position, which these discretized measurements are not (many points are
% collinear), so 'auto' falls back to sampling and says so in info.
X2 = X(:, [3 4]);
cover3 = 2 * sum (arrayfun (@(k) nchoosek (n - 1, k), 0:2));
[D, G, info] = cvxnn_arrangements (X2, 2e5, 'Bias', true, 'Method', 'auto');
fprintf ('bmi and bp, auto:      %5d patterns by ''%s'' (Cover''s bound %d), unseen mass %.4f, %.3f s\n', ...
         info.distinct, info.method, cover3, info.unseen, info.time);

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
