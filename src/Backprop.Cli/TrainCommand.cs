using System.CommandLine;
using Spectre.Console;

namespace Backprop.Cli;

/// <summary><c>backprop train</c>: trains a network on built-in data, a CSV file or MNIST-format images.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var options = new TrainOptions();
        var command = new Command("train", "Train a network on built-in data, a CSV file or MNIST-format images, and optionally save it.");
        foreach (var option in options.All) command.Options.Add(option);
        command.SetAction(p => Execute(p, options.Read(p)));
        return command;
    }

    private static int Execute(ParseResult p, TrainSettings settings)
    {
        var writer = Output.Writer(p);
        var report = TrainingReport.For(settings.Json, writer);
        var outcome = TrainRunner.Run(settings, report);
        if (settings.Json) Output.WriteJson(p, Json(outcome));
        else Print(Output.Console(p), outcome);
        return 0;
    }

    private static object Json(TrainOutcome o) => new
    {
        data = o.Data,
        train_samples = o.TrainSamples,
        validation_samples = o.ValidationSamples,
        test_samples = o.TestSamples,
        epochs = o.History.Epochs.Select(e => new
        {
            epoch = e.Epoch, train_loss = e.TrainLoss, train_accuracy = e.TrainAccuracy,
            validation_loss = e.ValidationLoss, validation_accuracy = e.ValidationAccuracy, seconds = e.Seconds,
        }),
        samples_per_second = o.SamplesPerSecond,
        steps_on_one_thread = o.History.StepsOnOneThread,
        peak_memory_bytes = o.PeakMemoryBytes,
        peak_memory_mib = o.PeakMemoryBytes / (1024.0 * 1024.0),
        test_loss = o.TestLoss,
        test_accuracy = o.TestAccuracy,
        files = o.Files,
    };

    private static void Print(IAnsiConsole console, TrainOutcome o)
    {
        string heldOut = o.ValidationSamples is not null ? "validation" : "test";
        var table = new Table().Title("Training").AddColumns("epoch", "train loss", "train acc", $"{heldOut} loss", $"{heldOut} acc", "seconds");
        foreach (var e in o.History.Epochs.Where(e => TrainingReport.Shown(e.Epoch, o.History.Epochs.Count)))
            table.AddRow(e.Epoch.ToString(), $"{e.TrainLoss:G5}", Percent(e.TrainAccuracy), e.ValidationLoss is double l ? $"{l:G5}" : "–",
                Percent(e.ValidationAccuracy), $"{e.Seconds:F2}");
        console.Write(new Text(o.Summary + "\n"));
        console.Write(table);
        console.WriteLine($"{o.TrainSamples:N0} training samples, {o.SamplesPerSecond:N0} samples/s, peak memory {o.PeakMemoryBytes / (1024.0 * 1024.0):N0} MiB");
        if (o.TestAccuracy is double acc) console.WriteLine($"test accuracy {acc:P2} (loss {o.TestLoss:G5}) on {o.TestSamples:N0} samples");
        else if (o.TestLoss is double loss) console.WriteLine($"test loss {loss:G5} on {o.TestSamples:N0} samples");
        if (o.Answers.Count > 0)
        {
            var answers = new Table().Title("Answers").AddColumns("input", "output");
            foreach (var (input, output) in o.Answers) answers.AddRow(input, output);
            console.Write(answers);
        }
        foreach (string file in o.Files) console.WriteLine($"wrote {file}");
    }

    private static string Percent(double? value) => value is double v ? $"{v:P2}" : "–";
}
