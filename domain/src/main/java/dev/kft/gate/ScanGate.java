package dev.kft.gate;

import dev.kft.core.Deadline;
import dev.kft.core.DeployPolicy;
import dev.kft.core.Log;
import dev.kft.core.Metrics.Metric;
import dev.kft.core.Metrics;
import dev.kft.core.ScanVerdict;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scan result → verdict → action → notification, once per scan event. The verdict is recorded
 * before the image is touched, so a retry after a failure acts on the same verdict and a deleted
 * image's findings stay on record; every action is idempotent, so a retry may safely repeat it.
 */
public final class ScanGate {
    /** A claim outlives the invocation that took it, so nobody takes over work still under way. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    /** Images not built by this stack keep tags shaped like commit tags when flagged. */
    private static final Pattern COMMIT_TAG_SHAPE = Pattern.compile("[0-9a-f]{12}");
    /** The {@link Metrics#FUNCTION} dimension of this use case's metrics: the function it runs in. */
    static final String FUNCTION = "ScanGateFunction";

    private final GateSettings settings;
    private final VerdictPolicy policy;
    private final ScanFindings findings;
    private final Allowlist allowlist;
    private final ImageRegistry registry;
    private final GateLedger ledger;
    private final VerdictNotifier notifier;
    private final Clock clock;
    private final Metrics metrics;

    public ScanGate(GateSettings settings, ScanFindings findings, Allowlist allowlist, ImageRegistry registry,
                    GateLedger ledger, VerdictNotifier notifier, Clock clock, Metrics metrics) {
        this.settings = settings;
        this.policy = new VerdictPolicy(settings);
        this.findings = findings;
        this.allowlist = allowlist;
        this.registry = registry;
        this.ledger = ledger;
        this.notifier = notifier;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** What one event came to. */
    public enum GateResult { GATED, DUPLICATE, IGNORED }

    /** The invocation's result. */
    public record GateOutcome(GateResult result, String reason, Map<String, Object> detail) {
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("result", result.name());
            if (reason != null) {
                map.put("reason", reason);
            }
            if (detail != null) {
                for (String key : List.of("verdict", "action", "imageRepository", "imageDigest", "reason")) {
                    map.putIfAbsent(key, detail.get(key));
                }
                map.put("actionSummary", ((Map<?, ?>) detail.get("actionReport")).get("summary"));
            }
            return map;
        }
    }

    /** Thrown when another invocation holds this image's claim: the event is retried later. */
    public static final class GateBusyException extends RuntimeException {
        public GateBusyException(String message) {
            super(message);
        }
    }

    public GateOutcome handle(ScanEvent scan, Deadline deadline) {
        if (!settings.gates(scan.imageRepository())) {
            String reason = "repository " + scan.imageRepository() + " is not under " + settings.imageRepositoryPrefix() + "/";
            log("scan ignored", scan, "reason", reason);
            metrics.start(FUNCTION).dimension(Metrics.REASON_CLASS, "REPOSITORY_NOT_GATED").count(Metric.EVENTS_IGNORED)
                    .property("repository", scan.imageRepository()).emit();
            return new GateOutcome(GateResult.IGNORED, reason, null);
        }
        GateLedger.VerdictClaim claim = ledger.claim(scan, clock.instant(), deadline.remaining().plus(LEASE_MARGIN));
        switch (claim.status()) {
            case DUPLICATE -> {
                log("scan already handled", scan);
                return new GateOutcome(GateResult.DUPLICATE, "this scan event, or a newer scan of the image, was already handled", null);
            }
            case IN_PROGRESS -> throw new GateBusyException("another invocation is gating " + scan.imageRepository() + "@"
                    + scan.imageDigest() + "; the event will be retried");
            case NEW, RESUMED -> { }
        }
        Optional<Set<String>> tags = registry.tagsOf(scan.imageRepository(), scan.imageDigest());
        // The image's own tags name its build; the event's tags only once the image is gone (deleted earlier).
        Set<String> imageTags = new LinkedHashSet<>(tags.orElse(Set.copyOf(scan.imageTags())));
        Optional<BuildInfo> build = ledger.buildOf(scan.imageRepository(), imageTags);
        Verdict verdict = claim.recorded().orElseGet(() -> {
            Verdict fresh = keepBlocking(claim, scan, policy.evaluate(scan,
                    () -> findings.findingsOf(scan.imageRepository(), scan.imageDigest()),
                    allowlist::entries,
                    LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
            ledger.recordVerdict(scan, fresh, clock.instant());
            return fresh;
        });
        GateAction action = settings.actionFor(verdict.outcome());
        build = build.map(b -> ledger.noteVerdictOnBuild(b, scan, verdict, clock.instant()));
        ActionReport report = tags.isEmpty() ? ActionReport.gone(action) : act(action, scan, tags.get(), build);
        Map<String, Object> detail = VerdictNotification.detail(scan, imageTags, verdict, report, build);
        notifier.publish(detail, List.of(imageArn(scan)));
        ledger.recordDone(scan, verdict, action, build, clock.instant());
        recordMetrics(scan, verdict, action, build);
        log("scan gated", scan, "verdict", verdict.outcome(), "action", action, "reason", verdict.reason(),
                "summary", report.summary(), "buildId", build.map(BuildInfo::buildId).orElse(null),
                "commitId", build.map(BuildInfo::commitId).orElse(null), "resumed", claim.status() == GateLedger.ClaimStatus.RESUMED);
        return new GateOutcome(GateResult.GATED, null, detail);
    }

    /**
     * A blocking verdict (DIRTY, or UNSCANNED when failing closed) is only replaced by a clearing one
     * from a scan known to be later. The ledger refuses timed events older than the recorded one; an
     * event without a readable time cannot show it is later, so it keeps the earlier verdict (it may
     * still make a clean image blocked: failing closed is the safe side).
     */
    private Verdict keepBlocking(GateLedger.VerdictClaim claim, ScanEvent scan, Verdict fresh) {
        if (scan.time() != null || claim.previous().isEmpty()) {
            return fresh;
        }
        ScanVerdict previous = claim.previous().get();
        if (!settings.deployPolicy().blocks(previous) || settings.deployPolicy().blocks(fresh.outcome())) {
            return fresh;
        }
        return new Verdict(previous, "this scan has no readable time, so it cannot replace the earlier " + previous
                + " verdict of this image (it found: " + fresh.outcome() + ", " + fresh.reason() + ")",
                fresh.threshold(), fresh.severityCounts(), fresh.blockingFindings(), fresh.listedFindings(),
                fresh.worstFindings(), fresh.allowListed());
    }

    private ActionReport act(GateAction action, ScanEvent scan, Set<String> tags, Optional<BuildInfo> build) {
        String repository = scan.imageRepository();
        String digest = scan.imageDigest();
        return switch (action) {
            case RECORD -> ActionReport.of(action);
            case PROMOTE -> promote(repository, digest, build);
            case FLAG -> flag(repository, digest, tags, build);
            case DELETE -> {
                boolean deleted = registry.delete(repository, digest);
                yield deleted ? new ActionReport(action, false, List.of(), List.of(), List.of(), List.of(), List.of(), true)
                        : ActionReport.gone(action);
            }
        };
    }

    /**
     * Adds the build's deploy tags. A branch's moving tags ({@code branch-*}, {@code latest}) never go
     * back from a newer commit to an older one: when a newer push of the same branch and image exists,
     * whatever order the scans arrive in, this older image keeps them off (they count as held).
     */
    private ActionReport promote(String repository, String digest, Optional<BuildInfo> build) {
        List<String> added = new ArrayList<>();
        List<String> inPlace = new ArrayList<>();
        List<String> held = new ArrayList<>();
        List<String> deployTags = build.map(BuildInfo::deployTags).orElse(List.of());
        if (build.isPresent() && deployTags.stream().anyMatch(DeployPolicy::isMovingTag)
                && ledger.newerBuildOfBranch(repository, build.get())) {
            deployTags.stream().filter(DeployPolicy::isMovingTag).forEach(held::add);
            deployTags = deployTags.stream().filter(tag -> !DeployPolicy.isMovingTag(tag)).toList();
        }
        if (!deployTags.isEmpty()) {
            registry.addTags(repository, digest, deployTags).forEach((tag, outcome) -> {
                switch (outcome) {
                    case ADDED -> added.add(tag);
                    case ALREADY_IN_PLACE -> inPlace.add(tag);
                    case HELD_BY_ANOTHER_IMAGE -> held.add(tag);
                }
            });
        }
        return new ActionReport(GateAction.PROMOTE, false, added, inPlace, held, List.of(), List.of(), false);
    }

    /** The image keeps only its commit tag; without one, removing every tag would delete it, so nothing is removed. */
    private ActionReport flag(String repository, String digest, Set<String> tags, Optional<BuildInfo> build) {
        List<String> kept = tags.stream()
                .filter(t -> build.map(b -> b.commitTag().equals(t)).orElse(COMMIT_TAG_SHAPE.matcher(t).matches()))
                .sorted().toList();
        List<String> removed = List.of();
        if (!kept.isEmpty()) {
            List<String> deployTags = tags.stream().filter(t -> !kept.contains(t)).sorted().toList();
            removed = deployTags.isEmpty() ? List.of() : registry.removeTags(repository, digest, deployTags);
        }
        return new ActionReport(GateAction.FLAG, false, List.of(), List.of(), List.of(), removed, kept, false);
    }

    /**
     * GateVerdicts by Verdict and GateActions by Action, once per handled scan event (after it is marked
     * done, so a retried delivery that finds it DONE counts nothing). Two documents: each has one
     * dimension set besides Function.
     */
    private void recordMetrics(ScanEvent scan, Verdict verdict, GateAction action, Optional<BuildInfo> build) {
        for (Metrics.Record record : List.of(
                metrics.start(FUNCTION).dimension(Metrics.VERDICT, verdict.outcome().name()).count(Metric.GATE_VERDICTS),
                metrics.start(FUNCTION).dimension(Metrics.ACTION, action.name()).count(Metric.GATE_ACTIONS))) {
            record.property("repository", scan.imageRepository())
                    .property("imageDigest", scan.imageDigest())
                    .property("buildId", build.map(BuildInfo::buildId).orElse(null))
                    .property("commitId", build.map(BuildInfo::commitId).orElse(null))
                    .emit();
        }
    }

    private static String imageArn(ScanEvent scan) {
        return "arn:aws:ecr:" + scan.region() + ":" + scan.account() + ":repository/" + scan.imageRepository();
    }

    private static void log(String message, ScanEvent scan, Object... more) {
        Object[] base = {"eventId", scan.eventId(), "repository", scan.imageRepository(), "imageDigest", scan.imageDigest(),
                "scanner", scan.scanner(), "scanStatus", scan.scanStatus()};
        Object[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        Log.info(message, all);
    }
}
