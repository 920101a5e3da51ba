using System.Net;
using Backprop.Cli.Playground;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Backprop.Tests;

/// <summary>
/// The playground served on a free loopback port in this process, and Debian's chromium driven by Playwright through
/// its executable path (Playwright's own browser download cannot work offline; its driver ships in the NuGet package).
/// One browser for the whole class; each test opens its own page on a fresh server session.
/// </summary>
public sealed class PlaygroundBrowser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Where the tests' screenshots go: TestResults/playground beside the test assembly.</summary>
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "playground");

    private IPlaywright? _playwright;
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "backprop-chromium-" + Guid.NewGuid().ToString("N"));

    /// <summary>The browser, with a fresh profile of its own (a persistent context is how Playwright takes a user-data-dir).</summary>
    public IBrowserContext? Browser { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium)) return;
        Directory.CreateDirectory(Screenshots);
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            AcceptDownloads = true,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A playground server of its own on a free loopback port.</summary>
internal sealed class PlaygroundHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PlaygroundHost(WebApplication app, PlaygroundSession session, string url) => (_app, Session, Url) = (app, session, url);

    public PlaygroundSession Session { get; }

    public string Url { get; }

    public static async Task<PlaygroundHost> StartAsync()
    {
        var session = new PlaygroundSession();
        var app = PlaygroundServer.Build(IPAddress.Loopback, 0, session);
        await app.StartAsync();
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PlaygroundHost(app, session, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Session.Dispose();
    }
}
