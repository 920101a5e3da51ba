namespace Backprop.Lessons.Autograd;

/// <summary>
/// A scalar that remembers how it was computed, so that the derivative of a final result with respect to it can be
/// found by the chain rule: each operation records its inputs and its local derivatives, and <see cref="Backward"/>
/// visits the graph from the result back to the inputs. Teaching code: the library itself backpropagates layer by
/// layer (Dense, Sigmoid, …), not through a graph of scalars.
/// </summary>
public sealed class Value
{
    private Action _backward = () => { };

    /// <summary>A leaf: an input or a parameter.</summary>
    public Value(double data, string label = "")
    {
        Data = data;
        Label = label;
        Inputs = [];
        Op = "";
    }

    private Value(double data, string op, params Value[] inputs)
    {
        Data = data;
        Op = op;
        Inputs = inputs;
        Label = "";
    }

    /// <summary>The number.</summary>
    public double Data { get; set; }

    /// <summary>∂(the value <see cref="Backward"/> was called on)/∂(this), filled by <see cref="Backward"/>.</summary>
    public double Grad { get; set; }

    /// <summary>The values this one was computed from (the same value twice for a + a).</summary>
    public IReadOnlyList<Value> Inputs { get; }

    /// <summary>The operation that made it ("+", "*", "tanh", …), or "" for a leaf.</summary>
    public string Op { get; }

    /// <summary>A name to show in the graph, such as "a" or "w1".</summary>
    public string Label { get; set; }

    /// <summary>A constant such as the 1 in c + 1.</summary>
    public static implicit operator Value(double data) => new(data);

    // Each operation: the result, and beside it how the result's gradient flows to its inputs (the local derivative
    // times the result's gradient, added: an input used twice collects both contributions).

    /// <summary>a + b: ∂/∂a = 1, ∂/∂b = 1.</summary>
    public static Value operator +(Value a, Value b)
    {
        var result = new Value(a.Data + b.Data, "+", a, b);
        result._backward = () => { a.Grad += result.Grad; b.Grad += result.Grad; };
        return result;
    }

    /// <summary>a · b: ∂/∂a = b, ∂/∂b = a.</summary>
    public static Value operator *(Value a, Value b)
    {
        var result = new Value(a.Data * b.Data, "*", a, b);
        result._backward = () => { a.Grad += b.Data * result.Grad; b.Grad += a.Data * result.Grad; };
        return result;
    }

    /// <summary>a − b: ∂/∂a = 1, ∂/∂b = −1.</summary>
    public static Value operator -(Value a, Value b)
    {
        var result = new Value(a.Data - b.Data, "-", a, b);
        result._backward = () => { a.Grad += result.Grad; b.Grad -= result.Grad; };
        return result;
    }

    /// <summary>−a: ∂/∂a = −1.</summary>
    public static Value operator -(Value a)
    {
        var result = new Value(-a.Data, "neg", a);
        result._backward = () => a.Grad -= result.Grad;
        return result;
    }

    /// <summary>a / b: ∂/∂a = 1/b, ∂/∂b = −a/b².</summary>
    public static Value operator /(Value a, Value b)
    {
        var result = new Value(a.Data / b.Data, "/", a, b);
        result._backward = () => { a.Grad += result.Grad / b.Data; b.Grad -= a.Data / (b.Data * b.Data) * result.Grad; };
        return result;
    }

    /// <summary>aᵏ for a constant k: ∂/∂a = k·aᵏ⁻¹.</summary>
    public Value Pow(double k)
    {
        var result = new Value(Math.Pow(Data, k), $"^{k}", this);
        result._backward = () => Grad += k * Math.Pow(Data, k - 1) * result.Grad;
        return result;
    }

    /// <summary>eᵃ: ∂/∂a = eᵃ, the result itself.</summary>
    public Value Exp()
    {
        var result = new Value(Math.Exp(Data), "exp", this);
        result._backward = () => Grad += result.Data * result.Grad;
        return result;
    }

    /// <summary>tanh a: ∂/∂a = 1 − tanh² a.</summary>
    public Value Tanh()
    {
        var result = new Value(Math.Tanh(Data), "tanh", this);
        result._backward = () => Grad += (1 - result.Data * result.Data) * result.Grad;
        return result;
    }

    /// <summary>max(0, a): ∂/∂a = 1 where a &gt; 0, else 0.</summary>
    public Value ReLU()
    {
        var result = new Value(Math.Max(0, Data), "relu", this);
        result._backward = () => Grad += (result.Data > 0 ? 1 : 0) * result.Grad;
        return result;
    }

    /// <summary>
    /// Fills <see cref="Grad"/> of every value this one depends on with ∂this/∂value. The graph is sorted so that a
    /// value passes its gradient back only after every use of it has added its share: a topological order, reversed.
    /// </summary>
    public void Backward()
    {
        var order = TopologicalOrder();
        foreach (var v in order) v.Grad = 0;
        Grad = 1;
        for (int i = order.Count - 1; i >= 0; i--) order[i]._backward();
    }

    /// <summary>
    /// The tempting shortcut, for comparison: pass the gradient back, then recurse into each input. A value reached by
    /// two paths passes its gradient back twice, the second time with both shares already in it, so shared values are
    /// counted too often (for c = b + b with b = a + a it gives ∂c/∂a = 8, not 4).
    /// </summary>
    public void NaiveRecursiveBackward()
    {
        foreach (var v in TopologicalOrder()) v.Grad = 0;
        Grad = 1;
        Recurse(this);

        static void Recurse(Value v)
        {
            v._backward();
            foreach (var input in v.Inputs) Recurse(input);
        }
    }

    /// <summary>Every value this one depends on, inputs before the values computed from them, ending with this one.</summary>
    public IReadOnlyList<Value> TopologicalOrder()
    {
        var order = new List<Value>();
        var seen = new HashSet<Value>(ReferenceEqualityComparer.Instance);
        Visit(this);
        return order;

        void Visit(Value v)
        {
            if (!seen.Add(v)) return;
            foreach (var input in v.Inputs) Visit(input);
            order.Add(v);
        }
    }
}
