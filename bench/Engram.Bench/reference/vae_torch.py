"""Reference for the vae benchmark: the same MLP VAE as Engram's (784-H-L, Bernoulli decoder, one reparameterised
sample, closed-form KL), trained with Adam on random minibatches of N images, in Debian's PyTorch.
Prints one JSON object: images per second for each thread count tried.
usage: vae_torch.py STEPS BATCH HIDDEN LATENT THREADS[,THREADS...]"""
import json, sys, time
import torch
import torch.nn.functional as F

steps, batch, hidden, latent = (int(a) for a in sys.argv[1:5])
thread_counts = [int(t) for t in sys.argv[5].split(",")]
pixels, samples, warmup = 784, 6000, 20


class Vae(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Sequential(torch.nn.Linear(pixels, hidden), torch.nn.ReLU())
        self.mean = torch.nn.Linear(hidden, latent)
        self.log_variance = torch.nn.Linear(hidden, latent)
        self.decoder = torch.nn.Sequential(torch.nn.Linear(latent, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, pixels))

    def loss(self, x, generator):
        h = self.encoder(x)
        mu, log_var = self.mean(h), self.log_variance(h)
        z = mu + (0.5 * log_var).exp() * torch.randn(mu.shape, generator=generator)
        logits = self.decoder(z)
        log_likelihood = -(F.softplus(-logits) * x + F.softplus(logits) * (1 - x)).sum(1)
        kl = 0.5 * (mu.square() + log_var.exp() - log_var - 1).sum(1)
        return -(log_likelihood - kl).mean()


result = {}
for threads in thread_counts:
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    data = torch.rand(samples, pixels)
    model = Vae()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for step in range(warmup + steps):
        if step == warmup:
            start = time.perf_counter()
        generator = torch.Generator().manual_seed(step)
        index = torch.randint(0, samples, (batch,), generator=generator)
        optimizer.zero_grad()
        loss = model.loss(data.index_select(0, index), generator)
        loss.item()
        loss.backward()
        optimizer.step()
    result[str(threads)] = steps * batch / (time.perf_counter() - start)
print(json.dumps(result))
