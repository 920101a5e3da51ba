using System.Text;

namespace Backprop.Plotting;

/// <summary>
/// A classifier's answer over the whole plot area, sampled on a grid and shown as pale cells behind
/// the points: either a class index per cell, or a probability of class 1 blended between the two
/// classes' colours, with the 0.5 line drawn as the decision boundary.
/// </summary>
internal sealed class DecisionRegion(Func<double, double, double> evaluate, bool isProbability, int resolution)
{
    /// <summary>How far towards white the class colours are taken, so points stay readable on top.</summary>
    private const double Whiteness = 0.72;

    /// <summary>Probabilities are rounded to this many levels so neighbouring cells merge into one rectangle.</summary>
    private const int Levels = 32;

    public void Draw(SvgWriter svg, Axis x, Axis y)
    {
        var values = Sample(x, y);
        double[] centresX = Centres(x), centresY = Centres(y);
        // One path per colour, each run of equal cells along a row one rectangle in it: a 100×100 grid stays small.
        var shapes = new Dictionary<string, StringBuilder>();
        for (int r = 0; r < resolution; r++)
        {
            double top = y.ToPixel(Edge(y, r + 1)), bottom = y.ToPixel(Edge(y, r));
            for (int c = 0; c < resolution;)
            {
                string? colour = CellColour(values[r, c]);
                int end = c + 1;
                while (end < resolution && CellColour(values[r, end]) == colour)
                    end++;
                if (colour is not null)
                {
                    double left = x.ToPixel(Edge(x, c)), right = x.ToPixel(Edge(x, end));
                    // Half a pixel of overlap into the next cells hides the hairline seams rounding would leave.
                    (shapes.TryGetValue(colour, out var shape) ? shape : shapes[colour] = new StringBuilder())
                        .Append($"M{SvgWriter.Num(left)},{SvgWriter.Num(top)}h{SvgWriter.Num(right - left + 0.5)}v{SvgWriter.Num(bottom - top + 0.5)}h{SvgWriter.Num(left - right - 0.5)}z");
                }
                c = end;
            }
        }
        svg.BeginGroup("region", XYFrame.ClipId, crispEdges: true);
        foreach (var (colour, shape) in shapes)
            svg.Fill(shape.ToString(), colour);
        svg.EndGroup();
        if (!isProbability) return;
        string boundary = Contour.Trace(values, centresX, centresY, 0.5);
        if (boundary.Length == 0) return;
        svg.BeginGroup("boundary", XYFrame.ClipId);
        svg.Path(boundary, "#555555", 1.5);
        svg.EndGroup();
    }

    /// <summary>The function at each cell centre; values that cannot be shown become NaN (left unshaded).</summary>
    private double[,] Sample(Axis x, Axis y)
    {
        var values = new double[resolution, resolution];
        double[] xs = Centres(x, pixels: false), ys = Centres(y, pixels: false);
        for (int r = 0; r < resolution; r++)
            for (int c = 0; c < resolution; c++)
            {
                double v = evaluate(xs[c], ys[r]);
                values[r, c] = !double.IsFinite(v) || v < 0 ? double.NaN : isProbability ? Math.Min(v, 1) : Math.Round(v);
            }
        return values;
    }

    private string? CellColour(double value)
    {
        if (double.IsNaN(value)) return null;
        if (!isProbability) return Palette.Lighten(Palette.Colour((int)value), Whiteness);
        double level = Math.Round(value * Levels) / Levels;
        return Palette.Mix(Palette.Lighten(Palette.Colour(0), Whiteness), Palette.Lighten(Palette.Colour(1), Whiteness), level);
    }

    private double Edge(Axis axis, int i) => axis.Min + (axis.Max - axis.Min) * i / resolution;

    private double[] Centres(Axis axis, bool pixels = true) =>
        Enumerable.Range(0, resolution).Select(i =>
        {
            double v = axis.Min + (axis.Max - axis.Min) * (i + 0.5) / resolution;
            return pixels ? axis.ToPixel(v) : v;
        }).ToArray();
}
