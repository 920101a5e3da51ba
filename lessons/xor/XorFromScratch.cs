using Backprop.Random;

namespace Backprop.Lessons.Xor;

/// <summary>
/// Backpropagation through a 2-h-1 network in plain C#, in the Go series' notation: x_j = Σᵢ w_ij·xᵢ + b_j,
/// y_j = σ(x_j) (or tanh, ReLU), y_k = Σⱼ w_jk·y_j + b_k; E = 1/(2n)·Σ(y_k − t)²; δ_k = (y_k − t)/n, δ_j = f'(x_j)·w_jk·δ_k;
/// each weight moves by −η times the sum over the batch of δ(to)·y(from). NumPyRandomState plays the
/// random generator; no other library calls.
/// </summary>
public static class XorFromScratch
{
    /// <summary>Trains on the four XOR examples until E is small, and returns the answers.</summary>
    public static XorResult Train(XorOptions options, StepTrace? trace = null)
    {
        double[][] x = XorLesson.Inputs;
        double[] t = XorLesson.Targets;
        int n = x.Length, h = options.Hidden;
        double eta = options.LearningRate;

        // Xavier-uniform weights, U(−a, a) with a = √(6 / (fan-in + fan-out)), drawn layer by layer; biases start at 0.
        var random = new NumPyRandomState(options.Seed);
        double[,] wIJ = new double[2, h];
        double aIJ = Math.Sqrt(6.0 / (2 + h));
        for (int i = 0; i < 2; i++) for (int j = 0; j < h; j++) wIJ[i, j] = (aIJ + aIJ) * random.RandomSample() - aIJ;
        double[] bJ = new double[h];
        double[] wJK = new double[h];
        double aJK = Math.Sqrt(6.0 / (h + 1));
        for (int j = 0; j < h; j++) wJK[j] = (aJK + aJK) * random.RandomSample() - aJK;
        double bK = 0;

        var errors = new List<double>();
        while (errors.Count < options.MaxEpochs)
        {
            // forward pass over the whole batch
            double[,] yJ = new double[n, h];
            double[] yK = new double[n];
            for (int p = 0; p < n; p++) yK[p] = Forward(options.Activation, x[p], wIJ, bJ, wJK, bK, yJ, p);

            // error and output deltas
            double sum = 0;
            double[] deltaK = new double[n];
            for (int p = 0; p < n; p++)
            {
                double d = yK[p] - t[p];
                sum += d * d;
                deltaK[p] = d / n;
            }
            double e = 0.5 * sum / n;

            // backward pass: gradients of the output layer, then the hidden deltas and their gradients
            double[] gradWJK = new double[h], gradBJ = new double[h];
            double gradBK = 0;
            double[,] gradWIJ = new double[2, h];
            for (int p = 0; p < n; p++) gradBK += deltaK[p];
            for (int j = 0; j < h; j++)
            {
                for (int p = 0; p < n; p++)
                {
                    gradWJK[j] += yJ[p, j] * deltaK[p];
                    double deltaJ = deltaK[p] * wJK[j] * Derivative(options.Activation, yJ[p, j]);
                    gradBJ[j] += deltaJ;
                    for (int i = 0; i < 2; i++) gradWIJ[i, j] += x[p][i] * deltaJ;
                }
            }

            // update every weight and bias: w ← w − η·∂E/∂w
            double[] before = Flatten(wIJ, bJ, wJK, bK);
            for (int j = 0; j < h; j++)
            {
                for (int i = 0; i < 2; i++) wIJ[i, j] -= eta * gradWIJ[i, j];
                bJ[j] -= eta * gradBJ[j];
                wJK[j] -= eta * gradWJK[j];
            }
            bK -= eta * gradBK;
            errors.Add(e);
            if (trace?.Wants(errors.Count) == true)
                trace.Write(new TracedStep(errors.Count, yK, deltaK, e, eta, before, Flatten(gradWIJ, gradBJ, gradWJK, gradBK), Flatten(wIJ, bJ, wJK, bK)));
            if (e < options.TargetError) break;
        }

        var scratch = new double[1, h];
        double Predict(double x1, double x2) => Forward(options.Activation, [x1, x2], wIJ, bJ, wJK, bK, scratch, 0);
        double[] outputs = x.Select(row => Predict(row[0], row[1])).ToArray();
        return new XorResult(h, outputs, errors.Count, errors[^1], [.. errors], Predict);
    }

    /// <summary>y_k for one input; the hidden outputs y_j go into row <paramref name="row"/> of <paramref name="yJ"/>.</summary>
    private static double Forward(string activation, double[] x, double[,] wIJ, double[] bJ, double[] wJK, double bK, double[,] yJ, int row)
    {
        double yK = 0;
        for (int j = 0; j < wJK.Length; j++)
        {
            double xJ = 0;
            for (int i = 0; i < x.Length; i++) xJ += x[i] * wIJ[i, j];
            yJ[row, j] = Activate(activation, xJ + bJ[j]);
            yK += yJ[row, j] * wJK[j];
        }
        return yK + bK;
    }

    /// <summary>y_j = f(x_j): σ(x) = 1/(1 + e^(−x)), tanh x, or max(0, x).</summary>
    private static double Activate(string activation, double x) => activation switch
    {
        "tanh" => Math.Tanh(x),
        "relu" => Math.Max(0, x),
        _ => 1 / (1 + Math.Exp(-x)),
    };

    /// <summary>f'(x_j) from y_j = f(x_j): σ' = y(1 − y), tanh' = 1 − y², ReLU' = 1 where y &gt; 0, else 0.</summary>
    private static double Derivative(string activation, double y) => activation switch
    {
        "tanh" => 1 - y * y,
        "relu" => y > 0 ? 1 : 0,
        _ => y * (1 - y),
    };

    /// <summary>The trained numbers in the library's parameter order: w_ij row by row, b_j, w_jk, b_k.</summary>
    private static double[] Flatten(double[,] wIJ, double[] bJ, double[] wJK, double bK) =>
        [.. wIJ.Cast<double>(), .. bJ, .. wJK, bK];
}
