% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% The short nonconvex run whose patterns seed a grown pool: L-BFGS on a
% two-layer network of 'PoolWidth' neurons at LAM, seeded, within a
% budget of about 1e11 flops (1000 iterations at diabetes' size; at
% n = 1e4, d = 100, 55 with relu's 300 neurons; 300 at most for the gated
% fit), ending early once the objective has settled (near lambda_max it
% does in 100-400 iterations, and the grid's fits reach the same
% objectives); for relu, a run still falling after 1000 goes on, within
% the budget, for up to 2000 more until it falls by less than 1e-4 in 50;
% along a path from the network of the next smaller lambda, a tenth as
% long and with no early end.
% SEED: TNET, or no neuron when it is no better
% than the zero network (above lambda_max its tiny weights would only add
% noise to the pool).  STOPPED: Ctrl-C during a run.  RUNS > 1 (a
% single lambda's 'PoolRuns'): where the cold run is still falling after
% its first 1000 iterations, RUNS - 1 more cold runs of 1000 (seeds
% Seed + 1, ...) whose networks better than the zero one are EXTRA (a
% cell): one run's patterns are a lottery at small lambda, and only a
% pool holding several is never worse than each.  Measured on diabetes,
% breast cancer (squared, logistic, raw squared) and planted 1000 x 20 at
% 1e-2..1e-4 lambda_max (relu, default pool; 2 runs against 1): every
% objective lower or equal, by up to 1.3% (diabetes 1e-3 24.499 ->
% 24.184, below Adam's 24.254; planted 1e-3 5.227 -> 5.184), the 15 fits
% 94 -> 124 s.  A second run 600 wide lowered them further (diabetes
% 1e-3: 23.57) for 153 s; one of 300 in place of 1000 of the first run's
% extension was higher in two of them.
function [tnet, seed, stopped, extra] = cvxnn_fit_train_seed (X, T, lam, opts, tnet, runs)
  extra = {};
  falling = false;
  [n, d] = size (X);
  w = opts.PoolWidth;
  budget = max (50, floor (1e11 / (6 * n * (d + 1) * w)));
  E = min (1000, budget);
  relu = strcmp (opts.Model, 'relu');
  Ecold = cvxnn_ternary (relu, E, min (E, 300));
  base = {'Lambda', lam, 'Loss', opts.Loss, 'Optimizer', 'lbfgs', 'Seed', opts.Seed};
  if isempty (tnet)
    % He's start assumes inputs of unit scale: on raw columns (breast
    % cancer's reach 2.5e3) its first products are hundreds of times too
    % large, and 1000 L-BFGS iterations left the objective at 45 times the
    % zero network's, where the start scaled by 1 / rms (X) reaches 81
    % (the fit over the sampled pool: 140).  Unit-scale data keep it as it
    % was (the rms of standardized columns is below 1).
    init = min (1, 1 / sqrt (mean (X(:).^2)));
    % the gated fit's pool grows mostly from the dual (its rounds add
    % hundreds of patterns at small lambda), so its run is short: 300
    % iterations gave the same objectives as 1000 on the grid (within
    % 0.5%, as often lower as higher) in 0.3-1 s less
    [tnet, ti] = cvxnn_train (X, T, base{:}, 'Layers', w, 'Bias', opts.Bias, ...
                              'FunctionTolerance', 1e-5, 'Init', init, ...
                              'Epochs', Ecold);
    % ran its 1000 to the end: relu only (gated's runs are 300 at most)
    falling = strcmp (ti.status, 'max_iter') && ti.iterations >= 1000;
    if falling && budget > E
      % still falling after 1000 (small lambda): relu's pool is what the
      % run finds, and 2000 more, ended once a 50-iteration stretch gains
      % less than 1e-4, lowered diabetes at 1e-4 lambda_max from 3.567 to
      % 3.118 (L-BFGS run 10 times as long reaches 3.02)
      [tnet, t2] = cvxnn_train (X, T, base{:}, 'Init', tnet, 'Epochs', min (2000, budget - E), ...
                                'FunctionTolerance', 1e-4);
      ti.status = t2.status;
      ti.objective = t2.objective;
      ti.iterations = ti.iterations + t2.iterations;
    end
  else
    % along a path (cvxnn_fit_path: from the smallest lambda up) the
    % network of the lambda below moves little: a tenth of the cold
    % run's length.  Relu, 100: the single fits' objectives within 1% on
    % the diabetes and breast cancer paths; 250 gained at most 1.3%
    % there, for 1.05 to 1.17 times the whole path's time.  Gated, 30:
    % the chain 1.7 and 4.3 s instead of 3.2 and 11.1 s with 100 (paths
    % 17% and 33% shorter), the objectives within 1.5%
    E = max (cvxnn_ternary (relu, 50, 25), ceil (Ecold / 10));
    [tnet, ti] = cvxnn_train (X, T, base{:}, 'Init', tnet, 'Epochs', E);
  end
  stopped = strcmp (ti.status, 'interrupted');
  zero = zero_loss (tnet, X, T);
  seed = better_than_zero (tnet, ti, zero, w, opts);
  if nargin < 6 || runs < 2 || stopped || ~falling
    return;
  end
  if strcmp (opts.Display, 'iter')
    fprintf ('cvxnn_fit: the run is still falling: %d more for the pool\n', runs - 1);
  end
  for r = 1:runs - 1
    base{end} = cvxnn_seed_plus (opts.Seed, r);
    [net, tr] = cvxnn_train (X, T, base{:}, 'Layers', w, ...
                             'Bias', opts.Bias, 'FunctionTolerance', 1e-5, 'Init', init, ...
                             'Epochs', E);
    if strcmp (tr.status, 'interrupted')
      stopped = true;                     % the first run's network stands
      return;
    end
    net = better_than_zero (net, tr, zero, w, opts);
    if any (net.W{2} ~= 0)
      extra{end+1} = net;
    end
  end
end

% the loss of the zero network, from a network of width 0 (one product
% with X fewer: a tenth of a second at n = 2e4, width 200)
function zero = zero_loss (net, X, T)
  z = net;
  z.W = {zeros(size (X, 2), 0), zeros(0, size (net.W{2}, 2))};
  if ~isempty (z.b{1})
    z.b{1} = zeros (1, 0);
  end
  [~, zero] = cvxnn_net_objective (z, X, T);
end

function seed = better_than_zero (net, ti, zero, w, opts)
  seed = net;
  if ~(ti.objective < zero * (1 - 1e-9))
    seed.W{2}(:) = 0;
  end
  if strcmp (opts.Display, 'iter')
    fprintf ('cvxnn_fit: trained %d neurons for the pool: objective %.10g, %d iterations\n', ...
             w, ti.objective, ti.iterations);
  end
end
