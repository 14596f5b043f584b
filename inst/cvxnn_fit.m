% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {[@var{net}, @var{info}] =} cvxnn_fit (@var{X}, @var{Y}, 'Lambda', @var{lambda})
% @deftypefnx {} {[@var{net}, @var{info}] =} cvxnn_fit (@var{X}, @var{Y}, 'Lambda', @var{lambda}, @var{name}, @var{value}, @dots{})
% @deftypefnx {} {[@var{net}, @var{info}] =} cvxnn_fit (@var{X}, @var{Y}, @var{name}, @var{value}, @dots{})
% Train a two-layer ReLU network to the global optimum of its convex
% reformulation, with a duality-gap certificate; or a regularization path
% of them, with cross-validation.
%
% The network is @code{F = max (X*W1 + b1, 0) * W2} and the objective is
% @example
% loss (F, Y) + (lambda/2) * (|W1|_F^2 + |b1|^2 + |W2|_F^2)
% @end example
% (weight decay on every parameter, the bias included: MATH 1.2 B-aug).
% Over a set of activation patterns D_1..D_P of the data (see
% @code{cvxnn_arrangements}) this equals the convex program C-ReLU of MATH
% 4.2, solved here in C; the optimal network is read off its solution
% (MATH 4.2 "map back"), and a dual point (MATH 2.5, 4.3) bounds how far the
% network is from the optimum.
%
% @var{X}: n-by-d real double.  @var{Y}: targets, by loss:
% @table @code
% @item 'squared'
% n-by-K real; loss @code{0.5*|F - Y|_F^2} (not divided by n).
% @item 'logistic'
% n-by-1 of +1/-1; loss @code{sum (log (1 + exp (-Y.*F)))}.
% @item 'crossentropy'
% n-by-1 class labels (any K >= 2 distinct values) or an n-by-K one-hot
% matrix; softmax cross-entropy.
% @end table
%
% Options (name/value pairs or a struct; names are case-insensitive):
% @table @asis
% @item 'Lambda'
% Weight decay: a positive scalar; or a vector of them, a regularization
% path (any order: solved from the largest down, each direct fit
% starting from the solution at the one before); or omitted (or @code{[]}) for the
% default path: 'NumLambda' values from lambda_max (where the zero network
% is optimal) down to 'LambdaRatio' times lambda_max, evenly spaced in
% log scale, stopped early once the training loss saturates (the fit
% explains 99.9% of the zero network's loss, or a step gains less than
% 1e-5 of it; glmnet's rule).
% @item 'NumLambda', 'LambdaRatio'
% The default path's length (default 50) and its smallest lambda relative
% to lambda_max (default 1e-4), as in MATLAB's @code{lasso}.
% @item 'CV'
% A number of folds k >= 2 for k-fold cross-validation of the path (default
% 0, none); see @code{info.cv} below.  The folds are drawn from 'Seed'
% (and the same in every run), stratified by class for the logistic and
% cross-entropy losses.  Each fold's training rows are fit along the path
% with lambda scaled by their share of the rows, since the loss is summed
% over rows and the weight decay is not; its held-out rows are scored with
% the fit's loss (and error rate).  @var{net} and the rest of @var{info}
% are the fits on all the data.
% @item 'Model'
% @code{'relu'} (default): the exact cone-constrained program; the result
% is a ReLU network.  @code{'gated'}: the gated-ReLU relaxation (MATH 4.5,
% a group lasso); the result is a gated network (each hidden unit switched
% by a fixed gate, @code{net.activation = 'gated'}), whose optimum is never
% above the ReLU one on the same patterns.
% @item 'Loss'
% @code{'squared'} (default), @code{'logistic'}, @code{'crossentropy'}.
% @item 'Bias'
% First-layer bias (default true), regularized like the weights.
% @item 'Arrangements'
% Which activation patterns: a count P (default 1000) of random directions
% to sample, enumerated exactly instead when the data allow it within that
% budget (@code{cvxnn_arrangements} method @code{'auto'}: always for 1-D
% data with a bias), and then grown (see 'Pool'); @code{'sample'}: the
% 1000 sampled patterns alone (no growing, the pool of cvxnn 0.1);
% @code{'exact'} to insist on every pattern; an
% n-by-P logical matrix of patterns; or a cell @code{@{D, G@}} of such a
% matrix and the directions that generate it (the first two outputs of
% @code{cvxnn_arrangements}), checked.  For the gated model, the neurons
% of a matrix given alone get their gates after the solve, each by a small
% least-distance problem (exact), and a pattern in use that is no
% activation pattern of X is an error; give @code{@{D, G@}} to skip that.
% A matrix that holds every pattern (found out where enumerating them is
% cheap) makes the certificate global (@code{info.exact}).
% @item 'InitialNetwork'
% A two-layer ReLU network with one output (from @code{cvxnn_train}, or
% trained elsewhere and put in the same struct): the activation patterns
% of its neurons on X join the patterns of 'Arrangements', and the fit
% starts from it.  Since that network is a point of the convex program
% over the patterns, the network returned is never worse: its objective
% (at the fit's lambda, on X) is at most the initial network's, whatever
% the solver's status.
% @item 'Pool'
% @code{'grow'} (default) or @code{'sample'}.  A sampled pool of a fit
% with one output rarely holds the patterns a trained network uses, so
% by default it grows: at each lambda a short nonconvex run
% (@code{cvxnn_train}, L-BFGS, 'PoolWidth' neurons, seeded, within about
% 1e11 flops) adds its neurons' patterns and is the fit's start, as
% 'InitialNetwork' would be, so the result is never worse than that
% network; then, for up to 'PoolRounds' rounds, the patterns outside the
% pool whose dual constraint the fit's dual point violates (found among
% fresh samples and, for relu, by a local search from the best of them)
% join it and the fit goes on.  @code{'sample'}: the patterns of
% 'Arrangements' as drawn.  An 'InitialNetwork' replaces the nonconvex
% run; a pattern matrix given, an exact pool and fits with K > 1 outputs
% keep the pool as given or drawn.  Growing costs time (on diabetes,
% relu, 2 to 3 times the sampled fit) and often lowers the objective a
% great deal (48.0 to 28.3 there at lambda = 1e-3 lambda_max).
% @item 'PoolWidth', 'PoolRounds'
% Neurons of the nonconvex run (default 100) and rounds of dual search
% (default 2 for one lambda; 0 along a path, whose pool grows with the
% nonconvex run at each lambda: rounds would cost each point a few more
% solves).  With 0 rounds nothing is searched beyond the pool
% (@code{global_lower} is NaN).
% @item 'Seed'
% Seed of the pattern sampling and of the nonconvex run (default 0).
% @item 'Tol'
% Stop when the relative duality gap is at most this (default 1e-6).
% @item 'MaxIter'
% Iteration budget of the first-order solver (default 10000).
% @item 'Display'
% @code{'off'} (default), @code{'final'} or @code{'iter'}.
% @item 'Method'
% @code{'auto'} (default): cutting planes for the relu model when
% 'Arrangements' gives every pattern and there are more than 200 of them
% (measured 10 to 25 times faster there), else direct.
% @code{'direct'}: one solve over all the patterns of 'Arrangements'.
% @code{'cutting-plane'} (relu model): start from the patterns the zero
% network violates most, and repeatedly add the patterns
% of the extreme points (@code{cvxnn_extreme_points}) whose dual
% constraint the current solution violates, until none does within Tol
% (MATH 4.3).  The patterns of 'Arrangements' are the pool searched:
% when it is every pattern (1-D data with a bias, d = 2, small n) the
% final bound is global while the solves use a small fraction of them;
% otherwise the pool is searched with a local search around its best
% patterns and the certificate is an estimate (@code{info.exact} false).
% @code{info.rounds} counts the solves, each with the budget 'MaxIter';
% @code{info.iterations} and @code{info.history} are summed over them.
% @item 'Solver'
% @code{'ssn'} (default): for the squared loss, a semismooth Newton
% augmented Lagrangian method over every pattern at once (see Method
% below), handing its point to the first-order solver where it stalls
% short of Tol; the other losses use the first-order solver.
% @code{'fista'}: the first-order solver alone (the solver of cvxnn 0.1,
% kept for comparison).
% @end table
%
% Outputs (with a path, 1-by-L struct arrays in the order of 'Lambda', or
% of the default path from lambda_max down; a path stopped early by
% saturation or Ctrl-C returns the lambdas it solved, each with its own
% certificate): @var{net}, a struct with fields @code{W = @{W1, W2@}},
% @code{b = @{b1, []@}}, @code{activation}, @code{lambda}, @code{loss} (and
% @code{classes} for cross-entropy, @code{gates} for gated networks);
% W1 is d-by-m with m the number of hidden neurons found.  @var{info}:
% @table @code
% @item primal
% The objective above, evaluated on the returned network itself.
% @item dual
% A dual-feasible value for the patterns used: a lower bound on the optimum
% of the convex program over those patterns.
% @item gap, relgap
% @code{primal - dual} and @code{gap / max (1, |primal|)}.
% @item exact
% True when the patterns are every activation pattern of the data: the
% bound is then a lower bound on every two-layer ReLU network of any width
% (with the one-vs-all structure below when K > 1), and the gap certifies
% global optimality.  Otherwise what is proved is that the network is
% optimal among those using the patterns of the pool (@code{patterns} of
% them), and the gap says nothing about patterns not seen: a grown pool
% only makes it likely that few of those would help.
% @item status
% @code{'solved'} (relgap <= Tol), @code{'max_iter'} or
% @code{'interrupted'} (Ctrl-C: the best network so far is returned).
% @item iterations, active, time, patterns, lambda, lambda_max, violation
% Iterations, hidden neurons, seconds, number of patterns used, the
% weight decay of this fit, the smallest lambda for which the zero
% network is optimal (on these patterns), and the largest dual constraint
% value divided by lambda.
% @item loss
% The loss part of @code{primal} (the fit to the data, without the decay).
% @item cv
% With 'CV': the same struct in every element of @var{info}, with fields
% @code{Lambda} (the path), @code{Loss} and @code{SE} (mean held-out loss
% per row over the folds and its standard error, per lambda),
% @code{Error} and @code{ErrorSE} (the error rate, classification only),
% @code{IndexMinLoss} and @code{LambdaMinLoss} (least mean loss),
% @code{Index1SE} and @code{Lambda1SE} (the largest lambda whose mean loss
% is within one standard error of the least: the simpler network),
% @code{Folds} (each row's fold) and @code{Interrupted}.  Else @code{[]}.
% @item history
% One row per certificate: iteration, objective, dual bound, relative gap,
% active groups, step, time, patterns in the working set, and 1 for a
% certificate over all patterns (0: over the working set).  With cutting
% planes the rows of each round are over that round's patterns (0), and
% one row per round (1) certifies the round's network over the pool.
% @item convex, neuron_pattern
% The convex program's objective at its solution (equal to @code{primal}
% up to rounding), and for each neuron the index of its pattern.
% @item global_lower, search
% What is known beyond the pool.  With a grown pool, @code{search} is
% the search for patterns outside it at the network returned:
% @code{sampled} (patterns drawn over all rounds), @code{violations}
% (violated ones in the last search), @code{largest} (the largest dual
% constraint value seen, over the pool and that search, divided by
% lambda) and @code{exhaustive} (true only when the pool is every
% pattern).  @code{global_lower} is the dual bound the fit's dual point
% gives if no pattern violates its constraint more than @code{largest}
% says: when @code{exhaustive} it is a proved lower bound on every network
% (equal to @code{dual}); otherwise it is an estimate, not a proof.  NaN
% where nothing was searched (@code{'Pool', 'sample'}).
% @item perf
% The solver's inner loop, for benchmarks: @code{loop_time}, the seconds
% spent in the products with the data (@code{X*U} and @code{X'*(D.*R)}
% over the working set, masks included), and @code{loop_flops}, the flops
% of their GEMMs.
% @end table
%
% Method.  Squared loss: the augmented Lagrangian method on the dual,
% each subproblem solved by semismooth Newton steps in the n-dimensional
% dual space (Li, Sun and Toh 2018; for the group lasso Zhang, Zhang, Sun
% and Toh 2020).  Its steps are exact prox steps, so every iterate of the
% @code{'relu'} model lies in its cones and the network has the convex
% objective; the Newton systems involve only the groups in use, so
% strongly correlated patterns and small lambda cost Newton steps, not
% thousands of first-order iterations.  Other
% losses: accelerated proximal gradient (FISTA with gradient-mapping
% restart, exact prox: the cone projection of @code{'relu'} is an NNLS
% problem) on a working set of patterns that grows with the patterns the
% full certificate finds violated, and an active-set Newton polish once
% the support settles.  With K > 1 outputs each neuron feeds one output
% (the one-vs-all decoupling, exact for the squared loss only among such
% networks).  Known limits: the logistic and cross-entropy losses at
% small lambda, and data whose columns have very different scales (1e6
% against 1e-6), can stall above Tol; @code{info.status} says so.
%
% @seealso{cvxnn_predict, cvxnn_arrangements}
% @end deftypefn

function [net, info] = cvxnn_fit (X, Y, varargin)
  fn = 'fit';
  if nargin < 2
    error ('cvxnn:fit:nargin', ...
           'cvxnn_fit: usage: [net, info] = cvxnn_fit (X, Y, ''Lambda'', lambda, ...)');
  end
  cvxnn_check_matrix (fn, 'X', X);
  opts = cvxnn_options (fn, ...
    {'Lambda',       [],        'any',     [];
     'Model',        'relu',    'choice',  {'relu', 'gated'};
     'Loss',         'squared', 'choice',  {'squared', 'logistic', 'crossentropy'};
     'Bias',         true,      'logical', [];
     'Arrangements', 1000,      'any',     [];
     'Seed',         0,         'integer', [0, 2^53];
     'Tol',          1e-6,      'real',    [0, 1];
     'MaxIter',      10000,     'integer', [0, 1e12];
     'Display',      'off',     'choice',  {'off', 'final', 'iter'};
     'Method',       'auto',    'choice',  {'auto', 'direct', 'cutting-plane'};
     'Solver',       'ssn',     'choice',  {'ssn', 'fista'};
     'NumLambda',    50,        'integer', [1, 1e4];
     'LambdaRatio',  1e-4,      'real',    [0, 1];
     'CV',           0,         'integer', [0, 2^31];
     'InitialNetwork', [],      'any',     [];
     'Pool',         'grow',    'choice',  {'grow', 'sample'};
     'PoolWidth',    100,       'integer', [1, 1e6];
     'PoolRounds',   NaN,       'integer', [0, 1e6]}, varargin);
  if ischar (opts.Arrangements) && strcmpi (opts.Arrangements, 'sample')
    opts.Arrangements = 1000;             % the sampled pool alone
    opts.Pool = 'sample';
  end
  lams = check_lambdas (opts.Lambda);
  if isnan (opts.PoolRounds)
    % a path's pool grows with each lambda's nonconvex run; its dual
    % rounds would cost each point a few more solves
    opts.PoolRounds = 2 * (numel (lams) == 1);
  end
  if strcmp (opts.Method, 'cutting-plane') && strcmp (opts.Model, 'gated')
    error ('cvxnn:fit:optionValue', ...
           'cvxnn_fit: the cutting-plane method is for the ''relu'' model');
  end
  n = rows (X);
  [T, classes] = cvxnn_targets (fn, Y, n, opts.Loss);
  if opts.CV == 1 || opts.CV > n
    error ('cvxnn:fit:optionValue', ...
           'cvxnn_fit: ''CV'' must be 0 (none) or a number of folds in [2, %d]', n);
  end
  if opts.LambdaRatio <= 0 || opts.LambdaRatio >= 1
    error ('cvxnn:fit:optionValue', 'cvxnn_fit: ''LambdaRatio'' must be in (0, 1)');
  end
  [net, info, ~, arr] = fit_path (X, T, classes, lams, opts, isempty (lams));
  if opts.CV > 0
    opts.Arrangements = arr;
    cv = cross_validate (X, T, classes, [info.lambda], opts);
    for j = 1:numel (info)
      info(j).cv = cv;
    end
  end
end

% The weight decay: a positive scalar, a vector of them (a path), or []
% (the default path).
function lams = check_lambdas (lams)
  if isnumeric (lams) && isequal (size (lams), [0 0])
    lams = [];
  elseif isnumeric (lams) && isvector (lams) && numel (lams) >= 2
    if ~isreal (lams) || issparse (lams) || ~all (isfinite (lams)) || any (lams <= 0)
      error ('cvxnn:fit:lambda', ...
             'cvxnn_fit: ''Lambda'' must be a vector of finite scalars > 0');
    end
    lams = double (lams(:)');
  else
    lams = cvxnn_check_lambda ('fit', lams, true);
  end
end

% The fits over the lambdas LAMS (given order; solved from the largest
% down, each from the solution at the one before, MATH 4.7), on patterns
% of X drawn once.  DEFAULT: LAMS is [], the path is NumLambda values
% from lambda_max down to LambdaRatio lambda_max, and stops early once
% the training loss saturates.
function [nets, infos, solved, arr] = fit_path (X, T, classes, lams, opts, default)
  t0 = tic;
  [n, d] = size (X);
  K = columns (T);
  refuse_size (X, opts, K);
  [D, Gdir, exact, interrupted] = draw_patterns (X, opts);
  Xa = X;
  if opts.Bias
    Xa = [X, ones(n, 1)];
  end
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
    [D, Gdir, Useed] = seed_pool (opts.InitialNetwork, X, Xa, D, Gdir, opts, K, {});
  end
  if default && ~interrupted
    % lambda_max: the zero network's certificate (no iteration)
    [~, c0] = __cvxnn_fit__ (Xa, D, T, model, loss, 1, opts.Tol, 0, 10, 0, [], 0, 0);
    lams = c0.lambda_max * logspace (0, log10 (opts.LambdaRatio), opts.NumLambda);
  end
  if strcmp (opts.Display, 'iter')
    fprintf ('cvxnn_fit: %s model, %s loss, %s, n = %d, d = %d, %d %s patterns\n', ...
             opts.Model, opts.Loss, lambda_text (lams), n, d, columns (D), ...
             cvxnn_ternary (exact, 'exact', 'sampled'));
  end
  if interrupted
    % Ctrl-C while drawing the patterns: the zero network, at the first
    % lambda of the path (of the default path, whose lambda_max is not
    % known yet: realmax, where the zero network is optimal)
    lams = max ([lams, realmax * isempty(lams)]);
    [net, info] = build_net (zeros (d + opts.Bias, 0), false (n, 0), [], X, opts, ...
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
            || (strcmp (opts.Method, 'auto') && exact && ~model && columns (D) > 200);
  % a sampled pool grows (issue 16): the patterns of a short nonconvex
  % run at each lambda, then those the dual finds violated
  grow = strcmp (opts.Pool, 'grow') && isnumeric (opts.Arrangements) && ~exact ...
         && K == 1 && ~cutting;
  [~, order] = sort (lams, 'descend');
  U = Useed;
  tnet = [];
  done = false (size (lams));
  for j = order
    lam = lams(j);
    if grow && isempty (opts.InitialNetwork)
      [tnet, seed, stopped] = train_seed (X, T, lam, opts, tnet);
      [D, Gdir, Useed, Us] = seed_pool (seed, X, Xa, D, Gdir, opts, K, {U});
      U = Us{1};
      if isempty (U)
        U = Useed;                        % the path's first fit starts there
      end
      if stopped                          % Ctrl-C: the trained network
        [net, info] = build_net (Useed, D, Gdir, X, opts, lam, classes, K);
        info = finish_info (net, info, interrupted_ci (), D, exact, 0, lam, t0, X, T, opts);
        nets(j) = net;
        infos(j) = info;
        done(j) = true;
        break;
      end
    end
    if ~cutting
      [net, info, ci, U] = fit_on (D, Gdir, X, Xa, T, model, loss, lam, opts, ...
                                   classes, K, U);
      Dj = D; exj = exact; rounds = 1;
      if grow && opts.PoolRounds > 0
        [net, info, ci, U, D, Gdir, Useed, rounds] = dual_rounds (net, info, ci, U, D, ...
            Gdir, Useed, X, Xa, T, model, loss, lam, opts, classes, K);
        Dj = D;
      end
    else
      [net, info, ci, Dj, exj, rounds] = cutting_plane (D, exact, X, Xa, T, model, ...
                                                        loss, lam, opts, classes, K);
    end
    if ~isempty (Useed)
      [net, info, ci] = at_most_seed (net, info, ci, Useed, D, Gdir, X, T, opts, lam, ...
                                      classes, K);
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

% k-fold cross-validation (k = opts.CV) of the path LAMS: each fold's
% training rows are fit along LAMS scaled by their share of the rows (the
% loss is a sum over rows, the decay is not: the scaling keeps their
% balance that of the full fit), on patterns drawn from those rows with
% the same seed; the loss of the fit (and for classification the error
% rate) is averaged over the held-out rows.
function cv = cross_validate (X, T, classes, lams, opts)
  n = rows (X);
  k = opts.CV;
  classify = ~strcmp (opts.Loss, 'squared');
  folds = fold_ids (T, k, opts.Seed, classify);
  L = numel (lams);
  [lossv, errv] = deal (NaN (k, L));
  o = opts;
  o.CV = 0;
  o.Display = 'off';
  interrupted = false;
  for f = 1:k
    tf = tic;
    tr = folds ~= f;
    if islogical (opts.Arrangements)
      o.Arrangements = opts.Arrangements(tr, :);
    elseif iscell (opts.Arrangements)
      o.Arrangements = {opts.Arrangements{1}(tr, :), opts.Arrangements{2}};
    end
    [nets, infos, solved] = fit_path (X(tr, :), T(tr, :), classes, lams * sum (tr) / n, ...
                                      o, false);
    for j = 1:numel (solved)
      [~, lv] = cvxnn_net_objective (nets(j), X(~tr, :), T(~tr, :));
      lossv(f, solved(j)) = lv / sum (~tr);
      if classify
        errv(f, solved(j)) = error_rate (nets(j), X(~tr, :), T(~tr, :), classes);
      end
    end
    if ~strcmp (opts.Display, 'off')
      fprintf ('cvxnn_fit: cross-validation fold %d of %d: %d rows held out, %.3g s\n', ...
               f, k, sum (~tr), toc (tf));
    end
    if any (strcmp ({infos.status}, 'interrupted'))
      interrupted = true;
      break;
    end
  end
  cv = cv_summary (lams, lossv, errv, classify, folds, interrupted);
end

% Mean and standard error over the folds; the lambda of least mean loss
% and the largest lambda within one standard error of it (MATLAB's lasso
% picks the same two).
function cv = cv_summary (lams, lossv, errv, classify, folds, interrupted)
  k = rows (lossv);
  cv.Lambda = lams;
  cv.Loss = mean (lossv, 1);
  cv.SE = std (lossv, 0, 1) / sqrt (k);
  cv.Error = [];
  cv.ErrorSE = [];
  if classify
    cv.Error = mean (errv, 1);
    cv.ErrorSE = std (errv, 0, 1) / sqrt (k);
  end
  [cv.IndexMinLoss, cv.Index1SE, cv.LambdaMinLoss, cv.Lambda1SE] = deal (NaN);
  if ~interrupted
    best = min (cv.Loss);
    cand = find (cv.Loss == best);
    [~, b] = max (lams(cand));
    cv.IndexMinLoss = cand(b);
    cand = find (cv.Loss <= best + cv.SE(cv.IndexMinLoss));
    [~, b] = max (lams(cand));
    cv.Index1SE = cand(b);
    cv.LambdaMinLoss = lams(cv.IndexMinLoss);
    cv.Lambda1SE = lams(cv.Index1SE);
  end
  cv.Folds = folds;
  cv.Interrupted = interrupted;
end

% Fraction of the rows whose predicted class is wrong.
function e = error_rate (net, X, T, classes)
  [~, lab] = cvxnn_predict (net, X);
  if isempty (classes)
    truth = T;                            % logistic: +-1
  else
    [~, c] = max (T, [], 2);
    truth = classes(c);
  end
  e = mean (lab(:) ~= truth(:));
end

% The fold of each row: a seeded permutation dealt round robin, class by
% class when CLASSIFY (stratified: each fold holds every class in its
% share).  The generator is our own (Park and Miller's minimal standard),
% so that the folds are the same in Octave and MATLAB and the user's
% random state is left alone.
function folds = fold_ids (T, k, seed, classify)
  n = rows (T);
  if ~classify
    lab = ones (n, 1);
  elseif columns (T) == 1
    lab = T;
  else
    [~, lab] = max (T, [], 2);
  end
  keys = zeros (n, 1);
  x = mod (seed, 2147483646) + 1;
  for i = 1:n
    x = mod (16807 * x, 2147483647);
    keys(i) = x;
  end
  folds = zeros (n, 1);
  next = 0;
  for c = unique (lab)'
    idx = find (lab == c);
    [~, p] = sort (keys(idx));
    folds(idx(p)) = mod (next + (0:numel (idx) - 1)', k) + 1;
    next = next + numel (idx);
  end
end

function s = lambda_text (lams)
  if isscalar (lams)
    s = sprintf ('lambda = %g', lams);
  else
    s = sprintf ('%d lambdas from %.4g to %.4g', numel (lams), max (lams), min (lams));
  end
end

% 'InitialNetwork' NET0 (two layers, relu, one output): its neurons'
% patterns join the pool D, and USEED is NET0 as a point of the convex
% program (MATH 4.2 "map": neuron (w, v) is the group |v| w of its
% pattern, in the v-part when v > 0 and the w-part when v < 0, or v w in
% the gated program).  By the AM-GM inequality its convex objective is at
% most NET0's, with equality when NET0 is balanced.  US: variables over
% the old D (cell, gateway layout), padded for the new patterns.
function [D, Gdir, Useed, Us] = seed_pool (net0, X, Xa, D, Gdir, opts, K, Us)
  id = 'cvxnn:fit:initialNetwork';
  sp = cvxnn_net_layers ('fit', net0);
  d = columns (X);
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
  [D, Gdir, Us, where] = join_patterns (D, Gdir, Xa * W1a(:, keep) >= 0, W1a(:, keep), ...
                                        Us, relu);
  P = columns (D);
  Useed = zeros (columns (Xa), P * (1 + relu));
  for t = 1:numel (keep)
    j = keep(t);
    col = where(t) + P * (relu && v(j) < 0);
    Useed(:, col) = Useed(:, col) + cvxnn_ternary (relu, abs (v(j)), v(j)) * W1a(:, j);
  end
end

% The patterns DN (generated by the directions GN) joined to the pool D:
% the new ones appended, so that D's columns keep their places, and the
% variables in the cell US (gateway layout over D, one output; [] stays
% []) padded with zero groups for them.  WHERE(j): DN(:, j)'s column.
function [D, Gdir, Us, where] = join_patterns (D, Gdir, Dn, Gn, Us, relu)
  P0 = columns (D);
  [~, ia] = unique ([D, Dn]', 'rows', 'stable');
  fresh = ia(ia > P0)' - P0;
  nf = numel (fresh);
  D = [D, Dn(:, fresh)];
  if ~isempty (Gdir)
    Gdir = [Gdir, Gn(:, fresh)];
  end
  [~, where] = ismember (Dn', D', 'rows');
  for j = 1:numel (Us)
    U = Us{j};
    if isempty (U)
      continue;
    end
    z = zeros (rows (U), nf);
    if relu
      Us{j} = [U(:, 1:P0), z, U(:, P0+1:2*P0), z];
    else
      Us{j} = [U, z];
    end
  end
end

% The gateway's CI of a fit stopped by Ctrl-C before its solve: no
% iteration and no bound.
function ci = interrupted_ci ()
  ci = struct ('iterations', 0, 'status', 'interrupted', 'dual', -Inf, ...
               'lambda_max', NaN, 'violation', NaN, 'convex_primal', NaN, ...
               'history', zeros (0, 9), 'loop_time', 0, 'loop_flops', 0);
end

% The short nonconvex run whose patterns seed a grown pool: L-BFGS on a
% two-layer network of 'PoolWidth' neurons at LAM, seeded, within a
% budget of about 1e11 flops (1000 iterations at diabetes' size, 160 at
% n = 1e4, d = 100); along a path from the network of the lambda before,
% with a quarter of it.  SEED: TNET, or no neuron when it is no better
% than the zero network (above lambda_max its tiny weights would only add
% noise to the pool).  STOPPED: Ctrl-C during the run.
function [tnet, seed, stopped] = train_seed (X, T, lam, opts, tnet)
  [n, d] = size (X);
  w = opts.PoolWidth;
  E = min (1000, max (50, floor (1e11 / (6 * n * (d + 1) * w))));
  args = {'Lambda', lam, 'Loss', opts.Loss, 'Optimizer', 'lbfgs', 'Seed', opts.Seed};
  if isempty (tnet)
    args = [args, {'Layers', w, 'Bias', opts.Bias, 'Epochs', E}];
  else
    E = max (50, ceil (E / 4));
    args = [args, {'Init', tnet, 'Epochs', E}];
  end
  [tnet, ti] = cvxnn_train (X, T, args{:});
  stopped = strcmp (ti.status, 'interrupted');
  seed = tnet;
  if strcmp (opts.Loss, 'squared')
    zero = 0.5 * sum (T(:).^2);
  else
    zero = n * log (2);                   % logistic, one output
  end
  if ~(ti.objective < zero * (1 - 1e-9))
    seed.W{2}(:) = 0;
  end
  if strcmp (opts.Display, 'iter')
    fprintf ('cvxnn_fit: trained %d neurons for the pool: objective %.10g, %d iterations\n', ...
             w, ti.objective, ti.iterations);
  end
end

% Cutting planes from the dual (MATH 4.3) on a grown pool: at the fit's
% dual point, fresh sampled patterns and a local search from the best of
% them give the patterns whose dual constraint is violated; they join the
% pool and the fit goes on from where it was, for up to 'PoolRounds'
% rounds.  A direction u found in the cone of a pattern lies in the cone
% of its own pattern Xa u >= 0 with the same value, so that pattern, with
% u as its gate, is the one added.
function [net, info, ci, U, D, Gdir, Useed, rounds] = dual_rounds (net, info, ci, U, D, ...
    Gdir, Useed, X, Xa, T, model, loss, lam, opts, classes, K)
  rounds = 1;
  iters = ci.iterations;
  hist = ci.history;
  sampled = 0;
  last = [];
  % PoolRounds searches that may add patterns, and one more at the
  % network returned: what it finds is reported, not added
  for r = 1:opts.PoolRounds + 1
    if strcmp (info.status, 'interrupted')
      last = [];                          % no search at the network returned
      break;
    end
    ts = tic;
    Lam = cvxnn_loss_dual ('point', opts.Loss, cvxnn_predict (net, X), T);
    [Ud, val, ns, cs] = violated_patterns (X, Xa, Lam, lam, model, opts, r);
    sampled = sampled + ns;
    v = val > lam * (1 + opts.Tol);
    last = struct ('Lam', Lam, 'c', cs, 'violations', nnz (v), 'found', max ([0, val]));
    if r > opts.PoolRounds
      break;
    end
    P0 = columns (D);
    [D, Gdir, Us] = join_patterns (D, Gdir, Xa * Ud(:, v) >= 0, Ud(:, v), {U, Useed}, ~model);
    if strcmp (opts.Display, 'iter')
      fprintf (['cvxnn_fit: pool round %d: %d patterns added (largest constraint found ' ...
                '%.4g lambda, bound %.4g lambda, search %.3g s)\n'], r, columns (D) - P0, ...
               last.found / lam, last.c / lam, toc (ts));
    end
    if columns (D) == P0
      break;
    end
    [U, Useed] = Us{:};
    [net, info, ci, U] = fit_on (D, Gdir, X, Xa, T, model, loss, lam, opts, classes, K, U);
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
                               'Seed', opts.Seed + r, 'Method', 'sample');
  ns = columns (D);
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
    U = zeros (columns (Xa), 0);
    val = zeros (1, 0);
    return;
  end
  s = struct ('Count', 2 * numel (top), 'Method', 'sample', 'Bias', opts.Bias, ...
              'Activation', 'relu', 'Seed', opts.Seed, 'Arrangements', D(:, top));
  [U, val] = cvxnn_dual_search ('fit', X, Lam, s);
  c = max ([c, val]);
end

% The fit's network, or the seed's (as read off the convex program) when
% that is better: the result is never worse than 'InitialNetwork'.  The
% dual bound stands either way.
function [net, info, ci] = at_most_seed (net, info, ci, Useed, D, Gdir, X, T, opts, lam, ...
                                         classes, K)
  [ns, is] = build_net (Useed, D, Gdir, X, opts, lam, classes, K);
  [ps, ls] = cvxnn_net_objective (ns, X, T);
  if ps < info.primal
    net = ns;
    info.loss = ls;
    info.neuron_pattern = is.neuron_pattern;
    info.primal = ps;
    info.gap = ps - info.dual;
    info.relgap = info.gap / max (1, abs (ps));
    if strcmp (info.status, 'solved') && info.relgap > opts.Tol
      info.status = 'max_iter';
    end
    ci.convex_primal = ps;
  end
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
% drawn: the solver keeps X U over every pattern (n x P K doubles) and the
% patterns themselves twice (n x P bytes), P at most the count asked for
% and at most Cover's bound.
function refuse_size (X, opts, K)
  [n, d] = size (X);
  A = opts.Arrangements;
  if iscell (A) && ~isempty (A)
    A = A{1};
  end
  if islogical (A)
    P = columns (A);
  elseif isnumeric (A) && isscalar (A)
    P = min (double (A), cvxnn_cover_bound (n, min (n, d + opts.Bias)));
  else                                    % 'exact': Cover's bound
    P = cvxnn_cover_bound (n, min (n, d + opts.Bias));
  end
  cvxnn_check_memory ('fit', n * P * (8 * K + 2), ...
                      sprintf ('%d rows and up to %.3g patterns', n, P));
end

% The activation patterns of X; INTERRUPTED: Ctrl-C while drawing them
% (the fit then returns the zero network, status 'interrupted').
function [D, Gdir, exact, interrupted] = draw_patterns (X, opts)
  interrupted = false;
  try
    [D, Gdir, exact] = cvxnn_patterns ('fit', X, opts.Arrangements, opts.Bias, opts.Seed);
  catch err
    if ~strcmp (err.identifier, 'cvxnn:arrangements:interrupted')
      rethrow (err);
    end
    [D, Gdir, exact, interrupted] = deal (false (rows (X), 0), [], false, true);
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
    info.gap = info.primal - info.dual;
    info.relgap = info.gap / max (1, abs (info.primal));
    info.status = ci.status;
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

% One solve of the convex program over the patterns D, and the network.
% U0: a start in the gateway's layout, or [].
function [net, info, ci, U] = fit_on (D, Gdir, X, Xa, T, model, loss, lam, opts, classes, K, U0)
  if nargin < 12
    U0 = [];
  end
  [U, ci] = __cvxnn_fit__ (Xa, D, T, model, loss, lam, opts.Tol, opts.MaxIter, ...
                           10, double (strcmp (opts.Display, 'iter')), U0, 0, ...
                           double (strcmp (opts.Solver, 'fista')));
  [net, info] = build_net (U, D, Gdir, X, opts, lam, classes, K);
  [info.primal, info.loss] = cvxnn_net_objective (net, X, T);
  info.dual = ci.dual;
  info.gap = info.primal - info.dual;
  info.relgap = info.gap / max (1, abs (info.primal));
  info.status = ci.status;
  if strcmp (ci.status, 'solved') && info.relgap > opts.Tol
    info.status = 'max_iter';       % the network read-off must certify too
  end
end

% Cutting planes (MATH 4.3): solve over a few patterns, find the extreme
% points of the dual point over the pool (every pattern when the pool is
% exact; else the sampled pool plus a local search), add the patterns
% whose constraint is violated, repeat.  The bound reported is computed
% over the pool, so it is global when the pool is exact.
function [net, info, ci, W, exact, rounds] = cutting_plane (Dpool, exact, X, Xa, T, ...
                                                            model, loss, lam, opts, classes, K)
  n = rows (X);
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
      current = true;                     % c is that of the final Lam
      break;
    end
    current = false;
    if isempty (add)
      add = si.pattern(:, 1);             % lambda >= lambda_max: any start
    end
    % warm start: the solution so far, its groups moved to the new layout
    % (per output the groups v_1..v_P then w_1..w_P, MATH 4.2)
    Pold = columns (W);
    W = [W, add];
    P = columns (W);
    U0 = [];
    if Pold > 0
      U0 = zeros (columns (Xa), 2 * P * K);
      for k = 0:K-1
        U0(:, k*2*P + (1:Pold)) = U(:, k*2*Pold + (1:Pold));
        U0(:, k*2*P + P + (1:Pold)) = U(:, k*2*Pold + Pold + (1:Pold));
      end
    end
    [net, info, ci, U] = fit_on (W, [], X, Xa, T, model, loss, lam, opts, classes, K, U0);
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
               rounds, columns (W), info.primal);
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
  info.gap = info.primal - info.dual;
  info.relgap = info.gap / max (1, abs (info.primal));
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
  row = [iters, primal, dual, rg, columns(net.W{1}), NaN, toc(t0), columns(W), 1];
end

% Neurons from the convex solution (MATH 4.2 "map back", 4.5): a group
% u ~= 0 becomes u/sqrt(|u|) in, +-sqrt(|u|) out, so that each neuron is
% balanced and the weight decay equals lambda*|u|.
function [net, info] = build_net (U, D, Gdir, X, opts, lam, classes, K)
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
    % gate of neuron j: the direction that generated its pattern, or for
    % patterns given without one, one found from the pattern (exactly; at
    % n = 2e4 that takes about 0.5 s a pattern, so only for those in use)
    Gt = zeros (da, m);
    if m > 0 && ~isempty (Gdir)
      Gt = Gdir(:, pat);
    elseif m > 0
      Xa = X;
      if opts.Bias
        Xa = [X, ones(rows (X), 1)];
      end
      Gt = cvxnn_pattern_gates ('fit', Xa, D(:, pat), pat);
    end
    net.gates = {Gt(1:d, :), zeros(1, m)};
    if opts.Bias
      net.gates{2} = Gt(d+1, :);
    end
  end
  info.neuron_pattern = pat;
end

%!demo
%! % 1-D regression: the globally optimal two-layer ReLU network is a
%! % piecewise-linear function whose knots sit where neurons switch.
%! randn ('state', 1);
%! x = sort (4 * rand (25, 1) - 2); y = sin (2 * x) + 0.1 * randn (25, 1);
%! [net, info] = cvxnn_fit (x, y, 'Lambda', 0.05, 'Display', 'final');
%! xs = linspace (-2.2, 2.2, 400)';
%! knots = -net.b{1} ./ net.W{1};
%! knots = knots(knots > -2.2 & knots < 2.2);
%! figure;
%! plot (x, y, 'ko', xs, cvxnn_predict (net, xs), 'b-', ...
%!       knots, cvxnn_predict (net, knots(:)), 'rs');
%! legend ('data', sprintf ('optimal network, %d neurons', info.active), 'knots', ...
%!         'location', 'southwest');
%! xlabel ('x'); ylabel ('f(x)');
%! title (sprintf ('global optimum certified: relative gap %.1e', info.relgap));

%!demo
%! % The certificate in action: the iteration log with the duality gap.
%! randn ('state', 2);
%! X = randn (30, 2); y = X(:, 1) .* X(:, 2);
%! [net, info] = cvxnn_fit (X, y, 'Lambda', 0.1, 'Arrangements', 'exact', 'Display', 'iter');
%! h = info.history(info.history(:, 9) == 1, :);   % certificates over all patterns
%! printf ('%d neurons; relative gap by round: %s\n', info.active, mat2str (h(:, 4)', 3));

%!demo
%! % Choosing lambda by 5-fold cross-validation along the default path,
%! % as with MATLAB's lasso: the least held-out loss, and the largest
%! % lambda within one standard error of it.
%! [X, y] = cvxnn_dataset ('diabetes');
%! X = (X - mean (X)) ./ std (X); y = (y - mean (y)) / std (y);
%! [nets, info] = cvxnn_fit (X, y, 'Model', 'gated', 'Arrangements', 200, ...
%!                           'NumLambda', 20, 'LambdaRatio', 1e-3, 'CV', 5);
%! cv = info(1).cv;
%! figure;
%! errorbar (cv.Lambda, cv.Loss, cv.SE); hold on;
%! set (gca, 'xscale', 'log');
%! plot (cv.LambdaMinLoss, cv.Loss(cv.IndexMinLoss), 'ro', ...
%!       cv.Lambda1SE, cv.Loss(cv.Index1SE), 'gs', 'markersize', 10);
%! legend ('held-out loss per row', 'least loss', 'within one SE', 'location', 'northwest');
%! xlabel ('lambda'); ylabel ('0.5 * squared error');
%! title (sprintf ('%d-neuron network at the 1-SE lambda', info(cv.Index1SE).active));

%!shared x, y, n
%! randn ('state', 7);
%! n = 10; x = sort (randn (n, 1)); y = sin (2 * x) + 0.1 * randn (n, 1);

%!test
%! % The network read off the convex solution has exactly the convex
%! % objective, and (relu) each neuron is active exactly on its pattern.
%! [net, info] = cvxnn_fit (x, y, 'Lambda', 0.1, 'Tol', 1e-10);
%! assert (info.status, 'solved');
%! assert (info.exact);
%! assert (info.relgap <= 1e-8);
%! assert (abs (info.primal - info.convex) <= 1e-9 * info.primal);
%! D = cvxnn_arrangements (x, 1, 'Bias', true, 'Method', 'exact');
%! Z = x * net.W{1} + net.b{1};
%! for j = 1:info.active
%!   Dj = D(:, info.neuron_pattern(j));
%!   tol = 1e-9 * norm ([net.W{1}(:, j); net.b{1}(j)]) * norm ([x, ones(n, 1)], 'fro');
%!   assert (all (Z(Dj, j) >= -tol) && all (Z(~Dj, j) <= tol));
%! end
%! % balanced neurons (MATH 1.4): |in-weights| = |out-weight|
%! assert (sqrt (net.W{1}.^2 + net.b{1}.^2)', abs (net.W{2}), 1e-12);

%!test
%! % info.perf counts the inner loop: whole GEMMs of n-by-(d+1) by
%! % (d+1)-by-columns, two products of at least one column per iteration,
%! % in part of the solve's time
%! randn ('state', 3);
%! Xr = randn (200, 3); yr = randn (200, 1);
%! [~, info] = cvxnn_fit (Xr, yr, 'Lambda', 1, 'Model', 'gated', 'Arrangements', 50);
%! cols = info.perf.loop_flops / (2 * 200 * 4);
%! assert (cols, round (cols));
%! assert (cols >= 2 * info.iterations);
%! assert (info.perf.loop_time > 0 && info.perf.loop_time <= info.time);

%!test
%! % gated <= relu on the same patterns (MATH 4.5)
%! [~, ir] = cvxnn_fit (x, y, 'Lambda', 0.1, 'Model', 'relu', 'Tol', 1e-10);
%! [netg, ig] = cvxnn_fit (x, y, 'Lambda', 0.1, 'Model', 'gated', 'Tol', 1e-10);
%! assert (ig.primal <= ir.primal + 1e-9);
%! assert (netg.activation, 'gated');
%! assert (ig.relgap <= 1e-8);

%!test
%! % lambda >= lambda_max gives the zero network, just below does not (MATH 4.7)
%! [~, info] = cvxnn_fit (x, y, 'Lambda', 0.1);
%! lmax = info.lambda_max;
%! assert (lmax > 0);
%! [net0, i0] = cvxnn_fit (x, y, 'Lambda', 1.001 * lmax);
%! assert (i0.active, 0);
%! assert (i0.status, 'solved');
%! assert (i0.primal, 0.5 * sum (y.^2), 1e-12);
%! assert (cvxnn_predict (net0, x), zeros (n, 1));
%! [~, i1] = cvxnn_fit (x, y, 'Lambda', 0.99 * lmax);
%! assert (i1.active > 0 && i1.primal < 0.5 * sum (y.^2));

%!test
%! % logistic and cross-entropy fits are certified; labels come back
%! yl = 2 * (y > 0) - 1;
%! [net, info] = cvxnn_fit (x, yl, 'Lambda', 0.2, 'Loss', 'logistic');
%! assert (info.status, 'solved');
%! assert (info.relgap <= 1e-6);
%! % smaller lambda: the fixed 1/L step (global logistic curvature 1/4)
%! % needs many more iterations; it still certifies
%! [~, info] = cvxnn_fit (x, yl, 'Lambda', 0.05, 'Loss', 'logistic', 'MaxIter', 60000);
%! assert (info.status, 'solved');
%! [F, lab] = cvxnn_predict (net, x);
%! assert (all (lab == 1 | lab == -1));
%! c = 1 + (y > -0.5) + (y > 0.5);
%! [net, info] = cvxnn_fit (x, 10 * c, 'Lambda', 0.05, 'Loss', 'crossentropy');
%! assert (info.status, 'solved');
%! assert (net.classes, unique (10 * c));
%! [F, lab] = cvxnn_predict (net, x);
%! assert (size (F), [n, 3]);
%! assert (all (ismember (lab, [10 20 30])));
%! % one-hot targets give the same fit as labels
%! T = full (sparse (1:n, c, 1));
%! [~, info2] = cvxnn_fit (x, T, 'Lambda', 0.05, 'Loss', 'crossentropy');
%! assert (info2.primal, info.primal, 1e-8 * info.primal);

%!test
%! % vector output (one-vs-all, squared): equals two separate fits
%! y2 = [y, cos(x)];
%! [~, i2] = cvxnn_fit (x, y2, 'Lambda', 0.1, 'Tol', 1e-10);
%! [~, ia] = cvxnn_fit (x, y2(:, 1), 'Lambda', 0.1, 'Tol', 1e-10);
%! [~, ib] = cvxnn_fit (x, y2(:, 2), 'Lambda', 0.1, 'Tol', 1e-10);
%! assert (i2.primal, ia.primal + ib.primal, 1e-8 * i2.primal);

%!test
%! % sampled patterns: optimal over the patterns used, labelled not exact;
%! % deterministic for a seed; no bias
%! randn ('state', 4); X = randn (40, 5); yy = X(:, 1) - abs (X(:, 2));
%! [n1, a] = cvxnn_fit (X, yy, 'Lambda', 0.5, 'Arrangements', 200, 'Seed', 3, 'Model', 'gated');
%! [n2, b] = cvxnn_fit (X, yy, 'Lambda', 0.5, 'Arrangements', 200, 'Seed', 3, 'Model', 'gated');
%! assert (~a.exact);
%! assert (isequal (n1.W, n2.W));
%! assert (a.status, 'solved');
%! [n3, c] = cvxnn_fit (X, yy, 'Lambda', 0.5, 'Bias', false, 'Arrangements', 200, 'Model', 'gated');
%! assert (isempty (n3.b{1}));

%!test
%! % options as a struct; the log prints
%! o.lambda = 0.1; o.display = 'iter';
%! out = evalc ('[net, info] = cvxnn_fit (x, y, o);');
%! assert (~isempty (strfind (out, 'rel gap')));
%! assert (~isempty (strfind (out, 'global certificate')));

%!test
%! % Ctrl-C inside the solver: the point reached comes back, status interrupted
%! D = cvxnn_arrangements (x, 1, 'Bias', true, 'Method', 'exact');
%! [U, ci] = __cvxnn_fit__ ([x, ones(n, 1)], D, y, 0, 0, 0.01, 1e-14, 1e5, 10, 0, [], 3, 0);
%! assert (ci.status, 'interrupted');
%! assert (all (isfinite (U(:))));

%!test
%! % cutting planes: the history's global rows (flag 1) are valid lower
%! % bounds on the final objective, on one clock, the last one info's
%! randn ('state', 2);
%! X = randn (30, 2); y = X(:, 1) .* X(:, 2);
%! [net, info] = cvxnn_fit (X, y, 'Lambda', 0.1, 'Arrangements', 'exact', ...
%!                          'Method', 'cutting-plane', 'Tol', 1e-10);
%! h = info.history(info.history(:, 9) == 1, :);
%! assert (rows (h) >= 2 && strcmp (info.status, 'solved'));
%! assert (all (h(:, 3) <= info.primal * (1 + 1e-12)));
%! assert (h(end, 3), info.dual, 1e-12 * abs (info.dual));
%! assert (issorted (info.history(:, 7)) && issorted (info.history(:, 1)));

%!test
%! % a path in any order: each point certified, each equal to its own fit
%! % within the two certificates' gaps
%! randn ('state', 7);
%! x = sort (randn (10, 1)); y = sin (2 * x) + 0.1 * randn (10, 1);
%! lams = [0.1, 0.5, 0.02];
%! [nets, ip] = cvxnn_fit (x, y, 'Lambda', lams, 'Tol', 1e-9);
%! assert (size (nets), [1 3]);
%! assert ([ip.lambda], lams);
%! assert ([nets.lambda], lams);
%! for j = 1:3
%!   [~, is] = cvxnn_fit (x, y, 'Lambda', lams(j), 'Tol', 1e-9);
%!   assert (ip(j).status, 'solved');
%!   assert (ip(j).dual <= ip(j).primal);
%!   assert (abs (ip(j).primal - is.primal) <= max (ip(j).gap, is.gap) + 1e-12 * is.primal);
%!   assert (cvxnn_objective (nets(j), x, y), ip(j).primal, 1e-12 * ip(j).primal);
%! end

%!test
%! % the default path: from lambda_max (the zero network) down a
%! % geometric grid, every point certified, the loss never rising
%! randn ('state', 7);
%! x = sort (randn (10, 1)); y = sin (2 * x) + 0.1 * randn (10, 1);
%! [nets, ip] = cvxnn_fit (x, y, 'NumLambda', 12, 'LambdaRatio', 1e-3, 'Model', 'gated');
%! L = numel (ip);
%! assert (L >= 2 && L <= 12);
%! lam = [ip.lambda];
%! assert (lam(1), ip(1).lambda_max, 1e-12 * lam(1));
%! assert (lam(2:end) ./ lam(1:end-1), 10^(-3/11) * ones (1, L - 1), 1e-12);
%! assert (ip(1).active, 0);
%! assert (ip(1).loss, 0.5 * sum (y.^2), 1e-12);
%! assert (all (strcmp ({ip.status}, 'solved')));
%! tol = 1e-6 * max ([ip.primal]);
%! assert (all (diff ([ip.loss]) <= tol));
%! assert (all (diff ([ip.primal]) <= tol));  % the optimum falls with lambda
%! if L < 12                               % stopped: saturated (glmnet's rule)
%!   f = 1 - [ip(end-1:end).loss] / ip(1).loss;
%!   assert (f(2) >= 0.999 || f(2) - f(1) < 1e-5 * f(2));
%! end

%!test
%! % cross-validation: reproducible folds of equal size; the loss of each
%! % lambda is that of independent fits of the folds; the two picks
%! randn ('state', 8);
%! Xc = randn (40, 2); yc = sin (2 * Xc(:, 1)) + 0.1 * randn (40, 1);
%! lams = [1, 0.1, 0.01];
%! % (sampled pools: grown ones differ between a path and cold fits)
%! [nets, ic] = cvxnn_fit (Xc, yc, 'Lambda', lams, 'CV', 4, 'Arrangements', 60, 'Seed', 2, ...
%!                         'Pool', 'sample');
%! cv = ic(1).cv;
%! assert (isequal (ic(3).cv, cv));
%! [~, ic2] = cvxnn_fit (Xc, yc, 'Lambda', lams, 'CV', 4, 'Arrangements', 60, 'Seed', 2);
%! assert (isequal (ic2(1).cv.Folds, cv.Folds));
%! assert (accumarray (cv.Folds, 1)', [10 10 10 10]);
%! assert (cv.Lambda, lams);
%! loss = zeros (4, 3);
%! for f = 1:4
%!   tr = cv.Folds ~= f;
%!   for j = 1:3
%!     [nf, inf_] = cvxnn_fit (Xc(tr, :), yc(tr), 'Lambda', lams(j) * 30 / 40, ...
%!                            'Arrangements', 60, 'Seed', 2, 'Pool', 'sample');
%!     assert (inf_.status, 'solved');
%!     r = cvxnn_predict (nf, Xc(~tr, :)) - yc(~tr);
%!     loss(f, j) = 0.5 * mean (r.^2);
%!   end
%! end
%! % warm-started and cold fits agree to their certificates (Tol 1e-6)
%! assert (cv.Loss, mean (loss), 1e-3 * max (mean (loss)));
%! assert (cv.SE, std (loss) / 2, 1e-2 * max (std (loss)));
%! [~, imin] = min (cv.Loss);
%! assert (cv.IndexMinLoss, imin);
%! assert (cv.LambdaMinLoss, lams(imin));
%! within = find (cv.Loss <= cv.Loss(imin) + cv.SE(imin));
%! assert (cv.Lambda1SE, max (lams(within)));
%! assert (isempty (cv.Error) && ~cv.Interrupted);

%!test
%! % stratified folds for classification: each fold holds its share of
%! % each class; the error rate comes with the loss
%! randn ('state', 9);
%! Xc = randn (30, 2); lab = 1 + (Xc(:, 1) > 0.6) + (Xc(:, 2) > 0.8);
%! [~, ic] = cvxnn_fit (Xc, lab, 'Lambda', [0.5 0.1], 'Loss', 'crossentropy', 'CV', 3, ...
%!                      'Arrangements', 40);
%! cv = ic(1).cv;
%! for c = 1:3
%!   per = accumarray (cv.Folds(lab == c), 1, [3 1]);
%!   assert (max (per) - min (per) <= 1);
%! end
%! assert (all (cv.Error >= 0 & cv.Error <= 1));
%! assert (size (cv.ErrorSE), [1 2]);

%!test
%! % 'InitialNetwork': never worse than the network that seeded the pool,
%! % by construction (even with 2 iterations), on random instances, both
%! % models and two losses; a full solve is certified over a pool holding
%! % that network's patterns
%! for trial = 1:4
%!   randn ('state', 20 + trial); rand ('state', 20 + trial);
%!   Xs = randn (30, 3); ys = sin (Xs(:, 1)) + Xs(:, 2) .* Xs(:, 3);
%!   loss = 'squared';
%!   if trial > 2
%!     loss = 'logistic';
%!     ys = sign (ys + 0.1);
%!   end
%!   lam = 0.05 * trial;
%!   net0 = cvxnn_train (Xs, ys, 'Lambda', lam, 'Layers', 12, 'Epochs', 300, ...
%!                       'Loss', loss, 'Seed', trial);
%!   f0 = cvxnn_objective (net0, Xs, ys);
%!   for model = {'relu', 'gated'}
%!     [net, info] = cvxnn_fit (Xs, ys, 'Lambda', lam, 'Loss', loss, 'Model', model{1}, ...
%!                              'Arrangements', 5, 'InitialNetwork', net0, 'MaxIter', 2);
%!     assert (info.primal <= f0 * (1 + 1e-12));
%!     if strcmp (model{1}, 'relu')
%!       assert (cvxnn_objective (net, Xs, ys), info.primal, 1e-12 * info.primal);
%!     end
%!     assert (info.patterns > 5);
%!   end
%!   [net, info] = cvxnn_fit (Xs, ys, 'Lambda', lam, 'Loss', loss, 'Arrangements', 5, ...
%!                            'InitialNetwork', net0, 'Pool', 'sample');
%!   assert (info.status, 'solved');
%!   assert (info.primal <= f0 * (1 + 1e-12));
%!   assert (cvxnn_objective (net, Xs, ys), info.primal, 1e-12 * info.primal);
%!   % over the pool alone (no seed): the optimum is the same, since the
%!   % seed is a point of the same program
%!   Z = [Xs, ones(30, 1)] * [net0.W{1}; net0.b{1}] >= 0;
%!   Dp = cvxnn_arrangements (Xs, 5, 'Bias', true);
%!   Dp = [Dp, Z(:, net0.W{2} ~= 0)];
%!   [~, ip] = cvxnn_fit (Xs, ys, 'Lambda', lam, 'Loss', loss, 'Arrangements', Dp);
%!   assert (abs (ip.primal - info.primal) <= max (ip.gap, info.gap) + 1e-12 * ip.primal);
%! end

%!test
%! % the grown pool (default): never worse than its nonconvex run (the
%! % network cvxnn_train gives with the same options), where the sampled
%! % pool alone is worse (so the test can fail); relu and gated, squared
%! % and logistic
%! models = {'gated', 'relu'};
%! for trial = 1:4
%!   randn ('state', 40 + trial);
%!   Xs = randn (40, 3); ys = sin (2 * Xs(:, 1)) + Xs(:, 2) .* Xs(:, 3);
%!   loss = 'squared';
%!   if trial > 2
%!     loss = 'logistic';
%!     ys = sign (ys + 0.1);
%!   end
%!   net0 = cvxnn_train (Xs, ys, 'Lambda', 0.02, 'Layers', 30, 'Loss', loss, ...
%!                       'Optimizer', 'lbfgs', 'Seed', 3, 'Bias', true, 'Epochs', 1000);
%!   f0 = cvxnn_objective (net0, Xs, ys);
%!   model = models{mod(trial, 2) + 1};
%!   o = {'Lambda', 0.02, 'Loss', loss, 'Model', model, 'Arrangements', 8, 'Seed', 3, ...
%!        'PoolWidth', 30};
%!   [~, is] = cvxnn_fit (Xs, ys, o{:}, 'Pool', 'sample');
%!   [net, ig] = cvxnn_fit (Xs, ys, o{:});
%!   [~, i0] = cvxnn_fit (Xs, ys, o{:}, 'PoolRounds', 0);
%!   if strcmp (model, 'relu')
%!     assert (is.primal > f0);
%!     assert (cvxnn_objective (net, Xs, ys), ig.primal, 1e-12 * ig.primal);
%!   end
%!   assert (ig.primal <= f0 * (1 + 1e-12));
%!   assert (i0.primal <= f0 * (1 + 1e-12));
%!   assert (ig.patterns >= i0.patterns && i0.patterns > is.patterns);
%!   % the rounds only add patterns: the optimum over the pool can only fall
%!   assert (ig.dual <= i0.primal + 1e-12 * i0.primal);
%!   assert (ig.primal <= i0.primal + ig.gap + i0.gap + 1e-12 * i0.primal);
%! end

%!test
%! % the search beyond a grown pool: an estimate below the objective,
%! % from the largest violation seen (at least the pool's); an exact pool
%! % gives the proved bound; a sampled pool, none
%! randn ('state', 11);
%! Xs = randn (30, 3); ys = sin (2 * Xs(:, 1)) - Xs(:, 3);
%! [~, a] = cvxnn_fit (Xs, ys, 'Lambda', 0.05, 'Arrangements', 10, 'PoolWidth', 20);
%! assert (~a.exact && ~a.search.exhaustive);
%! assert (a.search.sampled > 0);
%! assert (a.search.largest >= a.violation * (1 - 1e-12));
%! assert (a.global_lower <= a.primal * (1 + 1e-12));
%! assert (isfinite (a.global_lower));
%! [~, b] = cvxnn_fit (Xs, ys, 'Lambda', 0.05, 'Arrangements', 10, 'Pool', 'sample');
%! assert (isnan (b.global_lower) && ~b.search.exhaustive);
%! x1 = sort (randn (12, 1));
%! [~, c] = cvxnn_fit (x1, sin (3 * x1), 'Lambda', 0.05);
%! assert (c.exact && c.search.exhaustive);
%! assert (c.global_lower, c.dual);

%!test
%! % 'Arrangements', 'sample' is the sampled pool of 1000 alone
%! randn ('state', 5);
%! Xs = randn (25, 4); ys = abs (Xs(:, 1)) - Xs(:, 2);
%! [~, a] = cvxnn_fit (Xs, ys, 'Lambda', 0.1, 'Arrangements', 'sample', 'Model', 'gated');
%! D = cvxnn_arrangements (Xs, 1000, 'Bias', true, 'Method', 'sample');
%! [~, b] = cvxnn_fit (Xs, ys, 'Lambda', 0.1, 'Arrangements', D, 'Model', 'gated');
%! [~, c] = cvxnn_fit (Xs, ys, 'Lambda', 0.1, 'Model', 'gated');
%! assert (a.patterns, columns (D));
%! assert (c.patterns > a.patterns);
%! assert (abs (a.primal - b.primal) <= max (a.gap, b.gap) + 1e-12 * a.primal);

%!test
%! % Display 'iter' shows the pool's growth
%! randn ('state', 6);
%! Xs = randn (25, 2); ys = abs (Xs(:, 1)) - Xs(:, 2);
%! out = evalc ("cvxnn_fit (Xs, ys, 'Lambda', 0.01, 'Arrangements', 5, 'Display', 'iter');");
%! assert (! isempty (strfind (out, 'trained 100 neurons for the pool')));
%! assert (! isempty (regexp (out, 'pool round 1: \d+ patterns added', 'once')));

%!error id=cvxnn:fit:initialNetwork cvxnn_fit ([1; 2; 3], [1 2; 2 3; 3 4], 'Lambda', 1, 'InitialNetwork', struct ('W', {{1, [1 1]}}, 'b', {{0, []}}, 'activation', 'relu'))
%!error id=cvxnn:fit:initialNetwork cvxnn_fit ([1; 2; 3], [1; 2; 3], 'Lambda', 1, 'InitialNetwork', struct ('W', {{[1 1], [1; 1]}}, 'b', {{[0 0], []}}, 'activation', 'linear'))
%!error id=cvxnn:fit:initialNetwork cvxnn_fit ([1; 2; 3], [1; 2; 3], 'Lambda', 1, 'Bias', false, 'InitialNetwork', struct ('W', {{[1 1], [1; 1]}}, 'b', {{[0 0], []}}, 'activation', 'relu'))
%!error id=cvxnn:fit:initialNetwork cvxnn_fit ([1 2; 2 3; 3 1], [1; 2; 3], 'Lambda', 1, 'InitialNetwork', struct ('W', {{[1 1], [1; 1]}}, 'b', {{[0 0], []}}, 'activation', 'relu'))
%!error id=cvxnn:fit:net cvxnn_fit ([1; 2; 3], [1; 2; 3], 'Lambda', 1, 'InitialNetwork', 3)
%!test
%! % gated with patterns given as a matrix: each gets an exact gate before
%! % the solve (real data, where a heuristic failed on most); the same
%! % optimum as with the directions given, or sampled with the same seed
%! [Xd, yd] = cvxnn_dataset ('diabetes');
%! Xd = (Xd(1:120, :) - mean (Xd(1:120, :))) ./ std (Xd(1:120, :));
%! yd = (yd(1:120) - mean (yd(1:120))) / std (yd(1:120));
%! [D, G] = cvxnn_arrangements (Xd, 100, 'Bias', true, 'Seed', 1);
%! [net, a] = cvxnn_fit (Xd, yd, 'Lambda', 1, 'Model', 'gated', 'Arrangements', D);
%! [~, b] = cvxnn_fit (Xd, yd, 'Lambda', 1, 'Model', 'gated', 'Arrangements', {D, G});
%! [~, c] = cvxnn_fit (Xd, yd, 'Lambda', 1, 'Model', 'gated', 'Arrangements', 100, 'Seed', 1, ...
%!                     'Pool', 'sample');
%! assert ({a.status, b.status, c.status}, {'solved', 'solved', 'solved'});
%! assert (abs (a.primal - b.primal) <= max (a.gap, b.gap) + 1e-12 * a.primal);
%! assert (abs (a.primal - c.primal) <= max (a.gap, c.gap) + 1e-12 * a.primal);
%! Xa = [Xd, ones(120, 1)];
%! assert ((Xa * [net.gates{1}; net.gates{2}] >= 0) == D(:, a.neuron_pattern));
%! assert (~a.exact);

%!test
%! % a matrix holding every pattern makes the certificate global
%! randn ('state', 11);
%! xe = randn (15, 1); ye = sin (3 * xe);
%! D = cvxnn_arrangements (xe, 1, 'Bias', true, 'Method', 'exact');
%! [~, a] = cvxnn_fit (xe, ye, 'Lambda', 0.1, 'Arrangements', D(:, end:-1:1));
%! assert (a.exact);
%! [~, b] = cvxnn_fit (xe, ye, 'Lambda', 0.1, 'Arrangements', D(:, 2:end));
%! assert (~b.exact);

%!error id=cvxnn:fit:arrangements cvxnn_fit ([1; 2; 3], [1; 2; 3], 'Lambda', 1, 'Arrangements', {true(3, 1), [1; 1; 1]})
%!error id=cvxnn:fit:arrangements cvxnn_fit ([1; 2; 3], [1; 2; 3], 'Lambda', 1, 'Arrangements', {true(3, 1), [-1; 0]})
%!error id=cvxnn:fit:arrangements cvxnn_fit ([1; 2; 3], [1; 2; 3], 'Lambda', 1, 'Arrangements', {true(3, 1)})
%!error id=cvxnn:fit:tooLarge cvxnn_fit (randn (2e5, 2), randn (2e5, 1), 'Lambda', 1, 'Arrangements', 1e7, 'Method', 'direct')
%!error id=cvxnn:fit:tooLarge cvxnn_fit (randn (1e6, 20), randn (1e6, 1), 'Lambda', 1, 'Arrangements', 1e6)
%!error id=cvxnn:fit:nargin cvxnn_fit (1)
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2], 'Lambda', 'a')
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2], 'Lambda', [1 -2])
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2], 'Lambda', [1 NaN])
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2], 'Lambda', [1 2i])
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2], 'Lambda', sparse ([1 2]))
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2], 'Lambda', ones (2))
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2], 'Lambda', zeros (1, 0))
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'CV', 1)
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'CV', 3)
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'CV', 2.5)
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'NumLambda', 0)
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'LambdaRatio', 0)
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'LambdaRatio', 1)
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'LambdaRatio', 2)
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2], 'Lambda', -1)
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2], 'Lambda', 0)
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2], 'Lambda', NaN)
%!error id=cvxnn:fit:size cvxnn_fit ([1; 2; 3], [1; 2], 'Lambda', 1)
%!error id=cvxnn:fit:nonFinite cvxnn_fit ([1; NaN], [1; 2], 'Lambda', 1)
%!error id=cvxnn:fit:nonFinite cvxnn_fit ([1; 2], [1; Inf], 'Lambda', 1)
%!error id=cvxnn:fit:type cvxnn_fit ({1}, [1; 2], 'Lambda', 1)
%!error id=cvxnn:fit:type cvxnn_fit ([1; 2], {1; 2}, 'Lambda', 1)
%!error id=cvxnn:fit:type cvxnn_fit (single ([1; 2]), [1; 2], 'Lambda', 1)
%!error id=cvxnn:fit:complex cvxnn_fit ([1; 2i], [1; 2], 'Lambda', 1)
%!error id=cvxnn:fit:sparse cvxnn_fit (sparse ([1; 2]), [1; 2], 'Lambda', 1)
%!error id=cvxnn:fit:empty cvxnn_fit (zeros (0, 1), zeros (0, 1), 'Lambda', 1)
%!test
%! % cutting planes: global certificate with a small fraction of the
%! % patterns, on 1-D data with a bias and on 2-D data
%! randn ('state', 5);
%! x = sort (randn (200, 1)); y = sin (2 * x) + 0.1 * randn (200, 1);
%! X2 = randn (40, 2); y2 = sin (X2(:, 1)) .* X2(:, 2);
%! cases = {x, y, 0.1; X2, y2, 0.2};
%! for k = 1:2
%!   [Xk, yk, lk] = cases{k, :};
%!   [net, info] = cvxnn_fit (Xk, yk, 'Lambda', lk, 'Method', 'cutting-plane', ...
%!                            'Arrangements', 'exact', 'Tol', 1e-9);
%!   npat = columns (cvxnn_arrangements (Xk, 1, 'Method', 'exact', 'Bias', true));
%!   assert (info.exact && strcmp (info.status, 'solved'));
%!   assert (info.relgap <= 1e-9);
%!   assert (info.patterns <= 0.25 * npat);
%!   assert (info.rounds > 1);
%!   % the bound is checked independently of the fit's solver: the
%!   % extreme-point kernel over every pattern
%!   cert = cvxnn_certify (net, Xk, yk, 'Arrangements', 'exact');
%!   assert (cert.exact && cert.relgap <= 1e-8);
%!   assert (cert.primal, info.primal, 1e-12 * info.primal);
%! end
%! % and the direct solve over every pattern agrees (2-D case)
%! [~, full] = cvxnn_fit (X2, y2, 'Lambda', 0.2, 'Arrangements', 'exact', 'Tol', 1e-9);
%! assert (full.status, 'solved');
%! assert (abs (info.primal - full.primal) <= 1e-8 * full.primal);

%!test
%! % larger d: the sampled check, stated as an estimate
%! randn ('state', 6);
%! X = randn (50, 5); y = max (X * randn (5, 1), 0) - 0.5;
%! [net, info] = cvxnn_fit (X, y, 'Lambda', 0.5, 'Method', 'cutting-plane', 'Arrangements', 200);
%! assert (~info.exact);
%! assert (info.dual <= info.primal + 1e-12);
%! assert (cvxnn_objective (net, X, y), info.primal, 1e-12 * info.primal);

%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'Lambda', 1, 'Method', 'cutting-plane', 'Model', 'gated')
%!error id=cvxnn:fit:labels cvxnn_fit ([1; 2], [0; 1], 'Lambda', 1, 'Loss', 'logistic')
%!error id=cvxnn:fit:labels cvxnn_fit ([1; 2], [1 -1; 1 1], 'Lambda', 1, 'Loss', 'logistic')
%!error id=cvxnn:fit:labels cvxnn_fit ([1; 2], [3; 3], 'Lambda', 1, 'Loss', 'crossentropy')
%!error id=cvxnn:fit:labels cvxnn_fit ([1; 2], [1 1; 0 1], 'Lambda', 1, 'Loss', 'crossentropy')
%!error id=cvxnn:fit:arrangements cvxnn_fit ([1; 2], [1; 2], 'Lambda', 1, 'Arrangements', true (3, 2))
%!error id=cvxnn:fit:arrangements cvxnn_fit ([1; 2], [1; 2], 'Lambda', 1, 'Arrangements', 'some')
%!error id=cvxnn:fit:arrangements cvxnn_fit ([1; 2], [1; 2], 'Lambda', 1, 'Arrangements', 2.5)
%!error id=cvxnn:fit:arrangements cvxnn_fit ([1; 2; 3], [1; 2; 3], 'Lambda', 1, 'Model', 'gated', 'Arrangements', logical ([1; 0; 1]))
%!error id=cvxnn:fit:unknownOption cvxnn_fit ([1; 2], [1; 2], 'Lambda', 1, 'Rate', 3)
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'Lambda', 1, 'Model', 'deep')
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'Lambda', 1, 'Loss', 'hinge')
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'Lambda', 1, 'Tol', -1)
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'Lambda', 1, 'MaxIter', 1.5)
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'Lambda', 1, 'Display', 'all')
%!error id=cvxnn:fit:size __cvxnn_fit__ ([1; 2], true (3, 1), [1; 2], 0, 0, 1, 1e-6, 10, 10, 0, [], 0, 0)
%!error id=cvxnn:fit:value __cvxnn_fit__ ([1; 2], true (2, 1), [1; 2], 0, 0, -1, 1e-6, 10, 10, 0, [], 0, 0)
%!error id=cvxnn:fit:arrangements cvxnn_fit ([1; 2], [1; 2], 'Lambda', 1, 'Arrangements', sparse (1))
