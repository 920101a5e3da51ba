using Backprop.Layers;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

public class FlattenTests
{
    [Fact]
    public void Flatten_PassesValuesAndGradients_AndEndsTheImageShape()
    {
        var network = new Network<double>(new ImageShape(2, 2, 3), [new Flatten<double>(), new Dense<double>(2)], new NumPyRandomState(1));
        var flatten = network.Layers[0];
        Assert.Null(flatten.OutputShape);
        Assert.Equal(12, flatten.OutputSize);
        var x = FiniteDifferences.RandomMatrix(2, 12, 1);
        Assert.Equal(x.ToArray(), flatten.Forward(x).ToArray());
        var g = FiniteDifferences.RandomMatrix(2, 12, 2);
        Assert.Equal(g.ToArray(), flatten.Backward(g).ToArray());
    }
}
