package dev.kft.functions.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.AllowlistTable;
import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import dev.kft.core.ScanVerdict;
import dev.kft.gate.GateAction;
import dev.kft.gate.VerdictNotifier;
import dev.kft.result.BuildStatus;
import dev.kft.testing.EcrTestImages;
import dev.kft.testing.Handlers;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SamTemplate;
import dev.kft.testing.SampleEvents;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.event.ruler.Ruler;

/** ScanGateFunction end to end against moto_server: real images, real SDK calls, the sample events, the bus. */
@ExtendWith(MotoExtension.class)
class ScanGateHandlerIT {
    private static final String COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";
    private static final String COMMIT_TAG = "4f2a9c1e7b3d";
    private static final String SAMPLE_REPOSITORY = "kft/payments-api";

    private MotoStack stack;
    private EcrTestImages images;
    private String repository;
    private String verdicts;

    @BeforeEach
    void setUp(MotoServer moto) {
        stack = MotoStack.create(moto);
        images = new EcrTestImages(stack);
        repository = stack.imagePrefix + "/payments-api";
        verdicts = stack.observeBus(VerdictNotifier.DETAIL_TYPE);
    }

    private ScanGateHandler handler(String... overrides) {
        return new ScanGateHandler(ScanGateWiring.fromEnvironment(Handlers.environment(stack, overrides)));
    }

    private static Map<String, Object> invoke(ScanGateHandler handler, String event) throws Exception {
        return Handlers.invoke(handler, event);
    }

    /** A sample event pointed at this test's repository and image. */
    private String event(String sample, String digest) {
        String text = SampleEvents.text(sample);
        String sampleDigest = JsonFields.text(SampleEvents.json(sample), "detail", "image-digest");
        return text.replace(SAMPLE_REPOSITORY, repository).replace(sampleDigest, digest);
    }

    /** The build item PushFunction (and TaskStateFunction, for the author) leave for this image. */
    private void recordBuild(List<String> deployTags, boolean withAuthor) {
        Map<String, AttributeValue> item = new HashMap<>(LedgerItemCodec.key(BuildId.of("payments-api", COMMIT)));
        item.put(LedgerItemCodec.REPOSITORY, AttributeValue.fromS("payments-api"));
        item.put(LedgerItemCodec.REF_FULL_NAME, AttributeValue.fromS("refs/heads/main"));
        item.put(LedgerItemCodec.REF_NAME, AttributeValue.fromS("main"));
        item.put(LedgerItemCodec.COMMIT_ID, AttributeValue.fromS(COMMIT));
        item.put(LedgerItemCodec.IMAGE_REPOSITORY, AttributeValue.fromS(repository));
        item.put(LedgerItemCodec.COMMIT_TAG, AttributeValue.fromS(COMMIT_TAG));
        item.put(LedgerItemCodec.QUEUED_AT, AttributeValue.fromS("2026-11-20T09:14:06Z"));
        item.put(LedgerItemCodec.STATUS, LedgerItemCodec.statusValue(BuildStatus.QUEUED));
        if (!deployTags.isEmpty()) {
            item.put(LedgerItemCodec.DEPLOY_TAGS, AttributeValue.fromSs(deployTags));
        }
        if (withAuthor) {
            item.put(LedgerItemCodec.AUTHOR_NAME, AttributeValue.fromS("Dana Reyes"));
            item.put(LedgerItemCodec.AUTHOR_EMAIL, AttributeValue.fromS("dana.reyes@example.com"));
        }
        stack.dynamoDb.putItem(r -> r.tableName(stack.ledgerTable).item(item));
    }

    private Map<String, AttributeValue> buildItem() {
        return stack.dynamoDb.getItem(r -> r.tableName(stack.ledgerTable)
                .key(LedgerItemCodec.key(BuildId.of("payments-api", COMMIT)))).item();
    }

    private Map<String, AttributeValue> verdictItem(String digest) {
        return stack.dynamoDb.getItem(r -> r.tableName(stack.ledgerTable)
                .key(LedgerItemCodec.verdictKey(repository, digest)).consistentRead(true)).item();
    }

    private void allow(String cve, String scope, LocalDate expiresOn) {
        stack.dynamoDb.putItem(r -> r.tableName(stack.allowlistTable).item(Map.of(
                AllowlistTable.CVE_ID, AttributeValue.fromS(cve),
                AllowlistTable.SCOPE, AttributeValue.fromS(scope),
                AllowlistTable.EXPIRES_ON, AttributeValue.fromS(expiresOn.toString()),
                AllowlistTable.REASON, AttributeValue.fromS("fixed upstream next sprint, SEC-1234"))));
    }

    private List<Map<String, Object>> published() {
        return stack.receive(verdicts);
    }

    /** Whether the template's mail rule would send this event to the security team. */
    private static boolean mailed(Map<String, Object> envelope) throws Exception {
        return Ruler.matchesRule(Json.write(envelope), SamTemplate.load().rulePattern("ScanVerdictMailRule"));
    }

    /** An event whose counts say one HIGH finding: moto lists exactly one (CVE-9999-9999, package moto_fake). */
    private String oneHighFinding(String digest) {
        return event("scan-basic-clean.json", digest).replace("\"finding-severity-counts\": {}", "\"finding-severity-counts\": {\"HIGH\": 1}");
    }

    @Test
    void aDirtyImageIsFlaggedKeepsOnlyItsCommitTagAndTheSecurityTeamIsMailed() throws Exception {
        // Promotion off: the build pushed every tag itself.
        String digest = images.push(repository, COMMIT_TAG, "branch-main", "latest");
        recordBuild(List.of("branch-main", "latest"), true);

        Map<String, Object> result = invoke(handler("PROMOTE_ON_CLEAN_SCAN", "false"), event("scan-basic-dirty.json", digest));

        assertEquals("GATED", result.get("result"));
        assertEquals(List.of(COMMIT_TAG), images.tags(repository, digest));
        Map<String, AttributeValue> verdict = verdictItem(digest);
        assertEquals(Optional.of(LedgerItemCodec.VerdictItemStatus.DONE), LedgerItemCodec.verdictItemStatus(verdict));
        assertEquals(Optional.of(ScanVerdict.DIRTY), LedgerItemCodec.scanVerdict(verdict));
        assertTrue(verdict.get(LedgerItemCodec.VERDICT).s().contains("CVE-9999-9999"));
        assertEquals(Optional.of(GateAction.FLAG), LedgerItemCodec.scanAction(buildItem()));
        assertEquals(Optional.of(ScanVerdict.DIRTY), LedgerItemCodec.scanVerdict(buildItem()));

        List<Map<String, Object>> events = published();
        assertEquals(1, events.size());
        Map<String, Object> envelope = events.get(0);
        assertEquals("kaniko-fargate-trigger", envelope.get("source"));
        assertEquals("DIRTY", JsonFields.text(envelope, "detail", "verdict"));
        assertEquals("FLAG", JsonFields.text(envelope, "detail", "action"));
        assertEquals(List.of("branch-main", "latest"), JsonFields.list(envelope, "detail", "actionReport", "tagsRemoved"));
        assertTrue(mailed(envelope));
        String text = JsonFields.text(envelope, "detail", "text");
        for (String expected : List.of(repository, digest, COMMIT, "refs/heads/main", "Dana Reyes <dana.reyes@example.com>",
                "CVE-9999-9999", "moto_fake 9.9.9", "score 7.5", "CRITICAL", "FLAGGED: removed deploy tags branch-main, latest",
                "https://us-east-1.console.aws.amazon.com/ecr/repositories/private/123456789012/" + repository + "/_/image/" + digest)) {
            assertTrue(text.contains(expected), "mail lacks " + expected + ":\n" + text);
        }
        System.out.println("---- rendered notification for a dirty image ----\n" + text + "---- end ----");
    }

    @Test
    void deleteRecordsTheFindingsThenDeletesTheImage() throws Exception {
        String digest = images.push(repository, COMMIT_TAG);
        recordBuild(List.of("branch-main", "latest"), false);

        invoke(handler("DIRTY_IMAGE_ACTION", "DELETE"), event("scan-basic-dirty.json", digest));

        assertFalse(images.exists(repository, digest));
        Map<String, Object> recorded = Json.parseObject(verdictItem(digest).get(LedgerItemCodec.VERDICT).s());
        assertEquals("CVE-9999-9999", JsonFields.objects(recorded, "worstFindings").get(0).get("cveId"));
        Map<String, Object> envelope = published().get(0);
        assertEquals("DELETE", JsonFields.text(envelope, "detail", "action"));
        assertTrue(JsonFields.flag(envelope, "detail", "actionReport", "deleted"));
        // Without an author on the build item the mail still renders, without an author line.
        assertFalse(JsonFields.text(envelope, "detail", "text").contains("Author"));
    }

    @Test
    void aCleanImageGetsItsBuildsDeployTagsOnTheSameDigestAndIsNotMailed() throws Exception {
        String digest = images.push(repository, COMMIT_TAG);
        recordBuild(List.of("branch-main", "latest"), true);

        invoke(handler(), event("scan-basic-clean.json", digest));

        assertEquals(List.of(COMMIT_TAG, "branch-main", "latest"), images.tags(repository, digest));
        Map<String, Object> envelope = published().get(0);
        assertEquals("CLEAN", JsonFields.text(envelope, "detail", "verdict"));
        assertEquals(List.of("branch-main", "latest"), JsonFields.list(envelope, "detail", "actionReport", "tagsAdded"));
        assertFalse(mailed(envelope));
        assertEquals(Optional.of(GateAction.PROMOTE), LedgerItemCodec.scanAction(buildItem()));
    }

    @Test
    void theSameEventTwiceActsOnceAndNotifiesOnce() throws Exception {
        String digest = images.push(repository, COMMIT_TAG, "branch-main");
        recordBuild(List.of("branch-main"), false);
        ScanGateHandler handler = handler();

        invoke(handler, event("scan-basic-dirty.json", digest));
        Map<String, Object> second = invoke(handler, event("scan-basic-dirty.json", digest));

        assertEquals("DUPLICATE", second.get("result"));
        assertEquals(1, published().size());
        assertEquals(List.of(COMMIT_TAG), images.tags(repository, digest));
    }

    @Test
    void theInspectorSampleNamesItsRepositoryByArnAndItsEnhancedFindingsAreShown() throws Exception {
        String digest = images.push(repository, COMMIT_TAG);
        recordBuild(List.of("branch-main", "latest"), true);
        images.scanFindings(repository, digest, Map.of(
                "findingSeverityCounts", Map.of("HIGH", 1, "MEDIUM", 4),
                "enhancedFindings", List.of(Map.of(
                        "severity", "HIGH",
                        "score", 7.5,
                        "title", "CVE-2026-31337 - libxml2",
                        "packageVulnerabilityDetails", Map.of(
                                "vulnerabilityId", "CVE-2026-31337",
                                "sourceUrl", "https://security-tracker.example.org/CVE-2026-31337",
                                "vulnerablePackages", List.of(Map.of(
                                        "name", "libxml2", "version", "2.9.14", "release", "r0", "fixedInVersion", "2.9.14-r1")))))));

        Map<String, Object> result = invoke(handler(), event("scan-inspector-complete.json", digest));

        assertEquals(repository, result.get("imageRepository"));
        assertEquals("DIRTY", result.get("verdict"));
        Map<String, Object> envelope = published().get(0);
        assertEquals("ENHANCED", JsonFields.text(envelope, "detail", "scanner"));
        String text = JsonFields.text(envelope, "detail", "text");
        assertTrue(text.contains("CVE-2026-31337  HIGH  score 7.5"), text);
        assertTrue(text.contains("libxml2 2.9.14-r0, fixed in 2.9.14-r1"), text);
        assertTrue(text.contains("https://security-tracker.example.org/CVE-2026-31337"), text);
    }

    @Test
    void anUnrankedSeverityWithoutAScoreIsShownButDoesNotBlock() throws Exception {
        String digest = images.push(repository, COMMIT_TAG);
        recordBuild(List.of("branch-main", "latest"), false);
        images.scanFindings(repository, digest, Map.of(
                "findingSeverityCounts", Map.of("MEDIUM", 2, "UNTRIAGED", 1),
                "findings", List.of(
                        Map.of("name", "CVE-2026-1001", "severity", "MEDIUM"),
                        Map.of("name", "CVE-2026-1002", "severity", "MEDIUM"),
                        Map.of("name", "CVE-2026-1003", "severity", "UNTRIAGED"))));

        Map<String, Object> result = invoke(handler(), event("scan-unknown-severity.json", digest));

        assertEquals("CLEAN", result.get("verdict"));
        Map<String, Object> envelope = published().get(0);
        assertEquals(1L, JsonFields.number(envelope, "detail", "severityCounts", "UNTRIAGED"));
        assertEquals(List.of(COMMIT_TAG, "branch-main", "latest"), images.tags(repository, digest));
    }

    @Test
    void aValidAllowlistEntryScopedToTheRepositoryClearsTheFinding() throws Exception {
        String digest = images.push(repository, COMMIT_TAG);
        recordBuild(List.of("branch-main"), false);
        allow("CVE-9999-9999", repository, LocalDate.now().plusDays(30));

        Map<String, Object> result = invoke(handler(), oneHighFinding(digest));

        assertEquals("CLEAN", result.get("verdict"));
        assertEquals(List.of(COMMIT_TAG, "branch-main"), images.tags(repository, digest));
        assertEquals("CVE-9999-9999", JsonFields.objects(published().get(0), "detail", "allowListed").get(0).get("cveId"));
    }

    @Test
    void expiredEntriesAndEntriesScopedToAnotherRepositoryDoNotApply() throws Exception {
        String digest = images.push(repository, COMMIT_TAG, "branch-main");
        recordBuild(List.of("branch-main"), false);
        allow("CVE-9999-9999", AllowlistTable.ALL_REPOSITORIES, LocalDate.now().minusDays(1));
        allow("CVE-9999-9999", stack.imagePrefix + "/ledger-service", LocalDate.now().plusDays(30));

        Map<String, Object> result = invoke(handler(), oneHighFinding(digest));

        assertEquals("DIRTY", result.get("verdict"));
        assertEquals(List.of(COMMIT_TAG), images.tags(repository, digest));
    }

    @Test
    void aFailedScanIsUnscannedAndTheGateFailsClosedUnlessToldOtherwise() throws Exception {
        String digest = images.push(repository, COMMIT_TAG, "branch-main");
        recordBuild(List.of("branch-main"), false);

        Map<String, Object> closed = invoke(handler(), event("scan-basic-failed.json", digest));

        assertEquals("UNSCANNED", closed.get("verdict"));
        assertEquals("FLAG", closed.get("action"));
        assertEquals(List.of(COMMIT_TAG), images.tags(repository, digest));
        assertTrue(mailed(published().get(0)));

        String other = images.push(repository, "0a1b2c3d4e5f");
        Map<String, Object> open = invoke(handler("SCAN_FAIL_CLOSED", "false"), event("scan-basic-failed.json", other));
        assertEquals("UNSCANNED", open.get("verdict"));
        assertEquals("PROMOTE", open.get("action"));
        assertTrue(mailed(published().get(0)));
    }

    @Test
    void anImagePushedByHandIsStillGated() throws Exception {
        String digest = images.push(repository, "0123456789ab", "latest");

        invoke(handler(), event("scan-basic-dirty.json", digest));

        assertEquals(List.of("0123456789ab"), images.tags(repository, digest));
        assertTrue(JsonFields.text(published().get(0), "detail", "text").contains("no build of this stack is recorded"));
    }

    @Test
    void theCacheRepositoryAndForeignEventsAreIgnored() throws Exception {
        String cache = images.push(stack.imagePrefix + "-kaniko-cache", "cache-key");
        String event = event("scan-basic-dirty.json", cache).replace(repository, stack.imagePrefix + "-kaniko-cache");

        assertEquals("IGNORED", invoke(handler(), event).get("result"));
        assertEquals("IGNORED", invoke(handler(), SampleEvents.text("push-branch.json")).get("result"));
        assertEquals("IGNORED", invoke(handler(), "{broken").get("result"));
        assertEquals(List.of("cache-key"), images.tags(stack.imagePrefix + "-kaniko-cache", cache));
        assertTrue(published().isEmpty());
    }

    @Test
    void theMailRuleSendsTheTextTheFunctionRendered() throws Exception {
        String digest = images.push(repository, COMMIT_TAG);
        invoke(handler(), event("scan-basic-dirty.json", digest));
        Map<String, Object> envelope = published().get(0);

        @SuppressWarnings("unchecked")
        Map<String, Object> target = ((List<Map<String, Object>>) JsonFields.at(SamTemplate.load().resource("ScanVerdictMailRule"),
                "Properties", "Targets")).get(0);
        String path = JsonFields.text(target, "InputTransformer", "InputPathsMap", "text");
        assertEquals("\"<text>\"", JsonFields.text(target, "InputTransformer", "InputTemplate"));
        String[] keys = path.substring(2).split("\\.");
        String text = JsonFields.text(envelope, keys);
        assertTrue(text.startsWith("Scan gate: DIRTY image in " + repository), text);
        assertFalse(text.contains("\""), "the text must not break the quoted input template");
    }
}
