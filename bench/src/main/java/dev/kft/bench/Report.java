package dev.kft.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The one table: each figure, the Java function's value, the baseline or goal, their ratio, and whether the goal holds. */
final class Report {
    private Report() {}

    private record Row(String figure, String java, String baseline, String ratio, String verdict) {}

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> results) {
        List<Row> rows = new ArrayList<>();
        Map<String, Object> cold = (Map<String, Object>) results.get("cold");
        if (cold != null) {
            Map<String, Object> java = (Map<String, Object>) cold.get("javaMillis");
            Map<String, Object> python = (Map<String, Object>) cold.get("pythonMillis");
            double ratio = number(java, "median") / number(python, "median");
            rows.add(new Row("cold start → first RunTask at proxy, ms (median [min–max])", spread(java),
                    "python " + spread(python) + "; goal ≤ 1.0×", ratio(ratio), verdict(ratio <= 1.0)));
            Map<String, Object> javaCpu = (Map<String, Object>) cold.get("javaCpuMs");
            Map<String, Object> pythonCpu = (Map<String, Object>) cold.get("pythonCpuMs");
            rows.add(new Row("cold start: CPU time to first push done, ms (less load-sensitive)", spread(javaCpu),
                    "python " + spread(pythonCpu), ratio(number(javaCpu, "median") / number(pythonCpu, "median")), ""));
            Map<String, Object> javaRss = (Map<String, Object>) cold.get("javaRssMb");
            Map<String, Object> pythonRss = (Map<String, Object>) cold.get("pythonRssMb");
            rows.add(new Row("RSS after first push, MB", spread(javaRss), "python " + spread(pythonRss) + "; goal ≤ 100 MB",
                    ratio(number(javaRss, "median") / number(pythonRss, "median")), verdict(number(javaRss, "median") <= 100)));
            int goal = ((Number) cold.getOrDefault("callsGoalPerPush", 4)).intValue();
            rows.add(calls("AWS calls, cold push", (Map<String, Object>) cold.get("callsColdPush"), goal,
                    (Map<String, Object>) cold.get("pythonCallsPerPush")));
            rows.add(calls("AWS calls, warm push", (Map<String, Object>) cold.get("callsWarmPush"), goal, null));
            rows.add(calls("AWS calls, duplicate delivery", (Map<String, Object>) cold.get("callsDuplicatePush"), 1, null));
        }
        Map<String, Object> warm = (Map<String, Object>) results.get("warm");
        if (warm != null) {
            rows.add(new Row("warm: the function's own time (invocation − time in SDK calls), p50 ms", format(number(warm, "ownP50Ms")),
                    "invocation p50 " + format(number(warm, "totalP50Ms")) + " ms", "", ""));
            rows.add(new Row("warm: the function's own time, p99 ms (" + warm.get("invocations") + " invocations)", format(number(warm, "ownP99Ms")),
                    "goal ≤ 1 ms", ratio(number(warm, "ownP99Ms") / 1.0), verdict(number(warm, "ownP99Ms") <= 1.0)));
            rows.add(new Row("warm: invocation − wire time (the SDK's own work counted too), p50 / p99 ms",
                    format(number(warm, "overheadP50Ms")) + " / " + format(number(warm, "overheadP99Ms")), "for information", "", ""));
        }
        Map<String, Object> burst = (Map<String, Object>) results.get("burst");
        if (burst != null) {
            Map<String, Object> function = (Map<String, Object>) burst.get("function");
            Map<String, Object> bare = (Map<String, Object>) burst.get("bare");
            double ratio = number(function, "deliveriesPerSecond") / number(bare, "deliveriesPerSecond");
            rows.add(new Row("burst " + burst.get("pushes") + "×2 deliveries, " + burst.get("concurrency") + " concurrent, deliveries/s",
                    format(number(function, "deliveriesPerSecond")),
                    "bare SDK loop " + format(number(bare, "deliveriesPerSecond")) + "; goal ≥ 0.9×", ratio(ratio), verdict(ratio >= 0.9)));
            rows.add(new Row("burst: tasks created (ListTasks), failed deliveries (Lambda retries those)", function.get("tasks") + ", " + function.get("failed"),
                    "bare " + bare.get("tasks") + ", " + bare.get("failed") + "; goal exactly " + burst.get("pushes") + " tasks", "",
                    verdict(number(function, "tasks") == number(burst, "pushes"))));
        }
        Map<String, Object> artifacts = (Map<String, Object>) results.get("artifacts");
        if (artifacts != null) {
            artifacts.forEach((name, value) -> {
                Map<String, Object> artifact = (Map<String, Object>) value;
                double megabytes = number(artifact, "megabytes");
                rows.add(new Row("artifact " + name + ", MB (jars)", format(megabytes) + " (" + artifact.get("jars") + ")",
                        "goal ≤ 8 MB", ratio(megabytes / 8), verdict(megabytes <= 8)));
            });
        }
        return render(rows, results);
    }

    private static Row calls(String figure, Map<String, Object> counts, int goal, Map<String, Object> baseline) {
        int total = counts.values().stream().mapToInt(v -> ((Number) v).intValue()).sum();
        String baselineText = (baseline == null ? "" : "python " + baseline.values().stream().mapToInt(v -> ((Number) v).intValue()).sum() + "; ")
                + "goal ≤ " + goal;
        return new Row(figure + " " + counts.keySet().stream().map(k -> k.substring(k.indexOf('.') + 1) + "×" + counts.get(k)).toList(),
                Integer.toString(total), baselineText, ratio((double) total / goal), verdict(total <= goal));
    }

    private static String render(List<Row> rows, Map<String, Object> results) {
        List<Row> all = new ArrayList<>();
        all.add(new Row("figure", "Java", "baseline / goal", "ratio", "goal"));
        all.addAll(rows);
        int[] widths = new int[5];
        for (Row row : all) {
            String[] cells = cells(row);
            for (int i = 0; i < 5; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        StringBuilder table = new StringBuilder();
        table.append("machine: ").append(results.get("machine")).append("; function JVM flags: ").append(results.get("jvmFlags")).append('\n');
        for (int r = 0; r < all.size(); r++) {
            String[] cells = cells(all.get(r));
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < 5; i++) {
                line.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(" |");
            }
            table.append(line).append('\n');
            if (r == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int width : widths) {
                    rule.append('-').append("-".repeat(width)).append("-|");
                }
                table.append(rule).append('\n');
            }
        }
        return table.toString();
    }

    private static String[] cells(Row row) {
        return new String[] {row.figure(), row.java(), row.baseline(), row.ratio(), row.verdict()};
    }

    private static String spread(Map<String, Object> stats) {
        return stats.get("median") + " [" + stats.get("min") + "–" + stats.get("max") + "]";
    }

    private static double number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    private static String ratio(double ratio) {
        return String.format("%.2f×", ratio);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format("%.3f", value);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "FAILS";
    }
}
