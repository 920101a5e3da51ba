using System.Net;
using System.Text.Json;
using Backprop.Cli.Playground;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Backprop.Tests;

/// <summary>
/// <c>backprop playground</c> serves the same static site that <c>--export-site</c> writes (the page, its worker and the
/// engine as WebAssembly, with the types a browser needs), the lessons' pages, and nothing for another host.
/// </summary>
public sealed class PlaygroundServerTests : IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;
    private readonly HttpClient _client = new();
    private string _url = "";

    public async Task InitializeAsync()
    {
        _app = PlaygroundServer.Build(IPAddress.Loopback, 0, PlaygroundSite.Find());
        await _app.StartAsync();
        _url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ItServesThePublishedSite_WithTheWasmType_AndTheLessons()
    {
        string index = await _client.GetStringAsync(_url + "/");
        Assert.Contains("<script src=\"app.js\">", index);
        Assert.Contains("new Worker('worker.js'", await _client.GetStringAsync(_url + "/app.js"));
        string wasm = Directory.EnumerateFiles(Path.Combine(PlaygroundSite.Folder, "_framework"), "*.wasm").Select(Path.GetFileName).First()!;
        using var response = await _client.GetAsync(_url + "/_framework/" + wasm);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/wasm", response.Content.Headers.ContentType!.MediaType);
        Assert.True(File.Exists(Path.Combine(PlaygroundSite.Folder, "_framework", wasm + ".br")), "no brotli copy beside " + wasm);
        using var lessons = JsonDocument.Parse(await _client.GetStringAsync(_url + "/lessons/index.json"));
        Assert.Contains(lessons.RootElement.EnumerateArray(), l => l.GetProperty("name").GetString() == "backprop-by-hand");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(_url + "/lessons/nothing.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(_url + "/api/state")).StatusCode);   // nothing trains here
    }

    [Fact]
    public void ExportingIntoAFolderOfOtherFiles_IsOneLine_AndLeavesThemAlone()
    {
        using var folder = new ScratchFolder();
        string mine = folder.Write("notes.txt", "mine");
        var r = Cli.Run("playground", "--export-site", folder.Path);
        Cli.AssertBadInput(r, "the folder is not empty and holds no earlier site");
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName));
        Cli.AssertBadInput(Cli.Run("playground", "--export-site", mine), "that is a file");
    }

    [Fact]
    public async Task ARequestForAnotherHost_IsRefused()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, _url + "/");
        request.Headers.Host = "attacker.example";
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("127.0.0.1 or localhost only", await response.Content.ReadAsStringAsync());
    }
}
