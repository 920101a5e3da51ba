using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Backprop.Layers;
using Backprop.Onnx;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;
using Microsoft.ML.OnnxRuntime;

namespace Backprop.Bench;

/// <summary>
/// Serving a model, as a .NET developer would: Backprop's <see cref="Predictor{T}"/> (and the allocating
/// Network.Predict) against ONNX Runtime running the same network exported with SaveOnnx, with its input and output
/// OrtValues made once. 784-128-10 and conv32x3-maxpool2-conv64x3-maxpool2-128 (valid), one row and 64; each side
/// with its default threads (Backprop: every core; ONNX Runtime: its default intra-op pool).
/// </summary>
/// <example>dotnet run -c Release --project bench/Backprop.Bench -- --filter '*Predict*' --job short</example>
[Config(typeof(Config))]
public class PredictBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new RowsPerSecondColumn());
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }

    [Params("mlp", "cnn")]
    public string Model { get; set; } = "";

    [Params(1, 64)]
    public int Batch { get; set; }

    private Network<float> _network = null!;
    private Predictor<float> _predictor = null!;
    private Matrix<float> _inputs = null!;
    private float[] _outputs = null!, _ortOutputs = null!;
    private InferenceSession _session = null!;
    private OrtValue _ortInput = null!, _ortOutput = null!;
    private RunOptions _runOptions = null!;
    private readonly string[] _inputNames = [OnnxExport.InputName], _outputNames = [OnnxExport.OutputName];
    private OrtValue[] _ortInputs = null!, _ortOutputValues = null!;
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        var random = new NumPyRandomState(1);
        _network = Model == "mlp"
            ? new Network<float>(784, [new Dense<float>(128), new ReLU<float>(), new Dense<float>(10), new Softmax<float>()], random)
            : new Network<float>(new ImageShape(28, 28, 1),
                [new Conv2D<float>(32, 3), new ReLU<float>(), new MaxPool2D<float>(2), new Conv2D<float>(64, 3), new ReLU<float>(), new MaxPool2D<float>(2),
                 new Flatten<float>(), new Dense<float>(128), new ReLU<float>(), new Dense<float>(10), new Softmax<float>()], random);
        _inputs = new Matrix<float>(Batch, _network.InputSize);
        for (int i = 0; i < _inputs.Length; i++) _inputs.AsSpan()[i] = (float)random.RandomSample();
        _predictor = new Predictor<float>(_network, maxBatch: 64);
        _outputs = new float[Batch * _network.OutputSize];
        _ortOutputs = new float[Batch * _network.OutputSize];

        _path = Path.Combine(Path.GetTempPath(), $"predict-bench-{Environment.ProcessId}-{Model}.onnx");
        _network.SaveOnnx(_path);
        _session = new InferenceSession(_path);
        _ortInput = OrtValue.CreateTensorValueFromMemory(_inputs.AsSpan().ToArray(), [Batch, _network.InputSize]);
        _ortOutput = OrtValue.CreateTensorValueFromMemory(_ortOutputs, [Batch, _network.OutputSize]);
        _ortInputs = [_ortInput];
        _ortOutputValues = [_ortOutput];
        _runOptions = new RunOptions();

        // The same model on both sides: the answers agree to float rounding.
        Backprop();
        OnnxRuntime();
        double worst = _outputs.Zip(_ortOutputs).Max(p => Math.Abs(p.First - p.Second));
        if (worst > 1e-5) throw new InvalidOperationException($"Backprop and ONNX Runtime differ by {worst} on {Model}.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _runOptions.Dispose();
        _ortInput.Dispose();
        _ortOutput.Dispose();
        _session.Dispose();
        File.Delete(_path);
    }

    /// <summary>The serving API: rows in, outputs out, buffers made once.</summary>
    [Benchmark(Baseline = true)]
    public void Backprop() => _predictor.Predict(_inputs.AsSpan(), _outputs);

    /// <summary>The convenience call: a new output matrix per call, a pooled predictor inside.</summary>
    [Benchmark]
    public Matrix<float> NetworkPredict() => _network.Predict(_inputs);

    /// <summary>ONNX Runtime on the exported file, input and output OrtValues made once.</summary>
    [Benchmark]
    public void OnnxRuntime() => _session.Run(_runOptions, _inputNames, _ortInputs, _outputNames, _ortOutputValues);

    /// <summary>Rows predicted per second: the batch over the mean time.</summary>
    private sealed class RowsPerSecondColumn : IColumn
    {
        public string Id => nameof(RowsPerSecondColumn);
        public string ColumnName => "rows/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Rows predicted per second: Batch / mean";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            if (mean is not > 0 || benchmarkCase.Parameters["Batch"] is not int batch) return "-";
            return (batch * 1e9 / mean.Value).ToString("N0");
        }
    }
}
