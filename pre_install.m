% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% Run by pkg install before it builds src/ (silently unless -verbose):
% says what is being compiled and about how long it takes, so that a
% minute without output does not look like a hang.
function pre_install (desc)
  core = dir (fullfile ('src', 'cvxnn_*.c'));
  gws = dir (fullfile ('src', '__cvxnn_*__.c'));
  fprintf (['%s %s: compiling the C core (%d files) and %d MEX gateways with ' ...
            'mkoctfile, about a minute (pkg install -verbose shows each command)\n'], ...
           desc.name, desc.version, numel (core), numel (gws));
end
