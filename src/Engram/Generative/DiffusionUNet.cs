using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Generative;

/// <summary>
/// The ε-prediction network of a DDPM (Ho et al. 2020): a U-Net over the noisy input x_t conditioned on t by a
/// sinusoidal embedding (Vaswani et al. 2017) and a two-layer MLP. Each resolution has one residual block (group norm,
/// SiLU, 3 × 3 convolution, plus the projected time embedding, twice); the path down halves the size with strided
/// convolutions, the path up doubles it (nearest neighbour, then a convolution) and concatenates the skip of the
/// same resolution; an optional single-head self-attention block sits at the lowest resolution.
/// </summary>
public sealed class DiffusionUNet : nn.Module<Tensor, Tensor, Tensor>
{
    readonly int embedding;
    readonly nn.Module<Tensor, Tensor> timeMlp, input, output;
    readonly TorchSharp.Modules.ModuleList<ResidualBlock> down, up;
    readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> downsample, upsample;
    readonly ResidualBlock middle;
    readonly AttentionBlock? attention;

    /// <summary>A U-Net of <paramref name="architecture"/>, weights drawn from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">An invalid architecture.</exception>
    public DiffusionUNet(UNetArchitecture architecture, int seed) : base("unet")
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        Architecture = architecture;
        int c = architecture.BaseChannels, g = architecture.Groups, levels = architecture.ChannelMultipliers.Length;
        int[] channels = architecture.ChannelMultipliers.Select(m => m * c).ToArray();
        embedding = c;
        int time = 4 * c;
        timeMlp = nn.Sequential(nn.Linear(c, time), nn.SiLU(), nn.Linear(time, time));
        input = nn.Conv2d(architecture.InputChannels, c, 3, padding: 1);
        down = new TorchSharp.Modules.ModuleList<ResidualBlock>();
        up = new TorchSharp.Modules.ModuleList<ResidualBlock>();
        downsample = new TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>>();
        upsample = new TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>>();
        for (int i = 0; i < levels; i++)
        {
            down.Add(new ResidualBlock(i == 0 ? c : channels[i - 1], channels[i], time, g));
            if (i < levels - 1) downsample.Add(nn.Conv2d(channels[i], channels[i], 3, stride: 2, padding: 1));
        }
        if (architecture.Attention) attention = new AttentionBlock(channels[^1], g);
        middle = new ResidualBlock(channels[^1], channels[^1], time, g);
        for (int i = 0; i < levels; i++)
        {
            up.Add(new ResidualBlock(2 * channels[i], channels[i], time, g));
            if (i > 0) upsample.Add(nn.Sequential(nn.Upsample(scale_factor: [2.0, 2.0], mode: UpsampleMode.Nearest), nn.Conv2d(channels[i], channels[i - 1], 3, padding: 1)));
        }
        output = nn.Sequential(nn.GroupNorm(g, channels[0]), nn.SiLU(), nn.Conv2d(channels[0], architecture.InputChannels, 3, padding: 1));
        RegisterComponents();
        Initialise(seed);
    }

    /// <summary>The shape it was built with.</summary>
    public UNetArchitecture Architecture { get; }

    /// <summary>ε̂(x_t, t) for inputs [N, C, H, W] and steps t [N] (1…T, any numeric type).</summary>
    public override Tensor forward(Tensor x, Tensor t)
    {
        using var scope = NewDisposeScope();
        Tensor time = timeMlp.call(SinusoidalEmbedding(t, embedding, x.device, x.dtype));
        Tensor h = input.call(x);
        var skips = new List<Tensor>();
        for (int i = 0; i < down.Count; i++)
        {
            h = down[i].call(h, time);
            if (i == down.Count - 1 && attention is not null) h = attention.call(h);
            skips.Add(h);
            if (i < downsample.Count) h = downsample[i].call(h);
        }
        h = middle.call(h, time);
        for (int i = up.Count - 1; i >= 0; i--)
        {
            h = up[i].call(cat([h, skips[i]], 1), time);
            if (i > 0) h = upsample[i - 1].call(h);
        }
        return output.call(h).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The sinusoidal embedding of t: [sin(t ω_k), cos(t ω_k)] with ω_k = 10000^(−k/(d/2 − 1)), k = 0…d/2 − 1
    /// (Vaswani et al. 2017, as used by Ho et al. 2020); an odd <paramref name="dimension"/> gets a trailing zero. In
    /// <paramref name="dtype"/> (float32 for training; float64 lets a test check float32 gradients against a float64 copy).
    /// </summary>
    public static Tensor SinusoidalEmbedding(Tensor t, int dimension, Device device, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var scope = NewDisposeScope();
        int half = dimension / 2;
        double step = half > 1 ? Math.Log(10000) / (half - 1) : 0;
        Tensor frequencies = exp(arange(half, dtype: dtype, device: device) * -step);
        Tensor angles = t.to(dtype, device).unsqueeze(1) * frequencies.unsqueeze(0);
        Tensor result = cat([sin(angles), cos(angles)], 1);
        if (dimension % 2 == 1) result = nn.functional.pad(result, [0, 1]);
        return result.MoveToOuterDisposeScope();
    }

    void Initialise(int seed)
    {
        using var generator = new Generator((ulong)(uint)seed, CPU);
        using var _ = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            // Convolutions and linear layers: PyTorch's default, uniform in ±1/√fan-in, biases zero; group norms: scale 1, shift 0.
            if (parameter.dim() > 1) parameter.uniform_(-1 / Math.Sqrt(parameter.numel() / parameter.shape[0]), 1 / Math.Sqrt(parameter.numel() / parameter.shape[0]), generator: generator);
            else if (name.EndsWith("weight", StringComparison.Ordinal) && IsNorm(name)) parameter.fill_(1);
            else parameter.zero_();
        }
    }

    bool IsNorm(string name)
    {
        string owner = name[..name.LastIndexOf('.')];
        return named_modules().Any(m => m.name == owner && m.module is TorchSharp.Modules.GroupNorm);
    }

    /// <summary>GroupNorm → SiLU → conv, plus the projected time embedding, GroupNorm → SiLU → conv; a 1 × 1 conv on the skip when the channels change.</summary>
    sealed class ResidualBlock : nn.Module<Tensor, Tensor, Tensor>
    {
        readonly nn.Module<Tensor, Tensor> first, second, time, skip;

        public ResidualBlock(int inChannels, int outChannels, int timeChannels, int groups) : base("res")
        {
            first = nn.Sequential(nn.GroupNorm(groups, inChannels), nn.SiLU(), nn.Conv2d(inChannels, outChannels, 3, padding: 1));
            time = nn.Sequential(nn.SiLU(), nn.Linear(timeChannels, outChannels));
            second = nn.Sequential(nn.GroupNorm(groups, outChannels), nn.SiLU(), nn.Conv2d(outChannels, outChannels, 3, padding: 1));
            skip = inChannels == outChannels ? nn.Identity() : nn.Conv2d(inChannels, outChannels, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x, Tensor t)
        {
            using var scope = NewDisposeScope();
            Tensor h = first.call(x) + time.call(t).unsqueeze(-1).unsqueeze(-1);
            return (second.call(h) + skip.call(x)).MoveToOuterDisposeScope();
        }
    }

    /// <summary>Single-head self-attention over the positions of a feature map, added to its input.</summary>
    sealed class AttentionBlock : nn.Module<Tensor, Tensor>
    {
        readonly nn.Module<Tensor, Tensor> norm, qkv, projection;
        readonly int channels;

        public AttentionBlock(int channels, int groups) : base("attn")
        {
            this.channels = channels;
            norm = nn.GroupNorm(groups, channels);
            qkv = nn.Conv2d(channels, 3 * channels, 1);
            projection = nn.Conv2d(channels, channels, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            long n = x.shape[0], h = x.shape[2], w = x.shape[3];
            Tensor[] parts = qkv.call(norm.call(x)).reshape(n, 3, channels, h * w).unbind(1);
            Tensor weights = softmax(parts[0].transpose(1, 2).matmul(parts[1]) / Math.Sqrt(channels), -1);
            Tensor attended = parts[2].matmul(weights.transpose(1, 2)).reshape(n, channels, h, w);
            return (x + projection.call(attended)).MoveToOuterDisposeScope();
        }
    }
}
