namespace Backprop.Runs;

/// <summary>
/// How long a <c>train</c> run goes and what stops it: with --epochs N, exactly N epochs; without, early stopping on a
/// validation split within a budget of epochs. The defaults are measured on small public tables (docs/own-data.md).
/// </summary>
/// <param name="Epochs">The epochs to train, or the budget early stopping may use.</param>
/// <param name="Patience">Epochs without improvement before early stopping ends the run; null for none.</param>
/// <param name="ValidationSplit">The fraction of the training data to hold out (it may turn out too small to split).</param>
public sealed record TrainPlan(int Epochs, int? Patience, double ValidationSplit)
{
    /// <summary>The epoch budget when --epochs is not given.</summary>
    public const int DefaultBudget = 500;

    /// <summary>The early-stopping patience when --epochs is not given.</summary>
    public const int DefaultPatience = 10;

    /// <summary>The fraction held out for early stopping when --validation-split is not given.</summary>
    public const double DefaultValidationSplit = 0.2;

    /// <summary>A validation set smaller than this says too little to stop on; early stopping then watches the training loss.</summary>
    public const int MinValidationRows = 10;

    /// <summary>Whether holding out <paramref name="fraction"/> of <paramref name="rows"/> rows leaves at least <see cref="MinValidationRows"/> to evaluate on.</summary>
    public static bool CanHoldOut(int rows, double fraction) => Math.Ceiling(fraction * rows) >= MinValidationRows;

    /// <summary>The plan of <paramref name="s"/>: its epochs, or the budget and patience of early stopping, and the split.</summary>
    public static TrainPlan For(TrainSettings s)
    {
        int? patience = s.NoEarlyStopping ? null : s.EarlyStopping ?? (s.Epochs is null ? DefaultPatience : null);
        double split = s.ValidationSplit ?? (patience is null ? 0 : DefaultValidationSplit);
        return new TrainPlan(s.Epochs ?? DefaultBudget, patience, split);
    }
}
