using System.Diagnostics;
using Backprop.Random;
using Backprop.Serialization;
using Xunit.Abstractions;

namespace Backprop.Tests;

/// <summary>
/// Feeds a loader thousands of damaged copies of a good file: each must load or fail with a ModelFormatException
/// naming the file in one line, never another exception and never a hang. The damage comes from a seeded
/// generator, so a failure names a case that reproduces.
/// </summary>
internal static class FileFuzzer
{
    private const int MaxCases = 4000;
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(10);

    /// <summary>A way to damage a file: the damaged bytes and a description for the failure message.</summary>
    public delegate (byte[] Bytes, string What) Mutation(byte[] file, NumPyRandomState random);

    public static void Run(ITestOutputHelper output, string path, byte[] good, Action<string> load, Mutation mutate, uint seed)
    {
        var random = new NumPyRandomState(seed);
        var clock = Stopwatch.StartNew();
        int cases = 0, rejected = 0;
        while (cases < MaxCases && clock.Elapsed < TimeBudget)
        {
            var (bytes, what) = mutate(good, random);
            if (random.RandInt(4) == 0)
            {
                var (again, more) = mutate(bytes, random);
                (bytes, what) = (again, $"{what}, then {more}");
            }
            File.WriteAllBytes(path, bytes);
            var attempt = Task.Run(() => load(path));
            try
            {
                if (!attempt.Wait(HangLimit)) Assert.Fail($"Case {cases} ({what}) did not finish within {HangLimit.TotalSeconds} s.");
            }
            catch (AggregateException e) when (e.InnerException is ModelFormatException m)
            {
                Assert.Equal(path, m.File);
                Assert.DoesNotContain('\n', m.Message);
                rejected++;
            }
            catch (AggregateException e)
            {
                Assert.Fail($"Case {cases} ({what}) threw {e.InnerException!.GetType().Name}: {e.InnerException.Message}");
            }
            cases++;
        }
        output.WriteLine($"{cases} damaged files in {clock.Elapsed.TotalSeconds:F1} s: {rejected} rejected, {cases - rejected} loaded");
        Assert.True(cases >= 200, $"only {cases} cases ran in {TimeBudget.TotalSeconds} s");
        Assert.True(rejected > cases / 4, $"only {rejected} of {cases} damaged files were rejected");
    }
}
