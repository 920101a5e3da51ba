using System.CommandLine;

namespace Backprop.Lessons.SingleWeight;

/// <summary>The lesson's options; the defaults are the document's: weight 1.0, input 5, goal 42, alpha 0.01, 20 epochs.</summary>
public sealed record SingleWeightOptions(double Input, double Goal, double Alpha, int Epochs)
{
    /// <summary>The document's settings.</summary>
    public SingleWeightOptions() : this(5, 42, 0.01, 20) { }
}

/// <summary>What both versions compute: the error of every epoch, the final weight and the final prediction.</summary>
/// <param name="Errors">error = delta² of each epoch, measured before that epoch's update.</param>
/// <param name="Weight">The weight after training.</param>
/// <param name="Prediction">input × weight after training.</param>
/// <param name="Weights">The weight before the first epoch and after each (for the picture).</param>
public sealed record SingleWeightResult(double[] Errors, double Weight, double Prediction, [property: System.Text.Json.Serialization.JsonIgnore] double[] Weights);

/// <summary>
/// Leo Gau's "most simple neural network" (Grokking Deep Learning, chapters 1–4): one weight learns to
/// turn 5 into 42. Prints the document's twenty "Error: …" lines in Python's float format.
/// </summary>
public sealed class SingleWeightLesson : Lesson<SingleWeightOptions>
{
    /// <summary>The starting weight the document chose by trial and error.</summary>
    public const double StartingWeight = 1.0;

    /// <summary>The document's words for the trace.</summary>
    public static readonly TraceWords Words = new("pred", "delta", "error", ["weight"], PythonFormat.Repr);

    /// <inheritdoc />
    public override string Name => "single-weight";

    /// <inheritdoc />
    public override string Summary => "One weight learns to output 42 for the input 5 (Leo Gau, Grokking Deep Learning ch. 1-4).";

    /// <inheritdoc />
    protected override Func<ParseResult, SingleWeightOptions> AddOptions(Command command)
    {
        var d = new SingleWeightOptions();
        var input = command.AddOption("--input", "The input", d.Input);
        var goal = command.AddOption("--goal", "The output to learn", d.Goal);
        var alpha = command.AddOption("--alpha", "The learning rate", d.Alpha);
        var epochs = command.AddOption("--epochs", "Training rounds", d.Epochs);
        return p => new SingleWeightOptions(p.GetValue(input), p.GetValue(goal), p.GetValue(alpha), p.GetValue(epochs));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Run(SingleWeightOptions options, LessonSettings settings)
    {
        if (options.Epochs < 0) throw new BackpropException($"--epochs must be zero or more, got {options.Epochs}.");
        // Each epoch keeps its error, the trainer's record of it and (for the picture) the weight after it.
        LessonMemory.CheckEpochs("--epochs", options.Epochs, bytesEach: LessonMemory.BytesPerEpoch + sizeof(double));
        var result = RunAndShow(settings, Words, trace => SingleWeightFromScratch.Train(options, trace),
            trace => SingleWeightWithLibrary.Train(options, trace), (r, output) => Print(r, options, output));
        return settings.PlotsFolder is null ? [] : SingleWeightPictures.Write(result, options, settings.PlotsFolder);
    }

    /// <summary>Prints the result the way the document's program does, then the final prediction.</summary>
    public static void Print(SingleWeightResult result, SingleWeightOptions options, TextWriter output)
    {
        foreach (double error in result.Errors) output.WriteLine("Error: " + PythonFormat.Repr(error));
        output.WriteLine($"Prediction for {PythonFormat.Repr(options.Input)} after {result.Errors.Length} epochs: " +
                         $"{PythonFormat.Repr(result.Prediction)} (goal {PythonFormat.Repr(options.Goal)}, weight {PythonFormat.Repr(result.Weight)})");
    }
}
