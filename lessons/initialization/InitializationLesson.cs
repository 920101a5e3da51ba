using Backprop.Runs;
using System.CommandLine;
using Backprop.Training;

namespace Backprop.Lessons.Initialization;

/// <summary>The lesson's options: the document's 1000 inputs and 10,000 seeded draws; Nielsen's 784-30-30-30-30-10 sigmoid network.</summary>
public sealed record InitializationOptions(int Draws, uint Seed, string Data, int Samples)
{
    /// <summary>10,000 draws from seed 0; the gradients measured on the first 1,000 Fashion-MNIST training images.</summary>
    public InitializationOptions() : this(10_000, 0, "fashion-mnist", 1000) { }

    /// <summary>The unit's inputs: 1000, half of them 1 and half 0.</summary>
    public const int Inputs = 1000;

    /// <summary>The hidden layers' width, and how many there are.</summary>
    public static readonly int[] Hidden = [30, 30, 30, 30];

    /// <summary>σ(z) is saturated (below 0.01 or above 0.99, where σ' &lt; 0.0099) when |z| exceeds ln 99.</summary>
    public static readonly double SaturatedBeyond = Math.Log(99);

    /// <summary>Significant digits printed where the two versions sum in different orders.</summary>
    public const int Digits = 6;
}

/// <summary>The spread of a unit's weighted input z under one way of drawing its weights.</summary>
/// <param name="Weights">How the weights are drawn.</param>
/// <param name="Bias">How the bias is drawn, or "none".</param>
/// <param name="Formula">The standard deviation the document gives, as a formula.</param>
/// <param name="Exact">Its value.</param>
/// <param name="Sampled">The standard deviation of z over the draws.</param>
/// <param name="Draws">How many units were drawn.</param>
/// <param name="SaturatedShare">The share of draws whose σ(z) is below 0.01 or above 0.99.</param>
public sealed record SpreadOfZ(string Weights, string Bias, string Formula, double Exact, double Sampled, int Draws, double SaturatedShare)
{
    /// <summary>|sampled − exact| / exact.</summary>
    public double RelativeDifference => Math.Abs(Sampled - Exact) / Exact;
}

/// <summary>The size of one Dense layer's gradients at the start of training.</summary>
/// <param name="Layer">The Dense layer, counted from the input (1 to 5).</param>
/// <param name="Shape">Its weights' shape, "784x30".</param>
/// <param name="Weights">‖∂E/∂W‖, the Frobenius norm.</param>
/// <param name="Biases">‖∂E/∂b‖, Nielsen's "speed of learning" of the layer.</param>
public sealed record LayerGradientNorm(int Layer, string Shape, double Weights, double Biases);

/// <summary>What both versions compute.</summary>
public sealed record InitializationResult(SpreadOfZ StdN01, SpreadOfZ StdScaled, string Data, int Samples, LayerGradientNorm[] LayerGradientNorms);

/// <summary>
/// Part 3's "better weight initialisation" (after Nielsen, ch. 3): with N(0, 1) weights and bias a unit with 500 inputs
/// at 1 has a weighted input of standard deviation √501 (the Go series writes √500, leaving the bias out) and its sigmoid
/// is nearly always saturated; with N(0, 1/n) weights and an N(0, 1) bias it is √1.5. Then the vanishing gradient, measured: even so, a 4-hidden-layer sigmoid network's
/// first layer starts with far smaller gradients than its last.
/// </summary>
public sealed class InitializationLesson : Lesson<InitializationOptions>
{
    /// <inheritdoc />
    public override string Name => "initialization";

    /// <inheritdoc />
    public override string Summary => "Why N(0,1/n) weights: sqrt(501) against sqrt(1.5), saturated sigmoids, and the vanishing gradient measured (Go part 3, Nielsen ch. 3).";

    /// <inheritdoc />
    protected override InitializationOptions TourOptions => new InitializationOptions() with { Draws = 2_000 };

    /// <inheritdoc />
    protected override Func<ParseResult, InitializationOptions> AddOptions(Command command)
    {
        var d = new InitializationOptions();
        var draws = command.AddOption("--draws", "Units drawn to measure each standard deviation", d.Draws);
        var seed = command.AddOption("--seed", "NumPy-compatible seed", d.Seed);
        var data = command.AddOption("--data", "Images for the gradient norms: fashion-mnist, mnist, or random (uniform pixels, random labels; needs no data set)", d.Data);
        var samples = command.AddOption("--samples", "Images in the batch whose gradients are measured", d.Samples);
        return p => new InitializationOptions(p.GetValue(draws), p.GetValue(seed), p.GetValue(data)!, p.GetValue(samples));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Run(InitializationOptions options, LessonSettings settings)
    {
        if (options.Draws < 2) throw new BackpropException($"--draws must be at least 2, got {options.Draws}.");
        OptionChecks.AtLeastOne("--samples", options.Samples);
        LessonMemory.Check("--draws", options.Draws, MemoryLimit.Bytes(options.Draws, 2 * sizeof(double)), "the weighted input of every draw, for both kinds of weights");
        var batch = InitializationBatch.Load(options);
        // The trace shows the first draws' weighted inputs (there are no training steps here).
        Action<string, int, double>? trace = settings.Trace
            ? (weights, draw, z) => { if (draw < settings.TraceSteps) settings.TraceOutput.WriteLine($"draw {draw + 1}, weights {weights}: z = {PythonFormat.Significant(z, InitializationOptions.Digits)}"); }
            : null;
        var result = settings.FromScratch ? InitializationFromScratch.Run(options, batch, trace) : InitializationWithLibrary.Run(options, batch, trace);
        Show(settings, result, Print);
        return settings.PlotsFolder is null ? [] : InitializationPictures.Write(result, settings.PlotsFolder);
    }

    /// <summary>Prints the two spreads, the saturated shares and the gradient norms.</summary>
    public static void Print(InitializationResult r, TextWriter output)
    {
        output.WriteLine($"One unit with {InitializationOptions.Inputs} inputs, half of them 1: the weighted input z = sum w_i x_i + b over {r.StdN01.Draws:N0} seeded draws");
        foreach (var s in new[] { r.StdN01, r.StdScaled })
            output.WriteLine($"  weights {s.Weights}, bias {s.Bias}: std of z = {s.Formula} = {PythonFormat.Repr(s.Exact)}; sampled " +
                             $"{PythonFormat.Significant(s.Sampled, InitializationOptions.Digits)} ({s.RelativeDifference:P2} off); " +
                             $"sigmoid saturated (below 0.01 or above 0.99) in {s.SaturatedShare:P2} of draws");
        if (r.StdN01.Draws != new InitializationOptions().Draws)
            output.WriteLine($"  (a short run: the lesson draws {new InitializationOptions().Draws:N0} units; 'backprop lesson initialization' does)");
        output.WriteLine("  (Nielsen's setup: both units have an N(0,1) bias. The Go series' sqrt(500) = 22.36 leaves it out: 0.1 % less, the same saturation.)");
        output.WriteLine($"Gradients at the start of training: 784-30-30-30-30-10, sigmoid hidden layers, softmax cross-entropy, " +
                         $"weights N(0,1/n), zero biases, on {r.Samples:N0} {r.Data} images:");
        output.WriteLine($"  {"layer",-8}{"weights",-10}{"|dE/dW|",-14}{"|dE/db|",-14}");
        foreach (var l in r.LayerGradientNorms)
            output.WriteLine($"  {l.Layer,-8}{l.Shape,-10}{PythonFormat.Repr(l.Weights),-14}{PythonFormat.Repr(l.Biases),-14}");
        var first = r.LayerGradientNorms[0];
        var last = r.LayerGradientNorms[^2];
        output.WriteLine($"  The first hidden layer's biases learn {last.Biases / first.Biases:F0} times slower than the last hidden layer's: " +
                         "each sigmoid multiplies the gradient by at most 0.25 on its way back.");
    }
}
