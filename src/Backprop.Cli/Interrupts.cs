using System.Runtime.InteropServices;
using Backprop.Serialization;

namespace Backprop.Cli;

/// <summary>
/// Ctrl-C and termination signals for every command: a run that can stop gracefully (train) gets the first Ctrl-C
/// as a request to stop after its step; otherwise the process ends at once, as the signal asks, and first removes
/// the temporary file of any write still under way, so that nothing half-written or hidden is left behind.
/// </summary>
internal static class Interrupts
{
    private static CancellationTokenSource? _graceful;

    /// <summary>Handles SIGINT, SIGTERM and SIGHUP until the returned registrations are disposed.</summary>
    public static IDisposable Install() => new Registrations(
        [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, Handle))]);

    /// <summary>The first Ctrl-C cancels <paramref name="stop"/> instead of ending the process, until disposed.</summary>
    public static IDisposable StopGracefully(CancellationTokenSource stop)
    {
        var before = Interlocked.Exchange(ref _graceful, stop);
        return new Restore(() => Interlocked.CompareExchange(ref _graceful, before, stop));
    }

    private static void Handle(PosixSignalContext context)
    {
        if (context.Signal == PosixSignal.SIGINT && _graceful is { IsCancellationRequested: false } stop)
        {
            stop.Cancel();
            context.Cancel = true;                       // a second Ctrl-C ends the process
            return;
        }
        AtomicFile.AbandonUnfinished();
    }

    private sealed class Registrations(PosixSignalRegistration[] all) : IDisposable
    {
        public void Dispose() { foreach (var r in all) r.Dispose(); }
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
