using Engram.Phi;

namespace Engram.Tests.Phi;

/// <summary>The 6-node reference toy of docs/science.md §5 (PhiToolbox's demo_Complex_Gauss), 0-based.</summary>
public static class PhiToySystem
{
    /// <summary>A = 0 except A[1:2,1:2] = 0.05, A[3:6,3:6] = 0.05, A[5:6,5:6] = 0.1, diagonal 0.9, A[1,3] = A[3,1] = A[2,4] = A[4,2] = 0.01; then A / 6.</summary>
    public static double[,] Coupling()
    {
        var a = new double[6, 6];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) a[i, j] = 0.05;
        for (int i = 2; i < 6; i++) for (int j = 2; j < 6; j++) a[i, j] = 0.05;
        for (int i = 4; i < 6; i++) for (int j = 4; j < 6; j++) a[i, j] = 0.1;
        for (int i = 0; i < 6; i++) a[i, i] = 0.9;
        a[0, 2] = a[2, 0] = a[1, 3] = a[3, 1] = 0.01;
        for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) a[i, j] /= 6;
        return a;
    }

    /// <summary>The exact stationary statistics (noise covariance I).</summary>
    public static GaussianStatistics Statistics() => GaussianStatistics.FromAutoregressive(Coupling());
}
