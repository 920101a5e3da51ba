using System.CommandLine;

namespace Backprop.Lessons.NeuronWithBias;

/// <summary>
/// The lesson's options; the defaults are the document's learning rate 0.01 and 1000 iterations. The document
/// seeds nothing; we seed NumPy's generator with 42 by default so that every run prints the same numbers.
/// </summary>
public sealed record NeuronWithBiasOptions(uint Seed, double LearningRate, int Iterations)
{
    /// <summary>The document's settings, with seed 42.</summary>
    public NeuronWithBiasOptions() : this(DefaultSeed, 0.01, 1000) { }

    /// <summary>The seed used when none is given (the document's runs are unseeded).</summary>
    public const uint DefaultSeed = 42;
}

/// <summary>What both versions compute.</summary>
/// <param name="Seed">The NumPy seed used.</param>
/// <param name="LearningRate">The step size.</param>
/// <param name="Iterations">The number of single-instance updates.</param>
/// <param name="InitialWeightsAndBias">w₁, w₂ and the bias as drawn by randn, in that order.</param>
/// <param name="CumulativeErrors">Σ over the 8 instances of (prediction − target)², after iterations 0, 100, 200, ….</param>
/// <param name="Weights">w₁ and w₂ after training.</param>
/// <param name="Bias">The bias after training.</param>
public sealed record NeuronWithBiasResult(uint Seed, double LearningRate, int Iterations, double[] InitialWeightsAndBias,
    double[] CumulativeErrors, double[] Weights, double Bias);

/// <summary>
/// Real Python's first neural network, as reproduced and discussed in "A Gentle, Minimalist introduction to
/// Machine Learning": two weights and a bias, a sigmoid, stochastic gradient descent on one random instance
/// per iteration, and the cumulative error over all 8 instances every 100 iterations.
/// </summary>
public sealed class NeuronWithBiasLesson : Lesson<NeuronWithBiasOptions>
{
    /// <summary>The document's 8 input vectors.</summary>
    public static readonly double[][] InputVectors = [[3, 1.5], [2, 1], [4, 1.5], [3, 4], [3.5, 0.5], [2, 0.5], [5.5, 1], [1, 1]];

    /// <summary>The document's targets.</summary>
    public static readonly double[] Targets = [0, 1, 0, 1, 0, 1, 1, 0];

    /// <summary>The cumulative error is measured every this many iterations.</summary>
    public const int RecordEvery = 100;

    /// <summary>The document's words for the trace.</summary>
    public static readonly TraceWords Words = new("prediction", "derror_dprediction", "error", ["weights[0]", "weights[1]", "bias"], PythonFormat.Repr);

    /// <inheritdoc />
    public override string Name => "neuron-with-bias";

    /// <inheritdoc />
    public override string Summary => "Two weights, a bias and a sigmoid, stochastic gradient descent on 8 points (Real Python).";

    /// <inheritdoc />
    protected override Func<ParseResult, NeuronWithBiasOptions> AddOptions(Command command)
    {
        var d = new NeuronWithBiasOptions();
        var seed = command.AddOption("--seed", "NumPy-compatible seed; the document's runs are unseeded", d.Seed);
        var rate = command.AddOption("--learning-rate", "The learning rate", d.LearningRate);
        var iterations = command.AddOption("--iterations", "Training iterations", d.Iterations);
        return p => new NeuronWithBiasOptions(p.GetValue(seed), p.GetValue(rate), p.GetValue(iterations));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Run(NeuronWithBiasOptions options, LessonSettings settings)
    {
        if (options.Iterations < 0) throw new BackpropException($"--iterations must be zero or more, got {options.Iterations}.");
        // With pictures, a second run of three times the iterations follows (see below).
        LessonMemory.CheckEpochs("--iterations", options.Iterations, runs: settings.PlotsFolder is null ? 1 : 4);
        var result = RunAndShow(settings, Words, trace => Train(options, true, trace), trace => Train(options, false, trace), Print);
        if (settings.PlotsFolder is null) return [];
        // The commentary's comparison: a tenth of the learning rate, three times the iterations.
        var slower = Train(options with { LearningRate = options.LearningRate / 10, Iterations = options.Iterations * 3 }, settings.FromScratch, null);
        return NeuronWithBiasPictures.Write(result, slower, settings.PlotsFolder);
    }

    /// <summary>Trains with the chosen version.</summary>
    public static NeuronWithBiasResult Train(NeuronWithBiasOptions options, bool fromScratch, StepTrace? trace = null) =>
        fromScratch ? NeuronWithBiasFromScratch.Train(options, trace) : NeuronWithBiasWithLibrary.Train(options, trace);

    /// <summary>Prints the starting parameters, the cumulative errors and the learned parameters.</summary>
    public static void Print(NeuronWithBiasResult r, TextWriter output)
    {
        output.WriteLine($"seed {r.Seed}, learning rate {PythonFormat.Repr(r.LearningRate)}, {r.Iterations} iterations");
        output.WriteLine($"weights and bias drawn with randn: {PythonFormat.List(r.InitialWeightsAndBias)}");
        output.WriteLine($"cumulative error over all 8 instances, every {RecordEvery} iterations:");
        for (int i = 0; i < r.CumulativeErrors.Length; i++)
            output.WriteLine($"  iteration {i * RecordEvery,6}: {PythonFormat.Repr(r.CumulativeErrors[i])}");
        output.WriteLine($"learned weights {PythonFormat.List(r.Weights)}, bias {PythonFormat.Repr(r.Bias)}");
    }

    /// <summary>The trained neuron's prediction σ(x·w + b), for the decision-region picture.</summary>
    public static double Predict(NeuronWithBiasResult r, double x1, double x2) => 1 / (1 + Math.Exp(-(x1 * r.Weights[0] + x2 * r.Weights[1] + r.Bias)));
}
