% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% guard = cvxnn_shield ()
%
% From now until GUARD is cleared (the caller returns, or an error
% unwinds it), Ctrl-C in the Octave code between the caller's gateway
% calls is deferred to the next gateway's poll, which returns what was
% reached, as Ctrl-C inside that gateway would: without it Octave aborts
% the caller's script there, past any try/catch.  A second Ctrl-C before
% that poll aborts as usual.  Octave undoes the shield whenever it
% recovers from an error, even a caught one (memory () does so inside):
% cvxnn_mex puts it back after each gateway call, cvxnn_check_memory after
% memory (), cvxnn_interrupted at each poll.  MATLAB: the gateway does
% nothing (its MEX files do not poll Ctrl-C).

function guard = cvxnn_shield ()
  cvxnn_mex ('shield', 1);
  guard = onCleanup (@() cvxnn_mex ('shield', 0));
end
