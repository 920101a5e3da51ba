namespace Backprop.Lessons.CrossEntropy;

/// <summary>
/// The lesson in plain C#: the softmax yᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m) (m = max x, which changes nothing but avoids
/// overflow), E = −ln y[class], its gradients, and Nielsen's neuron a = σ(w·x + b) trained by w ← w − η·∂C/∂w.
/// No library calls.
/// </summary>
public static class SoftmaxCrossEntropyFromScratch
{
    /// <summary>The step of the central differences.</summary>
    public const double Step = 1e-6;

    /// <summary>Computes the gradients and trains the neuron from both starts with both costs.</summary>
    public static SoftmaxCrossEntropyResult Run(SoftmaxCrossEntropyOptions options, (StepTrace? Quadratic, StepTrace? CrossEntropy) traces)
    {
        double[] x = options.Logits;
        int k = options.TargetClass, n = x.Length;
        double[] y = Softmax(x);
        double e = -Math.Log(y[k]);

        double[] t = new double[n], yMinusT = new double[n], dEdy = new double[n], full = new double[n], diagonal = new double[n], numeric = new double[n];
        t[k] = 1;
        for (int i = 0; i < n; i++)
        {
            yMinusT[i] = y[i] - t[i];
            dEdy[i] = t[i] == 0 ? 0 : -t[i] / y[i];   // ∂(−Σ t ln y)/∂yᵢ
        }
        // The full Jacobian ∂yᵢ/∂xⱼ = yᵢ(δᵢⱼ − yⱼ) gives ∂E/∂xⱼ = Σᵢ ∂E/∂yᵢ·yᵢ(δᵢⱼ − yⱼ) = yⱼ(∂E/∂yⱼ − Σᵢ ∂E/∂yᵢ·yᵢ).
        double dot = 0;
        for (int i = 0; i < n; i++) dot += dEdy[i] * y[i];
        for (int j = 0; j < n; j++)
        {
            full[j] = (dEdy[j] - dot) * y[j];
            diagonal[j] = y[j] * (1 - y[j]) * dEdy[j];   // part 3's f'(x) = f(x)(1 − f(x)): the diagonal term alone
        }
        double[] probe = (double[])x.Clone();
        for (int j = 0; j < n; j++)
        {
            probe[j] = x[j] + Step;
            double plus = -Math.Log(Softmax(probe)[k]);
            probe[j] = x[j] - Step;
            double minus = -Math.Log(Softmax(probe)[k]);
            probe[j] = x[j];
            numeric[j] = Math.Round((plus - minus) / (2 * Step), SoftmaxGradient.FiniteDifferenceDecimals);
        }

        var starts = SoftmaxCrossEntropyOptions.Starts.Select((s, i) => new SlowdownStart(s.W, s.B, Sigmoid(s.W + s.B),
            Train(s.W, s.B, false, options, i == 0 ? traces.Quadratic : null),
            Train(s.W, s.B, true, options, i == 0 ? traces.CrossEntropy : null))).ToArray();
        return new SoftmaxCrossEntropyResult(y, e, new SoftmaxGradient(x, k, yMinusT, full, diagonal, numeric), options.LearningRate, starts);
    }

    private static double[] Softmax(double[] x)
    {
        double max = x.Max(), sum = 0;
        double[] y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) sum += y[i] = Math.Exp(x[i] - max);
        for (int i = 0; i < x.Length; i++) y[i] /= sum;
        return y;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>
    /// Nielsen's neuron: input 1, target 0. The quadratic cost C = ½(a − y)² gives ∂C/∂z = (a − y)·σ'(z), which is tiny
    /// while a is near 1; the cross-entropy C = −[y ln a + (1 − y) ln(1 − a)] has ∂C/∂a = (a − y)/(a(1 − a)), whose
    /// denominator cancels σ'(z) = a(1 − a) and leaves ∂C/∂z = a − y.
    /// </summary>
    private static SlowdownRun Train(double w, double b, bool crossEntropy, SoftmaxCrossEntropyOptions options, StepTrace? trace)
    {
        const double input = 1, target = 0;
        double eta = options.LearningRate;
        var outputs = new List<double> { Sigmoid(w * input + b) };
        for (int step = 1; step <= options.Updates; step++)
        {
            double a = Sigmoid(w * input + b);
            double dCda = crossEntropy ? (a - target) / (a * (1 - a)) : a - target;
            double dCdz = crossEntropy ? a - target : dCda * (a * (1 - a));
            double dw = input * dCdz, db = dCdz;
            double[] before = [w, b];
            w -= eta * dw;
            b -= eta * db;
            double cost = crossEntropy ? -Math.Log(1 - a) : 0.5 * ((a - target) * (a - target));
            trace?.Write(new TracedStep(step, [a], [dCda], cost, eta, before, [dw, db], [w, b]));
            outputs.Add(Sigmoid(w * input + b));
        }
        int below = outputs.FindIndex(o => o < SoftmaxCrossEntropyOptions.Below);
        return new SlowdownRun(crossEntropy ? "cross-entropy" : "quadratic", [.. outputs], below < 0 ? null : below);
    }
}
