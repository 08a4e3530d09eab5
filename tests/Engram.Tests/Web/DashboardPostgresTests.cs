using Engram.Studies;
using Engram.Tests.Studies;
using Engram.Web;

namespace Engram.Tests.Web;

/// <summary>The dashboard over PostgreSQL: the password in the connection string never reaches a page or the log.</summary>
public class DashboardPostgresTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    const string Password = "Pa55word-never-shown";

    [Fact]
    public async Task Pages_and_the_log_never_show_the_password_of_the_storage()
    {
        // The test server trusts every local connection, so a password in the URL is accepted and ignored.
        string url = server.NewDatabase().Replace("postgresql://postgres@", $"postgresql://postgres:{Password}@", StringComparison.Ordinal);
        using (IStudyStorage storage = StudyStorage.Open(url))
        {
            storage.CreateStudy(QuadraticObjective.Definition($"shown {Password[..4]}", 4));
            new StudyWorker(storage, $"shown {Password[..4]}", new QuadraticObjective()).Run();
        }
        var log = new StringWriter();
        string[] pages;
        await using (Dashboard dashboard = await Dashboard.StartAsync(new DashboardSettings { Storage = url, Port = 0 }, log))
        {
            Assert.DoesNotContain(Password, dashboard.Storage);
            using var http = new HttpClient();
            pages = await Task.WhenAll(new[] { "/", $"/study?name={Uri.EscapeDataString($"shown {Password[..4]}")}", "/study?name=missing", "/analyses", "/runs",
                    $"/study/trials.json?name={Uri.EscapeDataString($"shown {Password[..4]}")}" }
                .Select(async path => await (await http.GetAsync(new Uri(dashboard.Url, path))).Content.ReadAsStringAsync()));
        }
        Assert.Contains("4 of 4 finished", pages[1].Replace("<b id=\"trial-count\">", "").Replace("</b>", ""));
        Assert.All(pages, page => Assert.DoesNotContain(Password, page));
        Assert.DoesNotContain(Password, log.ToString());

        // A server that went away: the message names the storage without the password.
        var unreachable = url.Replace($":{server.Port}/", ":1/", StringComparison.Ordinal).Replace("connect_timeout=60", "connect_timeout=2", StringComparison.Ordinal);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => Dashboard.StartAsync(new DashboardSettings { Storage = unreachable, Port = 0 }, log));
        Assert.IsAssignableFrom<IOException>(e);
        Assert.DoesNotContain(Password, e.Message);
    }
}
