using System.CommandLine;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Backprop.Cli.Playground;

/// <summary>
/// <c>backprop playground</c>: serves the page (a static site whose engine runs in the browser) on 127.0.0.1 and opens
/// it, or with <c>--export-site</c> writes the site to a folder for any static host.
/// </summary>
internal static class PlaygroundCommand
{
    private static readonly Option<int> Port = new("--port") { Description = "The port to serve on (0 picks a free one).", DefaultValueFactory = _ => 5000 };
    private static readonly Option<string> Host = new("--host")
    {
        Description = "The address to listen on. 127.0.0.1 (the default) serves this machine only.",
        DefaultValueFactory = _ => "127.0.0.1",
    };
    private static readonly Option<bool> NoBrowser = new("--no-browser") { Description = "Do not open the page in a browser; just print its address." };
    private static readonly Option<string?> ExportSite = new("--export-site")
    {
        Description = "Write the page as a static site to this folder (index.html, its script, the engine as WebAssembly in _framework, " +
                      "brotli copies beside them, the lessons' pages) for any static file server, and exit.",
    };

    public static Command Create()
    {
        var command = new Command("playground", "Serve a live page that trains a network with Backprop's engine, in your browser, as you watch (TensorFlow Playground and more).")
            { Port, Host, NoBrowser, ExportSite };
        command.SetAction(p => p.GetValue(ExportSite) is { } folder
            ? PlaygroundSite.Export(folder, Output.Writer(p)) > 0 ? 0 : 1
            : Run(p.GetValue(Port), p.GetValue(Host)!, p.GetValue(NoBrowser), Output.Writer(p)));
        return command;
    }

    private static int Run(int port, string host, bool noBrowser, TextWriter output)
    {
        if (port is < 0 or > 65535) throw new BackpropException($"--port must be between 0 and 65535, got {port}.");
        var address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : throw new BackpropException($"--host must be an IP address such as 127.0.0.1, got '{host}'.");
        var app = PlaygroundServer.Build(address, port, PlaygroundSite.Find());
        try { app.StartAsync().GetAwaiter().GetResult(); }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.AddressNotAvailable)
        {
            throw new BackpropException($"--host {host}: this machine has no such address; use 127.0.0.1 (this machine only), 0.0.0.0 (every address it has) or one of its own.", e);
        }
        catch (IOException e)
        {
            throw new BackpropException($"Cannot listen on {address}:{port} ({e.Message.TrimEnd('.')}); choose another port with --port, or --port 0 for any free one.", e);
        }
        if (!IPAddress.IsLoopback(address))
            output.WriteLine($"warning: listening on {address}: anyone who can reach this machine can open the page (it trains in their browser, not here).");
        string url = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        output.WriteLine($"Backprop playground: {url}  (Ctrl+C to stop)");
        if (!noBrowser) OpenBrowser(url, output);
        app.WaitForShutdown();
        return 0;
    }

    private static void OpenBrowser(string url, TextWriter output)
    {
        try { Process.Start(new ProcessStartInfo(url) { UseShellExecute = true })?.Dispose(); }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            output.WriteLine($"Could not open a browser ({e.Message}); open {url} yourself.");
        }
    }
}
