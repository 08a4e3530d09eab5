using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Engram.Numerics;

namespace Engram.Alignment;

/// <summary>
/// Entropic OT by Sinkhorn scaling in the stabilised log domain (Schmitzer 2019, "Stabilized sparse scaling
/// algorithms for entropy regularized transport problems", §3), for a log-kernel S = −C/ε given in place.
/// <para>
/// The plan is T = diag(u) K diag(v) with K = exp(S + f ⊕ g), where the dual potentials f, g (float64)
/// absorb the scalings whenever |log u| or |log v| exceeds <see cref="AbsorbThreshold"/>, so nothing
/// overflows or underflows whatever ε. The potentials survive between calls: warm-started from the
/// previous outer GW iteration, the scaling usually converges in a few sweeps. Each rebuild normalises
/// every row exactly in the log domain (f = log p − LSE(S + g)).
/// </para>
/// One sweep reads K once: the row product (K v)ᵢ gives uᵢ = pᵢ/(K v)ᵢ, and the same row, still in cache,
/// is added into Kᵀu. Sums are accumulated in float64 even for a float32 kernel.
/// </summary>
internal sealed class StabilizedSinkhorn<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Scalings beyond e^±τ are absorbed into the potentials and the kernel rebuilt.</summary>
    public const double AbsorbThreshold = 30;

    /// <summary>
    /// Row blocks whose column sums are accumulated separately and then added in block order. The number depends on n
    /// only, so the floating-point sums, and hence the plan, are the same for any number of threads.
    /// </summary>
    const int MaxParts = 16;

    readonly int n, m, parts;
    readonly double[] p, q, logP, logQ;
    readonly double[] f, g, u, v, logV, image, columnSums;
    readonly AndersonAcceleration anderson;
    readonly T[] kernel, gT, vT;   // vT: v in precision T, only for writing the plan
    readonly double[][] partialColumnSums;
    readonly TruncatedKernel<T>? truncated;
    bool sweepTruncated, truncationFailed;

    /// <summary>
    /// A solver for marginals p (n) and q (m). With <paramref name="truncate"/> the sweeps run over the kernel's entries
    /// that carry mass (<see cref="TruncatedKernel{T}"/>) whenever few enough do, and every solve still ends on a dense sweep.
    /// </summary>
    public StabilizedSinkhorn(double[] p, double[] q, bool truncate = false)
    {
        n = p.Length;
        m = q.Length;
        this.p = p;
        this.q = q;
        logP = p.Select(x => Math.Log(x)).ToArray();
        logQ = q.Select(x => Math.Log(x)).ToArray();
        f = new double[n];
        g = new double[m];
        u = new double[n];
        v = new double[m];
        logV = new double[m];
        image = new double[m];
        columnSums = new double[m];
        anderson = new AndersonAcceleration(m, AndersonMemory);
        kernel = new T[n * m];
        gT = new T[m];
        vT = new T[m];
        parts = Math.Clamp(n / 64, 1, MaxParts);   // fixed by n, never by the core count: same bits on every machine
        partialColumnSums = Enumerable.Range(0, parts).Select(_ => new double[m]).ToArray();
        if (truncate) truncated = new TruncatedKernel<T>(n, m);
    }

    /// <summary>The dual potentials f (n) and g (m) after the last <see cref="Solve"/>, everything absorbed.</summary>
    public (double[] Row, double[] Column) Potentials => ((double[])f.Clone(), (double[])g.Clone());

    /// <summary>Starts the next <see cref="Solve"/> from these potentials (e.g. those of a solve in another precision).</summary>
    public void WarmStart((double[] Row, double[] Column) potentials)
    {
        potentials.Row.CopyTo(f, 0);
        potentials.Column.CopyTo(g, 0);
    }

    /// <summary>Sweeps done by the last <see cref="Solve"/>.</summary>
    public int LastSweeps { get; private set; }

    /// <summary>L1 violation of the column marginals between the half-steps of the last sweep of the last <see cref="Solve"/>.</summary>
    public double LastError { get; private set; }

    /// <summary>Kernel rebuilds (absorptions) in all, a measure of how hard the problem is.</summary>
    public int Rebuilds { get; private set; }

    /// <summary>Sweeps over the truncated kernel in all (the rest read the whole kernel).</summary>
    public long TruncatedSweeps { get; private set; }

    /// <summary>
    /// Solves min ⟨T, C⟩ − ε H(T) over U(p, q) for the log-kernel <paramref name="logKernel"/> = −C/ε (n × m),
    /// and writes T into <paramref name="plan"/>. Returns whether the marginal error fell below <paramref name="tolerance"/>.
    /// Every sweep sets u = p / K v exactly (the plan's rows are right), so the error is that of the columns; the
    /// acceleration only chooses the next v, and whatever it chooses, the stopping test and the plan are those of
    /// plain Sinkhorn.
    /// </summary>
    public bool Solve(T[] logKernel, T[] plan, double tolerance, int maxSweeps, SinkhornAcceleration acceleration)
    {
        truncationFailed = false;
        RebuildKernel(logKernel);
        Array.Fill(u, 1.0);
        Array.Fill(v, 1.0);
        Array.Clear(logV);
        anderson.Restart();
        bool converged = false;
        int sweep = 0;
        double error = double.PositiveInfinity, previousError = double.PositiveInfinity;
        double errorAtWindowStart = double.NaN, bestError = double.PositiveInfinity;
        omega = 1;
        relaxationFailed = false;
        while (sweep < maxSweeps)
        {
            // The last allowed sweep reads the whole kernel, so a solve that stops at the cap leaves exact rows too.
            bool truncatedSweep = sweepTruncated && sweep < maxSweeps - 1;
            if (truncatedSweep) TruncatedSweeps++;
            error = RowUpdateAndColumnSums(truncatedSweep);
            sweep++;
            if (error < tolerance && truncatedSweep)
            {
                // The truncated kernel met the tolerance: the test that counts is a sweep over the whole kernel. Should the
                // dropped entries matter after all (scalings grown since the rebuild), the solve goes on densely.
                error = RowUpdateAndColumnSums(keptOnly: false);
                sweep++;
                if (!(error < tolerance))
                {
                    truncationFailed = true;
                    sweepTruncated = false;
                }
            }
            if (error < tolerance)
            {
                // End on a plain column update, as POT and plain Sinkhorn do: the plan's columns are then exact and the
                // column potentials move even when the warm start met the tolerance at the first sweep. Stopping with the
                // previous v instead froze g whenever a solve took one sweep, and the outer iteration stalled at a plan
                // change of a few times the inner tolerance (THINGS, ε = 3: max_iter at 3.5e-9 instead of converged).
                for (int j = 0; j < m; j++) v[j] = q[j] / columnSums[j];
                converged = true;
                break;
            }
            if (!ColumnSumsUsable())
            {
                // A column of K u underflowed (or the kernel went non-finite): the exact log-domain column update repairs it.
                Absorb();
                UpdateColumnPotentialsInLogDomain(logKernel);
                Restart(logKernel);
                continue;
            }
            switch (acceleration)
            {
                case SinkhornAcceleration.Anderson:
                    // x = log v; F(x) = log(q / Kᵀu). A step that raised the error restarts the history (safeguard).
                    for (int j = 0; j < m; j++) image[j] = logQ[j] - Math.Log(columnSums[j]);
                    if (error > AndersonGrowth * previousError) anderson.Restart();
                    anderson.Next(logV, image);
                    for (int j = 0; j < m; j++) v[j] = Math.Exp(logV[j]);
                    break;
                case SinkhornAcceleration.OverRelaxation:
                    AdaptRelaxation(sweep, error, ref errorAtWindowStart, ref bestError);
                    for (int j = 0; j < m; j++) v[j] = omega == 1 ? q[j] / columnSums[j] : v[j] * Math.Pow(q[j] / columnSums[j] / v[j], omega);
                    break;
                default:
                    for (int j = 0; j < m; j++) v[j] = q[j] / columnSums[j];
                    break;
            }
            previousError = error;
            if (NeedsAbsorption())
            {
                // The scalings move into the potentials; Anderson's history is re-expressed in the new variables
                // (x − log v), since restarting it at every absorption costs most of its gain at very small ε.
                bool finite = acceleration == SinkhornAcceleration.Anderson && logV.All(double.IsFinite);
                if (finite) anderson.Shift(logV);
                Absorb();
                RebuildKernel(logKernel);
                Array.Fill(u, 1.0);
                Array.Fill(v, 1.0);
                Array.Clear(logV);
                if (!finite) anderson.Restart();
            }
        }
        LastSweeps = sweep;
        LastError = error;
        WritePlan(plan);
        Absorb();
        return converged;
    }

    /// <summary>A step of the Anderson iteration that multiplies the marginal error by more than this restarts its history.</summary>
    const double AndersonGrowth = 2;

    /// <summary>Differences of earlier sweeps Anderson acceleration combines (5 measured best on THINGS; docs/benchmarks.md).</summary>
    const int AndersonMemory = 5;

    /// <summary>After an absorption: the kernel is rebuilt from the new potentials and the scalings start again from 1.</summary>
    void Restart(T[] logKernel)
    {
        RebuildKernel(logKernel);
        Array.Fill(u, 1.0);
        Array.Fill(v, 1.0);
        Array.Clear(logV);
        anderson.Restart();
    }

    /// <summary>
    /// Over-relaxation (Thibault, Chizat, Dossal &amp; Papadakis 2017, "Overrelaxed Sinkhorn–Knopp algorithm for
    /// regularized optimal transport"): v ← v (q / Kᵀu / v)^ω with 1 ≤ ω &lt; 2 keeps the fixed point and, near it,
    /// turns a linear rate η of plain sweeps into about 1 − √(1 − η). Each solve measures η over plain sweeps
    /// 10–20, then sets ω = 2 / (1 + √(1 − η)) (their optimal choice, capped at 1.9). If the error ever grows a
    /// hundredfold above the best seen, the solve falls back to plain sweeps. (An earlier rule that kept raising ω
    /// towards the cap while the rate stayed above ω − 1 drove ω to 1.9, where the iteration crawls: on THINGS at ε = 1
    /// most solves then stopped at the sweep cap.)
    /// </summary>
    void AdaptRelaxation(int sweep, double error, ref double errorAtWindowStart, ref double bestError)
    {
        bestError = Math.Min(bestError, error);
        if (omega > 1 && error > 100 * bestError) { omega = 1; relaxationFailed = true; return; }
        if (relaxationFailed || omega > 1) return;
        if (sweep == RelaxationWindow) errorAtWindowStart = error;
        else if (sweep == 2 * RelaxationWindow)
        {
            double rate = Math.Pow(error / errorAtWindowStart, 1.0 / RelaxationWindow);
            if (rate is > 0.5 and < 1) omega = Math.Min(MaxRelaxation, 2 / (1 + Math.Sqrt(1 - rate)));
        }
    }

    /// <summary>Sweeps over which the plain convergence rate is measured before relaxing.</summary>
    const int RelaxationWindow = 10;
    const double MaxRelaxation = 1.9;

    double omega = 1;
    bool relaxationFailed;

    /// <summary>K = exp(S + f ⊕ g) with f chosen so that every row of K sums to pᵢ exactly (log-domain LSE).</summary>
    void RebuildKernel(T[] logKernel)
    {
        Rebuilds++;
        for (int j = 0; j < m; j++) gT[j] = T.CreateTruncating(g[j]);
        T floor = T.CreateTruncating(typeof(T) == typeof(float) ? -87.0 : -700.0); // exp stays a normal number
        ForEachPart(part =>
        {
            var (start, end) = Range(part);
            for (int i = start; i < end; i++)
            {
                Span<T> row = kernel.AsSpan(i * m, m);
                TensorPrimitives.Add(logKernel.AsSpan(i * m, m), gT, row);
                T max = TensorPrimitives.Max<T>(row);
                TensorPrimitives.Subtract(row, max, row);
                TensorPrimitives.Max(row, floor, row);
                TensorPrimitives.Exp<T>(row, row);
                double sum = double.CreateTruncating(TensorPrimitives.Sum<T>(row));
                TensorPrimitives.Multiply(row, T.CreateTruncating(p[i] / sum), row);
                f[i] = logP[i] - double.CreateTruncating(max) - Math.Log(sum);
            }
        });
        sweepTruncated = false;
        if (truncated is not null && !truncationFailed)
        {
            truncated.Build(kernel, p, parts, Range);
            sweepTruncated = truncated.Usable;
        }
    }

    /// <summary>g_j = log q_j − LSE_i(S_ij + f_i): the exact column update, used when a column of K underflowed.</summary>
    void UpdateColumnPotentialsInLogDomain(T[] logKernel)
    {
        var max = new double[m];
        Array.Fill(max, double.NegativeInfinity);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) max[j] = Math.Max(max[j], double.CreateTruncating(logKernel[i * m + j]) + f[i]);
        var sum = new double[m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) sum[j] += Math.Exp(double.CreateTruncating(logKernel[i * m + j]) + f[i] - max[j]);
        for (int j = 0; j < m; j++) g[j] = logQ[j] - max[j] - Math.Log(sum[j]);
    }

    /// <summary>
    /// Half a sweep and the column sums of the other half: u ← p / K v, c = Kᵀu, in one read of K (the row, still in
    /// cache, is added into c), or of its kept entries when <paramref name="keptOnly"/>. Returns ‖c ∘ v − q‖₂, the
    /// column violation of diag(u) K diag(v) (POT's criterion).
    /// </summary>
    double RowUpdateAndColumnSums(bool keptOnly)
    {
        ForEachPart(part =>
        {
            var (start, end) = Range(part);
            double[] columns = partialColumnSums[part];
            Array.Clear(columns);
            if (keptOnly)
            {
                for (int i = start; i < end; i++)
                {
                    double ui = p[i] / truncated!.RowDot(i, v);
                    u[i] = ui;
                    truncated.AddRow(i, ui, columns);
                }
                return;
            }
            for (int i = start; i < end; i++)
            {
                ReadOnlySpan<T> row = kernel.AsSpan(i * m, m);
                double ui = p[i] / Dot(row, v);
                u[i] = ui;
                AddScaled(columns, row, ui);
            }
        });
        double error = 0;
        for (int j = 0; j < m; j++)
        {
            double column = 0;
            for (int part = 0; part < parts; part++) column += partialColumnSums[part][j];
            columnSums[j] = column;
            double violation = column * v[j] - q[j];
            error += violation * violation;
        }
        return Math.Sqrt(error);
    }

    /// <summary>Whether every column sum is positive and finite (so q / c is a usable scaling).</summary>
    bool ColumnSumsUsable()
    {
        double min = TensorPrimitives.Min<double>(columnSums), max = TensorPrimitives.Max<double>(columnSums);
        return min > 0 && double.IsFinite(max);
    }

    static readonly double AbsorbAbove = Math.Exp(AbsorbThreshold), AbsorbBelow = Math.Exp(-AbsorbThreshold);

    /// <summary>Whether a scaling left [e^−τ, e^τ] (or is not finite); min/max are vectorised and propagate NaN.</summary>
    bool NeedsAbsorption()
    {
        double vMin = TensorPrimitives.Min<double>(v), vMax = TensorPrimitives.Max<double>(v);
        double uMin = TensorPrimitives.Min<double>(u), uMax = TensorPrimitives.Max<double>(u);
        return !double.IsFinite(vMax) || !(vMin > 0) || vMax > AbsorbAbove || vMin < AbsorbBelow || !double.IsFinite(uMax) || !(uMin > 0) || uMax > AbsorbAbove || uMin < AbsorbBelow;
    }

    void Absorb()
    {
        for (int i = 0; i < n; i++) if (double.IsFinite(u[i]) && u[i] > 0) f[i] += Math.Log(u[i]);
        for (int j = 0; j < m; j++) if (double.IsFinite(v[j]) && v[j] > 0) g[j] += Math.Log(v[j]);
        Array.Fill(u, 1.0);
        Array.Fill(v, 1.0);
    }

    void WritePlan(T[] plan)
    {
        for (int j = 0; j < m; j++) vT[j] = T.CreateTruncating(v[j]);
        ForEachPart(part =>
        {
            var (start, end) = Range(part);
            for (int i = start; i < end; i++)
            {
                Span<T> target = plan.AsSpan(i * m, m);
                TensorPrimitives.Multiply(kernel.AsSpan(i * m, m), vT, target);
                TensorPrimitives.Multiply(target, T.CreateTruncating(u[i]), target);
            }
        });
    }

    (int Start, int End) Range(int part) => (part * n / parts, (part + 1) * n / parts);

    /// <summary>Runs <paramref name="body"/> for each row block; inline when there is one block (small problems).</summary>
    void ForEachPart(Action<int> body)
    {
        if (parts == 1) body(0);
        else Parallel.For(0, parts, body);
    }

    /// <summary>Σ row_j v_j in float64 (v stays float64: rounding it to float32 would put a floor of ~1e-7 under the marginal error).</summary>
    static double Dot(ReadOnlySpan<T> row, ReadOnlySpan<double> v)
    {
        if (typeof(T) == typeof(double))
            return TensorPrimitives.Dot(MemoryMarshal.Cast<T, double>(row), v);
        ReadOnlySpan<float> r = MemoryMarshal.Cast<T, float>(row);
        int j = 0;
        double sum512 = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<double> a0 = Vector512<double>.Zero, a1 = Vector512<double>.Zero;
            for (; j <= r.Length - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                var (lo, hi) = Vector512.Widen(Vector512.Create(r.Slice(j, Vector512<float>.Count)));
                a0 = Vector512.FusedMultiplyAdd(lo, Vector512.Create(v.Slice(j, Vector512<double>.Count)), a0);
                a1 = Vector512.FusedMultiplyAdd(hi, Vector512.Create(v.Slice(j + Vector512<double>.Count, Vector512<double>.Count)), a1);
            }
            sum512 = Vector512.Sum(a0 + a1);
        }
        Vector<double> acc0 = Vector<double>.Zero, acc1 = Vector<double>.Zero;
        for (; j <= r.Length - Vector<float>.Count; j += Vector<float>.Count)
        {
            Vector.Widen(new Vector<float>(r[j..]), out Vector<double> lo, out Vector<double> hi);
            acc0 += lo * new Vector<double>(v[j..]);
            acc1 += hi * new Vector<double>(v[(j + Vector<double>.Count)..]);
        }
        double sum = sum512 + Vector.Sum(acc0 + acc1);
        for (; j < r.Length; j++) sum += r[j] * v[j];
        return sum;
    }

    /// <summary>columns += scale · row, in float64.</summary>
    static void AddScaled(double[] columns, ReadOnlySpan<T> row, double scale)
    {
        if (typeof(T) == typeof(double))
        {
            TensorPrimitives.MultiplyAdd(MemoryMarshal.Cast<T, double>(row), scale, columns, columns);
            return;
        }
        ReadOnlySpan<float> r = MemoryMarshal.Cast<T, float>(row);
        Span<double> c = columns;
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var s512 = Vector512.Create(scale);
            for (; j <= r.Length - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                var (lo, hi) = Vector512.Widen(Vector512.Create(r.Slice(j, Vector512<float>.Count)));
                Span<double> c0 = c.Slice(j, Vector512<double>.Count), c1 = c.Slice(j + Vector512<double>.Count, Vector512<double>.Count);
                Vector512.FusedMultiplyAdd(s512, lo, Vector512.Create<double>(c0)).CopyTo(c0);
                Vector512.FusedMultiplyAdd(s512, hi, Vector512.Create<double>(c1)).CopyTo(c1);
            }
        }
        var s = new Vector<double>(scale);
        for (; j <= r.Length - Vector<float>.Count; j += Vector<float>.Count)
        {
            Vector.Widen(new Vector<float>(r[j..]), out Vector<double> lo, out Vector<double> hi);
            Span<double> c0 = c.Slice(j, Vector<double>.Count), c1 = c.Slice(j + Vector<double>.Count, Vector<double>.Count);
            (new Vector<double>(c0) + s * lo).CopyTo(c0);
            (new Vector<double>(c1) + s * hi).CopyTo(c1);
        }
        for (; j < r.Length; j++) c[j] += scale * r[j];
    }
}
