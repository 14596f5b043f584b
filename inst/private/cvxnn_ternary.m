% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% s = cvxnn_ternary (C, A, B): A if C is true, else B (for messages).

function s = cvxnn_ternary (c, a, b)
  if c
    s = a;
  else
    s = b;
  end
end
