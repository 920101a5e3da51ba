namespace Backprop.Training;

/// <summary>The loss became NaN or infinite: training stopped rather than go on with broken weights.</summary>
public sealed class TrainingDivergedException(int epoch, long step, double loss, double learningRate)
    : BackpropException($"Training diverged at epoch {epoch}, step {step}: the loss became {FormatLoss(loss)}. Try a smaller learning rate than {learningRate}.")
{
    /// <summary>The epoch, counted from 1.</summary>
    public int Epoch { get; } = epoch;

    /// <summary>The step within the run, counted from 1.</summary>
    public long Step { get; } = step;

    private static string FormatLoss(double loss) => double.IsNaN(loss) ? "NaN" : loss > 0 ? "infinite" : "-infinite";
}
