#!/usr/bin/env bash
# Side by side, on this machine, in one go: the same Fashion-MNIST training in Backprop, PyTorch and NumPy.
# Recipe: 784-128-10 ReLU, softmax cross-entropy, batch 64, 3 epochs, SGD lr 0.1 and Adam lr 1e-3,
# the same seeds (1, 2, 3) for initialisation and shuffling.
# PyTorch runs with 1 and with 2 threads on seed 1; its faster setting is used for the other seeds.
# Installs what it needs from Debian: dataset-fashion-mnist python3-torch python3-numpy, and libopenblas0-pthread
# so that PyTorch and NumPy run on OpenBLAS.
# Usage: bench/compare.sh [epochs] [seeds...]     Prints a table and writes bench/compare-latest.json.
#        bench/compare.sh cnn [epochs] [seeds...] runs the CNN of docs/fashion-mnist.md instead (bench/compare_cnn.sh).
set -euo pipefail
if [ "${1:-}" = cnn ]; then shift; exec bash "$(dirname "$0")/compare_cnn.sh" "$@"; fi
cd "$(dirname "$0")/.."
. bench/peers.sh
install_missing dataset-fashion-mnist python3-torch python3-numpy libopenblas0-pthread
epochs=${1:-3}; shift || true
seeds=${*:-1 2 3}

for opt in sgd adam; do
  lr=0.1; [ $opt = adam ] && lr=0.001
  first=${seeds%% *}
  for threads in 1 2; do
    run "pytorch-$opt-t$threads-s$first" env PYTHONPATH=bench $py bench/torch_fashion.py $opt "$epochs" "$first" $threads
  done
  best=$($py - "$out" $opt "$first" <<'PY'
import json, sys
out, opt, seed = sys.argv[1:]
times = {t: sum(json.loads(open(f"{out}/pytorch-{opt}-t{t}-s{seed}.json").read().splitlines()[-1])["seconds"]) for t in (1, 2)}
print(min(times, key=times.get))
PY
)
  i=0
  for seed in $seeds; do  # a seed may be listed more than once: each run gets its own files, by position
    run "backprop-$opt-$i-s$seed" $cli train --data fashion-mnist --layers 128 --activation relu --loss softmax-crossentropy \
        --optimizer $opt --learning-rate $lr --batch-size 64 --epochs "$epochs" --seed "$seed" --json
    if [ $i = 0 ]; then cp "$out/pytorch-$opt-t$best-s$seed.json" "$out/pytorch-$opt-$i-s$seed.json"
                        cp "$out/pytorch-$opt-t$best-s$seed.rss" "$out/pytorch-$opt-$i-s$seed.rss"
    else run "pytorch-$opt-$i-s$seed" env PYTHONPATH=bench $py bench/torch_fashion.py $opt "$epochs" "$seed" $best; fi
    run "numpy-$opt-$i-s$seed" env PYTHONPATH=bench $py bench/numpy_fashion.py $opt "$epochs" "$seed"
    i=$((i + 1))
  done
  echo "$best" > "$out/pytorch-$opt.best"
done

$py - "$out" "$epochs" $seeds <<'PY'
import json, os, statistics, sys
out, epochs, seeds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
sys.path.insert(0, "bench")
import peer_runs
def load(name): return peer_runs.load(out, name)
rows = {}
for opt in ("sgd", "adam"):
    best = open(os.path.join(out, f"pytorch-{opt}.best")).read().strip()
    runs = {peer: [load(f"{name}-{opt}-{i}-s{s}") for i, s in enumerate(seeds)]
            for peer, name in (("backprop", "backprop"), (f"pytorch ({best} thread{'s' if best != '1' else ''})", "pytorch"), ("numpy", "numpy"))}
    summary = {}
    for peer, rs in runs.items():
        epoch_times = [t for r in rs for t in r["seconds"]]
        summary[peer] = {"s_per_epoch_median": statistics.median(epoch_times), "s_per_epoch_best": min(epoch_times),
                         "test_acc_mean": statistics.mean(r["acc"] for r in rs), "test_accs": [r["acc"] for r in rs],
                         "peak_rss_mib": max(r["rss"] for r in rs), "epoch_seconds": [r["seconds"] for r in rs]}
        if peer == "backprop": summary[peer]["steps_on_one_thread"] = [r["one_thread_steps"] for r in rs]
    rows[opt] = summary
    print(f"\n{opt.upper()}: {epochs} epochs, batch 64, seeds {' '.join(seeds)}   s/epoch (median, best)   test acc (mean)   peak RSS MiB")
    for peer, s in summary.items():
        print(f"  {peer:24} {s['s_per_epoch_median']:8.3f} {s['s_per_epoch_best']:7.3f}          {100*s['test_acc_mean']:6.2f}%        {s['peak_rss_mib']:6.0f}")
    b, t, n = summary["backprop"], [v for k, v in summary.items() if k.startswith("pytorch")][0], summary["numpy"]
    print(f"  Backprop is {t['s_per_epoch_median']/b['s_per_epoch_median']:.2f}x PyTorch's speed and {n['s_per_epoch_median']/b['s_per_epoch_median']:.2f}x NumPy's (medians);"
          f" memory {b['peak_rss_mib']/n['peak_rss_mib']:.2f} of NumPy's; accuracy {100*(b['test_acc_mean']-t['test_acc_mean']):+.2f} points vs PyTorch")
    print(f"  Backprop's steps on one thread (shared-core spells, see docs/ARCHITECTURE.md), per process: {b['steps_on_one_thread']}")
json.dump(rows, open("bench/compare-latest.json", "w"), indent=1)
PY
