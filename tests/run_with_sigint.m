% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% lines = run_with_sigint (body)
%
% Test helper: run BODY (Octave code that writes its result lines with
% report (...), and report ('ready') just before its long call) in a
% separate octave-cli process with the installed package on the path, send
% it SIGINT (Ctrl-C) one second after 'ready', and return the lines it
% reported.  The child must survive the signal: the tests check what it
% reports after the interrupted call.

function lines = run_with_sigint (body)
  p = fileparts (which ('cvxnn_arrangements'));
  a = fileparts (which ('__cvxnn_arrangements__'));
  script = [tempname() '.m'];
  out = [tempname() '.txt'];
  fid = fopen (script, 'w');
  % report closes the file each time: the shell polls it for 'ready'
  fprintf (fid, '1;\nfunction report (s)\n  fid = fopen (''%s'', ''a'');\n', out);
  fprintf (fid, '  fprintf (fid, ''%%s\\n'', s);\n  fclose (fid);\nend\n');
  fprintf (fid, 'addpath (''%s''); addpath (''%s'');\n', p, a);
  fprintf (fid, '%s\n', body);
  fclose (fid);
  cmd = sprintf (['octave-cli --no-history --norc --silent %s & pid=$!; ' ...
                  'for i in $(seq 300); do grep -q ready %s 2>/dev/null && break; sleep 0.1; done; ' ...
                  'sleep 1; kill -INT $pid; wait $pid'], script, out);
  [status, ~] = system (cmd);
  lines = strsplit (strtrim (fileread (out)), "\n");
  unlink (script);
  unlink (out);
  if status ~= 0
    error ('run_with_sigint: the child exited with status %d', status);
  end
end
