using System.Diagnostics;

namespace Backprop.Cli.Playground;

/// <summary>
/// The one run this server holds for its one user: set up from the page's options, played on a background task,
/// stepped, edited and explained between steps. Everything that touches the network takes the same lock, so the
/// page always sees the state between two steps. When the last page stops listening, training pauses.
/// </summary>
internal sealed class PlaygroundSession : IDisposable
{
    private readonly object _gate = new();
    private readonly string _uploads = Directory.CreateTempSubdirectory("backprop-playground-").FullName;
    private IPlaygroundRun _run = null!;
    private IReadOnlyDictionary<string, string> _options = PageOptions.Defaults;
    private UploadedFile? _upload;
    private int _patience;
    private double _speed;
    private bool _playing;
    private string? _error;
    private long _version;
    private int _listeners;

    public PlaygroundSession() => Setup(PageOptions.Defaults, patience: 0, speed: DefaultSpeed);

    /// <summary>Epochs per second when playing, unless the page asks otherwise (0: as fast as it goes).</summary>
    public const double DefaultSpeed = 30;

    /// <summary>Changes whenever the state does: the event stream sends a frame when it sees a new one.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Pages listening to the event stream now.</summary>
    public int Listeners => Volatile.Read(ref _listeners);

    /// <summary>Starts a new run from the page's options (a reset is the same options again); training is paused.</summary>
    public void Setup(IReadOnlyDictionary<string, string> options, int patience, double speed)
    {
        if (patience < 0) throw new BackpropException($"The patience of early stopping must be 0 (off) or more epochs, got {patience}.");
        if (!(speed >= 0) || double.IsInfinity(speed)) throw new BackpropException($"The speed must be 0 (as fast as it goes) or more epochs per second, got {speed}.");
        lock (_gate)
        {
            UploadedFile? upload = _upload;
            var settings = PageOptions.Read(options, upload);
            IPlaygroundRun run;
            try
            {
                run = settings.Type == "double" ? new PlaygroundRun<double>(settings, patience) : new PlaygroundRun<float>(settings, patience);
            }
            catch (BackpropException e) when (upload is not null)
            {
                throw new BackpropException(upload.Clean(e.Message), e);
            }
            _playing = false;
            (_run, _options, _patience, _speed, _error) = (run, options, patience, speed, null);
            Changed();
        }
    }

    /// <summary>Stores an uploaded CSV and makes it the data, if it reads as the CSV reader reads it.</summary>
    public async Task<UploadedFile> UploadAsync(string name, Stream body, CancellationToken cancel)
    {
        var upload = await UploadedFile.SaveAsync(name, body, _uploads, cancel);
        lock (_gate)
        {
            var earlier = _upload;
            _upload = upload;
            try
            {
                var options = new Dictionary<string, string>(_options) { ["data"] = upload.Name };
                options.Remove("samples");
                options.Remove("noise");
                options.Remove("features");
                Setup(options, _patience, _speed);
            }
            catch
            {
                _upload = earlier;
                throw;
            }
        }
        return upload;
    }

    /// <summary>play, pause, epoch (one epoch), batch (one step) or reset.</summary>
    public void Control(string action)
    {
        lock (_gate)
        {
            switch (action)
            {
                case "play":
                    if (_playing || _run.Finished) return;
                    _playing = true;
                    _error = null;
                    _ = Task.Run(Loop);
                    break;
                case "pause": _playing = false; break;
                case "epoch": Guard(() => _run.RunEpoch()); break;
                case "batch": Guard(() => _run.Step()); break;
                case "reset": Setup(_options, _patience, _speed); break;
                default: throw new BackpropException($"Unknown action '{action}'; use play, pause, epoch, batch or reset.");
            }
            Changed();
        }
    }

    /// <summary>Plays: a paced epoch at a time, or epochs for 30 ms at a stretch at full speed, letting requests in between.</summary>
    private async Task Loop()
    {
        var clock = Stopwatch.StartNew();
        long epochs = 0;
        while (true)
        {
            double speed;
            lock (_gate)
            {
                if (!_playing) return;
                speed = _speed;
                var slice = Stopwatch.StartNew();
                do
                {
                    if (_run.Finished) { _playing = false; break; }
                    if (!Guard(() => _run.RunEpoch())) break;
                    epochs++;
                } while (speed == 0 && slice.ElapsedMilliseconds < 30);
                Changed();
                if (!_playing) return;
            }
            if (speed > 0)
            {
                double due = epochs * 1000 / speed - clock.Elapsed.TotalMilliseconds;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, due)));
            }
            else await Task.Delay(1);
        }
    }

    /// <summary>Runs a training action; a diverged run pauses with its message rather than failing the request.</summary>
    private bool Guard(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (BackpropException e)
        {
            _playing = false;
            _error = e.Message;
            return false;
        }
    }

    public void Edit(int layer, int from, int to, double value)
    {
        lock (_gate)
        {
            _run.Edit(layer, from, to, value);
            Changed();
        }
    }

    public StepExplanation Explain(string set, int index)
    {
        lock (_gate) return _run.Explain(set, index);
    }

    public byte[] Model(string format)
    {
        lock (_gate) return _run.Model(format);
    }

    public object Points()
    {
        lock (_gate) return _run.Points();
    }

    /// <summary>The state the page draws, with the status, the options and the equivalent command.</summary>
    public Dictionary<string, object?> Frame()
    {
        lock (_gate)
        {
            var frame = _run.Frame();
            frame["version"] = Version;
            frame["status"] = _error is not null ? "error" : _playing ? "playing" : _run.Finished ? "finished" : "paused";
            frame["error"] = _error;
            frame["options"] = _options;
            frame["patience"] = _patience;
            frame["speed"] = _speed;
            frame["upload"] = _upload?.Name;
            frame["command"] = EquivalentCommand.CommandLine(_run.Settings, _options["data"], _run.Epoch);
            frame["csharp"] = EquivalentCommand.CSharp(_run.Settings, _options["data"], _run.Epoch);
            return frame;
        }
    }

    /// <summary>A page starts listening to the event stream.</summary>
    public void Listen() => Interlocked.Increment(ref _listeners);

    /// <summary>A page stopped listening (closed or reloaded): when none is left, training pauses.</summary>
    public void Unlisten()
    {
        if (Interlocked.Decrement(ref _listeners) > 0) return;
        lock (_gate)
        {
            _playing = false;
            Changed();
        }
    }

    private void Changed() => Interlocked.Increment(ref _version);

    public void Dispose()
    {
        lock (_gate) _playing = false;
        try { Directory.Delete(_uploads, recursive: true); }
        catch (IOException) { }
    }
}
