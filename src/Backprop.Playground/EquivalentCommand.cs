using System.Globalization;
using System.Text;
using Backprop.Data;

namespace Backprop.Playground;

/// <summary>
/// The <c>backprop train</c> command and the C# program that repeat the page's run, both written from the library's
/// table of settings (<see cref="TrainSettingsTable"/>). Every setting is written out, defaults included (the epochs
/// trained so far, the learning rate, the split, the patience, the normalisation), so the command means the same run
/// whatever later versions choose as defaults.
/// </summary>
public static class EquivalentCommand
{
    /// <summary>The settings of the page's run after <paramref name="epochs"/> epochs, every default written in.</summary>
    private static (TrainSettings Settings, IEnumerable<TrainSetting> Written) Describe(TrainSettings s, string dataName, int epochs)
    {
        bool csv = dataName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        var resolved = s.Resolved(csv) with { Data = dataName, Epochs = Math.Max(1, epochs) };
        return (resolved, TrainSettingsTable.Describing(resolved, csv));
    }

    public static string CommandLine(TrainSettings s, string dataName, int epochs)
    {
        var (resolved, written) = Describe(s, dataName, epochs);
        return "backprop train " + string.Join(" ", written.Select(w => $"--{w.Name} {Shell.Quote(w.Text(resolved)!)}"));
    }

    /// <summary>A short program with the library that trains the same network on the same data, with the same set-up as <c>train</c>.</summary>
    public static string CSharp(TrainSettings s, string dataName, int epochs)
    {
        var (resolved, written) = Describe(s, dataName, epochs);
        string t = s.Type == "double" ? "double" : "float";
        var code = new StringBuilder();
        code.AppendLine("using Backprop.Runs;");
        code.AppendLine("using Backprop.Training;");
        code.AppendLine();
        code.AppendLine("var settings = new TrainSettings");
        code.AppendLine("{");
        foreach (var w in written.Where(w => w.Name != "type")) code.AppendLine($"    {w.Property} = {w.CSharp(resolved)},");
        code.AppendLine("};");
        code.AppendLine($"var run = TrainRun<{t}>.Create(settings);");
        code.AppendLine("run.Fit();");
        code.AppendLine("var epochs = run.Trainer.History.Epochs;");
        code.AppendLine(resolved.EarlyStopping is null
            ? "Console.WriteLine($\"test loss {epochs[^1].ValidationLoss}\");"
            : "Console.WriteLine($\"kept epoch {run.Stopping!.BestEpoch}, test loss {epochs[run.Stopping.BestEpoch - 1].ValidationLoss}\");");
        code.AppendLine("var network = run.Finish();   // the kept weights, ready to predict or save");
        return code.ToString();
    }
}
