namespace Backprop.Training;

/// <summary>
/// Cosine decay (Loshchilov and Hutter's SGDR without restarts): η = η₀ · ½(1 + cos(π · epoch / epochs)) for the
/// epoch after <c>epoch</c>, from η₀ down to 0 at the end of the budget.
/// </summary>
public sealed class CosineDecay : LearningRateSchedule
{
    /// <summary>Decays <paramref name="initialRate"/> over <paramref name="epochs"/> epochs.</summary>
    public CosineDecay(double initialRate, int epochs) : base(initialRate)
    {
        if (epochs < 1) throw new BackpropException($"A cosine schedule needs an epoch budget of at least 1, got {epochs}.");
        Epochs = epochs;
    }

    /// <summary>The epoch budget the rate decays over.</summary>
    public int Epochs { get; }

    /// <inheritdoc />
    public override string Name => "cosine";

    /// <inheritdoc />
    public override double RateAfter(int epoch, double loss, double currentRate)
    {
        double rate = InitialRate * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(epoch, Epochs) / Epochs));
        // The optimizer takes only positive rates; past the budget (which ends training anyway) keep a sliver.
        return Math.Max(rate, InitialRate * 1e-6);
    }
}
