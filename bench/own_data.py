"""Measures `backprop train` on the tables of bench/tables.py, as a new user runs it:
`backprop train --data NAME_train.csv --test NAME_test.csv [OPTIONS]`, for a grid of option sets and seeds.
Prints one JSON line per run and, at the end, a Markdown table of the mean test accuracy (MSE for diabetes)
per option set. Runs one at a time (the machine is shared).

Usage: /usr/bin/python3 bench/own_data.py BACKPROP SEEDS 'OPTIONS' ['OPTIONS' ...]
  BACKPROP  the built command, e.g. src/Backprop.Cli/bin/Release/net10.0/backprop
  SEEDS     comma-separated, e.g. 0,1,2
  OPTIONS   one option set per argument, e.g. '--learning-rate 0.003 --batch-size 32'; '' is the defaults
"""
import json
import os
import shlex
import statistics
import subprocess
import sys

TABLES = ["iris", "wine", "breast_cancer", "digits", "diabetes"]
folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tables")
backprop, seeds, option_sets = sys.argv[1], [int(s) for s in sys.argv[2].split(",")], sys.argv[3:] or [""]

results = {}
for options in option_sets:
    for table in TABLES:
        for seed in seeds:
            args = [backprop, "train", "--data", f"{folder}/{table}_train.csv", "--test", f"{folder}/{table}_test.csv",
                    "--seed", str(seed), "--json", *shlex.split(options)]
            run = subprocess.run(args, capture_output=True, text=True)
            if run.returncode != 0:
                print(json.dumps({"options": options, "table": table, "seed": seed, "error": run.stderr.strip()}), flush=True)
                continue
            out = json.loads(run.stdout)
            score = out["test_mse"] if table == "diabetes" else out["test_accuracy"]
            epochs = len(out["epochs"])
            results.setdefault((options, table), []).append((score, epochs))
            print(json.dumps({"options": options, "table": table, "seed": seed, "score": score, "epochs": epochs,
                              "seconds": round(sum(e["seconds"] for e in out["epochs"]), 3)}), flush=True)

print()
print("| options | " + " | ".join(TABLES) + " |")
print("|---|" + "---|" * len(TABLES))
for options in option_sets:
    cells = []
    for table in TABLES:
        runs = results.get((options, table), [])
        if not runs:
            cells.append("failed")
            continue
        mean = statistics.mean(s for s, _ in runs)
        epochs = statistics.mean(e for _, e in runs)
        cells.append(f"{mean:.1f} ({epochs:.0f} ep)" if table == "diabetes" else f"{100 * mean:.2f} ({epochs:.0f} ep)")
    print(f"| `{options or '(defaults)'}` | " + " | ".join(cells) + " |")
