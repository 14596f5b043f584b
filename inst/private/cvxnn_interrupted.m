% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% tf = cvxnn_interrupted ()
%
% True once when a Ctrl-C came during a shielded call (cvxnn_shield) and
% no kernel has taken it yet: the poll of Octave code that runs long (a
% homotopy's steps), which then stops as a kernel would.  MATLAB: false
% (the gateway does nothing there; Ctrl-C stops its Octave-language code
% itself).

function tf = cvxnn_interrupted ()
  tf = cvxnn_mex ('shield', -1) > 0;
end
