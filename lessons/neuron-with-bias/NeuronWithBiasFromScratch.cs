using Backprop.Random;

namespace Backprop.Lessons.NeuronWithBias;

/// <summary>
/// The document's NeuralNetwork class in plain C#, with its variable names: predict, _compute_gradients,
/// _update_parameters and train. NumPyRandomState plays numpy.random (randn, randint); no other library calls.
/// </summary>
public static class NeuronWithBiasFromScratch
{
    /// <summary>Draws the parameters, trains, and returns what the document's train() returns and more.</summary>
    public static NeuronWithBiasResult Train(NeuronWithBiasOptions options, StepTrace? trace = null)
    {
        var random = new NumPyRandomState(options.Seed);
        double[] weights = [random.StandardNormal(), random.StandardNormal()];
        double bias = random.StandardNormal();
        double[] initial = [weights[0], weights[1], bias];
        double learningRate = options.LearningRate;
        double[][] inputVectors = NeuronWithBiasLesson.InputVectors;
        double[] targets = NeuronWithBiasLesson.Targets;

        var cumulativeErrors = new List<double>();
        for (int currentIteration = 0; currentIteration < options.Iterations; currentIteration++)
        {
            // Pick a data instance at random
            int randomDataIndex = (int)random.RandInt(inputVectors.Length);
            double[] inputVector = inputVectors[randomDataIndex];
            double target = targets[randomDataIndex];

            // _compute_gradients: the chain rule, one factor per layer
            double layer1 = Dot(inputVector, weights) + bias;
            double prediction = Sigmoid(layer1);
            double derrorDprediction = 2 * (prediction - target);
            double dpredictionDlayer1 = SigmoidDeriv(prediction);
            const double dlayer1Dbias = 1;
            double derrorDbias = derrorDprediction * dpredictionDlayer1 * dlayer1Dbias;
            double[] derrorDweights = [derrorDprediction * dpredictionDlayer1 * inputVector[0], derrorDprediction * dpredictionDlayer1 * inputVector[1]];

            // _update_parameters
            double[] before = [weights[0], weights[1], bias];
            bias = bias - (derrorDbias * learningRate);
            weights = [weights[0] - (derrorDweights[0] * learningRate), weights[1] - (derrorDweights[1] * learningRate)];
            trace?.Write(new TracedStep(currentIteration + 1, [prediction], [derrorDprediction], (prediction - target) * (prediction - target),
                learningRate, before, [derrorDweights[0], derrorDweights[1], derrorDbias], [weights[0], weights[1], bias]));

            // Measure the cumulative error for all the instances
            if (currentIteration % NeuronWithBiasLesson.RecordEvery == 0)
            {
                double cumulativeError = 0;
                for (int dataInstanceIndex = 0; dataInstanceIndex < inputVectors.Length; dataInstanceIndex++)
                {
                    double p = Sigmoid(Dot(inputVectors[dataInstanceIndex], weights) + bias);
                    double error = (p - targets[dataInstanceIndex]) * (p - targets[dataInstanceIndex]);
                    cumulativeError = cumulativeError + error;
                }
                cumulativeErrors.Add(cumulativeError);
            }
        }
        return new NeuronWithBiasResult(options.Seed, learningRate, options.Iterations, initial, [.. cumulativeErrors], weights, bias);
    }

    private static double Dot(double[] a, double[] b) => a[0] * b[0] + a[1] * b[1];

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>σ'(x) written with σ(x) already in hand (the document recomputes σ(layer_1); the value is the same).</summary>
    private static double SigmoidDeriv(double sigmoidOfX) => sigmoidOfX * (1 - sigmoidOfX);
}
