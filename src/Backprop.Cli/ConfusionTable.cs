using Spectre.Console;

namespace Backprop.Cli;

/// <summary>
/// A confusion matrix that fits in 80 columns: the predicted classes head the columns by number, and each row names
/// its true class beside its number, so ten classes called "T-shirt/top" or "Ankle boot" need no wide headers.
/// </summary>
internal static class ConfusionTable
{
    public static Table Of(int[,] counts, IReadOnlyList<string> labels)
    {
        int n = labels.Count;
        var table = new Table().Title("Confusion matrix (rows: true class, columns: predicted)").Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("true \\ predicted"));
        for (int j = 0; j < n; j++) table.AddColumn(new TableColumn(j.ToString()).RightAligned().PadLeft(0).PadRight(1));
        for (int i = 0; i < n; i++)
            table.AddRow([Markup.Escape(RowName(i, labels)), .. Enumerable.Range(0, n).Select(j => i == j ? $"[bold]{counts[i, j]}[/]" : counts[i, j].ToString())]);
        return table;
    }

    /// <summary>The same matrix as plain text, one row per line, for piped output.</summary>
    public static void WritePlain(TextWriter output, int[,] counts, IReadOnlyList<string> labels)
    {
        int n = labels.Count;
        var names = Enumerable.Range(0, n).Select(i => RowName(i, labels)).ToArray();
        int nameWidth = Math.Max("true \\ predicted".Length, names.Max(s => s.Length));
        int cell = Math.Max(n.ToString().Length, Enumerable.Range(0, n).SelectMany(i => Enumerable.Range(0, n).Select(j => counts[i, j].ToString().Length)).Max());
        output.WriteLine("confusion matrix (rows: true class, columns: predicted)");
        output.WriteLine("true \\ predicted".PadRight(nameWidth) + string.Concat(Enumerable.Range(0, n).Select(j => " " + j.ToString().PadLeft(cell))));
        for (int i = 0; i < n; i++)
            output.WriteLine(names[i].PadRight(nameWidth) + string.Concat(Enumerable.Range(0, n).Select(j => " " + counts[i, j].ToString().PadLeft(cell))));
    }

    /// <summary>"3 Dress": the class's number, then its name (cut to 20 characters) when it is not just the number.</summary>
    private static string RowName(int i, IReadOnlyList<string> labels)
    {
        string name = labels[i] == i.ToString() ? "" : labels[i].Length > 20 ? labels[i][..19] + "…" : labels[i];
        return name.Length == 0 ? i.ToString() : $"{i} {name}";
    }
}
