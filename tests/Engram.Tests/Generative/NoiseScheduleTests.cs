using Engram.Continual.Diffusion;
using Engram.Generative;

namespace Engram.Tests.Generative;

public class NoiseScheduleTests
{
    [Fact]
    public void The_linear_schedule_runs_from_1e_4_to_0_02_and_alpha_bar_is_the_running_product()
    {
        var s = new NoiseSchedule(ScheduleKind.Linear, 1000);
        Assert.Equal(1e-4, s.Betas[0], 15);
        Assert.Equal(0.02, s.Betas[^1], 15);
        Assert.Equal(1e-4 + (0.02 - 1e-4) * 499 / 999.0, s.Betas[499], 15);
        double product = 1;
        for (int t = 1; t <= 1000; t++)
        {
            product *= 1 - s.Betas[t - 1];
            Assert.Equal(product, s.AlphaBar(t), 14);
        }
        // Ho et al. (2020): ᾱ_T ≈ 4.04e-5 for this schedule.
        Assert.Equal(4.04e-5, s.AlphaBar(1000), 6);
    }

    [Fact]
    public void The_cosine_schedule_follows_f_t_over_f_0_where_beta_is_not_clipped()
    {
        var s = new NoiseSchedule(ScheduleKind.Cosine, 1000);
        static double F(int t) => Math.Pow(Math.Cos((t / 1000.0 + 0.008) / 1.008 * Math.PI / 2), 2);
        foreach (int t in new[] { 1, 50, 100, 500, 900 })
            Assert.Equal(F(t) / F(0), s.AlphaBar(t), 12);
        Assert.Equal(0.999, s.Betas[^1], 12);      // the last step is clipped
        Assert.All(s.Betas, b => Assert.InRange(b, 0, 0.999));
    }

    [Fact]
    public void The_data_scale_noise_level_is_the_square_root_of_one_minus_alpha_bar_over_alpha_bar()
    {
        var s = new NoiseSchedule(ScheduleKind.Linear);
        double a = s.AlphaBar(250);
        Assert.Equal(Math.Sqrt((1 - a) / a), s.DataScaleSigma(250), 14);
        Assert.True(s.DataScaleSigma(50) < s.DataScaleSigma(100));
        Assert.Throws<ArgumentException>(() => s.AlphaBar(0));
        Assert.Throws<ArgumentException>(() => s.AlphaBar(1001));
    }
}
