"""One peer run's results as bench/compare.sh and bench/compare_cnn.sh saved them (by bench/peers.sh's run):
NAME.json, the run's output, and NAME.rss, its peak resident set in KiB from /usr/bin/time."""
import json
import os
import statistics


def load(out, name):
    """Epoch seconds, test accuracy, peak RSS in MiB, and Backprop's steps on one thread and flops per epoch (None for the peers)."""
    text = open(os.path.join(out, name + ".json")).read().strip()
    try:
        j = json.loads(text)                   # Backprop prints one (indented) JSON object
    except json.JSONDecodeError:
        j = json.loads(text.splitlines()[-1])  # the Python peers print one JSON line last
    rss = int(open(os.path.join(out, name + ".rss")).read().split()[-1]) / 1024
    secs = [e["seconds"] for e in j["epochs"]] if "epochs" in j else j["seconds"]
    return {"seconds": secs, "acc": j["test_accuracy"], "rss": rss, "one_thread_steps": j.get("steps_on_one_thread"),
            "flops_per_epoch": j.get("flops_per_epoch"), "flops_per_layer": j.get("flops_per_layer")}


def floor(out, flops_per_epoch):
    """The GEMM peak measured in this run (bench/gemm_probe.cs peak, saved as gemm-peak.json), and the floor it puts
    under an epoch: its flops done at the 2-thread peak, in seconds. A 2-thread probe below the 1-thread one means the
    second core was taken meanwhile (two threads can always do what one does), so the higher of the two is used."""
    peak = json.load(open(os.path.join(out, "gemm-peak.json")))["gemm_peak_gflops"]
    return {"gemm_peak_gflops": peak, "flops_per_epoch": flops_per_epoch,
            "floor_seconds": flops_per_epoch / (max(peak["1"], peak["2"]) * 1e9)}


def summary(runs, floor_seconds):
    """Median and best epoch of a peer's runs, as seconds and as shares of the floor (floor ÷ time: 1.0 would be the peak)."""
    times = [t for r in runs for t in r["seconds"]]
    med, best = statistics.median(times), min(times)
    return {"s_per_epoch_median": med, "s_per_epoch_best": best,
            "floor_share_median": floor_seconds / med, "floor_share_best": floor_seconds / best,
            "test_acc_mean": statistics.mean(r["acc"] for r in runs), "test_accs": [r["acc"] for r in runs],
            "peak_rss_mib": max(r["rss"] for r in runs), "epoch_seconds": [r["seconds"] for r in runs]}


def flops_table(layers):
    """Backprop's per-layer flops of one example (train --json's flops_per_layer) as printed lines; layers that do no
    products are left out."""
    lines = [f"  {'layer':10} {'forward':>12} {'dE/dW, dE/db':>13} {'dE/dX':>12} {'together':>12}"]
    for l in layers:
        total = l["forward"] + l["weight_gradient"] + l["input_gradient"]
        if total:
            lines.append(f"  {l['layer']:10} {l['forward']:12,} {l['weight_gradient']:13,} {l['input_gradient']:12,} {total:12,}")
    return lines
