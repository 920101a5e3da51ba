using System.Globalization;
using System.Text;
using Backprop.Plotting;

namespace Backprop.Lessons.Autograd;

/// <summary>Draws the graph behind a <see cref="Value"/>: as Graphviz DOT text, and as an SVG picture.</summary>
public static class ValueGraph
{
    /// <summary>
    /// The graph in Graphviz's DOT language, left to right: a box per value (its label, data and gradient) and an
    /// ellipse per operation. <c>dot -Tsvg graph.dot</c> draws it.
    /// </summary>
    public static string Dot(Value root)
    {
        var order = root.TopologicalOrder();
        var id = new Dictionary<Value, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < order.Count; i++) id[order[i]] = i;
        var dot = new StringBuilder("digraph {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        foreach (var v in order)
        {
            int n = id[v];
            dot.Append($"  v{n} [shape=record, label=\"{{ {Escape(Name(v))} | data {Number(v.Data)} | grad {Number(v.Grad)} }}\"];\n");
            if (v.Op.Length == 0) continue;
            dot.Append($"  op{n} [shape=ellipse, label=\"{Escape(v.Op)}\"];\n  op{n} -> v{n};\n");
            foreach (var input in v.Inputs) dot.Append($"  v{id[input]} -> op{n};\n");
        }
        return dot.Append("}\n").ToString();
    }

    /// <summary>The same graph as a <see cref="GraphChart"/>.</summary>
    public static GraphChart Chart(Value root, string title)
    {
        var chart = new GraphChart(title);
        var node = new Dictionary<Value, int>(ReferenceEqualityComparer.Instance);
        foreach (var v in root.TopologicalOrder())
        {
            int box = chart.AddBox([Name(v), $"data {Number(v.Data)}", $"grad {Number(v.Grad)}"]);
            node[v] = box;
            if (v.Op.Length == 0) continue;
            int op = chart.AddCircle(v.Op);
            chart.AddEdge(op, box);
            foreach (var input in v.Inputs) chart.AddEdge(node[input], op);
        }
        return chart;
    }

    private static string Name(Value v) => v.Label.Length > 0 ? v.Label : v.Op.Length > 0 ? "(" + v.Op + ")" : Number(v.Data);

    private static string Number(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("|", "\\|")
        .Replace("{", "\\{").Replace("}", "\\}").Replace("<", "\\<").Replace(">", "\\>");
}
