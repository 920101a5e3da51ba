namespace Backprop.Lessons.Autograd;

/// <summary>The expressions the lesson differentiates with <see cref="Value"/>, the same in both versions.</summary>
public static class AutogradExamples
{
    /// <summary>
    /// micrograd's README example (a = −4, b = 2 there): returns a, b and g, with g's graph built and not yet differentiated.
    /// </summary>
    public static (Value A, Value B, Value G) MicrogradExpression(double aData = -4.0, double bData = 2.0)
    {
        Value a = new(aData, "a"), b = new(bData, "b");
        var c = a + b;
        var d = a * b + b.Pow(3);
        c += c + 1;
        c += 1 + c + (-a);
        d += d * 2 + (b + a).ReLU();
        d += 3 * d + (b - a).ReLU();
        var e = c - d;
        var f = e.Pow(2);
        var g = f / 2.0;
        g += 10.0 / f;
        return (a, b, g);
    }

    /// <summary>a = 1, b = a + a, c = b + b: a reaches c along four paths, so ∂c/∂a = 4.</summary>
    public static (Value A, Value C) SharedInput()
    {
        Value a = new(1.0, "a");
        var b = a + a;
        b.Label = "b";
        var c = b + b;
        c.Label = "c";
        return (a, c);
    }

    /// <summary>
    /// One tanh neuron, o = tanh(x₁w₁ + x₂w₂ + b), with numbers chosen so that x₁w₁ + x₂w₂ + b = ln(1 + √2) and o = 1/√2
    /// (the example of Karpathy's micrograd lecture): small enough to draw, every gradient readable.
    /// </summary>
    public static Value Neuron()
    {
        Value x1 = new(2.0, "x1"), x2 = new(0.0, "x2"), w1 = new(-3.0, "w1"), w2 = new(1.0, "w2"), b = new(6.881373587019543, "b");
        var x1w1 = x1 * w1;
        x1w1.Label = "x1*w1";
        var x2w2 = x2 * w2;
        x2w2.Label = "x2*w2";
        var sum = x1w1 + x2w2;
        sum.Label = "x1*w1 + x2*w2";
        var n = sum + b;
        n.Label = "n";
        var o = n.Tanh();
        o.Label = "o";
        return o;
    }
}
