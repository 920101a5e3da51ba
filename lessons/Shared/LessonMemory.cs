using Backprop.Training;

namespace Backprop.Lessons;

/// <summary>
/// A lesson's sizes, checked by the one memory gate (<see cref="MemoryLimit"/>, <see cref="MemoryEstimate"/>) before
/// anything is allocated: <c>lesson single-weight --epochs 1000000000</c> keeps a record of every epoch, and
/// <c>lesson xor --hidden 100000000</c> builds a network of that width, so both are refused in one line naming the option
/// and the size instead of growing until the system kills the process.
/// </summary>
public static class LessonMemory
{
    /// <summary>What a lesson keeps for each epoch (or step) it trains: the error it prints or draws, and the trainer's record of it.</summary>
    public static long BytesPerEpoch => sizeof(double) + EpochLog.BytesPerEpoch;

    /// <summary>
    /// Refuses <paramref name="option"/> <paramref name="epochs"/> when <paramref name="runs"/> runs of that many epochs
    /// (each keeping <paramref name="bytesEach"/> bytes per epoch, by default <see cref="BytesPerEpoch"/>) cannot be held.
    /// </summary>
    public static void CheckEpochs(string option, long epochs, int runs = 1, long? bytesEach = null) =>
        Check(option, epochs, MemoryLimit.Bytes(MemoryLimit.Bytes(epochs, runs), bytesEach ?? BytesPerEpoch),
            runs == 1 ? "a record of every epoch" : $"a record of every epoch of {runs} runs");

    /// <summary>Refuses <paramref name="option"/> <paramref name="value"/> when <paramref name="bytes"/> (of <paramref name="what"/>) cannot be held.</summary>
    public static void Check(string option, long value, long bytes, string what) =>
        MemoryLimit.Check(bytes, $"{option} {value:N0}: {what}", $"ask for a smaller {option}");

    /// <summary>Refuses <c>--hidden</c> when the 2-<paramref name="hidden"/>-1 network the XOR lessons train cannot be held.</summary>
    public static void CheckXorNetwork(int hidden) =>
        MemoryEstimate.Check<double>(new NetworkRecipe([hidden], "sigmoid", "mse"), 2, 1, 4, "sgd",
            network: $"--hidden {hidden:N0}: a 2-{hidden:N0}-1 network", fix: "ask for fewer --hidden units", evaluationRows: 4);   // XOR's four rows
}
