namespace Backprop.Data;

/// <summary>Settings for <see cref="DataSources.Load{T}"/>; each applies only to the sources that use it.</summary>
public sealed record DataSourceOptions
{
    /// <summary>How to read a .csv file.</summary>
    public CsvOptions Csv { get; init; } = new();

    /// <summary>The number of points of circles, moons or spirals (defaults: 200, 200, 300).</summary>
    public int? Samples { get; init; }

    /// <summary>The noise of circles, moons or spirals (defaults: 0.1, 0.1, 0.2).</summary>
    public double? Noise { get; init; }

    /// <summary>The number of spiral arms (default 3).</summary>
    public int? Classes { get; init; }

    /// <summary>The seed of the generated sets.</summary>
    public uint Seed { get; init; }

    /// <summary>
    /// The folders to search for IDX files, in order. By default <see cref="DataSources.SearchFolders"/>
    /// with $BACKPROP_DATA.
    /// </summary>
    public IReadOnlyList<string>? SearchFolders { get; init; }
}
