namespace Backprop.Lessons.GradientDescent;

/// <summary>One optimizer step: every weight's gradient, the optimizer's state after the step, and the weight before and after.</summary>
/// <param name="Step">The step, counted from 1.</param>
/// <param name="Error">E of the step's batch, before the update.</param>
/// <param name="Gradient">∂E/∂w for every weight.</param>
/// <param name="State">The optimizer's buffers after the step, by name: v for momentum (part 3's sign: w ← w − v); m, v, m_hat, v_hat for Adam.</param>
/// <param name="Before">The weights before the step.</param>
/// <param name="After">The weights after it.</param>
public sealed record OptimizerStep(long Step, double Error, double[] Gradient, IReadOnlyList<(string Name, double[] Values)> State, double[] Before, double[] After);

/// <summary>Prints the first steps of one run, one line per weight, to <see cref="GradientDescentLesson.Digits"/> significant digits.</summary>
public sealed class OptimizerTrace(TextWriter output, int maxSteps, string run)
{
    /// <summary>Whether step <paramref name="step"/> is printed; callers skip the copying otherwise.</summary>
    public bool Wants(long step) => step <= maxSteps;

    /// <summary>Prints one step if it is within the limit.</summary>
    public void Write(OptimizerStep s)
    {
        if (!Wants(s.Step)) return;
        static string F(double x) => PythonFormat.Significant(x, GradientDescentLesson.Digits);
        output.WriteLine($"{run}, step {s.Step}: E = {F(s.Error)}");
        var names = GradientDescentLesson.WeightNames;
        for (int i = 0; i < s.Gradient.Length; i++)
        {
            string state = string.Concat(s.State.Select(b => $", {b.Name} = {F(b.Values[i])}"));
            output.WriteLine($"    {names[i]}: g = {F(s.Gradient[i])}{state}, w {F(s.Before[i])} -> {F(s.After[i])}");
        }
        if (s.Step == maxSteps) output.WriteLine($"(trace stops after {maxSteps} steps; --trace-steps N shows more)");
    }
}
