#!/usr/bin/env bash
# Alternates the old (c17c305) and new builds: MLP SGD/Adam and the CNN, Backprop alone, median epoch time.
old=/tmp/old-c17/src/Backprop.Cli/bin/Release/net10.0/backprop; new=/tmp/new-main/backprop
for round in 1 2 3; do
  for b in old new; do
    bin=${!b}
    for opt in sgd adam; do lr=0.1; [ $opt = adam ] && lr=0.001
      $bin train --data fashion-mnist --layers 128 --activation relu --loss softmax-crossentropy --optimizer $opt --learning-rate $lr --batch-size 64 --epochs 3 --seed 1 --json \
      | /usr/bin/python3 -c "import json,sys,statistics; d=json.load(sys.stdin); print('$b','$opt', round(statistics.median(e['seconds'] for e in d['epochs']),3), d['test_accuracy'])"
    done
    $bin train --data fashion-mnist --layers conv32x3,maxpool2,conv64x3,maxpool2,128 --limit 10000 --epochs 1 --seed 1 --json \
      | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print('$b','cnn10k', round(d['epochs'][0]['seconds'],3), d['test_accuracy'])"
  done
done
