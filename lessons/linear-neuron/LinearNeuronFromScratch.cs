using Backprop.Random;

namespace Backprop.Lessons.LinearNeuron;

/// <summary>
/// The Go series' simplest network in plain C#: y = x₁w₁ + x₂w₂, E = 1/(2n)·Σ(y − t)²,
/// ∂E/∂wᵢ = 1/n·Σ(y − t)·xᵢ, wᵢ ← wᵢ − η·∂E/∂wᵢ, until E is small. No library calls
/// (NumPyRandomState stands in for the random generator when --seed is given).
/// </summary>
public static class LinearNeuronFromScratch
{
    /// <summary>Runs the worked example and the training loop.</summary>
    public static LinearNeuronResult Train(LinearNeuronOptions options, StepTrace? trace = null)
    {
        var example = WorkedExample();
        double[][] x = LinearNeuronLesson.Inputs;
        double[] t = LinearNeuronLesson.Targets;
        int n = x.Length;
        double eta = options.LearningRate;
        double[] w = options.Seed is uint seed ? StartRandom(seed) : [1.0, 1.0];
        double[] initial = [.. w];
        var errors = new List<double>();
        while (errors.Count < options.MaxIterations)
        {
            // forward: the output is the sum of the inputs times their weights
            double[] y = new double[n];
            for (int p = 0; p < n; p++) y[p] = x[p][0] * w[0] + x[p][1] * w[1];
            // the error over all associations, and its slope δ = (y − t)/n for each
            double sum = 0;
            double[] delta = new double[n];
            for (int p = 0; p < n; p++)
            {
                double d = y[p] - t[p];
                sum += d * d;
                delta[p] = d / n;
            }
            double e = 0.5 * sum / n;
            // the gradient: ∂E/∂wᵢ = Σ δ·xᵢ, then a small step downhill
            double[] grad = new double[2], before = [.. w];
            for (int i = 0; i < 2; i++)
            {
                for (int p = 0; p < n; p++) grad[i] += x[p][i] * delta[p];
                w[i] = w[i] - eta * grad[i];
            }
            errors.Add(e);
            trace?.Write(new TracedStep(errors.Count, y, delta, e, eta, before, grad, [.. w]));
            if (e < options.TargetError) break;
        }
        double[] predictions = x.Select(row => row[0] * w[0] + row[1] * w[1]).ToArray();
        return new LinearNeuronResult(example, initial, [.. errors], errors.Count, w, predictions);
    }

    /// <summary>The theory section: inputs 0.2 and 0.4 with weights 1.0, target 0.5, then w₁ lowered to 0.5.</summary>
    public static WorkedExample WorkedExample()
    {
        double x1 = 0.2, x2 = 0.4, w1 = 1.0, w2 = 1.0, target = 0.5;
        double y = x1 * w1 + x2 * w2;
        double lowered = 0.5;
        return new WorkedExample([x1, x2], y, target, y - target, lowered, x1 * lowered + x2 * w2);
    }

    private static double[] StartRandom(uint seed)
    {
        var random = new NumPyRandomState(seed);
        return [random.RandomSample(), random.RandomSample()];
    }
}
