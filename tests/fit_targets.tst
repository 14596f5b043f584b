## cvxnn_fit's targets by their role: squared-loss targets are data and
## must be double, as X; the labels of the logistic and cross-entropy
## losses may be of any numeric or logical class.  (Moved from
## inst/cvxnn_fit.m, unchanged, to keep that file under the house's size.)
##
## Copyright (C) 2026 The cvxnn developers
## SPDX-License-Identifier: GPL-3.0-or-later

%!error id=cvxnn:fit:type cvxnn_fit ([1; 2], int32 ([0; 1]), 'Lambda', 1)
%!error id=cvxnn:fit:type cvxnn_fit ([1; 2], single ([0; 1]), 'Lambda', 1)
%!test
%! % labels may be of any class: int8 and logical give the double fit
%! [~, a] = cvxnn_fit ([1; 2; 3], [1; -1; 1], 'Lambda', 0.1, 'Loss', 'logistic');
%! [~, b] = cvxnn_fit ([1; 2; 3], int8 ([1; -1; 1]), 'Lambda', 0.1, 'Loss', 'logistic');
%! assert (b.primal, a.primal);
%! [~, c] = cvxnn_fit ([1; 2; 3], [true; false; true], 'Lambda', 0.1, 'Loss', 'crossentropy');
%! [~, e] = cvxnn_fit ([1; 2; 3], [1; 0; 1], 'Lambda', 0.1, 'Loss', 'crossentropy');
%! assert (c.primal, e.primal);
