using Backprop.Runs;
using System.CommandLine;
using System.Text.Json.Serialization;

namespace Backprop.Lessons.Xor;

/// <summary>
/// The lesson's options. The Go series gives no seed or learning rate for its XOR example; these defaults
/// (Xavier-uniform weights from NumPy seed 0, zero biases, η = 0.5, full batch) reach E &lt; 0.0001 for every
/// seed from 0 to 9 with 2 or 3 hidden units, in about 600 to 2,200 epochs.
/// </summary>
public sealed record XorOptions(int Hidden, uint Seed, double LearningRate, double TargetError, int MaxEpochs)
{
    /// <summary>The defaults described above.</summary>
    public XorOptions() : this(2, 0, 0.5, 0.0001, 50_000) { }

    /// <summary>The hidden layer's activation: sigmoid (the document's), tanh or relu.</summary>
    public string Activation { get; init; } = "sigmoid";

    /// <summary>The activations --activation accepts.</summary>
    public static readonly string[] Activations = ["sigmoid", "tanh", "relu"];
}

/// <summary>What both versions compute.</summary>
/// <param name="Hidden">The number of hidden units.</param>
/// <param name="Outputs">The trained network's answers for [0,0], [0,1], [1,0], [1,1].</param>
/// <param name="Epochs">How many full-batch epochs ran.</param>
/// <param name="FinalError">E = 1/(2n)·Σ(y − t)² of the last epoch, before its update.</param>
/// <param name="Errors">E of every epoch (for the picture).</param>
/// <param name="Predict">The trained network as a function of (x₁, x₂) (for the picture).</param>
public sealed record XorResult(int Hidden, double[] Outputs, int Epochs, double FinalError,
    [property: JsonIgnore] double[] Errors, [property: JsonIgnore] Func<double, double, double> Predict);

/// <summary>
/// The code example of part 2 of the Go series: a 2-2-1 network (2-3-1 with --hidden 3) with a sigmoid hidden
/// layer and a linear output learns XOR by backpropagation. Unlike the hand-worked step, the layers have biases:
/// without them the hidden units cannot separate [0, 0] from [1, 1].
/// </summary>
public sealed class XorLesson : Lesson<XorOptions>
{
    /// <summary>The four XOR inputs.</summary>
    public static readonly double[][] Inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];

    /// <summary>XOR of each input.</summary>
    public static readonly double[] Targets = [0, 1, 1, 0];

    /// <inheritdoc />
    public override string Name => "xor";

    /// <inheritdoc />
    public override string Summary => "A 2-2-1 sigmoid network learns XOR by backpropagation (Go series, part 2).";

    /// <summary>The trace's words; the weights are named after the layer and the units they join.</summary>
    public static TraceWords Words(int hidden) => new("y", "(y - t)/n", "E",
        [
            .. from i in Enumerable.Range(1, 2) from j in Enumerable.Range(1, hidden) select $"w_{i}{j} (ij)",
            .. Enumerable.Range(1, hidden).Select(j => $"b_{j} (hidden)"),
            .. Enumerable.Range(1, hidden).Select(j => $"w_{j} (jk)"),
            "b (output)",
        ], PythonFormat.Repr);

    /// <inheritdoc />
    protected override Func<ParseResult, XorOptions> AddOptions(Command command)
    {
        var d = new XorOptions();
        var hidden = command.AddOption("--hidden", "Hidden units", d.Hidden);
        var seed = command.AddOption("--seed", "NumPy-compatible seed for the starting weights", d.Seed);
        var rate = command.AddOption("--learning-rate", "The learning rate", d.LearningRate);
        var epochs = command.AddOption("--max-epochs", "Stop after this many epochs if E is still too big", d.MaxEpochs);
        var activation = command.AddOption("--activation", "The hidden activation: sigmoid, tanh or relu", d.Activation);
        return p => d with
        {
            Hidden = p.GetValue(hidden), Seed = p.GetValue(seed), LearningRate = p.GetValue(rate), MaxEpochs = p.GetValue(epochs),
            Activation = p.GetValue(activation)!.ToLowerInvariant(),
        };
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Run(XorOptions options, LessonSettings settings)
    {
        OptionChecks.AtLeastOne("--hidden", options.Hidden);
        OptionChecks.AtLeastOne("--max-epochs", options.MaxEpochs);
        if (!XorOptions.Activations.Contains(options.Activation))
            throw new BackpropException($"--activation must be one of {string.Join(", ", XorOptions.Activations)}, got '{options.Activation}'.");
        LessonMemory.CheckXorNetwork(options.Hidden);
        LessonMemory.CheckEpochs("--max-epochs", options.MaxEpochs);
        var result = RunAndShow(settings, Words(options.Hidden), trace => XorFromScratch.Train(options, trace),
            trace => XorWithLibrary.Train(options, trace), (r, output) => Print(r, options, output));
        return settings.PlotsFolder is null ? [] : XorPictures.Write(result, settings.PlotsFolder);
    }

    /// <summary>Prints the four answers, the number of epochs and the final error.</summary>
    public static void Print(XorResult r, XorOptions options, TextWriter output)
    {
        output.WriteLine($"2-{r.Hidden}-1 network, {options.Activation} hidden layer, linear output; seed {options.Seed}, learning rate {PythonFormat.Repr(options.LearningRate)}");
        bool converged = r.FinalError < options.TargetError;
        output.WriteLine(converged
            ? $"E = {PythonFormat.Repr(r.FinalError)} < {PythonFormat.Repr(options.TargetError)} after {r.Epochs} epochs"
            : $"E = {PythonFormat.Repr(r.FinalError)} after {r.Epochs} epochs: not yet below {PythonFormat.Repr(options.TargetError)} (try more --max-epochs or another --seed)");
        for (int p = 0; p < Inputs.Length; p++)
            output.WriteLine($"  {Inputs[p][0]} XOR {Inputs[p][1]} = {Targets[p]}: network says {PythonFormat.Repr(r.Outputs[p])}");
    }
}
