using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Backprop.Serialization;
using Microsoft.Playwright;

namespace Backprop.Tests;

/// <summary>
/// The playground page as a static site, in a real browser (Debian's chromium through Playwright), its engine compiled
/// to WebAssembly: it trains what <c>backprop train</c> trains, to the bit on the same instruction profile, goes on
/// with a live learning rate, steps, draws a heat map per neuron, reads uploads with the library's CSV reader, hands out
/// a model that predicts as <c>backprop predict</c> does, and shows the backprop-by-hand numbers. Each test saves a
/// screenshot under TestResults/playground.
/// </summary>
public sealed class PlaygroundBrowserTests(PlaygroundBrowser browser) : IClassFixture<PlaygroundBrowser>
{
    // circle, 4-2 tanh, SGD η = 0.03, batches of 10, half held out, seed 3: TensorFlow Playground's defaults.
    private const string CircleLink = "?data=circle&noise=0.1&validation-split=0.5&features=x1,x2&layers=4,2&activation=tanh&optimizer=sgd" +
                                      "&learning-rate=0.03&batch-mode=mini&batch-size=10&seed=3&type=float&epochs=25&speed=0";

    private async Task<IPage> Open(string link = "")
    {
        Skip.IfNot(browser.Browser is not null, $"{PlaygroundBrowser.Chromium} is not installed (apt-get install chromium)");
        var page = await browser.Browser!.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(browser.Site!.Url + "/" + link);
        await page.WaitForFunctionAsync("() => document.getElementById('command').textContent.startsWith('backprop train')");
        return page;
    }

    /// <summary>The circle, playing at 10 epochs a second, from epoch <paramref name="epoch"/> on.</summary>
    private async Task<IPage> Playing(int epoch)
    {
        var page = await Open(CircleLink.Replace("&epochs=25&speed=0", "&speed=10"));
        await page.ClickAsync("#play");
        await WaitForEpoch(page, epoch);
        return page;
    }

    private static Task WaitForEpoch(IPage page, int epoch) => page.WaitForFunctionAsync($"() => Number(document.getElementById('epoch').dataset.epoch) >= {epoch}");

    /// <summary>Types a value into a field and leaves it, as a user does.</summary>
    private static async Task Type(IPage page, string field, string value)
    {
        await page.FillAsync(field, value);
        await page.DispatchEventAsync(field, "change");
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PlaygroundBrowser.Screenshots, name + ".png"), FullPage = true });

    private static async Task<int> Epoch(IPage page) => int.Parse(await page.GetAttributeAsync("#epoch", "data-epoch") ?? "-1", CultureInfo.InvariantCulture);

    [SkippableFact]
    public async Task Circle_PlayedToItsStopEpoch_HasTheFloatWeightsOfTrainWithoutAvx2_ToTheBit()
    {
        var page = await Open(CircleLink);
        await page.ClickAsync("#play");
        await page.WaitForFunctionAsync("() => document.getElementById('epoch').dataset.epoch === '25' && document.getElementById('status-text').textContent.startsWith('Finished')");
        double pageLoss = double.Parse((await page.GetAttributeAsync("#test-loss", "data-value"))!, CultureInfo.InvariantCulture);
        string command = await page.TextContentAsync("#command") ?? "";
        string finished = await page.TextContentAsync("#status-text") ?? "";
        using var folder = new ScratchFolder();
        string pageModel = await Download(page, "safetensors", folder);
        await page.ClickAsync("#show-test");
        await Screenshot(page, "circle-25-epochs");

        // The command as the page prints it, run as the command line would run it, in a process of its own with the
        // browser's instruction profile: 128-bit vectors, no FMA.
        Assert.StartsWith("backprop train ", command);
        Assert.Contains("--epochs 25", command);
        string trainModel = Path.Combine(folder.Path, "train.safetensors");
        var (code, output, error) = RunWithoutAvx2([.. command["backprop ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries), "--json", "--model", trainModel]);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var profile = json.RootElement.GetProperty("instruction_set");
        Assert.False(profile.GetProperty("vector256").GetBoolean(), "DOTNET_EnableAVX2=0 left Vector256 accelerated: not the browser's profile");
        Assert.False(profile.GetProperty("fma").GetBoolean(), "DOTNET_EnableAVX2=0 left FMA on: not the browser's profile");
        Assert.Equal(json.RootElement.GetProperty("epochs")[24].GetProperty("validation_loss").GetDouble(), pageLoss);
        Assert.Equal($"Finished: {json.RootElement.GetProperty("stopped").GetString()}.", finished);   // the stop condition, in train's words

        var browserWeights = ((LoadedModel<float>)ModelFile.Load(pageModel)).Network.Parameters;
        var nativeWeights = ((LoadedModel<float>)ModelFile.Load(trainModel)).Network.Parameters;
        Assert.Equal(nativeWeights.Count, browserWeights.Count);
        for (int i = 0; i < nativeWeights.Count; i++)   // every float, to the bit
            Assert.Equal(nativeWeights[i].Value.ToArray().Select(BitConverter.SingleToInt32Bits), browserWeights[i].Value.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    /// <summary>backprop in a process of its own with DOTNET_EnableAVX2=0: the WebAssembly engine's profile (no 256-bit vectors, no FMA).</summary>
    private static (int Code, string Out, string Err) RunWithoutAvx2(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "backprop.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_EnableAVX2"] = "0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    /// <summary>Downloads the page's model (written by the library in the browser) into <paramref name="folder"/>.</summary>
    private static async Task<string> Download(IPage page, string format, ScratchFolder folder)
    {
        await page.ClickAsync("[data-tab=command]");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-" + format));
        string path = Path.Combine(folder.Path, "page-" + download.SuggestedFilename);
        await download.SaveAsAsync(path);
        return path;
    }

    [SkippableFact]
    public async Task ChangingTheLearningRateWhilePlaying_KeepsTheEpochCounterGoing()
    {
        var page = await Playing(3);
        await Type(page, "#learning-rate", "0.3");
        int changedAt = await Epoch(page);
        Assert.True(changedAt >= 3, $"the counter went back to {changedAt}");
        await WaitForEpoch(page, changedAt + 3);
        Assert.Equal("❚❚ pause", await page.TextContentAsync("#play"));   // still playing
        Assert.Contains("learning-rate=0.3", page.Url);
        Assert.Contains("--learning-rate 0.3", await page.TextContentAsync("#command"));
        await page.ClickAsync("#play");
        Assert.True(await Epoch(page) > changedAt);
    }

    [SkippableFact]
    public async Task ZeroHiddenLayers_Trains_AndTheCommandSaysLayersNone_AndTrainsTheSameNetwork()
    {
        var page = await Open(CircleLink.Replace("layers=4,2", "layers=3"));
        await page.ClickAsync("#remove-layer");
        await page.WaitForFunctionAsync("() => document.getElementById('command').textContent.includes('--layers none')");
        Assert.Contains("layers=none", page.Url);
        Assert.Equal(0, await page.Locator("canvas.neuron-map[data-layer=hidden]").CountAsync());
        await page.ClickAsync("#step-epoch");
        await page.WaitForFunctionAsync("() => document.getElementById('epoch').dataset.epoch === '1'");
        await page.ClickAsync("#step-epoch");
        await page.WaitForFunctionAsync("() => document.getElementById('epoch').dataset.epoch === '2'");
        string command = await page.TextContentAsync("#command") ?? "";
        double pageLoss = double.Parse((await page.GetAttributeAsync("#test-loss", "data-value"))!, CultureInfo.InvariantCulture);
        await Screenshot(page, "no-hidden-layer");

        var r = Cli.Run([.. command["backprop ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries), "--json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        using var json = JsonDocument.Parse(r.Out);
        double cliLoss = json.RootElement.GetProperty("epochs")[1].GetProperty("validation_loss").GetDouble();
        Assert.Equal(cliLoss.ToString("G6", CultureInfo.InvariantCulture), pageLoss.ToString("G6", CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task StepButtons_AddExactlyOneEpoch_OrOneBatchWithinTheEpoch()
    {
        var page = await Open(CircleLink);
        Assert.Equal(0, await Epoch(page));
        await page.ClickAsync("#step-epoch");
        await page.WaitForFunctionAsync("() => document.getElementById('epoch').dataset.epoch === '1'");
        await page.ClickAsync("#step-epoch");
        await page.WaitForFunctionAsync("() => document.getElementById('epoch').dataset.epoch === '2'");
        await page.ClickAsync("#step-batch");
        await page.WaitForFunctionAsync("() => document.getElementById('step-in-epoch').textContent.includes('1 batch')");
        Assert.Equal(2, await Epoch(page));
        await Screenshot(page, "two-epochs-and-a-batch");
    }

    [SkippableFact]
    public async Task NetworkView_HasOneHeatMapPerNeuron_AndFollowsAddedNeurons()
    {
        var page = await Open(CircleLink.Replace("features=x1,x2", "features=x1,x2,x1sq,x2sq,sinx1"));
        Assert.Equal(4 + 2, await page.Locator("canvas.neuron-map[data-layer=hidden]").CountAsync());
        Assert.Equal(5, await page.Locator("canvas.neuron-map[data-layer=input]").CountAsync());
        await page.ClickAsync("[data-add='1']");   // the second hidden layer: 2 → 3 neurons
        await page.WaitForFunctionAsync("() => document.querySelectorAll('canvas.neuron-map[data-layer=hidden]').length === 7");
        Assert.Contains("--layers 4,3", await page.TextContentAsync("#command"));
        await page.ClickAsync("[data-feature=x1x2]");   // one more input feature, one more input map
        await page.WaitForFunctionAsync("() => document.querySelectorAll('canvas.neuron-map[data-layer=input]').length === 6");
        Assert.Contains("--features x1,x2,x1sq,x2sq,x1x2,sinx1", await page.TextContentAsync("#command"));
        // Every map is drawn: a neuron's canvas holds the 48 × 48 grid, not a blank.
        Assert.Equal(48, await page.EvalOnSelectorAsync<int>("canvas.neuron-map[data-layer=hidden]", "c => c.width"));
        await page.HoverAsync("canvas.neuron-map[data-layer=hidden] >> nth=2");
        await Screenshot(page, "network-view");
    }

    [SkippableFact]
    public async Task UploadingAMalformedCsv_ShowsTheReadersLineAndColumn()
    {
        var page = await Open();
        await page.SetInputFilesAsync("#upload", new FilePayload { Name = "bad.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("a,b,label\n1,2,x\n3,four,y\n") });
        await page.WaitForFunctionAsync("() => document.getElementById('upload-error').textContent.length > 0");
        string error = await page.TextContentAsync("#upload-error") ?? "";
        Assert.StartsWith("bad.csv:3:2: ", error);
        Assert.Contains("'four' is not a number", error);
        Assert.DoesNotContain("/tmp", error);
        // It stays while the page goes on training the data it had.
        await page.ClickAsync("#step-epoch");
        await page.WaitForFunctionAsync("() => document.getElementById('epoch').dataset.epoch === '1'");
        Assert.Equal(error, await page.TextContentAsync("#upload-error"));
        Assert.Contains("--data circle", await page.TextContentAsync("#command"));
        await Screenshot(page, "upload-error");
    }

    [SkippableFact]
    public async Task UploadingAFourColumnCsv_TrainsAndShowsAConfusionMatrix()
    {
        var page = await Open();
        await page.SetInputFilesAsync("#upload", new FilePayload { Name = "three-classes.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(ThreeClassCsv()) });
        await page.WaitForFunctionAsync("() => document.getElementById('upload-name').textContent.includes('three-classes.csv')");
        for (int i = 0; i < 30; i++) await page.ClickAsync("#step-epoch");
        await page.WaitForFunctionAsync("() => document.getElementById('epoch').dataset.epoch === '30'");
        Assert.True(await page.IsVisibleAsync("#confusion"));
        Assert.False(await page.IsVisibleAsync("#output-map"));   // three inputs: curves and a confusion matrix instead of the plane
        var cells = await page.Locator("#confusion td").AllTextContentsAsync();
        Assert.Equal(9, cells.Count);
        Assert.Equal(60, cells.Sum(c => int.Parse(c, CultureInfo.InvariantCulture)));   // a held-out half of 120 rows
        int diagonal = (await page.Locator("#confusion td.diagonal").AllTextContentsAsync()).Sum(c => int.Parse(c, CultureInfo.InvariantCulture));
        Assert.True(diagonal >= 54, $"only {diagonal} of 60 test rows right after 30 epochs on well-separated classes");
        Assert.Contains("--data three-classes.csv", await page.TextContentAsync("#command"));
        // The inputs by their header names, the outputs by their classes, in the neurons' boxes.
        Assert.Equal(new[] { "height", "width", "depth" }, await page.Locator(".neuron[data-layer=input] .neuron-name").AllTextContentsAsync());
        Assert.Equal(new[] { "small", "medium", "large" }, await page.Locator(".neuron[data-layer=output] .neuron-name").AllTextContentsAsync());
        await Screenshot(page, "three-classes-confusion");
    }

    [SkippableFact]
    public async Task DownloadedModel_PredictsWithBackpropPredict_WhatThePageDraws()
    {
        var page = await Open(CircleLink);
        for (int i = 0; i < 5; i++) await page.ClickAsync("#step-epoch");
        await page.WaitForFunctionAsync("() => document.getElementById('epoch').dataset.epoch === '5'");
        using var folder = new ScratchFolder();
        string model = await Download(page, "safetensors", folder);
        await Screenshot(page, "command-and-download");
        // The output map's corner points of the plane: (x₁, x₂) = (−6, 6) at the top left, (6, −6) at the bottom right;
        // each output unit's map holds the network's outputs (the class probabilities) there, as float32.
        var corners = await page.EvaluateAsync<double[][]>("() => planeMaps(state.frame).at(-1).map(v => [v[0], v[v.length - 1]])");

        foreach (var (input, index) in new[] { ("-6,6", 0), ("6,-6", 1) })
        {
            var r = Cli.Run("predict", "--model", model, "--input", input, "--json");
            Assert.True(r.ExitCode == 0, r.Err);
            using var json = JsonDocument.Parse(r.Out);
            var output = json.RootElement.GetProperty("output").EnumerateArray().Select(p => p.GetDouble()).ToArray();
            Assert.Equal(corners.Length, output.Length);
            for (int k = 0; k < output.Length; k++) Assert.Equal(corners[k][index], output[k], 6);
            Assert.Equal(output[1] > output[0] ? "1" : "-1", json.RootElement.GetProperty("label").GetString());
        }
    }

    [SkippableFact]
    public async Task BackpropView_OpensOnTheTwoTwoOneExample_WithTheDocumentsNumbers()
    {
        var page = await Open();
        await page.ClickAsync("#backprop-example");
        await page.WaitForSelectorAsync("#backprop-view table");
        string text = await page.TextContentAsync("#backprop-view") ?? "";
        Assert.Contains("0.731", text);
        Assert.Contains("0.231", text);
        Assert.Contains("0.168861", text);
        Assert.Contains("δ_k = ∂E/∂x_k", text);
        Assert.Contains("∂E/∂w_ij = δ_j x_i", text);
        Assert.Contains("∂E/∂w_jk = δ_k y_j", text);
        Assert.Contains("target t = [0.5]", await page.TextContentAsync("#backprop-view p"));
        // The document's values at its own precision: 0.731 is y_j rounded to 3 decimals; 0.168861 (0.231·0.731) is not ∂E/∂w_jk to 6.
        Assert.Equal("0.731 ✓", await page.TextContentAsync("#backprop-view td.doc.same >> nth=0"));
        Assert.Contains("0.168861 ≠", await page.Locator("#backprop-view td.doc.differs").AllTextContentsAsync());
        Assert.Equal("0.1689, 0.1689", await page.TextContentAsync("#backprop-view td:has-text('∂E/∂w_jk = δ_k y_j') + td"));

        // The engine's picture of the step: 5 neurons, 6 links, stepped to the update, which shows the new weights.
        await page.WaitForSelectorAsync("#backprop-picture svg, #backprop-picture .error");
        Assert.Equal(0, await page.Locator("#backprop-picture .error").CountAsync());
        Assert.Equal(5, await page.Locator("#backprop-picture svg g.neuron").CountAsync());
        Assert.Equal(6, await page.Locator("#backprop-picture svg line.link").CountAsync());
        Assert.Contains("0.7311", await page.TextContentAsync("#backprop-picture svg") ?? "");
        Assert.True(await page.IsDisabledAsync("#stage-back"));
        foreach (string stage in new[] { "output δ", "hidden δ", "gradients", "update" })
        {
            await page.ClickAsync("#stage-next");
            await page.WaitForFunctionAsync($"() => document.getElementById('backprop-picture').dataset.stage === '{stage}'");
        }
        Assert.True(await page.IsDisabledAsync("#stage-next"));
        string update = await page.TextContentAsync("#backprop-picture svg") ?? "";
        Assert.Contains("w 0.5 → 0.4983", update);
        Assert.Contains("w 0.5 → 0.4998", update);
        Assert.Contains("0.4983108264392648", await page.InnerHTMLAsync("#backprop-picture svg"));   // in full on hover
        await Screenshot(page, "backprop-view");
        foreach (int width in new[] { 1024, 1400 })
        {
            await page.SetViewportSizeAsync(width, 1000);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PlaygroundBrowser.Screenshots, $"backprop-view-{width}.png"), FullPage = true });
        }
        // A sample of the run's own data: its target by class name.
        await page.ClickAsync("#backprop-sample");
        await page.WaitForFunctionAsync("() => document.querySelector('#backprop-view h3').textContent.startsWith('Sample 0')");
        Assert.Matches(@"target t = class -?1 \(\[[01], [01]\]\)", await page.TextContentAsync("#backprop-view p"));
        await page.WaitForSelectorAsync("#backprop-picture svg");
    }

    [SkippableFact]
    public async Task LessonPage_StepsThroughTheLessonsTrace()
    {
        var page = await Open();
        await page.ClickAsync("[data-tab=lessons]");
        await page.ClickAsync("[data-lesson=single-weight]");
        await page.WaitForSelectorAsync(".lesson-step");
        string first = await page.TextContentAsync(".lesson-step") ?? "";
        Assert.StartsWith("step 1:", first);
        await page.ClickAsync("#lesson-next");
        await page.WaitForFunctionAsync("() => document.querySelector('.lesson-step').textContent.startsWith('step 2:')");
        await Screenshot(page, "lesson-single-weight");
    }

    [SkippableFact]
    public async Task ARefusedLearningRate_StaysOnScreenWhilePlaying_AndTheLinkHoldsOnlyTheAcceptedValue()
    {
        var page = await Playing(2);
        await Type(page, "#learning-rate", "-1");
        await page.WaitForFunctionAsync("() => document.getElementById('error').textContent.includes('--learning-rate must be a positive number')");
        int refusedAt = await Epoch(page);
        // Frames keep coming (it goes on training with the accepted rate); the message and the typed value stay.
        await WaitForEpoch(page, refusedAt + 10);
        Assert.Contains("--learning-rate must be a positive number, got -1", await page.TextContentAsync("#error"));
        Assert.Equal("-1", await page.InputValueAsync("#learning-rate"));
        Assert.Contains("learning-rate=0.03", page.Url);
        Assert.DoesNotContain("learning-rate=-1", page.Url);
        Assert.Contains("--learning-rate 0.03", await page.TextContentAsync("#command"));
        await Screenshot(page, "refused-learning-rate");
        // Fixed: the message goes, the link takes the new value, and the run went on throughout.
        await Type(page, "#learning-rate", "0.1");
        await page.WaitForFunctionAsync("() => location.search.includes('learning-rate=0.1')");
        await page.WaitForFunctionAsync("() => document.getElementById('error').textContent === ''");
        Assert.True(await Epoch(page) >= refusedAt + 10);
        Assert.Equal("❚❚ pause", await page.TextContentAsync("#play"));
    }

    [SkippableFact]
    public async Task ALinkNamingAnUploadedCsvThatIsNotThere_SaysSo_AndTheLinkSaysWhatIsShown()
    {
        var page = await Open("?data=mine.csv&layers=3&speed=0");
        await page.WaitForFunctionAsync("() => document.getElementById('error').textContent.length > 0");
        string error = await page.TextContentAsync("#error") ?? "";
        Assert.Contains("The file 'mine.csv' has not been uploaded to this page", error);
        Assert.Contains("first settings", error);
        Assert.DoesNotContain("mine.csv", page.Url);
        Assert.Contains("--data circle", await page.TextContentAsync("#command"));
        await page.ClickAsync("#step-epoch");
        await page.WaitForFunctionAsync("() => document.getElementById('epoch').dataset.epoch === '1'");
        Assert.Equal(error, await page.TextContentAsync("#error"));   // still there after a frame
    }

    [SkippableFact]
    public async Task Xor_TrainsOnAllFourPoints_AndSaysThereIsNoTestSet()
    {
        // The page's default ratio (half held out) would leave two points to train on: it trains on all four instead.
        var page = await Open("?data=xor&layers=4&activation=tanh&optimizer=adam&learning-rate=0.05&seed=1&epochs=300&speed=0");
        Assert.Contains("xor has 4 points, too few to hold out a test set of 10: it trains on all 4, and there is no test set.",
                        await page.TextContentAsync("#held-out-note"));
        Assert.Contains("--validation-split 0 ", await page.TextContentAsync("#command") + " ");
        await page.ClickAsync("#play");
        await page.WaitForFunctionAsync("() => document.getElementById('status-text').textContent.startsWith('Finished')");
        Assert.Equal("accuracy: training 100.0 %", await page.TextContentAsync("#accuracies"));
        Assert.Equal("—", await page.TextContentAsync("#test-loss"));
        Assert.Equal("Confusion matrix (training data)", await page.TextContentAsync("#confusion-title"));
        var cells = await page.Locator("#confusion td").AllTextContentsAsync();
        Assert.Equal(4, cells.Sum(c => int.Parse(c, CultureInfo.InvariantCulture)));   // all four points, each right
        Assert.Equal(4, (await page.Locator("#confusion td.diagonal").AllTextContentsAsync()).Sum(c => int.Parse(c, CultureInfo.InvariantCulture)));
        await Screenshot(page, "xor-no-test-set");
    }

    [SkippableFact]
    public async Task ShowTestAndDiscretize_ChangeOnlyTheDrawing_AndSurviveAReload()
    {
        var page = await Open(CircleLink);
        for (int i = 1; i <= 3; i++)
        {
            await page.ClickAsync("#step-epoch");
            await page.WaitForFunctionAsync($"() => document.getElementById('epoch').dataset.epoch === '{i}'");
        }
        const string colours = "() => { const d = document.getElementById('output-map').getContext('2d').getImageData(0, 0, 300, 300).data, seen = new Set(); " +
                               "for (let i = 0; i < d.length; i += 4) seen.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]); return seen.size; }";
        int smooth = await page.EvaluateAsync<int>(colours);
        await page.ClickAsync("#discretize");
        await page.ClickAsync("#show-test");
        await page.WaitForFunctionAsync("() => location.search.includes('discretize=1') && location.search.includes('show-test=1')");
        Assert.Equal(3, await Epoch(page));   // the run is not reset
        int sharp = await page.EvaluateAsync<int>(colours);
        Assert.True(smooth > 50, $"the output map has only {smooth} colours before discretizing");
        Assert.True(sharp <= 3, $"the discretized output map has {sharp} colours: two classes (and white exactly on the threshold)");
        await Screenshot(page, "discretized");
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('command').textContent.startsWith('backprop train')");
        Assert.True(await page.IsCheckedAsync("#discretize"));
        Assert.True(await page.IsCheckedAsync("#show-test"));
        Assert.Contains("discretize=1", page.Url);
    }

    [SkippableFact]
    public async Task RegularisationRateAndSpeed_ChangeTheRunningNetwork_WithoutAReset()
    {
        var page = await Playing(3);
        await page.SelectOptionAsync("#regularisation", "l2");
        await Type(page, "#regularisation-rate", "0.01");
        await page.WaitForFunctionAsync("() => location.search.includes('weight-decay=0.01')");
        int changedAt = await Epoch(page);
        Assert.True(changedAt >= 3, $"the counter went back to {changedAt}");
        Assert.Contains("--weight-decay 0.01", await page.TextContentAsync("#command"));
        await page.SelectOptionAsync("#speed", "100");
        await WaitForEpoch(page, changedAt + 20);
        Assert.Contains("speed=100", page.Url);
        Assert.Equal("❚❚ pause", await page.TextContentAsync("#play"));
    }

    [SkippableFact]
    public async Task Numbers_HaveFourDigits_TheFullValueOnHover_AndTheDrawingNamesItsParts()
    {
        var page = await Open(CircleLink);
        await page.ClickAsync("#step-epoch");
        await page.WaitForFunctionAsync("() => document.getElementById('epoch').dataset.epoch === '1'");
        // The losses: four significant digits, the number itself on hover.
        string value = (await page.GetAttributeAsync("#train-loss", "data-value"))!;
        Assert.Equal(value, await page.GetAttributeAsync("#train-loss", "title"));
        double loss = double.Parse(value, CultureInfo.InvariantCulture);
        Assert.Equal(double.Parse(loss.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                     double.Parse((await page.TextContentAsync("#train-loss"))!, CultureInfo.InvariantCulture));
        // A bias square: coloured like the neurons, its value on hover, as the frame holds it.
        var bias = await page.EvaluateAsync<JsonElement>("() => { const b = document.querySelector('.bias[data-layer=\"0\"][data-unit=\"1\"]'); " +
                                                         "return { title: b.title, background: b.style.background, value: state.frame.network.layers[0].biases[1] }; }");
        Assert.StartsWith("bias " + bias.GetProperty("value").GetDouble().ToString("R", CultureInfo.InvariantCulture), bias.GetProperty("title").GetString());
        Assert.StartsWith("rgb(", bias.GetProperty("background").GetString());
        // The loss curves: axes with values, the epoch, a legend.
        string curve = await page.TextContentAsync("#loss-curve") ?? "";
        Assert.Contains("epoch 1", curve);
        Assert.Contains("training", curve);
        Assert.Contains("test", curve);
        // The classes by name, and no softmax among the hidden activations (the library's rule, not the page's list).
        Assert.Equal(new[] { "-1", "1" }, await page.Locator("#legend span").AllTextContentsAsync());
        var activations = await page.Locator("#activation option").AllTextContentsAsync();
        Assert.DoesNotContain("softmax", activations);
        Assert.Contains("tanh", activations);
        await Screenshot(page, "numbers");
    }

    [SkippableTheory]
    [InlineData(1024)]
    [InlineData(1400)]
    public async Task SixLayersOfEight_FitBesideTheOutputColumn(int width)
    {
        var page = await Open();
        await page.SetViewportSizeAsync(width, 1000);
        await page.GotoAsync(browser.Site!.Url + "/?layers=8,8,8,8,8,8&speed=0");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('canvas.neuron-map[data-layer=hidden]').length === 48");
        var (network, output) = (await page.Locator("#network").BoundingBoxAsync(), await page.Locator("#output-column").BoundingBoxAsync());
        Assert.True(network!.X + network.Width <= output!.X, $"at {width} px the drawing ends at {network.X + network.Width}, the output column starts at {output.X}");
        await Screenshot(page, $"six-layers-of-eight-{width}");
    }

    /// <summary>120 rows, three features, three well-separated classes (a fixed pattern, no randomness).</summary>
    private static string ThreeClassCsv()
    {
        var csv = new StringBuilder("height,width,depth,kind\n");
        string[] kinds = ["small", "medium", "large"];
        for (int i = 0; i < 120; i++)
        {
            int k = i % 3;
            double wobble = (i * 7 % 11 - 5) / 20.0;
            csv.Append(CultureInfo.InvariantCulture, $"{k * 3 + wobble},{k * 2 - wobble},{1 + wobble * k},{kinds[k]}\n");
        }
        return csv.ToString();
    }
}
