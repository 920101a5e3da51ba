using Backprop.Lessons.Xor;
using Backprop.Random;

namespace Backprop.Lessons.Autograd;

/// <summary>
/// The lesson with <see cref="Value"/> alone: the checks, and the MLP built from Values, one graph per epoch over the
/// four XOR examples, differentiated by <see cref="Value.Backward"/>. NumPyRandomState plays the random generator.
/// </summary>
public static class AutogradFromScratch
{
    /// <summary>Runs the checks and trains the MLP.</summary>
    public static AutogradResult Run(AutogradOptions options, StepTrace? trace = null) => Checks(Train(options, trace));

    /// <summary>The checks every version runs on <see cref="Value"/>, with the MLP's losses from either version.</summary>
    public static AutogradResult Checks(double[] mlpLosses)
    {
        var (a, b, g) = AutogradExamples.MicrogradExpression();
        g.Backward();
        var (a2, c) = AutogradExamples.SharedInput();
        c.Backward();
        double dcda = a2.Grad;
        c.NaiveRecursiveBackward();
        var neuron = DifferentiatedNeuron();
        var leaves = neuron.TopologicalOrder().Where(v => v.Op.Length == 0).ToDictionary(v => "do/d" + v.Label, v => v.Grad);
        return new AutogradResult(g.Data, a.Grad, b.Grad, dcda, a2.Grad, new Dictionary<string, double> { ["o"] = neuron.Data }.Concat(leaves).ToDictionary(),
            [.. mlpLosses.Select(e => PythonFormat.Round(e, AutogradOptions.Digits))]);
    }

    /// <summary>The neuron's output, after <see cref="Value.Backward"/>.</summary>
    public static Value DifferentiatedNeuron()
    {
        var o = AutogradExamples.Neuron();
        o.Backward();
        return o;
    }

    /// <summary>Trains the MLP, returning E of every epoch.</summary>
    internal static double[] Train(AutogradOptions options, StepTrace? trace)
    {
        int h = options.Hidden;
        var random = new NumPyRandomState(options.Seed);
        // Xavier-uniform weights U(−a, a), a = √(6 / (fan-in + fan-out)), drawn layer by layer; zero biases.
        var w1 = Xavier(2 * h, 2, h, random, "w1");
        var b1 = Enumerable.Range(0, h).Select(j => new Value(0, $"b1[{j}]")).ToArray();
        var w2 = Xavier(h, h, 1, random, "w2");
        var b2 = new Value(0, "b2");
        Value[] parameters = [.. w1, .. b1, .. w2, b2];   // the library's order: W₁ row by row, b₁, W₂, b₂

        var losses = new List<double>();
        double[][] x = XorLesson.Inputs;
        int n = x.Length;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var outputs = new Value[n];
            Value sum = 0;
            for (int p = 0; p < n; p++)
            {
                Value y = 0;
                for (int j = 0; j < h; j++)
                {
                    Value z = x[p][0] * w1[j] + x[p][1] * w1[h + j] + b1[j];
                    y = j == 0 ? z.Tanh() * w2[0] : y + z.Tanh() * w2[j];
                }
                outputs[p] = y + b2;
                var d = outputs[p] - XorLesson.Targets[p];
                sum = p == 0 ? d * d : sum + d * d;
            }
            var e = 0.5 * sum / n;
            e.Backward();
            double[] before = [.. parameters.Select(v => v.Data)];
            foreach (var v in parameters) v.Data -= options.LearningRate * v.Grad;
            losses.Add(e.Data);
            if (trace?.Wants(epoch) == true)
                trace.Write(new TracedStep(epoch, [.. outputs.Select(o => o.Data)], [.. outputs.Select(o => o.Grad)], e.Data, options.LearningRate,
                    before, [.. parameters.Select(v => v.Grad)], [.. parameters.Select(v => v.Data)]));
        }
        return [.. losses];
    }

    private static Value[] Xavier(int count, int fanIn, int fanOut, NumPyRandomState random, string name)
    {
        double a = Math.Sqrt(6.0 / (fanIn + fanOut));
        return Enumerable.Range(0, count).Select(i => new Value((a + a) * random.RandomSample() - a, $"{name}[{i}]")).ToArray();
    }
}
