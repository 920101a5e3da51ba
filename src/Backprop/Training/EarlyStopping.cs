using System.Numerics;

namespace Backprop.Training;

/// <summary>
/// Stops training when the monitored loss (the validation loss when there is a validation set, else the training
/// loss) has not improved for <see cref="Patience"/> epochs, and puts back the weights of the best epoch: Keras's
/// EarlyStopping(restore_best_weights=True), scikit-learn's n_iter_no_change. An epoch improves when its loss is below
/// the best so far by more than <see cref="MinDelta"/>.
/// </summary>
/// <example><code>
/// var stopping = new EarlyStopping&lt;float&gt;(patience: 10);
/// stopping.Attach(trainer);                 // watches every epoch, asks the trainer to stop
/// trainer.Fit(train, validation);
/// stopping.RestoreBest(trainer);            // the best epoch's weights
/// </code></example>
public sealed class EarlyStopping<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[][]? _best;

    /// <summary>
    /// Stops after <paramref name="patience"/> epochs without an improvement of more than <paramref name="minDelta"/>;
    /// with <paramref name="monitorTrainingLoss"/> it watches the training loss even when the trainer evaluates a held-out
    /// set (which may be the test set, which must not choose when to stop).
    /// </summary>
    public EarlyStopping(int patience, double minDelta = 0, bool monitorTrainingLoss = false)
    {
        MonitorsTrainingLoss = monitorTrainingLoss;
        if (patience < 1) throw new BackpropException($"The early-stopping patience must be at least 1 epoch, got {patience}.");
        if (!(minDelta >= 0)) throw new BackpropException($"The early-stopping minimum improvement must be zero or more, got {minDelta}.");
        Patience = patience;
        MinDelta = minDelta;
    }

    /// <summary>Whether it watches the training loss rather than the validation loss.</summary>
    public bool MonitorsTrainingLoss { get; }

    /// <summary>Epochs without improvement before training stops.</summary>
    public int Patience { get; }

    /// <summary>How much lower than the best a loss must be to count as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>The lowest monitored loss so far (infinity before the first epoch).</summary>
    public double BestLoss { get; private set; } = double.PositiveInfinity;

    /// <summary>The epoch that gave <see cref="BestLoss"/> (0 before the first epoch).</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Epochs since the last improvement.</summary>
    public int Wait { get; private set; }

    /// <summary>The epoch after which it asked the trainer to stop, if it did.</summary>
    public int? StoppedEpoch { get; private set; }

    /// <summary>The loss it watches, in words: "validation loss" or "training loss".</summary>
    public string Watched => MonitorsTrainingLoss ? "training loss" : "validation loss";

    /// <summary>
    /// Why it stopped the run, with the weights <see cref="RestoreBest"/> puts back, as <c>backprop train</c> says it:
    /// "stopped early after epoch 40: the validation loss had not improved for 10 epochs; kept the weights of epoch 30
    /// (validation loss 0.12345)". Null while it has not stopped the run. <paramref name="lossFactor"/> turns the loss
    /// into the units it is shown in (a regression target's own).
    /// </summary>
    public string? StopReason(double lossFactor = 1, bool countOnly = false) =>
        StoppedEpoch is int at ? $"stopped early after epoch {at}: the {Watched} had not improved for {Patience} epochs{KeptNote(lossFactor, countOnly)}" : null;

    /// <summary>
    /// "; kept the weights of epoch 30 (validation loss 0.12345)", the best epoch so far; empty before the first epoch.
    /// With <paramref name="countOnly"/> (the model is trained again for that many epochs), "; the best was epoch 30 (…)".
    /// </summary>
    public string KeptNote(double lossFactor = 1, bool countOnly = false) =>
        BestEpoch > 0 ? $"; {(countOnly ? "the best was" : "kept the weights of")} epoch {BestEpoch} ({Watched} {BestLoss * lossFactor:G5})" : "";

    /// <summary>Watches every epoch of <paramref name="trainer"/> (through <see cref="Trainer{T}.EpochEnded"/>).</summary>
    public void Attach(Trainer<T> trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        trainer.EpochEnded += record => Observe(trainer, record);
    }

    /// <summary>Takes an epoch's result: keeps the weights if it is the best so far, and asks the trainer to stop when patience runs out.</summary>
    public void Observe(Trainer<T> trainer, EpochRecord record)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(record);
        double loss = MonitorsTrainingLoss ? record.TrainLoss : record.ValidationLoss ?? record.TrainLoss;
        if (loss < BestLoss - MinDelta)
        {
            BestLoss = loss;
            BestEpoch = record.Epoch;
            Wait = 0;
            Keep(trainer.Network);
            return;
        }
        if (++Wait < Patience) return;
        StoppedEpoch = record.Epoch;
        trainer.RequestStop();
    }

    /// <summary>Puts the best epoch's weights back into <paramref name="trainer"/>'s network; false when no epoch has been seen.</summary>
    public bool RestoreBest(Trainer<T> trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (_best is null) return false;
        var parameters = trainer.Network.Parameters;
        for (int i = 0; i < parameters.Count; i++) _best[i].CopyTo(parameters[i].Value.AsSpan());
        return true;
    }

    private void Keep(Network<T> network)
    {
        var parameters = network.Parameters;
        _best ??= [.. parameters.Select(p => new T[p.Value.Length])];
        for (int i = 0; i < parameters.Count; i++) parameters[i].Value.AsSpan().CopyTo(_best[i]);
    }

    /// <summary>The state for a checkpoint: the best loss, its epoch, the epochs waited and the best weights (null before the first epoch).</summary>
    public (double BestLoss, int BestEpoch, int Wait, T[][]? BestWeights) GetState() =>
        (BestLoss, BestEpoch, Wait, _best?.Select(b => b.ToArray()).ToArray());

    /// <summary>Restores a state taken with <see cref="GetState"/>.</summary>
    public void SetState(double bestLoss, int bestEpoch, int wait, T[][]? bestWeights)
    {
        BestLoss = bestLoss;
        BestEpoch = bestEpoch;
        Wait = wait;
        _best = bestWeights?.Select(b => b.ToArray()).ToArray();
        StoppedEpoch = null;
    }
}
