using System.Globalization;
using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>
/// The loss became NaN or infinite, or grew past <see cref="Trainer{T}.DivergenceFactor"/> times its starting value:
/// training stopped rather than go on with broken weights. The message names the epoch and the step, and suggests a
/// smaller learning rate only when nothing else explains it (inputs in the thousands of millions do).
/// </summary>
public sealed class TrainingDivergedException : BackpropException
{
    /// <summary>A diverged run whose likely cause is the learning rate.</summary>
    public TrainingDivergedException(int epoch, long step, double loss, double learningRate)
        : this(epoch, step, loss, null, null, SmallerRate(learningRate)) { }

    private TrainingDivergedException(int epoch, long step, double loss, double? factor, double? startingLoss, string cause)
        : base($"Training diverged at epoch {epoch}, step {step}: {What(loss, factor, startingLoss)}. {char.ToUpperInvariant(cause[0])}{cause[1..]}.")
    {
        Epoch = epoch;
        Step = step;
        (Loss, _factor, _startingLoss, _cause) = (loss, factor, startingLoss, cause);
    }

    private readonly double? _factor, _startingLoss;
    private readonly string _cause;

    /// <summary>The loss of the step that diverged, in the units the trainer computed it.</summary>
    public double Loss { get; }

    /// <summary>
    /// The same error with its losses multiplied by <paramref name="lossFactor"/>: a run that trains on a rescaled
    /// target (standard units) reports its losses in the target's own units, and so must this message.
    /// </summary>
    public TrainingDivergedException InUnits(double lossFactor) =>
        lossFactor == 1 ? this : new(Epoch, Step, Loss * lossFactor, _factor, _startingLoss * lossFactor, _cause);

    /// <summary>The epoch, counted from 1.</summary>
    public int Epoch { get; }

    /// <summary>The step within the run, counted from 1.</summary>
    public long Step { get; }

    /// <summary>Inputs beyond this size are a likelier cause of divergence than the learning rate.</summary>
    public const double LargeInput = 1e6;

    /// <summary>
    /// The error for a step whose <paramref name="loss"/> is non-finite or grew past <paramref name="factor"/> ×
    /// <paramref name="startingLoss"/>, given the batch's <paramref name="inputs"/> so that huge or broken inputs are
    /// named instead of the learning rate.
    /// </summary>
    internal static TrainingDivergedException For<T>(int epoch, long step, double loss, double? factor, double? startingLoss,
        double learningRate, Matrix<T> inputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double largest = 0;
        foreach (T v in inputs.AsSpan())
        {
            double a = Math.Abs(double.CreateChecked(v));
            if (!(a <= largest)) largest = a;   // NaN counts as largest
        }
        string cause = !double.IsFinite(largest)
            ? $"the batch's inputs hold {(double.IsNaN(largest) ? "NaN" : "infinite")} values; fix or rescale the data"
            : largest > LargeInput
                ? $"the batch's inputs reach {G(largest)}; rescale the data so its columns are near 1 (standard scaling), then train again"
                : SmallerRate(learningRate);
        return new TrainingDivergedException(epoch, step, loss, factor, startingLoss, cause);
    }

    private static string What(double loss, double? factor, double? startingLoss) =>
        double.IsFinite(loss) && factor is double f && startingLoss is double start
            ? $"the loss grew to {G(loss)}, more than {f.ToString("#,0.###", CultureInfo.InvariantCulture)} times its starting value of {G(start)}"
            : Became(loss);

    private static string Became(double loss) =>
        $"the loss became {(double.IsNaN(loss) ? "NaN" : loss > 0 ? "infinite" : "-infinite")}";

    private static string SmallerRate(double learningRate) =>
        $"try a smaller learning rate than {learningRate.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>3 significant digits, with an exponent only for very large or small numbers: 1.96, 6.1e+06.</summary>
    private static string G(double value) =>
        value != 0 && (Math.Abs(value) >= 1e5 || Math.Abs(value) < 1e-3)
            ? value.ToString("0.##e+0", CultureInfo.InvariantCulture)
            : Math.Abs(value) >= 100 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("G3", CultureInfo.InvariantCulture);
}
