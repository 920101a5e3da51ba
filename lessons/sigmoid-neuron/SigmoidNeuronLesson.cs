using System.CommandLine;
using System.Globalization;

namespace Backprop.Lessons.SigmoidNeuron;

/// <summary>The lesson's options; the defaults are the documents': NumPy seed 1, 10,000 iterations, the new situation [1, 0, 0].</summary>
public sealed record SigmoidNeuronOptions(uint Seed, int Iterations, double[] Query)
{
    /// <summary>The documents' settings.</summary>
    public SigmoidNeuronOptions() : this(1, 10_000, [1, 0, 0]) { }
}

/// <summary>What both versions compute.</summary>
/// <param name="InitialWeights">The random starting weights, 2·random((3, 1)) − 1.</param>
/// <param name="UntrainedOutput">The untrained neuron's answer for the query.</param>
/// <param name="Weights">The weights after training.</param>
/// <param name="Output">The trained neuron's answer for the query.</param>
/// <param name="Path">The weights at the start and after each iteration, and E = ½Σ(output − target)² of each (for the pictures).</param>
public sealed record SigmoidNeuronResult(double[] InitialWeights, double UntrainedOutput, double[] Weights, double Output,
    [property: System.Text.Json.Serialization.JsonIgnore] SigmoidNeuronPath Path);

/// <summary>How training went, iteration by iteration.</summary>
/// <param name="Weights">Weights[j][i]: weight j + 1 after i iterations (i = 0 is the start).</param>
/// <param name="Errors">E = ½Σ(output − target)² over the training set, measured before each iteration's update.</param>
public sealed record SigmoidNeuronPath(double[][] Weights, double[] Errors)
{
    /// <summary>An empty path with room for <paramref name="iterations"/> iterations, starting at <paramref name="initial"/>.</summary>
    public static SigmoidNeuronPath Start(double[] initial, int iterations)
    {
        var path = new SigmoidNeuronPath([.. initial.Select(_ => new double[iterations + 1])], new double[iterations]);
        for (int j = 0; j < initial.Length; j++) path.Weights[j][0] = initial[j];
        return path;
    }

    /// <summary>Records iteration <paramref name="iteration"/> (from 1): its error and the weights after its update.</summary>
    public void Record(int iteration, double error, ReadOnlySpan<double> weights)
    {
        Errors[iteration - 1] = error;
        for (int j = 0; j < weights.Length; j++) Weights[j][iteration] = weights[j];
    }
}

/// <summary>
/// The "neural network in 9 lines of Python" (Milo Spencer-Harper, after Andrew Trask) and Allan MacGregor's
/// walk-through of it: one sigmoid neuron, three inputs, no bias, trained on four examples whose answer is the
/// first input, then asked about [1, 0, 0].
/// </summary>
public sealed class SigmoidNeuronLesson : Lesson<SigmoidNeuronOptions>
{
    /// <summary>The training set's inputs, one example per row.</summary>
    public static readonly double[][] TrainingSetInputs = [[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]];

    /// <summary>The training set's outputs: the leftmost input column.</summary>
    public static readonly double[] TrainingSetOutputs = [0, 1, 1, 0];

    /// <summary>The documents' words for the trace, in NumPy's print format.</summary>
    public static readonly TraceWords Words = new("output", "output - target", "E", ["w1", "w2", "w3"], NumPyFormat.Value);

    /// <inheritdoc />
    public override string Name => "sigmoid-neuron";

    /// <inheritdoc />
    public override string Summary => "One sigmoid neuron, three inputs, 10,000 full-batch steps (the 9-line NumPy network).";

    /// <inheritdoc />
    protected override Func<ParseResult, SigmoidNeuronOptions> AddOptions(Command command)
    {
        var d = new SigmoidNeuronOptions();
        var seed = command.AddOption("--seed", "NumPy seed for the starting weights", d.Seed);
        var iterations = command.AddOption("--iterations", "Training iterations", d.Iterations);
        var query = command.AddOption("--query", "The new situation to consider, three numbers", "1,0,0");
        return p => new SigmoidNeuronOptions(p.GetValue(seed), p.GetValue(iterations), ParseQuery(p.GetValue(query) ?? "1,0,0"));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Run(SigmoidNeuronOptions options, LessonSettings settings)
    {
        if (options.Iterations < 0) throw new BackpropException($"--iterations must be zero or more, got {options.Iterations}.");
        // Each iteration keeps its error, the trainer's record of it, and the three weights after it (for the pictures).
        LessonMemory.CheckEpochs("--iterations", options.Iterations, bytesEach: LessonMemory.BytesPerEpoch + 3 * sizeof(double));
        var result = RunAndShow(settings, Words, trace => SigmoidNeuronFromScratch.Train(options, trace),
            trace => SigmoidNeuronWithLibrary.Train(options, trace), (r, output) => Print(r, options, output));
        return settings.PlotsFolder is null ? [] : SigmoidNeuronPictures.Write(result, settings.PlotsFolder);
    }

    /// <summary>Prints the four results as the documents show them, NumPy-style.</summary>
    public static void Print(SigmoidNeuronResult r, SigmoidNeuronOptions options, TextWriter output)
    {
        string query = "[" + string.Join(", ", options.Query.Select(q => q.ToString(CultureInfo.InvariantCulture))) + "]";
        output.WriteLine("Random starting synaptic weights:");
        output.WriteLine(NumPyFormat.Column(r.InitialWeights));
        output.WriteLine($"Considering new situation {query} -> ? (before training):");
        output.WriteLine(NumPyFormat.Row([r.UntrainedOutput]));
        output.WriteLine($"New synaptic weights after training ({options.Iterations} iterations):");
        output.WriteLine(NumPyFormat.Column(r.Weights));
        output.WriteLine($"Considering new situation {query} -> ?:");
        output.WriteLine(NumPyFormat.Row([r.Output]));
    }

    /// <summary>Reads "1,0,0" into three numbers.</summary>
    public static double[] ParseQuery(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new BackpropException($"--query: '{parts[i]}' is not a number (expected three numbers such as 1,0,0).");
        if (values.Length != 3) throw new BackpropException($"--query needs three numbers such as 1,0,0, got {values.Length}.");
        if (Array.FindIndex(values, v => !double.IsFinite(v)) is var bad and >= 0)
            throw new BackpropException($"--query: '{parts[bad]}' is not a finite number (expected three numbers such as 1,0,0).");
        return values;
    }
}
