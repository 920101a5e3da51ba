using Backprop.Onnx;
using Backprop.Serialization;

namespace Backprop.Tests;

/// <summary>
/// backprop export and import: their help, the round trip through the commands, and every bad input as one line
/// naming the file and the fix, exit code 2, with nothing written.
/// </summary>
public sealed class OnnxCliTests : IDisposable
{
    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ModelPath => Path.Combine(_dir.Path, "m.safetensors");

    private string SavedModel<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        SampleModels.EveryLayer<T>().Save(ModelPath, SampleModels.Metadata);
        return ModelPath;
    }

    /// <summary>A good export of the sample model, as bytes, for the tests to damage.</summary>
    private byte[] GoodOnnx()
    {
        string path = Path.Combine(_dir.Path, "good.onnx");
        SampleModels.EveryLayer<float>().SaveOnnx(path, SampleModels.Metadata);
        return File.ReadAllBytes(path);
    }

    /// <summary>The sample model's export with its graph changed by <paramref name="edit"/>, written as <paramref name="name"/>.</summary>
    private string EditedExport(string name, Func<OnnxGraph, OnnxGraph> edit)
    {
        var model = OnnxExport.ToOnnx(SampleModels.EveryLayer<float>(), null);
        return _dir.Write(name, OnnxWriter.Encode(model with { Graph = edit(model.Graph) }));
    }

    private Cli.Result Import(string onnx) => Cli.Run("import", "--onnx", onnx, "--model", Path.Combine(_dir.Path, "out.safetensors"));

    private void AssertNothingImported() => Assert.Empty(Directory.GetFiles(_dir.Path, "out.safetensors*"));

    [Fact]
    public void Help_NamesBothCommands_AndTheirOptions()
    {
        Assert.Contains("export", Cli.Run("--help").Out);
        var export = Cli.Run("export", "--help");
        Assert.Equal(0, export.ExitCode);
        foreach (string s in new[] { "--model", "--onnx", "opset 13", "float32" }) Assert.Contains(s, export.Out);
        var import = Cli.Run("import", "--help");
        Assert.Equal(0, import.ExitCode);
        foreach (string s in new[] { "--onnx", "--model", "Gemm", "PyTorch" }) Assert.Contains(s, import.Out);
    }

    [Fact]
    public void ExportThenImport_ThroughTheCommands_PredictsTheSame()
    {
        string onnx = Path.Combine(_dir.Path, "m.onnx");
        var export = Cli.Run("export", "--model", SavedModel<float>(), "--onnx", onnx);
        Assert.True(export.ExitCode == 0, export.Err);
        Assert.Contains("input [batch, 3], output [batch, 2], with the input normalisation as Sub and Div nodes", export.Out);
        Assert.DoesNotContain("rounded", export.Out);
        string back = Path.Combine(_dir.Path, "back.safetensors");
        var import = Cli.Run("import", "--onnx", onnx, "--model", back);
        Assert.True(import.ExitCode == 0, import.Err);
        Assert.Contains("normalisation", import.Out);

        var original = Cli.Run("predict", "--model", ModelPath, "--input", "0.3,-1.7,0.9", "--json");
        var roundTripped = Cli.Run("predict", "--model", back, "--input", "0.3,-1.7,0.9", "--json");
        Assert.Equal(0, original.ExitCode);
        Assert.Equal(original.Out, roundTripped.Out);
    }

    [Fact]
    public void ExportOfADoubleModel_SaysItWasRoundedToFloat32()
    {
        var export = Cli.Run("export", "--model", SavedModel<double>(), "--onnx", Path.Combine(_dir.Path, "m.onnx"));
        Assert.True(export.ExitCode == 0, export.Err);
        Assert.StartsWith("note: the model's float64 weights were rounded to float32", export.Out);
    }

    [Fact]
    public void Export_MissingModel_UnwritableFolder_AndWrongExtensions_AreOneLineEach()
    {
        Cli.AssertBadInput(Cli.Run("export", "--model", Path.Combine(_dir.Path, "nope.safetensors"), "--onnx", Path.Combine(_dir.Path, "m.onnx")),
            "nope.safetensors", "does not exist");
        string model = SavedModel<float>();
        Cli.AssertBadInput(Cli.Run("export", "--model", model, "--onnx", Path.Combine(_dir.Path, "no-such-folder", "m.onnx")),
            "m.onnx", "cannot write the file");
        Cli.AssertBadInput(Cli.Run("export", "--model", model, "--onnx", Path.Combine(_dir.Path, "m.txt")), "m.txt", "must end in .onnx", "m.onnx");
        Cli.AssertBadInput(Cli.Run("export", "--model", Path.Combine(_dir.Path, "m.onnx"), "--onnx", Path.Combine(_dir.Path, "x.onnx")),
            "--model", "not a .onnx file", "backprop import");
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.onnx*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Import_MissingFile_WrongExtension_AndUnwritableFolder_AreOneLineEach()
    {
        Cli.AssertBadInput(Import(Path.Combine(_dir.Path, "nope.onnx")), "nope.onnx", "does not exist");
        Cli.AssertBadInput(Import(SavedModel<float>()), "--onnx", "not a .safetensors file", "backprop export");
        string onnx = _dir.Write("m.onnx", GoodOnnx());
        Cli.AssertBadInput(Cli.Run("import", "--onnx", onnx, "--model", Path.Combine(_dir.Path, "out.bin")), "out.bin", "must end in .safetensors");
        Cli.AssertBadInput(Cli.Run("import", "--onnx", onnx, "--model", Path.Combine(_dir.Path, "no-such-folder", "out.safetensors")), "cannot write the file");
        AssertNothingImported();
    }

    [Fact]
    public void Import_TruncatedFile_SaysItIsTruncated()
    {
        byte[] good = GoodOnnx();
        Cli.AssertBadInput(Import(_dir.Write("cut.onnx", good[..(good.Length / 2)])), "cut.onnx", "not a valid ONNX model", "truncated");
        AssertNothingImported();
    }

    [Theory]
    [InlineData("text.onnx", "this is a text file, not a model\n")]
    [InlineData("json.onnx", "{\"ir_version\": 7}")]
    public void Import_FileThatIsNotProtobuf_SaysSo(string name, string text)
    {
        Cli.AssertBadInput(Import(_dir.Write(name, text)), name, "ONNX model");
        AssertNothingImported();
    }

    [Fact]
    public void Import_ASafetensorsFileNamedOnnx_SaysItIsNotAnOnnxModel()
    {
        File.Copy(SavedModel<float>(), Path.Combine(_dir.Path, "renamed.onnx"));
        Cli.AssertBadInput(Import(Path.Combine(_dir.Path, "renamed.onnx")), "renamed.onnx", "ONNX model");
        AssertNothingImported();
    }

    [Fact]
    public void Import_UnknownOperator_NamesTheOperatorAndItsNode()
    {
        string path = EditedExport("erf.onnx", g => g with { Nodes = g.Nodes.Select((n, i) => i == 1 ? n with { OpType = "Erf" } : n).ToList() });
        Cli.AssertBadInput(Import(path), "erf.onnx", "node 'layers.1.Tanh' (Erf)", "operator Erf", "Gemm, MatMul", "Conv, MaxPool");
        AssertNothingImported();
    }

    [Fact]
    public void Import_WeightOfTheWrongShape_NamesTheWeightAndTheWidths()
    {
        // layers.2.W is 5 × 4; as 4 × 5 it no longer takes the 5 values the layer before gives.
        string path = EditedExport("shape.onnx", g => g with { Initializers = g.Initializers.Select(t => t.Name == "layers.2.W" ? t with { Dims = [4, 5] } : t).ToList() });
        Cli.AssertBadInput(Import(path), "shape.onnx", "node 'layers.2.MatMul' (MatMul)", "'layers.2.W' takes rows of 4 values", "gives 5");
        AssertNothingImported();
    }

    [Fact]
    public void Import_DoubleWeights_AskForAFloat32Export()
    {
        string path = EditedExport("double.onnx", g => g with
        {
            Initializers = g.Initializers.Select(t => t.Name == "layers.0.W" ? t with { DataType = OnnxFields.DataType.Double, Values = [] } : t).ToList(),
        });
        Cli.AssertBadInput(Import(path), "double.onnx", "'layers.0.W' of type DOUBLE", "model.float()");
    }
}
