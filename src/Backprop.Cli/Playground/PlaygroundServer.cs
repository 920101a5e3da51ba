using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Backprop.Cli.Playground;

/// <summary>
/// Serves the playground's static site (the page, its script and the engine compiled to WebAssembly, published beside
/// this program) and the lessons' pages, rendered on first use. The page trains in the browser: nothing here trains.
/// Requests naming another host are refused (a web page elsewhere cannot reach this server through a DNS name of its own).
/// </summary>
internal static class PlaygroundServer
{
    /// <summary>Builds the server on <paramref name="address"/>:<paramref name="port"/> for the site in <paramref name="site"/>.</summary>
    public static WebApplication Build(IPAddress address, int port, string site)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, port));
        var app = builder.Build();
        app.Use((context, next) => OnlyThisHost(context, next, address));
        app.MapGet("/lessons/index.json", () => Json(LessonPages.List()));
        app.MapGet("/lessons/{file}", (string file) => LessonPages.File(file) is { } page ? Json(page) : Results.NotFound());
        var files = new PhysicalFileProvider(site);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = PlaygroundSite.ContentTypes, ServeUnknownFileTypes = false });
        return app;
    }

    private static IResult Json(object value) => Results.Text(LessonPages.Json(value), "application/json; charset=utf-8", Encoding.UTF8);

    /// <summary>Answers only requests addressed to this machine's loopback names when it listens on loopback.</summary>
    private static Task OnlyThisHost(HttpContext context, RequestDelegate next, IPAddress address)
    {
        string host = context.Request.Host.Host;
        if (IPAddress.IsLoopback(address) && host is not ("127.0.0.1" or "localhost" or "[::1]" or "::1"))
        {
            context.Response.StatusCode = 400;
            return context.Response.WriteAsync($"This server answers requests for 127.0.0.1 or localhost only, not '{host}'.");
        }
        return next(context);
    }
}
