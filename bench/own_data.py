"""Measures `backprop train` on the tables of bench/tables.py as a new user runs it, against scikit-learn's default
MLP on the same split: `backprop train --data NAME_train.csv --test NAME_test.csv [OPTIONS]` (the command as typed,
seed 0) and `MLPClassifier()` / `MLPRegressor()` (default settings, random_state 0) after a StandardScaler (for
regression, of the target too), for several seeds of the 75/25 split (train_test_split's random_state).

Prints one JSON line per run and, at the end, a Markdown table per option set: each table's mean over the splits,
its worst split, and the peer's, as test accuracy (%) or test MSE for the regression tables.

Usage: /usr/bin/python3 bench/own_data.py BACKPROP SPLITS 'OPTIONS' ['OPTIONS' ...]
  BACKPROP  the built command, e.g. src/Backprop.Cli/bin/Release/net10.0/backprop
  SPLITS    comma-separated split seeds, e.g. 0,1,2,3,4
  OPTIONS   one option set per argument, e.g. '--learning-rate 0.003 --batch-size 32'; '' is the defaults
Needs python3-sklearn. Runs one process at a time (the machine is shared).
"""
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.metrics import mean_squared_error
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

TABLES = ["iris", "wine", "breast_cancer", "digits", "diabetes", "friedman1"]
REGRESSION = {"diabetes", "friedman1"}
here = os.path.dirname(os.path.abspath(__file__))
backprop, splits, option_sets = sys.argv[1], [int(s) for s in sys.argv[2].split(",")], sys.argv[3:] or [""]
root = tempfile.mkdtemp(prefix="backprop-tables-")


def folder(split):
    path = os.path.join(root, f"split{split}")
    if not os.path.isdir(path):
        subprocess.run([sys.executable, os.path.join(here, "tables.py"), path, str(split)], check=True, capture_output=True)
    return path


def load(path, name, part):
    data = np.genfromtxt(os.path.join(path, f"{name}_{part}.csv"), delimiter=",", dtype=str)
    return data[1:, :-1].astype(float), data[1:, -1]


def peer(path, name):
    xtr, ytr = load(path, name, "train")
    xte, yte = load(path, name, "test")
    if name in REGRESSION:
        model = TransformedTargetRegressor(make_pipeline(StandardScaler(), MLPRegressor(random_state=0)), transformer=StandardScaler())
        model.fit(xtr, ytr.astype(float))
        return float(mean_squared_error(yte.astype(float), model.predict(xte)))
    model = make_pipeline(StandardScaler(), MLPClassifier(random_state=0))
    model.fit(xtr, ytr)
    return float((model.predict(xte) == yte).mean())


def ours(path, name, options):
    args = [backprop, "train", "--data", f"{path}/{name}_train.csv", "--test", f"{path}/{name}_test.csv", "--json", *shlex.split(options)]
    run = subprocess.run(args, capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(run.stderr.strip())
    out = json.loads(run.stdout)
    return (out["test_mse"] if name in REGRESSION else out["test_accuracy"]), len(out["epochs"])


import warnings
warnings.filterwarnings("ignore")   # scikit-learn's ConvergenceWarning at its 200 iterations
peers, results = {}, {}
for split in splits:
    path = folder(split)
    for name in TABLES:
        peers[(name, split)] = peer(path, name)
        print(json.dumps({"model": "scikit-learn default MLP", "table": name, "split": split, "score": peers[(name, split)]}), flush=True)
        for options in option_sets:
            score, epochs = ours(path, name, options)
            results[(options, name, split)] = score
            print(json.dumps({"options": options, "table": name, "split": split, "score": score, "epochs": epochs}), flush=True)


def fmt(name, v):
    return f"{v:.1f}" if name in REGRESSION else f"{100 * v:.2f}"


for options in option_sets:
    print()
    print(f"`backprop train {options or '(defaults)'}` against scikit-learn's default MLP, splits {','.join(map(str, splits))}:")
    print()
    print("| table | peer mean | ours mean | ours − peer (mean) | worst split: ours − peer | at or above the peer on the mean | every split within 2 points / 10 % |")
    print("|---|---|---|---|---|---|---|")
    for name in TABLES:
        p = [peers[(name, s)] for s in splits]
        o = [results[(options, name, s)] for s in splits]
        if name in REGRESSION:
            diffs = [(oi - pi) / pi for oi, pi in zip(o, p)]          # relative MSE: lower is better
            worst = max(diffs)
            mean_diff = (statistics.mean(o) - statistics.mean(p)) / statistics.mean(p)
            ok_mean, ok_each = statistics.mean(o) <= statistics.mean(p), worst <= 0.10
            cells = [f"{100 * mean_diff:+.1f} %", f"{100 * worst:+.1f} %"]
        else:
            diffs = [100 * (oi - pi) for oi, pi in zip(o, p)]          # accuracy points: higher is better
            worst = min(diffs)
            mean_diff = 100 * (statistics.mean(o) - statistics.mean(p))
            ok_mean, ok_each = mean_diff >= -1e-9, worst >= -2
            cells = [f"{mean_diff:+.2f}", f"{worst:+.2f}"]
        print(f"| {name} | {fmt(name, statistics.mean(p))} | {fmt(name, statistics.mean(o))} | {cells[0]} | {cells[1]} | "
              f"{'yes' if ok_mean else 'no'} | {'yes' if ok_each else 'no'} |")
