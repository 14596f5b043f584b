## cvxnn_fit's refusals of bad 'Arrangements', sizes beyond the budget,
## and bad 'Lambda' and 'CV' values (moved from inst/cvxnn_fit.m, which a
## file's size limit keeps to its own behaviour's tests).
##
## Copyright (C) 2026 The cvxnn developers
## SPDX-License-Identifier: GPL-3.0-or-later

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
