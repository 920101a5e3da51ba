using System.Text.Json;

namespace Backprop.Tests;

/// <summary>Reads the reference files copied into the test project (see Reference/README.md).</summary>
internal static class TestData
{
    public static JsonElement Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Reference", name);
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
    public static long[] Longs(this JsonElement e) => e.EnumerateArray().Select(x => x.GetInt64()).ToArray();
}
