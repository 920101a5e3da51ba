using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Onnx;
using Backprop.Optimizers;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Playground;

/// <summary>What the session needs from a run, whatever its numeric type.</summary>
public interface IPlaygroundRun
{
    TrainSettings Settings { get; }
    int Epoch { get; }
    bool Finished { get; }
    bool Edited { get; }
    void Step();
    void RunEpoch();
    Dictionary<string, object?> Frame();
    byte[]? PlaneMaps();
    object Points();
    void Edit(int layer, int from, int to, double value);
    void Tune(TrainSettings settings);
    StepExplanation Explain(string set, int index);
    byte[] Model(string format);
}

/// <summary>
/// One run on the page: the data, network and trainer that <c>backprop train</c> builds from the same settings
/// (<see cref="TrainRun{T}"/>), stepped through the trainer's own Step and RunEpoch,
/// so after N epochs its numbers are those of <c>backprop train --epochs N</c>.
/// </summary>
public sealed class PlaygroundRun<T> : IPlaygroundRun where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TrainRun<T> _run;
    private readonly PreparedData<T> _data;
    private readonly Dataset<T>? _heldOut;
    private readonly PlaneView<T>? _plane;
    private readonly (double[][] Train, double[][] Test, double[][] TrainTargets, double[][] TestTargets)? _points;
    private readonly EarlyStopping<T>? _stopping;
    private readonly (double Loss, double? Accuracy) _initialTrain, _initialTest;
    private bool _restored;

    /// <summary>A run of <paramref name="settings"/>; <paramref name="patience"/> epochs is <c>--early-stopping</c>'s, 0 for none.</summary>
    public PlaygroundRun(TrainSettings settings, int patience)
    {
        // The patience is train's --early-stopping, so the plan, the split and the copied command are train's too.
        Settings = settings = patience > 0 ? settings with { EarlyStopping = patience } : settings;
        if (settings.Layers.FirstOrDefault(l => l.NeedsImages) is { } image)
            throw new BackpropException($"Layer {image}: the page trains on rows of values, not images, and convolution and pooling need images; " +
                                        "use dense layers here, or backprop train --input-shape HxWxC for images.");
        // The library's run set-up, as backprop train makes it: the same data, network, trainer, early stopping (on the
        // validation loss, or the training loss when there is no validation set) and schedule.
        _run = TrainRun<T>.Create(settings);
        // A set too small to hold out a test set (fewer than train's MinValidationRows rows held out: xor, and and or
        // have four points) trains on all its points and has no test set, rather than testing on one or two.
        int count = _run.Data.Train.Count + (_run.Data.Validation?.Count ?? 0);
        if (settings.ValidationSplit is double split and > 0 && !TrainPlan.CanHoldOut(count, split))
        {
            Settings = settings = settings with { ValidationSplit = 0 };
            _run = TrainRun<T>.Create(settings);
            HeldOutNote = $"{settings.Data} has {count} points, too few to hold out a test set of {TrainPlan.MinValidationRows}: " +
                          $"it trains on all {count}, and there is no test set.";
        }
        var plan = _run.Plan;
        _data = _run.Data;
        _heldOut = _run.HeldOut;
        _stopping = _run.Stopping;
        _run.Trainer.Start(_data.Train, _heldOut);
        _initialTrain = _run.Trainer.Evaluate(_data.Train);
        _initialTest = _heldOut is null ? (double.NaN, null) : _run.Trainer.Evaluate(_heldOut);
        // The plane: the same rows before features and normalisation (same seed, so the same split).
        var raw = PreparedData<T>.Load(settings with { Features = null, Normalize = "none" }, plan);
        if (raw.Train.InputSize == 2)
        {
            var rows = Rows(raw.Train).Concat(raw.Validation is null ? [] : Rows(raw.Validation)).Concat(raw.Test is null ? [] : Rows(raw.Test)).ToArray();
            var extent = PlaygroundData.Has(settings.Data) ? (-6.0, 6.0, -6.0, 6.0) : Bounds(rows);
            var features = settings.Features is null ? null : InputFeatures.Parse(settings.Features);
            _plane = new PlaneView<T>(_run.Network, features, _data.Normalizer, extent);
            var heldOut = raw.Validation ?? raw.Test;
            _points = (Rows(raw.Train), heldOut is null ? [] : Rows(heldOut), Targets(raw.Train), heldOut is null ? [] : Targets(heldOut));
        }
    }

    public TrainSettings Settings { get; private set; }

    /// <summary>Why the run has no test set when the page's ratio asked for one; null otherwise.</summary>
    public string? HeldOutNote { get; }

    public Trainer<T> Trainer => _run.Trainer;

    public int Epoch => Trainer.CompletedEpochs;

    public bool Edited { get; private set; }

    /// <summary>A stop condition is met: the epochs asked for, the target loss, or early stopping's patience run out.</summary>
    public bool Finished => _run.IsFinished;

    public void Step()
    {
        int before = Trainer.CompletedEpochs;
        Trainer.Step();
        if (Trainer.CompletedEpochs != before) AfterEpoch();
    }

    public void RunEpoch()
    {
        Trainer.RunEpoch();
        AfterEpoch();
    }

    /// <summary>When the run has just finished, puts back the best epoch's weights, as <c>backprop train</c> does.</summary>
    private void AfterEpoch()
    {
        if (_restored || !Finished || _stopping is null) return;
        _restored = _stopping.RestoreBest(Trainer);
    }

    /// <summary>What the page draws now: counters, losses, the curves, the weights, the maps and the confusion matrix.</summary>
    public Dictionary<string, object?> Frame()
    {
        var epochs = Trainer.History.Epochs;
        var last = epochs.Count > 0 ? epochs[^1] : null;
        var frame = new Dictionary<string, object?>
        {
            ["epoch"] = Trainer.CompletedEpochs,
            ["steps"] = Trainer.CompletedSteps,
            ["stepInEpoch"] = Trainer.StepInEpoch,
            ["trainLoss"] = last?.TrainLoss ?? _initialTrain.Loss,
            ["testLoss"] = last is null ? _initialTest.Loss : last.ValidationLoss,
            ["trainAccuracy"] = last is null ? _initialTrain.Accuracy : last.TrainAccuracy,
            ["testAccuracy"] = last is null ? _initialTest.Accuracy : last.ValidationAccuracy,
            ["history"] = History(),
            ["network"] = NetworkShape(),
            ["edited"] = Edited,
            ["finished"] = Finished,
            ["stopReason"] = Finished ? _run.Ended().Reason : null,   // backprop train's words
            ["heldOutNote"] = HeldOutNote,
            ["restoresBest"] = _stopping is not null,
        };
        if (_plane is not null)   // the maps themselves come apart, as bytes (PlaneMaps)
            frame["plane"] = new { size = PlaneView<T>.Size, extent = new[] { _plane.Extent.X0, _plane.Extent.X1, _plane.Extent.Y0, _plane.Extent.Y1 }, columns = _plane.Columns };
        if (_data.Classification && (_heldOut ?? _data.Train) is { } evaluated)
            frame["confusion"] = ToJagged(Evaluation.ConfusionMatrix(_run.Network, evaluated));
        return frame;
    }

    /// <summary>Every neuron's map over the plane (<see cref="PlaneView{T}.Maps"/>), or null when the data is not on a plane.</summary>
    public byte[]? PlaneMaps() => _plane?.Maps();

    /// <summary>At most about 400 points per curve: every k-th epoch and always the last.</summary>
    private object History()
    {
        var epochs = Trainer.History.Epochs;
        int every = Math.Max(1, (epochs.Count + 399) / 400);
        var picked = Enumerable.Range(0, epochs.Count).Where(i => i % every == 0 || i == epochs.Count - 1).Select(i => epochs[i]).ToArray();
        return new
        {
            epoch = picked.Select(e => e.Epoch).Prepend(0),
            train = picked.Select(e => e.TrainLoss).Prepend(_initialTrain.Loss),
            test = picked.Select(e => e.ValidationLoss ?? double.NaN).Prepend(_initialTest.Loss),
            trainAccuracy = picked.Select(e => e.TrainAccuracy ?? double.NaN).Prepend(_initialTrain.Accuracy ?? double.NaN),
            testAccuracy = picked.Select(e => e.ValidationAccuracy ?? double.NaN).Prepend(_initialTest.Accuracy ?? double.NaN),
        };
    }

    /// <summary>The Dense layers' weights ([from][to]) and biases, with the activation after each.</summary>
    private object NetworkShape()
    {
        var layers = _run.Network.Layers;
        var dense = new List<object>();
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i] is not Dense<T> d) continue;
            string activation = i + 1 < layers.Count && layers[i + 1] is not Dense<T> ? layers[i + 1].Name : "Identity";
            dense.Add(new
            {
                units = d.OutputSize, activation,
                weights = d.Weights.Value.ToRows().Select(r => r.Select(v => double.CreateChecked(v))),
                biases = d.Bias?.Value.ToArray().Select(v => double.CreateChecked(v)),
            });
        }
        return new { inputs = InputNames(), layers = dense, labels = _data.LabelNames, classification = _data.Classification };
    }

    private string[] InputNames() =>
        Settings.Features is { } f ? [.. InputFeatures.Parse(f).Select(x => x.Label)]
        : _data.Columns is { } header && header.Length == _data.Train.InputSize ? [.. header]
        : _data.Train.InputSize == 2 ? ["x₁", "x₂"]
        : [.. Enumerable.Range(1, _data.Train.InputSize).Select(i => $"x{i}")];

    /// <summary>The points of the plane: raw (x₁, x₂) and targets, training and test.</summary>
    public object Points() => _points is null ? new { plane = false } : new
    {
        plane = true,
        train = _points.Value.Train, test = _points.Value.Test,
        trainTargets = _points.Value.TrainTargets, testTargets = _points.Value.TestTargets,
        classification = _data.Classification, labels = _data.LabelNames,
    };

    /// <summary>Sets the weight from unit <paramref name="from"/> to unit <paramref name="to"/> of Dense layer <paramref name="layer"/> (from −1: the bias).</summary>
    public void Edit(int layer, int from, int to, double value)
    {
        var dense = _run.Network.Layers.OfType<Dense<T>>().ElementAtOrDefault(layer)
            ?? throw new BackpropException($"The network has no Dense layer {layer}.");
        if (!double.IsFinite(value) || !T.IsFinite(T.CreateSaturating(value)))
            throw new BackpropException($"A weight must be a finite number{(double.IsFinite(value) ? $" of the network's type ({typeof(T).Name.ToLowerInvariant()})" : "")}, got {value}.");
        if (to < 0 || to >= dense.OutputSize || from < -1 || from >= dense.InputSize)
            throw new BackpropException($"Dense layer {layer} has no weight from {from} to {to}.");
        if (from == -1)
        {
            var bias = dense.Bias ?? throw new BackpropException($"Dense layer {layer} has no bias.");
            bias.Value[0, to] = T.CreateChecked(value);
        }
        else dense.Weights.Value[from, to] = T.CreateChecked(value);
        Edited = true;
    }

    /// <summary>
    /// Goes on with new live settings (<see cref="PlaygroundEngine.Live"/>: the learning rate and the regularisation
    /// rates), set on the optimizer between two steps. Once the run has trained, its command no longer repeats it.
    /// </summary>
    public void Tune(TrainSettings settings)
    {
        var optimizer = Trainer.Optimizer;
        optimizer.LearningRate = settings.EffectiveLearningRate;
        optimizer.WeightDecay = settings.WeightDecay;
        optimizer.L1 = settings.L1;
        if (Trainer.CompletedSteps > 0) Edited = true;
        Settings = settings;
    }

    /// <summary>One step on sample <paramref name="index"/> of the training or test set, taken on copies of the weights.</summary>
    public StepExplanation Explain(string set, int index)
    {
        var data = set switch
        {
            "train" => _data.Train,
            "test" => _heldOut ?? throw new BackpropException("This run has no test set; set the train/test ratio below 100 %."),
            _ => throw new BackpropException($"There is no '{set}' set; the sets are train and test."),
        };
        if (index < 0 || index >= data.Count) throw new BackpropException($"The {set} set has samples 0 to {data.Count - 1}; {index} is not one.");
        var (x, y) = data.Subset([index]).ToMatrices();
        var s = Settings;
        var optimizer = OptimizerFactory.Create<T>(s.Optimizer, new OptimizerSettings(s.EffectiveLearningRate, s.Momentum, s.WeightDecay, s.L1));
        double[] target = [.. y.Row(0).ToArray().Select(v => double.CreateChecked(v))];
        var step = StepExplanation.Explain($"Sample {index} of the {set} set", _run.Network, Trainer.Loss, optimizer,
            [.. x.Row(0).ToArray().Select(v => double.CreateChecked(v))], target, InputNames());
        return _data.Classification ? step with { TargetClass = ClassOf(target) } : step;
    }

    /// <summary>The class a target row stands for: the one-hot column set, or for one 0/1 column, 0 or 1; by name where the data names them.</summary>
    private string ClassOf(double[] target)
    {
        int k = target.Length == 1 ? (target[0] >= 0.5 ? 1 : 0) : Array.IndexOf(target, target.Max());
        return _data.LabelNames is { } names && k < names.Count ? names[k] : k.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The model file: "safetensors" as <c>backprop train --model</c> writes it, or "onnx" as <c>backprop export</c> does.</summary>
    public byte[] Model(string format)
    {
        string folder = Directory.CreateTempSubdirectory("backprop-playground-model-").FullName;
        try
        {
            string path = Path.Combine(folder, "model." + format);
            var metadata = _data.Metadata();
            if (format == "onnx") _run.Network.SaveOnnx(path, metadata);
            else if (format == "safetensors") _run.Network.Save(path, metadata);
            else throw new BackpropException($"Unknown model format '{format}'; use safetensors or onnx.");
            return File.ReadAllBytes(path);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static double[][] Rows(Dataset<T> data) =>
        [.. data.ToMatrices().Inputs.ToRows().Select(r => r.Select(v => double.CreateChecked(v)).ToArray())];

    private static double[][] Targets(Dataset<T> data) =>
        [.. data.ToMatrices().Targets.ToRows().Select(r => r.Select(v => double.CreateChecked(v)).ToArray())];

    private static (double, double, double, double) Bounds(double[][] rows)
    {
        double x0 = rows.Min(r => r[0]), x1 = rows.Max(r => r[0]), y0 = rows.Min(r => r[1]), y1 = rows.Max(r => r[1]);
        double px = Math.Max(1e-6, (x1 - x0) * 0.08), py = Math.Max(1e-6, (y1 - y0) * 0.08);
        return (x0 - px, x1 + px, y0 - py, y1 + py);
    }

    private static int[][] ToJagged(int[,] m) =>
        [.. Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray())];
}
