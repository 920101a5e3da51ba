using System.Globalization;
using System.Net;
using System.Text.Json;
using Backprop.Cli.Playground;
using Backprop.Layers;
using Backprop.Lessons;
using Backprop.Lessons.BackpropByHand;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Playground;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>
/// The playground's engine as the page's worker drives it (the same calls, natively here; in the browser through
/// Backprop.Web's entry points, which PlaygroundBrowserTests drive): its frames are JSON as the page reads them, and
/// bad input is one line, with the run unchanged.
/// </summary>
public sealed class PlaygroundEngineTests : IDisposable
{
    private readonly PlaygroundEngine _engine = new();

    public void Dispose() => _engine.Dispose();

    private static readonly Dictionary<string, string> Circle = new()
    {
        ["data"] = "circle", ["noise"] = "0.2", ["validation-split"] = "0.3", ["layers"] = "5,3", ["activation"] = "relu",
        ["optimizer"] = "adam", ["learning-rate"] = "0.01", ["batch-size"] = "16", ["seed"] = "7", ["type"] = "double",
        ["features"] = "x1,x2,x1x2,sinx1",
    };

    /// <summary>The frame as the page reads it: the engine's JSON.</summary>
    private JsonElement Frame() => Parse(_engine.Frame());

    private static JsonElement Parse(object value) => JsonDocument.Parse(PlaygroundEngine.Json(value)).RootElement.Clone();

    private JsonElement Setup(IReadOnlyDictionary<string, string> options, int patience = 0)
    {
        _engine.Setup(options, patience);
        return Frame();
    }

    private JsonElement Control(string action)
    {
        _engine.Control(action);
        return Frame();
    }

    /// <summary>A bad call: one line in the page's words, and the run the page showed is still there, unchanged.</summary>
    private void AssertOneLineError(Action call, string fragment)
    {
        string before = PlaygroundEngine.Json(_engine.Frame());
        var e = Assert.Throws<BackpropException>(call);
        Assert.Contains(fragment, e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.DoesNotContain("   at ", e.Message);
        Assert.Equal(before, PlaygroundEngine.Json(_engine.Frame()));
    }

    [Fact]
    public void TenEpochsThroughTheEngine_EndWithTheTestLossOfBackpropTrain_ToTheBit()
    {
        Setup(Circle);
        JsonElement frame = default;
        for (int i = 0; i < 10; i++) frame = Control("epoch");
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
    public void AFourPointSet_TrainsOnAllItsPoints_WithNoTestSet_AsItsCommandDoes_AndFinishesInTrainsWords()
    {
        // The page's ratio holds out half: two of xor's four points. The engine trains on all four and says why.
        var frame = Setup(new Dictionary<string, string>(PageOptions.Defaults) { ["data"] = "xor", ["layers"] = "3", ["epochs"] = "4" });
        Assert.Equal("xor has 4 points, too few to hold out a test set of 10: it trains on all 4, and there is no test set.", frame.GetProperty("heldOutNote").GetString());
        var points = Parse(_engine.Points());
        Assert.Equal(4, points.GetProperty("train").GetArrayLength());
        Assert.Equal(0, points.GetProperty("test").GetArrayLength());
        // Every neuron's map, as float32 bytes: the two inputs, three hidden units, the outputs.
        var columns = frame.GetProperty("plane").GetProperty("columns").EnumerateArray().Select(c => c.GetInt32()).ToArray();
        Assert.Equal([2, 3], columns[..2]);
        Assert.Equal(columns.Sum() * PlaneView<float>.Size * PlaneView<float>.Size * sizeof(float), _engine.PlaneMaps()!.Length);
        Assert.Equal(4, _engine.Play(milliseconds: 60_000, most: 100));
        frame = Frame();
        string command = frame.GetProperty("command").GetString()!;
        Assert.Contains("--validation-split 0 ", command + " ");
        var r = Cli.Run([.. command["backprop ".Length..].Split(' '), "--json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        using var json = JsonDocument.Parse(r.Out);
        Assert.Equal(json.RootElement.GetProperty("epochs")[3].GetProperty("train_loss").GetDouble(), frame.GetProperty("trainLoss").GetDouble());
        Assert.Equal(json.RootElement.GetProperty("stopped").GetString(), frame.GetProperty("stopReason").GetString());   // "trained 4 epochs, --epochs 4"
        // 500 points hold out a test set as asked.
        Assert.Equal(JsonValueKind.Null, Setup(PageOptions.Defaults).GetProperty("heldOutNote").ValueKind);
    }

    [Fact]
    public void BatchSteps_AddUpToAnEpoch_AsTheEpochButtonDoes()
    {
        var options = new Dictionary<string, string>(Circle) { ["batch-size"] = "100", ["validation-split"] = "0.2" };   // 400 samples: 4 steps
        Setup(options);
        for (int i = 0; i < 4; i++) Control("batch");
        var stepped = Control("epoch");
        Control("reset");
        Control("epoch");
        var whole = Control("epoch");
        Assert.Equal(2, stepped.GetProperty("epoch").GetInt32());
        Assert.Equal(8, stepped.GetProperty("steps").GetInt32());
        Assert.Equal(whole.GetProperty("testLoss").GetDouble(), stepped.GetProperty("testLoss").GetDouble());
    }

    [Fact]
    public void Play_TrainsWholeEpochs_UpToTheMostAskedFor_AndStopsAtTheStopEpoch()
    {
        Setup(new Dictionary<string, string>(Circle) { ["epochs"] = "7" });
        Assert.Equal(3, _engine.Play(milliseconds: 60_000, most: 3));
        Assert.Equal(4, _engine.Play(milliseconds: 60_000, most: 100));   // the stop epoch, 7, ends it
        var frame = Frame();
        Assert.Equal(7, frame.GetProperty("epoch").GetInt32());
        Assert.Equal("finished", frame.GetProperty("status").GetString());
        Assert.Equal(0, _engine.Play(milliseconds: 60_000, most: 100));
    }

    [Fact]
    public void ALiveLearningRate_GoesOnFromTheSameEpoch_AndHoldsForTheEpochsAfter()
    {
        var options = new Dictionary<string, string>(Circle) { ["optimizer"] = "sgd", ["learning-rate"] = "0.1", ["type"] = "float" };
        Setup(options);
        Control("epoch");
        Control("epoch");
        var weights = Frame().GetProperty("network").GetRawText();
        Assert.True(_engine.Change(new Dictionary<string, string>(options) { ["learning-rate"] = "0.02" }, patience: 0));
        // The same options again (a field's change event on leaving it) change nothing: no reset.
        Assert.True(_engine.Change(new Dictionary<string, string>(options) { ["learning-rate"] = "0.02" }, patience: 0));
        var frame = Frame();
        Assert.Equal(2, frame.GetProperty("epoch").GetInt32());
        Assert.Equal(weights, frame.GetProperty("network").GetRawText());
        Assert.True(frame.GetProperty("edited").GetBoolean());   // the command no longer repeats what the page trained
        Assert.Contains("--learning-rate 0.02", frame.GetProperty("command").GetString());
        // The next epochs use 0.02 (the constant schedule leaves a rate set by hand as it is): the same weights as the
        // library's run stepped by hand, two epochs at 0.1 and two at 0.02.
        Control("epoch");
        Control("epoch");
        Assert.Equal(4, Frame().GetProperty("epoch").GetInt32());
        var run = TrainRun<float>.Create(PageOptions.Read(options, upload: null));
        run.Trainer.Start(run.Data.Train, run.HeldOut);
        run.Trainer.RunEpoch();
        run.Trainer.RunEpoch();
        run.Trainer.Optimizer.LearningRate = 0.02;
        run.Trainer.RunEpoch();
        run.Trainer.RunEpoch();
        var pageWeights = Frame().GetProperty("network").GetProperty("layers").EnumerateArray()
            .SelectMany(l => l.GetProperty("weights").EnumerateArray().SelectMany(Doubles)).ToArray();
        var libraryWeights = run.Network.Layers.OfType<Dense<float>>().SelectMany(d => d.Weights.Value.ToArray()).Select(w => (double)w).ToArray();
        Assert.Equal(libraryWeights, pageWeights);
        Assert.Equal(0.02, Parse(_engine.Explain("train", 0)).GetProperty("learningRate").GetDouble());
        // Any other setting starts a new run.
        Assert.False(_engine.Change(new Dictionary<string, string>(options) { ["learning-rate"] = "0.02", ["seed"] = "8" }, patience: 0));
        Assert.Equal(0, Frame().GetProperty("epoch").GetInt32());
        Assert.False(Frame().GetProperty("edited").GetBoolean());
    }

    [Fact]
    public void ZeroHiddenLayers_TrainLogisticRegression_AndTheCommandSaysLayersNone()
    {
        var frame = Setup(new Dictionary<string, string>(Circle) { ["layers"] = "none" });
        Assert.Equal(1, frame.GetProperty("network").GetProperty("layers").GetArrayLength());   // one Dense layer: inputs to outputs
        for (int i = 0; i < 3; i++) frame = Control("epoch");
        string command = frame.GetProperty("command").GetString()!;
        Assert.Contains("--layers none", command);
        var r = Cli.Run([.. command["backprop ".Length..].Split(' '), "--json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        using var json = JsonDocument.Parse(r.Out);
        Assert.Equal(json.RootElement.GetProperty("epochs")[2].GetProperty("validation_loss").GetDouble(), frame.GetProperty("testLoss").GetDouble());
    }

    [Fact]
    public void APageRunWithPatience_StopsWhereBackpropTrainStops_WithTheSameKeptWeights()
    {
        var options = new Dictionary<string, string>(Circle) { ["learning-rate"] = "0.05" };
        Setup(options, patience: 3);
        JsonElement frame = Control("epoch");
        for (int i = 1; i < 400 && frame.GetProperty("status").GetString() != "finished"; i++)
            frame = Control("epoch");
        Assert.Equal("finished", frame.GetProperty("status").GetString());
        Assert.True(frame.GetProperty("restoresBest").GetBoolean());
        int stopped = frame.GetProperty("epoch").GetInt32();
        using var folder = new ScratchFolder();
        var page = (LoadedModel<double>)ModelFile.Load(folder.Write("page.safetensors", _engine.Model("safetensors")));

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
    public void TheTwoTwoOneExample_IsTheLessonsOwnStep_WithTheDocumentsValues()
    {
        // As the site holds it: lessons/backprop-by-hand-step.json.
        var response = Parse(LessonPages.File(LessonPages.BackpropByHandFile)!);
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
    public void ExplainingASample_LeavesTheNetworkAlone_AndShowsPlainSgdsUpdate()
    {
        var options = new Dictionary<string, string>(Circle) { ["optimizer"] = "sgd", ["learning-rate"] = "0.1" };
        Setup(options);
        var before = Control("epoch");
        var step = Parse(_engine.Explain("test", 3));
        foreach (var layer in step.GetProperty("layers").EnumerateArray())
        {
            var w = layer.GetProperty("weights").EnumerateArray().SelectMany(Doubles).ToArray();
            var g = layer.GetProperty("gradients").EnumerateArray().SelectMany(Doubles).ToArray();
            var after = layer.GetProperty("after").EnumerateArray().SelectMany(Doubles).ToArray();
            for (int i = 0; i < w.Length; i++) Assert.Equal(w[i] - 0.1 * g[i], after[i]);   // w ← w − η·∂E/∂w
        }
        Assert.Equal(4, step.GetProperty("inputNames").GetArrayLength());
        Assert.Equal(before.GetProperty("network").GetRawText(), Frame().GetProperty("network").GetRawText());
        AssertOneLineError(() => _engine.Explain("test", 500), "is not one");
    }

    [Fact]
    public void EditingAWeightOrABias_ChangesJustThat_AndMarksTheRunEdited()
    {
        var before = Setup(Circle);
        Assert.False(before.GetProperty("edited").GetBoolean());
        _engine.Edit(0, 1, 2, 0.5);
        _engine.Edit(1, -1, 0, -0.25);
        var after = Frame();
        var layers = after.GetProperty("network").GetProperty("layers");
        Assert.Equal(0.5, layers[0].GetProperty("weights")[1][2].GetDouble());
        Assert.Equal(-0.25, layers[1].GetProperty("biases")[0].GetDouble());
        Assert.Equal(before.GetProperty("network").GetProperty("layers")[0].GetProperty("weights")[0].GetRawText(),
            layers[0].GetProperty("weights")[0].GetRawText());
        Assert.True(after.GetProperty("edited").GetBoolean());
        AssertOneLineError(() => _engine.Edit(0, 9, 0, 1), "has no weight from 9 to 0");
    }

    [Fact]
    public void BadCalls_AreOneLine_AndLeaveTheRunAsItWas()
    {
        Setup(Circle);
        Control("epoch");
        AssertOneLineError(() => _engine.Setup(new Dictionary<string, string> { ["model"] = "/etc/passwd" }, 0), "The page cannot set 'model'");
        AssertOneLineError(() => _engine.Setup(new Dictionary<string, string> { ["data"] = "/etc/passwd.csv" }, 0), "has not been uploaded");
        AssertOneLineError(() => _engine.Setup(new Dictionary<string, string> { ["data"] = "circle", ["optimizer"] = "rmsprop2" }, 0), "Unknown optimizer 'rmsprop2'");
        AssertOneLineError(() => _engine.Setup(new Dictionary<string, string> { ["data"] = "circle", ["epochs"] = "many" }, 0), "many");
        AssertOneLineError(() => _engine.Change(new Dictionary<string, string>(Circle) { ["learning-rate"] = "-1" }, 0), "-1");
        AssertOneLineError(() => _engine.Control("fly"), "Unknown action 'fly'");
        AssertOneLineError(() => _engine.Edit(9, 0, 0, 1), "no Dense layer 9");
        AssertOneLineError(() => _engine.Model("pickle"), "Unknown model format 'pickle'");
        AssertOneLineError(() => PlaygroundEngine.Options("[1]"), "must be an object");
        Assert.ThrowsAny<JsonException>(() => PlaygroundEngine.Options("{\"data\":"));
    }

    /// <summary>The page-API rows of bad-inputs-2026-12-07.md (P22, P23, P30, P35, P37), now calls of the engine: one line, the run unchanged.</summary>
    [Fact]
    public void ThePagesBadInputRows_AreOneLineErrors()
    {
        // P22, P30: the one memory gate, before anything is made (was a 500 after an OutOfMemoryException): 45000² weights
        // with Adam are 32 GB, more than this machine has (under prlimit, as in the table, 30000² is refused too).
        AssertOneLineError(() => _engine.Setup(new Dictionary<string, string> { ["data"] = "circle", ["layers"] = "45000,45000" }, 0), "needs about");
        AssertOneLineError(() => _engine.Setup(new Dictionary<string, string> { ["data"] = "circle", ["samples"] = "1000000000" }, 0),
            "1,000,000,000 generated samples");
        // P23: no advice to pass an option the page cannot set.
        var conv = Assert.Throws<BackpropException>(() => _engine.Setup(new Dictionary<string, string> { ["data"] = "circle", ["layers"] = "conv1000000x3" }, 0));
        Assert.Contains("the page trains on rows of values, not images", conv.Message);
        Assert.DoesNotContain("pass --input-shape", conv.Message);
        // P35: a weight that the float32 network cannot hold is refused, not stored as Infinity.
        Setup(new Dictionary<string, string>(Circle) { ["type"] = "float" });
        AssertOneLineError(() => _engine.Edit(0, 0, 0, 1e308), "A weight must be a finite number of the network's type (single)");
        // P37: an unknown set is refused, not taken as the training set.
        AssertOneLineError(() => _engine.Explain("nope", 0), "There is no 'nope' set; the sets are train and test.");
    }

    [Fact]
    public void Uploads_AreReadByTheCsvReader_AndLimitedInSize()
    {
        AssertOneLineError(() => _engine.Upload("bad.csv", "a,b,label\n1,2,x\n3,four,y\n"u8.ToArray()), "bad.csv:3:2: feature column 'b': 'four' is not a number");
        AssertOneLineError(() => _engine.Upload("model.safetensors", "x"u8.ToArray()), "is not a .csv file");
        AssertOneLineError(() => _engine.Upload("big.csv", new byte[UploadedFile.MaxBytes + 10]), "larger than 10 MiB");

        _engine.Upload("my data.csv", "a,b,c,label\n1,2,3,x\n2,3,4,y\n3,4,5,x\n4,5,6,y\n"u8.ToArray());
        var state = Frame();
        Assert.Equal("my_data.csv", state.GetProperty("upload").GetString());
        Assert.Contains("--data my_data.csv", state.GetProperty("command").GetString());
        Assert.Equal(3, state.GetProperty("network").GetProperty("inputs").GetArrayLength());
        Assert.False(state.TryGetProperty("plane", out _));
    }

    [Fact]
    public void TheModelDownload_IsAModelFile_WithThePagesWeights()
    {
        Setup(new Dictionary<string, string>(Circle) { ["features"] = "x1,x2" });
        var frame = Control("epoch");
        using var folder = new ScratchFolder();
        var model = ModelFile.Load(folder.Write("m.safetensors", _engine.Model("safetensors")));
        Assert.Equal("float64", model.NumericType);
        var network = ((LoadedModel<double>)model).Network;
        var firstWeights = frame.GetProperty("network").GetProperty("layers")[0].GetProperty("weights").EnumerateArray().SelectMany(Doubles);
        Assert.Equal(firstWeights, ((Dense<double>)network.Layers[0]).Weights.Value.ToArray());
        Assert.True(_engine.Model("onnx").Length > 100);
    }

    [Fact]
    public void TheCatalog_ListsTheRegistries_AndTheLessonsFileListsTheLessons()
    {
        var catalog = Parse(Catalog.Describe());
        Assert.Equal(Activations.All.Names, catalog.GetProperty("activations").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(OptimizerFactory.All.Names, catalog.GetProperty("optimizers").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(Loss.All.Names, catalog.GetProperty("losses").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(LessonCatalog.All.Select(l => l.Name), Parse(LessonPages.List()).EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        var lesson = Parse(LessonPages.File("single-weight.json")!);
        Assert.Equal(LessonPages.TracedSteps, lesson.GetProperty("steps").GetArrayLength());
        Assert.StartsWith("step 1:", lesson.GetProperty("steps")[0].GetString());
        Assert.Null(LessonPages.File("../etc/passwd"));
    }

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetDouble())];
}
