using Backprop.Plotting;

namespace Backprop.Lessons.Autograd;

/// <summary>The lesson's pictures: the neuron's graph (SVG, and DOT text beside it) and the MLP's loss curve.</summary>
public static class AutogradPictures
{
    /// <summary>
    /// Writes the pictures into <paramref name="folder"/> and returns their paths; the loss picture overlays the curve of
    /// the MLP trained with Value and with the library's layers.
    /// </summary>
    public static IReadOnlyList<string> Write(AutogradResult withValue, AutogradResult withLibrary, string folder)
    {
        var pictures = new Pictures(folder);
        var neuron = withValue.NeuronGraph;
        pictures.Save(ValueGraph.Chart(neuron, "o = tanh(x1*w1 + x2*w2 + b), each value's data and gradient do/dvalue"), "autograd-neuron");
        string dot = Path.Combine(folder, "autograd-neuron.dot");
        Serialization.AtomicFile.Write(dot, s => s.Write(System.Text.Encoding.UTF8.GetBytes(ValueGraph.Dot(neuron))));

        var losses = new LineChart("A tanh MLP learning XOR: the same curve both ways", "epoch", "E = 1/(2n) Σ (y − t)²") { LogY = true };
        double[] epochs = [.. Enumerable.Range(1, withValue.MlpLosses.Length).Select(i => (double)i)];
        losses.Add("trained with Value (autograd)", epochs, withValue.MlpLosses);
        // Dashed on top of the solid one: where they agree, both show.
        losses.Add("trained with Dense and Tanh layers (dashed)", epochs, withLibrary.MlpLosses, LineStyle.Dashed, 1);
        pictures.Save(losses, "autograd-mlp-loss");
        return [.. pictures.Paths, dot];
    }
}
