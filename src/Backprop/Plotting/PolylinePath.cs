using System.Text;

namespace Backprop.Plotting;

/// <summary>
/// Turns a curve's points into the data of one SVG path. Points that cannot be drawn (NaN, ∞, or
/// non-positive on a log axis) break the line rather than appear in the file. Long curves are thinned
/// to the highest and lowest point in each pixel column, which looks the same and keeps a
/// 10,000-point curve to a few kilobytes.
/// </summary>
internal static class PolylinePath
{
    /// <summary>The path data for the points (x[i], y[i]) on the given axes; empty when nothing can be drawn.</summary>
    public static string Build(IReadOnlyList<double> x, IReadOnlyList<double> y, Axis xAxis, Axis yAxis)
    {
        var data = new StringBuilder();
        var run = new List<(double X, double Y)>();
        for (int i = 0; i <= x.Count; i++)
        {
            if (i < x.Count && xAxis.CanShow(x[i]) && yAxis.CanShow(y[i]))
            {
                run.Add((xAxis.ToPixel(x[i]), yAxis.ToPixel(y[i])));
                continue;
            }
            Append(data, Thin(run));
            run.Clear();
        }
        return data.ToString().TrimEnd();
    }

    /// <summary>The drawable points as pixels, for marking each one on short curves.</summary>
    public static IEnumerable<(double X, double Y)> Points(IReadOnlyList<double> x, IReadOnlyList<double> y, Axis xAxis, Axis yAxis)
    {
        for (int i = 0; i < x.Count; i++)
            if (xAxis.CanShow(x[i]) && yAxis.CanShow(y[i]))
                yield return (xAxis.ToPixel(x[i]), yAxis.ToPixel(y[i]));
    }

    private static void Append(StringBuilder data, IReadOnlyList<(double X, double Y)> run)
    {
        for (int i = 0; i < run.Count; i++)
            data.Append(i == 0 ? 'M' : 'L').Append(SvgWriter.Num(run[i].X)).Append(',').Append(SvgWriter.Num(run[i].Y)).Append(' ');
        if (run.Count == 1) // a lone point between gaps would be invisible as a path; a zero-length segment with a round cap shows it
            data.Append("l0,0 ");
    }

    /// <summary>Keeps, for each whole-pixel column, the first and last point and the lowest and highest, in their original order.</summary>
    private static IReadOnlyList<(double X, double Y)> Thin(List<(double X, double Y)> run)
    {
        if (run.Count < 4 || run.Count <= 2 * Math.Abs(run[^1].X - run[0].X))
            return run;
        var kept = new List<(double X, double Y)>();
        for (int start = 0; start < run.Count;)
        {
            int end = start;
            double column = Math.Floor(run[start].X);
            while (end + 1 < run.Count && Math.Floor(run[end + 1].X) == column)
                end++;
            int low = start, high = start;
            for (int i = start; i <= end; i++)
            {
                if (run[i].Y < run[low].Y) low = i;
                if (run[i].Y > run[high].Y) high = i;
            }
            foreach (int i in new SortedSet<int> { start, low, high, end })
                kept.Add(run[i]);
            start = end + 1;
        }
        return kept;
    }
}
