package dev.kft.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link Metrics} writer for use-case tests: it keeps every document emitted and fails the test at
 * once if one breaks the EMF rules ({@link EmfValidator}), so every emitted document is validated.
 */
public final class RecordedMetrics {
    private final List<String> lines = new ArrayList<>();
    private final Metrics writer = new Metrics(Metrics.DEFAULT_NAMESPACE, Clock.systemUTC(), this::accept);

    public Metrics writer() {
        return writer;
    }

    private void accept(String line) {
        List<String> violations = EmfValidator.validate(line);
        if (!violations.isEmpty()) {
            throw new AssertionError("not a valid EMF document: " + violations + "\n" + line);
        }
        lines.add(line);
    }

    /** Every document so far, parsed. */
    public List<Map<String, Object>> documents() {
        return lines.stream().map(Json::parseObject).toList();
    }

    /** The documents that carry {@code metric}. */
    public List<Map<String, Object>> withMetric(Metrics.Metric metric) {
        return documents().stream().filter(d -> d.containsKey(metric.metricName())).toList();
    }

    /** The total of a Count metric over the documents whose dimension {@code name} is {@code value}. */
    public long total(Metrics.Metric metric, String name, String value) {
        return withMetric(metric).stream().filter(d -> value.equals(d.get(name)))
                .mapToLong(d -> ((Number) d.get(metric.metricName())).longValue()).sum();
    }
}
