## The size rules against a machine with little memory: memory () is
## shadowed by a function reporting BYTES available, so that a rule that
## counts more than a call holds refuses there, and each test fails
## against the rule it replaced.
##
## Copyright (C) 2026 The cvxnn developers
## SPDX-License-Identifier: GPL-3.0-or-later

%!function varargout = with_memory (bytes, f)
%!  % f () with memory () reporting BYTES; the shadow removed afterwards
%!  warning ('off', 'Octave:shadowed-function', 'local');
%!  d = tempname (); mkdir (d);
%!  fid = fopen (fullfile (d, 'memory.m'), 'w');
%!  fprintf (fid, 'function m = memory ()\n  m = struct (''MemAvailableAllArrays'', %.17g);\nend\n', bytes);
%!  fclose (fid);
%!  addpath (d);
%!  unwind_protect
%!    [varargout{1:nargout}] = f ();
%!  unwind_protect_cleanup
%!    rmpath (d);
%!    confirm_recursive_rmdir (false, 'local');
%!    rmdir (d, 's');
%!  end_unwind_protect
%!endfunction

%!function id = refusal (bytes, f)
%!  % the identifier f () fails with under BYTES, '' if it does not fail
%!  id = '';
%!  try
%!    with_memory (bytes, f);
%!  catch err
%!    id = err.identifier;
%!  end
%!endfunction

%!test
%! % cvxnn_predict counts what its row blocks hold, not a whole layer on
%! % every row: with 1 GB available, 1e4 units on 1e4 rows run (the old
%! % estimate, 16 n max (width), said 1.6 GB), and 2e4 outputs on 1e4
%! % rows (1.6 GB of them) are refused
%! net = struct ('W', {{ones(2, 1e4) / 1e4, ones(1e4, 1)}}, 'b', {{zeros(1, 1e4), []}}, ...
%!               'activation', 'relu');
%! X = [ones(5e3, 2); -ones(5e3, 2)];
%! F = with_memory (1e9, @() cvxnn_predict (net, X));
%! assert (F, [2 * ones(5e3, 1); zeros(5e3, 1)], 1e-9);
%! wide = struct ('W', {{ones(2, 10), ones(10, 2e4)}}, 'b', {{zeros(1, 10), []}}, ...
%!                'activation', 'relu');
%! try
%!   with_memory (1e9, @() cvxnn_predict (wide, X));
%!   error ('not refused');
%! catch err
%!   assert (err.identifier, 'cvxnn:predict:tooLarge');
%!   assert (~isempty (strfind (err.message, 'the 1 GB available')));
%! end

%!test
%! % cvxnn_fit counts one block of the products' X U, not X U over every
%! % pattern: with 100 MB available, n = 2e4, d = 50 and 1000 patterns
%! % (the old rule: 10 n P bytes, 200 MB) are taken, 2000 patterns (120
%! % MB of patterns alone) refused
%! randn ('state', 1);
%! X = randn (2e4, 50); y = randn (2e4, 1);
%! [~, info] = with_memory (1e8, @() cvxnn_fit (X, y, 'Lambda', 1e12, 'Arrangements', 1000, ...
%!                                             'Pool', 'sample', 'MaxIter', 0));
%! assert (info.status, 'solved');
%! assert (refusal (1e8, @() cvxnn_fit (X, y, 'Lambda', 1e12, 'Arrangements', 2000, ...
%!                                      'Pool', 'sample', 'MaxIter', 0)), ...
%!         'cvxnn:fit:tooLarge');

%!test
%! % cvxnn_spline1d's homotopy has a work rule besides its memory rule:
%! % with 10 TB available (the ramps of 2e5 points take 1.3 TB), 2e5
%! % distinct points are refused before anything is built, by the work
%! % (about 2 n m^2 = 1.6e16 floating-point operations), naming it
%! x = (1:2e5)'; y = sin (x);
%! try
%!   with_memory (1e13, @() cvxnn_spline1d (x, y, 'Lambda', 1));
%!   error ('not refused');
%! catch err
%!   assert (err.identifier, 'cvxnn:spline1d:tooLarge');
%!   assert (~isempty (strfind (err.message, 'homotopy over 200000 knots')));
%!   assert (~isempty (strfind (err.message, 'floating-point operations')));
%! end
%! % 1e5 points, 8x less work (2e15), pass it; the memory rule (0.32 TB
%! % of ramps against 0.1 TB) is what refuses them here
%! try
%!   with_memory (1e11, @() cvxnn_spline1d (x(1:1e5), y(1:1e5), 'Lambda', 1));
%!   error ('not refused');
%! catch err
%!   assert (err.identifier, 'cvxnn:spline1d:tooLarge');
%!   assert (~isempty (strfind (err.message, 'GB')));
%!   assert (isempty (strfind (err.message, 'homotopy')));
%! end
