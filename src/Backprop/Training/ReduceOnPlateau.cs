namespace Backprop.Training;

/// <summary>
/// Reduce on plateau (Keras's ReduceLROnPlateau, PyTorch's ReduceLROnPlateau): when the monitored loss has not
/// improved on its best for <see cref="Patience"/> epochs, multiply the rate by <see cref="Factor"/>, down to
/// <see cref="MinimumRate"/>. It remembers its best loss and the epochs waited (its <see cref="State"/>).
/// </summary>
public sealed class ReduceOnPlateau : LearningRateSchedule
{
    /// <summary>The factor of <c>--lr-schedule plateau</c>.</summary>
    public const double DefaultFactor = 0.5;

    /// <summary>The patience of <c>--lr-schedule plateau</c>.</summary>
    public const int DefaultPatience = 5;

    private double _best = double.PositiveInfinity;
    private int _wait;

    /// <summary>Multiplies the rate by <paramref name="factor"/> after <paramref name="patience"/> epochs without improvement.</summary>
    public ReduceOnPlateau(double initialRate, int patience = DefaultPatience, double factor = DefaultFactor, double minimumRate = 0) : base(initialRate)
    {
        if (patience < 1) throw new BackpropException($"A plateau schedule's patience must be at least 1, got {patience}.");
        if (!(factor > 0 && factor < 1)) throw new BackpropException($"A plateau schedule's factor must be in (0, 1), got {factor}.");
        Patience = patience;
        Factor = factor;
        MinimumRate = minimumRate > 0 ? minimumRate : initialRate * 1e-4;
    }

    /// <summary>Epochs without a better loss before the rate drops.</summary>
    public int Patience { get; }

    /// <summary>What each drop multiplies the rate by.</summary>
    public double Factor { get; }

    /// <summary>The rate never drops below this.</summary>
    public double MinimumRate { get; }

    /// <inheritdoc />
    public override string Name => "plateau";

    /// <inheritdoc />
    public override double RateAfter(int epoch, double loss, double currentRate)
    {
        if (loss < _best)
        {
            _best = loss;
            _wait = 0;
            return currentRate;
        }
        if (++_wait < Patience) return currentRate;
        _wait = 0;
        return Math.Max(currentRate * Factor, MinimumRate);
    }

    /// <summary>The best loss so far and the epochs waited since.</summary>
    public override double[] State
    {
        get => [_best, _wait];
        set
        {
            if (value is not [double best, double wait] || !(wait >= 0)) throw new BackpropException("A plateau schedule's state is its best loss and the epochs waited.");
            (_best, _wait) = (best, (int)wait);
        }
    }
}
