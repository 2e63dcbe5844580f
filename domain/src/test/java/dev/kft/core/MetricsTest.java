package dev.kft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.kft.core.Metrics.Metric;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The EMF writer's documents pass the specification's rules; the rule checker catches each kind of broken document. */
class MetricsTest {
    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");
    private final List<String> lines = new ArrayList<>();
    private final Metrics metrics = new Metrics(Metrics.DEFAULT_NAMESPACE, Clock.fixed(NOW, ZoneOffset.UTC), lines::add);

    // ------------------------------------------------------------ the writer's documents

    @ParameterizedTest
    @EnumSource(Metric.class)
    void everyMetricMakesAValidDocument(Metric metric) {
        Metrics.Record record = metrics.start("TaskStateFunction").dimension(Metrics.STATUS, "SUCCEEDED");
        if (metric.unit() == Metrics.Unit.COUNT) {
            record.count(metric);
        } else {
            record.millis(metric, 61_000);
        }
        String json = record.property("buildId", "b-1").toJson();

        assertEquals(List.of(), EmfValidator.validate(json));
        Map<String, Object> doc = parse(json);
        long expected = metric.unit() == Metrics.Unit.COUNT ? 1 : 61_000;
        assertEquals(expected, ((Number) doc.get(metric.metricName())).longValue());
        assertEquals(List.of(Map.of("Name", metric.metricName(), "Unit", metric.unit().cloudWatchName())), directive(doc).get("Metrics"));
    }

    @Test
    void pushRecordHasTheBriefsShape() {
        metrics.start("PushFunction")
                .dimension(Metrics.STATUS, "LAUNCHED")
                .count(Metric.BUILDS_LAUNCHED)
                .millis(Metric.QUEUE_TIME, 1234)
                .property("repository", "shop")
                .property("commitId", "0123456789abcdef")
                .emit();

        assertEquals(1, lines.size());
        String line = lines.get(0);
        assertFalse(line.contains("\n"), "one log event is one line");
        assertEquals(List.of(), EmfValidator.validate(line));

        Map<String, Object> doc = parse(line);
        Map<?, ?> aws = (Map<?, ?>) doc.get("_aws");
        assertEquals(NOW.toEpochMilli(), ((Number) aws.get("Timestamp")).longValue());
        Map<?, ?> directive = directive(doc);
        assertEquals("KanikoFargateTrigger", directive.get("Namespace"));
        // Repository and commit are properties: in the root, never a dimension.
        // Function alone as well: alarms and totals need one fixed dimension set per metric.
        assertEquals(List.of(List.of("Function", "Status"), List.of("Function")), directive.get("Dimensions"));
        assertEquals("PushFunction", doc.get("Function"));
        assertEquals("LAUNCHED", doc.get("Status"));
        assertEquals("shop", doc.get("repository"));
        assertEquals("0123456789abcdef", doc.get("commitId"));
        assertEquals(1, ((Number) doc.get("BuildsLaunched")).intValue());
        assertEquals(1234, ((Number) doc.get("QueueTime")).intValue());
        assertEquals(List.of(
                Map.of("Name", "BuildsLaunched", "Unit", "Count"),
                Map.of("Name", "QueueTime", "Unit", "Milliseconds")), directive.get("Metrics"));
    }

    @Test
    void gateRecordsCarryVerdictAndActionDimensions() {
        metrics.start("ScanGateFunction").dimension(Metrics.VERDICT, "DIRTY").count(Metric.GATE_VERDICTS).emit();
        metrics.start("ScanGateFunction").dimension(Metrics.ACTION, "FLAG").count(Metric.GATE_ACTIONS).emit();
        metrics.start("TaskStateFunction").dimension(Metrics.REASON_CLASS, "NOT_A_BUILD_TASK").count(Metric.EVENTS_IGNORED).emit();

        assertEquals(3, lines.size());
        for (String line : lines) {
            assertEquals(List.of(), EmfValidator.validate(line), line);
        }
        assertEquals(List.of(List.of("Function", "Verdict"), List.of("Function")), directive(parse(lines.get(0))).get("Dimensions"));
        assertEquals(List.of(List.of("Function", "Action"), List.of("Function")), directive(parse(lines.get(1))).get("Dimensions"));
        assertEquals(List.of(List.of("Function", "ReasonClass"), List.of("Function")), directive(parse(lines.get(2))).get("Dimensions"));
    }

    @Test
    void countsAddUpAndDurationsBecomeAnArray() {
        String json = metrics.start("TaskStateFunction")
                .count(Metric.BUILDS_SUCCEEDED).count(Metric.BUILDS_SUCCEEDED, 2)
                .millis(Metric.BUILD_DURATION, 1000).millis(Metric.BUILD_DURATION, 2000)
                .toJson();

        assertEquals(List.of(), EmfValidator.validate(json));
        Map<String, Object> doc = parse(json);
        assertEquals(List.of(List.of("Function")), directive(doc).get("Dimensions"));
        assertEquals(3, ((Number) doc.get("BuildsSucceeded")).intValue());
        assertEquals(List.of(1000, 2000), doc.get("BuildDuration"));
    }

    @Test
    void namespaceIsConfigurable() {
        new Metrics("KftStaging", Clock.systemUTC(), lines::add).start("PushFunction").count(Metric.BUILDS_LAUNCHED).emit();

        assertEquals("KftStaging", directive(parse(lines.get(0))).get("Namespace"));
        assertThrows(IllegalArgumentException.class, () -> new Metrics("", Clock.systemUTC(), lines::add));
        assertThrows(IllegalArgumentException.class, () -> new Metrics("n".repeat(256), Clock.systemUTC(), lines::add));
    }

    @Test
    void aDocumentIsWrittenAsOneCompleteLine() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, false, java.nio.charset.StandardCharsets.UTF_8);
        String json = metrics.start("TaskStateFunction").count(Metric.BUILDS_FAILED).property("reason", "line1\nline2").toJson();

        Metrics.writeLine(out, json);

        String written = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(json + "\n", written);
        assertEquals(1, written.split("\n", -1).length - 1, "a newline in a property is escaped, never a line break");
        assertEquals(List.of(), EmfValidator.validate(written.strip()));
    }

    @Test
    void outsideLambdaADocumentGoesWhereTheLogsGoUnchanged() {
        List<String> logged = new ArrayList<>();
        String json = metrics.start("TaskStateFunction").count(Metric.BUILDS_FAILED).toJson();
        Log.useSink(new Log.Sink() {
            @Override
            public void write(Log.Level level, java.util.Map<String, Object> record) {
                logged.add(level + " " + record);
            }

            @Override
            public void writeLine(String jsonLine) {
                logged.add("INFO " + jsonLine);
            }
        });
        try {
            Log.line(json);
        } finally {
            Log.useSink(null);
        }
        assertEquals(List.of("INFO " + json), logged);
    }

    @Test
    void aRecordWithoutMetricsWritesNothing() {
        metrics.start("PushFunction").dimension(Metrics.STATUS, "LAUNCHED").emit();

        assertEquals(List.of(), lines);
    }

    @Test
    void misuseFailsLoudlyInsteadOfWritingABadDocument() {
        Metrics.Record record = metrics.start("PushFunction").dimension(Metrics.STATUS, "LAUNCHED");

        // Wrong unit for the metric.
        assertThrows(IllegalArgumentException.class, () -> record.millis(Metric.BUILDS_LAUNCHED, 5));
        assertThrows(IllegalArgumentException.class, () -> record.count(Metric.QUEUE_TIME));
        // A dimension needs a string value: EMF drops a metric whose dimension is missing or not a string.
        assertThrows(IllegalArgumentException.class, () -> record.dimension(Metrics.VERDICT, null));
        assertThrows(IllegalArgumentException.class, () -> record.dimension(Metrics.VERDICT, " "));
        // One root member, one meaning.
        assertThrows(IllegalArgumentException.class, () -> record.property("Status", "x"));
        assertThrows(IllegalArgumentException.class, () -> record.property("BuildsFailed", 1));
        assertThrows(IllegalArgumentException.class, () -> record.property("_aws", "x"));
    }

    @Test
    void dimensionAndValueLimitsAreEnforced() {
        Metrics.Record wide = metrics.start("PushFunction");
        for (int i = 1; i < 30; i++) {
            wide.dimension("D" + i, "v");
        }
        assertThrows(IllegalStateException.class, () -> wide.dimension("D30", "v"));

        Metrics.Record many = metrics.start("TaskStateFunction");
        for (int i = 0; i < 100; i++) {
            many.millis(Metric.BUILD_DURATION, i);
        }
        assertThrows(IllegalStateException.class, () -> many.millis(Metric.BUILD_DURATION, 100));
        assertEquals(List.of(), EmfValidator.validate(many.toJson()));
    }

    @Test
    void nullPropertiesAreLeftOut() {
        Map<String, Object> doc = parse(metrics.start("PushFunction").count(Metric.BUILDS_LAUNCHED).property("commitId", null).toJson());

        assertFalse(doc.containsKey("commitId"));
    }

    // ------------------------------------------------------------ the rule checker itself

    @Nested
    class Validator {
        // The specification's own example document.
        private static final String SPEC_EXAMPLE = """
                {"_aws":{"Timestamp":1574109732004,"CloudWatchMetrics":[{"Namespace":"lambda-function-metrics",\
                "Dimensions":[["functionVersion"]],"Metrics":[{"Name":"time","Unit":"Milliseconds","StorageResolution":60}]}]},\
                "functionVersion":"$LATEST","time":100,"requestId":"989ffbf8-9ace-4817-a57c-e4dd734019ee"}""";

        @Test
        void theSpecificationsExampleIsValid() {
            assertEquals(List.of(), EmfValidator.validate(SPEC_EXAMPLE));
        }

        @Test
        void aValueArrayAndHighResolutionAreValid() {
            Map<String, Object> doc = parse(SPEC_EXAMPLE);
            doc.put("time", List.of(1, 2, 3));
            metricDefinition(doc).put("StorageResolution", 1);

            assertEquals(List.of(), EmfValidator.validate(write(doc)));
        }

        @Test
        void missingNamespace() {
            assertViolations(doc -> directive(doc).remove("Namespace"), EmfValidator.BAD_NAMESPACE);
        }

        @Test
        void emptyOrOverlongNamespace() {
            assertViolations(doc -> directive(doc).put("Namespace", ""), EmfValidator.BAD_NAMESPACE);
            assertViolations(doc -> directive(doc).put("Namespace", "n".repeat(256)), EmfValidator.BAD_NAMESPACE);
        }

        @Test
        void dimensionWithoutRootValue() {
            assertViolations(doc -> doc.remove("functionVersion"), EmfValidator.DIMENSION_NOT_IN_ROOT);
        }

        @Test
        void dimensionWithANonStringValue() {
            assertViolations(doc -> doc.put("functionVersion", 7), EmfValidator.DIMENSION_NOT_STRING);
        }

        @Test
        void thirtyOneDimensions() {
            assertViolations(doc -> {
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= 31; i++) {
                    names.add("d" + i);
                    doc.put("d" + i, "v");
                }
                directive(doc).put("Dimensions", List.of(names));
            }, EmfValidator.TOO_MANY_DIMENSIONS);
        }

        @Test
        void thirtyDimensionsAreStillValid() {
            Map<String, Object> doc = parse(SPEC_EXAMPLE);
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                names.add("d" + i);
                doc.put("d" + i, "v");
            }
            directive(doc).put("Dimensions", List.of(names));

            assertEquals(List.of(), EmfValidator.validate(write(doc)));
        }

        @Test
        void metricValueMissing() {
            assertViolations(doc -> doc.remove("time"), EmfValidator.METRIC_NOT_IN_ROOT);
        }

        @Test
        void metricValueIsAString() {
            assertViolations(doc -> doc.put("time", "100"), EmfValidator.METRIC_NOT_NUMERIC);
        }

        @Test
        void metricArrayWithAStringOrTooManyValues() {
            assertViolations(doc -> doc.put("time", List.of(1, "2")), EmfValidator.METRIC_NOT_NUMERIC);
            assertViolations(doc -> {
                List<Integer> values = new ArrayList<>();
                for (int i = 0; i < 101; i++) {
                    values.add(i);
                }
                doc.put("time", values);
            }, EmfValidator.TOO_MANY_VALUES);
        }

        @Test
        void badUnit() {
            assertViolations(doc -> metricDefinition(doc).put("Unit", "Millis"), EmfValidator.BAD_UNIT);
        }

        @Test
        void badStorageResolution() {
            assertViolations(doc -> metricDefinition(doc).put("StorageResolution", 5), EmfValidator.BAD_STORAGE_RESOLUTION);
        }

        @Test
        void tooManyMetricDefinitions() {
            assertViolations(doc -> {
                List<Map<String, Object>> definitions = new ArrayList<>();
                for (int i = 0; i < 101; i++) {
                    definitions.add(Map.of("Name", "m" + i));
                    doc.put("m" + i, i);
                }
                directive(doc).put("Metrics", definitions);
            }, EmfValidator.TOO_MANY_METRICS);
        }

        @Test
        void missingOrBrokenMetadata() {
            assertViolations(doc -> doc.remove("_aws"), EmfValidator.MISSING_AWS);
            assertViolations(doc -> aws(doc).put("Timestamp", "yesterday"), EmfValidator.BAD_TIMESTAMP);
            assertViolations(doc -> aws(doc).remove("CloudWatchMetrics"), EmfValidator.MISSING_CLOUDWATCH_METRICS);
        }

        @Test
        void notOneJsonObject() {
            assertEquals(List.of(EmfValidator.NOT_ONE_JSON_OBJECT), codes(EmfValidator.validate("[1,2]")));
            assertEquals(List.of(EmfValidator.NOT_ONE_JSON_OBJECT), codes(EmfValidator.validate("INFO {\"_aws\":{}}")));
            assertEquals(List.of(EmfValidator.NOT_ONE_JSON_OBJECT), codes(EmfValidator.validate(write(parse(SPEC_EXAMPLE)).replace(",", ",\n"))));
        }

        /** Breaks the spec's example one way and expects exactly that one violation. */
        private void assertViolations(Consumer<Map<String, Object>> breakIt, String expectedCode) {
            Map<String, Object> doc = parse(SPEC_EXAMPLE);
            breakIt.accept(doc);
            List<String> violations = EmfValidator.validate(write(doc));
            assertEquals(List.of(expectedCode), codes(violations), violations.toString());
        }
    }

    // ------------------------------------------------------------ helpers

    private static List<String> codes(List<String> violations) {
        return violations.stream().map(v -> v.substring(0, v.indexOf(':'))).distinct().toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> aws(Map<String, Object> doc) {
        return (Map<String, Object>) doc.get("_aws");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> directive(Map<String, Object> doc) {
        return (Map<String, Object>) ((List<Object>) aws(doc).get("CloudWatchMetrics")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metricDefinition(Map<String, Object> doc) {
        return (Map<String, Object>) ((List<Object>) directive(doc).get("Metrics")).get(0);
    }

    /** Parses into mutable maps and lists, so tests can break a document. */
    private static Map<String, Object> parse(String json) {
        try {
            Map<String, Object> map = JSON.std.mapFrom(json);
            return deepMutable(map);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepMutable(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepMutable(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepMutable(v)));
            return (T) copy;
        }
        return value;
    }

    private static String write(Object doc) {
        try {
            return JSON.std.asString(doc);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
