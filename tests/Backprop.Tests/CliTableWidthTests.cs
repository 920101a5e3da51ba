using Backprop.Cli;
using Backprop.Training;
using Spectre.Console;

namespace Backprop.Tests;

/// <summary>The tables a person reads on a terminal fit in 80 columns, drawn at their widest.</summary>
public class CliTableWidthTests
{
    private static string[] Draw(Spectre.Console.Rendering.IRenderable table)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;   // wide enough that nothing is squeezed: the table's own width is measured
        console.Write(table);
        return writer.ToString().Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
    }

    [Fact]
    public void TheEpochTable_WithEveryColumnAndLongNumbers_FitsIn80Columns()
    {
        var history = new TrainingHistory();
        for (int e = 1; e <= 500; e++) history.Epochs.Add(new EpochRecord(e, 1000L * e, 123456.789 / e, 0.123456, 234567.891 / e, 0.987654, 12.345));
        var view = new RunView(500, 1000, 0, 1, "validation", Classification: true);
        var outcome = new TrainOutcome("d.csv", 1, 1, 1, "", history, 1, null, null, null, 0, [], [], view, new StopInfo("stopped", 137), [], []);
        var lines = Draw(TrainResults.EpochTable(outcome));
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        Assert.Contains(lines, l => l.Contains("validation loss") && l.Contains("validation acc"));
        Assert.Contains(lines, l => l.Contains(" 137 "));             // the kept epoch is shown, whatever the spacing
    }

    [Fact]
    public void TheTenClassConfusionMatrix_OfFashionMnist_FitsIn80Columns()
    {
        var counts = new int[10, 10];
        for (int i = 0; i < 10; i++) for (int j = 0; j < 10; j++) counts[i, j] = i == j ? 1000 : 999;
        var lines = Draw(ConfusionTable.Of(counts, Data.DataSources.FashionMnistLabels));
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        Assert.Contains(lines, l => l.Contains("9 Ankle boot"));
        var plain = new StringWriter();
        ConfusionTable.WritePlain(plain, counts, Data.DataSources.FashionMnistLabels);
        Assert.All(plain.ToString().Split('\n'), l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
    }

    [Fact]
    public void TheBackpropByHandTable_FitsIn80Columns()
    {
        foreach (bool fromScratch in new[] { false, true })
            Assert.All(CliRunner.Lines(CliRunner.Lesson("backprop-by-hand", fromScratch)), l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
    }
}
