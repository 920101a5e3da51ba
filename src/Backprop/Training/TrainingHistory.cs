using System.Collections;

namespace Backprop.Training;

/// <summary>What one epoch gave.</summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="Steps">Optimizer steps taken so far, in all.</param>
/// <param name="TrainLoss">The mean loss over the epoch's batches (weighted by batch size), measured before each update.</param>
/// <param name="TrainAccuracy">The accuracy over the epoch's batches, for classifiers.</param>
/// <param name="ValidationLoss">The loss on the validation set after the epoch, if one was given.</param>
/// <param name="ValidationAccuracy">The accuracy on the validation set, for classifiers.</param>
/// <param name="Seconds">
/// Wall-clock time of the epoch's training steps. In <see cref="Trainer{T}.Fit"/>, epochs shorter than a few
/// microseconds are timed in groups of up to 64 and each gets the group's mean (see Training/StepPlan.cs).
/// </param>
public sealed record EpochRecord(int Epoch, long Steps, double TrainLoss, double? TrainAccuracy, double? ValidationLoss, double? ValidationAccuracy, double Seconds);

/// <summary>A loss measured on the whole training set after a given step.</summary>
/// <param name="Step">The step, counted from 0, after whose update the loss was measured.</param>
/// <param name="Loss">The loss over every training sample.</param>
public sealed record StepRecord(long Step, double Loss);

/// <summary>The record of a training run: one entry per epoch, and one every K steps when asked.</summary>
public sealed class TrainingHistory
{
    /// <summary>One entry per completed epoch.</summary>
    public EpochLog Epochs { get; } = new();

    /// <summary>The whole-training-set loss every K steps (see <see cref="Trainer{T}.RecordEvery"/>).</summary>
    public List<StepRecord> Steps { get; } = [];

    /// <summary>
    /// Steps whose products ran on one thread although more were allowed, because that was faster at the time
    /// (see <see cref="Trainer{T}.TuneThreads"/>): on a VM, a sign that its vCPUs shared a physical core.
    /// </summary>
    public long StepsOnOneThread { get; set; }
}

/// <summary>
/// The epochs of a run. They are stored as plain values and an <see cref="EpochRecord"/> is made when one is read,
/// so recording an epoch allocates nothing: for a tiny network, an object per epoch cost more than the epoch's
/// arithmetic.
/// </summary>
public sealed class EpochLog : IReadOnlyList<EpochRecord>
{
    // Fixed-size chunks rather than one growing array: a long run never copies its history, and no chunk is
    // big enough for the large-object heap (whose allocations cost a full collection's budget).
    private const int ChunkBits = 8, ChunkSize = 1 << ChunkBits;
    private readonly List<Entry[]> _chunks = [];
    private int _count;

    private ref Entry At(int index) => ref _chunks[index >> ChunkBits][index & (ChunkSize - 1)];

    /// <summary>The number of epochs recorded.</summary>
    public int Count => _count;

    /// <summary>The bytes one recorded epoch takes, for sizing a long run before it starts.</summary>
    public static int BytesPerEpoch => System.Runtime.CompilerServices.Unsafe.SizeOf<Entry>();

    /// <summary>The record of the epoch at <paramref name="index"/> (epoch index + 1 in a run from the start).</summary>
    public EpochRecord this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside the {_count} recorded epochs.");
            ref readonly var e = ref At(index);
            return new EpochRecord(e.Epoch, e.Steps, e.TrainLoss,
                e.Has(Entry.HasTrainAccuracy) ? e.TrainAccuracy : null,
                e.Has(Entry.HasValidationLoss) ? e.ValidationLoss : null,
                e.Has(Entry.HasValidationAccuracy) ? e.ValidationAccuracy : null, e.Seconds);
        }
    }

    /// <summary>The training loss of the last epoch recorded, or NaN when there is none.</summary>
    public double LastTrainLoss { get; private set; } = double.NaN;

    /// <summary>Appends a record.</summary>
    public void Add(EpochRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Add(record.Epoch, record.Steps, record.TrainLoss, record.TrainAccuracy, record.ValidationLoss, record.ValidationAccuracy, record.Seconds);
    }

    /// <summary>Appends records in order.</summary>
    public void AddRange(IEnumerable<EpochRecord> records)
    {
        foreach (var r in records) Add(r);
    }

    internal void Add(int epoch, long steps, double trainLoss, double? trainAccuracy, double? validationLoss, double? validationAccuracy, double seconds)
    {
        // Add sets every field it reads back, so the chunk need not be zeroed.
        if (_count == _chunks.Count * ChunkSize) _chunks.Add(GC.AllocateUninitializedArray<Entry>(ChunkSize));
        ref var e = ref At(_count++);
        e.Epoch = epoch; e.Steps = steps; e.TrainLoss = trainLoss; e.Seconds = seconds;
        LastTrainLoss = trainLoss;
        e.Flags = 0;
        if (trainAccuracy is double ta) { e.TrainAccuracy = ta; e.Flags |= Entry.HasTrainAccuracy; }
        if (validationLoss is double vl) { e.ValidationLoss = vl; e.Flags |= Entry.HasValidationLoss; }
        if (validationAccuracy is double va) { e.ValidationAccuracy = va; e.Flags |= Entry.HasValidationAccuracy; }
    }

    /// <summary>Sets the time of the last <paramref name="count"/> epochs (a timing group that just closed).</summary>
    internal void SetLastSeconds(int count, double seconds)
    {
        for (int i = _count - count; i < _count; i++) At(i).Seconds = seconds;
    }

    /// <summary>Sets the validation results of the last epoch.</summary>
    internal void SetLastValidation(double loss, double? accuracy)
    {
        ref var e = ref At(_count - 1);
        e.ValidationLoss = loss;
        e.Flags |= Entry.HasValidationLoss;
        if (accuracy is double a) { e.ValidationAccuracy = a; e.Flags |= Entry.HasValidationAccuracy; }
    }

    /// <inheritdoc />
    public IEnumerator<EpochRecord> GetEnumerator()
    {
        for (int i = 0; i < _count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private struct Entry
    {
        public const byte HasTrainAccuracy = 1, HasValidationLoss = 2, HasValidationAccuracy = 4;
        public int Epoch;
        public byte Flags;
        public long Steps;
        public double TrainLoss, TrainAccuracy, ValidationLoss, ValidationAccuracy, Seconds;

        public readonly bool Has(byte flag) => (Flags & flag) != 0;
    }
}
