using Engram.Continual.Diffusion;

namespace Engram.Tests.Continual.Diffusion;

public class KernelHopfieldEnergyTests
{
    static float[] Patterns(int n, int d, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n * d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    // The oracle: the definition summed term by term, −σ² log Σ_{μ≠q} exp(−‖x_q − x_μ‖²/(2σ²)), without GEMMs or shifts.
    static double Oracle(float[] x, int n, int d, int q, double sigma)
    {
        double sum = 0;
        for (int mu = 0; mu < n; mu++)
        {
            if (mu == q) continue;
            double squared = 0;
            for (int j = 0; j < d; j++) squared += ((double)x[q * d + j] - x[mu * d + j]) * ((double)x[q * d + j] - x[mu * d + j]);
            sum += Math.Exp(-squared / (2 * sigma * sigma));
        }
        return -sigma * sigma * Math.Log(sum);
    }

    [Fact]
    public void Leave_one_out_energies_match_the_brute_force_definition_across_blocks_and_sigmas()
    {
        int n = 300, d = 20;   // more queries than one block of 256
        float[] x = Patterns(n, d, 4);
        int[] queries = Enumerable.Range(0, n).ToArray();
        double[] sigmas = [0.8, 1.5, 4];
        double[][] energy = KernelHopfieldEnergy.LeaveOneOut(x, n, d, queries, sigmas);
        for (int s = 0; s < sigmas.Length; s++)
            foreach (int q in new[] { 0, 17, 255, 256, 299 })
                Assert.Equal(Oracle(x, n, d, q, sigmas[s]), energy[s][q], 9);
    }

    [Fact]
    public void At_a_tiny_sigma_the_energy_stays_finite_and_tends_to_half_the_squared_nearest_neighbour_distance()
    {
        float[] x = [0, 0, 3, 4, 10, 0];   // three points in the plane
        double[][] e = KernelHopfieldEnergy.LeaveOneOut(x, 3, 2, [0, 2], [1e-3]);
        Assert.Equal(25 / 2.0, e[0][0], 6);   // nearest to (0,0) is (3,4) at distance 5; the naive sum would underflow to log 0
        Assert.Equal(65 / 2.0, e[0][1], 6);   // nearest to (10,0) is (3,4): 49 + 16
    }

    [Fact]
    public void A_query_in_a_dense_cluster_has_lower_energy_than_an_outlier()
    {
        float[] x = [0, 0, 0.1f, 0, 0, 0.1f, 5, 5];
        double[] e = KernelHopfieldEnergy.LeaveOneOut(x, 4, 2, [0, 3], [1.0])[0];
        Assert.True(e[0] < e[1]);
    }

    [Fact]
    public void Bad_shapes_indices_and_sigmas_are_refused()
    {
        float[] x = Patterns(4, 3, 1);
        Assert.Throws<ArgumentException>(() => KernelHopfieldEnergy.LeaveOneOut(x, 4, 2, [0], [1.0]));
        Assert.Throws<ArgumentException>(() => KernelHopfieldEnergy.LeaveOneOut(x, 4, 3, [4], [1.0]));
        Assert.Throws<ArgumentException>(() => KernelHopfieldEnergy.LeaveOneOut(x, 4, 3, [0], [0.0]));
        Assert.Throws<ArgumentException>(() => KernelHopfieldEnergy.LeaveOneOut(x.AsSpan(0, 3), 1, 3, [0], [1.0]));
    }
}
