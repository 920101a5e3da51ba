using Backprop.Training;

namespace Backprop.Cli;

/// <summary>The JSON object <c>backprop train --json</c> prints; losses in the target's own units.</summary>
internal sealed record TrainJson(
    string Data, IReadOnlyList<string> Notes, int TrainSamples, int? ValidationSamples, int? TestSamples, EpochJson[] Epochs,
    string Stopped, int? KeptEpoch, int? RefitEpochs, double SamplesPerSecond, long StepsOnOneThread,
    long FlopsPerExample, long FlopsPerEpoch, LayerFlopsJson[] FlopsPerLayer, InstructionSetJson InstructionSet,
    long PeakMemoryBytes, double PeakMemoryMib, double? TestLoss, double? TestAccuracy, double? TestMse, double? TestMae, double? TestR2,
    IReadOnlyList<string> Files)
{
    public static TrainJson Of(TrainOutcome o) => new(
        o.Data, o.Notes, o.TrainSamples, o.ValidationSamples, o.TestSamples,
        [.. o.History.Epochs.Select(e => new EpochJson(e.Epoch, o.View.Loss(e.TrainLoss), e.TrainAccuracy,
            e.ValidationLoss is double l ? o.View.Loss(l) : null, e.ValidationAccuracy, e.Seconds))],
        o.Stop.Reason, o.Stop.KeptEpoch, o.Stop.RefitEpochs, o.SamplesPerSecond, o.History.StepsOnOneThread,
        // The arithmetic of an epoch, from the architecture (TrainingFlops): what bench/compare.sh divides by the GEMM's peak.
        TrainingFlops.PerExample(o.Flops), TrainingFlops.PerEpoch(o.Flops, o.TrainSamples),
        [.. o.Flops.Select(l => new LayerFlopsJson(l.Layer, l.Forward, l.WeightGradient, l.InputGradient))],
        // The instruction profile the numbers were computed with: float results are bit-identical between two runs of
        // the same profile (the playground's WebAssembly engine has 128-bit vectors and no FMA: DOTNET_EnableAVX2=0 here).
        new InstructionSetJson(System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated, System.Runtime.Intrinsics.X86.Fma.IsSupported),
        o.PeakMemoryBytes, o.PeakMemoryBytes / (1024.0 * 1024.0), o.TestLoss, o.TestAccuracy,
        o.TestRegression?.MeanSquaredError, o.TestRegression?.MeanAbsoluteError, o.TestRegression?.R2, o.Files);
}

/// <summary>One epoch of <see cref="TrainJson"/>.</summary>
internal sealed record EpochJson(int Epoch, double TrainLoss, double? TrainAccuracy, double? ValidationLoss, double? ValidationAccuracy, double Seconds);

/// <summary>One layer's arithmetic per example (<see cref="TrainJson"/>'s flops_per_layer).</summary>
internal sealed record LayerFlopsJson(string Layer, long Forward, long WeightGradient, long InputGradient);

/// <summary>Whether 256-bit vectors and FMA were in use (<see cref="TrainJson"/>'s instruction_set).</summary>
internal sealed record InstructionSetJson(bool Vector256, bool Fma);
