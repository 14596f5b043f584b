% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [...] = cvxnn_mex (KERNEL, ...)
%
% Calls the MEX gateway of KERNEL ('fit', 'train', 'objective',
% 'arrangements', 'extreme_points').  Octave's gateways carry the
% internal-name convention __cvxnn_<kernel>__; MATLAB rejects names that
% do not start with a letter, even in code that never runs, so the call
% goes through feval with the name as a string, and a MATLAB build
% (cvxnn_build_mex) names them cvxnn_mex_<kernel>.  A gateway's error
% message names cvxnn_<kernel>, never the gateway.

function varargout = cvxnn_mex (kernel, varargin)
  persistent octave
  if isempty (octave)
    octave = exist ('OCTAVE_VERSION', 'builtin') ~= 0;
  end
  if octave
    gw = ['__cvxnn_' kernel '__'];
    shield = '__cvxnn_shield__';
  else
    gw = ['cvxnn_mex_' kernel];
    shield = 'cvxnn_mex_shield';
  end
  try
    [varargout{1:max (nargout, 1)}] = feval (gw, varargin{:});
    if ~strcmp (kernel, 'shield')
      % a shielded call's Ctrl-C handling, which Octave may have undone
      % in the Octave code before (cvxnn_shield), back for the code after
      feval (shield, -2);
    end
  catch err
    % Octave prefixes a gateway's messages with the gateway's name; the
    % user called cvxnn_<kernel> (or a function that cvxnn_rethrow names)
    msg = regexprep (err.message, ['^' gw ': *'], ['cvxnn_' kernel ': ']);
    error (struct ('message', msg, 'identifier', err.identifier, 'stack', err.stack));
  end
end
