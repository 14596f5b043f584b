% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% 'Standardize' of cvxnn_fit, as MATLAB's fitrnet and lasso have it: the
% fit solves its program on XS, each column of X centred (when 'Bias' is
% true: a centred column stays an affine map of the raw one only with the
% bias) and divided by its standard deviation (1 for a constant column),
% and its networks act on raw X.  The patterns of X and XS are the same
% (x'w + b = xs'(s .* w) + (b + mu w)), so the program is the one on XS
% with the same pool; what changes is the weight decay, which applies to
% the weights on standardized inputs.
%
% [XS, OPTS, ST] = cvxnn_fit_standardize ('in', X, OPTS): XS, OPTS for
% the solve ('InitialNetwork' on standardized inputs; a pattern cell
% {D, G} reduced to D, whose gates are found again on XS), ST the map.
% NETS = cvxnn_fit_standardize ('out', NETS, ST): the networks of the
% solve (a struct array) on raw inputs.
function varargout = cvxnn_fit_standardize (mode, varargin)
  if strcmp (mode, 'in')
    [varargout{1:3}] = into (varargin{:});
  else
    varargout{1} = back (varargin{:});
  end
end

function [X, opts, st] = into (X, opts)
  d = size (X, 2);
  st = struct ('on', opts.Standardize, 'mu', zeros (1, d), 's', ones (1, d));
  if ~st.on
    return;
  end
  if opts.Bias
    st.mu = mean (X, 1);
  end
  s = std (X, 0, 1);
  s(~(s > 0)) = 1;
  st.s = s;
  X = (X - st.mu) ./ st.s;
  if iscell (opts.Arrangements) && ~isempty (opts.Arrangements)
    opts.Arrangements = opts.Arrangements{1};
  end
  net0 = opts.InitialNetwork;
  if ~isempty (net0)
    % what is not a two-layer network on d inputs is left to
    % cvxnn_fit_seed's checks and errors
    cvxnn_net_layers ('fit', net0);
    if numel (net0.W) == 2 && size (net0.W{1}, 1) == d
      W1 = net0.W{1};
      net0.W{1} = W1 .* st.s(:);
      if opts.Bias
        b1 = zeros (1, size (W1, 2));
        if isfield (net0, 'b') && ~isempty (net0.b) && ~isempty (net0.b{1})
          b1 = net0.b{1}(:)';
        end
        net0.b{1} = b1 + st.mu * W1;
      end
      opts.InitialNetwork = net0;
    end
  end
end

function nets = back (nets, st)
  if ~st.on
    return;
  end
  for j = 1:numel (nets)
    W1s = nets(j).W{1};
    W1 = W1s ./ st.s(:);
    nets(j).W{1} = W1;
    if ~isempty (nets(j).b{1})
      nets(j).b{1} = nets(j).b{1} - st.mu * W1;
    end
    if isfield (nets(j), 'gates') && ~isempty (nets(j).gates)
      % a gated unit's switch [xs 1] g >= 0, on raw inputs
      G = nets(j).gates{1} ./ st.s(:);
      nets(j).gates = {G, nets(j).gates{2} - st.mu * G};
    end
  end
end
