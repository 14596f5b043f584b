## cvxnn_fit's refusals of bad 'Arrangements', sizes beyond the budget,
## bad 'Lambda', 'CV', 'NumLambda', 'LambdaRatio' and 'InitialNetwork'
## values, and its warning on badly scaled columns (moved from
## inst/cvxnn_fit.m, which a file's size limit keeps to its own
## behaviour's tests).
##
## Copyright (C) 2026 The cvxnn developers
## SPDX-License-Identifier: GPL-3.0-or-later

%!error id=cvxnn:fit:arrangements cvxnn_fit ([1; 2; 3], [1; 2; 3], 'Lambda', 1, 'Arrangements', {true(3, 1), [1; 1; 1]})
%!error id=cvxnn:fit:arrangements cvxnn_fit ([1; 2; 3], [1; 2; 3], 'Lambda', 1, 'Arrangements', {true(3, 1), [-1; 0]})
%!error id=cvxnn:fit:arrangements cvxnn_fit ([1; 2; 3], [1; 2; 3], 'Lambda', 1, 'Arrangements', {true(3, 1)})

%!test
%! % {D, G} checked column by column in blocks (32 columns at 32768 rows):
%! % the first wrong column is named, past the first block
%! randn ('state', 5);
%! X = randn (32768, 2); G = randn (3, 40);
%! D = [X, ones(32768, 1)] * G >= 0;
%! D(5, [35 38]) = ~D(5, [35 38]);
%! try
%!   cvxnn_fit (X, X(:, 1), 'Lambda', 1, 'Arrangements', {D, G});
%!   error ('no error');
%! catch err
%!   assert (err.identifier, 'cvxnn:fit:arrangements');
%!   assert (err.message, 'cvxnn_fit: column 35 of ''Arrangements'' is not the pattern of its direction');
%! end

%!test
%! % a column that is no activation pattern (on 1-D data with a bias the
%! % patterns are thresholds; 1 0 1 0 1 is none) is refused before the
%! % solve, even where no neuron would use it (lambda above lambda_max)
%! x = (-2:2)';
%! D = [x >= 0, logical([1; 0; 1; 0; 1])];
%! try
%!   cvxnn_fit (x, x.^2, 'Lambda', 1e6, 'Model', 'gated', 'Arrangements', D);
%!   error ('no error');
%! catch err
%!   assert (err.identifier, 'cvxnn:fit:arrangements');
%!   assert (err.message, 'cvxnn_fit: column 2 of ''Arrangements'' is not an activation pattern of X');
%! end
%! [~, a] = cvxnn_fit (x, x.^2, 'Lambda', 1e6, 'Model', 'relu', 'Arrangements', D);
%! assert (a.active, 0);

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

%!warning id=cvxnn:fit:scaling
%! X = [linspace(-1, 1, 8)', 1e-7 * cos(1:8)'];
%! cvxnn_fit (X, sin (1:8)', 'Lambda', 0.1, 'Arrangements', 20);

%!test
%! % no warning for columns within 1e6 of each other, nor for the gated
%! % model, whose solver is not troubled by scaling
%! lastwarn ('');
%! X = [linspace(-1, 1, 8)', 1e-5 * cos(1:8)'];
%! cvxnn_fit (X, sin (1:8)', 'Lambda', 0.1, 'Arrangements', 20);
%! cvxnn_fit ([X(:, 1), 1e-7 * X(:, 2)], sin (1:8)', 'Lambda', 0.1, 'Arrangements', 20, ...
%!            'Model', 'gated');
%! [~, id] = lastwarn ();
%! assert (! strcmp (id, 'cvxnn:fit:scaling'));

%!warning id=cvxnn:fit:scaling
%! % columns 1e4 apart: a relu fit that stops short of Tol says why
%! X = [linspace(-1, 1, 8)', 1e-4 * cos(1:8)'];
%! [~, info] = cvxnn_fit (X, sin (1:8)', 'Lambda', 0.1, 'Arrangements', 20, 'MaxIter', 1);
%! assert (info.status, 'max_iter');

%!test
%! warning ('off', 'cvxnn:fit:notConverged', 'local');   % capped on purpose
%! % ... and not when it is solved, nor with 'Standardize'
%! X = [linspace(-1, 1, 8)', 1e-4 * cos(1:8)'];
%! lastwarn ('');
%! [~, a] = cvxnn_fit (X, sin (1:8)', 'Lambda', 0.1, 'Arrangements', 20);
%! [~, b] = cvxnn_fit (X, sin (1:8)', 'Lambda', 0.1, 'Arrangements', 20, 'MaxIter', 1, ...
%!                     'Standardize', true);
%! [~, id] = lastwarn ();
%! assert (a.status, 'solved');
%! assert (! strcmp (id, 'cvxnn:fit:scaling'));

%!warning id=cvxnn:fit:notConverged
%! % a fit that stops short of Tol says so, also to a caller who asked for
%! % no info (the network alone)
%! randn ('state', 1); X = randn (60, 3); y = randn (60, 1);
%! net = cvxnn_fit (X, y, 'Lambda', 0.1, 'Arrangements', 20, 'MaxIter', 1, 'Model', 'gated');

%!test
%! % ... naming the status and gap; along a path how many lambdas and the
%! % worst; no warning when solved, nor from cvxnn_dual (whose point is
%! % scaled feasible whatever its primal solve reached)
%! randn ('state', 1); X = randn (60, 3); y = randn (60, 1);
%! o = {'Arrangements', 20, 'Seed', 1};
%! lastwarn ('');
%! [~, a] = cvxnn_fit (X, y, 'Lambda', 0.1, o{:}, 'MaxIter', 1);
%! [msg, id] = lastwarn ();
%! assert (id, 'cvxnn:fit:notConverged');
%! assert (! isempty (strfind (msg, sprintf ('status ''max_iter'', relative gap %.2e', a.relgap))));
%! lastwarn ('');
%! [~, b] = cvxnn_fit (X, y, 'Lambda', [1, 0.1], o{:}, 'MaxIter', 1);
%! [msg, id] = lastwarn ();
%! assert (id, 'cvxnn:fit:notConverged');
%! short = ismember ({b.status}, {'max_iter', 'stalled'});
%! assert (! isempty (strfind (msg, sprintf ('%d of the 2 lambdas', sum (short)))));
%! lastwarn ('');
%! [~, c] = cvxnn_fit (X, y, 'Lambda', 0.1, o{:});
%! [~, ~] = cvxnn_dual (X, y, 'Lambda', 0.1, 'Arrangements', 20, 'MaxIter', 1);
%! [~, id] = lastwarn ();
%! assert (c.status, 'solved');
%! assert (isempty (id));

%!error id=cvxnn:fit:initialNetwork cvxnn_fit ([1; 2; 3], [1 2; 2 3; 3 4], 'Lambda', 1, 'InitialNetwork', struct ('W', {{1, [1 1]}}, 'b', {{0, []}}, 'activation', 'relu'))
%!error id=cvxnn:fit:initialNetwork cvxnn_fit ([1; 2; 3], [1; 2; 3], 'Lambda', 1, 'InitialNetwork', struct ('W', {{[1 1], [1; 1]}}, 'b', {{[0 0], []}}, 'activation', 'linear'))
%!error id=cvxnn:fit:initialNetwork cvxnn_fit ([1; 2; 3], [1; 2; 3], 'Lambda', 1, 'Bias', false, 'InitialNetwork', struct ('W', {{[1 1], [1; 1]}}, 'b', {{[0 0], []}}, 'activation', 'relu'))
%!error id=cvxnn:fit:initialNetwork cvxnn_fit ([1 2; 2 3; 3 1], [1; 2; 3], 'Lambda', 1, 'InitialNetwork', struct ('W', {{[1 1], [1; 1]}}, 'b', {{[0 0], []}}, 'activation', 'relu'))
%!error id=cvxnn:fit:net cvxnn_fit ([1; 2; 3], [1; 2; 3], 'Lambda', 1, 'InitialNetwork', 3)
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'CV', 2.5)
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'NumLambda', 0)
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'LambdaRatio', 0)
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'LambdaRatio', 1)
%!error id=cvxnn:fit:optionValue cvxnn_fit ([1; 2], [1; 2], 'LambdaRatio', 2)

%!test
%! % a path's grown pools keep one network of 'PoolWidth' neurons a
%! % lambda: weighed with the rest before any work (8e3 GB here)
%! try
%!   cvxnn_fit (randn (10, 1e4), randn (10, 1), 'NumLambda', 1e4, 'PoolWidth', 1e4);
%!   error ('not refused');
%! catch err
%!   assert (err.identifier, 'cvxnn:fit:tooLarge');
%!   assert (! isempty (strfind (err.message, '10000 networks of 10000 neurons')));
%! end
