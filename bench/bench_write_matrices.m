% bench_write_matrices (FILE, A, B, ...)
%
% Write matrices for bench/torch_train.py: per matrix two int64 (rows,
% columns) then its float64 data in column-major order, little-endian.
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

function bench_write_matrices (file, varargin)
  fid = fopen (file, 'w', 'ieee-le');
  for k = 1:numel (varargin)
    A = varargin{k};
    fwrite (fid, size (A), 'int64');
    fwrite (fid, A(:), 'double');
  end
  fclose (fid);
end
