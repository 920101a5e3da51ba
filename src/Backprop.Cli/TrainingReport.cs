using System.Diagnostics;
using Backprop.Training;
using Spectre.Console;

namespace Backprop.Cli;

/// <summary>Shows training progress: live bars on a terminal, plain quiet lines otherwise, nothing with --json.</summary>
internal abstract class TrainingReport
{
    public static TrainingReport For(bool json, TextWriter output)
    {
        if (json) return new Silent();
        bool plain = Console.IsOutputRedirected || Environment.GetEnvironmentVariable("CI") is "true" or "1" || output != Console.Out;
        return plain ? new Plain(output) : new Live();
    }

    /// <summary>Runs <paramref name="train"/>, which reports through <see cref="Step"/> and <see cref="Epoch"/>.</summary>
    public abstract void Run(int epochs, int stepsPerEpoch, Action train);

    public abstract void Step(long step, double loss, int batchRows);

    public abstract void Epoch(EpochRecord record, int epochs);

    private sealed class Silent : TrainingReport
    {
        public override void Run(int epochs, int stepsPerEpoch, Action train) => train();
        public override void Step(long step, double loss, int batchRows) { }
        public override void Epoch(EpochRecord record, int epochs) { }
    }

    private sealed class Plain(TextWriter output) : TrainingReport
    {
        public override void Run(int epochs, int stepsPerEpoch, Action train) => train();
        public override void Step(long step, double loss, int batchRows) { }
        public override void Epoch(EpochRecord r, int epochs)
        {
            if (Shown(r.Epoch, epochs)) output.WriteLine(Describe(r, epochs));
        }
    }

    /// <summary>Whether epoch <paramref name="epoch"/> of <paramref name="epochs"/> gets a line: all of up to 20, else about 20 evenly spaced, and the last.</summary>
    public static bool Shown(int epoch, int epochs) => epochs <= 20 || epoch == epochs || epoch % ((epochs + 19) / 20) == 0;

    public static string Describe(EpochRecord r, int epochs)
    {
        string line = $"epoch {r.Epoch}/{epochs}  loss {r.TrainLoss:G5}";
        if (r.TrainAccuracy is double a) line += $"  acc {a:P2}";
        if (r.ValidationLoss is double vl) line += $"  val-loss {vl:G5}";
        if (r.ValidationAccuracy is double va) line += $"  val-acc {va:P2}";
        return line + $"  {r.Seconds:F2}s";
    }

    /// <summary>One Spectre progress bar per epoch: batches done, running loss, samples/s and time left.</summary>
    private sealed class Live : TrainingReport
    {
        private ProgressContext? _context;
        private ProgressTask? _task;
        private int _stepsPerEpoch, _epochs, _epoch;
        private double _lossSum;
        private long _rows, _stepsInEpoch;
        private readonly Stopwatch _clock = new();

        public override void Run(int epochs, int stepsPerEpoch, Action train)
        {
            _epochs = epochs;
            _stepsPerEpoch = stepsPerEpoch;
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                         new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx => { _context = ctx; train(); _task?.StopTask(); });
        }

        public override void Step(long step, double loss, int batchRows)
        {
            if (_task is null || _stepsInEpoch >= _stepsPerEpoch)
            {
                _epoch++;
                _task?.StopTask();
                _task = _context!.AddTask($"epoch {_epoch}/{_epochs}", maxValue: _stepsPerEpoch);
                _lossSum = 0; _rows = 0; _stepsInEpoch = 0;
                _clock.Restart();
            }
            _lossSum += loss * batchRows;
            _rows += batchRows;
            _stepsInEpoch++;
            if (_stepsInEpoch % 16 == 0 || _stepsInEpoch == _stepsPerEpoch)
            {
                double rate = _rows / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
                _task.Description = $"epoch {_epoch}/{_epochs}  loss {_lossSum / _rows:G4}  {rate:N0} samples/s";
                _task.Value = _stepsInEpoch;
            }
        }

        public override void Epoch(EpochRecord record, int epochs)
        {
            if (_task is null) return;
            _task.Value = _task.MaxValue;
            _task.Description = Describe(record, epochs);
            _stepsInEpoch = _stepsPerEpoch;
        }
    }
}
