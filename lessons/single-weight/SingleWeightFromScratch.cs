namespace Backprop.Lessons.SingleWeight;

/// <summary>
/// The document's SimpleNN, line for line, in plain C#: predict, measure, take the derivative, adjust.
/// No library calls.
/// </summary>
public static class SingleWeightFromScratch
{
    /// <summary>Trains the single weight and returns each epoch's error, the weight and the final prediction.</summary>
    public static SingleWeightResult Train(SingleWeightOptions options, StepTrace? trace = null)
    {
        double input = options.Input, goal = options.Goal, alpha = options.Alpha;
        double weight = SingleWeightLesson.StartingWeight;
        var errors = new double[options.Epochs];
        var weights = new double[options.Epochs + 1];
        weights[0] = weight;
        for (int i = 0; i < options.Epochs; i++)
        {
            double pred = input * weight;             // 1. the prediction
            double delta = pred - goal;               // 2. how much we are off by…
            double error = delta * delta;             //    …squared, so it is positive and big misses count most
            double derivative = delta * input;        // 3. how the error changes with the weight
            double before = weight;
            weight = weight - (alpha * derivative);   // 4. adjust the weight, throttled by alpha
            errors[i] = error;
            weights[i + 1] = weight;
            trace?.Write(new TracedStep(i + 1, [pred], [delta], error, alpha, [before], [derivative], [weight]));
        }
        return new SingleWeightResult(errors, weight, Predict(input, weight), weights);
    }

    /// <summary>The network's answer: input × weight.</summary>
    public static double Predict(double input, double weight) => input * weight;
}
