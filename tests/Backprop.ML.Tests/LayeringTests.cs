namespace Backprop.ML.Tests;

/// <summary>ML.NET stays in the adapter: the core library neither references it nor names it in its project.</summary>
public class LayeringTests
{
    [Fact]
    public void TheCoreLibrary_ReferencesNoMLNetAssembly()
    {
        var core = typeof(Backprop.Training.Network<float>).Assembly;
        Assert.Equal("Backprop.Core", core.GetName().Name);
        Assert.DoesNotContain(core.GetReferencedAssemblies(), a => a.Name!.StartsWith("Microsoft.ML", StringComparison.Ordinal));
        Assert.DoesNotContain("Microsoft.ML", File.ReadAllText(Path.Combine(Python.RepositoryRoot(), "src", "Backprop", "Backprop.csproj")));
        // The adapter does reference it, so the check above looks where ML.NET would show.
        Assert.Contains(typeof(BackpropTrainer).Assembly.GetReferencedAssemblies(), a => a.Name == "Microsoft.ML.Data");
    }
}
