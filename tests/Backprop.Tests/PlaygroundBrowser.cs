using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace Backprop.Tests;

/// <summary>
/// The playground as a static site, exported once with <c>backprop playground --export-site</c> and served by a plain
/// static file server on a free loopback port (<see cref="StaticSite"/>: files and their types, nothing else), and
/// Debian's chromium driven by Playwright through its executable path (Playwright's own browser download cannot work
/// offline; its driver ships in the NuGet package). One browser and one site for the whole class; each test opens its
/// own page, whose engine runs in the page's worker.
/// </summary>
public sealed class PlaygroundBrowser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Where the tests' screenshots go: TestResults/playground beside the test assembly.</summary>
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "playground");

    private IPlaywright? _playwright;
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "backprop-chromium-" + Guid.NewGuid().ToString("N"));

    private readonly string _site = Path.Combine(Path.GetTempPath(), "backprop-site-" + Guid.NewGuid().ToString("N"));

    /// <summary>The browser, with a fresh profile of its own (a persistent context is how Playwright takes a user-data-dir).</summary>
    public IBrowserContext? Browser { get; private set; }

    /// <summary>The exported site's server.</summary>
    public StaticSite? Site { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium)) return;
        var export = Cli.Run("playground", "--export-site", _site);
        if (export.ExitCode != 0) throw new InvalidOperationException($"backprop playground --export-site failed: {export.Err}");
        Site = StaticSite.Start(_site);
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
        Site?.Dispose();
        try { Directory.Delete(_site, recursive: true); }
        catch (IOException) { }
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// A plain static file server on a free loopback port: GET of a file under the folder, with its type by extension
/// (application/wasm for .wasm, as any static host must send it), 404 otherwise. Not the backprop command.
/// </summary>
public sealed class StaticSite : IDisposable
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8", [".js"] = "text/javascript", [".css"] = "text/css", [".json"] = "application/json",
        [".wasm"] = "application/wasm", [".dat"] = "application/octet-stream", [".png"] = "image/png",
    };

    private readonly HttpListener _listener = new();
    private readonly string _root;

    private StaticSite(string root, int port)
    {
        _root = Path.GetFullPath(root);
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _ = Task.Run(Serve);
    }

    public string Url { get; }

    public static StaticSite Start(string root)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new StaticSite(root, port);
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            _ = Task.Run(() => Answer(context));
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        using var response = context.Response;
        string path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath).TrimStart('/');
        if (path.Length == 0 || path.EndsWith('/')) path += "index.html";
        string file = Path.GetFullPath(Path.Combine(_root, path));
        if (!file.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file))
        {
            response.StatusCode = 404;
            return;
        }
        response.ContentType = Types.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream");
        byte[] bytes = await File.ReadAllBytesAsync(file);
        response.ContentLength64 = bytes.Length;
        try { await response.OutputStream.WriteAsync(bytes); }
        catch (HttpListenerException) { }
    }

    public void Dispose() => _listener.Close();
}
