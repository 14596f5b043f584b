% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% memcheck_calls ()
%
% Small calls of every gateway and option path, for tests/memcheck.sh to
% run under valgrind: each kernel with each model, loss, solver and
% option that takes its own path through the C code, an interrupted-free
% error path of each gateway, and the one-output call of the objective
% (once a heap overflow).  Sizes are tiny: valgrind runs them 30-50 times
% slower.  Prints "memcheck calls: N done" at the end.

function memcheck_calls ()
  done = 0;
  randn ('state', 1); rand ('state', 1);
  X = randn (12, 2); y = X(:, 1) .* X(:, 2); yl = sign (y + 0.1);
  lab = 1 + (X(:, 1) > 0) + (X(:, 2) > 0.5);
  % arrangements: sampled, exact, with and without a bias
  cvxnn_arrangements (X, 20);
  cvxnn_arrangements (X, 1, 'Method', 'exact', 'Bias', true);
  cvxnn_arrangements (X(:, 1), 1, 'Method', 'exact', 'Bias', true);
  done = done + 3;
  % the fit: models, losses, solvers, pools, paths, cutting planes
  warning ('off', 'cvxnn:fit:notConverged', 'local');   % capped on purpose
  for model = {'relu', 'gated'}
    cvxnn_fit (X, y, 'Lambda', 0.1, 'Model', model{1}, 'Arrangements', 8, 'PoolWidth', 4, ...
               'MaxIter', 30);
    cvxnn_fit (X, y, 'Lambda', 0.1, 'Model', model{1}, 'Arrangements', 8, ...
               'Pool', 'sample', 'Solver', 'fista', 'MaxIter', 30);
    cvxnn_fit (X, yl, 'Lambda', 0.1, 'Model', model{1}, 'Loss', 'logistic', ...
               'Arrangements', 8, 'Pool', 'sample', 'MaxIter', 30);
    cvxnn_fit (X, lab, 'Lambda', 0.1, 'Model', model{1}, 'Loss', 'crossentropy', ...
               'Arrangements', 8, 'MaxIter', 30);
    done = done + 4;
  end
  cvxnn_fit (X, y, 'Lambda', [0.5 0.1], 'Arrangements', 8, 'PoolWidth', 4, 'MaxIter', 30);
  cvxnn_fit (X(:, 1), y, 'Lambda', 0.1, 'Method', 'cutting-plane', 'MaxIter', 30);
  % patterns without their directions: a gated fit finds its gates
  cvxnn_fit (X, y, 'Lambda', 0.1, 'Model', 'gated', 'Arrangements', ...
             cvxnn_arrangements (X, 8), 'MaxIter', 30);
  done = done + 3;
  % extreme points, dual, certificate, objective (one and two outputs)
  net = cvxnn_train (X, y, 'Lambda', 0.1, 'Layers', 4, 'Epochs', 5);
  cvxnn_extreme_points (X, y - cvxnn_predict (net, X), 'Count', 2, 'Arrangements', 8);
  cvxnn_dual (X, y, 'Lambda', 0.1, 'Arrangements', 8);
  cvxnn_certify (net, X, y, 'Arrangements', 8);
  f = cvxnn_objective (net, X, y);
  [f, g] = cvxnn_objective (net, X, y);
  done = done + 5;
  % the trainer: optimizers, depth, batch normalization, classification
  for opt = {'lbfgs', 'gd', 'sgd', 'adam'}
    cvxnn_train (X, y, 'Lambda', 0.1, 'Layers', [3 3], 'Optimizer', opt{1}, 'Epochs', 3, ...
                 'BatchSize', 5);
    done = done + 1;
  end
  cvxnn_train (X, y, 'Lambda', 0.1, 'Layers', [3 3], 'BatchNorm', true, 'Epochs', 3);
  cvxnn_train (X, lab, 'Lambda', 0.1, 'Layers', 3, 'Loss', 'crossentropy', 'Epochs', 3);
  cvxnn_spline1d (X(:, 1), y, 'Lambda', 0.1);
  done = done + 3;
  % error paths inside the gateways release what they hold
  bad = {@() cvxnn_arrangements (randn (20, 2), 1e12), ...
         @() cvxnn_fit (randn (2e5, 2), randn (2e5, 1), 'Lambda', 1, 'Arrangements', 1e7, ...
                        'Method', 'direct'), ...
         @() cvxnn_train (X, y, 'Lambda', 0.1, 'Layers', 1e10)};
  for k = 1:numel (bad)
    try
      bad{k} ();
    catch
    end
    done = done + 1;
  end
  fprintf ('memcheck calls: %d done\n', done);
end
