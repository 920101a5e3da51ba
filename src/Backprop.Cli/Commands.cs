using System.CommandLine;

namespace Backprop.Cli;

/// <summary>The commands that work on data and models: train, evaluate, predict, gradcheck.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All() => [TrainCommand.Create(), EvaluateCommand.Create(), PredictCommand.Create(), GradCheckCommand.Create()];
}
