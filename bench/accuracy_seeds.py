"""Same recipe, same accuracy: the 3-epoch Fashion-MNIST recipe (784-128-10 ReLU, batch 64; SGD at 0.1 and Adam at
0.001) in Backprop and in PyTorch over several seeds, run one after another (the machine is shared). Prints one JSON
line per run, then each side's mean test accuracy and the difference.

Usage: /usr/bin/python3 bench/accuracy_seeds.py [SEEDS] [BACKPROP_OPTIONS]
  SEEDS             comma-separated, default 1,2,3,4,5
  BACKPROP_OPTIONS  extra options for backprop train, e.g. '--init pytorch'
$BACKPROP_DLL names the backprop.dll to run (default: the Release build).
"""
import json
import os
import shlex
import statistics
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
seeds = [int(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "1,2,3,4,5").split(",")]
extra = shlex.split(sys.argv[2]) if len(sys.argv) > 2 else []
cli = ["dotnet", os.environ.get("BACKPROP_DLL", os.path.join(root, "src/Backprop.Cli/bin/Release/net10.0/backprop.dll"))]
env = dict(os.environ, PYTHONPATH=os.path.join(root, "bench"))

results = {}
for optimizer, rate in (("sgd", "0.1"), ("adam", "0.001")):
    for seed in seeds:
        ours = subprocess.run([*cli, "train", "--data", "fashion-mnist", "--layers", "128", "--activation", "relu", "--optimizer", optimizer,
                               "--learning-rate", rate, "--batch-size", "64", "--epochs", "3", "--seed", str(seed), "--json", *extra],
                              capture_output=True, text=True, check=True)
        theirs = subprocess.run(["/usr/bin/python3", os.path.join(root, "bench/torch_fashion.py"), optimizer, "3", str(seed)],
                                capture_output=True, text=True, check=True, env=env)
        a = json.loads(ours.stdout)["test_accuracy"]
        b = json.loads(theirs.stdout.splitlines()[-1])["test_accuracy"]
        results.setdefault(optimizer, []).append((a, b))
        print(json.dumps({"optimizer": optimizer, "seed": seed, "backprop": a, "pytorch": b}), flush=True)

for optimizer, pairs in results.items():
    ours, theirs = statistics.mean(a for a, _ in pairs), statistics.mean(b for _, b in pairs)
    print(f"{optimizer}: Backprop {100 * ours:.2f} %, PyTorch {100 * theirs:.2f} % over seeds {seeds}: {100 * (ours - theirs):+.2f} points")
