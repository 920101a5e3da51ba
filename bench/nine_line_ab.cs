#:property PublishAot=false
// Two (or more) builds of the 9-line neuron, alternated inside ONE process: each build's bench/nine_line_step.cs
// output folder is loaded into its own AssemblyLoadContext (its own Backprop.Core.dll, its own JIT code), and the
// builds take turns, a call of RUNS runs each, the order reversed every round. Whatever else the machine runs then
// hits every build alike, which separate processes alternated minutes apart cannot promise on a shared 2-vCPU VM.
// Each call reports the best thread-CPU time of its runs; the first fifth of the rounds (tiering) is dropped.
//   dotnet build -c Release bench/nine_line_step.cs -o /tmp/new     (and the same in a worktree of the older commit)
//   dotnet run -c Release bench/nine_line_ab.cs -- /tmp/old,/tmp/new [rounds=100] [runs=20]
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

var dirs = args[0].Split(',');
int rounds = args.Length > 1 ? int.Parse(args[1]) : 100, runs = args.Length > 2 ? int.Parse(args[2]) : 20;
var builds = new List<(string Name, MethodInfo Main)>();
foreach (var d in dirs)
{
    var dir = Path.GetFullPath(d);
    var context = new AssemblyLoadContext(dir);
    context.Resolving += (c, name) => File.Exists(Path.Combine(dir, name.Name + ".dll")) ? c.LoadFromAssemblyPath(Path.Combine(dir, name.Name + ".dll")) : null;
    var bench = Directory.GetFiles(dir, "nine_line_step*.dll").Single();
    builds.Add((dir, context.LoadFromAssemblyPath(bench).EntryPoint!));
}
var best = builds.ToDictionary(b => b.Name, _ => new List<double>());
var console = Console.Out;
for (int r = 0; r < rounds; r++)
{
    foreach (var (name, main) in r % 2 == 0 ? builds : Enumerable.Reverse(builds))
    {
        var captured = new StringWriter();
        Console.SetOut(captured);
        main.Invoke(null, [new[] { runs.ToString(CultureInfo.InvariantCulture) }]);
        Console.SetOut(console);
        string line = captured.ToString();   // "wall best … ms, median … ms; thread CPU best X ms, …"
        int at = line.IndexOf("thread CPU best ", StringComparison.Ordinal) + "thread CPU best ".Length;
        best[name].Add(double.Parse(line[at..line.IndexOf(" ms", at, StringComparison.Ordinal)], CultureInfo.InvariantCulture));
    }
}
Console.WriteLine($"best thread-CPU ms of {runs} runs per call, {rounds - rounds / 5} rounds after {rounds / 5} of warm-up, builds alternated in one process:");
foreach (var (name, times) in best)
{
    var t = times.Skip(rounds / 5).Order().ToList();
    Console.WriteLine($"  {name}: min {t[0]:F3}  first quartile {t[t.Count / 4]:F3}  median {t[t.Count / 2]:F3}");
}
