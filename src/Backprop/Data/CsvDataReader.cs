using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Backprop.Tensors;
using CsvHelper;
using CsvHelper.Configuration;

namespace Backprop.Data;

/// <summary>
/// Reads a CSV file into an <see cref="InMemoryDataset{T}"/>: numeric feature columns and one target column. The
/// separator (',', ';' or tab), whether the first row is a header, and (unless given) whether the target is a class or
/// a number are worked out from the file, and each decision is a note (<see cref="CsvData{T}.Notes"/>). Every problem
/// with the file is a <see cref="DataFormatException"/> that names the file, the 1-based line and column, and what to
/// change.
/// </summary>
public static partial class CsvDataReader
{
    /// <summary>Reads <paramref name="path"/>; see <see cref="CsvOptions"/> for the target column, the task and the layout.</summary>
    /// <example><c>var data = CsvDataReader.Read&lt;float&gt;("iris.csv", new CsvOptions { TargetColumn = "species" });</c></example>
    public static InMemoryDataset<T> Read<T>(string path, CsvOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T> => ReadWithNotes<T>(path, options).Data;

    /// <summary>Reads <paramref name="path"/> as <see cref="Read{T}"/> does, with the task, the column names and what was decided.</summary>
    public static CsvData<T> ReadWithNotes<T>(string path, CsvOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new CsvOptions();
        var table = CsvTable.Read(path, options);
        int target = TargetIndex(table, options.TargetColumn, options.TargetIndex, "target");
        int rows = table.Rows.Count, width = table.Names.Length;
        string targetName = table.Names[target];
        var notes = new List<string>(table.Notes);

        var targetCells = new string[rows];
        for (int r = 0; r < rows; r++) targetCells[r] = table.Row(r).Cells[target];
        LearningTask task;
        if (options.Task is { } given) task = given;
        else
        {
            (task, string reason) = TaskDetection.Decide(targetCells);
            string other = task == LearningTask.Regression ? "classification" : "regression";
            notes.Add($"{path}: {(task == LearningTask.Regression ? "regression" : "classification")}, because the target column '{targetName}' {reason} (--task {other} to override)");
        }

        var inputs = new Matrix<T>(rows, width - 1);
        for (int r = 0; r < rows; r++)
        {
            var record = table.Row(r);
            Span<T> row = inputs.Row(r);
            for (int c = 0, f = 0; c < width; c++)
                if (c != target) row[f++] = Number<T>(table, record, c, "feature");
            if (targetCells[r].Length == 0 && task == LearningTask.Classification)
                throw new DataFormatException(path, $"the label in target column '{targetName}' is empty; give every row its class", record.Line, target + 1);
        }

        if (task == LearningTask.Regression)
        {
            var targets = new Matrix<T>(rows, 1);
            for (int r = 0; r < rows; r++) targets[r, 0] = Number<T>(table, table.Row(r), target, "target");
            return new CsvData<T>(new InMemoryDataset<T>(inputs, targets), task, table.Names, targetName, notes);
        }

        IReadOnlyList<string> names = options.LabelNames ?? LabelOrder.Of(targetCells);
        if (names.Count < 2)
            throw new DataFormatException(path,
                $"the target column '{targetName}' has only one class ('{names.FirstOrDefault()}'); a classifier needs at least two — check --target, or add rows of the other classes",
                table.HeaderLine);
        var data = new InMemoryDataset<T>(inputs, OneHot<T>(table, target, targetCells, names)) { LabelNames = names };
        return new CsvData<T>(data, task, table.Names, targetName, notes);
    }

    /// <summary>
    /// Reads a CSV of features only (for prediction): every column is an input, except
    /// <paramref name="dropColumn"/> (a name or 0-based index) when given, e.g. a label column left in the file.
    /// </summary>
    /// <returns>The inputs, one row per data row, and the names of the feature columns.</returns>
    public static (Matrix<T> Inputs, string[] Columns) ReadFeatures<T>(string path, string? dropColumn = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (inputs, columns, _) = ReadFeaturesWithNotes<T>(path, dropColumn);
        return (inputs, columns);
    }

    /// <summary><see cref="ReadFeatures{T}"/> with the layout of <paramref name="options"/> (header, separator), and the notes on what was decided.</summary>
    public static (Matrix<T> Inputs, string[] Columns, IReadOnlyList<string> Notes) ReadFeaturesWithNotes<T>(string path, string? dropColumn = null, CsvOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        var table = CsvTable.Read(path, options ?? new CsvOptions());
        int drop = dropColumn is null ? -1
            : int.TryParse(dropColumn, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
                ? TargetIndex(table, null, i, "--drop")
                : TargetIndex(table, dropColumn, null, "--drop");
        int width = table.Names.Length;
        var inputs = new Matrix<T>(table.Rows.Count, drop < 0 ? width : width - 1);
        for (int r = 0; r < inputs.Rows; r++)
        {
            var record = table.Row(r);
            Span<T> row = inputs.Row(r);
            for (int c = 0, f = 0; c < width; c++)
                if (c != drop) row[f++] = Number<T>(table, record, c, "feature", drop < 0 ? $"; if it is a label column, leave it out with --drop {Quoted(table.Names[c])}" : "");
        }
        return (inputs, table.Names.Where((_, c) => c != drop).ToArray(), table.Notes);
    }

    /// <summary>The column named <paramref name="name"/>, or at <paramref name="position"/>, or the last; <paramref name="role"/> says what it is for.</summary>
    private static int TargetIndex(CsvTable table, string? name, int? position, string role)
    {
        string[] names = table.Names;
        string present = string.Join(", ", names.Select(c => $"'{c}'"));
        string what = role == "target" ? "target column" : "column";
        if (names.Length < 2 && role == "target")
            throw new DataFormatException(table.Path,
                $"the {(table.HasHeader ? "header" : "first row")} has one column ({present}); a data file needs at least one feature column and a target column" +
                "; if its columns are separated by something other than ',', ';' or a tab, name it with --separator", table.HeaderLine);
        string noHeader = table.HasHeader ? "" : " (the file has no header row, so the columns are called x0, x1, …)";
        if (name is not null)
        {
            int index = Array.IndexOf(names, name);
            return index >= 0 ? index
                : throw new DataFormatException(table.Path, $"there is no {what} '{name}'; the columns are {present}{noHeader}", table.HeaderLine);
        }
        int at = position ?? names.Length - 1;
        return at >= 0 && at < names.Length ? at
            : throw new DataFormatException(table.Path, $"there is no {what} at index {at}; the {names.Length} columns (0-based) are {present}", table.HeaderLine);
    }

    /// <summary>Cell <paramref name="column"/> of <paramref name="record"/> as a finite <typeparamref name="T"/>, or an error naming the column and the fix.</summary>
    private static T Number<T>(CsvTable table, CsvTable.Record record, int column, string role, string hint = "") where T : unmanaged, IFloatingPointIeee754<T>
    {
        string cell = record.Cells[column];
        string name = table.Names[column];
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
        {
            T t = T.CreateChecked(value);
            if (T.IsFinite(t)) return t;
            throw new DataFormatException(table.Path,
                $"{role} column '{name}': {cell} is too large for {(typeof(T) == typeof(float) ? "float32 (its largest is 3.4e38)" : typeof(T).Name)}; rescale this column, or train in double",
                record.Line, column + 1);
        }
        string what = cell.Length == 0 ? "is empty" : $"'{cell}' is not a number";
        string fix = DecimalComma().IsMatch(cell)
            ? $"write decimals with a '.' point, not a comma ({cell.Replace(',', '.')})"
            : $"{role}s must be finite numbers written with a '.' decimal point";
        throw new DataFormatException(table.Path, $"{role} column '{name}': {what}; {fix}{(cell.Length > 0 && !DecimalComma().IsMatch(cell) ? hint : "")}", record.Line, column + 1);
    }

    private static string Quoted(string name) => name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.') ? name : $"'{name}'";

    [GeneratedRegex(@"^[+-]?\d+,\d+$")]
    private static partial Regex DecimalComma();

    private static Matrix<T> OneHot<T>(CsvTable table, int target, string[] labels, IReadOnlyList<string> names)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++) column.TryAdd(names[i], i);
        var targets = new Matrix<T>(labels.Length, names.Count);
        for (int r = 0; r < labels.Length; r++)
        {
            if (!column.TryGetValue(labels[r], out int k))
                throw new DataFormatException(table.Path,
                    $"label '{labels[r]}' is not one of the model's classes ({string.Join(", ", names)}); fix the label or train a model that knows this class",
                    table.Row(r).Line, target + 1);
            targets[r, k] = T.One;
        }
        return targets;
    }
}
