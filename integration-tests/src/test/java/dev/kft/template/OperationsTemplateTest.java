package dev.kft.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.LedgerTable;
import dev.kft.core.Json;
import dev.kft.core.Metrics;
import dev.kft.local.Template;
import dev.kft.testing.SamTemplate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

/** The template's operations parts agree with the code: the ledger's indexes, and the metrics the dashboard and alarms read. */
class OperationsTemplateTest {
    private final Template template = Template.load(SamTemplate.FILE);

    @Test
    void theLedgerTableHasTheIndexesLedgerTableCreatesLocally() {
        CreateTableRequest local = LedgerTable.createTableRequest("t");
        Map<String, List<String>> expected = new TreeMap<>();
        for (GlobalSecondaryIndex index : local.globalSecondaryIndexes()) {
            expected.put(index.indexName(), index.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList());
        }
        Map<String, List<String>> declared = new TreeMap<>();
        for (Object index : (List<?>) template.property("LedgerTable", "GlobalSecondaryIndexes")) {
            Map<?, ?> definition = (Map<?, ?>) index;
            declared.put((String) definition.get("IndexName"), ((List<?>) definition.get("KeySchema")).stream()
                    .map(k -> ((Map<?, ?>) k).get("AttributeName") + ":" + ((Map<?, ?>) k).get("KeyType")).toList());
        }
        assertEquals(expected, declared);
        assertTrue(declared.containsKey(LedgerTable.BY_TIME_INDEX));
    }

    @Test
    void theDashboardIsJsonAndReadsOnlyMetricsTheFunctionsWrite() {
        String body = (String) ((Map<?, ?>) template.property("OperationsDashboard", "DashboardBody")).get("Fn::Sub");
        // CloudFormation substitutes ${...} inside strings; any value keeps the JSON valid.
        Map<String, Object> dashboard = Json.parseObject(body.replaceAll("\\$\\{[^}]+}", "x"));
        Set<String> written = Arrays.stream(Metrics.Metric.values()).map(Metrics.Metric::metricName).collect(Collectors.toSet());
        List<String> read = new ArrayList<>();
        for (Object widget : (List<?>) dashboard.get("widgets")) {
            Map<?, ?> properties = (Map<?, ?>) ((Map<?, ?>) widget).get("properties");
            if (properties.get("metrics") instanceof List<?> metrics) {
                for (Object metric : metrics) {
                    List<?> row = (List<?>) metric;
                    if (Metrics.DEFAULT_NAMESPACE.equals(row.get(0))) {
                        read.add((String) row.get(1));
                    }
                }
            }
        }
        assertFalse(read.isEmpty());
        assertTrue(written.containsAll(read), "not written by any function: " + read);
        assertFalse(read.contains(Metrics.Metric.BUILDS_LAUNCHED.metricName()), "PushFunction does not write it (yet)");
    }

    @Test
    void theFailureRateAlarmReadsTheFunctionOnlySeriesOfTheResultMetrics() {
        List<?> queries = (List<?>) template.property("BuildFailureRateAlarm", "Metrics");
        List<String> series = new ArrayList<>();
        for (Object query : queries) {
            Map<?, ?> stat = (Map<?, ?>) ((Map<?, ?>) query).get("MetricStat");
            if (stat != null) {
                Map<?, ?> metric = (Map<?, ?>) stat.get("Metric");
                assertEquals(Metrics.DEFAULT_NAMESPACE, metric.get("Namespace"));
                assertEquals(List.of(Map.of("Name", Metrics.FUNCTION, "Value", "TaskStateFunction")), metric.get("Dimensions"));
                series.add((String) metric.get("MetricName"));
            }
        }
        assertEquals(List.of(Metrics.Metric.BUILDS_FAILED.metricName(), Metrics.Metric.BUILDS_SUCCEEDED.metricName()), series);
    }
}
