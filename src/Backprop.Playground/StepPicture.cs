using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Backprop.Plotting;

namespace Backprop.Playground;

/// <summary>
/// A <see cref="StepExplanation"/> drawn as the network with the step's numbers on it, one stage at a time: the forward
/// pass (each neuron's x and y), the output's δ, the hidden layers' δ, each link's ∂E/∂w, and the update (each link's
/// new weight). Numbers show four significant digits; hovering shows them in full. The backprop view and the
/// backprop-by-hand lesson's pictures are both drawn here.
/// </summary>
public static class StepPicture
{
    /// <summary>The stages, in order.</summary>
    public static IReadOnlyList<string> Stages { get; } = ["forward pass", "output δ", "hidden δ", "gradients", "update"];

    /// <summary>Stage <paramref name="stage"/> (0 to 4) of <paramref name="step"/> as a picture.</summary>
    public static NetworkChart Draw(StepExplanation step, int stage)
    {
        if (stage < 0 || stage >= Stages.Count)
            throw new BackpropException($"There is no stage {stage} of the backprop picture; the stages are 0 to {Stages.Count - 1} ({string.Join(", ", Stages)}).");
        var chart = new NetworkChart($"Stage {stage + 1} of {Stages.Count}: {Stages[stage]}");
        chart.Notes.Add($"{step.Title}: input [{string.Join(", ", step.Input.Select(Short))}], target t = {TargetText(step)}, {step.Loss} loss");
        chart.Notes.Add(Note(step, stage));

        var layers = step.Layers;
        int inputs = chart.AddColumn(layers.Length > 0 ? $"inputs {layers[0].From}" : "inputs");
        var input = layers.Length > 0 ? layers[0].Inputs : step.Input;
        for (int a = 0; a < input.Length; a++)
        {
            string name = a < step.InputNames.Length ? step.InputNames[a] : $"x{a + 1}";
            chart.AddNeuron(inputs, name, new(Short(input[a]), $"{name} = {Full(input[a])}"));
        }
        for (int l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            bool output = l == layers.Length - 1;
            int deltaStage = output ? 1 : 2;
            int column = chart.AddColumn($"{(output ? "output" : "hidden")} {layer.To} · {layer.Activation.ToLowerInvariant()}");
            for (int b = 0; b < layer.Outputs.Length; b++)
            {
                string unit = Unit(layer.To, b, layer.Outputs.Length);
                var lines = new List<NetworkLabel> { new($"x = {Short(layer.Sums[b])}", $"x = Σ w·y{(layer.Bias is null ? "" : " + b")} = {Full(layer.Sums[b])}", stage == 0) };
                if (layer.Bias is { } bias) lines.Add(BiasLine(layer, b, bias, stage));
                lines.Add(stage < deltaStage ? new("") : new($"δ = {Short(layer.Deltas[b])}", $"δ = ∂E/∂x = {Full(layer.Deltas[b])}", stage == deltaStage));
                chart.AddNeuron(column, unit, new(Short(layer.Outputs[b]), $"y = {Full(layer.Outputs[b])}", stage == 0), [.. lines]);
            }
            for (int a = 0; a < layer.Weights.Length; a++)
                for (int b = 0; b < layer.Weights[a].Length; b++)
                {
                    double w = layer.Weights[a][b], g = layer.Gradients[a][b], after = layer.After.Length > a ? layer.After[a][b] : double.NaN;
                    string link = $"w_{layer.From}{layer.To} from {(l == 0 && a < step.InputNames.Length ? step.InputNames[a] : Unit(layer.From, a, layer.Weights.Length))} to {Unit(layer.To, b, layer.Outputs.Length)}";
                    var (value, label) = stage switch
                    {
                        < 3 => (w, new NetworkLabel($"w {Short(w)}", $"{link} = {Full(w)}")),
                        3 => (g, new NetworkLabel($"∂E/∂w {Short(g)}", $"∂E/∂{link} = δ·y = {Full(g)}", Fresh: true)),
                        _ => (after, new NetworkLabel($"w {Short(w)} → {Short(after)}", $"{link}: {Full(w)} → {Full(after)} (∂E/∂w = {Full(g)})", Fresh: true)),
                    };
                    chart.AddLink(column - 1, a, b, value, label);
                }
        }
        return chart;
    }

    /// <summary>Stage <paramref name="stage"/> of the explanation in <paramref name="json"/> (as the page's engine writes it) as SVG text.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Backprop.Web roots this assembly: the records read here keep their members.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The WebAssembly build is not AOT-compiled.")]
    public static string Draw(string json, int stage)
    {
        StepExplanation? step;
        try { step = JsonSerializer.Deserialize<StepExplanation>(json, PlaygroundEngine.JsonOptions); }
        catch (JsonException e) { throw new BackpropException($"The step to draw is not an explained step as the engine writes it: {e.Message.Split('\n')[0]}"); }
        if (step is null || step.Layers is null || step.Input is null || step.InputNames is null)
            throw new BackpropException("The step to draw is not an explained step as the engine writes it: it has no layers or no input.");
        return Draw(step, stage).ToSvg();
    }

    /// <summary>
    /// What the page's entry point answers for stage <paramref name="stage"/> of the explained step in
    /// <paramref name="json"/>: the stage, the stages' names and the SVG, as JSON (written here, in the assembly the
    /// WebAssembly build keeps whole, so reflection finds the object's members).
    /// </summary>
    public static string Page(string json, int stage) => PlaygroundEngine.Json(new { stage, stages = Stages, svg = Draw(json, stage) });

    /// <summary>Four significant digits, with an exponent only for very large or small numbers: 0.7311, 0.02271, 8.541e-6.</summary>
    public static string Short(double value) =>
        value == 0 || !double.IsFinite(value) || (Math.Abs(value) >= 1e-4 && Math.Abs(value) < 1e4)
            ? value.ToString("G4", CultureInfo.InvariantCulture)
            : value.ToString("0.###e+0", CultureInfo.InvariantCulture);

    /// <summary>Every digit: the shortest text that reads back as the same double.</summary>
    public static string Full(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The target, with its class when the step is a classification's: "class 1 ([0, 1])".</summary>
    public static string TargetText(StepExplanation step)
    {
        string values = step.Target.Length == 1 ? Short(step.Target[0]) : $"[{string.Join(", ", step.Target.Select(Short))}]";
        return step.TargetClass is { } name ? $"class {name} ({values})" : values;
    }

    private static NetworkLabel BiasLine(ExplainedLayer layer, int b, double[] bias, int stage) => stage switch
    {
        < 3 => new($"b = {Short(bias[b])}", $"b = {Full(bias[b])}"),
        3 => new($"∂E/∂b = {Short(layer.BiasGradients![b])}", $"∂E/∂b = δ = {Full(layer.BiasGradients![b])}", Fresh: true),
        _ => new($"b′ = {Short(layer.BiasAfter![b])}", $"b: {Full(bias[b])} → {Full(layer.BiasAfter![b])}", Fresh: true),
    };

    /// <summary>A unit's name: its layer's letter with the unit's number (j₁, j₂), or the letter alone for a layer of one.</summary>
    private static string Unit(string letter, int index, int count) =>
        count == 1 ? letter : letter + string.Concat((index + 1).ToString(CultureInfo.InvariantCulture).Select(d => (char)('₀' + (d - '0'))));

    /// <summary>What the stage computes, in the lessons' notation.</summary>
    private static string Note(StepExplanation step, int stage)
    {
        var layers = step.Layers;
        string last = layers.Length > 0 ? layers[^1].To : "k", hidden = layers.Length > 1 ? layers[^2].To : "j";
        return stage switch
        {
            0 => "Each neuron sums its weighted inputs, x = Σ w·y (+ b), and passes on y = f(x); left to right.",
            1 => $"At the output, δ_{last} = ∂E/∂x_{last}: how the error E = {Short(step.Error)} changes with the output neuron's sum.",
            2 => layers.Length > 1
                ? $"Right to left: δ_{hidden} = f′(x_{hidden})·Σ_{last} w_{hidden}{last}·δ_{last}, each hidden neuron's share of the error."
                : "There is no hidden layer: the output's δ is the only one.",
            3 => "On every link, ∂E/∂w = δ of the neuron it feeds × y of the neuron it leaves (∂E/∂b = δ).",
            _ => step.Optimizer == "sgd"
                ? $"Every weight steps against its gradient: w′ = w − η·∂E/∂w with η = {Short(step.LearningRate)}."
                : $"Every weight takes the {step.Optimizer} optimizer's step with η = {Short(step.LearningRate)}.",
        };
    }
}
