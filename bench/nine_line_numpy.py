"""The 9-line NumPy neuron (seeds 003/004), 10,000 iterations, timed in-process like the BenchmarkDotNet side."""
import timeit

from numpy import exp, array, random, dot

training_set_inputs = array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]])
training_set_outputs = array([[0, 1, 1, 0]]).T


def train():
    random.seed(1)
    synaptic_weights = 2 * random.random((3, 1)) - 1
    for iteration in range(10000):
        output = 1 / (1 + exp(-(dot(training_set_inputs, synaptic_weights))))
        synaptic_weights += dot(training_set_inputs.T, (training_set_outputs - output) * output * (1 - output))
    return synaptic_weights


runs = 20
times = sorted(timeit.repeat(train, number=1, repeat=runs))
median = (times[runs // 2 - 1] + times[runs // 2]) / 2
print(f"numpy 9-line neuron, 10,000 iterations, {runs} runs: best {times[0] * 1e3:.2f} ms, "
      f"median {median * 1e3:.2f} ms (weights {train().ravel()})")
