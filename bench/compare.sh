#!/usr/bin/env bash
# Side by side, on this machine, in one go: the same Fashion-MNIST training in Backprop, PyTorch, TorchSharp and NumPy,
# each as a share of the machine's floor.
# Recipe: 784-128-10 ReLU, softmax cross-entropy, batch 64, 3 epochs, SGD lr 0.1 and Adam lr 1e-3,
# the same seeds (1, 2, 3) for initialisation and shuffling.
# PyTorch and TorchSharp run with 1 and with 2 threads on the first seed; each one's faster setting is used for the others.
# The floor: the epoch's flops (Backprop's train --json flops_per_epoch, from the library's TrainingFlops) at the GEMM's
# 2-thread peak, probed in this run (bench/gemm_probe.cs); every time is also given as floor ÷ time.
# Installs what it needs from Debian: dataset-fashion-mnist python3-torch python3-numpy, and libopenblas0-pthread
# so that PyTorch and NumPy run on OpenBLAS. TorchSharp 0.107.0 (LibTorch 2.10.0) comes from NuGet, in the bench-only
# project bench/TorchSharpFashion; see torchsharp_build below for how its native library is made to load on Debian 12.
# Usage: bench/compare.sh [epochs] [seeds...]     Prints a table and writes bench/compare-latest.json.
#        bench/compare.sh cnn [epochs] [seeds...] runs the CNN of docs/fashion-mnist.md instead (bench/compare_cnn.sh).
set -euo pipefail
if [ "${1:-}" = cnn ]; then shift; exec bash "$(dirname "$0")/compare_cnn.sh" "$@"; fi
cd "$(dirname "$0")/.."
. bench/peers.sh
install_missing dataset-fashion-mnist python3-torch python3-numpy libopenblas0-pthread
epochs=${1:-3}; shift || true
seeds=${*:-1 2 3}

# TorchSharp's native library, libLibTorchSharp.so, was linked against GCC 13's libstdc++ and requires the symbol version
# GLIBCXX_3.4.32, which Debian 12's libstdc++ (GCC 12, up to GLIBCXX_3.4.30) lacks, so the loader refuses it:
#   version `GLIBCXX_3.4.32' not found (required by .../libLibTorchSharp.so)
# The only symbol of that version it names is std::ios_base_library_init(), a marker GCC 13's <iostream> references
# without calling (the file has no relocation against it), so after the build the requirement is marked weak in the
# built copy (bench/TorchSharpFashion/weak_glibcxx.py sets VER_FLG_WEAK on it; the NuGet cache is left as it is) and
# glibc loads the file with the system's libstdc++. LibTorch's own libraries need GLIBCXX 3.4.26 at most.
torchsharp_build() {
  local bin=bench/TorchSharpFashion/bin/Release/net10.0
  echo "building the TorchSharp peer" >&2
  dotnet build bench/TorchSharpFashion -c Release -v q -nologo >/dev/null
  $py bench/TorchSharpFashion/weak_glibcxx.py "$bin/runtimes/linux-x64/native/libLibTorchSharp.so" >&2
  torchsharp="dotnet $bin/TorchSharpFashion.dll"
}
torchsharp_build
probe_gemm before

for opt in sgd adam; do
  lr=0.1; [ $opt = adam ] && lr=0.001
  first=${seeds%% *}
  for threads in 1 2; do
    run "pytorch-$opt-t$threads-s$first" env PYTHONPATH=bench $py bench/torch_fashion.py $opt "$epochs" "$first" $threads
    run "torchsharp-$opt-t$threads-s$first" $torchsharp $opt "$epochs" "$first" $threads
  done
  for peer in pytorch torchsharp; do
    $py - "$out" $peer $opt "$first" > "$out/$peer-$opt.best" <<'PY'
import json, sys
out, peer, opt, seed = sys.argv[1:]
times = {t: sum(json.loads(open(f"{out}/{peer}-{opt}-t{t}-s{seed}.json").read().splitlines()[-1])["seconds"]) for t in (1, 2)}
print(min(times, key=times.get))
PY
  done
  i=0
  for seed in $seeds; do  # a seed may be listed more than once: each run gets its own files, by position
    run "backprop-$opt-$i-s$seed" $cli train --data fashion-mnist --layers 128 --activation relu --loss softmax-crossentropy \
        --optimizer $opt --learning-rate $lr --batch-size 64 --epochs "$epochs" --seed "$seed" --json
    for peer in pytorch torchsharp; do
      best=$(cat "$out/$peer-$opt.best")
      if [ $i = 0 ]; then cp "$out/$peer-$opt-t$best-s$seed.json" "$out/$peer-$opt-$i-s$seed.json"
                          cp "$out/$peer-$opt-t$best-s$seed.rss" "$out/$peer-$opt-$i-s$seed.rss"
      elif [ $peer = pytorch ]; then run "pytorch-$opt-$i-s$seed" env PYTHONPATH=bench $py bench/torch_fashion.py $opt "$epochs" "$seed" $best
      else run "torchsharp-$opt-$i-s$seed" $torchsharp $opt "$epochs" "$seed" $best; fi
    done
    run "numpy-$opt-$i-s$seed" env PYTHONPATH=bench $py bench/numpy_fashion.py $opt "$epochs" "$seed"
    i=$((i + 1))
  done
done
probe_gemm after
keep_best_peak

$py - "$out" "$epochs" $seeds <<'PY'
import json, os, sys
out, epochs, seeds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
sys.path.insert(0, "bench")
import peer_runs
def load(name): return peer_runs.load(out, name)
def threads(n): return f"{n} thread{'s' if n != '1' else ''}"
rows = {"load_average": os.getloadavg()}
for opt in ("sgd", "adam"):
    best = {p: open(os.path.join(out, f"{p}-{opt}.best")).read().strip() for p in ("pytorch", "torchsharp")}
    runs = {peer: [load(f"{name}-{opt}-{i}-s{s}") for i, s in enumerate(seeds)]
            for peer, name in (("backprop", "backprop"), (f"pytorch ({threads(best['pytorch'])})", "pytorch"),
                               (f"torchsharp ({threads(best['torchsharp'])})", "torchsharp"), ("numpy", "numpy"))}
    b_runs = runs["backprop"]
    floor = peer_runs.floor(out, b_runs[0]["flops_per_epoch"])
    summary = {peer: peer_runs.summary(rs, floor["floor_seconds"]) for peer, rs in runs.items()}
    summary["backprop"]["steps_on_one_thread"] = [r["one_thread_steps"] for r in b_runs]
    rows[opt] = {"floor": floor | {"flops_per_layer": b_runs[0]["flops_per_layer"]}, "peers": summary}
    peak = floor["gemm_peak_gflops"]
    print(f"\n{opt.upper()}: {epochs} epochs, batch 64, seeds {' '.join(seeds)}. Floor: {floor['flops_per_epoch']/1e9:.2f} GFLOP an epoch"
          f" at the GEMM's peak of {peak['2']:.0f} GFLOP/s on 2 threads ({peak['1']:.0f} on 1) = {floor['floor_seconds']:.3f} s")
    print(f"  {'':26} s/epoch median   best   share of floor (median, best)   test acc (mean)   peak RSS MiB")
    for peer, s in summary.items():
        print(f"  {peer:26} {s['s_per_epoch_median']:8.3f} {s['s_per_epoch_best']:7.3f}        {100*s['floor_share_median']:5.1f}%  {100*s['floor_share_best']:5.1f}%"
              f"             {100*s['test_acc_mean']:6.2f}%        {s['peak_rss_mib']:6.0f}")
    b = summary["backprop"]
    ratios = {peer: (s["s_per_epoch_median"] / b["s_per_epoch_median"], s["s_per_epoch_best"] / b["s_per_epoch_best"])
              for peer, s in summary.items() if peer != "backprop"}
    rows[opt]["backprop_speed_ratio"] = {peer: {"median": m, "best": x} for peer, (m, x) in ratios.items()}
    print("  Backprop is " + ", ".join(f"{m:.2f}x {peer.split(' ')[0]}'s speed ({x:.2f}x on bests)" for peer, (m, x) in ratios.items()) + " (medians)")
    print(f"  Backprop's steps on one thread (shared-core spells, see docs/ARCHITECTURE.md), per process: {b['steps_on_one_thread']}")
print("\nFlops of one example, per layer (TrainingFlops; the epoch is this times the training rows):")
print("\n".join(peer_runs.flops_table(rows["sgd"]["floor"]["flops_per_layer"])))
print(f"load average at the end: {' '.join(f'{x:.1f}' for x in rows['load_average'])}")
json.dump(rows, open("bench/compare-latest.json", "w"), indent=1)
PY
