function make_phi_dis_fixtures_octave(toolbox, out)
% One JSON file per random binary kinetic-Ising system, N = 3…5 (discrete_N*.json): the 0/1 series, PhiToolbox's
% discrete Φ (MI1, SI, Φ* through phi_comp_probs; MI through phi_I_dis) of two fixed partitions, and its exhaustive
% MIPs for MI1, SI and Φ*. Units are updated as p(x_i(t) = 1 | x(t−1)) = 1 / (1 + exp(−2 (W x̃(t−1))_i)), x̃ = 2x − 1.
more off;
addpath(genpath(toolbox));
pkg load statistics;
for N = 3:5
  rand('state', 300 + N); randn('state', 400 + N);
  W = randn(N) / sqrt(N);
  T = 4000;
  S = zeros(N, T);
  S(:, 1) = rand(N, 1) < 0.5;
  for t = 2:T
    h = W * (2 * S(:, t-1) - 1);
    S(:, t) = rand(N, 1) < 1 ./ (1 + exp(-2 * h));
  end
  X = S + 1;   % PhiToolbox numbers states 1…k
  Z1 = ones(1, N); Z1(1:floor(N/2)) = 2; Z1 = relabel(Z1);
  Z2 = relabel(mod(0:N-1, 3) + 1);
  params.tau = 1; params.number_of_states = 2;
  f = struct();
  f.n = N; f.tau = 1; f.states = 2; f.series = S;
  f.partitions = {Z1, Z2};
  o.type_of_dist = 'discrete';
  o.type_of_phi = 'MI1'; p1 = data_to_probs(X, params, o);
  o.type_of_phi = 'SI'; pj = data_to_probs(X, params, o);
  vals = zeros(2, 4);   % rows: partitions; columns: MI1, MI, SI, star
  for z = 1:2
    Z = f.partitions{z};
    vals(z, 1) = phi_comp_probs('discrete', 'MI1', Z, p1, o);
    vals(z, 2) = phi_I_dis(pj, est_q(Z, 2, pj));
    vals(z, 3) = phi_comp_probs('discrete', 'SI', Z, pj, o);
    vals(z, 4) = phi_comp_probs('discrete', 'star', Z, pj, o);
  end
  f.phi = vals;
  names = {'MI1', 'SI', 'star'};
  for m = 1:numel(names)
    o.type_of_phi = names{m}; o.type_of_MIPsearch = 'Exhaustive';
    if m == 1, probs = p1; else, probs = pj; end
    [Zm, pm] = MIP_search_probs(probs, o);
    f.(['mip_exhaustive_' names{m}]) = struct('z', Zm, 'phi', pm);
  end
  fid = fopen(fullfile(out, sprintf('discrete_N%d.json', N)), 'w');
  fprintf(fid, '%s', jsonencode(f, 'PrettyPrint', false));
  fclose(fid);
  printf('discrete N=%d written\n', N);
end
end

function Z = relabel(Z)
[~, ~, Z] = unique(Z);
Z = Z(:)';
end
