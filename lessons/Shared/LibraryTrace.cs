using Backprop.Training;

namespace Backprop.Lessons;

/// <summary>
/// Feeds a <see cref="StepTrace"/> from a trainer's callbacks: the numbers come from what the library
/// computed (its output, output gradient, loss and parameter gradients), never from a second copy of the math.
/// </summary>
public static class LibraryTrace
{
    /// <summary>
    /// Chains onto the trainer's BeforeUpdate (to copy weights and gradients before the optimizer moves them)
    /// and AfterUpdate (to copy the new weights and print). <paramref name="error"/> turns the library's loss
    /// into the document's error where they differ by a constant (e.g. δ² = 2·½δ²). Does nothing without a trace.
    /// </summary>
    public static void Attach(Trainer<double> trainer, StepTrace? trace, Func<StepContext<double>, double> error)
    {
        if (trace is null) return;
        var parameters = trainer.Network.Parameters;
        int count = parameters.Sum(p => p.Value.Length);
        double[] before = new double[count], derivatives = new double[count];
        var earlierBefore = trainer.BeforeUpdate;
        var earlierAfter = trainer.AfterUpdate;
        trainer.BeforeUpdate = context =>
        {
            earlierBefore?.Invoke(context);
            if (!trace.Wants(context.Step)) return;
            Flatten(parameters.Select(p => p.Value), before);
            Flatten(parameters.Select(p => p.Gradient), derivatives);
        };
        trainer.AfterUpdate = context =>
        {
            earlierAfter?.Invoke(context);
            if (!trace.Wants(context.Step)) return;
            var after = new double[count];
            Flatten(parameters.Select(p => p.Value), after);
            trace.Write(new TracedStep(context.Step, context.Output.ToArray(), context.OutputGradient.ToArray(), error(context),
                trainer.Optimizer.LearningRate, (double[])before.Clone(), (double[])derivatives.Clone(), after));
        };
    }

    private static void Flatten(IEnumerable<Tensors.Matrix<double>> matrices, double[] destination)
    {
        int at = 0;
        foreach (var m in matrices)
        {
            m.AsSpan().CopyTo(destination.AsSpan(at));
            at += m.Length;
        }
    }
}
