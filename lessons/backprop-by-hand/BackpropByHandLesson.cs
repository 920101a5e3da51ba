using System.CommandLine;

namespace Backprop.Lessons.BackpropByHand;

/// <summary>The step's settings: the document's input [1, 1], target 0.5, learning rate 0.01 and weights 0.5.</summary>
public sealed record BackpropByHandOptions(double[] Input, double Target, double LearningRate, double StartingWeight)
{
    /// <summary>The document's settings.</summary>
    public BackpropByHandOptions() : this([1, 1], 0.5, 0.01, 0.5) { }
}

/// <summary>The values the document rounds as it works the step by hand.</summary>
public sealed record DocumentRoundedValues(double Yj, double Yk, double DeltaK, double GradWJk, double DeltaJ, double GradWIj,
    double UpdatedWIj, double UpdatedWJk, double OutputAfterUpdate)
{
    /// <summary>The numbers as the document prints them.</summary>
    public static readonly DocumentRoundedValues Document = new(0.731, 0.731, 0.231, 0.168861, 0.0227, 0.0227, 0.499773, 0.49831139, 0.7285);
}

/// <summary>
/// Every quantity of one forward and backward pass, under the reference file's names. Weights are listed
/// input by input: w_ij as w₁₁, w₁₂, w₂₁, w₂₂ (from input i to hidden j), w_jk as w₁, w₂ (hidden j to the output).
/// </summary>
public sealed record BackpropByHandResult(string Network, double[] Input, double Target, double LearningRate, string Loss,
    double[] HiddenInputsXj, double[] HiddenOutputsYj, double[] OutputYk, double[] DeltaK, double[] GradWJk, double[] DeltaJ,
    double[] GradWIj, double[] UpdatedWIj, double[] UpdatedWJk, double[] OutputAfterUpdate, DocumentRoundedValues DocumentRoundedValues)
{
    /// <summary>The network, in the reference file's words.</summary>
    public const string NetworkText = "2-2-1, hidden sigmoid, output identity, no bias, all weights 0.5";

    /// <summary>The loss, in the reference file's words.</summary>
    public const string LossText = "E = 1/2 (y - t)^2";
}

/// <summary>
/// Part 2 of the Go series, worked by hand: a 2-2-1 network (sigmoid hidden layer, identity output, no bias,
/// every weight 0.5) takes one gradient step on input [1, 1] with target 0.5. Every quantity is printed in full
/// precision beside the document's rounded value.
/// </summary>
public sealed class BackpropByHandLesson : Lesson<BackpropByHandOptions>
{
    /// <summary>The document's words for the trace.</summary>
    public static readonly TraceWords Words = new("y_k", "delta_k", "E", ["w_11 (ij)", "w_12 (ij)", "w_21 (ij)", "w_22 (ij)", "w_1 (jk)", "w_2 (jk)"], PythonFormat.Repr);

    /// <inheritdoc />
    public override string Name => "backprop-by-hand";

    /// <inheritdoc />
    public override string Summary => "One backpropagation step through a 2-2-1 network, every number shown (Go series, part 2).";

    /// <inheritdoc />
    protected override Func<ParseResult, BackpropByHandOptions> AddOptions(Command command) => _ => new BackpropByHandOptions();

    /// <inheritdoc />
    public override IReadOnlyList<string> Run(BackpropByHandOptions options, LessonSettings settings)
    {
        RunAndShow(settings, Words, trace => BackpropByHandFromScratch.Step(options, trace),
            trace => BackpropByHandWithLibrary.Step(options, trace), Print);
        return settings.PlotsFolder is null ? [] : BackpropByHandWithLibrary.Pictures(options, settings.PlotsFolder);
    }

    /// <summary>Prints each quantity in full beside the document's rounded value.</summary>
    public static void Print(BackpropByHandResult r, TextWriter output)
    {
        var doc = r.DocumentRoundedValues;
        // Two lines and narrow columns: the whole table fits in 80 columns.
        output.WriteLine($"network {r.Network}");
        output.WriteLine($"input {PythonFormat.List(r.Input)}, target {PythonFormat.Repr(r.Target)}, " +
                         $"learning rate {PythonFormat.Repr(r.LearningRate)}, {r.Loss}");
        output.WriteLine($"{"quantity",-39}{"computed",-29}document");
        output.WriteLine("forward pass");
        Line(output, "x_j = sum_i w_ij x_i", r.HiddenInputsXj, null);
        Line(output, "y_j = sigmoid(x_j)", r.HiddenOutputsYj, doc.Yj);
        Line(output, "y_k = sum_j w_jk y_j", r.OutputYk, doc.Yk);
        output.WriteLine("backward pass");
        Line(output, "delta_k = y_k - t", r.DeltaK, doc.DeltaK);
        Line(output, "dE/dw_jk = delta_k y_j", r.GradWJk, doc.GradWJk);
        Line(output, "delta_j = sigmoid'(x_j) w_jk delta_k", r.DeltaJ, doc.DeltaJ);
        Line(output, "dE/dw_ij = delta_j x_i", r.GradWIj, doc.GradWIj);
        output.WriteLine("update (w <- w - eta dE/dw)");
        Line(output, "w_ij", r.UpdatedWIj, doc.UpdatedWIj);
        Line(output, "w_jk", r.UpdatedWJk, doc.UpdatedWJk);
        Line(output, "y_k after the update", r.OutputAfterUpdate, doc.OutputAfterUpdate);
    }

    private static void Line(TextWriter output, string name, double[] values, double? document)
    {
        // Every entry of these vectors is the same by symmetry; show one value and how many share it.
        string shown = values.All(v => v == values[0]) && values.Length > 1
            ? $"{PythonFormat.Repr(values[0])} (all {values.Length})"
            : PythonFormat.List(values);
        output.WriteLine($"  {name,-37}{shown,-29}{(document is double d ? PythonFormat.Repr(d) : "")}".TrimEnd());
    }
}
