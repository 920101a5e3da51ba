using Spectre.Console;

namespace Backprop.Cli;

/// <summary>
/// The end of a <c>train</c> run as a person reads it: on a terminal, a table of the epochs (the kept one in bold)
/// that fits in 80 columns; then, everywhere, why it stopped, the test figures and the files written.
/// </summary>
internal static class TrainResults
{
    public static void Print(IAnsiConsole console, TextWriter output, TrainOutcome o, bool tables)
    {
        if (tables && o.History.Epochs.Count > 0) console.Write(EpochTable(o));
        if (tables) TrainingReport.WriteWrapped(o.Stop.Reason);
        else output.WriteLine(o.Stop.Reason);
        if (o.TestAccuracy is double acc) output.WriteLine($"test accuracy {acc:P2} (loss {o.TestLoss:G5}) on {o.TestSamples:N0} samples");
        else if (o.TestRegression is { } r)
            output.WriteLine($"test MSE {r.MeanSquaredError:G5}, MAE {r.MeanAbsoluteError:G5}, R² {r.R2:F4} on {o.TestSamples:N0} samples");
        output.WriteLine($"{o.TrainSamples:N0} training samples, {o.SamplesPerSecond:N0} samples/s, peak memory {o.PeakMemoryBytes / (1024.0 * 1024.0):N0} MiB");
        if (o.Answers.Count > 0)
        {
            if (tables)
            {
                var answers = new Table().Title("Answers").AddColumns("input", "output");
                foreach (var (input, answer) in o.Answers) answers.AddRow(Markup.Escape(input), Markup.Escape(answer));
                console.Write(answers);
            }
            else foreach (var (input, answer) in o.Answers) output.WriteLine($"answer: {input} -> {answer}");
        }
        foreach (string file in o.Files) output.WriteLine($"wrote {file}");
    }

    internal static Table EpochTable(TrainOutcome o)
    {
        var view = o.View;
        bool accuracy = view.Classification;
        var table = new Table().Title("Training").AddColumn(new TableColumn("epoch").RightAligned()).AddColumn(new TableColumn("train loss").RightAligned());
        if (accuracy) table.AddColumn(new TableColumn("train acc").RightAligned());
        if (view.HeldOut is string held)
        {
            table.AddColumn(new TableColumn($"{held} loss").RightAligned());
            if (accuracy) table.AddColumn(new TableColumn($"{held} acc").RightAligned());
        }
        table.AddColumn(new TableColumn("seconds").RightAligned());
        int count = o.History.Epochs.Count, last = o.History.Epochs[^1].Epoch;
        foreach (var e in o.History.Epochs.Where(e => TrainingReport.Shown(e.Epoch, last) || e.Epoch == o.Stop.KeptEpoch))
        {
            var cells = new List<string> { e.Epoch.ToString(), $"{view.Loss(e.TrainLoss):G5}" };
            if (accuracy) cells.Add(Percent(e.TrainAccuracy));
            if (view.HeldOut is not null)
            {
                cells.Add(e.ValidationLoss is double l ? $"{view.Loss(l):G5}" : "–");
                if (accuracy) cells.Add(Percent(e.ValidationAccuracy));
            }
            cells.Add($"{e.Seconds:F2}");
            bool kept = e.Epoch == o.Stop.KeptEpoch && count > 1;
            table.AddRow([.. cells.Select(c => kept ? $"[bold]{Markup.Escape(c)}[/]" : Markup.Escape(c))]);
        }
        if (o.Stop.KeptEpoch is int k && count > 1)
            table.Caption(o.Stop.RefitEpochs is null ? $"[bold]epoch {k}[/]: the weights kept" : $"[bold]epoch {k}[/]: the best; the model is trained again on every row for {k} epochs");
        return table;
    }

    private static string Percent(double? value) => value is double v ? $"{v:P2}" : "–";
}
