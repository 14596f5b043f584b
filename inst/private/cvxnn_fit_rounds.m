% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% Cutting planes from the dual (MATH 4.3) on a grown pool: at the fit's
% dual point, fresh sampled patterns give those whose dual constraint is
% violated; they join the pool and the fit goes on from where it was, for
% up to 'PoolRounds' rounds.  A direction u found in the cone of a
% pattern lies in the cone of its own pattern Xa u >= 0 with the same
% value, so that pattern, with u as its gate, is the one added.  Solves
% before the last round may stop at a looser tolerance
% (cvxnn_fit_round_tol); one whose search then adds nothing is solved
% again to Tol.  The solves share 'MaxIter': once the iterations spent
% reach it, no pattern joins (the pool stays the one solved over) and
% the last search is only reported (raw breast cancer, logistic, relu at
% 1.8e-7 lambda_max: each of three solves ran its own 10000, 20787
% iterations in 740 s for a relative gap of 0.84).
function [net, info, ci, U, D, Gdir, Useed, rounds] = cvxnn_fit_rounds (net, info, ci, U, D, ...
    Gdir, Useed, X, Xa, T, model, loss, lam, opts, classes, K)
  rounds = 1;
  iters = ci.iterations;
  hist = ci.history;
  sampled = 0;
  last = [];
  loose = cvxnn_fit_round_tol (opts, model);
  tight = loose <= opts.Tol;            % the first solve's tolerance
  % PoolRounds searches that may add patterns, and one more at the
  % network returned: what it finds is reported, not added
  for r = 1:opts.PoolRounds + 1
    if strcmp (info.status, 'interrupted')
      last = [];                          % no search at the network returned
      break;
    end
    ts = tic;
    Lam = cvxnn_loss_dual ('point', opts.Loss, cvxnn_predict (net, X), T);
    try
      [Ud, val, ns, cs] = violated_patterns (X, Xa, Lam, lam, model, opts, r);
    catch err
      if isempty (regexp (err.identifier, ':interrupted$', 'once'))
        rethrow (err);
      end
      info.status = 'interrupted';        % Ctrl-C in the search: the fit so far
      ci.status = 'interrupted';
      last = [];
      break;
    end
    sampled = sampled + ns;
    v = val > lam * (1 + opts.Tol);
    last = struct ('Lam', Lam, 'c', cs, 'violations', nnz (v), 'found', max ([0, val]));
    if r > opts.PoolRounds || iters >= opts.MaxIter
      break;
    end
    P0 = size (D, 2);
    [D, Gdir, Us] = cvxnn_fit_join (D, Gdir, Xa * Ud(:, v) >= 0, Ud(:, v), {U, Useed}, ~model);
    if strcmp (opts.Display, 'iter')
      fprintf (['cvxnn_fit: pool round %d: %d patterns added (largest constraint found ' ...
                '%.4g lambda, bound %.4g lambda, search %.3g s)\n'], r, size (D, 2) - P0, ...
               last.found / lam, last.c / lam, toc (ts));
    end
    added = size (D, 2) > P0;
    if ~added && tight
      break;
    end
    [U, Useed] = Us{:};
    % the last round's solve, and one whose search added nothing, go to
    % Tol; the others stop at the loose tolerance of the first solve
    tight = r == opts.PoolRounds || ~added || loose <= opts.Tol;
    o = opts;
    o.MaxIter = opts.MaxIter - iters;
    if ~tight
      o.Tol = loose;
    end
    [net, info, ci, U] = cvxnn_fit_on (D, Gdir, X, Xa, T, model, loss, lam, o, classes, K, U);
    rounds = rounds + 1;
    h = ci.history;
    if ~isempty (h)
      h(:, 1) = h(:, 1) + iters;
      if ~isempty (hist)
        h(:, 7) = h(:, 7) + hist(end, 7);
      end
    end
    hist = [hist; h];
    iters = iters + ci.iterations;
  end
  ci.iterations = iters;
  ci.history = hist;
  % the estimate: the dual point scaled by the largest violation seen,
  % over the pool (the fit's certificate) or in the last search
  ci.search = struct ('exhaustive', false, 'sampled', sampled, 'violations', NaN, ...
                      'largest', NaN);
  ci.global_lower = NaN;
  if ~isempty (last)
    c = max (last.c, ci.violation * lam);
    ci.search.violations = last.violations;
    ci.search.largest = c / lam;
    Lt = cvxnn_dual_feasible (opts.Loss, last.Lam, c, lam);
    ci.global_lower = cvxnn_loss_dual ('value', opts.Loss, Lt, T);
  end
end

% Directions U (da-by-m) of patterns outside the pool with their dual
% constraint values VAL at the dual point LAM (one output; weight decay
% lam), from a fresh
% sample of 'Arrangements' directions (seed Seed + R); NS: patterns
% sampled; C: at least the largest constraint value among them.  Gated,
% |Xa' (D .* LAM)| (MATH 4.5).  Relu, that is an upper bound (|Pi_K g| <=
% |g|), so the exact values (cone projections, cvxnn_extreme_points'
% kernel) are needed only for the 100 patterns of largest bound above
% lambda: at d = 30 all of them cost 28 s (with a local search from the
% best), these about a second.
function [U, val, ns, c] = violated_patterns (X, Xa, Lam, lam, model, opts, r)
  [D, U] = cvxnn_arrangements (X, opts.Arrangements, 'Bias', opts.Bias, ...
                               'Seed', cvxnn_seed_plus (opts.Seed, r), 'Method', 'sample');
  ns = size (D, 2);
  val = sqrt (sum ((Xa' * (D .* Lam)).^2, 1));
  c = max ([0, val]);
  if model
    return;
  end
  [val, o] = sort (val, 'descend');
  top = o(1:min (100, ns));
  top = top(val(1:numel (top)) > lam * (1 + opts.Tol));
  c = max ([0, val(numel (top) + 1:end)]);   % the bounds not refined
  if isempty (top)
    U = zeros (size (Xa, 2), 0);
    val = zeros (1, 0);
    return;
  end
  s = struct ('Count', 2 * numel (top), 'Method', 'sample', 'Bias', opts.Bias, ...
              'Activation', 'relu', 'Seed', opts.Seed, 'Arrangements', D(:, top));
  [U, val] = cvxnn_dual_search ('fit', X, Lam, s);
  c = max ([c, val]);
end
