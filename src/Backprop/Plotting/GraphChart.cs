namespace Backprop.Plotting;

/// <summary>
/// A directed acyclic graph drawn left to right, such as a computation graph: every node sits one column right of its
/// furthest input, boxes hold a few lines of text, circles a short operator. Edges are arrows from input to result.
/// </summary>
/// <example><code>
/// var chart = new GraphChart("o = tanh(n)");
/// int x = chart.AddBox(["x", "data 2.0"]), t = chart.AddCircle("tanh"), o = chart.AddBox(["o", "data 0.96"]);
/// chart.AddEdge(x, t).AddEdge(t, o).Save("graph.svg");
/// </code></example>
public sealed class GraphChart : Chart
{
    private const double ColumnGap = 46, RowGap = 14, LineHeight = 15, FontSize = 12, Padding = 6, CircleRadius = 16, Margin = 20;
    private readonly List<(string[] Lines, bool Circle)> _nodes = [];
    private readonly List<(int From, int To)> _edges = [];

    /// <summary>Creates an empty graph with a title; the canvas grows to fit the nodes.</summary>
    public GraphChart(string title = "") => Title = title;

    /// <summary>The number of nodes added so far.</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>Adds a box showing <paramref name="lines"/> (the first in bold, so given a tenth more room) and returns its index.</summary>
    public int AddBox(IReadOnlyList<string> lines)
    {
        _nodes.Add(([.. lines], false));
        return _nodes.Count - 1;
    }

    /// <summary>Adds a circle showing a short <paramref name="label"/>, such as an operator, and returns its index.</summary>
    public int AddCircle(string label)
    {
        _nodes.Add(([label], true));
        return _nodes.Count - 1;
    }

    /// <summary>Adds an arrow from node <paramref name="from"/> to node <paramref name="to"/>. Returns this chart, for chaining.</summary>
    public GraphChart AddEdge(int from, int to)
    {
        if ((uint)from >= (uint)_nodes.Count || (uint)to >= (uint)_nodes.Count)
            throw new ArgumentOutOfRangeException(nameof(from), $"Edge {from} → {to} names a node that does not exist (there are {_nodes.Count}).");
        _edges.Add((from, to));
        return this;
    }

    /// <inheritdoc/>
    public override string ToSvg()
    {
        var column = Columns();
        int columns = _nodes.Count == 0 ? 0 : column.Max() + 1;
        var size = _nodes.Select(n => n.Circle
            ? (W: 2 * Radius(n.Lines[0]), H: 2 * Radius(n.Lines[0]))
            : (W: n.Lines.Select((l, k) => SvgWriter.TextWidth(l, FontSize) * (k == 0 ? 1.1 : 1)).Max() + 2 * Padding, H: n.Lines.Length * LineHeight + 2 * Padding)).ToArray();
        double[] columnWidth = new double[columns], columnHeight = new double[columns];
        for (int i = 0; i < _nodes.Count; i++)
        {
            columnWidth[column[i]] = Math.Max(columnWidth[column[i]], size[i].W);
            columnHeight[column[i]] += size[i].H + RowGap;
        }
        double top = Margin + (Title.Length > 0 ? 30 : 0);
        Width = (int)Math.Ceiling(2 * Margin + columnWidth.Sum() + ColumnGap * Math.Max(0, columns - 1));
        Height = (int)Math.Ceiling(top + Margin + (columns == 0 ? 0 : columnHeight.Max()));

        // Centre of each node: columns side by side, each column's nodes stacked and centred vertically.
        var centre = new (double X, double Y)[_nodes.Count];
        double[] filled = new double[columns];
        for (int i = 0; i < _nodes.Count; i++)
        {
            int c = column[i];
            double x = Margin + columnWidth.Take(c).Sum() + ColumnGap * c + columnWidth[c] / 2;
            double y = top + (Height - top - Margin - columnHeight[c]) / 2 + filled[c] + size[i].H / 2;
            filled[c] += size[i].H + RowGap;
            centre[i] = (x, y);
        }

        var svg = new SvgWriter(Width, Height);
        if (Title.Length > 0) svg.Text(Width / 2.0, Margin + 8, Title, 16, "middle", bold: true);
        foreach (var (from, to) in _edges)
        {
            // From the right edge of one node to the left edge of the other, with a head at the end.
            double x0 = centre[from].X + size[from].W / 2, y0 = centre[from].Y, x1 = centre[to].X - size[to].W / 2, y1 = centre[to].Y;
            double length = Math.Max(1e-9, Math.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)));
            double ux = (x1 - x0) / length, uy = (y1 - y0) / length, bx = x1 - 8 * ux, by = y1 - 8 * uy;
            svg.Line(x0, y0, bx, by, "#777777", 1.2);
            svg.Polygon([(x1, y1), (bx - 3.5 * uy, by + 3.5 * ux), (bx + 3.5 * uy, by - 3.5 * ux)], "#777777");
        }
        for (int i = 0; i < _nodes.Count; i++)
        {
            var (x, y) = centre[i];
            if (_nodes[i].Circle)
            {
                svg.Circle(x, y, Radius(_nodes[i].Lines[0]), Palette.Lighten(Palette.Colour(1), 0.8), Palette.Colour(1));
                svg.Text(x, y, _nodes[i].Lines[0], FontSize + 1, "middle", bold: true);
                continue;
            }
            svg.Rect(x - size[i].W / 2, y - size[i].H / 2, size[i].W, size[i].H, Palette.Lighten(Palette.Colour(0), 0.85), Palette.Colour(0));
            for (int l = 0; l < _nodes[i].Lines.Length; l++)
                svg.Text(x - size[i].W / 2 + Padding, y - size[i].H / 2 + Padding + (l + 0.5) * LineHeight, _nodes[i].Lines[l], FontSize, bold: l == 0);
        }
        return svg.ToString();
    }

    /// <summary>A circle wide enough for its label.</summary>
    private static double Radius(string label) => Math.Max(CircleRadius, SvgWriter.TextWidth(label, FontSize + 1) / 2 + 5);

    /// <summary>
    /// Each node's column: one more than its furthest input's; a node with no input sits just left of its first user,
    /// so an input used late (a bias) does not stretch across the whole picture.
    /// </summary>
    private int[] Columns()
    {
        var column = Layers();
        for (int i = 0; i < _nodes.Count; i++)
        {
            if (_edges.Any(e => e.To == i)) continue;
            var users = _edges.Where(e => e.From == i).Select(e => column[e.To]).ToArray();
            if (users.Length > 0) column[i] = users.Min() - 1;
        }
        return column;
    }

    /// <summary>Longest-path layers: 0 for nodes with no incoming edge, else one more than the furthest input's.</summary>
    private int[] Layers()
    {
        var column = new int[_nodes.Count];
        // Longest-path layering by relaxation; a DAG settles within as many rounds as it has nodes.
        for (int round = 0; round < _nodes.Count; round++)
        {
            bool changed = false;
            foreach (var (from, to) in _edges)
                if (column[to] < column[from] + 1) { column[to] = column[from] + 1; changed = true; }
            if (!changed) return column;
        }
        throw new InvalidOperationException("The graph has a cycle; a GraphChart draws acyclic graphs only.");
    }
}
