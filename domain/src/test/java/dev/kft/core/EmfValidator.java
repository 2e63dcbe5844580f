package dev.kft.core;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one log line against the rules of the CloudWatch embedded metric format specification
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * Returns violations as "CODE: detail" strings; an empty list means the line is a valid EMF document.
 */
public final class EmfValidator {
    static final String NOT_ONE_JSON_OBJECT = "NOT_ONE_JSON_OBJECT";
    static final String MISSING_AWS = "MISSING_AWS";
    static final String BAD_TIMESTAMP = "BAD_TIMESTAMP";
    static final String MISSING_CLOUDWATCH_METRICS = "MISSING_CLOUDWATCH_METRICS";
    static final String BAD_DIRECTIVE = "BAD_DIRECTIVE";
    static final String BAD_NAMESPACE = "BAD_NAMESPACE";
    static final String BAD_DIMENSIONS = "BAD_DIMENSIONS";
    static final String TOO_MANY_DIMENSIONS = "TOO_MANY_DIMENSIONS";
    static final String DIMENSION_NOT_IN_ROOT = "DIMENSION_NOT_IN_ROOT";
    static final String DIMENSION_NOT_STRING = "DIMENSION_NOT_STRING";
    static final String BAD_METRICS = "BAD_METRICS";
    static final String TOO_MANY_METRICS = "TOO_MANY_METRICS";
    static final String BAD_METRIC_NAME = "BAD_METRIC_NAME";
    static final String METRIC_NOT_IN_ROOT = "METRIC_NOT_IN_ROOT";
    static final String METRIC_NOT_NUMERIC = "METRIC_NOT_NUMERIC";
    static final String TOO_MANY_VALUES = "TOO_MANY_VALUES";
    static final String BAD_UNIT = "BAD_UNIT";
    static final String BAD_STORAGE_RESOLUTION = "BAD_STORAGE_RESOLUTION";

    // The spec's list of units (CloudWatch StandardUnit).
    static final Set<String> UNITS = Set.of(
            "Seconds", "Microseconds", "Milliseconds",
            "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
            "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits",
            "Percent", "Count",
            "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
            "Count/Second", "None");

    private EmfValidator() {}

    /** Violations of one log line (the log event's whole message). */
    public static List<String> validate(String line) {
        List<String> violations = new ArrayList<>();
        Object parsed;
        try {
            // A log event is one line; a newline would split it into two events, neither valid.
            if (line.contains("\n")) {
                violations.add(NOT_ONE_JSON_OBJECT + ": the document spans several lines");
                return violations;
            }
            parsed = JSON.std.anyFrom(line);
        } catch (IOException e) {
            violations.add(NOT_ONE_JSON_OBJECT + ": " + e.getMessage().lines().findFirst().orElse(""));
            return violations;
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            violations.add(NOT_ONE_JSON_OBJECT + ": the root is not an object");
            return violations;
        }
        validateRoot(root, violations);
        return violations;
    }

    private static void validateRoot(Map<?, ?> root, List<String> violations) {
        if (!(root.get("_aws") instanceof Map<?, ?> aws)) {
            violations.add(MISSING_AWS + ": the root has no _aws object");
            return;
        }
        Object timestamp = aws.get("Timestamp");
        if (!(timestamp instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.floor(n.doubleValue())) {
            violations.add(BAD_TIMESTAMP + ": _aws.Timestamp must be epoch milliseconds, got " + timestamp);
        }
        if (!(aws.get("CloudWatchMetrics") instanceof List<?> directives)) {
            violations.add(MISSING_CLOUDWATCH_METRICS + ": _aws.CloudWatchMetrics must be an array");
            return;
        }
        for (int i = 0; i < directives.size(); i++) {
            if (directives.get(i) instanceof Map<?, ?> directive) {
                validateDirective(root, directive, "CloudWatchMetrics[" + i + "]", violations);
            } else {
                violations.add(BAD_DIRECTIVE + ": CloudWatchMetrics[" + i + "] is not an object");
            }
        }
    }

    private static void validateDirective(Map<?, ?> root, Map<?, ?> directive, String at, List<String> violations) {
        Object namespace = directive.get("Namespace");
        if (!(namespace instanceof String ns) || ns.isEmpty() || ns.length() > 255) {
            violations.add(BAD_NAMESPACE + ": " + at + ".Namespace must be a string of 1 to 255 characters, got " + namespace);
        }

        if (directive.get("Dimensions") instanceof List<?> dimensionSets) {
            for (int s = 0; s < dimensionSets.size(); s++) {
                validateDimensionSet(root, dimensionSets.get(s), at + ".Dimensions[" + s + "]", violations);
            }
        } else {
            violations.add(BAD_DIMENSIONS + ": " + at + ".Dimensions must be an array of DimensionSets");
        }

        if (!(directive.get("Metrics") instanceof List<?> metrics)) {
            violations.add(BAD_METRICS + ": " + at + ".Metrics must be an array");
            return;
        }
        if (metrics.size() > 100) {
            violations.add(TOO_MANY_METRICS + ": " + at + ".Metrics has " + metrics.size() + " definitions (at most 100)");
        }
        for (int m = 0; m < metrics.size(); m++) {
            validateMetricDefinition(root, metrics.get(m), at + ".Metrics[" + m + "]", violations);
        }
    }

    private static void validateDimensionSet(Map<?, ?> root, Object set, String at, List<String> violations) {
        if (!(set instanceof List<?> names)) {
            violations.add(BAD_DIMENSIONS + ": " + at + " is not an array of dimension names");
            return;
        }
        if (names.size() > 30) {
            violations.add(TOO_MANY_DIMENSIONS + ": " + at + " has " + names.size() + " dimensions (at most 30)");
        }
        for (Object name : names) {
            if (!(name instanceof String key)) {
                violations.add(BAD_DIMENSIONS + ": " + at + " holds a non-string name " + name);
            } else if (!root.containsKey(key)) {
                violations.add(DIMENSION_NOT_IN_ROOT + ": dimension " + key + " has no member in the root");
            } else if (!(root.get(key) instanceof String)) {
                violations.add(DIMENSION_NOT_STRING + ": dimension " + key + " must be a string, got " + root.get(key));
            }
        }
    }

    private static void validateMetricDefinition(Map<?, ?> root, Object definition, String at, List<String> violations) {
        if (!(definition instanceof Map<?, ?> def) || !(def.get("Name") instanceof String name) || name.isEmpty()) {
            violations.add(BAD_METRIC_NAME + ": " + at + " needs a Name");
            return;
        }
        Object value = root.get(name);
        if (!root.containsKey(name)) {
            violations.add(METRIC_NOT_IN_ROOT + ": metric " + name + " has no value in the root");
        } else if (value instanceof List<?> list) {
            if (list.size() > 100) {
                violations.add(TOO_MANY_VALUES + ": metric " + name + " has " + list.size() + " values (at most 100)");
            }
            if (!list.stream().allMatch(v -> v instanceof Number)) {
                violations.add(METRIC_NOT_NUMERIC + ": metric " + name + " holds a non-numeric value " + list);
            }
        } else if (!(value instanceof Number)) {
            violations.add(METRIC_NOT_NUMERIC + ": metric " + name + " must be a number or an array of numbers, got " + value);
        }
        if (def.containsKey("Unit") && !UNITS.contains(def.get("Unit"))) {
            violations.add(BAD_UNIT + ": metric " + name + " has unit " + def.get("Unit"));
        }
        if (def.containsKey("StorageResolution")) {
            Object resolution = def.get("StorageResolution");
            boolean ok = resolution instanceof Number r && (r.doubleValue() == 1 || r.doubleValue() == 60);
            if (!ok) {
                violations.add(BAD_STORAGE_RESOLUTION + ": metric " + name + " has StorageResolution " + resolution);
            }
        }
    }
}
