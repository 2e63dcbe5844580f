package dev.kft.core;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * CloudWatch Embedded Metric Format (EMF) records: one JSON line per record, which CloudWatch Logs
 * turns into metrics (no PutMetricData call, no permission, no agent).
 *
 * <pre>{@code
 * Metrics.record("PushFunction")
 *     .dimension(Metrics.STATUS, "LAUNCHED")
 *     .count(Metric.BUILDS_LAUNCHED)
 *     .millis(Metric.QUEUE_TIME, 1234)
 *     .property("repository", repository)
 *     .property("commitId", commitId)
 *     .emit();
 * }</pre>
 *
 * <p>Every record has the dimension {@link #FUNCTION}; a record with more dimensions is published both
 * with all of them and with Function alone (see {@link Record#toMap()}).
 *
 * <p>Dimensions must stay low-cardinality (function, status, verdict, action, reason class): every
 * distinct combination is a separate, billed custom metric. Repository, commit and build id go in as
 * properties: they are searchable in Logs Insights but create no metrics.
 */
public final class Metrics {
    /** Namespace of the stack's custom metrics (the dashboard and alarms in template.yaml read it). */
    public static final String DEFAULT_NAMESPACE = "KanikoFargateTrigger";

    /** Dimension every record has: the Lambda function that emitted it (PushFunction, TaskStateFunction, ScanGateFunction). */
    public static final String FUNCTION = "Function";
    /** Dimension: the build status the record is about (LAUNCHED, SUCCEEDED, FAILED, CANCELLED...). */
    public static final String STATUS = "Status";
    /** Dimension of {@link Metric#GATE_VERDICTS}: CLEAN, DIRTY, UNSCANNED. */
    public static final String VERDICT = "Verdict";
    /** Dimension of {@link Metric#GATE_ACTIONS}: PROMOTE, FLAG, DELETE. */
    public static final String ACTION = "Action";
    /** Dimension of {@link Metric#EVENTS_IGNORED}: a fixed reason class (e.g. NOT_A_BUILD_TASK, REF_NOT_BUILT), never free text. */
    public static final String REASON_CLASS = "ReasonClass";

    // EMF allows 30 dimensions per set; one is Function, and a handful is all this project needs.
    static final int MAX_DIMENSIONS = 30;
    // EMF allows at most 100 values per metric in one document.
    static final int MAX_VALUES = 100;

    private static final JSON MAPPER = JSON.std;

    /** CloudWatch units this project uses. */
    public enum Unit {
        COUNT("Count"),
        MILLISECONDS("Milliseconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        /** The unit's name as CloudWatch spells it. */
        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    /** The metrics the functions publish; each has one unit. */
    public enum Metric {
        /** PushFunction: one build's kaniko task started (ECS RunTask accepted it). */
        BUILDS_LAUNCHED("BuildsLaunched", Unit.COUNT),
        /** TaskStateFunction: a build's task stopped with exit code 0 and the image was pushed. The build failure rate alarm reads it. */
        BUILDS_SUCCEEDED("BuildsSucceeded", Unit.COUNT),
        /** TaskStateFunction: a build failed (non-zero exit, task failed to start, image missing). The build failure rate alarm reads it. */
        BUILDS_FAILED("BuildsFailed", Unit.COUNT),
        /** TaskStateFunction: a build stopped before it finished (superseded by a newer push, stopped by hand). Not a failure. */
        BUILDS_CANCELLED("BuildsCancelled", Unit.COUNT),
        /** TaskStateFunction: from the build QUEUED (push handled) to its task RUNNING: Fargate capacity and image pull. */
        QUEUE_TIME("QueueTime", Unit.MILLISECONDS),
        /** TaskStateFunction: from the task RUNNING to the task STOPPED: the kaniko build and push itself. */
        BUILD_DURATION("BuildDuration", Unit.MILLISECONDS),
        /** ScanGateFunction: one scan verdict. Dimension Verdict (CLEAN, DIRTY, UNSCANNED). */
        GATE_VERDICTS("GateVerdicts", Unit.COUNT),
        /** ScanGateFunction: one action taken on an image. Dimension Action (PROMOTE, FLAG, DELETE). */
        GATE_ACTIONS("GateActions", Unit.COUNT),
        /** Any function: an event deliberately not acted on. Dimension ReasonClass (a fixed, small set of classes). */
        EVENTS_IGNORED("EventsIgnored", Unit.COUNT);

        private final String metricName;
        private final Unit unit;

        Metric(String metricName, Unit unit) {
            this.metricName = metricName;
            this.unit = unit;
        }

        /** The metric's name in CloudWatch. */
        public String metricName() {
            return metricName;
        }

        public Unit unit() {
            return unit;
        }
    }

    private static final Metrics STANDARD = new Metrics(
            namespaceFromEnvironment(), Clock.systemUTC(), standardSink());

    private final String namespace;
    private final Clock clock;
    private final Consumer<String> sink;

    /** A writer with its own namespace, clock and sink (tests pass a fixed clock and a list). */
    public Metrics(String namespace, Clock clock, Consumer<String> sink) {
        if (namespace == null || namespace.isBlank() || namespace.length() > 255) {
            throw new IllegalArgumentException("namespace must have 1 to 255 characters: " + namespace);
        }
        this.namespace = namespace;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Starts a record of the standard writer (namespace {@value #DEFAULT_NAMESPACE} unless METRICS_NAMESPACE says otherwise). */
    public static Record record(String function) {
        return STANDARD.start(function);
    }

    /** Starts a record emitted by {@code function}; its timestamp is taken now. */
    public Record start(String function) {
        return new Record(this, clock.millis()).dimension(FUNCTION, function);
    }

    public String namespace() {
        return namespace;
    }

    private static String namespaceFromEnvironment() {
        String fromEnv = System.getenv("METRICS_NAMESPACE");
        return fromEnv == null || fromEnv.isBlank() ? DEFAULT_NAMESPACE : fromEnv;
    }

    /**
     * Where documents go. Inside Lambda: stdout, one complete line per document in a single write.
     * The runtime passes System.out through untouched (it never wraps it in its JSON log record, as it
     * does LambdaLogger text), so CloudWatch Logs receives the EMF document as the log event itself and
     * extracts the metrics. Under the JSON log format the platform reads a stdout object without a
     * "level" as INFO: the template's ApplicationLogLevel must stay INFO or lower, or the metrics are
     * filtered out with the logs. Elsewhere (bin/kft invoke, the demo) stdout carries the handler's
     * result, so documents go where the logs go ({@link Log#line}: the invoke's log stream, or stderr).
     */
    static Consumer<String> standardSink() {
        boolean inLambda = System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;
        return inLambda ? line -> writeLine(System.out, line) : Log::line;
    }

    // One print of the whole line: println writes the text and the newline separately.
    static void writeLine(java.io.PrintStream out, String line) {
        out.print(line + "\n");
        out.flush();
    }

    /** The standard writer (namespace from METRICS_NAMESPACE, system clock, stdout in Lambda). */
    public static Metrics standard() {
        return STANDARD;
    }

    /** One EMF document: one directive, one dimension set, any of the metrics, plus properties. */
    public static final class Record {
        private final Metrics writer;
        private final long timestamp;
        private final Map<String, String> dimensions = new LinkedHashMap<>();
        private final Map<Metric, List<Long>> values = new LinkedHashMap<>();
        private final Map<String, Object> properties = new LinkedHashMap<>();

        private Record(Metrics writer, long timestamp) {
            this.writer = writer;
            this.timestamp = timestamp;
        }

        /** Adds a low-cardinality dimension; its value must be a non-blank string. */
        public Record dimension(String name, String value) {
            requireFreeKey(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("dimension " + name + " needs a non-blank value");
            }
            if (dimensions.size() == MAX_DIMENSIONS) {
                throw new IllegalStateException("EMF allows at most " + MAX_DIMENSIONS + " dimensions");
            }
            dimensions.put(name, value);
            return this;
        }

        /** Counts one occurrence of a Count metric. */
        public Record count(Metric metric) {
            return count(metric, 1);
        }

        /** Counts {@code n} occurrences of a Count metric; counting it again in the same record adds up. */
        public Record count(Metric metric, long n) {
            requireUnit(metric, Unit.COUNT);
            List<Long> list = values.computeIfAbsent(metric, m -> new ArrayList<>());
            if (list.isEmpty()) {
                list.add(n);
            } else {
                list.set(0, list.get(0) + n);
            }
            return this;
        }

        /** Records a duration; several durations of one metric become an EMF value array (at most 100). */
        public Record millis(Metric metric, long millis) {
            requireUnit(metric, Unit.MILLISECONDS);
            List<Long> list = values.computeIfAbsent(metric, m -> new ArrayList<>());
            if (list.size() == MAX_VALUES) {
                throw new IllegalStateException("EMF allows at most " + MAX_VALUES + " values per metric");
            }
            list.add(millis);
            return this;
        }

        /** Adds a searchable root member that is not a dimension (repository, commitId, buildId...); null is left out. */
        public Record property(String key, Object value) {
            requireFreeKey(key);
            if (value != null) {
                properties.put(key, value instanceof Enum<?> e ? e.name() : value);
            }
            return this;
        }

        /** The EMF document as a map: properties, dimensions and metric values at the root, then _aws. */
        public Map<String, Object> toMap() {
            Map<String, Object> root = new LinkedHashMap<>();
            root.putAll(properties);
            root.putAll(dimensions);
            List<Map<String, Object>> definitions = new ArrayList<>();
            values.forEach((metric, list) -> {
                root.put(metric.metricName(), list.size() == 1 ? list.get(0) : List.copyOf(list));
                Map<String, Object> definition = new LinkedHashMap<>();
                definition.put("Name", metric.metricName());
                definition.put("Unit", metric.unit().cloudWatchName());
                definitions.add(definition);
            });
            Map<String, Object> directive = new LinkedHashMap<>();
            directive.put("Namespace", writer.namespace);
            directive.put("Dimensions", dimensionSets());
            directive.put("Metrics", definitions);
            Map<String, Object> aws = new LinkedHashMap<>();
            aws.put("Timestamp", timestamp);
            aws.put("CloudWatchMetrics", List.of(directive));
            root.put("_aws", aws);
            return root;
        }

        // The full set (Function plus the record's dimensions) and, when that differs, Function alone:
        // alarms and dashboard totals need one fixed dimension set per metric, whatever the status,
        // verdict or reason was. Each set is a separate custom metric, so keep the extra dimensions few.
        private List<List<String>> dimensionSets() {
            List<String> all = List.copyOf(dimensions.keySet());
            return all.size() == 1 ? List.of(all) : List.of(all, List.of(FUNCTION));
        }

        /** The EMF document as one line of JSON (jackson-jr writes no newlines; strings are escaped). */
        public String toJson() {
            try {
                return MAPPER.asString(toMap());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes the document to the writer's sink; a record without metrics writes nothing. */
        public void emit() {
            if (!values.isEmpty()) {
                writer.sink.accept(toJson());
            }
        }

        // Dimensions, metrics and properties share the document's root: a name used twice would be ambiguous.
        private void requireFreeKey(String key) {
            if (key == null || key.isBlank() || key.equals("_aws")) {
                throw new IllegalArgumentException("not a usable member name: " + key);
            }
            boolean isMetric = false;
            for (Metric m : Metric.values()) {
                isMetric |= m.metricName().equals(key);
            }
            if (isMetric || dimensions.containsKey(key) || properties.containsKey(key)) {
                throw new IllegalArgumentException("member already used in this record: " + key);
            }
        }

        private static void requireUnit(Metric metric, Unit expected) {
            if (metric.unit() != expected) {
                throw new IllegalArgumentException(metric.metricName() + " is measured in " + metric.unit().cloudWatchName());
            }
        }
    }
}
