namespace Backprop.Lessons;

/// <summary>What every lesson is told, whatever its own options: where to print, and how.</summary>
/// <param name="Output">Where the lesson prints its numbers.</param>
/// <param name="Error">Where notes go that must not mix with JSON output (the trace, when --json is on).</param>
/// <param name="Json">Print the numbers as one JSON object instead of text.</param>
/// <param name="FromScratch">Run the plain port of the document instead of the library version.</param>
/// <param name="Trace">Print each training step in the document's words.</param>
/// <param name="TraceSteps">How many steps the trace shows.</param>
/// <param name="PlotsFolder">Where to write SVG pictures, or null to write none.</param>
public sealed record LessonSettings(TextWriter Output, TextWriter Error, bool Json = false, bool FromScratch = false,
    bool Trace = false, int TraceSteps = LessonSettings.DefaultTraceSteps, string? PlotsFolder = null)
{
    /// <summary>The trace shows this many steps unless told otherwise: enough to see the pattern, short enough to read.</summary>
    public const int DefaultTraceSteps = 3;

    /// <summary>The folder pictures go to when --plots is given without one.</summary>
    public const string DefaultPlotsFolder = "plots";

    /// <summary>The trace for this run, or null when tracing is off.</summary>
    public StepTrace? CreateTrace(TraceWords words) => Trace ? new StepTrace(TraceOutput, TraceSteps, words) : null;

    /// <summary>Where a trace prints: with the numbers, or on the error writer when the numbers are JSON.</summary>
    public TextWriter TraceOutput => Json ? Error : Output;
}
