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
% Train a two-layer ReLU network to the global optimum of its convex
% reformulation, with a duality-gap certificate.
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
% Weight decay, a positive scalar (required).
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
% data with a bias); @code{'exact'} to insist on every pattern; or an
% n-by-P logical matrix of patterns.
% @item 'Seed'
% Seed of the pattern sampling (default 0).
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
% Outputs: @var{net}, a struct with fields @code{W = @{W1, W2@}},
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
% global optimality.  Otherwise the network is optimal among those using
% the sampled patterns, and the gap says nothing about patterns not seen.
% @item status
% @code{'solved'} (relgap <= Tol), @code{'max_iter'} or
% @code{'interrupted'} (Ctrl-C: the best network so far is returned).
% @item iterations, active, time, patterns, lambda_max, violation
% Iterations, hidden neurons, seconds, number of patterns used, the
% smallest lambda for which the zero network is optimal (on these
% patterns), and the largest dual constraint value divided by lambda.
% @item history
% One row per certificate: iteration, objective, dual bound, relative gap,
% active groups, step, time, patterns in the working set, and 1 for a
% certificate over all patterns (0: over the working set).  With cutting
% planes the rows of each round are over that round's patterns (0), and
% one row per round (1) certifies the round's network over the pool.
% @item convex, neuron_pattern
% The convex program's objective at its solution (equal to @code{primal}
% up to rounding), and for each neuron the index of its pattern.
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
  t0 = tic;
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
     'Solver',       'ssn',     'choice',  {'ssn', 'fista'}}, varargin);
  lam = cvxnn_check_lambda (fn, opts.Lambda, true);
  cutting = strcmp (opts.Method, 'cutting-plane');
  if cutting && strcmp (opts.Model, 'gated')
    error ('cvxnn:fit:optionValue', ...
           'cvxnn_fit: the cutting-plane method is for the ''relu'' model');
  end
  [n, d] = size (X);
  [T, classes] = cvxnn_targets (fn, Y, n, opts.Loss);
  K = size (T, 2);

  % activation patterns
  [D, Gdir, exact] = cvxnn_patterns (fn, X, opts.Arrangements, opts.Bias, opts.Seed);
  if isempty (D)
    error ('cvxnn:fit:arrangements', 'cvxnn_fit: no activation pattern to fit with');
  end

  Xa = X;
  if opts.Bias
    Xa = [X, ones(n, 1)];
  end
  model = double (strcmp (opts.Model, 'gated'));
  loss = find (strcmp (opts.Loss, {'squared', 'logistic', 'crossentropy'})) - 1;
  if strcmp (opts.Display, 'iter')
    fprintf ('cvxnn_fit: %s model, %s loss, lambda = %g, n = %d, d = %d, %d %s patterns\n', ...
             opts.Model, opts.Loss, lam, n, d, size (D, 2), cvxnn_ternary (exact, 'exact', 'sampled'));
  end
  % auto: cutting planes over a complete pool of more than 200 patterns,
  % where bench/bench_dual.m measured them 10 to 25 times faster than the
  % direct solve (which can run out of iterations there)
  if strcmp (opts.Method, 'auto')
    cutting = exact && ~model && columns (D) > 200;
  end
  if ~cutting
    [net, info, ci] = fit_on (D, Gdir, X, Xa, T, model, loss, lam, opts, classes, K);
    rounds = 1;
  else
    [net, info, ci, D, exact, rounds] = cutting_plane (D, exact, X, Xa, T, model, loss, ...
                                                       lam, opts, classes, K);
  end
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
  info.time = toc (t0);
  info = orderfields (info, {'primal', 'dual', 'gap', 'relgap', 'exact', 'status', ...
                             'iterations', 'active', 'time', 'patterns', 'lambda_max', ...
                             'violation', 'history', 'convex', 'neuron_pattern', 'rounds', ...
                             'perf'});
  if ~strcmp (opts.Display, 'off')
    fprintf (['cvxnn_fit: %s, objective %.10g, relative gap %.2e (%s), %d neurons, ' ...
              '%d iterations, %.3g s\n'], info.status, info.primal, info.relgap, ...
             cvxnn_ternary (exact, 'global certificate', 'over the patterns used'), ...
             info.active, info.iterations, info.time);
  end
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
  [info.primal, ~] = cvxnn_net_objective (net, X, T);
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
    % patterns given by the user one found from the pattern itself
    Xa = X;
    if opts.Bias
      Xa = [X, ones(size (X, 1), 1)];
    end
    Gt = zeros (da, m);
    for j = 1:m
      if ~isempty (Gdir)
        Gt(:, j) = Gdir(:, pat(j));
      else
        Gt(:, j) = gate_for (Xa, D(:, pat(j)));
      end
    end
    net.gates = {Gt(1:d, :), zeros(1, m)};
    if opts.Bias
      net.gates{2} = Gt(d+1, :);
    end
  end
  info.neuron_pattern = pat;
end

% A direction h with (Xa*h >= 0) == Dcol.  Patterns come from directions,
% so such an h exists; we look for one with a margin by a hinge-type
% least-squares iteration and check it.
function h = gate_for (Xa, Dcol)
  s = 2 * double (Dcol) - 1;
  A = Xa .* s;                            % want A*h > 0
  h = pinv (A) * ones (size (A, 1), 1);
  for it = 1:200
    r = A * h;
    if all (r > 0)
      break;
    end
    h = h + pinv (A) * max (1 - r, 0);
  end
  if ~isequal (Xa * h >= 0, logical (Dcol))
    error ('cvxnn:fit:arrangements', ...
           'cvxnn_fit: a column of ''Arrangements'' is not an activation pattern of X');
  end
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

%!error id=cvxnn:fit:nargin cvxnn_fit (1)
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2])
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2], 'Lambda', -1)
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2], 'Lambda', 0)
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2], 'Lambda', NaN)
%!error id=cvxnn:fit:lambda cvxnn_fit ([1; 2], [1; 2], 'Lambda', [1 2])
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
