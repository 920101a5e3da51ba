using System.Globalization;
using System.Numerics;
using Backprop.Tensors;
using CsvHelper;
using CsvHelper.Configuration;

namespace Backprop.Data;

/// <summary>
/// Reads a CSV file with a header row into an <see cref="InMemoryDataset{T}"/>: numeric feature columns
/// and one target column. Every problem with the file is a <see cref="DataFormatException"/> that names
/// the file, the 1-based line and column, and what to change.
/// </summary>
public static class CsvDataReader
{
    /// <summary>Reads <paramref name="path"/>; see <see cref="CsvOptions"/> for the target column and the task.</summary>
    /// <example><c>var data = CsvDataReader.Read&lt;float&gt;("iris.csv", new CsvOptions { TargetColumn = "species" });</c></example>
    public static InMemoryDataset<T> Read<T>(string path, CsvOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new CsvOptions();
        (List<CsvRecord> records, CsvRecord header) = ReadTable(path);

        int target = TargetIndex(path, header, options);
        int rows = records.Count - 1, width = header.Cells.Length;
        var inputs = new Matrix<T>(rows, width - 1);
        var labels = new string[rows];
        for (int r = 0; r < rows; r++)
        {
            CsvRecord record = Row(path, records, r, width);
            Span<T> row = inputs.Row(r);
            for (int c = 0, f = 0; c < width; c++)
            {
                if (c == target) continue;
                row[f++] = T.CreateChecked(ParseNumber(path, header, record, c, "feature"));
            }
            labels[r] = record.Cells[target];
            if (labels[r].Length == 0 && options.Task == LearningTask.Classification)
                throw new DataFormatException(path, $"the label in target column '{header.Cells[target]}' is empty; give every row its class", record.Line, target + 1);
        }

        var targets = options.Task == LearningTask.Regression
            ? RegressionTargets<T>(path, header, records, target)
            : null;
        if (targets is not null) return new InMemoryDataset<T>(inputs, targets);

        IReadOnlyList<string> names = options.LabelNames ?? LabelOrder.Of(labels);
        return new InMemoryDataset<T>(inputs, OneHot<T>(path, records, target, labels, names)) { LabelNames = names };
    }

    /// <summary>
    /// Reads a CSV of features only (for prediction): every column is an input, except
    /// <paramref name="dropColumn"/> (a name or 0-based index) when given, e.g. a label column left in the file.
    /// </summary>
    /// <returns>The inputs, one row per data row, and the names of the feature columns.</returns>
    public static (Matrix<T> Inputs, string[] Columns) ReadFeatures<T>(string path, string? dropColumn = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        (List<CsvRecord> records, CsvRecord header) = ReadTable(path);
        int drop = dropColumn is null ? -1
            : TargetIndex(path, header, int.TryParse(dropColumn, out int i) ? new CsvOptions { TargetIndex = i } : new CsvOptions { TargetColumn = dropColumn });
        int width = header.Cells.Length;
        var inputs = new Matrix<T>(records.Count - 1, drop < 0 ? width : width - 1);
        for (int r = 0; r < inputs.Rows; r++)
        {
            CsvRecord record = Row(path, records, r, width);
            Span<T> row = inputs.Row(r);
            for (int c = 0, f = 0; c < width; c++)
                if (c != drop) row[f++] = T.CreateChecked(ParseNumber(path, header, record, c, "feature"));
        }
        return (inputs, header.Cells.Where((_, c) => c != drop).ToArray());
    }

    /// <summary>The records of a file that has a header and at least one data row.</summary>
    private static (List<CsvRecord> Records, CsvRecord Header) ReadTable(string path)
    {
        List<CsvRecord> records = ReadRecords(path);
        if (records.Count == 0)
            throw new DataFormatException(path, "the file is empty; a CSV data file needs a header row and at least one data row", 1);
        if (records.Count == 1)
            throw new DataFormatException(path, "the file has a header row but no data rows; add one row of values per sample", records[0].Line + 1);
        return (records, records[0]);
    }

    /// <summary>Data row <paramref name="r"/> (0-based, after the header), checked to have one cell per column.</summary>
    private static CsvRecord Row(string path, List<CsvRecord> records, int r, int width)
    {
        CsvRecord record = records[r + 1];
        if (record.Cells.Length != width)
            throw new DataFormatException(path,
                $"this row has {record.Cells.Length} cells but the header has {width} columns; give every row one value per column (look for a missing or extra comma)",
                record.Line, Math.Min(record.Cells.Length, width) + 1);
        return record;
    }

    /// <summary>One parsed row and the 1-based line it starts on.</summary>
    private readonly record struct CsvRecord(string[] Cells, int Line);

    private static List<CsvRecord> ReadRecords(string path)
    {
        if (Directory.Exists(path))
            throw new DataFormatException(path, "this is a folder, not a file; give the path of the .csv file inside it");
        if (!File.Exists(path))
            throw new DataFormatException(path, $"no such file; check the path (relative paths start at {Environment.CurrentDirectory})");

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            // Ragged rows are reported by us, with the line, the column and a fix.
            DetectColumnCountChanges = false,
        };
        var records = new List<CsvRecord>();
        try
        {
            using var reader = new StreamReader(path);
            using var parser = new CsvParser(reader, config);
            try
            {
                while (parser.Read())
                {
                    // RawRow counts the lines read so far, the record's own line breaks included, so a quoted
                    // cell that spans lines still reports the line where its record begins.
                    records.Add(new CsvRecord(parser.Record ?? [], parser.RawRow - LineBreaksWithin(parser.RawRecord)));
                }
            }
            catch (CsvHelperException e)
            {
                throw new DataFormatException(path,
                    $"the CSV text cannot be parsed ({FirstLine(e.Message)}); check the quotes on this line", Math.Max(parser.RawRow, 1), null, e);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"the file cannot be read: {e.Message}", null, null, e);
        }
        return records;
    }

    private static int LineBreaksWithin(string rawRecord) =>
        rawRecord.AsSpan().TrimEnd("\r\n").Count('\n');

    private static string FirstLine(string message) =>
        message.Split('\n', 2)[0].Trim();

    private static int TargetIndex(string path, CsvRecord header, CsvOptions options)
    {
        string present = string.Join(", ", header.Cells.Select(c => $"'{c}'"));
        if (header.Cells.Length < 2)
            throw new DataFormatException(path, $"the header has one column ({present}); a data file needs at least one feature column and a target column", header.Line);
        if (options.TargetColumn is { } name)
        {
            int index = Array.IndexOf(header.Cells, name);
            return index >= 0 ? index
                : throw new DataFormatException(path, $"there is no target column '{name}'; the columns are {present}", header.Line);
        }
        int position = options.TargetIndex ?? header.Cells.Length - 1;
        return position >= 0 && position < header.Cells.Length ? position
            : throw new DataFormatException(path, $"there is no target column at index {position}; the {header.Cells.Length} columns (0-based) are {present}", header.Line);
    }

    private static double ParseNumber(string path, CsvRecord header, CsvRecord record, int column, string role)
    {
        string cell = record.Cells[column];
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
            return value;
        string what = cell.Length == 0 ? "is empty" : $"'{cell}' is not a number";
        throw new DataFormatException(path,
            $"{role} column '{header.Cells[column]}': {what}; {role}s must be finite numbers written with a '.' decimal point",
            record.Line, column + 1);
    }

    private static Matrix<T> RegressionTargets<T>(string path, CsvRecord header, List<CsvRecord> records, int target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var targets = new Matrix<T>(records.Count - 1, 1);
        for (int r = 1; r < records.Count; r++)
            targets[r - 1, 0] = T.CreateChecked(ParseNumber(path, header, records[r], target, "target"));
        return targets;
    }

    private static Matrix<T> OneHot<T>(string path, List<CsvRecord> records, int target, string[] labels, IReadOnlyList<string> names)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++) column.TryAdd(names[i], i);
        var targets = new Matrix<T>(labels.Length, names.Count);
        for (int r = 0; r < labels.Length; r++)
        {
            if (!column.TryGetValue(labels[r], out int k))
                throw new DataFormatException(path,
                    $"label '{labels[r]}' is not one of the model's classes ({string.Join(", ", names)}); fix the label or train a model that knows this class",
                    records[r + 1].Line, target + 1);
            targets[r, k] = T.One;
        }
        return targets;
    }
}
