function phi_octave(toolbox, folder)
% Times PhiToolbox under GNU Octave on the systems written by the phi benchmark (bench/Engram.Bench/Integration):
% each folder/caseK.bin holds N × T float64 values (column-major), folder/cases.txt one line per case:
% "name N T task", task one of mip_exhaustive, mip_queyranne, complexes_exhaustive, complexes_recursive.
% Prints one JSON line per case: name, seconds and cpu_seconds (search only; covariances computed before the
% clock), phi.
more off;
addpath(genpath(toolbox));
pkg load statistics;
fid = fopen(fullfile(folder, 'cases.txt'));
line = fgetl(fid);
while ischar(line)
  parts = strsplit(strtrim(line));
  name = parts{1}; N = str2double(parts{2}); T = str2double(parts{3}); task = parts{4};
  bf = fopen(fullfile(folder, [name '.bin'])); X = fread(bf, [N, T], 'double'); fclose(bf);
  params.tau = 1;
  o.type_of_dist = 'Gauss'; o.type_of_phi = 'MI1';
  probs = data_to_probs(X, params, o);
  phi = NaN;
  cpu0 = cputime; tic;
  switch task
    case 'mip_exhaustive'
      o.type_of_MIPsearch = 'Exhaustive'; [~, phi] = MIP_search_probs(probs, o);
    case 'mip_queyranne'
      o.type_of_MIPsearch = 'Queyranne'; [~, phi] = MIP_search_probs(probs, o);
    case 'complexes_exhaustive'
      o.type_of_MIPsearch = 'Exhaustive'; o.type_of_complexsearch = 'Exhaustive';
      [~, pc] = Complex_search_probs(probs, o); phi = pc(1);
    case 'complexes_recursive'
      o.type_of_MIPsearch = 'Queyranne'; o.type_of_complexsearch = 'Recursive';
      [~, pc] = Complex_search_probs(probs, o); phi = pc(1);
  end
  seconds = toc; cpu = cputime - cpu0;
  printf('{"name": "%s", "seconds": %.6f, "cpu_seconds": %.6f, "phi": %.17g}\n', name, seconds, cpu, phi);
  line = fgetl(fid);
end
fclose(fid);
end
