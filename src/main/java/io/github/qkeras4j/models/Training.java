package io.github.qkeras4j.models;

import io.github.qkeras4j.autograd.OpCategory;
import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.data.Batcher;
import io.github.qkeras4j.data.Dataset;
import io.github.qkeras4j.layers.ForwardContext;
import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.quantizers.InternalSigmoid;
import io.github.qkeras4j.quantizers.QuantizerContext;
import io.github.qkeras4j.train.Accuracy;
import io.github.qkeras4j.train.Callback;
import io.github.qkeras4j.train.Loss;
import io.github.qkeras4j.train.Optimizer;
import io.github.qkeras4j.train.TrainingState;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training loop behind {@code fit} and {@code evaluate} of {@link Sequential} and {@link Functional}
 * models with one input and one output.
 *
 * <p>Each step: copy the batch into reused buffers, run the model in training mode on a recording
 * tape, compute the loss, walk the tape backwards, let the optimizer update the float weights, apply
 * the layers' constraints (QKeras's clips) and zero the gradients. Every random choice (shuffle order,
 * dropout masks, stochastic quantizers) is drawn from streams derived from the fit seed, the epoch
 * and the step, so the same seed gives the same bits whatever the thread count.
 */
final class Training {
    private static final String ACCURACY = "accuracy";

    private final Model model;
    private final Optimizer optimizer;
    private final Loss loss;

    Training(Model model, Optimizer optimizer, Loss loss) {
        if (model.inputShapes().size() != 1 || model.outputShapes().size() != 1) {
            throw new IllegalArgumentException("model '" + model.name() + "' has " + model.inputShapes().size()
                    + " inputs and " + model.outputShapes().size() + " outputs; fit and evaluate support models with"
                    + " one input and one output");
        }
        this.model = model;
        this.optimizer = optimizer;
        this.loss = loss;
    }

    Optimizer optimizer() {
        return optimizer;
    }

    History fit(Dataset data, FitOptions options) {
        Dataset train = data;
        Dataset validation = options.validationData();
        if (validation == null && options.validationSplit() > 0) {
            Dataset.Split split = data.split(options.validationSplit());
            train = split.train();
            validation = split.validation();
        }
        Batcher batcher = new Batcher(train, options.batchSize());
        State state = new State(options.epochs(), batcher.batchCount());
        List<Callback> callbacks = options.callbacks();
        List<Parameter> parameters = model.trainableWeights();
        SplittableRandom shuffleRandom = new SplittableRandom(options.seed());
        Tape tape = Tape.training();
        tape.setProfiling(options.profile());
        History history = new History();

        callbacks.forEach(c -> c.onTrainBegin(state));
        for (int epoch = 0; epoch < options.epochs() && !state.isStopping(); epoch++) {
            final int currentEpoch = epoch;
            callbacks.forEach(c -> c.onEpochBegin(currentEpoch, state));
            long start = System.nanoTime();
            int[] order = options.shuffle() ? permutation(train.size(), shuffleRandom) : Batcher.identityOrder(train.size());
            Accuracy accuracy = accuracyFor(train, batcher);
            double lossSum = 0;
            long samples = 0;
            for (int step = 0; step < batcher.batchCount() && !state.isStopping(); step++) {
                Batcher.Batch batch = batcher.batch(order, step);
                tape.reset();
                ForwardContext context = trainingContext(tape, options.seed(), epoch, step);

                Variable predictions = model.forward(List.of(Variable.constant(batch.x())), context).get(0);
                Variable batchLoss = loss.compute(tape, predictions, batch.y());
                tape.backward(batchLoss);
                optimizer.step(parameters);
                for (Layer layer : model.layers()) {
                    layer.applyConstraints();
                }
                parameters.forEach(Parameter::zeroGrad);

                double value = batchLoss.value().data()[0];
                lossSum += value * batch.rows();
                samples += batch.rows();
                accuracy.update(predictions.value(), batch.y());
                Map<String, Double> logs = new LinkedHashMap<>();
                logs.put("batch_loss", value);
                logs.put("loss", lossSum / samples);
                logs.put(ACCURACY, accuracy.result());
                final int currentStep = step;
                callbacks.forEach(c -> c.onBatchEnd(currentStep, logs, state));
            }
            if (state.isStopping() && samples < train.size()) {
                break;
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / samples);
            logs.put(ACCURACY, accuracy.result());
            if (validation != null) {
                Map<String, Double> scores = evaluate(validation, options.batchSize());
                scores.forEach((name, value) -> logs.put("val_" + name, value));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            history.record(logs, seconds);
            callbacks.forEach(c -> c.onEpochEnd(currentEpoch, logs, state));
        }
        callbacks.forEach(c -> c.onTrainEnd(state));
        history.setStopReason(state.reason);
        if (options.profile()) {
            Map<OpCategory, Long> nanos = new EnumMap<>(OpCategory.class);
            for (OpCategory category : OpCategory.values()) {
                nanos.put(category, tape.nanos(category));
            }
            history.setProfileNanos(nanos);
        }
        return history;
    }

    /** The mean loss (weighted by batch size, as Keras) and the accuracy over {@code data}, in inference mode. */
    Map<String, Double> evaluate(Dataset data, int batchSize) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot evaluate on an empty dataset");
        }
        Batcher batcher = new Batcher(data, batchSize);
        int[] order = Batcher.identityOrder(data.size());
        Tape tape = Tape.inference();
        Accuracy accuracy = accuracyFor(data, batcher);
        double lossSum = 0;
        for (int step = 0; step < batcher.batchCount(); step++) {
            Batcher.Batch batch = batcher.batch(order, step);
            tape.reset();
            Variable predictions = model.forward(List.of(Variable.constant(batch.x())), Sequential.inferenceContext(tape)).get(0);
            lossSum += (double) loss.compute(tape, predictions, batch.y()).value().data()[0] * batch.rows();
            accuracy.update(predictions.value(), batch.y());
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("loss", lossSum / data.size());
        scores.put(ACCURACY, accuracy.result());
        return scores;
    }

    /** Keras's "accuracy" metric of the kind that matches the targets and the model's outputs. */
    private Accuracy accuracyFor(Dataset data, Batcher batcher) {
        int[] targets = prepend(batcher.batchSize(), data.targetShape());
        int[] predictions = prepend(batcher.batchSize(), model.outputShapes().get(0));
        return new Accuracy(Accuracy.kindFor(targets, predictions));
    }

    private static int[] prepend(int first, int[] rest) {
        int[] shape = new int[rest.length + 1];
        shape[0] = first;
        System.arraycopy(rest, 0, shape, 1, rest.length);
        return shape;
    }

    private static ForwardContext trainingContext(Tape tape, long seed, int epoch, int step) {
        long stepSeed = mix(mix(seed, epoch), step);
        QuantizerContext quantizers = new QuantizerContext(true, new SplittableRandom(stepSeed), InternalSigmoid.HARD, true);
        return new ForwardContext(tape, true, quantizers, new SplittableRandom(mix(stepSeed, 0x5DEECE66DL)));
    }

    /** A 64-bit mix (SplitMix64's finalizer) of two values, for deriving independent seeds. */
    private static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Fisher–Yates shuffle of {@code 0 … n−1}. */
    private static int[] permutation(int n, SplittableRandom random) {
        int[] order = Batcher.identityOrder(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private final class State implements TrainingState {
        private final int epochs;
        private final int steps;
        private String reason;

        State(int epochs, int steps) {
            this.epochs = epochs;
            this.steps = steps;
        }

        @Override
        public Model model() {
            return model;
        }

        @Override
        public Optimizer optimizer() {
            return optimizer;
        }

        @Override
        public int epochs() {
            return epochs;
        }

        @Override
        public int steps() {
            return steps;
        }

        @Override
        public void stopTraining(String why) {
            if (reason == null) {
                reason = why;
            }
        }

        @Override
        public boolean isStopping() {
            return reason != null;
        }
    }
}
