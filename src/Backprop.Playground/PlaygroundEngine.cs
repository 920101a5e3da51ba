using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backprop.Playground;

/// <summary>
/// The page's one run: set up from the page's options, stepped, tuned, edited and explained, and drawn as a frame.
/// It holds no thread and no timer: whoever drives it (the browser's worker, or a test) calls it between steps, so
/// the page always sees the state between two steps. Bad input is a <see cref="BackpropException"/> with one line.
/// </summary>
public sealed class PlaygroundEngine : IDisposable
{
    /// <summary>Epochs per second when playing, unless the page asks otherwise (0: as fast as it goes).</summary>
    public const double DefaultSpeed = 30;

    /// <summary>
    /// The settings that change the running network without a reset: the step size and the regularisation rates
    /// (TensorFlow Playground's live controls). Everything else (architecture, data, features, seed, …) starts a new run.
    /// </summary>
    public static readonly IReadOnlySet<string> Live = new HashSet<string>(StringComparer.Ordinal) { "learning-rate", "l1", "weight-decay" };

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly string _uploads = Directory.CreateTempSubdirectory("backprop-playground-").FullName;
    private IPlaygroundRun _run = null!;
    private IReadOnlyDictionary<string, string> _options = PageOptions.Defaults;
    private UploadedFile? _upload;
    private int _patience;
    private string? _error;

    /// <summary>An engine on the page's first settings.</summary>
    public PlaygroundEngine() => Setup(PageOptions.Defaults, patience: 0);

    /// <summary>Starts a new run from the page's options (a reset is the same options again).</summary>
    public void Setup(IReadOnlyDictionary<string, string> options, int patience)
    {
        if (patience < 0) throw new BackpropException($"The patience of early stopping must be 0 (off) or more epochs, got {patience}.");
        var settings = PageOptions.Read(options, _upload);
        try
        {
            _run = settings.Type == "double" ? new PlaygroundRun<double>(settings, patience) : new PlaygroundRun<float>(settings, patience);
        }
        catch (BackpropException e) when (_upload is not null)
        {
            throw new BackpropException(_upload.Clean(e.Message), e);
        }
        (_options, _patience, _error) = (new Dictionary<string, string>(options), patience, null);
    }

    /// <summary>
    /// Takes the page's new options: when only <see cref="Live"/> settings differ, the running network goes on with
    /// them (the epoch counter keeps going); otherwise a new run starts. Returns whether the run went on.
    /// </summary>
    public bool Change(IReadOnlyDictionary<string, string> options, int patience)
    {
        var changed = options.Keys.Union(_options.Keys)
            .Where(k => !(options.TryGetValue(k, out var a) && _options.TryGetValue(k, out var b) && a == b)).ToArray();
        if (patience == _patience && changed.Length == 0) return true;   // the same options again (a field left without a new value)
        if (patience != _patience || !changed.All(Live.Contains))
        {
            Setup(options, patience);
            return false;
        }
        _run.Tune(PageOptions.Read(options, _upload) with { EarlyStopping = _patience > 0 ? _patience : null });
        (_options, _error) = (new Dictionary<string, string>(options), null);
        return true;
    }

    /// <summary>Stores an uploaded CSV and makes it the data, if it reads as the CSV reader reads it.</summary>
    public void Upload(string name, byte[] content)
    {
        var upload = UploadedFile.Save(name, content, _uploads);
        var earlier = _upload;
        _upload = upload;
        try
        {
            var options = new Dictionary<string, string>(_options) { ["data"] = upload.Name };
            options.Remove("samples");
            options.Remove("noise");
            options.Remove("features");
            Setup(options, _patience);
        }
        catch
        {
            _upload = earlier;
            throw;
        }
    }

    /// <summary>epoch (one epoch), batch (one step) or reset.</summary>
    public void Control(string action)
    {
        switch (action)
        {
            case "epoch": Guard(_run.RunEpoch); break;
            case "batch": Guard(_run.Step); break;
            case "reset": Setup(_options, _patience); break;
            default: throw new BackpropException($"Unknown action '{action}'; use epoch, batch or reset.");
        }
    }

    /// <summary>
    /// Plays for a while: whole epochs until <paramref name="milliseconds"/> have passed or <paramref name="most"/>
    /// epochs are done, a stop condition is met or the run fails. Returns the epochs trained.
    /// </summary>
    public int Play(double milliseconds, int most)
    {
        var clock = Stopwatch.StartNew();
        int done = 0;
        while (done < most && !_run.Finished && _error is null && (done == 0 || clock.Elapsed.TotalMilliseconds < milliseconds))
            if (Guard(_run.RunEpoch)) done++;
        return done;
    }

    /// <summary>Runs a training action; a diverged run stops with its message on the page rather than failing the call.</summary>
    private bool Guard(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (BackpropException e)
        {
            _error = e.Message;
            return false;
        }
    }

    /// <summary>Sets one weight (from −1: the bias) of Dense layer <paramref name="layer"/>.</summary>
    public void Edit(int layer, int from, int to, double value) => _run.Edit(layer, from, to, value);

    /// <summary>One step on one sample of the training or test set, explained (the run is not changed).</summary>
    public StepExplanation Explain(string set, int index) => _run.Explain(set, index);

    /// <summary>The model file, as safetensors or ONNX.</summary>
    public byte[] Model(string format) => _run.Model(format);

    /// <summary>Every neuron's map over the plane, as float32 bytes (the frame's plane says how many each column has); null off the plane.</summary>
    public byte[]? PlaneMaps() => _run.PlaneMaps();

    /// <summary>The points of the plane.</summary>
    public object Points() => _run.Points();

    /// <summary>error (training failed), finished (a stop condition is met) or paused (it may train on).</summary>
    public string Status => _error is not null ? "error" : _run.Finished ? "finished" : "paused";

    /// <summary>The state the page draws, with the status, the options and the equivalent command.</summary>
    public Dictionary<string, object?> Frame()
    {
        var frame = _run.Frame();
        frame["status"] = Status;
        frame["error"] = _error;
        frame["options"] = _options;
        frame["patience"] = _patience;
        frame["upload"] = _upload?.Name;
        frame["command"] = EquivalentCommand.CommandLine(_run.Settings, _options["data"], _run.Epoch);
        frame["csharp"] = EquivalentCommand.CSharp(_run.Settings, _options["data"], _run.Epoch);
        return frame;
    }

    /// <summary>
    /// <paramref name="value"/> as the page reads it: JSON, camel-case names, NaN written as "NaN". The page's objects are
    /// this assembly's (anonymous types and records), and the WebAssembly build keeps this assembly whole
    /// (TrimmerRootAssembly in Backprop.Web.csproj), so reflection finds every member it writes.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Backprop.Web roots this assembly: the types written here keep their members.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The WebAssembly build is not AOT-compiled.")]
    public static string Json(object value) => JsonSerializer.Serialize(value, JsonOptions);

    /// <summary>
    /// The options <see cref="Json"/> writes with, reading types from <paramref name="resolver"/> (a source-generated
    /// <see cref="JsonSerializerContext"/>) instead of by reflection: for the natively compiled command, which serves
    /// the lessons' pages in the same JSON as the page's own.
    /// </summary>
    public static JsonSerializerOptions JsonOptionsWith(System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver resolver) =>
        new(JsonOptions) { TypeInfoResolver = resolver };

    /// <summary>Reads the page's option map (JSON object of names and values, as the link holds them).</summary>
    public static Dictionary<string, string> Options(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw new BackpropException("The options must be an object of option names and values.");
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_uploads, recursive: true); }
        catch (IOException) { }
    }
}
