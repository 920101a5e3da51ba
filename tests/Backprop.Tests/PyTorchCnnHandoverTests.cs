using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Backprop.Serialization;

namespace Backprop.Tests;

/// <summary>
/// docs/pytorch_handover.py with convolution networks: a CNN trained by 'backprop train' loads into PyTorch with the
/// loss 'backprop evaluate' prints, comes back with the loss PyTorch measured, and trains on two processes with
/// DistributedDataParallel (torchrun, gloo, loopback) to what one process reaches on the same batches.
/// </summary>
public sealed class PyTorchCnnHandoverTests : IDisposable
{
    // 10×9×2 images (not square, so that a mixed-up height and width shows): a same convolution PyTorch's own padding
    // can say, a pool whose stride is not its size, a stride-2 same convolution whose odd zero goes after (ZeroPad2d),
    // then flatten, dropout and a dense layer (followed by the output layer train adds).
    private const string Layers = "conv4x3-same,maxpool3-s2,conv6x3-s2-same,flatten,dropout0.25,8";
    private const string Shape = "10x9x2";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Script => Path.Combine(Python.RepositoryRoot(), "docs", "pytorch_handover.py");

    [SkippableTheory]
    [InlineData("float")]
    [InlineData("double")]
    public void Cnn_LoadsIntoPyTorchWithEvaluatesLoss_AndComesBackWithPyTorchsLoss(string type)
    {
        Python.Require("torch", "python3-torch");
        string data = ImagesCsv(96);
        string model = Train(data, Layers, type, "--input-shape", Shape);
        string continued = Path.Combine(_dir.Path, "continued.safetensors");
        var result = Handover(Python.Run(Limit, Script, model, data, continued, "--epochs", "3", "--batch-size", "8"));
        double first = result.GetProperty("first_loss").GetDouble(), final = result.GetProperty("final_loss").GetDouble();

        double evaluated = EvaluatedLoss(model, data);
        Assert.True(Math.Abs(first - evaluated) <= 1e-5, $"backprop evaluate's loss {evaluated:R}, PyTorch's first {first:R}");
        Assert.True(final < first, $"three epochs in PyTorch did not lower the loss: {first:R} → {final:R}");
        Assert.True(Math.Abs(EvaluatedLoss(continued, data) - final) <= 1e-5, "Backprop reads PyTorch's model back with another loss");
        Assert.Equal(LayerList(model), LayerList(continued));
    }

    [SkippableTheory]
    [InlineData("float")]
    [InlineData("double")]
    public void CnnOnIdxImages_LoadsIntoPyTorchWithEvaluatesLoss(string type)
    {
        Python.Require("torch", "python3-torch");
        string folder = IdxFolder(64);
        string model = Train(folder, "conv3x2-s2-same,maxpool2-s1,flatten,dropout0.5,6", type);
        string continued = Path.Combine(_dir.Path, "continued.safetensors");
        var result = Handover(Python.Run(Limit, Script, model, folder, continued, "--epochs", "2", "--batch-size", "16"));
        // evaluate reads the t10k files, which IdxFolder makes the same as the train files the script reads.
        double evaluated = EvaluatedLoss(model, folder);
        Assert.True(Math.Abs(result.GetProperty("first_loss").GetDouble() - evaluated) <= 1e-5, $"backprop evaluate's loss {evaluated:R}, PyTorch's {result}");
        Assert.True(Math.Abs(EvaluatedLoss(continued, folder) - result.GetProperty("final_loss").GetDouble()) <= 1e-5, "Backprop reads PyTorch's model back with another loss");
    }

    [SkippableFact]
    public void TwoProcessesWithDdp_TakeTheStepsOfOneProcessOnTheCombinedBatch_AndRankZerosFileEvaluates()
    {
        Python.Require("torch", "python3-torch");
        // No dropout: every process draws its own masks, so with dropout two processes and one cannot agree.
        string data = ImagesCsv(96);
        string model = Train(data, "conv4x3-same,maxpool3-s2,conv6x3-s2-same,flatten,8", "float", "--input-shape", Shape);
        string[] args = [model, data, "--epochs", "2", "--batch-size", "8", "--lr", "0.01"];   // 96 = 12 steps of 2 × 4
        string single = Path.Combine(_dir.Path, "single.safetensors"), ddp = Path.Combine(_dir.Path, "ddp.safetensors");
        var one = Handover(Python.Run(Limit, [Script, .. args[..2], single, .. args[2..]]));
        // Python 3.11's IntFlag hides Std.NONE from torch 1.13's torchrun, so its default --redirects 0 fails: send
        // the workers' stderr to log files (and on to ours) instead.
        var two = Handover(Python.Run(Limit, ["-m", "torch.distributed.run", "--nproc_per_node=2", "--redirects", "2", "--tee", "2",
            "--log_dir", Path.Combine(_dir.Path, "logs"), "--master_addr=127.0.0.1", $"--master_port={FreePort()}",
            Script, .. args[..2], ddp, .. args[2..]]));

        Assert.Equal(1, one.GetProperty("processes").GetInt32());
        Assert.Equal(2, two.GetProperty("processes").GetInt32());
        var oneLosses = one.GetProperty("epoch_losses").Doubles();
        var twoLosses = two.GetProperty("epoch_losses").Doubles();
        for (int e = 0; e < oneLosses.Length; e++)
            Assert.True(Math.Abs(oneLosses[e] - twoLosses[e]) <= 1e-5, $"epoch {e + 1}: one process {oneLosses[e]:R}, two {twoLosses[e]:R}");
        Assert.True(oneLosses[^1] < one.GetProperty("first_loss").GetDouble(), "training did not lower the loss");
        var a = ModelFile.Load<float>(single).Network;
        var b = ModelFile.Load<float>(ddp).Network;
        for (int i = 0; i < a.Layers.Count; i++)
            for (int p = 0; p < a.Layers[i].Parameters.Count; p++)
            {
                var x = a.Layers[i].Parameters[p].Value.ToArray();
                var y = b.Layers[i].Parameters[p].Value.ToArray();
                for (int j = 0; j < x.Length; j++)
                    Assert.True(Math.Abs(x[j] - y[j]) <= 1e-5, $"layers.{i}.{a.Layers[i].Parameters[p].Name}[{j}]: one process {x[j]:R}, two {y[j]:R}");
            }
        Assert.True(Math.Abs(EvaluatedLoss(ddp, data) - twoLosses[^1]) <= 1e-5, "backprop evaluate reads rank 0's file with another loss");
    }

    [SkippableFact]
    public void SequentialBuiltInPyTorch_SavedByTheScript_PredictsInBackpropAsInPyTorch()
    {
        Python.Require("torch", "python3-torch");
        string model = Path.Combine(_dir.Path, "native.safetensors"), outputs = Path.Combine(_dir.Path, "native.json");
        // A CNN written as PyTorch users write one (NCHW images, nn.Flatten in C, H, W order), never seen by Backprop.
        string program = $$"""
            import json, sys
            import torch
            sys.path.insert(0, {{JsonSerializer.Serialize(Path.GetDirectoryName(Script))}})
            from pytorch_handover import save_backprop
            torch.manual_seed(3)
            model = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3, padding=1), torch.nn.Tanh(), torch.nn.ZeroPad2d((0, 0, 0, 1)),
                                        torch.nn.Conv2d(3, 4, 2, stride=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2, 1), torch.nn.Flatten(),
                                        torch.nn.Dropout(0.3), torch.nn.Linear(4 * 4 * 4, 5), torch.nn.Sigmoid(), torch.nn.Linear(5, 3),
                                        torch.nn.Softmax(dim=1))
            meta = {"backprop_format": "1", "numeric_type": "float32", "input_size": str(9 * 10 * 2), "input_shape": "9x10x2",
                    "task": "classification", "loss": "softmax-crossentropy"}
            save_backprop({{JsonSerializer.Serialize(model)}}, model, meta)
            x = torch.rand(20, 2, 9, 10)
            model.eval()
            rows = x.permute(0, 2, 3, 1).reshape(20, -1)         # Backprop's rows: H, W, C
            json.dump({"inputs": rows.tolist(), "outputs": model(x).tolist()}, open({{JsonSerializer.Serialize(outputs)}}, "w"))
            """;
        var run = Python.Run(Limit, "-c", program);
        Assert.True(run.Code == 0, run.Error);

        var loaded = ModelFile.Load<float>(model);
        Assert.Equal(["Conv2D", "Tanh", "Conv2D", "ReLU", "MaxPool2D", "Flatten", "Dropout", "Dense", "Sigmoid", "Dense", "Softmax"],
            loaded.Network.Layers.Select(l => l.Config.Type).ToArray());
        Assert.Equal(("same", "same"), (loaded.Network.Layers[0].Config.Padding, loaded.Network.Layers[2].Config.Padding));
        var json = JsonDocument.Parse(File.ReadAllText(outputs)).RootElement;
        var inputs = json.GetProperty("inputs").EnumerateArray().Select(r => r.Doubles()).ToArray();
        var expected = json.GetProperty("outputs").EnumerateArray().Select(r => r.Doubles()).ToArray();
        for (int r = 0; r < inputs.Length; r++)
        {
            var actual = loaded.Network.Predict(inputs[r].Select(v => (float)v).ToArray());
            for (int k = 0; k < 3; k++)
                Assert.True(Math.Abs(actual[k] - expected[r][k]) <= 1e-5, $"image {r}, class {k}: PyTorch {expected[r][k]:R}, Backprop {actual[k]:R}");
        }
    }

    private static JsonElement Handover((int Code, string Output, string Error) run)
    {
        Assert.True(run.Code == 0, $"pytorch_handover.py failed with exit code {run.Code}: {run.Error}");
        return JsonDocument.Parse(run.Output.Split('\n').Last(l => l.StartsWith('{'))).RootElement;
    }

    private string Train(string data, string layers, string type, params string[] more)
    {
        string model = Path.Combine(_dir.Path, "model.safetensors");
        var run = Cli.Run(["train", "--data", data, "--layers", layers, "--epochs", "3", "--seed", "1", "--type", type, "--model", model, "--quiet", .. more]);
        Assert.True(run.ExitCode == 0, run.Err);
        return model;
    }

    private static string[] LayerList(string model) =>
        ModelFile.Load(model).Match(m => Configs(m.Network.Layers), m => Configs(m.Network.Layers));

    private static string[] Configs<T>(IReadOnlyList<Layers.ILayer<T>> layers) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        layers.Select(l => l.Config.ToString()).ToArray();

    private static double EvaluatedLoss(string model, string data)
    {
        var evaluate = Cli.Run("evaluate", "--model", model, "--data", data, "--json", "--plots", Path.GetDirectoryName(model)!);
        Assert.True(evaluate.ExitCode == 0, evaluate.Err);
        return JsonDocument.Parse(evaluate.Out).RootElement.GetProperty("loss").GetDouble();
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on now (the system's pick), for torchrun's rendezvous.</summary>
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// <paramref name="count"/> random 10×9×2 images as CSV rows of raw pixels (0 to 255, channels last) and a class
    /// that says which band of rows is brightest in channel 0, so that training has something to learn.
    /// </summary>
    private string ImagesCsv(int count)
    {
        var random = new System.Random(5);
        string[] bands = ["top", "middle", "bottom"];
        var lines = new List<string> { string.Join(",", Enumerable.Range(0, 180).Select(i => $"p{i}")) + ",label" };
        for (int n = 0; n < count; n++)
        {
            int[] pixels = Enumerable.Range(0, 180).Select(_ => random.Next(256)).ToArray();
            double Band(int from, int to) => Enumerable.Range(from * 18, (to - from) * 18).Where(i => i % 2 == 0).Average(i => pixels[i]);
            double[] brightness = [Band(0, 3), Band(3, 7), Band(7, 10)];
            lines.Add(string.Join(",", pixels.Select(p => p.ToString(CultureInfo.InvariantCulture))) + "," + bands[Array.IndexOf(brightness, brightness.Max())]);
        }
        return _dir.Write("images.csv", string.Join("\n", lines) + "\n");
    }

    /// <summary>A folder of MNIST-format IDX files: <paramref name="count"/> random 7×6 images, digits 0 to 2, the t10k files the same as the train files.</summary>
    private string IdxFolder(int count)
    {
        var random = new System.Random(7);
        static byte[] BigEndian(params int[] values) => values.SelectMany(v => new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v }).ToArray();
        byte[] pixels = new byte[count * 42];
        random.NextBytes(pixels);
        byte[] labels = Enumerable.Range(0, count).Select(n => (byte)(pixels[n * 42] % 3)).ToArray();
        string folder = Path.Combine(_dir.Path, "idx");
        Directory.CreateDirectory(folder);
        foreach (string set in new[] { "train", "t10k" })
        {
            File.WriteAllBytes(Path.Combine(folder, $"{set}-images-idx3-ubyte"), [.. BigEndian(0x803, count, 7, 6), .. pixels]);
            File.WriteAllBytes(Path.Combine(folder, $"{set}-labels-idx1-ubyte"), [.. BigEndian(0x801, count), .. labels]);
        }
        return folder;
    }
}
