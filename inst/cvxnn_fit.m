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
% (weight decay on every parameter, the bias included: the manual's Mathematics 1.2 B-aug).
% Over a set of activation patterns D_1..D_P of the data (see
% @code{cvxnn_arrangements}) this equals the convex program C-ReLU of Mathematics
% 4.2, solved here in C; the optimal network is read off its solution
% (Mathematics 4.2 "map back"), and a dual point (Mathematics 2.5, 4.3) bounds how far the
% network is from the optimum.
%
% @var{X}: n-by-d real double.  @var{Y}: targets, by loss:
% @table @asis
% @item 'squared'
% n-by-K real double; loss @code{0.5*|F - Y|_F^2} (not divided by n).
% @item 'logistic'
% n-by-1 of +1/-1 (labels: any numeric or logical class); loss @code{sum (log (1 + exp (-Y.*F)))}.
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
% @qcode{'relu'} (default): the exact cone-constrained program; the result
% is a ReLU network.  @qcode{'gated'}: the gated-ReLU relaxation (Mathematics 4.5,
% a group lasso); the result is a gated network (each hidden unit switched
% by a fixed gate, @tcode{net.activation = 'gated'}), whose optimum is never
% above the ReLU one on the same patterns.
% @item 'Loss'
% @qcode{'squared'} (default), @qcode{'logistic'}, @qcode{'crossentropy'}.
% @item 'Bias'
% First-layer bias (default true), regularized like the weights.
% @item 'Standardize'
% false (default) or true: fit on the columns of X centred (with 'Bias')
% and divided by their standard deviations, as MATLAB's @code{fitrnet}
% does, and return networks that act on raw X.  The weight decay then
% applies to the weights on standardized inputs, and @var{info}'s
% objectives, bounds and @code{lambda_max} are those of that program
% (@code{cvxnn_objective} on raw X weighs the weights differently; to
% evaluate or certify the program, map the network's first layer as the
% fit does: @tcode{W1 .* s'} and @code{b1 + mu * W1} on
% @code{(X - mu) ./ s}, @code{mu = mean (X)} (0 without 'Bias'),
% @code{s = std (X)}).  Columns whose scales lie far apart slow the relu
% fit down (warning @code{cvxnn:fit:scaling}); standardized, they do not.
% @item 'Arrangements'
% Which activation patterns: a count P (default 1000) of random directions
% to sample, enumerated exactly instead when the data allow it within that
% budget (@code{cvxnn_arrangements} method @qcode{'auto'}: always for 1-D
% data with a bias), and then grown (see 'Pool'); @qcode{'sample'}: the
% 1000 sampled patterns alone (no growing, the pool of cvxnn 0.1);
% @qcode{'exact'} to insist on every pattern; an
% n-by-P logical matrix of patterns; or a cell @code{@{D, G@}} of such a
% matrix and the directions that generate it (the first two outputs of
% @code{cvxnn_arrangements}), checked.  For the gated model, every column
% of a matrix given alone gets its gate before the solve, each by a small
% least-distance problem (exact), and a column that is no activation
% pattern of X is an error; give @code{@{D, G@}} to skip that search.
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
% @qcode{'grow'} (default) or @qcode{'sample'}.  A sampled pool of a fit
% with one output rarely holds the patterns a trained network uses, so
% by default it grows: at each lambda a short nonconvex run
% (@code{cvxnn_train}, L-BFGS, 'PoolWidth' neurons, seeded, within about
% 1e11 flops, its start scaled by @code{min (1, 1 / rms (X(:)))} for raw
% columns; at most 300 iterations for @qcode{'gated'}, 1000 for @qcode{'relu'}
% and 2000 more while it still falls) adds its neurons' patterns and is the fit's start, as
% 'InitialNetwork' would be, so the result is never worse than that
% network; then, for up to 'PoolRounds' rounds, the patterns outside the
% pool whose dual constraint the fit's dual point violates (found among
% fresh samples; for relu, the 100 of them whose gated bound is largest
% are checked exactly) join it and the fit goes on (a gated fit's solves
% before the last round stop at a relative gap of 1e-3: they only need a
% dual point that finds the violated patterns).  @qcode{'sample'}: the patterns of
% 'Arrangements' as drawn.  Along a path the nonconvex runs go from the
% smallest lambda up, each (a tenth as long) from the network of the
% lambda below, so that the neurons a large lambda prunes are not lost
% for the smaller ones; each lambda's pool holds the drawn patterns,
% those its run adds and those the fit before it uses.  An
% 'InitialNetwork' replaces the nonconvex run; a pattern matrix given,
% an exact pool and fits with K > 1 outputs keep the pool as given or
% drawn.  Growing costs time (on diabetes,
% relu, 2 to 5 times the sampled fit) and often lowers the objective a
% great deal: there at lambda = 1e-3 lambda_max from 48.0 to 24.2 (Adam,
% with twice the neurons and ten times the time, reaches 24.25 to 25.8
% from run to run), at 1e-2 from 103.6 to 95.4 (Adam 95.6 to 96.1), at
% 1e-4 from 6.9 to 2.9.
% @item 'PoolWidth', 'PoolRounds'
% Neurons of the nonconvex run (default 300 for @qcode{'relu'}, 200 for
% @qcode{'gated'}; on diabetes and breast cancer, 300 gave relu fits
% objectives lower by up to 4% (none higher) in 1.2 to 2 times the time,
% gated fits at most 2% lower, and two of nine higher) and rounds of dual
% search (default 2 for one lambda; 0 along a path, whose pool grows with the
% nonconvex run at each lambda: rounds would cost each point a few more
% solves).  With 0 rounds nothing is searched beyond the pool
% (@code{global_lower} is NaN).
% @item 'PoolRuns'
% Nonconvex runs for a single lambda's pool (default 2 for @qcode{'relu'},
% 1 for @qcode{'gated'}): where the first relu run is still falling after
% 1000 iterations (small lambda), further cold runs of 1000 (seeds
% Seed + 1, ...) add their patterns, and the result is never worse than
% the best of them.  At small lambda which run finds the better patterns
% varies from case to case; on diabetes, breast cancer and a planted set
% at 1e-2 to 1e-4 lambda_max two runs gave objectives up to 1.3% lower
% (none higher) in 1 to 1.9 times the time.
% @item 'Seed'
% Seed of the pattern sampling and of the nonconvex run (default 0).
% @item 'Tol'
% Stop when the relative duality gap is at most this (default 1e-6).
% @item 'MaxIter'
% Iteration budget of a fit (default 10000): the solves of a grown pool's
% rounds share it (once it is spent no pattern joins the pool, status
% @qcode{'max_iter'}); along a path each lambda has its own, and with
% cutting planes each round's solve.
% @item 'Display'
% @qcode{'off'} (default), @qcode{'final'} or @qcode{'iter'}.
% @item 'Method'
% @qcode{'auto'} (default): cutting planes for the relu model when
% 'Arrangements' gives every pattern and there are more than 200 of them
% (measured 10 to 25 times faster there), else direct.
% @qcode{'direct'}: one solve over all the patterns of 'Arrangements'.
% @qcode{'cutting-plane'} (relu model): start from the patterns the zero
% network violates most, and repeatedly add the patterns
% of the extreme points (@code{cvxnn_extreme_points}) whose dual
% constraint the current solution violates, until none does within Tol
% (Mathematics 4.3).  The patterns of 'Arrangements' are the pool searched:
% when it is every pattern (1-D data with a bias, d = 2, small n) the
% final bound is global while the solves use a small fraction of them;
% otherwise the pool is searched with a local search around its best
% patterns and the certificate is an estimate (@code{info.exact} false).
% @code{info.rounds} counts the solves, each with the budget 'MaxIter';
% @code{info.iterations} and @code{info.history} are summed over them.
% @item 'Solver'
% @qcode{'ssn'} (default): a semismooth Newton augmented Lagrangian
% method over every pattern at once (see Method below), handing its point
% to the first-order solver where it stalls short of Tol.
% @qcode{'fista'}: the first-order solver alone (the solver of cvxnn 0.1,
% kept for comparison).
% @end table
%
% Outputs (with a path, 1-by-L struct arrays in the order of 'Lambda', or
% of the default path from lambda_max down; a path stopped early by
% saturation or Ctrl-C returns the lambdas it solved, each with its own
% certificate; Ctrl-C in the nonconvex runs of a grown pool, which come
% first and go from the smallest lambda up, returns the one network
% trained so far, at the lambda it was trained for): @var{net}, a struct
% with fields @code{W = @{W1, W2@}}, @code{b = @{b1, []@}},
% @code{activation}, @code{lambda}, @code{loss} (and @code{classes} for
% cross-entropy, @code{gates} for gated networks);
% W1 is d-by-m with m the number of hidden neurons found.  @var{info}:
% @table @code
% @item primal
% The objective above, evaluated on the returned network itself.
% @item dual
% A dual-feasible value: a lower bound on the optimum over the patterns
% used (the better of two dual points: the network's residual and, for
% the squared loss, the Newton solver's dual variable).  A relu fit that
% stops short of Tol also solves the gated model over the same patterns
% (within a tenth of 'MaxIter', not counted in @code{iterations}), whose
% optimum is at most relu's, and reports its bound where that is higher:
% often far tighter than the relu solver's when that stalls.
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
% @qcode{'solved'} (relgap <= Tol), @qcode{'max_iter'},
% @qcode{'stalled'} (short of Tol with iterations left: the solvers
% stopped making progress, as rounding can make them at lambda far below
% lambda_max; the network and its bound are valid, only the gap is
% larger than asked; either of these two warns
% @code{cvxnn:fit:notConverged}, for a path once, naming the worst
% lambda) or
% @qcode{'interrupted'} (Ctrl-C in the C solvers, the sampling, the
% gates' search or the pool's training: the best network so far is
% returned, or the zero network before any.  A Ctrl-C in the short
% Octave steps between those phases takes effect in the next of them; a
% second one before that aborts the call as Ctrl-C aborts any Octave
% code).
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
% where nothing was searched (@qcode{'Pool', 'sample'}).
% @item perf
% The solver's inner loop, for benchmarks: @code{loop_time}, the seconds
% spent in the products with the data (@code{X*U} and @code{X'*(D.*R)}
% over the working set, masks included), and @code{loop_flops}, the flops
% of their GEMMs.
% @end table
%
% Method.  The augmented Lagrangian method on the dual, each subproblem
% solved by semismooth Newton steps in the n-by-K dual space (Li, Sun
% and Toh 2018; for the group lasso Zhang, Zhang, Sun and Toh 2020); the
% logistic and cross-entropy losses' duals are entropies, whose Newton
% steps stay inside their domains (for cross-entropy, on the subspace
% where each row of the dual sums to zero).  Its steps are
% exact prox steps, so every iterate of the
% @qcode{'relu'} model lies in its cones and the network has the convex
% objective; the Newton systems involve only the groups in use, so
% strongly correlated patterns and small lambda cost Newton steps, not
% thousands of first-order iterations.  Where forming a Newton system
% would cost more than a few dozen products with the data, or for
% cross-entropy past a thousand rows (two thousand where the columns'
% scales lie far apart), it is solved by preconditioned conjugate
% gradients instead.
% 'Solver' 'fista': accelerated proximal gradient (FISTA with gradient-mapping
% restart, exact prox: the cone projection of @qcode{'relu'} is an NNLS
% problem) on a working set of patterns that grows with the patterns the
% full certificate finds violated, and an active-set Newton polish once
% the support settles.  With K > 1 outputs each neuron feeds one output
% (the one-vs-all decoupling, exact for the squared loss only among such
% networks).  Known limits: @qcode{'relu'} on data whose columns have very
% different scales (1e6 against 1e-6), cross-entropy past 2000 rows on
% columns scaled far apart (1e3 against 1e-3: the conjugate gradients
% slow down; standardize them), lambda far below lambda_max
% (1e-8 of it), and @qcode{'relu'} at small lambda on many rows
% against few columns (2000 x 19, a planted ReLU target at 1e-4 of
% lambda_max or noise at 7e-5: no result in 5 minutes, where
% @qcode{'gated'} takes seconds) can stop above Tol or take very long;
% @code{info.status} says so
% (@qcode{'stalled'} or @qcode{'max_iter'}).  Columns scaled that far apart
% also make the relu fit slow (minutes at n = 442), and from a ratio of
% 1e6 between column scales the warning @code{cvxnn:fit:scaling} says so
% (from 1e3, after a relu fit that stopped short of Tol);
% standardizing them first, the usual practice, avoids it, for a problem
% whose weight decay acts on the standardized weights.  The relu model
% projects every group onto its pattern's cone at each step (on OpenMP
% threads where n (d + 1) >= 65536; @env{OMP_NUM_THREADS} sets how
% many): at n = 1e4, d = 100 on two cores its fit takes about a minute
% at lambda_max / 20 (1000 sampled patterns) and more than a quarter of
% an hour at 1e-2 lambda_max (the default pool: 7 minutes for its first
% solve, 4 or more for each of its pool's rounds), where the gated
% model takes 20 s (1e-2, sampled) to 4 minutes (1e-3, the default
% pool).
%
% @seealso{cvxnn_predict, cvxnn_arrangements}
% @end deftypefn

function [net, info] = cvxnn_fit (X, Y, varargin)
  fn = 'fit';
  if nargin < 2
    error ('cvxnn:fit:nargin', ...
           'cvxnn_fit: usage: [net, info] = cvxnn_fit (X, Y, ''Lambda'', lambda, ...)');
  end
  guard = cvxnn_shield (); %#ok<NASGU> Ctrl-C in this call's Octave code: see cvxnn_shield
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
     'PoolWidth',    NaN,       'integer', [1, 1e6];
     'PoolRounds',   NaN,       'integer', [0, 1e6];
     'PoolRuns',     NaN,       'integer', [1, 100];
     'Standardize',  false,     'logical', []}, varargin);
  if ischar (opts.Arrangements) && strcmpi (opts.Arrangements, 'sample')
    opts.Arrangements = 1000;             % the sampled pool alone
    opts.Pool = 'sample';
  end
  lams = check_lambdas (opts.Lambda);
  if isnan (opts.PoolWidth)
    % relu's pool grows mostly from this run, gated's from the dual
    opts.PoolWidth = 200 + 100 * strcmp (opts.Model, 'relu');
  end
  if isnan (opts.PoolRuns)
    opts.PoolRuns = 1 + strcmp (opts.Model, 'relu');
  end
  if isnan (opts.PoolRounds)
    % a path's pool grows with each lambda's nonconvex run; its dual
    % rounds would cost each point a few more solves
    opts.PoolRounds = 2 * (numel (lams) == 1);
  end
  if strcmp (opts.Method, 'cutting-plane') && strcmp (opts.Model, 'gated')
    error ('cvxnn:fit:optionValue', ...
           'cvxnn_fit: the cutting-plane method is for the ''relu'' model');
  end
  n = size (X, 1);
  [T, classes] = cvxnn_targets (fn, Y, n, opts.Loss);
  if ~opts.Standardize
    cvxnn_fit_scaling (X, opts.Model);
  end
  if opts.CV == 1 || opts.CV > n
    error ('cvxnn:fit:optionValue', ...
           'cvxnn_fit: ''CV'' must be 0 (none) or a number of folds in [2, %d]', n);
  end
  if opts.LambdaRatio <= 0 || opts.LambdaRatio >= 1
    error ('cvxnn:fit:optionValue', 'cvxnn_fit: ''LambdaRatio'' must be in (0, 1)');
  end
  [X, opts, st] = cvxnn_fit_standardize ('in', X, opts);
  [net, info, ~, arr] = cvxnn_fit_path (X, T, classes, lams, opts, isempty (lams));
  if opts.CV > 0
    opts.Arrangements = arr;
    cv = cvxnn_fit_cv (X, T, classes, [info.lambda], opts);
    for j = 1:numel (info)
      info(j).cv = cv;
    end
  end
  net = cvxnn_fit_standardize ('out', net, st);
  if opts.Standardize || ~cvxnn_fit_scaling (X, opts.Model, info)
    cvxnn_fit_unsolved (info, opts.Tol);
  end
end

% The weight decay: a positive scalar, a vector of them (a path), or []
% (the default path).
function lams = check_lambdas (lams)
  if isnumeric (lams) && isequal (size (lams), [0 0])
    lams = [];
  elseif isnumeric (lams) && isvector (lams) && numel (lams) >= 2
    if ~isa (lams, 'double') || ~isreal (lams) || issparse (lams) || ~all (isfinite (lams)) ...
       || any (lams <= 0)
      error ('cvxnn:fit:lambda', ...
             'cvxnn_fit: ''Lambda'' must be a vector of finite doubles > 0');
    end
    lams = double (lams(:)');
  else
    lams = cvxnn_check_lambda ('fit', lams, true);
  end
end

%!demo
%! % 1-D regression: the globally optimal two-layer ReLU network is a
%! % piecewise-linear function whose knots sit where neurons switch.
%! randn ('state', 1); rand ('state', 1);
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
%! % The certificate in action: the iteration log with the duality gap,
%! % one solve over every pattern of the data ('Method', 'direct'; the
%! % default here, cutting planes, logs each of its rounds).
%! randn ('state', 2);
%! X = randn (30, 2); y = X(:, 1) .* X(:, 2);
%! [net, info] = cvxnn_fit (X, y, 'Lambda', 0.1, 'Arrangements', 'exact', ...
%!                          'Method', 'direct', 'Display', 'iter');
%! h = info.history(info.history(:, 9) == 1, :);   % certificates over all patterns
%! printf ('%d neurons; relative gap at each certificate: %s\n', info.active, ...
%!         mat2str (h(:, 4)', 3));

%!demo
%! % Raw columns whose scales lie far apart (breast cancer as stored, 3e-3
%! % to 2.5e3): 'Standardize' fits on standardized columns, as MATLAB's
%! % fitrnet does, and returns a network that takes the raw inputs.
%! [X, y] = cvxnn_dataset ('breast_cancer');
%! [net, info] = cvxnn_fit (X, y, 'Lambda', 0.01, 'Loss', 'logistic', ...
%!                          'Standardize', true, 'Display', 'final');
%! [~, labels] = cvxnn_predict (net, X);
%! printf ('%d neurons, training accuracy %.1f%%\n', info.active, ...
%!         100 * mean (labels == 2 * (y == max (y)) - 1));

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
%! [U, ci] = __cvxnn_fit__ ([x, ones(n, 1)], D, y, 0, 0, 0.01, 1e-14, 1e5, 10, 0, [], 3, 0, 0);
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
%!error id=cvxnn:fit:size __cvxnn_fit__ ([1; 2], true (3, 1), [1; 2], 0, 0, 1, 1e-6, 10, 10, 0, [], 0, 0, 0)
%!error id=cvxnn:fit:value __cvxnn_fit__ ([1; 2], true (2, 1), [1; 2], 0, 0, -1, 1e-6, 10, 10, 0, [], 0, 0, 0)
%!error id=cvxnn:fit:arrangements cvxnn_fit ([1; 2], [1; 2], 'Lambda', 1, 'Arrangements', sparse (1))
