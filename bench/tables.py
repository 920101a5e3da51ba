"""Writes scikit-learn's bundled tables as CSV files, split 75/25 with train_test_split(random_state=SPLIT), and a
generated nonlinear regression table, friedman1 (make_friedman1: 2,000 samples, noise 1.0, random_state 0; 1,500 for
training, 500 for test).

Usage: /usr/bin/python3 bench/tables.py [FOLDER] [SPLIT]   (default bench/tables and split 0; needs python3-sklearn)

For each of iris, wine, breast_cancer, digits (classification) and diabetes (regression) it writes
NAME_train.csv and NAME_test.csv: a header row, the feature columns under their scikit-learn names, and the
target last ('label' for classes, 'target' for diabetes). Classes are written as their names where scikit-learn
has names (iris, wine, breast cancer) and as digits for digits. Numbers are written in Python's shortest
round-trip form, so the files hold exactly scikit-learn's float64 values.
"""
import csv
import os
import sys

from sklearn import datasets
from sklearn.model_selection import train_test_split

LOADERS = {
    "iris": datasets.load_iris,
    "wine": datasets.load_wine,
    "breast_cancer": datasets.load_breast_cancer,
    "digits": datasets.load_digits,
    "diabetes": lambda: datasets.load_diabetes(scaled=False),
    "friedman1": None,
}
REGRESSION = {"diabetes", "friedman1"}


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def main(folder, split):
    os.makedirs(folder, exist_ok=True)
    for name, load in LOADERS.items():
        if name == "friedman1":
            x, y = datasets.make_friedman1(n_samples=2000, noise=1.0, random_state=0)
            classes, features = None, [f"x{i}" for i in range(x.shape[1])]
            xtr, xte, ytr, yte = train_test_split(x, y, test_size=500, random_state=split)
        else:
            bunch = load()
            x, y = bunch.data, bunch.target
            classes = getattr(bunch, "target_names", None) if name != "digits" else None
            features = [str(f).replace(" ", "_") for f in bunch.feature_names] if hasattr(bunch, "feature_names") else [f"x{i}" for i in range(x.shape[1])]
            xtr, xte, ytr, yte = train_test_split(x, y, random_state=split)
        regression = name in REGRESSION
        target = "target" if regression else "label"
        for part, xs, ys in (("train", xtr, ytr), ("test", xte, yte)):
            rows = []
            for features_row, t in zip(xs, ys):
                label = repr(float(t)) if regression else (str(classes[int(t)]) if classes is not None else str(int(t)))
                rows.append([repr(float(v)) for v in features_row] + [label])
            write(os.path.join(folder, f"{name}_{part}.csv"), features + [target], rows)
        print(f"{name}: {len(xtr)} training rows, {len(xte)} test rows, {x.shape[1]} features")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "tables"),
         int(sys.argv[2]) if len(sys.argv) > 2 else 0)
