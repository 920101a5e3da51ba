using Backprop.Lessons.Xor;
using Backprop.Random;

namespace Backprop.Lessons.GradientDescent;

/// <summary>
/// Part 3's training loop in plain C#, with the three optimizers written out as the document writes them:
/// SGD w ← w − ε·g; momentum v ← γv + ε·g, w ← w − v; Adam m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²,
/// m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), w ← w − ε·m̂/(√v̂ + θ). NumPyRandomState plays the random generator.
/// </summary>
public static class GradientDescentFromScratch
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Theta = 1e-8;

    /// <summary>Trains one configuration from the seeded start until E ≤ the target or the epoch limit.</summary>
    public static RunOutcome Train(GradientDescentOptions options, RunSpec spec, OptimizerTrace? trace)
    {
        double[][] x = XorLesson.Inputs;
        double[] t = XorLesson.Targets;
        var random = new NumPyRandomState(options.Seed);
        // w[0..3] = w_ij row by row, w[4..5] = b_j, w[6..7] = w_jk, w[8] = b_k: weights and biases N(0, 1)/√fan-in,
        // both layers having 2 inputs, drawn in that order.
        double[] w = new double[9];
        double scale = Math.Sqrt(1.0 / 2);
        for (int i = 0; i < w.Length; i++) w[i] = scale * random.StandardNormal();

        double[] v = new double[9], m = new double[9], s = new double[9], g = new double[9];
        int[] order = [0, 1, 2, 3];
        var errors = new List<double>();
        double[] firstBefore = [], firstGradient = [], firstAfter = [];
        long step = 0;
        while (errors.Count < options.MaxEpochs)
        {
            random.Shuffle<int>(order);
            for (int start = 0; start < order.Length; start += spec.BatchSize)
            {
                int[] batch = order[start..Math.Min(order.Length, start + spec.BatchSize)];
                double error = Gradient(w, batch, x, t, g);
                double[] before = (double[])w.Clone();
                step++;
                var state = Update(spec, w, g, v, m, s, step);
                if (step == 1) (firstBefore, firstGradient, firstAfter) = (before, (double[])g.Clone(), (double[])w.Clone());
                if (trace?.Wants(step) == true) trace.Write(new OptimizerStep(step, error, (double[])g.Clone(), state, before, (double[])w.Clone()));
            }
            double e = 0;
            for (int p = 0; p < x.Length; p++) { double d = Forward(w, x[p], null) - t[p]; e += d * d; }
            errors.Add(0.5 * e / x.Length);
            if (errors[^1] <= options.TargetError) break;
        }
        return new RunOutcome([.. errors], [.. x.Select(row => Forward(w, row, null))], firstBefore, firstGradient, firstAfter);
    }

    /// <summary>Applies one step of the run's optimizer; returns its state for the trace (part 3's signs).</summary>
    private static (string, double[])[] Update(RunSpec spec, double[] w, double[] g, double[] v, double[] m, double[] s, long t)
    {
        double eta = spec.LearningRate;
        switch (spec.Optimizer)
        {
            case "sgd":
                for (int i = 0; i < w.Length; i++) w[i] -= eta * g[i];
                return [];
            case "momentum":
                for (int i = 0; i < w.Length; i++)
                {
                    v[i] = 0.9 * v[i] + eta * g[i];   // the velocity: γv + ε∇E
                    w[i] -= v[i];
                }
                return [("v", (double[])v.Clone())];
            default:
                double[] mHat = new double[w.Length], sHat = new double[w.Length];
                for (int i = 0; i < w.Length; i++)
                {
                    m[i] = Beta1 * m[i] + (1 - Beta1) * g[i];          // mean of the gradients
                    s[i] = Beta2 * s[i] + (1 - Beta2) * g[i] * g[i];   // uncentred variance
                    mHat[i] = m[i] / (1 - Math.Pow(Beta1, t));         // bias corrections: both start at 0
                    sHat[i] = s[i] / (1 - Math.Pow(Beta2, t));
                    w[i] -= eta * mHat[i] / (Math.Sqrt(sHat[i]) + Theta);
                }
                return [("m", (double[])m.Clone()), ("v", (double[])s.Clone()), ("m_hat", mHat), ("v_hat", sHat)];
        }
    }

    /// <summary>
    /// ∂E/∂w for E = 1/(2B)·Σ over the batch of (y − t)², into <paramref name="g"/>; returns E. δ_k = (y_k − t)/B,
    /// δ_j = σ'(x_j)·w_jk·δ_k, and each weight's derivative sums δ(to)·y(from) over the batch.
    /// </summary>
    private static double Gradient(double[] w, int[] batch, double[][] x, double[] t, double[] g)
    {
        Array.Clear(g);
        int n = batch.Length;
        double[,] hidden = new double[n, 2];
        double[] delta = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++)
        {
            double d = Forward(w, x[batch[r]], hidden, r) - t[batch[r]];
            sum += d * d;
            delta[r] = d / n;
        }
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < 2; j++) g[6 + j] += hidden[r, j] * delta[r];
            g[8] += delta[r];
        }
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < 2; j++)
            {
                double deltaJ = delta[r] * w[6 + j] * (hidden[r, j] * (1 - hidden[r, j]));
                for (int i = 0; i < 2; i++) g[i * 2 + j] += x[batch[r]][i] * deltaJ;
                g[4 + j] += deltaJ;
            }
        }
        return 0.5 * sum / n;
    }

    /// <summary>y_k for one input; the hidden outputs go into row <paramref name="row"/> of <paramref name="hidden"/> when given.</summary>
    private static double Forward(double[] w, double[] x, double[,]? hidden, int row = 0)
    {
        double y = 0;
        for (int j = 0; j < 2; j++)
        {
            double z = x[0] * w[j] + x[1] * w[2 + j] + w[4 + j];
            double h = 1 / (1 + Math.Exp(-z));
            if (hidden is not null) hidden[row, j] = h;
            y += h * w[6 + j];
        }
        return y + w[8];
    }
}
