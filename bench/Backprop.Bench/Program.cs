using BenchmarkDotNet.Running;

// Pick benchmarks with the usual BenchmarkDotNet switches, e.g.
//   dotnet run -c Release --project bench/Backprop.Bench -- --filter '*Gemm*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
