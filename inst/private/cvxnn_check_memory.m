% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% cvxnn_check_memory (FN, BYTES, WHAT)
%
% Refuse, before it starts, work whose estimate BYTES exceeds what the
% system has available for arrays (memory () where it exists: Octave on
% Linux, MATLAB on Windows; elsewhere nothing is refused on that ground).
% Error cvxnn:<FN>:tooLarge: "cvxnn_<FN>: WHAT would take about ... GB".
% Estimates under 64 MB are not checked: memory () takes about 4 ms,
% which a small cvxnn_objective or cvxnn_predict call would pay several
% times over, and no machine that runs Octave lacks them.

function cvxnn_check_memory (fn, bytes, what)
  if bytes < 2^26
    return;
  end
  limit = Inf;
  try
    m = memory ();
    limit = m.MemAvailableAllArrays;
  catch
  end
  % memory () recovers from an error inside, which puts Octave's own
  % Ctrl-C handling back: a shielded call's comes back (cvxnn_shield)
  cvxnn_mex ('shield', -2);
  if bytes > limit
    error (['cvxnn:' fn ':tooLarge'], ...
           'cvxnn_%s: %s would take about %.3g GB, more than the %.3g GB available', ...
           fn, what, bytes / 1e9, limit / 1e9);
  end
end
