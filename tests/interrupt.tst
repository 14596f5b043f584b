## Ctrl-C: a real SIGINT sent to an octave-cli process that is sampling a
## large arrangement must stop the kernel and raise the identified error
## cvxnn:arrangements:interrupted, which the script can catch.
##
## Copyright (C) 2026 The cvxnn developers
## SPDX-License-Identifier: GPL-3.0-or-later

%!test
%! p = fileparts (which ('cvxnn_arrangements'));
%! a = fileparts (which ('__cvxnn_arrangements__'));
%! script = [tempname() '.m'];
%! out = [tempname() '.txt'];
%! fid = fopen (script, 'w');
%! fprintf (fid, 'addpath (''%s''); addpath (''%s'');\n', p, a);
%! fprintf (fid, 'X = randn (20000, 20);\n');
%! fprintf (fid, 'fid = fopen (''%s'', ''w''); fprintf (fid, ''started\\n''); fclose (fid);\n', out);
%! fprintf (fid, 'try\n  cvxnn_arrangements (X, 1e9);\n  msg = ''finished'';\n');
%! fprintf (fid, 'catch err\n  msg = err.identifier;\nend\n');
%! fprintf (fid, 'fid = fopen (''%s'', ''a''); fprintf (fid, ''%%s\\n'', msg); fclose (fid);\n', out);
%! fclose (fid);
%! cmd = sprintf (['octave-cli --no-history --norc --silent %s & pid=$!; ' ...
%!                 'for i in $(seq 100); do grep -q started %s 2>/dev/null && break; sleep 0.1; done; ' ...
%!                 'sleep 1; kill -INT $pid; wait $pid'], script, out);
%! [status, txt] = system (cmd);
%! lines = strsplit (strtrim (fileread (out)), "\n");
%! unlink (script); unlink (out);
%! assert (status, 0);
%! assert (lines{end}, 'cvxnn:arrangements:interrupted');
