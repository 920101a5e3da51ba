namespace Backprop.Training;

/// <summary>How the trainer walks through the data in each epoch: how many samples a step takes, how many steps an epoch has, and whether the order is shuffled.</summary>
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

    /// <summary>The steps in an epoch over <paramref name="count"/> samples: one for the full batch, else enough batches of <see cref="MaxRows"/> to cover them all.</summary>
    public int StepsPerEpoch(int count) => this is FullBatch ? 1 : (count + MaxRows(count) - 1) / MaxRows(count);

    /// <summary>Whether each epoch walks a freshly shuffled order (mini-batches and stochastic without replacement); the full batch keeps the order and sampling draws each step at random.</summary>
    public bool Shuffles => this is MiniBatch or Stochastic { WithReplacement: false };
}

/// <summary>A registered batch mode: its name, what a step takes, and how to make it for a batch size.</summary>
/// <param name="Name">The name on the command line and the page.</param>
/// <param name="Description">One line: what a step takes.</param>
/// <param name="Create">Makes the mode for a batch size (which only mini-batches use).</param>
/// <param name="Aliases">Other names it answers to.</param>
public sealed record BatchModeEntry(string Name, string Description, Func<int, BatchMode> Create, string[]? Aliases = null) : IRegistryEntry
{
    IReadOnlyList<string> IRegistryEntry.Aliases => Aliases ?? [];
}

/// <summary>The batch modes, by the names the command line and the playground page use.</summary>
public static class BatchModes
{
    /// <summary>Every batch mode, in the order help lists them; the first is the default.</summary>
    public static readonly Registry<BatchModeEntry> All = new("batch mode",
        new("mini", "batches of the batch size from a pass shuffled every epoch", size => new BatchMode.MiniBatch(size), Aliases: ["mini-batch", "minibatch"]),
        new("full", "every sample in one step, in order", _ => new BatchMode.FullBatch(), Aliases: ["full-batch", "batch"]),
        new("stochastic", "one sample per step, from a pass shuffled every epoch", _ => new BatchMode.Stochastic(), Aliases: ["online"]),
        new("sampled", "one random sample per step, drawn with replacement", _ => new BatchMode.Stochastic(WithReplacement: true),
            Aliases: ["with-replacement"]));

    /// <summary>The batch mode used when none is named: mini-batches.</summary>
    public static BatchModeEntry Default => All[0];

    /// <summary>The batch mode called <paramref name="name"/> for batches of <paramref name="batchSize"/>; an unknown name is an error listing the valid ones.</summary>
    public static BatchMode Create(string name, int batchSize) => All.Get(name).Create(batchSize);
}
