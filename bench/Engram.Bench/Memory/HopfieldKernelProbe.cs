using System.Diagnostics;
using Engram.Memory;

namespace Engram.Bench.Memory;

/// <summary>Times the synchronous step alone (no reference), for tuning the kernels.</summary>
public sealed class HopfieldKernelProbe : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "hopfield-probe";

    /// <inheritdoc/>
    public string Description => "times one synchronous step of the packed Hopfield network: probe N P [reps]";

    /// <inheritdoc/>
    public int Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 10_000, p = args.Length > 1 ? int.Parse(args[1]) : 1380;
        int reps = args.Length > 2 ? int.Parse(args[2]) : 50;
        var random = new Random(1);
        var net = new ClassicalHopfieldNetwork(PatternSet.Random(p, n, random));
        var x = net.Patterns.Pattern(0).WithFlips(0.1, random);
        var next = new SpinVector(n);
        var sw = Stopwatch.StartNew();
        net.SynchronousStep(x, next); // builds the transposed layout
        Console.WriteLine($"first step (with transpose) {sw.Elapsed.TotalMilliseconds:F1} ms");
        var dots = net.NewDotsBuffer();
        foreach (var kernel in new[] { FieldKernel.Interleaved, FieldKernel.MaskedSum, FieldKernel.ByteTable })
        {
            net.Kernel = kernel;
            double b = double.MaxValue;
            var check = net.SynchronousStep(x);
            for (int r = 0; r < reps; r++) { sw.Restart(); net.SynchronousStep(x, next); b = Math.Min(b, sw.Elapsed.TotalMilliseconds); }
            Console.WriteLine($"  kernel {kernel}: best {b:F3} ms (same result: {check.Equals(next)})");
        }
        net.Kernel = FieldKernel.Interleaved;
        double best = double.MaxValue, bestDots = double.MaxValue;
        for (int r = 0; r < reps; r++)
        {
            sw.Restart();
            net.SynchronousStep(x, next);
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            net.Dots(x, dots);
            bestDots = Math.Min(bestDots, sw.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"N={n} P={p}: sync step best {best:F3} ms, dots alone {bestDots:F3} ms");
        return 0;
    }
}
