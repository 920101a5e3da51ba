namespace Backprop.Plotting;

/// <summary>
/// A number (or a short text) on a <see cref="NetworkChart"/>: what is drawn, what a viewer shows on hover (the full
/// precision), and whether it is fresh (computed in the stage shown: drawn bold and in colour, the rest in grey).
/// </summary>
public readonly record struct NetworkLabel(string Text, string Hover = "", bool Fresh = false);

/// <summary>
/// A layered network drawn left to right with numbers on it: columns of neurons (a name above each circle, a value in
/// it, a few lines under it) and links between neighbouring columns (coloured by the sign of their value, as thick as
/// its size, labelled where there is room; every number's full form is its hover text). The backprop view draws one
/// training step on it, stage by stage.
/// </summary>
/// <example><code>
/// var chart = new NetworkChart("forward pass");
/// int i = chart.AddColumn("inputs"), j = chart.AddColumn("hidden (sigmoid)");
/// chart.AddNeuron(i, "x₁", new("1")); chart.AddNeuron(j, "j₁", new("0.7311", "0.7310585786300049", Fresh: true));
/// chart.AddLink(i, 0, 0, 0.5, new("0.5")).Save("step.svg");
/// </code></example>
public sealed class NetworkChart : Chart
{
    private const double Radius = 27, ColumnGap = 270, Margin = 24, NameSize = 12, ValueSize = 12.5, LineSize = 11.5, LineHeight = 15,
        NoteSize = 12.5, NoteHeight = 18, CaptionSize = 12, LabelAt = 0.4;
    private const string Ink = "#222222", Grey = "#666666", FreshInk = "#B8460B";
    private readonly List<(string Caption, List<(string Name, NetworkLabel Value, NetworkLabel[] Lines)> Neurons)> _columns = [];
    private readonly List<(int Column, int From, int To, double Value, NetworkLabel Label)> _links = [];

    /// <summary>Creates an empty network picture with a title; the canvas grows to fit.</summary>
    public NetworkChart(string title = "") => Title = title;

    /// <summary>Lines of text under the title (what the stage computes, the sample, the loss).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Adds a column (a layer of neurons) with a caption above it; returns its index.</summary>
    public int AddColumn(string caption)
    {
        _columns.Add((caption, []));
        return _columns.Count - 1;
    }

    /// <summary>Adds a neuron to <paramref name="column"/>: its name above the circle, its value in it, lines under it. Returns its index in the column.</summary>
    public int AddNeuron(int column, string name, NetworkLabel value, params NetworkLabel[] lines)
    {
        if ((uint)column >= (uint)_columns.Count)
            throw new ArgumentOutOfRangeException(nameof(column), $"There is no column {column} (there are {_columns.Count}).");
        _columns[column].Neurons.Add((name, value, lines));
        return _columns[column].Neurons.Count - 1;
    }

    /// <summary>
    /// Adds a link from neuron <paramref name="from"/> of <paramref name="column"/> to neuron <paramref name="to"/> of the
    /// next column; <paramref name="value"/> sets its colour (sign) and thickness (size against the largest link). Returns this chart.
    /// </summary>
    public NetworkChart AddLink(int column, int from, int to, double value, NetworkLabel label)
    {
        if ((uint)column + 1 >= (uint)_columns.Count || (uint)from >= (uint)_columns[column].Neurons.Count || (uint)to >= (uint)_columns[column + 1].Neurons.Count)
            throw new ArgumentOutOfRangeException(nameof(column), $"Link {column}:{from} → {column + 1}:{to} names a neuron that does not exist.");
        _links.Add((column, from, to, value, label));
        return this;
    }

    /// <summary>
    /// Whether the links from <paramref name="column"/> carry their labels on the line: only where they cannot run into
    /// each other (at most 2 × 2 links, or one neuron on either side and at most 4 on the other); elsewhere on hover.
    /// </summary>
    private bool Labelled(int column)
    {
        int a = _columns[column].Neurons.Count, b = _columns[column + 1].Neurons.Count;
        return (a <= 2 && b <= 2) || (Math.Min(a, b) == 1 && Math.Max(a, b) <= 4);
    }

    /// <inheritdoc/>
    public override string ToSvg()
    {
        var notes = Notes.ToList();
        if (Enumerable.Range(0, Math.Max(0, _columns.Count - 1)).Any(c => !Labelled(c)))
            notes.Add("Too many links to label them all: hover a link (or a neuron) for its numbers.");
        int lines = _columns.SelectMany(c => c.Neurons).Select(n => n.Lines.Length).DefaultIfEmpty(0).Max();
        // Each neuron's block: its name, the circle, its lines, a gap; every row the same height.
        double pitch = NameSize + 6 + 2 * Radius + 6 + lines * LineHeight + 14;
        int rows = _columns.Select(c => c.Neurons.Count).DefaultIfEmpty(0).Max();
        double widest = _columns.SelectMany(c => c.Neurons).SelectMany(n => n.Lines.Select(l => l.Text).Append(n.Value.Text).Append(n.Name))
            .Select(t => SvgWriter.TextWidth(t, LineSize)).DefaultIfEmpty(0).Append(2 * Radius).Max();
        double side = Margin + widest / 2;
        double networkWidth = 2 * side + ColumnGap * Math.Max(0, _columns.Count - 1);
        double noteWidth = notes.Select(n => SvgWriter.TextWidth(n, NoteSize)).DefaultIfEmpty(0).Max() + 2 * Margin;
        double titleWidth = SvgWriter.TextWidth(Title, 16) + 2 * Margin;
        Width = (int)Math.Ceiling(Math.Max(networkWidth, Math.Max(noteWidth, titleWidth)));
        double top = Margin + (Title.Length > 0 ? 26 : 0) + notes.Count * NoteHeight + 18;
        double captions = top + CaptionSize / 2, body = top + CaptionSize + 14;
        Height = (int)Math.Ceiling(body + rows * pitch + Margin - 8);
        double left = (Width - networkWidth) / 2 + side;

        (double X, double Y) Centre(int c, int r) =>
            (left + c * ColumnGap, body + (rows - _columns[c].Neurons.Count) * pitch / 2 + r * pitch + NameSize + 6 + Radius);

        var svg = new SvgWriter(Width, Height);
        if (Title.Length > 0) svg.Text(Width / 2.0, Margin + 6, Title, 16, "middle", bold: true);
        for (int n = 0; n < notes.Count; n++)
            svg.Text(Width / 2.0, Margin + (Title.Length > 0 ? 26 : 0) + (n + 0.5) * NoteHeight + 4, notes[n], NoteSize, "middle", Grey);
        for (int c = 0; c < _columns.Count; c++)
            svg.Text(left + c * ColumnGap, captions, _columns[c].Caption, CaptionSize, "middle", Grey, bold: true);

        double largest = _links.Select(l => Math.Abs(l.Value)).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        foreach (var (c, from, to, value, _) in _links)
        {
            var ((x0, y0), (x1, y1)) = (Centre(c, from), Centre(c + 1, to));
            double share = largest > 0 && double.IsFinite(value) ? Math.Abs(value) / largest : 0;
            svg.Line(x0 + Radius, y0, x1 - Radius, y1, Palette.Lighten(value < 0 ? Palette.Colour(1) : Palette.Colour(0), 0.45), 1 + 4 * share, "link");
        }
        // Labels over every line, on a white patch, a little way along from the neuron the link leaves.
        foreach (var (c, from, to, _, label) in _links)
        {
            var ((x0, y0), (x1, y1)) = (Centre(c, from), Centre(c + 1, to));
            double x = x0 + Radius + LabelAt * (x1 - x0 - 2 * Radius), y = y0 + LabelAt * (x1 - x0 - 2 * Radius) / (x1 - x0) * (y1 - y0);
            svg.BeginGroup("link-label");
            svg.Hover(label.Hover.Length > 0 ? label.Hover : label.Text);
            if (Labelled(c))
            {
                double w = SvgWriter.TextWidth(label.Text, LineSize) + 6;
                svg.Rect(x - w / 2, y - LineHeight / 2, w, LineHeight, "#FFFFFF");
                Write(svg, x, y, label, LineSize);
            }
            else svg.Circle(x, y, 3, "#FFFFFF", Grey);
            svg.EndGroup();
        }
        for (int c = 0; c < _columns.Count; c++)
            for (int r = 0; r < _columns[c].Neurons.Count; r++)
            {
                var (name, value, under) = _columns[c].Neurons[r];
                var (x, y) = Centre(c, r);
                svg.BeginGroup("neuron");
                svg.Hover(string.Join("\n", new[] { name + ": " + (value.Hover.Length > 0 ? value.Hover : value.Text) }
                    .Concat(under.Select(l => l.Hover.Length > 0 ? l.Hover : l.Text))));
                svg.Text(x, y - Radius - 6 - NameSize / 2, name, NameSize, "middle", Grey, bold: true);
                svg.Circle(x, y, Radius, value.Fresh ? Palette.Lighten(Palette.Colour(4), 0.75) : Palette.Lighten(Palette.Colour(0), 0.88), Palette.Colour(0));
                Write(svg, x, y, value, ValueSize);
                for (int l = 0; l < under.Length; l++) Write(svg, x, y + Radius + 6 + (l + 0.5) * LineHeight, under[l], LineSize);
                svg.EndGroup();
            }
        return svg.ToString();
    }

    private static void Write(SvgWriter svg, double x, double y, NetworkLabel label, double size) =>
        svg.Text(x, y, label.Text, size, "middle", label.Fresh ? FreshInk : Ink, bold: label.Fresh);
}
