"""scikit-learn's peers on bench/tables (written by bench/tables.py): MLPClassifier with a StandardScaler for the
classification tables, and ordinary least squares (LinearRegression) and MLPRegressor with scaled inputs and
targets for diabetes. Prints one JSON line per table and model.

Usage: /usr/bin/python3 bench/sklearn_tables.py [FOLDER] [SEEDS]
"""
import json
import os
import sys

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "tables")
seeds = [int(s) for s in sys.argv[2].split(",")] if len(sys.argv) > 2 else [0]


def load(name, part):
    data = np.genfromtxt(os.path.join(folder, f"{name}_{part}.csv"), delimiter=",", dtype=str)
    return data[1:, :-1].astype(float), data[1:, -1]


for name in ["iris", "wine", "breast_cancer", "digits"]:
    xtr, ytr = load(name, "train")
    xte, yte = load(name, "test")
    accuracies = []
    for seed in seeds:
        model = make_pipeline(StandardScaler(), MLPClassifier(random_state=seed, max_iter=200))
        model.fit(xtr, ytr)
        accuracies.append(float((model.predict(xte) == yte).mean()))
    print(json.dumps({"table": name, "model": "MLPClassifier+StandardScaler", "seeds": seeds, "test_accuracy": accuracies,
                      "mean": float(np.mean(accuracies)), "iterations": int(model[-1].n_iter_)}))

xtr, ytr = load("diabetes", "train")
xte, yte = load("diabetes", "test")
ytr, yte = ytr.astype(float), yte.astype(float)
ols = LinearRegression().fit(xtr, ytr)
print(json.dumps({"table": "diabetes", "model": "LinearRegression (OLS)", "test_mse": float(mean_squared_error(yte, ols.predict(xte)))}))
mses = []
for seed in seeds:
    mlp = TransformedTargetRegressor(make_pipeline(StandardScaler(), MLPRegressor(random_state=seed, max_iter=200)), transformer=StandardScaler())
    mlp.fit(xtr, ytr)
    mses.append(float(mean_squared_error(yte, mlp.predict(xte))))
print(json.dumps({"table": "diabetes", "model": "MLPRegressor+StandardScaler (inputs and target)", "seeds": seeds, "test_mse": mses, "mean": float(np.mean(mses))}))
