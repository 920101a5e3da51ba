using Backprop.Serialization;

namespace Backprop.Cli;

/// <summary>Checks the files a run will write before any work, so that a bad --model path is not found out after an hour of training.</summary>
internal static class OutputCheck
{
    public static void Before(TrainSettings s)
    {
        // An output never overwrites an input. The checkpoint may be the --resume file: that is how a run goes on.
        FileIdentity.RefuseOverwrite("--model", s.Model, ("--data", s.Data), ("--test", s.TestFile), ("--resume", s.Resume));
        FileIdentity.RefuseOverwrite("--checkpoint", s.Checkpoint, ("--data", s.Data), ("--test", s.TestFile));
        if (s.Model is string m && s.Checkpoint is string c && FileIdentity.Same(m, c))
            throw new BackpropException($"--model {m} and --checkpoint {c} are one file: the model would replace the checkpoint a later --resume needs; give them different names, such as --checkpoint {Path.ChangeExtension(m, null)}.checkpoint.safetensors.");
        if (s.Model is string model) AtomicFile.CheckWritable(model);
        if (s.Checkpoint is string checkpoint) AtomicFile.CheckWritable(checkpoint);
        if (s.Plots is string plots) AtomicFile.PrepareFolder(plots, "--plots");
    }
}
