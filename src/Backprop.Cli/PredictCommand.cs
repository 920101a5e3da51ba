using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text;
using Backprop.Data;
using Backprop.Serialization;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Cli;

/// <summary><c>backprop predict</c>: runs a saved model on one input or on every row of a CSV file.</summary>
internal static class PredictCommand
{
    private static readonly Option<string?> Model = CommonOptions.Model("The model file written by 'backprop train --model'");
    private static readonly Option<string?> Input = new("--input") { Description = "One sample's input values, comma-separated, e.g. 1,0,0." };
    private static readonly Option<string> Data = CommonOptions.Data("A CSV file: predict every row (a first row of numbers is data, not a header)", required: false);
    private static readonly Option<string?> Drop = new("--drop") { Description = "A column of the CSV to ignore (e.g. the label), by name or 0-based index." };
    private static readonly Option<string> Header = CommonOptions.Header();
    private static readonly Option<string?> Separator = CommonOptions.Separator();
    private static readonly Option<string?> OutputFile = new("--output") { Description = "Write the CSV of predictions here instead of stdout." };
    private static readonly Option<bool> Json = CommonOptions.Json("Print the predictions as JSON: each sample's outputs, label and the probability of each class");

    public static Command Create()
    {
        var command = new Command("predict", "Predict with a saved model: one input with --input, or a CSV file with --data.")
            { Model, Input, Data, Drop, Header, Separator, OutputFile, Json };
        command.SetAction(p =>
        {
            if ((p.GetValue(Input) is null) == (p.GetValue(Data) is null))
                throw new BackpropException("Give exactly one of --input 1,0,0 (one sample) or --data FILE.csv (every row).");
            if (p.GetValue(OutputFile) is string file)
            {
                if (p.GetValue(Input) is not null) throw new BackpropException("--output writes the predictions of --data FILE.csv; with --input the answer is printed.");
                FileIdentity.RefuseOverwrite("--output", file, ("--data", p.GetValue(Data)), ("--model", p.GetValue(Model)));
                AtomicFile.CheckWritable(file);
            }
            var model = ModelFile.Load(p.GetValue(Model)!);
            return model.Match(m => Run(p, m), m => Run(p, m));
        });
        return command;
    }

    private static int Run<T>(ParseResult p, LoadedModel<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = ModelIo.RawInputSize(model);
        Matrix<T> inputs;
        string[] columns;
        if (p.GetValue(Input) is string text)
        {
            inputs = new Matrix<T>(1, width);
            var values = ParseInput(text, model, width);
            for (int i = 0; i < values.Length; i++) inputs[0, i] = T.CreateChecked(values[i]);
            columns = Enumerable.Range(0, width).Select(i => $"x{i}").ToArray();
        }
        else
        {
            string path = p.GetValue(Data)!;
            var layout = CsvSettings.Options(null, null, CsvSettings.Header(p.GetValue(Header)), p.GetValue(Separator));
            (inputs, columns, var notes) = CsvDataReader.ReadFeaturesWithNotes<T>(path, p.GetValue(Drop), layout);
            // Notes go to stderr: stdout may be the CSV of predictions.
            foreach (string note in notes) p.InvocationConfiguration.Error.WriteLine($"note: {note}");
            if (inputs.Columns != width)
                throw new BackpropException($"{path}: the file has {inputs.Columns} input columns but the model {model.Path} expects {width}; use --drop to leave out a label column.");
        }
        var raw = inputs;
        var outputs = PredictInBatches(model.Network, ModelIo.Prepare(inputs, model.Metadata));
        var labels = model.Metadata.LabelNames;

        if (p.GetValue(Json))
        {
            var samples = Enumerable.Range(0, outputs.Rows).Select(r => Sample(outputs, r, labels)).ToArray();
            if (p.GetValue(Input) is not null) Output.WriteJson(p, samples[0], Output.Json.PredictionJson);
            else Output.WriteJson(p, samples, Output.Json.PredictionJsonArray);
            return 0;
        }
        if (p.GetValue(Input) is not null)
        {
            var w = Output.Writer(p);
            var sample = Sample(outputs, 0, labels);
            if (sample.Label is not null)
            {
                w.WriteLine($"label: {sample.Label}");
                foreach (var (name, prob) in sample.Probabilities!) w.WriteLine($"  {name}: {prob.ToString("F4", CultureInfo.InvariantCulture)}");
            }
            else w.WriteLine($"output: {string.Join(", ", sample.Output.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}");
            return 0;
        }

        if (p.GetValue(OutputFile) is string file)
        {
            // Row by row into the file: a large CSV's predictions never sit in memory as one string.
            AtomicFile.WriteOrExplain(file, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
                WriteCsv(writer, raw, columns, outputs, labels);
            });
            Output.Writer(p).WriteLine($"wrote {outputs.Rows} predictions to {file}");
        }
        else WriteCsv(Output.Writer(p), raw, columns, outputs, labels);
        return 0;
    }

    /// <summary>
    /// The network's outputs for every row, 256 rows at a time: a convolution's layers are wide (26·26·32 values per
    /// 28×28 image), so 10,000 images at once would hold gigabytes between layers.
    /// </summary>
    private static Matrix<T> PredictInBatches<T>(Network<T> network, Matrix<T> inputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int batch = 256;
        var outputs = new Matrix<T>(inputs.Rows, network.OutputSize);
        for (int start = 0; start < inputs.Rows; start += batch)
        {
            int rows = Math.Min(batch, inputs.Rows - start);
            network.Predict(inputs.RowRange(start, rows)).CopyTo(outputs.RowRange(start, rows));
        }
        return outputs;
    }

    /// <summary>One sample's prediction: the outputs, and for a classifier its label and each class's probability.</summary>
    private static PredictionJson Sample<T>(Matrix<T> outputs, int r, IReadOnlyList<string>? labels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var row = outputs.Row(r).ToArray().Select(v => double.CreateChecked(v)).ToArray();
        if (labels is null) return new PredictionJson(row, null, null);
        return new PredictionJson(row, labels[Evaluation.ClassOf<T>(outputs.Row(r))], Probabilities(row, labels));
    }

    /// <summary>Each class and its probability, in label order; a single sigmoid output p means P(second class) = p.</summary>
    private static Dictionary<string, double> Probabilities(double[] row, IReadOnlyList<string> labels)
    {
        var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
        if (row.Length == 1 && labels.Count == 2)
        {
            probabilities[labels[0]] = 1 - row[0];
            probabilities[labels[1]] = row[0];
        }
        else for (int i = 0; i < labels.Count; i++) probabilities[labels[i]] = i < row.Length ? row[i] : double.NaN;
        return probabilities;
    }

    private static double[] ParseInput(string text, LoadedModel model, int width)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                throw new BackpropException($"--input value {i + 1} '{parts[i]}' is not a number; give comma-separated numbers such as 1,0,0.");
        if (values.Length != width)
            throw new BackpropException($"--input has {values.Length} values but the model {model.Path} expects {width}.");
        return values;
    }

    private static void WriteCsv<T>(TextWriter w, Matrix<T> inputs, string[] columns, Matrix<T> outputs, IReadOnlyList<string>? labels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var head = new List<string>(columns.Select(Quote));
        if (labels is not null)
        {
            head.Add("label");
            head.AddRange(outputs.Columns == 1 ? [$"p_{labels[^1]}"] : labels.Select(l => Quote($"p_{l}")));
        }
        else head.AddRange(Enumerable.Range(0, outputs.Columns).Select(i => $"output_{i}"));
        w.Write(string.Join(',', head));
        w.Write('\n');
        for (int r = 0; r < outputs.Rows; r++)
        {
            var cells = inputs.Row(r).ToArray().Select(Format).ToList();
            if (labels is not null) cells.Add(Quote(labels[Evaluation.ClassOf<T>(outputs.Row(r))]));
            cells.AddRange(outputs.Row(r).ToArray().Select(Format));
            w.Write(string.Join(',', cells));
            w.Write('\n');
        }
        w.Flush();
    }

    /// <summary>
    /// The shortest text that reads back as the same value of the model's own type: a float32 model echoes an input
    /// 5.1 as 5.1, not as the double 5.099999904632568 nearest the float.
    /// </summary>
    private static string Format<T>(T v) where T : unmanaged, IFloatingPointIeee754<T> => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}

/// <summary>One sample's prediction: the outputs, and for a classifier its label and each class's probability.</summary>
internal sealed record PredictionJson(double[] Output, string? Label, Dictionary<string, double>? Probabilities);
