using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Backprop.Cli.Playground;
using Backprop.Layers;
using Backprop.Lessons;
using Backprop.Lessons.BackpropByHand;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Backprop.Tests;

/// <summary>The playground's API through the ASP.NET Core test host: no browser, no port.</summary>
public sealed class PlaygroundApiTests : IAsyncLifetime
{
    private readonly PlaygroundSession _session = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = PlaygroundServer.Build(IPAddress.Loopback, 0, _session, b => b.WebHost.UseTestServer());
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _session.Dispose();
    }

    private static readonly Dictionary<string, string> Circle = new()
    {
        ["data"] = "circle", ["noise"] = "0.2", ["validation-split"] = "0.3", ["layers"] = "5,3", ["activation"] = "relu",
        ["optimizer"] = "adam", ["learning-rate"] = "0.01", ["batch-size"] = "16", ["seed"] = "7", ["type"] = "double",
        ["features"] = "x1,x2,x1x2,sinx1",
    };

    private async Task<JsonElement> Post(string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _client.PostAsJsonAsync(path, body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static void AssertOneLineError(JsonElement body, string fragment)
    {
        string error = body.GetProperty("error").GetString()!;
        Assert.Contains(fragment, error);
        Assert.DoesNotContain("\n", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task TenEpochsThroughTheApi_EndWithTheTestLossOfBackpropTrain_ToTheBit()
    {
        await Post("/api/setup", new { options = Circle });
        JsonElement frame = default;
        for (int i = 0; i < 10; i++) frame = await Post("/api/control", new { action = "epoch" });
        Assert.Equal(10, frame.GetProperty("epoch").GetInt32());
        string command = frame.GetProperty("command").GetString()!;
        Assert.Contains("--epochs 10", command);
        Assert.Contains("--features x1,x2,x1x2,sinx1", command);

        var r = Cli.Run([.. command["backprop ".Length..].Split(' '), "--json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        using var json = JsonDocument.Parse(r.Out);
        var last = json.RootElement.GetProperty("epochs")[9];
        Assert.Equal(last.GetProperty("validation_loss").GetDouble(), frame.GetProperty("testLoss").GetDouble());
        Assert.Equal(last.GetProperty("train_loss").GetDouble(), frame.GetProperty("trainLoss").GetDouble());
        Assert.Equal(last.GetProperty("validation_accuracy").GetDouble(), frame.GetProperty("testAccuracy").GetDouble());
    }

    [Fact]
    public async Task BatchSteps_AddUpToAnEpoch_AsTheEpochButtonDoes()
    {
        var options = new Dictionary<string, string>(Circle) { ["batch-size"] = "100", ["validation-split"] = "0.2" };   // 400 samples: 4 steps
        await Post("/api/setup", new { options });
        for (int i = 0; i < 4; i++) await Post("/api/control", new { action = "batch" });
        var stepped = await Post("/api/control", new { action = "epoch" });
        await Post("/api/control", new { action = "reset" });
        await Post("/api/control", new { action = "epoch" });
        var whole = await Post("/api/control", new { action = "epoch" });
        Assert.Equal(2, stepped.GetProperty("epoch").GetInt32());
        Assert.Equal(8, stepped.GetProperty("steps").GetInt32());
        Assert.Equal(whole.GetProperty("testLoss").GetDouble(), stepped.GetProperty("testLoss").GetDouble());
    }

    [Fact]
    public async Task APageRunWithPatience_StopsWhereBackpropTrainStops_WithTheSameKeptWeights()
    {
        var options = new Dictionary<string, string>(Circle) { ["learning-rate"] = "0.05" };
        await Post("/api/setup", new { options, patience = 3 });
        JsonElement frame = await Post("/api/control", new { action = "epoch" });
        for (int i = 1; i < 400 && frame.GetProperty("status").GetString() != "finished"; i++)
            frame = await Post("/api/control", new { action = "epoch" });
        Assert.Equal("finished", frame.GetProperty("status").GetString());
        Assert.True(frame.GetProperty("restoresBest").GetBoolean());
        int stopped = frame.GetProperty("epoch").GetInt32();
        using var folder = new ScratchFolder();
        var page = (LoadedModel<double>)ModelFile.Load(folder.Write("page.safetensors", await _client.GetByteArrayAsync("/api/model?format=safetensors")));

        // The copied command (it says --early-stopping 3), with a budget well past the page's stop.
        string command = frame.GetProperty("command").GetString()!;
        Assert.Contains($"--epochs {stopped} --early-stopping 3", command);
        string path = Path.Combine(folder.Path, "train.safetensors");
        var r = Cli.Run([.. command.Replace($"--epochs {stopped}", "--epochs 1000")["backprop ".Length..].Split(' '), "--model", path, "--json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        using var json = JsonDocument.Parse(r.Out);
        Assert.Equal(stopped, json.RootElement.GetProperty("epochs").GetArrayLength());
        int kept = json.RootElement.GetProperty("kept_epoch").GetInt32();
        Assert.True(kept < stopped, $"kept epoch {kept}, stopped after {stopped}: the test needs a run whose best epoch is not its last");
        Assert.Equal(json.RootElement.GetProperty("stopped").GetString(), frame.GetProperty("stopReason").GetString());
        var train = ((LoadedModel<double>)ModelFile.Load(path)).Network;
        Assert.Equal(train.Parameters.Count, page.Network.Parameters.Count);
        for (int i = 0; i < train.Parameters.Count; i++)
            Assert.Equal(train.Parameters[i].Value.ToArray(), page.Network.Parameters[i].Value.ToArray());
    }

    [Fact]
    public async Task TheTwoTwoOneExample_IsTheLessonsOwnStep_WithTheDocumentsValues()
    {
        var response = await _client.GetFromJsonAsync<JsonElement>("/api/backprop/example");
        var lesson = BackpropByHandWithLibrary.Step(new BackpropByHandOptions());
        var hidden = response.GetProperty("layers")[0];
        var output = response.GetProperty("layers")[1];
        Assert.Equal(lesson.HiddenOutputsYj, Doubles(hidden.GetProperty("outputs")));
        Assert.Equal(lesson.OutputYk, Doubles(output.GetProperty("outputs")));
        Assert.Equal(lesson.DeltaK, Doubles(output.GetProperty("deltas")));
        Assert.Equal(lesson.DeltaJ, Doubles(hidden.GetProperty("deltas")));
        Assert.Equal(lesson.GradWJk, output.GetProperty("gradients").EnumerateArray().Select(r => r[0].GetDouble()));
        Assert.Equal(lesson.GradWIj, hidden.GetProperty("gradients").EnumerateArray().SelectMany(Doubles));
        Assert.Equal(lesson.UpdatedWIj, hidden.GetProperty("after").EnumerateArray().SelectMany(Doubles));
        Assert.Equal(0.168861, response.GetProperty("document").GetProperty("dE/dw_jk").GetDouble());
        Assert.Equal(0.231, response.GetProperty("document").GetProperty("delta_k").GetDouble());
    }

    [Fact]
    public async Task ExplainingASample_LeavesTheNetworkAlone_AndShowsPlainSgdsUpdate()
    {
        var options = new Dictionary<string, string>(Circle) { ["optimizer"] = "sgd", ["learning-rate"] = "0.1" };
        await Post("/api/setup", new { options });
        var before = await Post("/api/control", new { action = "epoch" });
        var step = await Post("/api/backprop", new { set = "test", index = 3 });
        foreach (var layer in step.GetProperty("layers").EnumerateArray())
        {
            var w = layer.GetProperty("weights").EnumerateArray().SelectMany(Doubles).ToArray();
            var g = layer.GetProperty("gradients").EnumerateArray().SelectMany(Doubles).ToArray();
            var after = layer.GetProperty("after").EnumerateArray().SelectMany(Doubles).ToArray();
            for (int i = 0; i < w.Length; i++) Assert.Equal(w[i] - 0.1 * g[i], after[i]);   // w ← w − η·∂E/∂w
        }
        Assert.Equal(4, step.GetProperty("inputNames").GetArrayLength());
        var again = await _client.GetFromJsonAsync<JsonElement>("/api/state");
        Assert.Equal(before.GetProperty("network").GetRawText(), again.GetProperty("network").GetRawText());
        AssertOneLineError(await Post("/api/backprop", new { set = "test", index = 500 }, HttpStatusCode.BadRequest), "is not one");
    }

    [Fact]
    public async Task EditingAWeightOrABias_ChangesJustThat_AndMarksTheRunEdited()
    {
        var before = await Post("/api/setup", new { options = Circle });
        Assert.False(before.GetProperty("edited").GetBoolean());
        await Post("/api/edit", new { layer = 0, from = 1, to = 2, value = 0.5 });
        var after = await Post("/api/edit", new { layer = 1, from = -1, to = 0, value = -0.25 });
        var layers = after.GetProperty("network").GetProperty("layers");
        Assert.Equal(0.5, layers[0].GetProperty("weights")[1][2].GetDouble());
        Assert.Equal(-0.25, layers[1].GetProperty("biases")[0].GetDouble());
        Assert.Equal(before.GetProperty("network").GetProperty("layers")[0].GetProperty("weights")[0].GetRawText(),
            layers[0].GetProperty("weights")[0].GetRawText());
        Assert.True(after.GetProperty("edited").GetBoolean());
        AssertOneLineError(await Post("/api/edit", new { layer = 0, from = 9, to = 0, value = 1 }, HttpStatusCode.BadRequest), "has no weight from 9 to 0");
    }

    [Fact]
    public async Task BadRequests_GetA400WithOneLine_NeverAStackTrace()
    {
        AssertOneLineError(await Post("/api/setup", new { options = new { model = "/etc/passwd" } }, HttpStatusCode.BadRequest), "The page cannot set 'model'");
        AssertOneLineError(await Post("/api/setup", new { options = new { data = "/etc/passwd.csv" } }, HttpStatusCode.BadRequest), "has not been uploaded");
        AssertOneLineError(await Post("/api/setup", new { options = new { data = "circle", optimizer = "rmsprop2" } }, HttpStatusCode.BadRequest), "Unknown optimizer 'rmsprop2'");
        AssertOneLineError(await Post("/api/setup", new { options = new { data = "circle", epochs = "many" } }, HttpStatusCode.BadRequest), "many");
        AssertOneLineError(await Post("/api/control", new { action = "fly" }, HttpStatusCode.BadRequest), "Unknown action 'fly'");
        AssertOneLineError(await Post("/api/edit", new { layer = 9, from = 0, to = 0, value = 1 }, HttpStatusCode.BadRequest), "no Dense layer 9");
        var broken = await _client.PostAsync("/api/control", new StringContent("{\"action\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        AssertOneLineError(JsonDocument.Parse(await broken.Content.ReadAsStringAsync()).RootElement, "not valid JSON");
        var missing = await _client.GetAsync("/api/nothing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    /// <summary>The page-API rows of bad-inputs-2026-12-07.md (P22, P23, P30, P35, P37): one line, 400, in the page's words.</summary>
    [Fact]
    public async Task ThePagesBadInputRows_AreOneLine400s()
    {
        // P22, P30: the one memory gate, before anything is made (was a 500 after an OutOfMemoryException): 45000² weights
        // with Adam are 32 GB, more than this machine has (under prlimit, as in the table, 30000² is refused too).
        AssertOneLineError(await Post("/api/setup", new { options = new { data = "circle", layers = "45000,45000" } }, HttpStatusCode.BadRequest), "needs about");
        AssertOneLineError(await Post("/api/setup", new { options = new { data = "circle", samples = "1000000000" } }, HttpStatusCode.BadRequest),
            "1,000,000,000 generated samples");
        // P23: no advice to pass an option the page cannot set.
        var conv = await Post("/api/setup", new { options = new { data = "circle", layers = "conv1000000x3" } }, HttpStatusCode.BadRequest);
        AssertOneLineError(conv, "the page trains on rows of values, not images");
        Assert.DoesNotContain("pass --input-shape", conv.GetProperty("error").GetString());
        // P35: a weight that the float32 network cannot hold is refused, not stored as Infinity.
        await Post("/api/setup", new { options = new Dictionary<string, string>(Circle) { ["type"] = "float" } });
        AssertOneLineError(await Post("/api/edit", new { layer = 0, from = 0, to = 0, value = 1e308 }, HttpStatusCode.BadRequest),
            "A weight must be a finite number of the network's type (single)");
        // P37: an unknown set is refused, not taken as the training set.
        AssertOneLineError(await Post("/api/backprop", new { set = "nope", index = 0 }, HttpStatusCode.BadRequest), "There is no 'nope' set; the sets are train and test.");
    }

    [Fact]
    public async Task ARequestForAnotherHost_IsRefused()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/state");
        request.Headers.Host = "attacker.example";
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("127.0.0.1 or localhost only", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Uploads_AreReadByTheCsvReader_AndLimitedInSize()
    {
        var bad = await _client.PostAsync("/api/upload?name=bad.csv", new StringContent("a,b,label\n1,2,x\n3,four,y\n"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        AssertOneLineError(JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement, "bad.csv:3:2: feature column 'b': 'four' is not a number");

        var notCsv = await _client.PostAsync("/api/upload?name=model.safetensors", new StringContent("x"));
        Assert.Equal(HttpStatusCode.BadRequest, notCsv.StatusCode);

        var big = await _client.PostAsync("/api/upload?name=big.csv", new ByteArrayContent(new byte[UploadedFile.MaxBytes + 10]));
        Assert.Equal(HttpStatusCode.BadRequest, big.StatusCode);
        AssertOneLineError(JsonDocument.Parse(await big.Content.ReadAsStringAsync()).RootElement, "larger than 10 MiB");

        var good = await _client.PostAsync("/api/upload?name=my%20data.csv", new StringContent("a,b,c,label\n1,2,3,x\n2,3,4,y\n3,4,5,x\n4,5,6,y\n"));
        Assert.True(good.IsSuccessStatusCode, await good.Content.ReadAsStringAsync());
        var state = await _client.GetFromJsonAsync<JsonElement>("/api/state");
        Assert.Equal("my_data.csv", state.GetProperty("upload").GetString());
        Assert.Contains("--data my_data.csv", state.GetProperty("command").GetString());
        Assert.Equal(3, state.GetProperty("network").GetProperty("inputs").GetArrayLength());
        Assert.False(state.TryGetProperty("plane", out _));
    }

    [Fact]
    public async Task TheModelDownload_IsAModelFile_WithThePagesWeights()
    {
        var options = new Dictionary<string, string>(Circle) { ["features"] = "x1,x2" };
        await Post("/api/setup", new { options });
        var frame = await Post("/api/control", new { action = "epoch" });
        byte[] bytes = await _client.GetByteArrayAsync("/api/model?format=safetensors");
        using var folder = new ScratchFolder();
        var model = ModelFile.Load(folder.Write("m.safetensors", bytes));
        Assert.Equal("float64", model.NumericType);
        var network = ((LoadedModel<double>)model).Network;
        var firstWeights = frame.GetProperty("network").GetProperty("layers")[0].GetProperty("weights").EnumerateArray().SelectMany(Doubles);
        Assert.Equal(firstWeights, ((Dense<double>)network.Layers[0]).Weights.Value.ToArray());
        byte[] onnx = await _client.GetByteArrayAsync("/api/model?format=onnx");
        Assert.True(onnx.Length > 100);
        var unknown = await _client.GetAsync("/api/model?format=pickle");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task TheCatalog_ListsTheRegistriesAndTheLessons()
    {
        var catalog = await _client.GetFromJsonAsync<JsonElement>("/api/catalog");
        Assert.Equal(Activations.All.Names, catalog.GetProperty("activations").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(OptimizerFactory.All.Names, catalog.GetProperty("optimizers").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(Loss.All.Names, catalog.GetProperty("losses").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(LessonCatalog.All.Select(l => l.Name), catalog.GetProperty("lessons").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        var lesson = await _client.GetFromJsonAsync<JsonElement>("/api/lessons/single-weight");
        Assert.Equal(LessonPages.TracedSteps, lesson.GetProperty("steps").GetArrayLength());
        Assert.StartsWith("step 1:", lesson.GetProperty("steps")[0].GetString());
    }

    [Fact]
    public async Task ClosingTheEventStream_PausesTraining()
    {
        await Post("/api/setup", new { options = Circle, speed = 5 });
        using var cancel = new CancellationTokenSource();
        var response = await _client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        string first = (await reader.ReadLineAsync(cancel.Token))!;
        Assert.StartsWith("data: {", first);
        await Post("/api/control", new { action = "play" });
        Assert.Equal("playing", JsonDocument.Parse(JsonSerializer.Serialize(_session.Frame()["status"])).RootElement.GetString());
        Assert.Equal(1, _session.Listeners);
        cancel.Cancel();
        response.Dispose();
        for (int i = 0; i < 100 && _session.Listeners > 0; i++) await Task.Delay(50);
        Assert.Equal(0, _session.Listeners);
        Assert.Equal("paused", (string)_session.Frame()["status"]!);
    }

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetDouble())];
}
