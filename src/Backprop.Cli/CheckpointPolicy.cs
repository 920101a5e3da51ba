using System.Numerics;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Cli;

/// <summary>Saves a checkpoint every N epochs (with early stopping's and the schedule's state) and restores one for --resume.</summary>
internal sealed class CheckpointPolicy<T>(TrainSettings settings, TrainPlan plan, PreparedData<T> data, EarlyStopping<T>? stopping, LearningRateSchedule schedule)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The last checkpoint written by this run, if any.</summary>
    public string? LastSaved { get; private set; }

    /// <summary>The epoch of <see cref="LastSaved"/> (or of the checkpoint resumed from).</summary>
    public int LastSavedEpoch { get; private set; }

    public void ResumeInto(Trainer<T> trainer)
    {
        if (settings.Resume is not string path) return;
        Checkpoint.Load(path).Restore(trainer, stopping, schedule);
        if (trainer.CompletedEpochs >= plan.Epochs)
            throw new BackpropException($"{path}: the checkpoint has already trained {trainer.CompletedEpochs} epochs; ask for more with --epochs.");
        if (settings.Checkpoint == path)
        {
            LastSaved = path;
            LastSavedEpoch = trainer.CompletedEpochs;
        }
    }

    public void AfterEpoch(Trainer<T> trainer, int epoch)
    {
        if (settings.CheckpointEvery <= 0 || settings.Checkpoint is not string path || epoch % settings.CheckpointEvery != 0) return;
        Checkpoint.Save(path, trainer, data.Metadata(forCheckpoint: true), stopping, schedule);
        LastSaved = path;
        LastSavedEpoch = epoch;
    }

    /// <summary>What an interrupted run says it kept: the checkpoint to resume from, or that nothing was saved.</summary>
    public string Interrupted(Trainer<T> trainer)
    {
        string where = trainer.StepInEpoch > 0
            ? $"stopped by Ctrl-C after step {trainer.StepInEpoch} of epoch {trainer.CompletedEpochs + 1}"
            : $"stopped by Ctrl-C after epoch {trainer.CompletedEpochs}";
        return LastSaved is string path
            ? $"{where}; the checkpoint {path} (epoch {LastSavedEpoch}) is kept"
            : $"{where}; nothing was saved\n(the model is written when training ends; with --checkpoint-every 1 --checkpoint FILE a run can be resumed)";
    }
}
