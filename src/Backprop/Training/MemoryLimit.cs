using System.Globalization;

namespace Backprop.Training;

/// <summary>
/// The one memory gate: how many bytes this process may still allocate, judged against the limit it really has, and
/// the check every allocation-heavy path (training, lessons, gradient checks, generated data, the playground) passes
/// before it allocates. The limits, tightest first:
/// <list type="bullet">
/// <item>an address-space limit (RLIMIT_AS, <c>ulimit -v</c>, <c>prlimit --as</c>): .NET's garbage collector reserves
/// half of it for its heap (measured: under limits of 2, 4, 8 and 16 GiB a process could allocate 0.75, 1.5, 3.25 and
/// 7.0 GiB in 256 MiB arrays), so the heap may grow to half the limit;</item>
/// <item>the cgroup's memory.max, a <c>GCHeapHardLimit</c>, or else the physical memory: the runtime's own
/// <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/> follows all three.</item>
/// </list>
/// What the heap holds already is subtracted.
/// </summary>
public static class MemoryLimit
{
    /// <summary>
    /// An upper bound on the heap in bytes, set by a host whose limit the runtime cannot see (the browser page sets
    /// the WebAssembly memory it may grow to); null for none.
    /// </summary>
    public static long? HostLimitBytes { get; set; }

    /// <summary>The bytes the heap may grow to, and what sets that limit, in words.</summary>
    public static (long Bytes, string Source) Limit()
    {
        long runtime = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        (long bytes, string source) = (runtime, $"the {Gib(runtime)} the runtime may use");
        if (AddressSpaceLimit() is long addressSpace && addressSpace / 2 < bytes)
            (bytes, source) = (addressSpace / 2, $"half the {Gib(addressSpace)} address-space limit (ulimit -v), which .NET reserves for its heap");
        if (HostLimitBytes is long host && host < bytes)
            (bytes, source) = (host, $"the {Gib(host)} this host allows");
        return (bytes, source);
    }

    /// <summary>The bytes this process may still allocate: <see cref="Limit"/> less what the heap holds now.</summary>
    public static long AvailableBytes => Available(Limit().Bytes);

    private static long Available(long limit) => Math.Max(0, limit - GC.GetTotalMemory(forceFullCollection: false));

    /// <summary>
    /// Throws a <see cref="BackpropException"/> when <paramref name="neededBytes"/> is more than this process may still
    /// allocate: "<paramref name="what"/> needs about N bytes (G GiB) <paramref name="purpose"/>, more than the M bytes this process may use (why);
    /// <paramref name="fix"/>."
    /// </summary>
    /// <example><c>MemoryLimit.Check(rows * 16L, "--samples 100000000: the generated data", "ask for fewer --samples")</c></example>
    public static void Check(long neededBytes, string what, string fix, string? purpose = null)
    {
        var (limit, source) = Limit();
        long available = Available(limit);
        if (neededBytes <= available) return;
        throw new BackpropException(
            $"{what} needs about {neededBytes:N0} bytes ({Gib(neededBytes)}){(purpose is null ? "" : " " + purpose)}, more than the {available:N0} bytes ({Gib(available)}) " +
            $"this process may use ({source}); {fix}.");
    }

    /// <summary><paramref name="count"/> values of <paramref name="bytesEach"/> bytes, saturating instead of overflowing.</summary>
    public static long Bytes(long count, long bytesEach) =>
        count <= 0 || bytesEach <= 0 ? 0 : count > long.MaxValue / bytesEach ? long.MaxValue : count * bytesEach;

    /// <summary>RLIMIT_AS from /proc/self/limits on Linux; null when unlimited or unknown.</summary>
    private static long? AddressSpaceLimit()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            foreach (string line in File.ReadLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max address space", StringComparison.Ordinal)) continue;
                string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // "Max address space  <soft>  <hard>  bytes": the soft limit is the one enforced.
                return long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out long soft) ? soft : null;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    internal static string Gib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):N1} GiB");
}
