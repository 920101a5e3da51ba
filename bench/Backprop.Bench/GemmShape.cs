namespace Backprop.Bench;

/// <summary>
/// An m×k·k×n product op(A)·op(B), written "m×k×n" as in a dense layer (batch × inputs × outputs), with ":TA" or
/// ":TB" when A or B is read transposed (a dense layer's ∂E/∂W = Xᵀ·δ and ∂E/∂X = δ·Wᵀ).
/// </summary>
public readonly record struct GemmShape(int M, int K, int N, bool TransposeA = false, bool TransposeB = false)
{
    /// <summary>Floating-point operations of one product: a multiply and an add per term, 2·m·n·k.</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>Reads "64x784x128" (or with '×'), optionally followed by ":TA" or ":TB".</summary>
    public static GemmShape Parse(string text)
    {
        string[] layout = text.Split(':');
        string[] parts = layout[0].Split('x', '×');
        if (parts.Length != 3 || layout.Length > 2 || (layout.Length == 2 && layout[1] is not ("TA" or "TB")))
            throw new FormatException($"'{text}' is not m×k×n, m×k×n:TA or m×k×n:TB.");
        bool ta = layout.Length == 2 && layout[1] == "TA", tb = layout.Length == 2 && layout[1] == "TB";
        return new GemmShape(int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]), ta, tb);
    }

    /// <inheritdoc />
    public override string ToString() => $"{M}x{K}x{N}" + (TransposeA ? ":TA" : TransposeB ? ":TB" : "");
}
