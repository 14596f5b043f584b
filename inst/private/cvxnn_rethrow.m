% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% cvxnn_rethrow (FN, ERR)
%
% An error ERR raised by a function that cvxnn_<FN> called on the user's
% behalf, given again as cvxnn_<FN>'s own when it is about the user's
% request or action (cvxnn:<other>:tooLarge becomes cvxnn:<FN>:tooLarge,
% cvxnn:<other>:interrupted (Ctrl-C) cvxnn:<FN>:interrupted, the message
% without the callee's name); any other error as it was.

function cvxnn_rethrow (fn, err)
  what = regexp (err.identifier, '^cvxnn:\w+:(tooLarge|interrupted)$', 'tokens', 'once');
  if ~isempty (what)
    msg = regexprep (err.message, '^(__)?cvxnn_\w+?(__)?: *', '');
    error (['cvxnn:' fn ':' what{1}], 'cvxnn_%s: %s', fn, msg);
  end
  rethrow (err);
end
