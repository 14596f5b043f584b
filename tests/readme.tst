## The README's Octave example, run verbatim (all but its first line,
## pkg load, done by the runner, and demo cvxnn_fit, which the runner runs
## with every demo), and what its comments claim checked on the results.
##
## Copyright (C) 2026 The cvxnn developers
## SPDX-License-Identifier: GPL-3.0-or-later

%!test
%! readme = fullfile (fileparts (which ('cvxnn_runtests')), '..', 'README.md');
%! txt = fileread (readme);
%! lines = strsplit (txt, "\n");
%! first = find (strcmp (lines, '    pkg load cvxnn'), 1);
%! assert (! isempty (first));
%! last = first;
%! while (last < numel (lines) && strncmp (lines{last + 1}, '    ', 4))
%!   last++;
%! endwhile
%! code = cellfun (@(s) s(5:end), lines(first + 1:last), 'UniformOutput', false);
%! code = code(! strcmp (code, 'demo cvxnn_fit'));
%! assert (numel (code) >= 25);          % the whole example, not a stub
%! % run up to the seeded fit, check it, then the rest (which reuses info)
%! k = find (! cellfun ('isempty', strfind (code, "'InitialNetwork', anet")), 1);
%! assert (! isempty (k));
%! out = evalc (strjoin (code(1:k), "\n"));
%! % "a fit seeded with that network is never worse than it"
%! assert (info.primal <= ainfo.objective * (1 + 1e-12));
%! out = [out, evalc(strjoin (code(k+1:end), "\n"))];
%! % "globally optimal ... the certificate is global": every pattern of
%! % the 1-D data, solved, and the printed line says so
%! [net1, info1] = cvxnn_fit (X(:,3), y, 'Lambda', 1);
%! assert (info1.exact && strcmp (info1.status, 'solved'));
%! assert (! isempty (strfind (out, sprintf ('solved: objective %.6f', info1.primal))));
%! assert (numel (yhat), rows (X));
%! % "a regularization path ... each fit certified" with 5-fold CV
%! assert (all (strcmp ({infos.status}, 'solved')));
%! assert (numel (cv.Loss), numel (infos));
%! assert (isstruct (best) && isfield (best, 'W'));
%! assert (rows (D) == rows (X) && columns (D) == columns (G));
%! % the cutting-plane fit of the last line: the global optimum (1-D)
%! assert (info.exact && strcmp (info.status, 'solved'));
%! assert (abs (info.primal - info1.primal) <= 1e-6 * info1.primal);
%! % "balanced, aligned, low-rank layers": the structure printed
%! assert (! isempty (strfind (out, 's =')));
%! assert (isfinite (f) && numel (g) > 0);
%! % the certificate of the Adam network: a global one (1-D data)
%! assert (cert.exact);
%! assert (cert.dual <= cert.primal);
%! % the dual's extreme points: Count 5, best first
%! assert (columns (U) <= 5 && all (diff (val) <= 0));
%! assert (dinfo.dual <= ainfo.objective);
