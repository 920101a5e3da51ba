"""Why Backprop trailed scikit-learn's MLPRegressor on friedman1 given "the same settings": runs both trainers on
friedman1 splits, each with its own choices and with the other's (initialisation, L2 strength), one run at a time.

Usage: /usr/bin/python3 bench/friedman_gap.py BACKPROP TABLES SPLITS [SEEDS]
  BACKPROP  the built command, e.g. src/Backprop.Cli/bin/Release/net10.0/backprop
  TABLES    the folder holding splitN/friedman1_{train,test}.csv (bench/tables.py TABLES/splitN N)
  SPLITS    comma-separated split seeds, e.g. 0,1,2,3,4
  SEEDS     comma-separated seeds of the initial weights and shuffling (random_state, --seed); default 0
Prints one JSON line per run, then each variant's test MSE per (split, seed) and their mean.

The two L2 conventions: scikit-learn's gradient is that of ½·mean squared error plus alpha·W/batch (weights only);
Backprop's is that of the mean squared error (no ½) plus λ·w (every parameter). So scikit-learn's alpha corresponds to
λ = 2·alpha/batch, and Backprop's λ to alpha = λ·batch/2: alpha 1e-4 at batch 200 is λ 1e-6, and λ 1e-4 is alpha 0.01.
"""
import json
import statistics
import subprocess
import sys
import warnings

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.metrics import mean_squared_error
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

backprop, tables, splits = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3].split(",")]
seeds = [int(s) for s in (sys.argv[4] if len(sys.argv) > 4 else "0").split(",")]
runs = [(split, seed) for split in splits for seed in seeds]
warnings.filterwarnings("ignore")   # ConvergenceWarning at 200 iterations


class HeMLPRegressor(MLPRegressor):
    """MLPRegressor with Backprop's default start: He normal N(0, 2/fan-in) weights, zero biases."""

    def _init_coef(self, fan_in, fan_out, dtype):
        coef = self._random_state.normal(0.0, np.sqrt(2.0 / fan_in), (fan_in, fan_out)).astype(dtype, copy=False)
        return coef, np.zeros(fan_out, dtype=dtype)


class GlorotZeroBiasMLPRegressor(MLPRegressor):
    """MLPRegressor with Glorot uniform weights as usual but zero biases (Backprop's --init xavier)."""

    def _init_coef(self, fan_in, fan_out, dtype):
        coef, _ = super()._init_coef(fan_in, fan_out, dtype)
        return coef, np.zeros(fan_out, dtype=dtype)


PEERS = {
    "sklearn default (glorot+bias, alpha 1e-4)": lambda seed: MLPRegressor(random_state=seed),
    "sklearn, alpha 0.01 (= Backprop's λ 1e-4)": lambda seed: MLPRegressor(random_state=seed, alpha=0.01),
    "sklearn, he init everywhere, zero biases, alpha 1e-4": lambda seed: HeMLPRegressor(random_state=seed),
    "sklearn, glorot weights zero biases, alpha 1e-4": lambda seed: GlorotZeroBiasMLPRegressor(random_state=seed),
}
SAME = "--layers 100 --epochs 200 --learning-rate 0.001 --batch-size 200 --validation-split 0"
OURS = {
    "backprop default init (he hidden, xavier output), λ 1e-4": "--weight-decay 0.0001",
    "backprop default init, λ 1e-6 (= sklearn's alpha 1e-4)": "--weight-decay 0.000001",
    "backprop --init he (he everywhere, as the sklearn he variant), λ 1e-4": "--weight-decay 0.0001 --init he",
    "backprop --init xavier (zero biases), λ 1e-4": "--weight-decay 0.0001 --init xavier",
    "backprop --init pytorch (biases drawn too), λ 1e-4": "--weight-decay 0.0001 --init pytorch",
}


def load(path):
    data = np.genfromtxt(path, delimiter=",", skip_header=1)
    return data[:, :-1], data[:, -1]


scores = {}
for split, seed in runs:
    folder = f"{tables}/split{split}"
    xtr, ytr = load(f"{folder}/friedman1_train.csv")
    xte, yte = load(f"{folder}/friedman1_test.csv")
    for name, make in PEERS.items():
        model = TransformedTargetRegressor(make_pipeline(StandardScaler(), make(seed)), transformer=StandardScaler())
        model.fit(xtr, ytr)
        mse = float(mean_squared_error(yte, model.predict(xte)))
        scores.setdefault(name, []).append(mse)
        print(json.dumps({"variant": name, "split": split, "seed": seed, "test_mse": mse,
                          "epochs": model.regressor_[-1].n_iter_}), flush=True)
    for name, options in OURS.items():
        args = [backprop, "train", "--data", f"{folder}/friedman1_train.csv", "--test", f"{folder}/friedman1_test.csv",
                "--json", "--seed", str(seed), *SAME.split(), *options.split()]
        out = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
        scores.setdefault(name, []).append(out["test_mse"])
        print(json.dumps({"variant": name, "split": split, "seed": seed, "test_mse": out["test_mse"], "epochs": len(out["epochs"])}), flush=True)

print()
print(f"Backprop runs: `backprop train {SAME} --seed SEED [variant]`. Test MSE (split/seed):")
print()
print("| variant | " + " | ".join(f"{a}/{b}" for a, b in runs) + " | mean |")
print("|---|" + "---|" * (len(runs) + 1))
for name, values in scores.items():
    print(f"| {name} | " + " | ".join(f"{v:.3f}" for v in values) + f" | {statistics.mean(values):.3f} |")
