namespace Backprop.Lessons.BackpropByHand;

/// <summary>
/// The document's hand calculation in plain C#: x_j = Σᵢ w_ij·xᵢ, y_j = σ(x_j), y_k = Σⱼ w_jk·y_j;
/// δ_k = y_k − t, ∂E/∂w_jk = δ_k·y_j, δ_j = σ'(x_j)·w_jk·δ_k, ∂E/∂w_ij = δ_j·xᵢ; then w ← w − η·∂E/∂w.
/// No library calls.
/// </summary>
public static class BackpropByHandFromScratch
{
    /// <summary>Takes the one step and returns every quantity.</summary>
    public static BackpropByHandResult Step(BackpropByHandOptions options, StepTrace? trace = null)
    {
        double[] x = options.Input;
        double t = options.Target, eta = options.LearningRate;
        double[,] wIJ = { { options.StartingWeight, options.StartingWeight }, { options.StartingWeight, options.StartingWeight } };
        double[] wJK = [options.StartingWeight, options.StartingWeight];

        // forward pass
        double[] xJ = new double[2], yJ = new double[2];
        for (int j = 0; j < 2; j++)
        {
            for (int i = 0; i < 2; i++) xJ[j] += wIJ[i, j] * x[i];
            yJ[j] = Sigmoid(xJ[j]);
        }
        double yK = Output(yJ, wJK);

        // backward pass: the output is linear, so its delta is just the difference
        double deltaK = yK - t;
        double[] gradWJK = new double[2], deltaJ = new double[2];
        double[,] gradWIJ = new double[2, 2];
        for (int j = 0; j < 2; j++)
        {
            gradWJK[j] = deltaK * yJ[j];
            // σ'(x_j) = y_j (1 − y_j), times the error sent back along w_jk
            deltaJ[j] = deltaK * wJK[j] * (yJ[j] * (1 - yJ[j]));
            for (int i = 0; i < 2; i++) gradWIJ[i, j] = deltaJ[j] * x[i];
        }

        // update
        double[] before = [.. Flat(wIJ), .. wJK];
        for (int j = 0; j < 2; j++)
        {
            wJK[j] = wJK[j] - eta * gradWJK[j];
            for (int i = 0; i < 2; i++) wIJ[i, j] = wIJ[i, j] - eta * gradWIJ[i, j];
        }
        trace?.Write(new TracedStep(1, [yK], [deltaK], 0.5 * (deltaK * deltaK), eta, before, [.. Flat(gradWIJ), .. gradWJK], [.. Flat(wIJ), .. wJK]));

        // forward again with the new weights
        double[] yJAfter = new double[2];
        for (int j = 0; j < 2; j++)
        {
            double sum = 0;
            for (int i = 0; i < 2; i++) sum += wIJ[i, j] * x[i];
            yJAfter[j] = Sigmoid(sum);
        }
        return new BackpropByHandResult(BackpropByHandResult.NetworkText, x, t, eta, BackpropByHandResult.LossText,
            xJ, yJ, [yK], [deltaK], gradWJK, deltaJ, Flat(gradWIJ), Flat(wIJ), wJK, [Output(yJAfter, wJK)],
            DocumentRoundedValues.Document);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Output(double[] yJ, double[] wJK) => yJ[0] * wJK[0] + yJ[1] * wJK[1];

    /// <summary>Row by row (input i, then hidden j), the order the reference file and the library use.</summary>
    private static double[] Flat(double[,] m) => [m[0, 0], m[0, 1], m[1, 0], m[1, 1]];
}
