namespace Backprop.Training;

/// <summary>How one gradient of one layer compared with central finite differences.</summary>
/// <param name="Layer">The layer's position in the network, counted from 1.</param>
/// <param name="LayerName">The layer's name, such as "Dense" or "Tanh".</param>
/// <param name="Quantity">What was differentiated: a parameter's name ("W", "b") or "input" for ∂E/∂(the layer's input).</param>
/// <param name="Rows">The rows of that quantity (inputs for W, samples for an input).</param>
/// <param name="Columns">Its columns.</param>
/// <param name="MaxRelativeError">The largest <see cref="GradientCheck.RelativeError"/> over its values.</param>
/// <param name="WorstRow">The row of the value with that error.</param>
/// <param name="WorstColumn">Its column.</param>
/// <param name="Analytic">The backpropagated derivative there.</param>
/// <param name="Numeric">The finite-difference derivative there.</param>
/// <param name="Kinks">Values left out because E has a kink there (a ReLU input at exactly 0), so no derivative to compare.</param>
public sealed record GradientCheckEntry(int Layer, string LayerName, string Quantity, int Rows, int Columns,
    double MaxRelativeError, int WorstRow, int WorstColumn, double Analytic, double Numeric, int Kinks = 0)
{
    /// <summary>"layer 3 (Tanh) input gradient" or "layer 1 (Dense) W": how a person finds this row.</summary>
    public string Where => Quantity == GradientCheck.InputQuantity
        ? $"layer {Layer} ({LayerName}) input gradient"
        : $"layer {Layer} ({LayerName}) {Quantity}";
}

/// <summary>Every checked gradient of a network, first layer first, and the tolerance they were held to.</summary>
/// <param name="Entries">One entry per parameter and per layer input checked.</param>
/// <param name="Tolerance">The largest relative error that passes.</param>
public sealed record GradientCheckReport(IReadOnlyList<GradientCheckEntry> Entries, double Tolerance)
{
    /// <summary>Whether every entry's largest relative error is within the tolerance.</summary>
    public bool Passed => Entries.All(e => e.MaxRelativeError <= Tolerance);

    /// <summary>The largest relative error of all.</summary>
    public double MaxRelativeError => Entries.Count == 0 ? 0 : Entries.Max(e => e.MaxRelativeError);

    /// <summary>
    /// The failing entry nearest the output, or null when all pass. A wrong derivative spoils every gradient that
    /// flows back through it, so the failure nearest the output is the layer at fault; those before it only inherit it.
    /// </summary>
    public GradientCheckEntry? Culprit => Entries.LastOrDefault(e => !(e.MaxRelativeError <= Tolerance));
}
