using System.CommandLine;

namespace Backprop.Cli;

/// <summary>The commands that work on data and models: train, evaluate, predict, export, import, gradcheck, playground.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All() =>
    [
        TrainCommand.Create(), EvaluateCommand.Create(), PredictCommand.Create(), ExportCommand.Create(), ImportCommand.Create(),
        GradCheckCommand.Create(), Playground.PlaygroundCommand.Create(),
    ];
}
