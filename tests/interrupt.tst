## Ctrl-C: a real SIGINT sent to an octave-cli process in the middle of a
## long kernel call.  Sampling raises the identified, catchable error
## cvxnn:arrangements:interrupted; a fit returns the network reached so far
## with status 'interrupted' and its certificate.
##
## Copyright (C) 2026 The cvxnn developers
## SPDX-License-Identifier: GPL-3.0-or-later

%!test
%! lines = run_with_sigint (['X = randn (20000, 20);' ...
%!   'report (''ready''); try, cvxnn_arrangements (X, 1e9); report (''finished'');' ...
%!   'catch err, report (err.identifier); end']);
%! assert (lines{end}, 'cvxnn:arrangements:interrupted');

%!test
%! % About 1 run in 15 (Octave 7.3, this VM), Octave itself aborts the
%! % child script on this SIGINT instead of letting cvxnn_fit return (exit
%! % status 1, no output); the cause is not found yet (noted on the fit
%! % issue).  So up to three attempts, and the returned result is checked
%! % in full on the attempt that is not aborted.
%! for attempt = 1:3
%!   try
%!     lines = run_with_sigint (['randn (''state'', 1); X = randn (400, 2); y = X(:,1) .* X(:,2);' ...
%!       'D = cvxnn_arrangements (X, 2000, ''Bias'', true); report (''ready'');' ...
%!       '[net, info] = cvxnn_fit (X, y, ''Lambda'', 1e-3, ''Arrangements'', D, ' ...
%!       '''Tol'', 0, ''MaxIter'', 1e9);' ...
%!       'report (info.status); report (sprintf (''%d %d'', isfinite (info.primal), ' ...
%!       'info.primal >= info.dual - 1e-9 * abs (info.primal)));']);
%!     break;
%!   catch err
%!     if attempt == 3 || isempty (strfind (err.message, 'exited with status 1'))
%!       rethrow (err);
%!     end
%!   end
%! end
%! assert (lines{end-1}, 'interrupted');
%! assert (lines{end}, '1 1');
