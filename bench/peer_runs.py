"""One peer run's results as bench/compare.sh and bench/compare_cnn.sh saved them (by bench/peers.sh's run):
NAME.json, the run's output, and NAME.rss, its peak resident set in KiB from /usr/bin/time."""
import json
import os


def load(out, name):
    """Epoch seconds, test accuracy, peak RSS in MiB and Backprop's steps on one thread (None for the peers)."""
    text = open(os.path.join(out, name + ".json")).read().strip()
    try:
        j = json.loads(text)                   # Backprop prints one (indented) JSON object
    except json.JSONDecodeError:
        j = json.loads(text.splitlines()[-1])  # the Python peers print one JSON line last
    rss = int(open(os.path.join(out, name + ".rss")).read().split()[-1]) / 1024
    secs = [e["seconds"] for e in j["epochs"]] if "epochs" in j else j["seconds"]
    return {"seconds": secs, "acc": j["test_accuracy"], "rss": rss, "one_thread_steps": j.get("steps_on_one_thread")}
