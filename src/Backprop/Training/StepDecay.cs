namespace Backprop.Training;

/// <summary>Step decay: η = η₀ · factor^⌊epoch / every⌋, so the rate drops by <see cref="Factor"/> every <see cref="Every"/> epochs.</summary>
public sealed class StepDecay : LearningRateSchedule
{
    /// <summary>The factor of <c>--lr-schedule step</c>.</summary>
    public const double DefaultFactor = 0.5;

    /// <summary>The epochs between drops of <c>--lr-schedule step</c>.</summary>
    public const int DefaultEvery = 10;

    /// <summary>Multiplies <paramref name="initialRate"/> by <paramref name="factor"/> every <paramref name="every"/> epochs.</summary>
    public StepDecay(double initialRate, int every = DefaultEvery, double factor = DefaultFactor) : base(initialRate)
    {
        if (every < 1) throw new BackpropException($"A step schedule needs at least one epoch between steps, got {every}.");
        if (!(factor > 0 && factor <= 1)) throw new BackpropException($"A step schedule's factor must be in (0, 1], got {factor}.");
        Every = every;
        Factor = factor;
    }

    /// <summary>Epochs between drops.</summary>
    public int Every { get; }

    /// <summary>What each drop multiplies the rate by.</summary>
    public double Factor { get; }

    /// <inheritdoc />
    public override string Name => "step";

    /// <inheritdoc />
    public override double RateAfter(int epoch, double loss, double currentRate) => InitialRate * Math.Pow(Factor, epoch / Every);
}
