using Backprop.Layers;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Tests;

public class LayerGradientTests
{
    /// <summary>Every registered activation: a new one is checked here without a line of test code.</summary>
    public static TheoryData<string> ActivationNames => new(Activations.All.Names);

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Activation_InputGradientMatchesFiniteDifferences(string name)
    {
        var layer = Activations.Create<double>(name, alpha: 0.1);
        layer.Build(5, new NumPyRandomState(0));
        var x = GradientCheck.RandomMatrix(4, 5, 11);
        // Keep ReLU's inputs away from the kink at 0, where the derivative does not exist.
        for (int i = 0; i < x.Length; i++) if (Math.Abs(x.AsSpan()[i]) < 1e-3) x.AsSpan()[i] = 0.5;
        Assert.True(GradientCheck.LayerInputError(layer, x) < 1e-6);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Dense_InputGradientMatchesFiniteDifferences(bool bias)
    {
        var layer = new Dense<double>(3, bias, new Initializer.Normal());
        layer.Build(4, new NumPyRandomState(5));
        Assert.True(GradientCheck.LayerInputError(layer, GradientCheck.RandomMatrix(6, 4, 2)) < 1e-6);
    }
}
