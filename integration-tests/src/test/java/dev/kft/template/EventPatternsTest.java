package dev.kft.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kft.testing.SamTemplate;
import dev.kft.testing.SampleEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Ruler;

/**
 * Every EventBridge pattern in template.yaml, matched with event-ruler against every sample event
 * in events/: each pattern must match exactly the samples listed for it, and nothing else.
 */
class EventPatternsTest {
    /** function logical id / event name → the sample files its rule must match. */
    private static final Map<String, Set<String>> EXPECTED = Map.of(
            "PushFunction/OnPush", Set.of("push-branch.json", "push-new-branch.json", "push-tag.json", "push-merge.json"),
            "ScanGateFunction/OnBasicScan", Set.of("scan-basic-dirty.json", "scan-basic-clean.json", "scan-basic-failed.json",
                    "scan-unknown-severity.json"),
            "ScanGateFunction/OnInspectorScan", Set.of("scan-inspector-complete.json"),
            "TaskStateFunction/OnTaskStateChange", Set.of("task-running.json", "task-stopped-exit0.json", "task-stopped-exit1.json",
                    "task-failed-to-start.json", "task-spot-interrupted.json", "task-user-stopped.json"));

    @Test
    void eachPatternMatchesExactlyItsSamples() throws Exception {
        SamTemplate template = SamTemplate.load();
        List<String> samples = SampleEvents.named("");
        assertFalse(samples.isEmpty());
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Set<String>> rule : EXPECTED.entrySet()) {
            String[] id = rule.getKey().split("/");
            String pattern = template.eventPattern(id[0], id[1]);
            Set<String> matched = new TreeSet<>();
            for (String sample : samples) {
                if (Ruler.matchesRule(SampleEvents.text(sample), pattern)) {
                    matched.add(sample);
                }
            }
            if (!matched.equals(new TreeSet<>(rule.getValue()))) {
                mismatches.add(rule.getKey() + " " + pattern + " matched " + matched + ", expected " + new TreeSet<>(rule.getValue()));
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void tasksOfOtherClustersNeverReachTheTaskStateFunction() throws Exception {
        String pattern = SamTemplate.load().eventPattern("TaskStateFunction", "OnTaskStateChange");
        String otherCluster = SampleEvents.text("task-stopped-exit0.json").replace("cluster/kft-builds", "cluster/web-services");
        assertFalse(Ruler.matchesRule(otherCluster, pattern));
    }

    @Test
    void deletionsAndCommentsNeverReachThePushFunction() throws Exception {
        String pattern = SamTemplate.load().eventPattern("PushFunction", "OnPush");
        assertFalse(Ruler.matchesRule(SampleEvents.text("push-branch-deleted.json"), pattern));
        String comment = SampleEvents.text("push-branch.json").replace("CodeCommit Repository State Change", "CodeCommit Comment on Commit");
        assertFalse(Ruler.matchesRule(comment, pattern));
    }

    @Test
    void theKanikoCacheIsNeverGated() throws Exception {
        SamTemplate template = SamTemplate.load();
        String basic = SampleEvents.text("scan-basic-dirty.json").replace("\"kft/payments-api\"", "\"kft-kaniko-cache\"");
        assertFalse(Ruler.matchesRule(basic, template.eventPattern("ScanGateFunction", "OnBasicScan")));
        String enhanced = SampleEvents.text("scan-inspector-complete.json").replace("repository/kft/payments-api", "repository/kft-kaniko-cache");
        assertFalse(Ruler.matchesRule(enhanced, template.eventPattern("ScanGateFunction", "OnInspectorScan")));
        // Another account's repository of the same name is not the stack's either.
        String foreign = SampleEvents.text("scan-inspector-complete.json").replace(":123456789012:repository/", ":210987654321:repository/");
        assertFalse(Ruler.matchesRule(foreign, template.eventPattern("ScanGateFunction", "OnInspectorScan")));
    }

    @Test
    void onlyDirtyAndUnscannedVerdictsAreMailed() throws Exception {
        String pattern = SamTemplate.load().rulePattern("ScanVerdictMailRule");
        Map<String, Boolean> mailed = new java.util.TreeMap<>();
        for (String verdict : List.of("CLEAN", "DIRTY", "UNSCANNED")) {
            String envelope = """
                    {"version":"0","id":"1","detail-type":"Scan Gate Verdict","source":"kaniko-fargate-trigger","account":"123456789012",\
                    "time":"2026-11-20T09:21:41Z","region":"us-east-1","resources":[],"detail":{"verdict":"%s","text":"x"}}""".formatted(verdict);
            mailed.put(verdict, Ruler.matchesRule(envelope, pattern));
        }
        assertEquals(Map.of("CLEAN", false, "DIRTY", true, "UNSCANNED", true), mailed);
    }
}
