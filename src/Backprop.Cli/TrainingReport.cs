using System.Diagnostics;
using Backprop.Training;
using Spectre.Console;

namespace Backprop.Cli;

/// <summary>
/// Shows a training run as it goes: on a terminal, the notes and the network first, then one live progress bar for
/// the whole run; piped or under CI=true, plain lines (one per epoch, about twenty at most); with --quiet or --json,
/// nothing. Losses are shown in the target's own units (<see cref="RunView.LossFactor"/>).
/// </summary>
internal abstract class TrainingReport
{
    public static TrainingReport For(TrainSettings s, TextWriter output)
    {
        if (s.Json || s.Quiet) return new Silent();
        return IsPlain(output) ? new Plain(output) : new Live(output);
    }

    /// <summary>Whether output goes somewhere other than a person's terminal: redirected, captured, or CI=true.</summary>
    public static bool IsPlain(TextWriter output) =>
        Console.IsOutputRedirected || Environment.GetEnvironmentVariable("CI") is "true" or "1" || output != Console.Out;

    protected RunView View { get; private set; } = null!;

    /// <summary>Before training: what was decided about the data, how the run will end, and the network.</summary>
    public virtual void Begin(RunView view, IReadOnlyList<string> notes, string plan, string summary) => View = view;

    /// <summary>Before a second phase of training (the refit on every row): its length, and one line on what it is.</summary>
    public virtual void Again(RunView view, string line) => View = view;

    /// <summary>Runs <paramref name="train"/>, which reports through <see cref="Step"/> and <see cref="Epoch"/>; <paramref name="interrupt"/> says whether Ctrl-C ended it.</summary>
    public abstract void Run(Action train, CancellationToken interrupt);

    public virtual void Step(long step, double loss, int batchRows) { }

    public virtual void Epoch(EpochRecord record) { }

    /// <summary>Whether a table of the epochs is wanted at the end (a person at a terminal).</summary>
    public virtual bool WantsTables => false;

    private sealed class Silent : TrainingReport
    {
        public override void Run(Action train, CancellationToken interrupt) => train();
    }

    /// <summary>Writes the notes and the summary, as plain text.</summary>
    private static void WriteIntro(TextWriter output, IReadOnlyList<string> notes, string plan, string summary)
    {
        foreach (string note in notes) output.WriteLine($"note: {note}");
        output.WriteLine(plan);
        output.WriteLine(summary);
    }

    /// <summary>Writes a line on a terminal, wrapped at word boundaries to its width.</summary>
    public static void WriteWrapped(string line) => AnsiConsole.Write(new Text(line + "\n"));

    private sealed class Plain(TextWriter output) : TrainingReport
    {
        public override void Begin(RunView view, IReadOnlyList<string> notes, string plan, string summary)
        {
            base.Begin(view, notes, plan, summary);
            WriteIntro(output, notes, plan, summary);
        }

        public override void Again(RunView view, string line)
        {
            base.Again(view, line);
            output.WriteLine(line);
        }

        public override void Run(Action train, CancellationToken interrupt) => train();

        public override void Epoch(EpochRecord r)
        {
            if (Shown(r.Epoch, View.Epochs)) output.WriteLine(Describe(r, View));
        }
    }

    /// <summary>Whether epoch <paramref name="epoch"/> of <paramref name="epochs"/> gets a line: all of up to 20, else the first, about 20 evenly spaced, and the last.</summary>
    public static bool Shown(int epoch, int epochs) => epochs <= 20 || epoch == 1 || epoch == epochs || epoch % ((epochs + 19) / 20) == 0;

    /// <summary>An epoch in one line, each set by its name: train, validation or test.</summary>
    public static string Describe(EpochRecord r, RunView view)
    {
        string line = $"epoch {r.Epoch}/{view.Epochs}  train loss {view.Loss(r.TrainLoss):G5}";
        if (r.TrainAccuracy is double a) line += $" acc {a:P2}";
        if (r.ValidationLoss is double vl) line += $"  {view.HeldOut} loss {view.Loss(vl):G5}";
        if (r.ValidationAccuracy is double va) line += $" acc {va:P2}";
        return line + $"  {r.Seconds:F2}s";
    }

    /// <summary>One Spectre progress bar for the whole run: steps done, the epoch, the latest losses, samples/s and time left.</summary>
    private sealed class Live(TextWriter output) : TrainingReport
    {
        private ProgressTask? _task;
        private double _lossSum;
        private long _rows, _stepsInEpoch;
        private int _epoch;
        private string _last = "";
        private readonly Stopwatch _clock = new();

        public override bool WantsTables => true;

        public override void Begin(RunView view, IReadOnlyList<string> notes, string plan, string summary)
        {
            base.Begin(view, notes, plan, summary);
            foreach (string note in notes) WriteWrapped($"note: {note}");
            WriteWrapped(plan);
            output.WriteLine(summary);
            _epoch = view.StartEpoch + 1;
        }

        public override void Again(RunView view, string line)
        {
            base.Again(view, line);
            WriteWrapped(line);
            (_epoch, _last, _lossSum, _rows, _stepsInEpoch) = (1, "", 0, 0, 0);
        }

        public override void Run(Action train, CancellationToken interrupt)
        {
            AnsiConsole.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 20 }, new PercentageColumn(),
                         new RemainingTimeColumn())
                .Start(ctx =>
                {
                    _task = ctx.AddTask(Text(), maxValue: Math.Max(1, (View.Epochs - View.StartEpoch) * (double)View.StepsPerEpoch));
                    _clock.Start();
                    train();
                    // Early stopping ends a run before its budget: the bar ends full all the same, at the last epoch run
                    // (but where Ctrl-C stopped it, it stays).
                    if (!interrupt.IsCancellationRequested) _task.Value = _task.MaxValue;
                    _epoch = Math.Max(View.StartEpoch, _epoch - 1);
                    _rows = 0;
                    _task.Description = Text();
                    _task.StopTask();
                });
        }

        private string Text()
        {
            string text = $"epoch {Math.Min(_epoch, View.Epochs)}/{View.Epochs}";
            if (_rows > 0) text += $"  loss {View.Loss(_lossSum / _rows):G4}";
            return Markup.Escape(text + _last);
        }

        public override void Step(long step, double loss, int batchRows)
        {
            _lossSum += loss * batchRows;
            _rows += batchRows;
            _stepsInEpoch++;
            if (_task is not null && (_stepsInEpoch & 15) == 0)
            {
                _task.Increment(16);
                _task.Description = Text();
            }
        }

        public override void Epoch(EpochRecord record)
        {
            if (_task is null) return;
            _task.Increment(_stepsInEpoch & 15);
            _last = record.ValidationLoss is double vl ? $"  {View.HeldOut} loss {View.Loss(vl):G4}" : "";
            _epoch = record.Epoch + 1;
            _lossSum = 0; _rows = 0; _stepsInEpoch = 0;
            _task.Description = Text();
        }
    }
}
