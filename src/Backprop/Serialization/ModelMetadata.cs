namespace Backprop.Serialization;

/// <summary>
/// What a model file stores besides the architecture and the weights: what is needed to use the model on
/// new data (the input rescaling and the class names) and what it was trained for. Every part is optional.
/// </summary>
/// <param name="Task">"classification" or "regression" (see <see cref="ModelTasks"/>).</param>
/// <param name="Loss">The loss it was trained with, by its command-line name, such as "softmax-crossentropy".</param>
/// <param name="Normalization">The input rescaling fitted on the training data.</param>
/// <param name="LabelNames">The class names, in the order of the output columns (for classifiers).</param>
/// <param name="InputFeatures">
/// The features of a two-column input the network was trained on (<see cref="Data.InputFeatures"/>: x1, x2, x1sq, …), in
/// input-column order; a new input (x₁, x₂) is turned into them before the normalisation. Null: the inputs as they are.
/// </param>
/// <param name="TargetScaling">
/// For a network trained on rescaled regression targets whose outputs are still in those units (a checkpoint's):
/// outputs map back as y·scale + offset. Loading such a file as a model folds this into the last layer, so a model
/// predicts in the target's own units; model files saved by <c>backprop train</c> are folded already and lack it.
/// </param>
public sealed record ModelMetadata(
    string? Task = null,
    string? Loss = null,
    Normalization? Normalization = null,
    string[]? LabelNames = null,
    string[]? InputFeatures = null,
    Data.TargetScaling? TargetScaling = null)
{
    /// <summary>No metadata at all.</summary>
    public static ModelMetadata None { get; } = new();
}

/// <summary>The values of <see cref="ModelMetadata.Task"/>.</summary>
public static class ModelTasks
{
    /// <summary>Each sample belongs to one class.</summary>
    public const string Classification = "classification";

    /// <summary>The targets are real numbers.</summary>
    public const string Regression = "regression";

    /// <summary>Both names.</summary>
    public static readonly string[] Names = [Classification, Regression];
}
