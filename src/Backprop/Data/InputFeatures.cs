using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>A feature computed from a two-dimensional input (x₁, x₂), as TensorFlow Playground offers them.</summary>
/// <param name="Name">The name on the command line and in links: x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2.</param>
/// <param name="Label">How the page writes it: x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂.</param>
/// <param name="Description">One line for --help.</param>
/// <param name="Compute">The feature's value at (x₁, x₂).</param>
public sealed record InputFeature(string Name, string Label, string Description, Func<double, double, double> Compute) : IRegistryEntry
{
    /// <inheritdoc />
    public IReadOnlyList<string> Aliases => [];
}

/// <summary>
/// The input features of a two-dimensional data set: a network may see x₁², x₁x₂ or sin x₁ besides (or instead of) x₁
/// and x₂. Each feature is computed in double from the row's two values, then stored in the data set's type.
/// </summary>
public static class InputFeatures
{
    /// <summary>Every feature, in the order the page shows them.</summary>
    public static readonly Registry<InputFeature> All = new("input feature",
        new("x1", "x₁", "the first input", (a, _) => a),
        new("x2", "x₂", "the second input", (_, b) => b),
        new("x1sq", "x₁²", "the first input squared", (a, _) => a * a),
        new("x2sq", "x₂²", "the second input squared", (_, b) => b * b),
        new("x1x2", "x₁x₂", "the product of the two inputs", (a, b) => a * b),
        new("sinx1", "sin x₁", "the sine of the first input", (a, _) => Math.Sin(a)),
        new("sinx2", "sin x₂", "the sine of the second input", (_, b) => Math.Sin(b)));

    /// <summary>The features named in <paramref name="names"/>, checked: known, none twice, at least one.</summary>
    public static InputFeature[] Parse(IReadOnlyList<string> names)
    {
        if (names.Count == 0) throw new BackpropException($"Give at least one input feature: {All.List()}.");
        var features = names.Select(All.Get).ToArray();
        if (features.DistinctBy(f => f.Name).Count() != features.Length)
            throw new BackpropException($"An input feature is named twice in {string.Join(",", names)}; give each once.");
        return features;
    }

    /// <summary>A data set whose inputs are <paramref name="features"/> of <paramref name="data"/>'s two input columns (same targets and labels).</summary>
    public static InMemoryDataset<T> Apply<T>(Dataset<T> data, IReadOnlyList<InputFeature> features) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputSize != 2)
            throw new BackpropException($"Input features ({string.Join(",", features.Select(f => f.Name))}) need data with two input columns; this data has {data.InputSize}.");
        var (inputs, targets) = data.ToMatrices();
        return new InMemoryDataset<T>(Apply(inputs, features), targets.Clone()) { LabelNames = data.LabelNames };
    }

    /// <summary>The features of each row of <paramref name="inputs"/> (two columns), one column per feature.</summary>
    public static Matrix<T> Apply<T>(Matrix<T> inputs, IReadOnlyList<InputFeature> features) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Matrix<T>(inputs.Rows, features.Count);
        for (int r = 0; r < inputs.Rows; r++)
        {
            double a = double.CreateChecked(inputs[r, 0]), b = double.CreateChecked(inputs[r, 1]);
            for (int c = 0; c < features.Count; c++) result[r, c] = T.CreateChecked(features[c].Compute(a, b));
        }
        return result;
    }
}
