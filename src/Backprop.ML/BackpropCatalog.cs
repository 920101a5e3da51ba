using Backprop.ML;

// In ML.NET's namespace, as its own trainer packages declare theirs, so that a pipeline needs no extra using.
namespace Microsoft.ML;

/// <summary>The Backprop trainers on ML.NET's catalogs: a multilayer perceptron trained with the Backprop library.</summary>
public static class BackpropCatalog
{
    /// <summary>A multilayer perceptron over a key-typed label: Score holds the class probabilities, PredictedLabel the most likely class.</summary>
    /// <param name="catalog">mlContext.MulticlassClassification.Trainers.</param>
    /// <param name="labelColumnName">The label column, a key (Transforms.Conversion.MapValueToKey makes one).</param>
    /// <param name="featureColumnName">The feature column, a known-size vector of Single.</param>
    public static BackpropTrainer Backprop(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = ColumnNames.Label, string featureColumnName = ColumnNames.Features) =>
        Backprop(catalog, new BackpropTrainer.Options { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>A multilayer perceptron over a key-typed label, with every setting of <paramref name="options"/>.</summary>
    public static BackpropTrainer Backprop(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, BackpropTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BackpropTrainer(BackpropTask.Multiclass, options);
    }

    /// <summary>A multilayer perceptron over a Boolean label: Score is the logit, Probability the chance of true, PredictedLabel the likelier answer.</summary>
    /// <param name="catalog">mlContext.BinaryClassification.Trainers.</param>
    /// <param name="labelColumnName">The label column, a Boolean.</param>
    /// <param name="featureColumnName">The feature column, a known-size vector of Single.</param>
    public static BackpropTrainer Backprop(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = ColumnNames.Label, string featureColumnName = ColumnNames.Features) =>
        Backprop(catalog, new BackpropTrainer.Options { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>A multilayer perceptron over a Boolean label, with every setting of <paramref name="options"/>.</summary>
    public static BackpropTrainer Backprop(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, BackpropTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BackpropTrainer(BackpropTask.Binary, options);
    }

    /// <summary>A multilayer perceptron over a Single label: Score is the prediction, in the label's units.</summary>
    /// <param name="catalog">mlContext.Regression.Trainers.</param>
    /// <param name="labelColumnName">The label column, a Single.</param>
    /// <param name="featureColumnName">The feature column, a known-size vector of Single.</param>
    public static BackpropTrainer Backprop(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = ColumnNames.Label, string featureColumnName = ColumnNames.Features) =>
        Backprop(catalog, new BackpropTrainer.Options { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>A multilayer perceptron over a Single label, with every setting of <paramref name="options"/>.</summary>
    public static BackpropTrainer Backprop(this RegressionCatalog.RegressionTrainers catalog, BackpropTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BackpropTrainer(BackpropTask.Regression, options);
    }
}
