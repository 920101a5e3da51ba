using Backprop.Serialization;

namespace Backprop.Cli;

/// <summary>Checks the files a run will write before any work, so that a bad --model path is not found out after an hour of training.</summary>
internal static class OutputCheck
{
    public static void Before(TrainSettings s)
    {
        if (s.Model is string model) AtomicFile.CheckWritable(model);
        if (s.Checkpoint is string checkpoint) AtomicFile.CheckWritable(checkpoint);
        if (s.Plots is string plots) AtomicFile.PrepareFolder(plots, "--plots");
    }
}
