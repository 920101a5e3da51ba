using Backprop.Runs;
using System.CommandLine;
using System.Globalization;

namespace Backprop.Lessons.LinearNeuron;

/// <summary>The lesson's options; the defaults are the document's: weights 1.0, learning rate 0.1, stop when E &lt; 0.0001.</summary>
/// <param name="Seed">When set, the weights start random in [0, 1) from NumPy's generator with this seed.</param>
/// <param name="Every">Print every k-th error.</param>
/// <param name="LearningRate">The step size η.</param>
/// <param name="TargetError">Training stops after the first iteration whose E is below this.</param>
/// <param name="MaxIterations">Training also stops after this many iterations.</param>
public sealed record LinearNeuronOptions(uint? Seed, int Every, double LearningRate, double TargetError, int MaxIterations)
{
    /// <summary>The document's settings.</summary>
    public LinearNeuronOptions() : this(null, 1, 0.1, 0.0001, 100_000) { }
}

/// <summary>The worked example of the theory section: y = x₁w₁ + x₂w₂ with both weights 1.0.</summary>
/// <param name="Inputs">x₁ = 0.2 and x₂ = 0.4.</param>
/// <param name="Output">y with both weights 1.0 (0.6).</param>
/// <param name="Target">The expected output, 0.5.</param>
/// <param name="Difference">y − target (0.1).</param>
/// <param name="LoweredW1">The smaller w₁ that fixes it, 0.5.</param>
/// <param name="OutputWithLoweredW1">y with w₁ = 0.5 (0.5).</param>
public sealed record WorkedExample(double[] Inputs, double Output, double Target, double Difference, double LoweredW1, double OutputWithLoweredW1);

/// <summary>What both versions compute.</summary>
/// <param name="WorkedExample">The theory section's example.</param>
/// <param name="InitialWeights">w₁ and w₂ before training.</param>
/// <param name="Errors">E = 1/(2n)·Σ(y − t)² of every iteration, before its update.</param>
/// <param name="Iterations">How many iterations ran.</param>
/// <param name="Weights">w₁ and w₂ after training.</param>
/// <param name="Predictions">The outputs for [1, 1] and [1, 0] after training: ≈0 and ≈1.</param>
public sealed record LinearNeuronResult(WorkedExample WorkedExample, double[] InitialWeights, double[] Errors, int Iterations, double[] Weights, double[] Predictions);

/// <summary>
/// Part 1 of the Go series, "the simplest artificial neural network": two inputs, two weights, no bias,
/// the output is the weighted sum. First the worked example, then gradient descent on [1,1] → 0, [1,0] → 1.
/// </summary>
public sealed class LinearNeuronLesson : Lesson<LinearNeuronOptions>
{
    /// <summary>The training inputs of the code example.</summary>
    public static readonly double[][] Inputs = [[1, 1], [1, 0]];

    /// <summary>The expected outputs: ~0 for two 1s, ~1 for a 1 and a 0.</summary>
    public static readonly double[] Targets = [0, 1];

    /// <summary>The document's words for the trace.</summary>
    public static readonly TraceWords Words = new("y", "(y - t)/n", "E", ["w1", "w2"], PythonFormat.Repr);

    /// <inheritdoc />
    public override string Name => "linear-neuron";

    /// <inheritdoc />
    public override string Summary => "Two inputs, two weights, no bias, linear output, gradient descent (Go series, part 1).";

    /// <summary>The tour prints every 20th of the ~200 errors (and the last), to keep the tour short.</summary>
    protected override LinearNeuronOptions TourOptions => new() { Every = 20 };

    /// <inheritdoc />
    protected override Func<ParseResult, LinearNeuronOptions> AddOptions(Command command)
    {
        var d = new LinearNeuronOptions();
        var seed = new Option<uint?>("--seed") { Description = "Start from random weights in [0, 1) drawn with this NumPy-compatible seed (default: both 1.0)." };
        command.Options.Add(seed);
        var every = command.AddOption("--every", "Print every k-th error", d.Every);
        var rate = command.AddOption("--learning-rate", "The learning rate", d.LearningRate);
        return p => d with { Seed = p.GetValue(seed), Every = p.GetValue(every), LearningRate = p.GetValue(rate) };
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Run(LinearNeuronOptions options, LessonSettings settings)
    {
        OptionChecks.AtLeastOne("--every", options.Every);
        var result = RunAndShow(settings, Words, trace => LinearNeuronFromScratch.Train(options, trace),
            trace => LinearNeuronWithLibrary.Train(options, trace), (r, output) => Print(r, options, output));
        return settings.PlotsFolder is null ? [] : LinearNeuronPictures.Write(result, settings.PlotsFolder);
    }

    /// <summary>Prints the worked example, every k-th error, the iteration count and the two predictions.</summary>
    public static void Print(LinearNeuronResult r, LinearNeuronOptions options, TextWriter output)
    {
        var ex = r.WorkedExample;
        output.WriteLine("Worked example (values rounded to 10 digits):");
        output.WriteLine($"  y = x1*w1 + x2*w2 = {Short(ex.Inputs[0])}*1.0 + {Short(ex.Inputs[1])}*1.0 = {Short(ex.Output)}");
        output.WriteLine($"  expected {Short(ex.Target)}: a difference of y - t = {Short(ex.Difference)}");
        output.WriteLine($"  lowering w1 to {Short(ex.LoweredW1)} gives y = {Short(ex.OutputWithLoweredW1)}");
        output.WriteLine();
        output.WriteLine($"Gradient descent on [1,1] -> 0 and [1,0] -> 1, learning rate {PythonFormat.Repr(options.LearningRate)}, " +
                         $"starting weights {PythonFormat.List(r.InitialWeights)}" + (options.Seed is uint s ? $" (seed {s})" : ""));
        for (int i = 0; i < r.Errors.Length; i++)
            if (i % options.Every == 0 || i == r.Errors.Length - 1)
                output.WriteLine($"iteration {i + 1}: E = {PythonFormat.Repr(r.Errors[i])}");
        output.WriteLine($"E < {PythonFormat.Repr(options.TargetError)} after {r.Iterations} iterations; weights {PythonFormat.List(r.Weights)}");
        output.WriteLine($"[1, 1] -> {PythonFormat.Repr(r.Predictions[0])} (about 0)");
        output.WriteLine($"[1, 0] -> {PythonFormat.Repr(r.Predictions[1])} (about 1)");
    }

    /// <summary>The document rounds its example to a digit; 10 significant digits hide 0.2 + 0.4 = 0.6000000000000001.</summary>
    private static string Short(double x) => x.ToString("0.##########", CultureInfo.InvariantCulture);
}
