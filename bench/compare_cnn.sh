#!/usr/bin/env bash
# Side by side, on this machine, in one go: the CNN of docs/fashion-mnist.md in Backprop and in PyTorch (CPU), in its
# same-padding recipe and its valid-padding variant, each as a share of the machine's floor.
# Recipes: conv 32 3x3 → maxpool 2 → conv 64 3x3 → maxpool 2 → 128 → dropout 0.5 → 10, ReLU, softmax cross-entropy,
# Adam lr 1e-3, batch 64; "same" pads both convolutions (28×28 → 14×14 → 7×7, 3,136 values into the dense layer), "valid"
# pads neither (26×26 → 13×13 → 11×11 → 5×5, 1,600 values). The same seeds for both peers (each draws its own numbers).
# PyTorch's thread setting is chosen first, per recipe: 60 timed steps with 1 and with 2 threads, the faster kept.
# Then each seed runs Backprop, then PyTorch, so both meet the machine's moods alike.
# The floor: the epoch's flops (Backprop's train --json flops_per_epoch, from the library's TrainingFlops) at the GEMM's
# 2-thread peak, probed in this run before and after (bench/gemm_probe.cs); every time is also given as floor ÷ time.
# Usage: bench/compare_cnn.sh [same|valid|both] [epochs] [seeds...]   (default: both, 3 epochs, seeds 1 2 3; the docs'
# recipe trains 15). Prints a table per recipe and writes bench/compare-cnn-latest.json.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/peers.sh
install_missing dataset-fashion-mnist python3-torch python3-numpy
recipes="same valid"
case "${1:-}" in same|valid) recipes=$1; shift ;; both) shift ;; esac
epochs=${1:-3}; shift || true
seeds=${*:-1 2 3}
probe_gemm before

for recipe in $recipes; do
  layers=conv32x3-same,maxpool2,conv64x3-same,maxpool2,128,dropout0.5
  [ $recipe = valid ] && layers=conv32x3,maxpool2,conv64x3,maxpool2,128,dropout0.5
  for threads in 1 2; do
    echo "probing PyTorch ($recipe) with $threads thread(s)" >&2
    PYTHONPATH=bench $py bench/torch_fashion_cnn.py --padding $recipe 1 1 $threads 60 > "$out/probe-$recipe-t$threads.json"
  done
  best=$($py -c "import json,sys; t={n: json.load(open(f'$out/probe-$recipe-t{n}.json'))['ms_per_step'] for n in (1, 2)}; print(min(t, key=t.get))")
  echo "$best" > "$out/pytorch-$recipe.best"
  i=0
  for seed in $seeds; do
    run "backprop-$recipe-$i-s$seed" $cli train --data fashion-mnist --layers $layers \
        --activation relu --loss softmax-crossentropy --optimizer adam --learning-rate 0.001 --batch-size 64 \
        --epochs "$epochs" --seed "$seed" --json
    run "pytorch-$recipe-$i-s$seed" env PYTHONPATH=bench $py bench/torch_fashion_cnn.py --padding $recipe "$epochs" "$seed" "$best"
    i=$((i + 1))
  done
done
probe_gemm after
keep_best_peak

$py - "$out" "$epochs" "$recipes" $seeds <<'PY'
import json, os, sys
out, epochs, recipes, seeds = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4:]
sys.path.insert(0, "bench")
import peer_runs
def load(name): return peer_runs.load(out, name)
result = {"load_average": os.getloadavg()}
for recipe in recipes:
    best = open(os.path.join(out, f"pytorch-{recipe}.best")).read().strip()
    probe = {n: json.load(open(os.path.join(out, f"probe-{recipe}-t{n}.json")))["ms_per_step"] for n in (1, 2)}
    runs = {peer: [load(f"{peer}-{recipe}-{i}-s{s}") for i, s in enumerate(seeds)] for peer in ("backprop", "pytorch")}
    floor = peer_runs.floor(out, runs["backprop"][0]["flops_per_epoch"])
    summary = {peer: peer_runs.summary(rs, floor["floor_seconds"]) for peer, rs in runs.items()}
    summary["backprop"]["steps_on_one_thread"] = [r["one_thread_steps"] for r in runs["backprop"]]
    summary["pytorch"]["threads"] = int(best)
    summary["pytorch"]["probe_ms_per_step"] = probe
    b, t = summary["backprop"], summary["pytorch"]
    summary["backprop_speed_ratio"] = {"median": t["s_per_epoch_median"] / b["s_per_epoch_median"], "best": t["s_per_epoch_best"] / b["s_per_epoch_best"]}
    summary["floor"] = floor | {"flops_per_layer": runs["backprop"][0]["flops_per_layer"]}
    result[recipe] = summary
    peak = floor["gemm_peak_gflops"]
    print(f"\nCNN, {recipe} padding, {epochs} epochs, batch 64, Adam 1e-3, seeds {' '.join(seeds)}. Floor: {floor['flops_per_epoch']/1e12:.3f} TFLOP an epoch"
          f" at the GEMM's peak of {peak['2']:.0f} GFLOP/s on 2 threads ({peak['1']:.0f} on 1) = {floor['floor_seconds']:.2f} s")
    print(f"  {'':26} s/epoch median   best   share of floor (median, best)   test acc (mean)   peak RSS MiB")
    for name, s in (("backprop", b), (f"pytorch ({best} thread{'s' if best != '1' else ''})", t)):
        print(f"  {name:26} {s['s_per_epoch_median']:8.2f} {s['s_per_epoch_best']:7.2f}        {100*s['floor_share_median']:5.1f}%  {100*s['floor_share_best']:5.1f}%"
              f"             {100*s['test_acc_mean']:6.2f}%        {s['peak_rss_mib']:6.0f}")
    print(f"  PyTorch probe: {probe[1]:.1f} ms/step on 1 thread, {probe[2]:.1f} on 2")
    print(f"  Backprop is {summary['backprop_speed_ratio']['median']:.2f}x PyTorch's speed (medians; {summary['backprop_speed_ratio']['best']:.2f}x bests),"
          f" memory {b['peak_rss_mib']/t['peak_rss_mib']:.2f} of PyTorch's, accuracy {100*(b['test_acc_mean']-t['test_acc_mean']):+.2f} points")
    print(f"  test accuracies: Backprop {[round(100*a, 2) for a in b['test_accs']]}, PyTorch {[round(100*a, 2) for a in t['test_accs']]}")
    print(f"  Backprop's steps on one thread, per process: {b['steps_on_one_thread']}")
    print("  Flops of one example, per layer (TrainingFlops):")
    print("\n".join("  " + line for line in peer_runs.flops_table(summary["floor"]["flops_per_layer"])))
print(f"load average at the end: {' '.join(f'{x:.1f}' for x in result['load_average'])}")
json.dump(result, open("bench/compare-cnn-latest.json", "w"), indent=1)
PY
