function make_phi_fixtures_octave(toolbox, out)
% One JSON file per random stable AR(1) system, N = 4…8: the series, PhiToolbox's covariances, Φ of fixed
% partitions for every measure (with and without normalisation), exhaustive MIPs for every measure, Queyranne
% MIPs for MI1 and MI, and the complexes (exhaustive and recursive, MI1).
more off;
addpath(genpath(toolbox));
pkg load statistics;
measures = {'MI1', 'MI', 'SI', 'star', 'Geo'};
for N = 4:8
  randn('state', 100 + N); rand('state', 200 + N);
  A = randn(N); A = 0.6 * A / max(abs(eig(A)));
  T = 1000;
  X = zeros(N, T);
  for t = 2:T
    X(:, t) = A * X(:, t-1) + randn(N, 1);
  end
  Z1 = ones(1, N); Z1(randperm(N, floor(N/2))) = 2;
  Z1 = relabel(Z1);
  Z2 = relabel(mod(0:N-1, 3) + 1);
  params.tau = 1;
  f = struct();
  f.n = N; f.tau = 1; f.series = X;
  base.type_of_dist = 'Gauss';
  o = base; o.type_of_phi = 'MI1'; p1 = data_to_probs(X, params, o);
  o.type_of_phi = 'MI'; pj = data_to_probs(X, params, o);
  f.cov_all = p1.Cov_X; f.cov_past = pj.Cov_X; f.cov_present = pj.Cov_Y; f.cov_past_present = pj.Cov_XY;
  f.partitions = {Z1, Z2};
  for m = 1:numel(measures)
    name = measures{m};
    o = base; o.type_of_phi = name;
    probs = data_to_probs(X, params, o);
    vals = zeros(2, 2);
    for z = 1:2
      Z = f.partitions{z};
      for nz = 0:1
        o.normalization = nz;
        vals(z, nz + 1) = phi_comp_probs('Gauss', name, Z, probs, o);
      end
    end
    f.(['phi_' name]) = vals;   % rows: partitions, columns: normalization 0, 1
    o.normalization = 0; o.type_of_MIPsearch = 'Exhaustive';
    [Zm, pm] = MIP_search_probs(probs, o);
    f.(['mip_exhaustive_' name]) = struct('z', Zm, 'phi', pm);
    o.normalization = 1;
    [Zm, pm] = MIP_search_probs(probs, o);
    f.(['mip_exhaustive_normalised_' name]) = struct('z', Zm, 'phi', pm);
    if any(strcmp(name, {'MI1', 'MI'}))
      o.normalization = 0; o.type_of_MIPsearch = 'Queyranne';
      [Zm, pm] = MIP_search_probs(probs, o);
      f.(['mip_queyranne_' name]) = struct('z', Zm, 'phi', pm);
    end
  end
  o = base; o.type_of_phi = 'MI1'; o.type_of_MIPsearch = 'Exhaustive'; o.type_of_complexsearch = 'Exhaustive';
  [c, pc, mc, pmc] = Complex_search_probs(p1, o);
  f.complexes_exhaustive = struct('complexes', {c}, 'phis', pc, 'main', {mc}, 'main_phis', pmc);
  o.type_of_MIPsearch = 'Queyranne'; o.type_of_complexsearch = 'Recursive';
  [c, pc, mc, pmc] = Complex_search_probs(p1, o);
  f.complexes_recursive = struct('complexes', {c}, 'phis', pc, 'main', {mc}, 'main_phis', pmc);
  fid = fopen(fullfile(out, sprintf('system_N%d.json', N)), 'w');
  fprintf(fid, '%s', jsonencode(f, 'PrettyPrint', false));
  fclose(fid);
  printf('N = %d written\n', N);
end
end

function Z = relabel(Z)
% PhiToolbox wants labels 1…K in order of first appearance not required, but consecutive.
[~, ~, Z] = unique(Z);
Z = Z(:)';
end
