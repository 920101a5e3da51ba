using Backprop.Training;

namespace Backprop.Cli;

/// <summary>The JSON object <c>backprop train --json</c> prints; losses in the target's own units.</summary>
internal static class TrainJson
{
    public static object Of(TrainOutcome o) => new
    {
        data = o.Data,
        notes = o.Notes,
        train_samples = o.TrainSamples,
        validation_samples = o.ValidationSamples,
        test_samples = o.TestSamples,
        epochs = o.History.Epochs.Select(e => new
        {
            epoch = e.Epoch, train_loss = o.View.Loss(e.TrainLoss), train_accuracy = e.TrainAccuracy,
            validation_loss = e.ValidationLoss is double l ? o.View.Loss(l) : (double?)null, validation_accuracy = e.ValidationAccuracy, seconds = e.Seconds,
        }),
        stopped = o.Stop.Reason,
        kept_epoch = o.Stop.KeptEpoch,
        refit_epochs = o.Stop.RefitEpochs,
        samples_per_second = o.SamplesPerSecond,
        steps_on_one_thread = o.History.StepsOnOneThread,
        // The arithmetic of an epoch, from the architecture (TrainingFlops): what bench/compare.sh divides by the GEMM's peak.
        flops_per_example = TrainingFlops.PerExample(o.Flops),
        flops_per_epoch = TrainingFlops.PerEpoch(o.Flops, o.TrainSamples),
        flops_per_layer = o.Flops.Select(l => new { layer = l.Layer, forward = l.Forward, weight_gradient = l.WeightGradient, input_gradient = l.InputGradient }),
        // The instruction profile the numbers were computed with: float results are bit-identical between two runs of
        // the same profile (the playground's WebAssembly engine has 128-bit vectors and no FMA: DOTNET_EnableAVX2=0 here).
        instruction_set = new { vector256 = System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated, fma = System.Runtime.Intrinsics.X86.Fma.IsSupported },
        peak_memory_bytes = o.PeakMemoryBytes,
        peak_memory_mib = o.PeakMemoryBytes / (1024.0 * 1024.0),
        test_loss = o.TestLoss,
        test_accuracy = o.TestAccuracy,
        test_mse = o.TestRegression?.MeanSquaredError,
        test_mae = o.TestRegression?.MeanAbsoluteError,
        test_r2 = o.TestRegression?.R2,
        files = o.Files,
    };
}
