#!/usr/bin/env python3
"""Start-up of installed `backprop` commands: `--help` and a one-row `predict`, run alternately.

usage: bench/startup.py RUNS MODEL INPUT NAME=PATH [NAME=PATH ...]
  each PATH is an installed `backprop` (dotnet tool install --tool-path DIR ... puts it at DIR/backprop).
Prints, for each command and each build, the wall-clock median and range over RUNS runs, and the median CPU time
(user + sys of the process and its children, from getrusage), which other processes' load inflates far less.
"""
import os, resource, statistics, subprocess, sys, time

runs, model, row = int(sys.argv[1]), sys.argv[2], sys.argv[3]
builds = [a.split("=", 1) for a in sys.argv[4:]]
commands = {"--help": ["--help"], "predict": ["predict", "--model", model, "--input", row]}
wall = {(b, c): [] for b, _ in builds for c in commands}
cpu = {(b, c): [] for b, _ in builds for c in commands}
for _ in range(runs):
    for c, args in commands.items():
        for b, path in builds:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([path, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            wall[b, c].append((time.perf_counter() - start) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[b, c].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
print(f"load average before the last run: {os.getloadavg()[0]:.1f}")
for c in commands:
    for b, _ in builds:
        w = wall[b, c]
        print(f"{c:8} {b:20} wall median {statistics.median(w):7.1f} ms (range {min(w):.1f}-{max(w):.1f}), CPU median {statistics.median(cpu[b, c]):6.1f} ms")
