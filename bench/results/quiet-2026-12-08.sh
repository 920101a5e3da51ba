#!/usr/bin/env bash
# Issue 19's speed checks on a quiet machine, 2026-12-08, everything alternated in one run:
# 1. the 9-line neuron, 8e8087f (before the step API) against main, inside one process (bench/nine_line_ab.cs), and NumPy;
# 2. the Fashion-MNIST MLP (SGD 0.1 and Adam 0.001, 3 epochs, seed 1, median epoch) for c17c305 (before issue 19),
#    main and PyTorch (1 and 2 threads), three rounds;
# 3. the same-padding CNN of compare_cnn.sh, 100 steps of batch 64 (--limit 6400, 1 epoch) for both builds, and
#    PyTorch's ms per step (torch_fashion_cnn.py's probe, 1 and 2 threads).
# Builds: OLD9=/tmp/nl/old (nine_line_step built in an 8e8087f worktree), NEW9 (the same from main),
#         OLD=c17c305's backprop, NEW=main's backprop.
set -u
py=/usr/bin/python3
med='import json,sys,statistics; d=json.loads(sys.stdin.read().splitlines()[-1] if sys.argv[1]=="t" else sys.stdin.read()); print(round(statistics.median(d["seconds"] if sys.argv[1]=="t" else [e["seconds"] for e in d["epochs"]]),4), d.get("test_accuracy"))'
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet run -c Release bench/nine_line_ab.cs -- "$OLD9","$NEW9" 200 20
PYTHONPATH=bench $py bench/nine_line_numpy.py
for round in 1 2 3; do
  for b in OLD NEW; do
    for opt in sgd adam; do lr=0.1; [ $opt = adam ] && lr=0.001
      echo "$round $b mlp-$opt $(${!b} train --data fashion-mnist --layers 128 --activation relu --loss softmax-crossentropy --optimizer $opt --learning-rate $lr --batch-size 64 --epochs 3 --seed 1 --json | $py -c "$med" e)"
    done
  done
  for opt in sgd adam; do for t in 1 2; do
    echo "$round pytorch-t$t mlp-$opt $(PYTHONPATH=bench $py bench/torch_fashion.py $opt 3 1 $t | $py -c "$med" t)"
  done; done
  for b in OLD NEW; do
    echo "$round $b cnn-same-100-steps $(${!b} train --data fashion-mnist --layers conv32x3-same,maxpool2,conv64x3-same,maxpool2,128,dropout0.5 --activation relu --loss softmax-crossentropy --optimizer adam --learning-rate 0.001 --batch-size 64 --limit 6400 --epochs 1 --seed 1 --json | $py -c "$med" e)"
  done
  for t in 1 2; do echo "$round pytorch-t$t cnn-same ms/step $(PYTHONPATH=bench $py bench/torch_fashion_cnn.py 1 1 $t 100)"; done
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
