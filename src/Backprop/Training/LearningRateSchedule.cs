namespace Backprop.Training;

/// <summary>
/// How the learning rate changes between epochs: after each epoch the trainer's optimizer gets <see cref="RateAfter"/>.
/// <see cref="Attach{T}"/> hooks a schedule to a trainer's <see cref="Trainer{T}.EpochEnded"/>. Whatever a schedule
/// must remember beyond the epoch number (a plateau's best loss) is its <see cref="State"/>, which a checkpoint keeps.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>A schedule that starts at <paramref name="initialRate"/>.</summary>
    protected LearningRateSchedule(double initialRate) => InitialRate = Optimizers.LearningRateRule.Checked(initialRate);

    /// <summary>The name in the registry: constant, step, cosine or plateau.</summary>
    public abstract string Name { get; }

    /// <summary>The rate of the first epoch (the optimizer's rate when the run starts: the optimizer holds the rate, the schedule changes it).</summary>
    public double InitialRate { get; }

    /// <summary>
    /// The rate for the epoch after <paramref name="epoch"/> (counted from 1), given that epoch's
    /// <paramref name="loss"/> (validation loss when there is a validation set, else training loss) and the
    /// <paramref name="currentRate"/>.
    /// </summary>
    public abstract double RateAfter(int epoch, double loss, double currentRate);

    /// <summary>What the schedule remembers between epochs, for a checkpoint; empty for most.</summary>
    public virtual double[] State
    {
        get => [];
        set { }
    }

    /// <summary>
    /// After each epoch of <paramref name="trainer"/>, sets its optimizer's rate to <see cref="RateAfter"/> of the
    /// validation loss (the training loss when there is none, or with <paramref name="monitorTrainingLoss"/>).
    /// </summary>
    public void Attach<T>(Trainer<T> trainer, bool monitorTrainingLoss = false) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        trainer.EpochEnded += record => trainer.Optimizer.LearningRate =
            RateAfter(record.Epoch, monitorTrainingLoss ? record.TrainLoss : record.ValidationLoss ?? record.TrainLoss, trainer.Optimizer.LearningRate);
    }
}

/// <summary>
/// The same rate every epoch: the optimizer's rate is left as it is, so a rate set by hand during training (the
/// playground's live learning rate) holds for the epochs after it.
/// </summary>
public sealed class ConstantRate(double initialRate) : LearningRateSchedule(initialRate)
{
    /// <inheritdoc />
    public override string Name => "constant";

    /// <inheritdoc />
    public override double RateAfter(int epoch, double loss, double currentRate) => currentRate;
}

/// <summary>A registered schedule: its name, a line of description, and how to make it.</summary>
/// <param name="Name">The name on the command line and in checkpoints.</param>
/// <param name="Description">One line: the rule.</param>
/// <param name="Create">Makes the schedule for an initial rate and an epoch budget.</param>
public sealed record ScheduleEntry(string Name, string Description, Func<double, int, LearningRateSchedule> Create) : IRegistryEntry
{
    IReadOnlyList<string> IRegistryEntry.Aliases => [];
}

/// <summary>The learning-rate schedules, by the names the command line and checkpoints use.</summary>
public static class LearningRateSchedules
{
    /// <summary>Every schedule, in the order help lists them.</summary>
    public static readonly Registry<ScheduleEntry> All = new("learning-rate schedule",
        new("constant", "the same rate every epoch", (rate, _) => new ConstantRate(rate)),
        new("step", $"× {StepDecay.DefaultFactor} every {StepDecay.DefaultEvery} epochs", (rate, _) => new StepDecay(rate)),
        new("cosine", "from the rate down to 0 along half a cosine over the epoch budget", (rate, epochs) => new CosineDecay(rate, epochs)),
        new("plateau", $"× {ReduceOnPlateau.DefaultFactor} after {ReduceOnPlateau.DefaultPatience} epochs without a better loss",
            (rate, _) => new ReduceOnPlateau(rate)));

    /// <summary>
    /// The schedule called <paramref name="name"/> over <paramref name="epochs"/> epochs, starting from the rate
    /// <paramref name="optimizer"/> has now (call it before a checkpoint restores a later rate).
    /// </summary>
    public static LearningRateSchedule Create<T>(string name, Optimizers.Optimizer<T> optimizer, int epochs) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        All.Get(name).Create(optimizer.LearningRate, epochs);
}
