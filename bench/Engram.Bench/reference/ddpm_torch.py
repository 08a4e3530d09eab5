"""Reference for the ddpm benchmark: the same ε-prediction U-Net as Engram's DiffusionUNet (base C channels, multipliers
1-2-2, one residual block per resolution with group norm / SiLU / 3x3 conv and the projected sinusoidal time embedding,
strided-conv downsampling, nearest + conv upsampling with skip concatenation), the DDPM loss with the linear schedule
(T = 1000), trained with Adam on random minibatches of 28 x 28 images, in Debian's PyTorch.
Prints one JSON object: images per second for each thread count tried, the parameter count and the peak RSS in MiB.
usage: ddpm_torch.py STEPS BATCH CHANNELS THREADS[,THREADS...]"""
import json, math, resource, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

steps, batch, channels = (int(a) for a in sys.argv[1:4])
thread_counts = [int(t) for t in sys.argv[4].split(",")]
samples, warmup, T, groups = 2000, 5, 1000, 8


class Residual(nn.Module):
    def __init__(self, cin, cout, ct):
        super().__init__()
        self.first = nn.Sequential(nn.GroupNorm(groups, cin), nn.SiLU(), nn.Conv2d(cin, cout, 3, padding=1))
        self.time = nn.Sequential(nn.SiLU(), nn.Linear(ct, cout))
        self.second = nn.Sequential(nn.GroupNorm(groups, cout), nn.SiLU(), nn.Conv2d(cout, cout, 3, padding=1))
        self.skip = nn.Identity() if cin == cout else nn.Conv2d(cin, cout, 1)

    def forward(self, x, t):
        h = self.first(x) + self.time(t)[:, :, None, None]
        return self.second(h) + self.skip(x)


class UNet(nn.Module):
    def __init__(self, c, mult=(1, 2, 2)):
        super().__init__()
        ch = [c * m for m in mult]
        self.c, ct = c, 4 * c
        self.time = nn.Sequential(nn.Linear(c, ct), nn.SiLU(), nn.Linear(ct, ct))
        self.inp = nn.Conv2d(1, c, 3, padding=1)
        self.down = nn.ModuleList([Residual(c if i == 0 else ch[i - 1], ch[i], ct) for i in range(len(ch))])
        self.downsample = nn.ModuleList([nn.Conv2d(ch[i], ch[i], 3, stride=2, padding=1) for i in range(len(ch) - 1)])
        self.middle = Residual(ch[-1], ch[-1], ct)
        self.up = nn.ModuleList([Residual(2 * ch[i], ch[i], ct) for i in range(len(ch))])
        self.upsample = nn.ModuleList([nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(ch[i], ch[i - 1], 3, padding=1)) for i in range(1, len(ch))])
        self.out = nn.Sequential(nn.GroupNorm(groups, ch[0]), nn.SiLU(), nn.Conv2d(ch[0], 1, 3, padding=1))

    def embed(self, t):
        half = self.c // 2
        freq = torch.exp(torch.arange(half, dtype=torch.float32) * -(math.log(10000) / (half - 1)))
        a = t.float()[:, None] * freq[None, :]
        return torch.cat([torch.sin(a), torch.cos(a)], 1)

    def forward(self, x, t):
        temb = self.time(self.embed(t))
        h, skips = self.inp(x), []
        for i, block in enumerate(self.down):
            h = block(h, temb)
            skips.append(h)
            if i < len(self.downsample):
                h = self.downsample[i](h)
        h = self.middle(h, temb)
        for i in reversed(range(len(self.up))):
            h = self.up[i](torch.cat([h, skips[i]], 1), temb)
            if i > 0:
                h = self.upsample[i - 1](h)
        return self.out(h)


betas = torch.linspace(1e-4, 0.02, T, dtype=torch.float64)
alpha_bars = torch.cumprod(1 - betas, 0).float()
result = {}
for threads in thread_counts:
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    data = torch.rand(samples, 1, 28, 28) * 2 - 1
    model = UNet(channels)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for step in range(warmup + steps):
        if step == warmup:
            start = time.perf_counter()
        generator = torch.Generator().manual_seed(step)
        x0 = data.index_select(0, torch.randint(0, samples, (batch,), generator=generator))
        t = torch.randint(1, T + 1, (batch,), generator=generator)
        eps = torch.randn(x0.shape, generator=generator)
        a = alpha_bars[t - 1].view(-1, 1, 1, 1)
        optimizer.zero_grad()
        loss = F.mse_loss(model(a.sqrt() * x0 + (1 - a).sqrt() * eps, t), eps)
        loss.item()
        loss.backward()
        optimizer.step()
    result[str(threads)] = steps * batch / (time.perf_counter() - start)
result["parameters"] = sum(p.numel() for p in model.parameters())
result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
