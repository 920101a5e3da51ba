using Backprop.Layers;
using Backprop.Onnx;
using Backprop.Random;
using Backprop.Training;
using Xunit.Abstractions;

namespace Backprop.Tests;

/// <summary>Every kind of file we export passes the onnx package's own checker, with its shape inference (full_check).</summary>
public sealed class OnnxCheckerTests(ITestOutputHelper output) : IDisposable
{
    private const string Checker = """
        import sys
        import onnx
        failed = 0
        for path in sys.argv[1:]:
            try:
                onnx.checker.check_model(onnx.load(path), full_check=True)
                print("ok", path)
            except Exception as e:
                failed += 1
                print("FAILED", path, str(e).replace("\n", " "))
        sys.exit(1 if failed else 0)
        """;

    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void OnnxChecker_AcceptsEveryExportedVariant()
    {
        Python.Require("onnx", "python3-onnx");
        var files = new List<string>();
        foreach (string activation in OnnxTestModels.HiddenActivations)
            foreach (bool bias in new[] { true, false })
                foreach (bool normalize in new[] { true, false })
                {
                    var network = new Network<float>(3, [new Dense<float>(5, bias), Activations.Create<float>(activation), new Dense<float>(2, bias), new Softmax<float>()], new NumPyRandomState(1));
                    string path = Path.Combine(_folder.Path, $"{activation}-{(bias ? "bias" : "nobias")}-{(normalize ? "norm" : "raw")}.onnx");
                    network.SaveOnnx(path, normalize ? SampleModels.Metadata : null);
                    files.Add(path);
                }
        files.Add(Save("every-layer-double.onnx", p => SampleModels.EveryLayer<double>().SaveOnnx(p, SampleModels.Metadata)));
        files.Add(Save("sigmoid-output.onnx", p => new Network<float>(2, [new Dense<float>(1), new Sigmoid<float>()]).SaveOnnx(p)));

        var (code, stdout, stderr) = Python.Run(["-c", Checker, .. files]);
        output.WriteLine(stdout);
        Assert.True(code == 0, $"the onnx checker refused a file:\n{stdout}{stderr}");
        Assert.Equal(files.Count, stdout.Split('\n').Count(line => line.StartsWith("ok ", StringComparison.Ordinal)));
    }

    private string Save(string name, Action<string> save)
    {
        string path = Path.Combine(_folder.Path, name);
        save(path);
        return path;
    }
}
