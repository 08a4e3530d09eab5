using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engram.Tests.Web;

/// <summary>
/// Debian's headless Chromium driven over the Chrome DevTools protocol (a WebSocket; no package): open a page, evaluate
/// JavaScript in it, wait for what a reader would see, take a full-page screenshot. One browser with one tab, a fresh profile,
/// the flags this machine needs. Tests that need it skip when Chromium is not installed.
/// </summary>
internal sealed class HeadlessBrowser : IAsyncDisposable
{
    readonly Process process;
    readonly ClientWebSocket socket = new();
    readonly string profile;
    readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> pending = new();
    readonly CancellationTokenSource closing = new();
    Task? receiving;
    string session = "";
    int nextId;

    HeadlessBrowser(Process process, string profile)
    {
        this.process = process;
        this.profile = profile;
    }

    /// <summary>The Chromium executable, or null.</summary>
    public static string? Executable => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    /// <summary>Skips the calling test when Chromium is not installed.</summary>
    public static void Require()
    {
        if (Executable is null) Assert.Skip("Chromium is not installed (apt-get install -y chromium); the pages were not checked in a browser.");
    }

    /// <summary>Starts Chromium with one blank tab of <paramref name="width"/> × <paramref name="height"/> CSS pixels.</summary>
    public static async Task<HeadlessBrowser> StartAsync(int width = 1366, int height = 900)
    {
        Require();
        string profile = Directory.CreateTempSubdirectory("engram-chromium-").FullName;
        var start = new ProcessStartInfo(Executable!) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string flag in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--mute-audio", $"--user-data-dir={profile}",
                     "--remote-debugging-port=0", $"--window-size={width},{height}", "about:blank"])
            start.ArgumentList.Add(flag);
        var process = Process.Start(start)!;
        var browser = new HeadlessBrowser(process, profile);
        try
        {
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.ErrorDataReceived += (_, e) =>
            {
                const string listening = "DevTools listening on ";
                if (e.Data is { } line && line.StartsWith(listening, StringComparison.Ordinal)) endpoint.TrySetResult(line[listening.Length..].Trim());
            };
            process.BeginErrorReadLine();
            string url = await endpoint.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await browser.socket.ConnectAsync(new Uri(url), CancellationToken.None);
            browser.receiving = browser.Receive();
            JsonNode target = await browser.Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browserLevel: true);
            JsonNode attached = await browser.Send("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, browserLevel: true);
            browser.session = attached["sessionId"]!.GetValue<string>();
            await browser.Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> and waits until it has loaded (document complete).</summary>
    public async Task Open(string url)
    {
        await Send("Page.navigate", new JsonObject { ["url"] = url });
        await WaitFor($"location.href === {JsonSerializer.Serialize(new Uri(url).AbsoluteUri)} && document.readyState === 'complete'", TimeSpan.FromSeconds(30));
    }

    /// <summary>The value of a JavaScript expression in the page (promises awaited).</summary>
    public async Task<JsonNode?> Evaluate(string expression)
    {
        JsonNode result = await Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } error) throw new InvalidOperationException($"the page's script failed on {expression}: {error.ToJsonString()}");
        return result["result"]?["value"];
    }

    /// <summary>The text of an expression's value (empty for null or undefined).</summary>
    public async Task<string> Text(string expression) => (await Evaluate(expression))?.ToString() ?? "";

    /// <summary>Waits until <paramref name="expression"/> is truthy in the page; fails the test with the page's text after <paramref name="timeout"/>.</summary>
    public async Task WaitFor(string expression, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await Evaluate($"!!({expression})") is JsonValue v && v.GetValue<bool>()) return;
            }
            catch (InvalidOperationException)
            {
                // evaluated while the page was being replaced: try again
            }
            if (clock.Elapsed > timeout)
                Assert.Fail($"the page never showed {expression} within {timeout.TotalSeconds:F0} s; it reads: {await Text("document.body ? document.body.innerText.slice(0, 2000) : ''")}");
            await Task.Delay(100);
        }
    }

    /// <summary>A screenshot of the whole page (not just the window) as a PNG file.</summary>
    public async Task Screenshot(string path, int width = 1366)
    {
        JsonNode metrics = await Send("Page.getLayoutMetrics", []);
        int height = (int)Math.Ceiling(metrics["cssContentSize"]!["height"]!.GetValue<double>());
        JsonNode shot = await Send("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png", ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = Math.Max(height, 100), ["scale"] = 1 },
        });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot["data"]!.GetValue<string>()));
    }

    async Task<JsonNode> Send(string method, JsonObject parameters, bool browserLevel = false)
    {
        int id = Interlocked.Increment(ref nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (!browserLevel) message["sessionId"] = session;
        var answer = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = answer;
        await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    async Task Receive()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                WebSocketReceiveResult part = await socket.ReceiveAsync(buffer, closing.Token);
                if (part.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage) continue;
                JsonNode? node = JsonNode.Parse(message.ToArray());
                message.SetLength(0);
                if (node?["id"] is { } idNode && pending.TryRemove(idNode.GetValue<int>(), out var answer))
                {
                    if (node["error"] is { } error) answer.TrySetException(new InvalidOperationException($"Chromium refused: {error.ToJsonString()}"));
                    else answer.TrySetResult(node["result"] ?? new JsonObject());
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        foreach (var answer in pending.Values) answer.TrySetException(new InvalidOperationException("Chromium closed the connection."));
    }

    public async ValueTask DisposeAsync()
    {
        closing.Cancel();
        try
        {
            if (socket.State == WebSocketState.Open) await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        if (receiving is not null) await receiving;
        socket.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        closing.Dispose();
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
