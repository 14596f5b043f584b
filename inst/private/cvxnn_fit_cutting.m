% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% Cutting planes (MATH 4.3): solve over a few patterns, find the extreme
% points of the dual point over the pool (every pattern when the pool is
% exact; else the sampled pool plus a local search), add the patterns
% whose constraint is violated, repeat.  The bound reported is computed
% over the pool, so it is global when the pool is exact.
function [net, info, ci, W, exact, rounds] = cvxnn_fit_cutting (Dpool, exact, X, Xa, T, ...
                                                            model, loss, lam, opts, classes, K)
  n = size (X, 1);
  search = struct ('Count', 5, 'Method', 'auto', 'Bias', opts.Bias, ...
                   'Activation', 'relu', 'Seed', opts.Seed, 'Arrangements', Dpool);
  if ~exact && isnumeric (opts.Arrangements)
    search.Arrangements = opts.Arrangements;   % resampled, with local search
    search.Method = 'sample';
  end
  % start: the patterns most violated by the zero network (Lam = -grad L(0))
  Lam = cvxnn_loss_dual ('point', opts.Loss, zeros (n, K), T);
  W = false (n, 0);
  iters = 0;
  loop = [0, 0];
  hist = [];
  interrupted = false;
  current = false;
  tight = 0;
  opts_in = opts;
  t0 = tic;
  for rounds = 1:100
    add = false (n, 0);
    c = zeros (1, K);
    for k = 1:K
      [~, val, si] = cvxnn_dual_search ('fit', X, Lam(:, k), search);
      c(k) = max (val);
      add = [add, si.pattern(:, val > lam * (1 + opts.Tol))];
    end
    if rounds == 1
      lambda_max = max (c);               % the zero network's threshold, MATH 2.5
    else
      % the previous round's network certified over the pool: the history
      % row that is global (the rows of a round are over its working set)
      Lt = cvxnn_dual_feasible (opts.Loss, Lam, c, lam);
      dv = cvxnn_loss_dual ('value', opts.Loss, Lt, T);
      hist(end+1, :) = global_row (iters, info.primal, dv, net, W, t0);
    end
    add = unique (add', 'rows')';
    if ~isempty (W)
      add = add(:, ~ismember (add', W', 'rows'));
    end
    if isempty (add) && rounds > 1
      % no pattern violated beyond Tol, but the gap over the pool is also
      % the working set's own: its solve certified itself with a second
      % dual point (the Newton solver's), where this bound takes the
      % residual, and that can lag behind (2-D data at Tol 1e-9: 5e-8
      % here, 5e-10 in the solve).  Solved again 100 times tighter, twice
      % at most.
      if (info.primal - dv) / max (1, abs (info.primal)) <= opts.Tol || tight >= 2
        current = true;                   % c is that of the final Lam
        break;
      end
      tight = tight + 1;
      opts_in.Tol = max (opts.Tol * 0.01^tight, 1e-15);
    end
    current = false;
    if isempty (add)
      add = si.pattern(:, 1);             % lambda >= lambda_max: any start
    end
    % warm start: the solution so far, its groups moved to the new layout
    % (per output the groups v_1..v_P then w_1..w_P, MATH 4.2)
    Pold = size (W, 2);
    W = [W, add];
    P = size (W, 2);
    U0 = [];
    if Pold > 0
      U0 = zeros (size (Xa, 2), 2 * P * K);
      for k = 0:K-1
        U0(:, k*2*P + (1:Pold)) = U(:, k*2*Pold + (1:Pold));
        U0(:, k*2*P + P + (1:Pold)) = U(:, k*2*Pold + Pold + (1:Pold));
      end
    end
    [net, info, ci, U] = cvxnn_fit_on (W, [], X, Xa, T, model, loss, lam, opts_in, classes, K, U0);
    h = ci.history;
    if ~isempty (h)
      h(:, 1) = h(:, 1) + iters;
      h(:, 7) = h(:, 7) + toc (t0) - h(end, 7);   % one clock for all rounds
      h(:, 9) = 0;
    end
    hist = [hist; h];
    iters = iters + ci.iterations;
    loop = loop + [ci.loop_time, ci.loop_flops];
    if strcmp (ci.status, 'interrupted')
      interrupted = true;                 % Ctrl-C: the network so far
      break;
    end
    Lam = cvxnn_loss_dual ('point', opts.Loss, cvxnn_predict (net, X), T);
    if strcmp (opts.Display, 'iter')
      fprintf ('cvxnn_fit: cutting plane %d: %d patterns, objective %.10g\n', ...
               rounds, size (W, 2), info.primal);
    end
  end
  % the certificate over the pool, from the last dual point (after 100
  % rounds, c is still that of the one before: search once more)
  if ~current && ~interrupted
    for k = 1:K
      [~, val] = cvxnn_dual_search ('fit', X, Lam(:, k), search);
      c(k) = max (val);
    end
  end
  Lt = cvxnn_dual_feasible (opts.Loss, Lam, c, lam);
  info.violation = max (c) / lam;
  info.dual = cvxnn_loss_dual ('value', opts.Loss, Lt, T);
  info = cvxnn_fit_gaps (info);
  info.status = cvxnn_ternary (info.relgap <= opts.Tol, 'solved', 'max_iter');
  if ~current                           % else the last row is this certificate
    hist(end+1, :) = global_row (iters, info.primal, info.dual, net, W, t0);
  end
  if interrupted
    info.status = 'interrupted';
  end
  ci.violation = info.violation;
  ci.iterations = iters;
  ci.loop_time = loop(1);
  ci.loop_flops = loop(2);
  ci.history = hist;
  ci.lambda_max = lambda_max;
end

% A history row certifying a cutting-plane round's network over the pool
% (flag 1); the relative gap as info.relgap defines it.
function row = global_row (iters, primal, dual, net, W, t0)
  rg = (primal - dual) / max (1, abs (primal));
  row = [iters, primal, dual, rg, size(net.W{1}, 2), NaN, toc(t0), size(W, 2), 1];
end
