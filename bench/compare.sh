#!/usr/bin/env bash
# Side by side, on this machine, in one go: the same Fashion-MNIST training in Backprop, PyTorch and NumPy.
# Recipe: 784-128-10 ReLU, softmax cross-entropy, batch 64, 3 epochs, SGD lr 0.1 and Adam lr 1e-3, seed 1.
# Needs: dataset-fashion-mnist python3-torch python3-numpy libopenblas0-pthread (apt-get install them).
# Usage: bench/compare.sh [epochs]     Prints a table and writes bench/compare-latest.json.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-3}
py=/usr/bin/python3
out=$(mktemp -d)
dotnet build src/Backprop.Cli -c Release -v q -nologo >/dev/null
cli="dotnet src/Backprop.Cli/bin/Release/net10.0/backprop.dll"

run() {  # name, command...: runs it under /usr/bin/time for its peak RSS, keeps its last JSON line
  local name=$1; shift
  echo "running $name" >&2
  /usr/bin/time -f '%M' -o "$out/$name.rss" "$@" > "$out/$name.json"
}

for opt in sgd adam; do
  lr=0.1; [ $opt = adam ] && lr=0.001
  run "backprop-$opt" $cli train --data fashion-mnist --layers 128 --activation relu --loss softmax-crossentropy \
      --optimizer $opt --learning-rate $lr --batch-size 64 --epochs "$epochs" --seed 1 --json
  for threads in 1 2; do
    run "pytorch-$opt-t$threads" env PYTHONPATH=bench $py bench/torch_fashion.py $opt "$epochs" 1 $threads
  done
  run "numpy-$opt" env PYTHONPATH=bench $py bench/numpy_fashion.py $opt "$epochs" 1
done

$py - "$out" "$epochs" <<'PY'
import json, os, sys, platform
out, epochs = sys.argv[1], int(sys.argv[2])
def load(name):
    text = open(os.path.join(out, name + ".json")).read().strip()
    try:
        j = json.loads(text)                   # Backprop prints one (indented) JSON object
    except json.JSONDecodeError:
        j = json.loads(text.splitlines()[-1])  # the Python peers print one JSON line last
    rss = int(open(os.path.join(out, name + ".rss")).read().split()[-1]) / 1024
    if "epochs" in j:  # Backprop's train --json
        secs = [e["seconds"] for e in j["epochs"]]
        return {"seconds": secs, "acc": j["test_accuracy"], "rss": rss}
    return {"seconds": j["seconds"], "acc": j["test_accuracy"], "rss": rss}
rows = {}
for opt in ("sgd", "adam"):
    b = load(f"backprop-{opt}")
    torch = min((load(f"pytorch-{opt}-t{t}") | {"threads": t} for t in (1, 2)), key=lambda r: sum(r["seconds"]))
    npy = load(f"numpy-{opt}")
    rows[opt] = {"backprop": b, "pytorch": torch, "numpy": npy}
    per = lambda r: sum(r["seconds"]) / len(r["seconds"])
    print(f"\n{opt.upper()} ({epochs} epochs, batch 64)      s/epoch   test acc   peak RSS MiB")
    print(f"  Backprop (float32)            {per(b):7.3f}   {b['acc']*100:7.2f}%   {b['rss']:8.0f}")
    print(f"  PyTorch ({torch['threads']} thread(s), best)   {per(torch):7.3f}   {torch['acc']*100:7.2f}%   {torch['rss']:8.0f}")
    print(f"  NumPy                         {per(npy):7.3f}   {npy['acc']*100:7.2f}%   {npy['rss']:8.0f}")
    print(f"  speed: {per(torch)/per(b):.2f}x PyTorch, {per(npy)/per(b):.2f}x NumPy;"
          f" memory: {b['rss']/npy['rss']:.2f} of NumPy's; accuracy: {100*(b['acc']-torch['acc']):+.2f} points vs PyTorch")
json.dump(rows, open("bench/compare-latest.json", "w"), indent=1)
PY
