using System.Globalization;
using Engram.Generative;

namespace Engram.Reports;

/// <summary>Output of <c>engram vae train</c>: the loss curve and the test ELBO and log-likelihood.</summary>
public static class VaeTrainReport
{
    /// <summary>The human summary.</summary>
    public static IEnumerable<string> Lines(VaeTrainingResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var t = r.Settings.Trainer;
        yield return string.Create(CultureInfo.InvariantCulture,
            $"vae train: {r.Kind}, {t.Steps} Adam steps of {t.BatchSize} images (lr {t.LearningRate}, seed {t.Seed}) on {r.TrainImages} training images");
        if (r.ResumedFrom > 0) yield return $"resumed from step {r.ResumedFrom}";
        if (r.EarlyStop is { } stop) yield return $"early stopping on {stop.ValidationImages} held-out training images: {stop.Reason}";
        if (r.Seconds > 0)
            yield return string.Create(CultureInfo.InvariantCulture, $"trained in {r.Seconds:F1} s: {r.ImagesPerSecond:F0} images/s");
        yield return string.Create(CultureInfo.InvariantCulture,
            $"final training loss (−ELBO) {r.LossCurve[^1]:F2} nats/image; on {r.TestImages} test images: ELBO {r.TestElbo:F2}, log p̂ (K = {r.Settings.ImportanceSamples}) {r.TestLogLikelihood:F2} nats/image");
    }

    /// <summary>Writes result.json, the loss curve (.png, .npy) and index.html into <paramref name="folder"/>.</summary>
    public static void Write(string folder, VaeTrainingResult r, string command, FigureFormats formats = FigureFormats.Png)
    {
        ArgumentNullException.ThrowIfNull(r);
        string json = ContinualFigures.WriteJson(folder, r);
        ContinualFigures.WriteArray(folder, "loss_curve", r.LossCurve);
        int every = r.Settings.Trainer.LossEvery;
        Figures.Lines(Path.Combine(folder, "loss_curve.png"), formats, "Training loss (negative ELBO)", "Adam step", "−ELBO (nats per image)",
            [new Figures.Series("mean over each window", r.LossCurve.Select((_, i) => (double)Math.Min((i + 1) * every, r.Settings.Trainer.Steps)).ToArray(), r.LossCurve)
                { Style = Figures.SeriesStyle.Line }]);
        var html = new HtmlReport("engram vae train").Paragraph(command);
        foreach (string line in Lines(r)) html.Paragraph(line);
        html.Paragraph("ELBO(x) = E_q[log p(x|z)] − KL(q(z|x) ‖ N(0, I)) ≤ log p(x); log p̂_K = log (1/K) Σ_k p(x|z_k) p(z_k) / q(z_k|x), z_k ~ q(z|x) (Burda et al. 2016).")
            .Figure("loss_curve.png", "Negative ELBO during training")
            .Json(json)
            .Save(Path.Combine(folder, "index.html"));
    }
}
