using System.Numerics;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Cli;

/// <summary>Saves a checkpoint every N epochs and restores one for --resume.</summary>
internal sealed class CheckpointPolicy<T>(TrainSettings settings, NetworkRecipe recipe, PreparedData<T> data)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The last checkpoint written by this run, if any.</summary>
    public string? LastSaved { get; private set; }

    public void ResumeInto(Trainer<T> trainer)
    {
        if (settings.Resume is not string path) return;
        Checkpoint.Load(path).Restore(trainer);
        if (trainer.CompletedEpochs >= settings.Epochs)
            throw new BackpropException($"{path}: the checkpoint has already trained {trainer.CompletedEpochs} epochs; ask for more with --epochs.");
    }

    public void AfterEpoch(Trainer<T> trainer, int epoch)
    {
        if (settings.CheckpointEvery <= 0 || settings.Checkpoint is not string path || epoch % settings.CheckpointEvery != 0) return;
        Checkpoint.Save(path, trainer, data.Metadata(recipe.Loss));
        LastSaved = path;
    }
}
