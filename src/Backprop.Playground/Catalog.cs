using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;

namespace Backprop.Playground;

/// <summary>What the page's menus offer, read from the registries and the data sources, so a name is written once.</summary>
public static class Catalog
{
    /// <summary>The 2-D sets the page lists (the images need more than a plane; upload a CSV for other data).</summary>
    private static readonly string[] OtherPlaneSets = ["circles", "moons", "spirals", "xor", "and", "or"];

    public static object Describe() => new
    {
        classification = PlaygroundData.ClassificationNames,
        regression = PlaygroundData.RegressionNames,
        other = OtherPlaneSets.Where(DataSources.Names.Contains),
        // Softmax spreads a row over the classes: an output's activation, not a hidden layer's.
        activations = Activations.All.Select(e => new { name = e.Name, description = e.Description, hidden = e.EachUnitAlone }),
        losses = Entries(Loss.All),
        optimizers = OptimizerFactory.All.Select(e => new { name = e.Name, description = e.Description, learningRate = e.DefaultLearningRate }),
        initializers = Entries(Initializers.All),
        batchModes = Entries(Backprop.Training.BatchModes.All),
        features = InputFeatures.All.Select(f => new { name = f.Name, label = f.Label, description = f.Description }),
        defaults = PageOptions.Defaults,
        speed = PlaygroundEngine.DefaultSpeed,
        maxUploadBytes = UploadedFile.MaxBytes,
    };

    private static IEnumerable<object> Entries<TEntry>(Registry<TEntry> registry) where TEntry : IRegistryEntry =>
        registry.Select(e => new { name = e.Name, description = e.Description });
}
