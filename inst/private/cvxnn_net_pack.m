% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [spec, theta] = cvxnn_net_pack (sp, net, loss, lambda)
% net = cvxnn_net_pack (sp, theta, loss, lambda, template)
%
% Between the package's net struct and the core's parameter vector (see
% cvx_net in src/cvxnn_core.h): for l = 1..L, W_l(:) then b_l(:) when the
% layer has a bias; then bn.gamma, bn.alpha.  SP is the architecture from
% cvxnn_net_layers; SPEC is the struct the gateways read.  The second form
% builds a net from THETA, with the remaining fields from TEMPLATE; with
% NET = [] only SPEC is made.

function [a, theta] = cvxnn_net_pack (sp, x, loss, lambda, template)
  losses = {'squared', 'logistic', 'crossentropy'};
  % bias flags of the core: 0 none, 1 penalized, 2 free (CVX_BIAS_FREE)
  spec = struct ('width', sp.width, 'bias', double (sp.bias) + double (sp.freebias), ...
                 'act', double (strcmp (sp.act, 'linear')), 'bn', sp.bn, ...
                 'loss', find (strcmp (loss, losses)) - 1, 'lambda', lambda);
  L = sp.L;
  m = sp.width(L);
  if nargin < 5 && isempty (x)      % spec only
    a = spec;
    theta = [];
  elseif nargin < 5                 % net -> theta
    net = x;
    parts = cell (1, 2 * L + 2);
    for l = 1:L
      parts{2*l-1} = net.W{l}(:);
      if sp.bias(l)
        parts{2*l} = net.b{l}(:);
      end
    end
    if sp.bn
      parts{end-1} = net.bn.gamma(:);
      parts{end} = net.bn.alpha(:);
    end
    a = spec;
    theta = vertcat (parts{:});
  else                              % theta -> net
    theta = x;
    net = template;
    net.W = cell (1, L);
    net.b = cell (1, L);
    k = 0;
    for l = 1:L
      c = sp.width(l) * sp.width(l + 1);
      net.W{l} = reshape (theta(k+1:k+c), sp.width(l), sp.width(l + 1));
      k = k + c;
      if sp.bias(l)
        net.b{l} = reshape (theta(k+1:k+sp.width(l + 1)), 1, []);
        k = k + sp.width(l + 1);
      end
    end
    if sp.bn
      net.bn.gamma = reshape (theta(k+1:k+m), 1, []);
      net.bn.alpha = reshape (theta(k+m+1:k+2*m), 1, []);
    end
    a = net;
  end
end
