using System.Globalization;
using System.Text.Json;
using Backprop.Data;

namespace Backprop.Tests;

/// <summary>
/// docs/pytorch_handover.py takes a Backprop model on into PyTorch and back. Backprop's last loss is the loss of
/// the trained model over the whole training file, as 'backprop evaluate' reports it; PyTorch's first loss is
/// the loaded model's loss over the same rows before its first update. They agree within 1e-5, and the model
/// PyTorch saves back has, in Backprop, the loss PyTorch last measured.
/// </summary>
public sealed class PyTorchHandoverTests : IDisposable
{
    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [SkippableTheory]
    [InlineData("float")]
    [InlineData("double")]
    public void PyTorch_ContinuesFromBackpropsLastLoss_AndBackpropReadsWhatItSavesBack(string type)
    {
        Python.Require("torch", "python3-torch");
        string train = SpiralsCsv();
        string model = Path.Combine(_dir.Path, "spirals.safetensors");
        var run = Cli.Run("train", "--data", train, "--layers", "16,16", "--activation", "tanh", "--epochs", "30", "--learning-rate", "0.01",
            "--seed", "1", "--type", type, "--model", model);
        Assert.True(run.ExitCode == 0, run.Err);
        double backpropLast = EvaluatedLoss(model, train);

        string continued = Path.Combine(_dir.Path, "continued.safetensors");
        var (code, stdout, stderr) = Python.Run(Path.Combine(Python.RepositoryRoot(), "docs", "pytorch_handover.py"), model, train, continued,
            "--epochs", "5", "--lr", "0.01");
        Assert.True(code == 0, $"pytorch_handover.py failed with exit code {code}: {stderr}");
        var result = JsonDocument.Parse(stdout).RootElement;
        double torchFirst = result.GetProperty("first_loss").GetDouble(), torchFinal = result.GetProperty("final_loss").GetDouble();

        Assert.True(Math.Abs(torchFirst - backpropLast) <= 1e-5, $"Backprop's last loss {backpropLast:R}, PyTorch's first {torchFirst:R}");
        Assert.True(torchFinal < torchFirst, $"five more epochs in PyTorch did not lower the loss: {torchFirst:R} → {torchFinal:R}");
        Assert.True(Math.Abs(EvaluatedLoss(continued, train) - torchFinal) <= 1e-5, "Backprop reads PyTorch's model back with another loss");
    }

    [Fact]
    public void PyTorchPage_QuotesTheScriptItDescribes_LineForLine()
    {
        string docs = Path.Combine(Python.RepositoryRoot(), "docs");
        string script = File.ReadAllText(Path.Combine(docs, "pytorch_handover.py"));
        string quoted = File.ReadAllText(Path.Combine(docs, "pytorch.md")).Split("```python")[1].Split("```")[0];
        Assert.Contains("def to_sequential(meta, tensors):", quoted);
        foreach (string line in quoted.Split('\n').Where(l => l.Trim().Length > 0)) Assert.Contains(line, script);
    }

    private static double EvaluatedLoss(string model, string data)
    {
        var evaluate = Cli.Run("evaluate", "--model", model, "--data", data, "--json", "--plots", Path.GetDirectoryName(model)!);
        Assert.True(evaluate.ExitCode == 0, evaluate.Err);
        return JsonDocument.Parse(evaluate.Out).RootElement.GetProperty("loss").GetDouble();
    }

    /// <summary>300 points of three spiral arms as a CSV file (x1, x2, arm), the inputs spread so that standardising them matters.</summary>
    private string SpiralsCsv()
    {
        var (x, t) = SyntheticData.Spirals<double>(300, seed: 3).ToMatrices();
        var lines = new List<string> { "x1,x2,arm" };
        for (int r = 0; r < x.Rows; r++)
        {
            int arm = Enumerable.Range(0, t.Columns).First(k => t[r, k] == 1);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{10 * x[r, 0] + 3:R},{0.1 * x[r, 1] - 1:R},{arm}"));
        }
        return _dir.Write("spirals.csv", string.Join("\n", lines) + "\n");
    }
}
