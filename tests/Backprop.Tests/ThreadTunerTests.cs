using Backprop.Training;

namespace Backprop.Tests;

/// <summary>
/// The tuner is fed simulated step times: a step on all threads or on one costs what the machine's current "spell"
/// says. The figures are the project VM's (µs per Fashion-MNIST step): 205 on two threads and 300 on one normally;
/// 430 on two and 300 on one while both vCPUs share a physical core.
/// </summary>
public class ThreadTunerTests
{
    private const long MinStep = 20;
    private static readonly (long All, long One) Normal = (205, 300), SharedCore = (430, 300);

    /// <summary>Runs <paramref name="steps"/> steps; returns how many ran on one thread.</summary>
    private static int Run(ThreadTuner tuner, int steps, (long All, long One) spell)
    {
        int onOne = 0;
        for (int i = 0; i < steps; i++)
        {
            bool one = tuner.Threads == 1;
            if (one) onOne++;
            // A little jitter, so medians matter: every seventh step is 40% slower.
            long ticks = one ? spell.One : spell.All;
            if (i % 7 == 3) ticks = ticks * 14 / 10;
            tuner.Record(ticks);
        }
        return onOne;
    }

    [Fact]
    public void ThreadTuner_WhenAllThreadsAreFaster_StaysOnThem_AndProbesLessAndLessOften()
    {
        var tuner = new ThreadTuner(2, MinStep);
        int onOne = Run(tuner, 10_000, Normal);
        Assert.Equal(0, tuner.Switches);
        Assert.False(tuner.OnOneThread);
        // Probes after 128, 256, 512, 1024, then every 2048 steps: 7 probes of 8 steps in 10,000.
        Assert.Equal(7, tuner.Probes);
        Assert.Equal(7 * ThreadTuner.ProbeSteps, onOne);
    }

    [Fact]
    public void ThreadTuner_WhenBothCoresAreOne_SwitchesToOneThread_AtTheFirstProbe()
    {
        var tuner = new ThreadTuner(2, MinStep);
        Run(tuner, ThreadTuner.FirstInterval + ThreadTuner.Window + ThreadTuner.ProbeSteps, SharedCore);
        Assert.True(tuner.OnOneThread);
        Assert.Equal(1, tuner.Threads);
        Assert.Equal(1, tuner.Switches);
    }

    [Fact]
    public void ThreadTuner_FollowsASharedCoreSpell_InAndOut()
    {
        var tuner = new ThreadTuner(2, MinStep);
        Run(tuner, 5_000, Normal);
        Assert.False(tuner.OnOneThread);

        // The spell starts: step times on all threads double, which starts a probe early (once most of the last eight steps are slow).
        Run(tuner, ThreadTuner.Window + ThreadTuner.ProbeSteps, SharedCore);
        Assert.True(tuner.OnOneThread);
        int onOne = Run(tuner, 3_000, SharedCore);
        Assert.True(onOne > 2_800, $"{onOne} of 3,000 steps on one thread during the spell");

        // It ends: steps on one thread look the same as before, so only the periodic probe (at most every 256
        // steps) finds that two threads are fast again.
        Run(tuner, ThreadTuner.MaxIntervalOne + ThreadTuner.ProbeSteps, Normal);
        Assert.False(tuner.OnOneThread);
        Assert.Equal(2, tuner.Threads);
    }

    [Fact]
    public void ThreadTuner_WhenTheGainIsSmall_DoesNotSwitch()
    {
        // One thread only 3% faster: below the 5% a switch needs, so the tuner keeps all threads.
        var tuner = new ThreadTuner(2, MinStep);
        Run(tuner, 5_000, (300, 291));
        Assert.Equal(0, tuner.Switches);
    }

    [Fact]
    public void ThreadTuner_TinySteps_TurnItOff()
    {
        // The 9-line neuron's steps take about 0.1 µs: after the warm-up steps the tuner stops timing.
        var tuner = new ThreadTuner(2, MinStep);
        Run(tuner, ThreadTuner.WarmupSteps, (1, 1));
        Assert.False(tuner.Active);
        Run(tuner, 1_000, SharedCore);
        Assert.Equal(2, tuner.Threads);
        Assert.Equal(0, tuner.Probes);
    }

    [Fact]
    public void ThreadTuner_WithOneThreadAllowed_IsInactive()
    {
        var tuner = new ThreadTuner(1, MinStep);
        Assert.False(tuner.Active);
        Assert.Equal(1, tuner.Threads);
    }

    [Fact]
    public void ThreadTuner_WithoutSwitching_OnlyTellsWhetherStepsAreWorthASecondThread()
    {
        var tuner = new ThreadTuner(2, MinStep, switching: false);
        Assert.False(tuner.WorthThreads);
        Run(tuner, 2_000, SharedCore);
        Assert.True(tuner.WorthThreads);
        Assert.Equal(0, tuner.Probes);
        Assert.Equal(2, tuner.Threads);

        var tiny = new ThreadTuner(2, MinStep, switching: false);
        Run(tiny, 100, (1, 1));
        Assert.False(tiny.WorthThreads);
    }
}
