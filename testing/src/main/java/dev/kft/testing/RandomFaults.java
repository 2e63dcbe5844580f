package dev.kft.testing;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A seeded random {@link FaultPlan}: each operation faults with its own probability, picking one of
 * its fault kinds. The draw for a call depends only on (seed, service, operation, call number), not
 * on which thread got there first, so a seed replays the same faults for the same sequence of calls
 * per operation even when calls run concurrently.
 */
public final class RandomFaults implements FaultPlan {
    private record Rule(double probability, List<Fault> faults) {}

    private static final String ANY = "*";

    private final long seed;
    private final Map<String, Rule> rules = new ConcurrentHashMap<>();

    private RandomFaults(long seed) {
        this.seed = seed;
    }

    public static RandomFaults seeded(long seed) {
        return new RandomFaults(seed);
    }

    /** Calls of {@code operation} fault with {@code probability}, with one of {@code faults} (uniformly). */
    public RandomFaults on(String operation, double probability, Fault... faults) {
        if (probability < 0 || probability > 1 || faults.length == 0) {
            throw new IllegalArgumentException("probability must be in [0, 1] and at least one fault given");
        }
        rules.put(operation, new Rule(probability, List.of(faults)));
        return this;
    }

    /** The rule for every operation without its own {@link #on} rule. */
    public RandomFaults onAnyOperation(double probability, Fault... faults) {
        return on(ANY, probability, faults);
    }

    @Override
    public Fault decide(FaultProxy.Request request) {
        Rule rule = rules.getOrDefault(request.operation(), rules.get(ANY));
        if (rule == null) {
            return Fault.PASS;
        }
        SplittableRandom draw = new SplittableRandom(
                seed * 31 + Objects.hash(request.service(), request.operation(), request.callNumber()));
        if (draw.nextDouble() >= rule.probability()) {
            return Fault.PASS;
        }
        return rule.faults().get(draw.nextInt(rule.faults().size()));
    }
}
