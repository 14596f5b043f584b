## 'Display' on the functions that can run for more than a second besides
## the fit and the trainer: cvxnn_dual, cvxnn_certify and
## cvxnn_extreme_points.  'off' prints nothing, 'final' one summary line
## that names the function and states the result returned, 'iter' each
## phase before that line.
##
## Copyright (C) 2026 The cvxnn developers
## SPDX-License-Identifier: GPL-3.0-or-later

%!shared X, y, lam
%! randn ('state', 7);
%! X = randn (40, 3);
%! y = max (X * [1; -1; 0.5], 0) - 0.3 * X(:, 2);
%! lam = 0.05;

%!function lines = printed (f)
%!  out = evalc ('f ();');
%!  lines = strsplit (strtrim (out), "\n");
%!  lines = lines(~cellfun ('isempty', lines));
%!endfunction

%!test
%! assert (isempty (printed (@() cvxnn_dual (X, y, 'Lambda', lam, 'Arrangements', 100))));
%! [~, info] = cvxnn_dual (X, y, 'Lambda', lam, 'Arrangements', 100);
%! one = printed (@() cvxnn_dual (X, y, 'Lambda', lam, 'Arrangements', 100, ...
%!                                'Display', 'final'));
%! assert (numel (one), 1);
%! assert (strncmp (one{1}, 'cvxnn_dual: ', 12));
%! assert (! isempty (strfind (one{1}, sprintf ('dual %.10g', info.dual))));
%! kind = {'sampled', 'exact'}{1 + info.exact};
%! assert (! isempty (strfind (one{1}, sprintf ('over %d %s patterns', info.patterns, kind))));
%! many = printed (@() cvxnn_dual (X, y, 'Lambda', lam, 'Arrangements', 100, ...
%!                                 'Display', 'iter'));
%! assert (numel (many) > 3);
%! assert (regexprep (many{end}, '[0-9.e+-]+ s$', ''), regexprep (one{1}, '[0-9.e+-]+ s$', ''));
%! % the primal solve's log is among them
%! assert (any (! cellfun ('isempty', regexp (many, '^ *iter \|'))));

%!test
%! one = printed (@() cvxnn_dual (X, y, 'Lambda', lam, 'Activation', 'linear', ...
%!                                'Display', 'final'));
%! assert (numel (one), 1);
%! assert (! isempty (strfind (one{1}, 'over a linear network')));

%!test
%! [net, fi] = cvxnn_fit (X, y, 'Lambda', lam, 'Arrangements', 100, 'Pool', 'sample');
%! assert (isempty (printed (@() cvxnn_certify (net, X, y, 'Arrangements', 100))));
%! cert = cvxnn_certify (net, X, y, 'Arrangements', 100);
%! one = printed (@() cvxnn_certify (net, X, y, 'Arrangements', 100, 'Display', 'final'));
%! assert (numel (one), 1);
%! assert (strncmp (one{1}, 'cvxnn_certify: ', 15));
%! assert (! isempty (strfind (one{1}, sprintf ('bound %.10g', cert.dual))));
%! assert (! isempty (strfind (one{1}, {'(an estimate)', '(a proof)'}{1 + cert.exact})));
%! many = printed (@() cvxnn_certify (net, X, y, 'Arrangements', 100, 'Display', 'iter'));
%! assert (numel (many) >= 3);
%! assert (strncmp (many{1}, 'cvxnn_certify: ', 15));

%!test
%! % a network outside Mathematics 2.5: the line says why there is no bound
%! net = cvxnn_train (X, y, 'Lambda', lam, 'Layers', [4 4], 'Epochs', 5);
%! one = printed (@() cvxnn_certify (net, X, y, 'Display', 'final'));
%! assert (numel (one), 1);
%! assert (strncmp (one{1}, 'cvxnn_certify: no certificate (', 31));

%!test
%! Lam = y - mean (y);
%! assert (isempty (printed (@() cvxnn_extreme_points (X, Lam))));
%! [U, val, info] = cvxnn_extreme_points (X, Lam, 'Count', 2);
%! one = printed (@() cvxnn_extreme_points (X, Lam, 'Count', 2, 'Display', 'final'));
%! assert (numel (one), 1);
%! assert (! isempty (strfind (one{1}, sprintf ('largest value %.10g', val(1)))));
%! assert (! isempty (strfind (one{1}, sprintf ('over %d patterns', info.patterns))));
%! one = printed (@() cvxnn_extreme_points (X, Lam, 'Activation', 'linear', 'Display', 'final'));
%! assert (! isempty (strfind (one{1}, '(the maximum), over a linear network')));
%! many = printed (@() cvxnn_extreme_points (X, Lam, 'Count', 2, 'Display', 'iter'));
%! assert (numel (many) >= 3);

%!error id=cvxnn:dual:optionValue cvxnn_dual (X, y, 'Lambda', lam, 'Display', 'loud')
%!error id=cvxnn:certify:optionValue cvxnn_certify (struct ('W', {{1, 1}}, 'activation', 'relu', 'lambda', 1), 1, 1, 'Display', 'loud')
%!error id=cvxnn:extreme_points:optionValue cvxnn_extreme_points (X, y, 'Display', 1)

%!test
%! % cvxnn_fit's header names where the patterns came from: a matrix
%! % given is 'given' (it said 'sampled'), a count 'sampled'
%! D = cvxnn_arrangements (X, 30, 'Bias', true, 'Seed', 1);
%! out = printed (@() cvxnn_fit (X, y, 'Lambda', lam, 'Arrangements', D, 'Display', 'iter'));
%! assert (! isempty (strfind (out{1}, sprintf ('%d given patterns', columns (D)))));
%! out = printed (@() cvxnn_fit (X, y, 'Lambda', lam, 'Arrangements', 30, 'Pool', 'sample', ...
%!                               'Display', 'iter'));
%! assert (! isempty (strfind (out{1}, '30 sampled patterns')));
