namespace Backprop.Data;

/// <summary>What the targets of a data set mean, which decides the loss and the metrics that fit it.</summary>
public enum LearningTask
{
    /// <summary>Each sample belongs to one class; targets are one-hot rows (or one 0/1 column for two classes).</summary>
    Classification,

    /// <summary>Targets are real numbers to predict.</summary>
    Regression,
}
