using System.CommandLine;
using Spectre.Console;

namespace Backprop.Cli;

/// <summary><c>backprop train</c>: trains a network on built-in data, a CSV file or MNIST-format images.</summary>
internal static class TrainCommand
{
    /// <summary>The exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it.</summary>
    public const int Interrupted = 130;

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
        var report = TrainingReport.For(settings, writer);
        using var interrupt = new CancellationTokenSource();
        // Ctrl-C asks the trainer to stop after the step it is taking; a second Ctrl-C ends the process at once.
        using var graceful = Interrupts.StopGracefully(interrupt);
        var outcome = TrainRunner.Run(settings, report, interrupt.Token);
        if (outcome.Stop.Interrupted)
        {
            var error = p.InvocationConfiguration.Error;
            error.WriteLine(outcome.Stop.Reason);
            if (outcome.Stop.ResumeFrom is string checkpoint) error.WriteLine($"continue with: {ResumeCommand(p, checkpoint)}");
            return Interrupted;
        }
        if (settings.Json) Output.WriteJson(p, TrainJson.Of(outcome), Output.Json.TrainJson);
        else TrainResults.Print(Output.Console(p), writer, outcome, report.WantsTables);
        return 0;
    }

    /// <summary>The command line that was run, with --resume CHECKPOINT in place of any --resume it had.</summary>
    private static string ResumeCommand(ParseResult p, string checkpoint)
    {
        var tokens = p.Tokens.Select(t => t.Value).ToList();
        int at = tokens.IndexOf("--resume");
        if (at >= 0) tokens.RemoveRange(at, Math.Min(2, tokens.Count - at));
        tokens.AddRange(["--resume", checkpoint]);
        return "backprop " + string.Join(" ", tokens.Select(Shell.Quote));
    }
}
