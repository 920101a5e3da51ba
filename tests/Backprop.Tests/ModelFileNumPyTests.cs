using System.Globalization;
using System.Numerics;
using Backprop.Serialization;
using Backprop.Tensors;

namespace Backprop.Tests;

/// <summary>
/// The model file is documented well enough for NumPy alone to run it: docs/read_model.py (the snippet in
/// docs/model-format.md) must predict what we predict.
/// </summary>
public sealed class ModelFileNumPyTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void NumPyScript_PredictsLikeUs_ForAFloat32Model() => CompareWithNumPy<float>(tolerance: 1e-6);

    [Fact]
    public void NumPyScript_PredictsLikeUs_ForAFloat64Model() => CompareWithNumPy<double>(tolerance: 1e-12);

    private void CompareWithNumPy<T>(double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var network = SampleModels.EveryLayer<T>();
        var metadata = SampleModels.Metadata;
        string model = Path.Combine(_folder.Path, "m.safetensors");
        network.Save(model, metadata);
        var inputs = SampleModels.Inputs<T>(20);
        string csv = _folder.Write("inputs.csv", string.Join("\n", inputs.ToRows().Select(row =>
            string.Join(",", row.Select(v => double.CreateChecked(v).ToString("R", CultureInfo.InvariantCulture))))));

        // What our CLI will do: rescale each input as (x − offset) / scale in double, then predict.
        var n = metadata.Normalization!;
        var scaled = new Matrix<T>(inputs.Rows, inputs.Columns);
        for (int r = 0; r < inputs.Rows; r++)
            for (int c = 0; c < inputs.Columns; c++)
                scaled[r, c] = T.CreateChecked((double.CreateChecked(inputs[r, c]) - n.Offset[c]) / n.Scale[c]);
        var expected = network.Predict(scaled);

        var lines = RunPython(Path.Combine(Python.RepositoryRoot(), "docs", "read_model.py"), model, csv);
        Assert.Equal(inputs.Rows, lines.Length);
        for (int r = 0; r < lines.Length; r++)
        {
            var values = lines[r].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(expected.Columns, values.Length);
            for (int c = 0; c < values.Length; c++)
            {
                double ours = double.CreateChecked(expected[r, c]);
                Assert.True(Math.Abs(ours - values[c]) <= tolerance, $"row {r}, column {c}: we predict {ours:R}, NumPy {values[c]:R}");
            }
        }
    }

    [Fact]
    public void NumPyScript_FollowsTheHeaderRuleOfPredict_AndMapsACheckpointsScaledTargetsBack()
    {
        // A regression checkpoint: its network predicts scaled targets, and its metadata says how to map them back.
        var network = new Training.Network<double>(2, [new Layers.Dense<double>(3), new Layers.Tanh<double>(), new Layers.Dense<double>(1)],
            new Random.NumPyRandomState(3));
        var scaling = new Data.TargetScaling(150, 77);
        string checkpoint = Path.Combine(_folder.Path, "cp.safetensors");
        Checkpoint.Save(checkpoint, new Training.Trainer<double>(network, new Losses.MeanSquaredError<double>(), new Optimizers.Sgd<double>(0.1)),
            new ModelMetadata("regression", "mse", TargetScaling: scaling));
        var model = ModelFile.Load<double>(checkpoint);
        var x = Matrix<double>.FromDoubles([[0.5, -1], [2, 0.25]]);
        var ours = model.Network.Predict(x);

        foreach (string text in new[] { "a,b\n0.5,-1\n2,0.25\n", "0.5,-1\n2,0.25\n" })
        {
            string csv = _folder.Write("points.csv", text);
            var (inputs, _, _) = Data.CsvDataReader.ReadFeaturesWithNotes<double>(csv);
            Assert.Equal(2, inputs.Rows);                                  // the header line skipped, or none there to skip
            var lines = RunPython(Path.Combine(Python.RepositoryRoot(), "docs", "read_model.py"), checkpoint, csv);
            Assert.Equal(2, lines.Length);
            for (int r = 0; r < 2; r++) Assert.Equal(ours[r, 0], double.Parse(lines[r], CultureInfo.InvariantCulture), 9);
        }
    }

    private static string[] RunPython(params string[] arguments)
    {
        const string install = "install it with `sudo apt-get install python3-numpy` (CI does), or set BACKPROP_PYTHON to a Python that has NumPy";
        if (!File.Exists(Python.Program)) Assert.Fail($"This test runs docs/read_model.py with {Python.Program}, which does not exist: {install}.");
        var (code, _, error) = Python.Run("-c", "import numpy");
        if (code != 0) Assert.Fail($"{Python.Program} cannot import numpy ({error.Trim().Split('\n')[^1]}): {install}.");
        (code, string output, error) = Python.Run(arguments);
        Assert.True(code == 0, $"read_model.py failed with exit code {code}: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
