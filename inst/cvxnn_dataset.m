% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% This program is free software: you can redistribute it and/or modify it
% under the terms of the GNU General Public License as published by the Free
% Software Foundation, either version 3 of the License, or (at your option)
% any later version.  See the file COPYING.

% -*- texinfo -*-
% @deftypefn  {} {[@var{X}, @var{y}, @var{names}] =} cvxnn_dataset (@var{name})
% @deftypefnx {} {@var{list} =} cvxnn_dataset ()
% Load a real data set shipped with cvxnn.
%
% @var{name} is one of:
% @table @asis
% @item 'diabetes'
% Regression, 442-by-10 raw (unscaled) features (age, sex, bmi, bp, s1..s6)
% and the disease progression one year later as @var{y} (Efron et al. 2004).
% @item 'breast_cancer'
% Binary classification, 569-by-30 features of cell nuclei; @var{y} is +1
% for benign and -1 for malignant, the labels the logistic loss takes
% (Breast Cancer Wisconsin Diagnostic, UCI).
% @end table
%
% @var{names} is a 1-by-d cell of feature names.  The features are returned
% as stored; standardize them before fitting, e.g.
% @code{X = (X - mean (X)) ./ std (X)}.  Origin and licences of the files:
% @file{data/README} in the package directory.  With no argument, returns
% the list of names.
% @seealso{cvxnn_arrangements}
% @end deftypefn

function [X, y, names] = cvxnn_dataset (name, varargin)
  % varargin: too many inputs reach the usage error below
  sets = {'diabetes', 'breast_cancer'};
  if nargin > 1
    error ('cvxnn:dataset:nargin', 'cvxnn_dataset: usage: [X, y, names] = cvxnn_dataset (name)');
  end
  if nargin == 0
    X = sets;
    return;
  end
  if ~ischar (name) || ~isrow (name) || ~any (strcmpi (name, sets))
    error ('cvxnn:dataset:unknown', ...
           'cvxnn_dataset: NAME must be one of: %s', strjoin (sets, ', '));
  end
  name = lower (name);
  file = fullfile (fileparts (mfilename ('fullpath')), 'data', [name '.csv']);
  fid = fopen (file, 'r');
  if fid < 0
    error ('cvxnn:dataset:missing', 'cvxnn_dataset: cannot open %s', file);
  end
  header = fgetl (fid);
  fclose (fid);
  cols = strsplit (header, ',');
  A = dlmread (file, ',', 1, 0);
  X = A(:, 1:end-1);
  y = A(:, end);
  names = cols(1:end-1);
  if strcmp (name, 'breast_cancer')
    y = 2 * y - 1;
  end
end

%!test
%! [X, y, names] = cvxnn_dataset ('diabetes');
%! assert (size (X), [442 10]);
%! assert (size (y), [442 1]);
%! assert (names([1 3 10]), {'age', 'bmi', 's6'});
%! assert (X(1, :), [59 2 32.1 101 157 93.2 38 4 4.8598 87]);
%! assert (y([1 2 442]), [151; 75; 57]);
%! assert (all (isfinite (X(:))));

%!test
%! [X, y, names] = cvxnn_dataset ('Breast_Cancer');
%! assert (size (X), [569 30]);
%! assert (sort (unique (y)), [-1; 1]);
%! assert ([sum(y == 1), sum(y == -1)], [357 212]);   % benign, malignant
%! assert (numel (names), 30);
%! assert (X(1, 1:3), [17.99 10.38 122.8]);

%!assert (cvxnn_dataset (), {'diabetes', 'breast_cancer'})

%!error id=cvxnn:dataset:unknown cvxnn_dataset ('iris')
%!error id=cvxnn:dataset:nargin cvxnn_dataset ('diabetes', 1)
%!error id=cvxnn:dataset:unknown cvxnn_dataset (3)
