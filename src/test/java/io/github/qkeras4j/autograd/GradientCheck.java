package io.github.qkeras4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Compares the gradients of a recorded graph with central finite differences. The graph is reduced to
 * the scalar {@code loss = Σ r_i · y_i} with fixed random weights {@code r}, so every output element
 * contributes with its own weight.
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    /** Fills a new tensor with uniform values in [-scale, scale). */
    public static Tensor random(SplittableRandom random, float scale, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return t;
    }

    /**
     * Checks {@code d loss / d input} for every input against central differences with step
     * {@code h}; each element must agree within {@code tolerance · max(1, |numeric|)}.
     *
     * @param graph  builds the output from variables that require gradients, on the given tape
     * @param inputs the input values; they are perturbed in place and restored
     */
    public static void check(Function<List<Variable>, Function<Tape, Variable>> graph, List<Tensor> inputs,
                             double h, double tolerance) {
        SplittableRandom random = new SplittableRandom(1234);
        List<Variable> variables = inputs.stream().map(t -> new Variable(t, true)).toList();
        Function<Tape, Variable> forward = graph.apply(variables);

        Tape tape = Tape.training();
        Variable y = forward.apply(tape);
        Tensor weights = random(random, 1f, y.shape());
        Variable loss = weightedSum(tape, y, weights);
        tape.backward(loss);
        List<Tensor> analytic = variables.stream().map(v -> {
            assertNotNull(v.grad(), "no gradient reached an input");
            return v.grad().copy();
        }).toList();

        for (int n = 0; n < inputs.size(); n++) {
            float[] data = inputs.get(n).data();
            for (int i = 0; i < data.length; i++) {
                float saved = data[i];
                data[i] = (float) (saved + h);
                double plus = evaluate(forward, weights);
                data[i] = (float) (saved - h);
                double minus = evaluate(forward, weights);
                data[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                double expectedTolerance = tolerance * Math.max(1.0, Math.abs(numeric));
                assertEquals(numeric, analytic.get(n).data()[i], expectedTolerance,
                        "gradient of input " + n + " at flat index " + i);
            }
        }
    }

    private static double evaluate(Function<Tape, Variable> forward, Tensor weights) {
        Tape tape = Tape.inference();
        float[] y = forward.apply(tape).value().data();
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (double) y[i] * weights.data()[i];
        }
        return sum;
    }

    /** {@code Σ r_i · y_i} as a recorded op, so the check needs no other op under test. */
    private static Variable weightedSum(Tape tape, Variable y, Tensor weights) {
        float[] yd = y.value().data();
        double sum = 0;
        for (int i = 0; i < yd.length; i++) {
            sum += (double) yd[i] * weights.data()[i];
        }
        Variable loss = tape.result(Tensor.scalar((float) sum), y);
        tape.record(new Op() {
            @Override
            public void backward(Tape t) {
                float g = loss.grad().data()[0];
                float[] dy = t.gradient(y).data();
                for (int i = 0; i < dy.length; i++) {
                    dy[i] += g * weights.data()[i];
                }
            }
        });
        return loss;
    }
}
