#!/usr/bin/env bash
# Side by side, on this machine, in one go: the CNN of docs/fashion-mnist.md in Backprop and in PyTorch (CPU).
# Recipe: conv 32 3x3 same → maxpool 2 → conv 64 3x3 same → maxpool 2 → 128 → dropout 0.5 → 10, ReLU, softmax
# cross-entropy, Adam lr 1e-3, batch 64; the same seeds for both (each peer draws its own numbers from them).
# PyTorch's thread setting is chosen first: 60 timed steps with 1 and with 2 threads, the faster kept for every run.
# Then each seed runs Backprop, then PyTorch, so both meet the machine's moods alike.
# Usage: bench/compare_cnn.sh [epochs] [seeds...]     (default: 3 epochs, seeds 1 2 3; the docs' recipe trains 15)
# Prints a table and writes bench/compare-cnn-latest.json.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/peers.sh
install_missing dataset-fashion-mnist python3-torch python3-numpy
epochs=${1:-3}; shift || true
seeds=${*:-1 2 3}

for threads in 1 2; do
  echo "probing PyTorch with $threads thread(s)" >&2
  PYTHONPATH=bench $py bench/torch_fashion_cnn.py 1 1 $threads 60 > "$out/probe-t$threads.json"
done
best=$($py -c "import json,sys; t={n: json.load(open(f'$out/probe-t{n}.json'))['ms_per_step'] for n in (1, 2)}; print(min(t, key=t.get))")

i=0
for seed in $seeds; do
  run "backprop-$i-s$seed" $cli train --data fashion-mnist --layers conv32x3-same,maxpool2,conv64x3-same,maxpool2,128,dropout0.5 \
      --activation relu --loss softmax-crossentropy --optimizer adam --learning-rate 0.001 --batch-size 64 \
      --epochs "$epochs" --seed "$seed" --json
  run "pytorch-$i-s$seed" env PYTHONPATH=bench $py bench/torch_fashion_cnn.py "$epochs" "$seed" "$best"
  i=$((i + 1))
done

$py - "$out" "$epochs" "$best" $seeds <<'PY'
import json, os, statistics, sys
out, epochs, best, seeds = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
probe = {n: json.load(open(os.path.join(out, f"probe-t{n}.json")))["ms_per_step"] for n in (1, 2)}
sys.path.insert(0, "bench")
import peer_runs
def load(name): return peer_runs.load(out, name)
summary = {}
for peer in ("backprop", "pytorch"):
    rs = [load(f"{peer}-{i}-s{s}") for i, s in enumerate(seeds)]
    times = [t for r in rs for t in r["seconds"]]
    summary[peer] = {"s_per_epoch_median": statistics.median(times), "s_per_epoch_best": min(times),
                     "test_acc_mean": statistics.mean(r["acc"] for r in rs), "test_accs": [r["acc"] for r in rs],
                     "peak_rss_mib": max(r["rss"] for r in rs), "epoch_seconds": [r["seconds"] for r in rs],
                     "steps_on_one_thread": [r["one_thread_steps"] for r in rs]}
summary["pytorch"]["threads"] = int(best)
summary["pytorch"]["probe_ms_per_step"] = probe
b, t = summary["backprop"], summary["pytorch"]
print(f"\nCNN, {epochs} epochs, batch 64, Adam 1e-3, seeds {' '.join(seeds)}      s/epoch (median, best)   test acc (mean)   peak RSS MiB")
print(f"  {'backprop':26} {b['s_per_epoch_median']:8.2f} {b['s_per_epoch_best']:7.2f}          {100*b['test_acc_mean']:6.2f}%        {b['peak_rss_mib']:6.0f}")
print(f"  {'pytorch (' + best + ' thread' + ('s' if best != '1' else '') + ')':26} {t['s_per_epoch_median']:8.2f} {t['s_per_epoch_best']:7.2f}          {100*t['test_acc_mean']:6.2f}%        {t['peak_rss_mib']:6.0f}")
print(f"  PyTorch probe: {probe[1]:.1f} ms/step on 1 thread, {probe[2]:.1f} on 2")
print(f"  Backprop is {t['s_per_epoch_median']/b['s_per_epoch_median']:.2f}x PyTorch's speed (medians; {t['s_per_epoch_best']/b['s_per_epoch_best']:.2f}x bests),"
      f" memory {b['peak_rss_mib']/t['peak_rss_mib']:.2f} of PyTorch's, accuracy {100*(b['test_acc_mean']-t['test_acc_mean']):+.2f} points")
print(f"  test accuracies: Backprop {[round(100*a, 2) for a in b['test_accs']]}, PyTorch {[round(100*a, 2) for a in t['test_accs']]}")
print(f"  Backprop's steps on one thread, per process: {b['steps_on_one_thread']}")
json.dump(summary, open("bench/compare-cnn-latest.json", "w"), indent=1)
PY
