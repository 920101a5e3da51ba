using System.Text;

namespace Backprop.Plotting;

/// <summary>
/// Marching squares: traces where a sampled function crosses a level (such as probability 0.5, the
/// decision boundary) as line segments between neighbouring samples, placed by linear interpolation.
/// </summary>
internal static class Contour
{
    /// <summary>
    /// Path data for the level line of <paramref name="values"/>[row, column], sampled at pixel
    /// positions <paramref name="xs"/>[column] and <paramref name="ys"/>[row]. NaN samples break the line.
    /// </summary>
    public static string Trace(double[,] values, double[] xs, double[] ys, double level)
    {
        var data = new StringBuilder();
        var crossings = new List<(double X, double Y)>(4);
        for (int r = 0; r + 1 < ys.Length; r++)
            for (int c = 0; c + 1 < xs.Length; c++)
            {
                // The square's corners, taken round its edge so that consecutive crossings never cross each other.
                (int R, int C)[] corners = [(r, c), (r, c + 1), (r + 1, c + 1), (r + 1, c)];
                crossings.Clear();
                for (int k = 0; k < 4; k++)
                {
                    var (a, b) = (corners[k], corners[(k + 1) % 4]);
                    double va = values[a.R, a.C] - level, vb = values[b.R, b.C] - level;
                    if (double.IsNaN(va) || double.IsNaN(vb) || (va < 0) == (vb < 0))
                        continue;
                    double t = va / (va - vb);
                    crossings.Add((xs[a.C] + t * (xs[b.C] - xs[a.C]), ys[a.R] + t * (ys[b.R] - ys[a.R])));
                }
                for (int k = 0; k + 1 < crossings.Count; k += 2)
                    data.Append($"M{SvgWriter.Num(crossings[k].X)},{SvgWriter.Num(crossings[k].Y)} ")
                        .Append($"L{SvgWriter.Num(crossings[k + 1].X)},{SvgWriter.Num(crossings[k + 1].Y)} ");
            }
        return data.ToString().TrimEnd();
    }
}
