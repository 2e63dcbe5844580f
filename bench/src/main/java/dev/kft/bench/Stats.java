package dev.kft.bench;

import java.util.List;
import java.util.Map;

/** Median and spread (min, max) of a few rounds, with the rounds themselves for the JSON. */
record Stats(long median, long min, long max, List<Long> rounds) {
    static Stats of(List<Long> values) {
        List<Long> sorted = Bench.sorted(values);
        int n = sorted.size();
        long median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(median, sorted.getFirst(), sorted.getLast(), List.copyOf(values));
    }

    Map<String, Object> toMap() {
        return Map.of("median", median, "min", min, "max", max, "rounds", rounds);
    }

    @Override
    public String toString() {
        return median + " [" + min + "–" + max + "]";
    }
}
