namespace Backprop.Training;

/// <summary>How the trainer walks through the data in each epoch.</summary>
public abstract record BatchMode
{
    /// <summary>One step per epoch over every sample, in order (plain gradient descent).</summary>
    public sealed record FullBatch : BatchMode;

    /// <summary>
    /// One sample per step. With replacement, each step picks a random sample (np.random.randint, as the
    /// Real Python tutorial does) and an epoch is as many steps as there are samples; without, each epoch is a shuffled pass.
    /// </summary>
    public sealed record Stochastic(bool WithReplacement = false) : BatchMode;

    /// <summary>Batches of <paramref name="Size"/> samples from a pass shuffled every epoch; the last batch may be smaller.</summary>
    public sealed record MiniBatch(int Size) : BatchMode;

    /// <summary>The largest number of rows a step uses for <paramref name="count"/> samples.</summary>
    public int MaxRows(int count) => this switch
    {
        FullBatch => count,
        Stochastic => 1,
        MiniBatch m => Math.Min(m.Size, count),
        _ => throw new InvalidOperationException(),
    };
}
