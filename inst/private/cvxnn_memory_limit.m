% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% bytes = cvxnn_memory_limit ()
%
% The memory a call may plan to use: what the system has available for
% arrays (memory () where it exists: Octave on Linux, MATLAB on Windows),
% else Inf (no refusal on that ground).

function bytes = cvxnn_memory_limit ()
  bytes = Inf;
  try
    m = memory ();
    bytes = m.MemAvailableAllArrays;
  catch
  end
end
