using System.Globalization;
using System.Text.Json;
using Backprop.Data;
using Backprop.Onnx;
using Backprop.Serialization;
using Backprop.Tensors;

namespace Backprop.Tests;

/// <summary>
/// A model trained on IDX images (read as pixel / 255) carries that scaling in its normalisation, so that a CSV of the
/// same images' raw pixels (0 to 255) predicts what training and evaluate saw, and the ONNX export takes raw pixels too.
/// </summary>
public sealed class CliImagePredictTests : IDisposable
{
    private const int Rows = 6, Columns = 5, Count = 48;
    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("none")]
    [InlineData("standard")]
    [InlineData("minmax")]
    public void PredictOnRawPixels_AgreesWithTrainingAndEvaluateOnTheImages_AndOnnxRuntimeAgreesWithPredict(string normalize)
    {
        byte[] pixels = IdxFolder();
        string model = Path.Combine(_dir.Path, "m.safetensors");
        var train = Cli.Run("train", "--data", _dir.Path, "--layers", "8", "--epochs", "4", "--seed", "3", "--normalize", normalize,
            "--json", "--model", model);
        Assert.True(train.ExitCode == 0, train.Err);
        double trainedLoss = JsonDocument.Parse(train.Out).RootElement.GetProperty("test_loss").GetDouble();

        var evaluate = Cli.Run("evaluate", "--model", model, "--data", _dir.Path, "--json", "--plots", _dir.Path);
        Assert.True(evaluate.ExitCode == 0, evaluate.Err);
        double evaluatedLoss = JsonDocument.Parse(evaluate.Out).RootElement.GetProperty("loss").GetDouble();

        // The t10k images are the training images; as CSV rows of raw pixels, 0 to 255.
        string csv = _dir.Write("pixels.csv", string.Join("\n", Enumerable.Range(0, Count)
            .Select(i => string.Join(",", pixels.AsSpan(i * Rows * Columns, Rows * Columns).ToArray()))) + "\n");
        var predict = Cli.Run("predict", "--model", model, "--data", csv, "--json");
        Assert.True(predict.ExitCode == 0, predict.Err);
        double[][] predicted = [.. JsonDocument.Parse(predict.Out).RootElement.EnumerateArray()
            .Select(s => s.GetProperty("output").EnumerateArray().Select(v => v.GetDouble()).ToArray())];
        // Softmax cross-entropy, averaged: the loss train and evaluate report, here from predict's probabilities.
        double predictedLoss = Enumerable.Range(0, Count).Average(i => -Math.Log(predicted[i][Label(pixels, i)]));
        Assert.True(Math.Abs(evaluatedLoss - trainedLoss) <= 1e-6, $"train's test loss {trainedLoss:R}, evaluate's {evaluatedLoss:R}");
        Assert.True(Math.Abs(predictedLoss - evaluatedLoss) <= 1e-5, $"predict on raw pixels gives a loss of {predictedLoss:R}, evaluate on the images {evaluatedLoss:R}");

        if (normalize == "none")
        {
            // The network itself on the images as training reads them (x / 255, nothing else), sample by sample.
            var loaded = Assert.IsType<LoadedModel<float>>(ModelFile.Load(model));
            var images = IdxImageDataset<float>.Load(Path.Combine(_dir.Path, "t10k-images-idx3-ubyte"), Path.Combine(_dir.Path, "t10k-labels-idx1-ubyte"));
            var (inputs, _) = images.ToMatrices();
            var expected = loaded.Network.Predict(inputs);
            for (int i = 0; i < Count; i++)
                for (int k = 0; k < expected.Columns; k++)
                    Assert.True(Math.Abs(expected[i, k] - predicted[i][k]) <= 1e-6, $"sample {i} class {k}: the network on the images {expected[i, k]}, predict on raw pixels {predicted[i][k]}");
            Assert.Equal(new Normalization("minmax", new double[Rows * Columns], [.. Enumerable.Repeat(255.0, Rows * Columns)], 255),
                loaded.Metadata.Normalization, NormalizationComparer.Instance);
        }

        // ONNX Runtime on the raw pixels, float32, agrees with predict.
        string onnx = Path.Combine(_dir.Path, "m.onnx");
        var export = Cli.Run("export", "--model", model, "--onnx", onnx);
        Assert.True(export.ExitCode == 0, export.Err);
        Assert.Contains("with the input normalisation as Sub and Div nodes (it takes raw pixels, 0 to 255)", export.Out);
        var raw = new Matrix<float>(Count, Rows * Columns);
        for (int i = 0; i < raw.Rows * raw.Columns; i++) raw.AsSpan()[i] = pixels[i];
        var ort = OnnxRuntimeRunner.Run(onnx, raw);
        for (int i = 0; i < Count; i++)
            for (int k = 0; k < ort.Columns; k++)
                Assert.True(Math.Abs(ort[i, k] - predicted[i][k]) <= 1e-5, $"sample {i} class {k}: ONNX Runtime {ort[i, k]}, predict {predicted[i][k]}");
    }

    [Fact]
    public void StoredPixelScaling_FoldsTheFittedNormalisationIntoRawPixelUnits_AndReadsBack()
    {
        IdxFolder();
        string model = Path.Combine(_dir.Path, "m.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", _dir.Path, "--layers", "4", "--epochs", "1", "--normalize", "standard", "--model", model).ExitCode);
        var n = ModelFile.Load(model).Metadata.Normalization!;
        Assert.Equal(("standard", 255.0), (n.Kind, n.PixelScale));
        // The standard deviation of a pixel / 255 column is at most 0.5; in raw units it is up to 127.5, and above 1.
        Assert.All(n.Scale, s => Assert.InRange(s, 1.0, 127.5 + 1e-9));
        var unit = n.ForScaledPixels();
        Assert.Null(unit.PixelScale);
        for (int c = 0; c < n.Scale.Length; c++) Assert.Equal(n.Scale[c] / 255, unit.Scale[c]);
    }

    [Fact]
    public void AnOlderImageModel_WithoutPixelScale_IsAppliedAsStored_AndABadPixelScaleIsRefused()
    {
        IdxFolder();
        string model = Path.Combine(_dir.Path, "m.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", _dir.Path, "--layers", "4", "--epochs", "2", "--normalize", "standard", "--model", model).ExitCode);
        double Loss(string path)
        {
            var r = Cli.Run("evaluate", "--model", path, "--data", _dir.Path, "--json", "--plots", _dir.Path);
            Assert.True(r.ExitCode == 0, r.Err);
            return JsonDocument.Parse(r.Out).RootElement.GetProperty("loss").GetDouble();
        }
        // As files were written before pixel_scale: the normalisation fitted on pixel / 255, in those units.
        var n = ModelFile.Load(model).Metadata.Normalization!;
        var editor = new ModelFileEditor(File.ReadAllBytes(model));
        editor.Metadata["normalization"] = JsonSerializer.Serialize(new
        {
            kind = n.Kind, offset = n.Offset.Select(o => o / 255).ToArray(), scale = n.Scale.Select(v => v / 255).ToArray(),
        });
        string older = _dir.Write("older.safetensors", editor.ToBytes());
        Assert.Null(ModelFile.Load(older).Metadata.Normalization!.PixelScale);
        Assert.True(Math.Abs(Loss(older) - Loss(model)) <= 1e-6, $"older file {Loss(older):R}, new file {Loss(model):R}");

        editor.Metadata["normalization"] = "{\"kind\":\"minmax\",\"offset\":[" + string.Join(",", n.Offset.Select(_ => "0")) +
            "],\"scale\":[" + string.Join(",", n.Scale.Select(_ => "255")) + "],\"pixel_scale\":0}";
        string bad = _dir.Write("bad.safetensors", editor.ToBytes());
        Cli.AssertBadInput(Cli.Run("evaluate", "--model", bad, "--data", _dir.Path), "bad.safetensors", "pixel_scale");
    }

    private static int Label(byte[] pixels, int image) => pixels[image * Rows * Columns] % 3;

    /// <summary>Random 6×5 images, labels 0 to 2 from the first pixel, the t10k files the same as the train files; returns the pixels.</summary>
    private byte[] IdxFolder()
    {
        static byte[] BigEndian(params int[] values) => values.SelectMany(v => new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v }).ToArray();
        byte[] pixels = new byte[Count * Rows * Columns];
        new System.Random(5).NextBytes(pixels);
        byte[] labels = [.. Enumerable.Range(0, Count).Select(i => (byte)Label(pixels, i))];
        foreach (string set in new[] { "train", "t10k" })
        {
            _dir.Write($"{set}-images-idx3-ubyte", [.. BigEndian(0x803, Count, Rows, Columns), .. pixels]);
            _dir.Write($"{set}-labels-idx1-ubyte", [.. BigEndian(0x801, Count), .. labels]);
        }
        return pixels;
    }

    private sealed class NormalizationComparer : IEqualityComparer<Normalization?>
    {
        public static readonly NormalizationComparer Instance = new();
        public bool Equals(Normalization? a, Normalization? b) =>
            a is not null && b is not null && a.Kind == b.Kind && a.PixelScale == b.PixelScale && a.Offset.SequenceEqual(b.Offset) && a.Scale.SequenceEqual(b.Scale);
        public int GetHashCode(Normalization? n) => 0;
    }
}
