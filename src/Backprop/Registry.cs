using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Backprop;

/// <summary>What every registered name carries: the name, the other spellings it answers to, and one line on what it is.</summary>
public interface IRegistryEntry
{
    /// <summary>The name on the command line, in model files and on the playground page.</summary>
    string Name { get; }

    /// <summary>Other spellings that mean the same (e.g. "linear" for identity).</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>One line for --help and the page: what it computes.</summary>
    string Description { get; }
}

/// <summary>
/// One family's names (activations, losses, optimizers, initializers, learning-rate schedules, input features, batch
/// modes): each written once, in its entry, and read from here by the CLI's help and errors, model files and the
/// playground. Names are matched without regard to case. An entry is a small description that makes its thing (a layer,
/// a loss) only when asked, through a delegate or an override, never by reflection: building the registry makes none,
/// and a trimmed app keeps what each entry makes.
/// </summary>
/// <typeparam name="TEntry">The family's entry type.</typeparam>
public sealed class Registry<TEntry> : IReadOnlyList<TEntry> where TEntry : IRegistryEntry
{
    private readonly TEntry[] _entries;
    private readonly Dictionary<string, TEntry> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A registry of <paramref name="entries"/>, in the order help lists them.</summary>
    /// <param name="family">The family's name in the singular, for messages: "activation".</param>
    /// <param name="entries">The entries; no two may share a name or an alias.</param>
    public Registry(string family, params TEntry[] entries)
    {
        Family = family;
        _entries = entries;
        foreach (var entry in entries)
            foreach (string name in entry.Aliases.Prepend(entry.Name))
                if (!_byName.TryAdd(name, entry)) throw new ArgumentException($"Two {family} entries answer to '{name}'.");
    }

    /// <summary>The family's name in the singular, for messages: "activation", "loss", "optimizer".</summary>
    public string Family { get; }

    /// <summary>Each entry's name, in order.</summary>
    public IReadOnlyList<string> Names => [.. _entries.Select(e => e.Name)];

    /// <summary>The entry called <paramref name="name"/> (or one of its aliases); an unknown name is an error that lists the valid ones.</summary>
    public TEntry Get(string name) =>
        TryGet(name, out var entry) ? entry
        : throw new BackpropException($"Unknown {Family} '{name}'. Valid {Plural}: {List()}.");

    /// <summary>The entry called <paramref name="name"/> or one of its aliases, if there is one.</summary>
    public bool TryGet(string? name, [MaybeNullWhen(false)] out TEntry entry)
    {
        entry = default;
        return name is not null && _byName.TryGetValue(name, out entry);
    }

    /// <summary>The names, comma-separated, in order: "identity, sigmoid, tanh, …".</summary>
    public string List() => string.Join(", ", _entries.Select(e => e.Name));

    private string Plural => Family.EndsWith('s') ? Family + "es" : Family + "s";

    /// <inheritdoc />
    public int Count => _entries.Length;

    /// <inheritdoc />
    public TEntry this[int index] => _entries[index];

    /// <inheritdoc />
    public IEnumerator<TEntry> GetEnumerator() => ((IEnumerable<TEntry>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
