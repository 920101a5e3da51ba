using System.Diagnostics;

namespace Backprop.Tests;

/// <summary>
/// The library and the command packed once, as <c>dotnet pack</c> makes them from the Release build, into a temporary
/// folder that the packaging and snippet tests install from. Nothing is fetched from nuget.org: installs use a
/// nuget.config that lists only this folder and the machine's NuGet cache (where a restore of this repository has put
/// CsvHelper, System.Numerics.Tensors and the rest), with Backprop's own packages mapped to this folder alone, and a
/// NuGet cache of their own, so a package packed in an earlier run (or installed from the machine's cache) can never
/// stand in for today's. The ML.NET adapter's tests (tests/Backprop.ML.Tests) share this file and pack their own list.
/// </summary>
public class PackedPackages : IDisposable
{
    private readonly ScratchFolder _folder = new();

    /// <summary>
    /// The library and the command: the command as users install it, the package that points at each platform's own
    /// (Backprop.Cli) and this machine's: the natively compiled one on linux-x64 (Backprop.Cli.linux-x64, a Native AOT
    /// publish, minutes of compiling), the framework-dependent one elsewhere (Backprop.Cli.any).
    /// </summary>
    public PackedPackages() : this(["src/Backprop/Backprop.csproj", "src/Backprop.Cli/Backprop.Cli.csproj"], [ThisPlatformsTool]) { }

    /// <summary>Packs <paramref name="projects"/> (paths from the repository root) into <see cref="Feed"/>.</summary>
    protected PackedPackages(params string[] projects) : this(projects, []) { }

    /// <summary>The command's package for this machine: the native one where Native AOT is packed (linux-x64), else the framework-dependent one.</summary>
    private static string[] ThisPlatformsTool => OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64
        ? ["src/Backprop.Cli/Backprop.Cli.csproj", "-r", "linux-x64"]
        : ["src/Backprop.Cli/Backprop.Cli.csproj", "-r", "any", "-p:PublishAot=false"];

    private PackedPackages(string[] projects, string[][] built)
    {
        Feed = Directory.CreateDirectory(Path.Combine(_folder.Path, "feed")).FullName;
        string root = Python.RepositoryRoot();
        string nuspec = $"-p:NuspecOutputPath={Path.Combine(_folder.Path, "nuspec")}{Path.DirectorySeparatorChar}";
        foreach (string project in projects)
        {
            // --no-build: the test run's own build (dotnet test -c Release) made the binaries this packs. The nuspec it
            // writes on the way goes to this fixture's folder, not obj/, where the other test project may be packing too.
            var (code, output) = Dotnet(root, "pack", Path.Combine(root, project), "-c", "Release", "--no-build", "-o", Feed, nuspec);
            if (code != 0) throw new InvalidOperationException($"dotnet pack {project} failed:\n{output}");
        }
        // A runtime-specific package is built for its runtime here (a publish into the project's bin/Release/net10.0/RID).
        foreach (string[] pack in built)
        {
            var (code, output) = Dotnet(root, ["pack", Path.Combine(root, pack[0]), .. pack[1..], "-c", "Release", "-o", Feed, nuspec]);
            if (code != 0) throw new InvalidOperationException($"dotnet pack {string.Join(' ', pack)} failed:\n{output}");
        }
        ConfigFile = Path.Combine(_folder.Path, "nuget.config");
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                       ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(ConfigFile, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{Feed}" />
                <add key="machine cache" value="{cache}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="packed">
                  <package pattern="Backprop" />
                  <package pattern="Backprop.*" />
                </packageSource>
                <packageSource key="machine cache">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        Packages = Directory.CreateDirectory(Path.Combine(_folder.Path, "packages")).FullName;
    }

    /// <summary>The folder holding the packed packages (Backprop.0.1.0.nupkg, Backprop.Cli.0.1.0.nupkg, Backprop.Cli.linux-x64.0.1.0.nupkg, …).</summary>
    public string Feed { get; }

    /// <summary>A nuget.config whose only sources are <see cref="Feed"/> and the machine's NuGet cache.</summary>
    public string ConfigFile { get; }

    /// <summary>The NuGet cache the tests' installs use (NUGET_PACKAGES), empty at first.</summary>
    public string Packages { get; }

    /// <summary>The project file of a console program that references <paramref name="package"/> 0.1.0, as a user's after <c>dotnet add package</c>.</summary>
    public static string ConsoleProject(string package) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="{package}" Version="0.1.0" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>A new folder inside the fixture's, deleted with it.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(_folder.Path, name)).FullName;

    /// <summary>Runs <c>dotnet</c> in <paramref name="folder"/> with the fixture's NuGet cache; returns the exit code and everything it printed.</summary>
    public (int Code, string Output) Dotnet(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        if (Packages is not null) start.Environment["NUGET_PACKAGES"] = Packages;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return Run(start);
    }

    /// <summary>Runs a program and returns its exit code and its stdout and stderr together.</summary>
    public static (int Code, string Output) Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}

[CollectionDefinition("packages")]
public sealed class PackagesCollection : ICollectionFixture<PackedPackages>;
