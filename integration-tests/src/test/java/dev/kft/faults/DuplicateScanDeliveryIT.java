package dev.kft.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kft.core.JsonFields;
import dev.kft.functions.gate.ScanGateHandler;
import dev.kft.gate.VerdictNotifier;
import dev.kft.testing.EcrTestImages;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SampleEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One dirty scan event delivered in six copies at once, from two JVMs (two execution environments
 * of ScanGateFunction's real handler with its real wiring, three concurrent copies each). A copy
 * that finds the image's claim held fails and is delivered again a second later, as Lambda would.
 * The gate acts once: one verdict published, the deploy tags removed once. Both JVMs reach moto
 * through {@link AwsGuarantees}, which gives moto DynamoDB's atomic conditional writes: without it
 * moto lets two concurrent claims both win (seen here: two GATED), which DynamoDB never does.
 */
@ExtendWith(MotoExtension.class)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class DuplicateScanDeliveryIT {
    private static final String COMMIT_TAG = "4f2a9c1e7b3d";

    @Test
    void copiesOfAScanEventInTwoJvmsGateTheImageOnce(MotoServer moto, @TempDir Path dir) throws Exception {
        MotoStack stack = MotoStack.create(moto);
        String repository = stack.imagePrefix + "/payments-api";
        String digest = new EcrTestImages(stack).push(repository, COMMIT_TAG, "latest", "branch-main");
        String verdicts = stack.observeBus(VerdictNotifier.DETAIL_TYPE);
        String sampleDigest = JsonFields.text(SampleEvents.json("scan-basic-dirty.json"), "detail", "image-digest");
        String event = SampleEvents.text("scan-basic-dirty.json").replace("kft/payments-api", repository).replace(sampleDigest, digest);
        Path eventFile = Files.writeString(dir.resolve("event.json"), event);

        List<String> results = new ArrayList<>();
        try (AwsGuarantees aws = new AwsGuarantees(moto.endpoint())) {
            Process first = InvokeHandlerMain.start(stack, aws.endpoint(), Map.of(), ScanGateHandler.class, eventFile, 3, dir, "first");
            Process second = InvokeHandlerMain.start(stack, aws.endpoint(), Map.of(), ScanGateHandler.class, eventFile, 3, dir, "second");
            List<Map<String, Object>> reports = new ArrayList<>(InvokeHandlerMain.reports(first, dir, "first"));
            reports.addAll(InvokeHandlerMain.reports(second, dir, "second"));
            for (Map<String, Object> report : reports) {
                results.add(report.containsKey("result") ? (String) JsonFields.object(report, "result").get("result")
                        : "FAILED: " + report.get("error"));
            }
        }

        System.out.println("duplicate scan deliveries from two JVMs: " + results);
        assertEquals(6, results.size(), results.toString());
        assertEquals(1, results.stream().filter("GATED"::equals).count(), results.toString());
        assertEquals(5, results.stream().filter("DUPLICATE"::equals).count(), results.toString());
        List<Map<String, Object>> published = stack.receive(verdicts);
        assertEquals(1, published.size(), "one verdict published");
        assertEquals("DIRTY", JsonFields.text(published.get(0), "detail", "verdict"));
        assertEquals(List.of(COMMIT_TAG), new EcrTestImages(stack).tags(repository, digest), "flagged once: only the commit tag left");
    }
}
