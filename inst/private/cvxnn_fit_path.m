% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% The fits over the lambdas LAMS (given order; solved from the largest
% down, each from the solution at the one before, MATH 4.7), on patterns
% of X drawn once.  DEFAULT: LAMS is [], the path is NumLambda values
% from lambda_max down to LambdaRatio lambda_max, and stops early once
% the training loss saturates.
function [nets, infos, solved, arr] = cvxnn_fit_path (X, T, classes, lams, opts, default)
  t0 = tic;
  [n, d] = size (X);
  K = size (T, 2);
  refuse_size (X, opts, K, cvxnn_ternary (default, opts.NumLambda, numel (lams)));
  Xa = X;
  if opts.Bias
    Xa = [X, ones(n, 1)];
  end
  [D, Gdir, exact, interrupted] = draw_patterns (X, Xa, opts);
  model = double (strcmp (opts.Model, 'gated'));
  loss = find (strcmp (opts.Loss, {'squared', 'logistic', 'crossentropy'})) - 1;
  % what the folds of a cross-validation restrict to their rows
  arr = opts.Arrangements;
  if islogical (arr) || iscell (arr)
    arr = D;
    if ~isempty (Gdir)
      arr = {D, Gdir};
    end
  end
  Useed = [];
  if ~isempty (opts.InitialNetwork) && ~interrupted
    [D, Gdir, Useed] = cvxnn_fit_seed (opts.InitialNetwork, X, Xa, D, Gdir, opts, K, {});
  end
  if default && ~interrupted
    % lambda_max: the zero network's certificate (no iteration)
    [~, c0] = cvxnn_mex ('fit', Xa, D, T, model, loss, 1, opts.Tol, 0, 10, 0, [], 0, 0, 0);
    lams = c0.lambda_max * logspace (0, log10 (opts.LambdaRatio), opts.NumLambda);
    interrupted = strcmp (c0.status, 'interrupted');    % lambda_max unknown
    if interrupted
      lams = [];
    end
  end
  if strcmp (opts.Display, 'iter')
    fprintf ('cvxnn_fit: %s model, %s loss, %s, n = %d, d = %d%s, %d %s patterns\n', ...
             opts.Model, opts.Loss, lambda_text (lams), n, d, ...
             cvxnn_ternary (opts.Standardize, ' (standardized)', ''), size (D, 2), ...
             pool_word (exact, opts.Arrangements));
  end
  if interrupted
    % Ctrl-C while drawing the patterns: the zero network, at the first
    % lambda of the path (of the default path, whose lambda_max is not
    % known yet: realmax, where the zero network is optimal)
    lams = max ([lams, realmax * isempty(lams)]);
    [net, info] = cvxnn_fit_net (zeros (d + opts.Bias, 0), false (n, 0), [], X, opts, ...
                                 lams, classes, K);
    ci = interrupted_ci ();
    ci.dual = 0;                          % the zero network's bound: exact
    info = finish_info (net, info, ci, D, exact, 0, lams, t0, X, T, opts);
    nets = net; infos = info; solved = 1; arr = [];
    return;
  end
  % auto: cutting planes over a complete pool of more than 200 patterns,
  % where bench/bench_dual.m measured them 10 to 25 times faster than the
  % direct solve (which can run out of iterations there)
  cutting = strcmp (opts.Method, 'cutting-plane') ...
            || (strcmp (opts.Method, 'auto') && exact && ~model && size (D, 2) > 200);
  % a sampled pool grows: the patterns of a short nonconvex run at each
  % lambda (so the fit is never worse than that network), then those the
  % dual finds violated
  grow = strcmp (opts.Pool, 'grow') && isnumeric (opts.Arrangements) && ~exact ...
         && K == 1 && ~cutting;
  [~, order] = sort (lams, 'descend');
  U = Useed;
  % the short nonconvex runs, from the smallest lambda up: a network
  % trained at a small lambda keeps its neurons as lambda grows and weight
  % decay prunes them, where the chain from lambda_max down started from
  % neurons weight decay had killed, and lost them for good
  seeds = {};
  if grow && isempty (opts.InitialNetwork)
    seeds = cell (size (lams));
    tnet = [];
    for j = fliplr (order)
      [tnet, seeds{j}, stopped, extra] = cvxnn_fit_train_seed (X, T, lams(j), opts, tnet, ...
                                                                opts.PoolRuns * isscalar (lams));
      if stopped
        % Ctrl-C: the trained network, read off over its own patterns
        % only (joining them to the pool takes a while at large n)
        [Ds, Gs, Useed] = cvxnn_fit_seed (seeds{j}, X, Xa, false (n, 0), [], opts, K, {});
        [nets, infos] = cvxnn_fit_net (Useed, Ds, Gs, X, opts, lams(j), classes, K);
        infos = finish_info (nets, infos, interrupted_ci (), Ds, exact, 0, lams(j), t0, X, ...
                             T, opts);
        solved = j;
        return;
      end
    end
  end
  Pbase = size (D, 2);
  done = false (size (lams));
  lam_prev = 0;                         % the lambda U solves, if any
  for j = order
    lam = lams(j);
    if ~isempty (seeds)
      [D, Gdir, U] = drop_unused (D, Gdir, U, Pbase, ~model);
      [D, Gdir, Useed, Us] = cvxnn_fit_seed (seeds{j}, X, Xa, D, Gdir, opts, K, {U});
      U = Us{1};
      [D, Gdir, U, Useed] = join_extra (extra, seeds{j}, X, Xa, T, D, Gdir, U, Useed, opts, K);
      if isempty (U)
        U = Useed;                        % the path's first fit starts there
      end
    end
    if ~cutting
      % with rounds to come, the first solve only needs a dual point good
      % enough to find the violated patterns
      o = opts;
      more = grow && opts.PoolRounds > 0;
      if more
        o.Tol = cvxnn_fit_round_tol (opts, model);
      end
      [net, info, ci, U] = cvxnn_fit_on (D, Gdir, X, Xa, T, model, loss, lam, o, ...
                                         classes, K, U, lam_prev);
      Dj = D; exj = exact; rounds = 1;
      if more
        [net, info, ci, U, D, Gdir, Useed, rounds] = cvxnn_fit_rounds (net, info, ci, U, D, ...
            Gdir, Useed, X, Xa, T, model, loss, lam, opts, classes, K);
        Dj = D;
      end
      lam_prev = cvxnn_ternary (strcmp (info.status, 'solved'), lam, 0);
    else
      [net, info, ci, Dj, exj, rounds] = cvxnn_fit_cutting (D, exact, X, Xa, T, model, ...
                                                            loss, lam, opts, classes, K);
    end
    if ~isempty (Useed)
      [net, info, ci] = at_most_seed (net, info, ci, Useed, D, Gdir, X, T, opts, lam, ...
                                      classes, K);
    end
    if ~model && ~cutting
      [info, ci] = cvxnn_fit_gated_bound (info, ci, Dj, Xa, T, loss, lam, opts);
    end
    % the first fit's time includes the patterns' drawing
    info = finish_info (net, info, ci, Dj, exj, rounds, lam, t0, X, T, opts);
    t0 = tic;
    if ~strcmp (opts.Display, 'off')
      at = '';
      if numel (lams) > 1
        at = sprintf ('lambda %.4g (%d of %d), ', lam, sum (done) + 1, numel (lams));
      end
      fprintf (['cvxnn_fit: %s%s, objective %.10g, relative gap %.2e (%s), %d neurons, ' ...
                '%d iterations, %.3g s\n'], at, info.status, info.primal, info.relgap, ...
               cvxnn_ternary (exj, 'global certificate', 'over the patterns used'), ...
               info.active, info.iterations, info.time);
    end
    nets(j) = net;
    infos(j) = info;
    done(j) = true;
    if strcmp (info.status, 'interrupted') || (default && saturated (infos(order(1:sum (done)))))
      break;
    end
  end
  % a path stopped early (Ctrl-C, saturation) returns the lambdas solved
  nets = nets(done);
  infos = infos(done);
  solved = find (done);
end

% The patterns of a single lambda's further nonconvex runs (EXTRA, a
% cell; cvxnn_fit_train_seed) join the pool, and USEED becomes the best
% run's network (SEED the first's), for the result to be never worse than
% any of them.
function [D, Gdir, U, Useed] = join_extra (extra, seed, X, Xa, T, D, Gdir, U, Useed, opts, K)
  best = cvxnn_net_objective (seed, X, T);
  for r = 1:numel (extra)
    [D, Gdir, Ur, Us] = cvxnn_fit_seed (extra{r}, X, Xa, D, Gdir, opts, K, {U, Useed});
    [U, Useed] = Us{:};
    f = cvxnn_net_objective (extra{r}, X, T);
    if f < best
      best = f;
      Useed = Ur;
    end
  end
end

% The fit's network, or the seed's (as read off the convex program) when
% that is better: the result is never worse than 'InitialNetwork'.  The
% dual bound stands either way.
function [net, info, ci] = at_most_seed (net, info, ci, Useed, D, Gdir, X, T, opts, lam, ...
                                         classes, K)
  [ns, is] = cvxnn_fit_net (Useed, D, Gdir, X, opts, lam, classes, K);
  [ps, ls] = cvxnn_net_objective (ns, X, T);
  if ps < info.primal
    net = ns;
    info.loss = ls;
    info.neuron_pattern = is.neuron_pattern;
    info.primal = ps;
    info = cvxnn_fit_gaps (info);
    if strcmp (info.status, 'solved') && info.relgap > opts.Tol
      info.status = 'max_iter';
    end
    ci.convex_primal = ps;
  end
end

% The pool of the next lambda: the first PBASE patterns (drawn once)
% and those of the fit before (U, gateway layout) in use; the other
% seeds' and rounds' patterns go (each lambda's runs add up to
% 'PoolWidth' patterns, 8000 over the diabetes path, and every solve
% and certificate pays for all of them).
function [D, Gdir, U] = drop_unused (D, Gdir, U, Pbase, relu)
  P = size (D, 2);
  if isempty (U) || P == Pbase
    return;
  end
  used = any (U(:, 1:P) ~= 0, 1);
  if relu
    used = used | any (U(:, P+1:2*P) ~= 0, 1);
  end
  keep = [1:Pbase, Pbase + find(used(Pbase+1:end))];
  D = D(:, keep);
  if ~isempty (Gdir)
    Gdir = Gdir(:, keep);
  end
  U = U(:, cvxnn_ternary (relu, [keep, P + keep], keep));
end

% glmnet's rule for stopping a default path: the fit explains 99.9% of
% the zero network's loss, or the last step gained less than 1e-5 of it.
function stop = saturated (infos)
  L0 = infos(1).loss;                   % at lambda_max: the zero network
  if numel (infos) < 2 || L0 <= 0
    stop = numel (infos) >= 2;
    return;
  end
  frac = 1 - [infos(end-1:end).loss] / L0;
  stop = frac(2) >= 0.999 || (frac(2) - frac(1)) < 1e-5 * abs (frac(2));
end

% A fit that cannot fit in memory is refused before the patterns are
% drawn: the solver keeps the patterns (n x P bytes) here, in the C core
% and in its working set, its products' block of X U (n x about
% 1e8 / (n da) doubles, at most P K), and per pattern and output a few
% dozen vectors of da (weights, gradients, relu's warm starts, the
% working set's copies), P at most the count asked for and at most
% Cover's bound; a grown pool along a path of L lambdas also keeps the L
% networks of its nonconvex chain ('PoolWidth' neurons each).
function refuse_size (X, opts, K, L)
  [n, d] = size (X);
  A = opts.Arrangements;
  if iscell (A) && ~isempty (A)
    A = A{1};
  end
  if islogical (A)
    P = size (A, 2);
  elseif isnumeric (A) && isscalar (A)
    P = min (double (A), cvxnn_cover_bound (n, min (n, d + opts.Bias)));
  else                                    % 'exact': Cover's bound
    P = cvxnn_cover_bound (n, min (n, d + opts.Bias));
  end
  what = sprintf ('%d rows and up to %.3g patterns', n, P);
  chain = 0;
  if L > 1 && strcmp (opts.Pool, 'grow')
    chain = 8 * L * opts.PoolWidth * (d + 3);
    what = sprintf ('%s, with %d networks of %d neurons for the pools', what, L, opts.PoolWidth);
  end
  da = d + opts.Bias;
  block = min (P * K, max (1, floor (1e8 / (n * da))));
  cvxnn_check_memory ('fit', 3 * n * P + 8 * n * block + 256 * da * P * K + chain, what);
end

% The activation patterns of X (Xa: X with its bias column, if any);
% INTERRUPTED: Ctrl-C while drawing them (the fit then returns the zero
% network, status 'interrupted').  A gated fit on a pattern matrix given
% alone gets every column's gate here, exactly, before the solve: a
% column that is no activation pattern of X is refused before any work
% on it, and the network read off needs no further search.
function [D, Gdir, exact, interrupted] = draw_patterns (X, Xa, opts)
  interrupted = false;
  try
    [D, Gdir, exact] = cvxnn_patterns ('fit', X, opts.Arrangements, opts.Bias, opts.Seed);
    if strcmp (opts.Model, 'gated') && isempty (Gdir) && ~isempty (D)
      if strcmp (opts.Display, 'iter')
        fprintf ('cvxnn_fit: finding the gates of %d patterns\n', size (D, 2));
      end
      Gdir = cvxnn_pattern_gates ('fit', Xa, D, 1:size (D, 2));
    end
  catch err
    if ~strcmp (err.identifier, 'cvxnn:fit:interrupted')
      rethrow (err);
    end
    [D, Gdir, exact, interrupted] = deal (false (size (X, 1), 0), [], false, true);
    return;
  end
  if isempty (D)
    error ('cvxnn:fit:arrangements', 'cvxnn_fit: no activation pattern to fit with');
  end
end

% The user-facing info of one fit, from the gateway's CI.
function info = finish_info (net, info, ci, D, exact, rounds, lam, t0, X, T, opts)
  info.exact = exact;
  info.iterations = ci.iterations;
  info.active = size (net.W{1}, 2);
  info.patterns = size (D, 2);
  info.rounds = rounds;
  info.lambda_max = ci.lambda_max;
  info.violation = ci.violation;
  info.convex = ci.convex_primal;
  info.history = ci.history;
  info.perf = struct ('loop_time', ci.loop_time, 'loop_flops', ci.loop_flops);
  if ~isfield (info, 'primal')            % the zero network of an interrupted start
    [info.primal, info.loss] = cvxnn_net_objective (net, X, T);
    info.dual = ci.dual;
    info = cvxnn_fit_gaps (info);
    info.status = ci.status;
  end
  if isnan (info.convex)
    % Ctrl-C cut the last product short (or came before the solve): the
    % read-off is exact, the network's objective is the convex one
    info.convex = info.primal;
  end
  info.lambda = lam;
  info.cv = [];
  if isfield (ci, 'search')               % a grown pool's last search
    info.search = ci.search;
    info.global_lower = ci.global_lower;
  else
    info.search = struct ('exhaustive', exact, 'sampled', 0, 'violations', NaN, ...
                          'largest', NaN);
    info.global_lower = cvxnn_ternary (exact, info.dual, NaN);
  end
  info.time = toc (t0);
  info = orderfields (info, {'primal', 'dual', 'gap', 'relgap', 'exact', 'status', ...
                             'iterations', 'active', 'time', 'patterns', 'lambda', ...
                             'lambda_max', 'violation', 'loss', 'history', 'convex', ...
                             'neuron_pattern', 'rounds', 'perf', 'cv', 'global_lower', ...
                             'search'});
end

% The gateway's CI of a fit stopped by Ctrl-C before its solve: no
% iteration and no bound.
function ci = interrupted_ci ()
  ci = struct ('iterations', 0, 'status', 'interrupted', 'dual', -Inf, ...
               'lambda_max', NaN, 'violation', NaN, 'convex_primal', NaN, ...
               'history', zeros (0, 9), 'loop_time', 0, 'loop_flops', 0);
end

function s = lambda_text (lams)
  if isscalar (lams)
    s = sprintf ('lambda = %g', lams);
  else
    s = sprintf ('%d lambdas from %.4g to %.4g', numel (lams), max (lams), min (lams));
  end
end

% How the header names the patterns: 'exact' (every one), 'given' (a
% matrix or {D, G} from the user, as they are) or 'sampled'.
function w = pool_word (exact, A)
  w = 'sampled';
  if exact
    w = 'exact';
  elseif islogical (A) || iscell (A)
    w = 'given';
  end
end
