using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backprop.Cli.Playground;

/// <summary>
/// The playground's web server: the page (HTML, CSS and JavaScript embedded in this assembly) and a small JSON API
/// over one <see cref="PlaygroundSession"/>, with its state streamed as server-sent events. Bad requests get a 400
/// with a one-line message, never a stack trace; requests naming another host are refused (a web page elsewhere
/// cannot reach this server through a DNS name of its own).
/// </summary>
internal static class PlaygroundServer
{
    /// <summary>How often the event stream looks for a new state: at most 20 frames a second.</summary>
    public static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(50);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>
    /// Builds the server on <paramref name="address"/>:<paramref name="port"/>; <paramref name="configure"/> lets a test
    /// swap the server (the ASP.NET Core test host).
    /// </summary>
    public static WebApplication Build(IPAddress address, int port, PlaygroundSession session, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(address, port);
            k.Limits.MaxRequestBodySize = UploadedFile.MaxBytes + 1;
        });
        builder.Services.AddSingleton(session);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.Use(Errors);
        app.Use((context, next) => OnlyThisHost(context, next, address));
        Map(app, session);
        return app;
    }

    private static void Map(WebApplication app, PlaygroundSession session)
    {
        app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        app.MapGet("/app.js", () => Asset("app.js", "text/javascript; charset=utf-8"));
        app.MapGet("/style.css", () => Asset("style.css", "text/css; charset=utf-8"));
        app.MapGet("/api/catalog", () => Results.Json(Catalog.Describe(), Json));
        app.MapGet("/api/state", () => Results.Json(session.Frame(), Json));
        app.MapGet("/api/points", () => Results.Json(session.Points(), Json));
        app.MapGet("/api/events", (HttpContext context) => Events(context, session));
        app.MapPost("/api/setup", async (HttpContext context) =>
        {
            var body = await ReadJson(context);
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            if (body.TryGetProperty("options", out var o))
            {
                if (o.ValueKind != JsonValueKind.Object) throw new BackpropException("'options' must be an object of option names and values.");
                foreach (var p in o.EnumerateObject()) options[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
            session.Setup(options, Int(body, "patience", 0), Number(body, "speed", PlaygroundSession.DefaultSpeed));
            return Results.Json(session.Frame(), Json);
        });
        app.MapPost("/api/control", async (HttpContext context) =>
        {
            session.Control(String(await ReadJson(context), "action"));
            return Results.Json(session.Frame(), Json);
        });
        app.MapPost("/api/edit", async (HttpContext context) =>
        {
            var body = await ReadJson(context);
            session.Edit(Int(body, "layer"), Int(body, "from"), Int(body, "to"), Number(body, "value"));
            return Results.Json(session.Frame(), Json);
        });
        app.MapPost("/api/backprop", async (HttpContext context) =>
        {
            var body = await ReadJson(context);
            return Results.Json(session.Explain(String(body, "set"), Int(body, "index")), Json);
        });
        app.MapGet("/api/backprop/example", () => Results.Json(LessonPages.BackpropByHand(), Json));
        app.MapPost("/api/upload", async (HttpContext context) =>
        {
            if (context.Request.ContentLength > UploadedFile.MaxBytes)
                throw new BackpropException($"The file is larger than {UploadedFile.MaxBytes >> 20} MiB, the most the page accepts.");
            string name = context.Request.Query["name"].ToString();
            var upload = await session.UploadAsync(name, context.Request.Body, context.RequestAborted);
            return Results.Json(new { name = upload.Name }, Json);
        });
        app.MapGet("/api/model", (HttpContext context) =>
        {
            string format = context.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "safetensors";
            byte[] bytes = session.Model(format);
            return Results.File(bytes, "application/octet-stream", format == "onnx" ? "playground.onnx" : "playground.safetensors");
        });
        app.MapGet("/api/lessons", () => Results.Json(LessonPages.List(), Json));
        app.MapGet("/api/lessons/{name}", (string name) => Results.Json(LessonPages.Get(name), Json));
        app.MapFallback((HttpContext context) => Results.Json(new { error = $"There is nothing at {context.Request.Path}." }, Json, statusCode: 404));
    }

    /// <summary>Sends a frame whenever the state changes, checking every <see cref="FrameInterval"/>, until the page goes away.</summary>
    private static async Task Events(HttpContext context, PlaygroundSession session)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        // The page going away, or the server stopping (Ctrl+C), ends the stream; otherwise shutdown would wait for it.
        var stopping = context.RequestServices.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
        using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancel = both.Token;
        session.Listen();
        try
        {
            long sent = -1;
            while (!cancel.IsCancellationRequested)
            {
                long version = session.Version;
                if (version != sent)
                {
                    sent = version;
                    string json = JsonSerializer.Serialize(session.Frame(), Json);
                    await context.Response.WriteAsync($"data: {json}\n\n", cancel);
                    await context.Response.Body.FlushAsync(cancel);
                }
                await Task.Delay(FrameInterval, cancel);
            }
        }
        catch (OperationCanceledException) { }
        finally { session.Unlisten(); }
    }

    /// <summary>Turns bad input into a 400 with its message; anything else is a 500 with a line, never a stack trace.</summary>
    private static async Task Errors(HttpContext context, RequestDelegate next)
    {
        try { await next(context); }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            (int status, string message) = e switch
            {
                BackpropException => (400, e.Message),
                JsonException => (400, $"The request body is not valid JSON: {e.Message}"),
                BadHttpRequestException bad => (bad.StatusCode, $"Bad request: {bad.Message}"),
                _ => (500, $"The server failed ({e.GetType().Name}): {e.Message}"),
            };
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new { error = message }, Json);
        }
    }

    /// <summary>Answers only requests addressed to this machine's loopback names when it listens on loopback.</summary>
    private static Task OnlyThisHost(HttpContext context, RequestDelegate next, IPAddress address)
    {
        string host = context.Request.Host.Host;
        if (IPAddress.IsLoopback(address) && host is not ("127.0.0.1" or "localhost" or "[::1]" or "::1"))
        {
            context.Response.StatusCode = 400;
            return context.Response.WriteAsJsonAsync(new { error = $"This server answers requests for 127.0.0.1 or localhost only, not '{host}'." }, Json);
        }
        return next(context);
    }

    private static IResult Asset(string name, string contentType)
    {
        using var stream = typeof(PlaygroundServer).Assembly.GetManifestResourceStream("Playground/" + name)
            ?? throw new InvalidOperationException($"The page's {name} is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Results.Text(reader.ReadToEnd(), contentType);
    }

    private static async Task<JsonElement> ReadJson(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw new BackpropException("The request body must be a JSON object.");
        return document.RootElement.Clone();
    }

    private static string String(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new BackpropException($"The request needs '{name}' as a string.");

    private static int Int(JsonElement body, string name, int? fallback = null) =>
        body.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i
            : throw new BackpropException($"'{name}' must be a whole number.")
        : fallback ?? throw new BackpropException($"The request needs '{name}' as a whole number.");

    private static double Number(JsonElement body, string name, double? fallback = null) =>
        body.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.Number ? v.GetDouble()
            : throw new BackpropException($"'{name}' must be a number.")
        : fallback ?? throw new BackpropException($"The request needs '{name}' as a number.");
}
