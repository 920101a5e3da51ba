namespace Backprop.Training;

/// <summary>What one epoch gave.</summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="Steps">Optimizer steps taken so far, in all.</param>
/// <param name="TrainLoss">The mean loss over the epoch's batches (weighted by batch size), measured before each update.</param>
/// <param name="TrainAccuracy">The accuracy over the epoch's batches, for classifiers.</param>
/// <param name="ValidationLoss">The loss on the validation set after the epoch, if one was given.</param>
/// <param name="ValidationAccuracy">The accuracy on the validation set, for classifiers.</param>
/// <param name="Seconds">Wall-clock time of the epoch's training steps.</param>
public sealed record EpochRecord(int Epoch, long Steps, double TrainLoss, double? TrainAccuracy, double? ValidationLoss, double? ValidationAccuracy, double Seconds);

/// <summary>A loss measured on the whole training set after a given step.</summary>
/// <param name="Step">The step, counted from 0, after whose update the loss was measured.</param>
/// <param name="Loss">The loss over every training sample.</param>
public sealed record StepRecord(long Step, double Loss);

/// <summary>The record of a training run: one entry per epoch, and one every K steps when asked.</summary>
public sealed class TrainingHistory
{
    /// <summary>One entry per completed epoch.</summary>
    public List<EpochRecord> Epochs { get; } = [];

    /// <summary>The whole-training-set loss every K steps (see <see cref="Trainer{T}.RecordEvery"/>).</summary>
    public List<StepRecord> Steps { get; } = [];
}
