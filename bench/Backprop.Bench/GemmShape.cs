namespace Backprop.Bench;

/// <summary>An m×k·k×n product, written "m×k×n" as in a dense layer: batch × inputs × outputs.</summary>
public readonly record struct GemmShape(int M, int K, int N)
{
    /// <summary>Floating-point operations of one product: a multiply and an add per term, 2·m·n·k.</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>Reads "64x784x128" (or with '×').</summary>
    public static GemmShape Parse(string text)
    {
        string[] parts = text.Split('x', '×');
        if (parts.Length != 3) throw new FormatException($"'{text}' is not m×k×n.");
        return new GemmShape(int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]));
    }

    /// <inheritdoc />
    public override string ToString() => $"{M}x{K}x{N}";
}
