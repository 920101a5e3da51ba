using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Backprop.Bench;

/// <summary>A summary column with the rate a product reached: 2·m·n·k / mean time, in GFLOP/s.</summary>
public sealed class GflopsColumn : IColumn
{
    /// <summary>The benchmark parameter that holds the shape as "m×k×n".</summary>
    public const string ShapeParameter = "Shape";

    public string Id => nameof(GflopsColumn);
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Billions of floating-point operations per second: 2·m·n·k / mean";

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (meanNanoseconds is not > 0 || benchmarkCase.Parameters[ShapeParameter] is not string shape) return "-";
        return (GemmShape.Parse(shape).Flops / meanNanoseconds.Value).ToString("F1");
    }
}
