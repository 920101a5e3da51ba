namespace Backprop.Lessons;

/// <summary>The words a document uses for the quantities of one training step, and how it prints numbers.</summary>
/// <param name="Prediction">What the document calls the network's answer ("pred", "output", "prediction").</param>
/// <param name="Delta">What it calls ∂E/∂prediction ("delta", "derror_dprediction").</param>
/// <param name="Error">What it calls the error it measures.</param>
/// <param name="Weights">A name for every trained number, in the order of the network's parameters.</param>
/// <param name="Format">How a number is printed (Python's repr for Python documents, NumPy's 8 decimals for NumPy's).</param>
public sealed record TraceWords(string Prediction, string Delta, string Error, IReadOnlyList<string> Weights, Func<double, string> Format);

/// <summary>
/// One training step as the trace prints it. Both versions of a lesson build this from their own
/// variables (the library version from the trainer's callbacks), and one printer prints it.
/// </summary>
/// <param name="Step">The step, counted from 1.</param>
/// <param name="Predictions">The network's answers for the step's samples.</param>
/// <param name="Deltas">∂E/∂prediction for each answer.</param>
/// <param name="Error">The error of the step, in the document's sense.</param>
/// <param name="LearningRate">The step size.</param>
/// <param name="Before">Every trained number before the update.</param>
/// <param name="Derivatives">∂E/∂(each trained number).</param>
/// <param name="After">Every trained number after the update.</param>
public sealed record TracedStep(long Step, double[] Predictions, double[] Deltas, double Error, double LearningRate,
    double[] Before, double[] Derivatives, double[] After);

/// <summary>Prints traced steps in a document's words, up to a limit.</summary>
public sealed class StepTrace(TextWriter output, int maxSteps, TraceWords words)
{
    /// <summary>The words and number format used.</summary>
    public TraceWords Words { get; } = words;

    /// <summary>Whether step <paramref name="step"/> (counted from 1) is printed; callers skip the copying otherwise.</summary>
    public bool Wants(long step) => step <= maxSteps;

    /// <summary>Prints one step, if it is within the limit; says once that the rest is left out.</summary>
    public void Write(TracedStep s)
    {
        if (!Wants(s.Step)) return;
        var f = Words.Format;
        output.WriteLine($"step {s.Step}: {Words.Prediction} = {List(s.Predictions)}, {Words.Delta} = {List(s.Deltas)}, {Words.Error} = {f(s.Error)}");
        for (int i = 0; i < s.Before.Length; i++)
        {
            string name = i < Words.Weights.Count ? Words.Weights[i] : $"w{i + 1}";
            output.WriteLine($"    {name}: derivative = {f(s.Derivatives[i])}, update {f(s.Before[i])} - {f(s.LearningRate)} * {f(s.Derivatives[i])} = {f(s.After[i])}");
        }
        if (s.Step == maxSteps) output.WriteLine($"(trace stops after {maxSteps} steps; --trace-steps N shows more)");
    }

    private string List(double[] values) =>
        values.Length == 1 ? Words.Format(values[0]) : "[" + string.Join(", ", values.Select(Words.Format)) + "]";
}
