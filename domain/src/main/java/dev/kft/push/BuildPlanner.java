package dev.kft.push;

import dev.kft.buildconfig.ImageSpec;
import dev.kft.core.BuildId;
import dev.kft.core.Platform;
import dev.kft.core.Json;
import dev.kft.core.RefType;
import dev.kft.launch.TaskLaunch;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Decides whether a reference change builds, and if so plans the build. Pure: no I/O. */
public final class BuildPlanner {
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private final BuildSettings settings;

    public BuildPlanner(BuildSettings settings) {
        this.settings = settings;
    }

    public BuildSettings settings() {
        return settings;
    }

    /** A build to launch, or the reason there is none. */
    public sealed interface Decision permits Build, Skip, Refuse {}

    public record Build(BuildPlan plan) implements Decision {}

    public record Skip(String reason) implements Decision {}

    /** A push that should build but cannot be launched as configured; recorded and reported, not silently dropped. */
    public record Refuse(BuildPlan plan, String reason) implements Decision {}

    /** ECS refuses task overrides over 8,192 characters, counted as the JSON it receives. */
    public static final int MAX_OVERRIDES_CHARACTERS = 8192;

    /**
     * Whether the change builds at all (the stack's filters), and if so the plan of the repository's
     * one image with the stack's defaults: the build of a repository without {@code .kft.yaml}, and
     * the ledger record of the push for one with it.
     */
    public Decision decide(RefChange change, Instant now) {
        String skip = skipReason(change);
        if (skip != null) {
            return new Skip(skip);
        }
        return plan(change, stackDefaultImage(), now);
    }

    /** The image a repository without {@code .kft.yaml} builds: the stack's Dockerfile and context. */
    public ImageSpec stackDefaultImage() {
        return new ImageSpec(null, settings.contextSubPath(), settings.dockerfile(), null, Map.of(), Platform.LINUX_AMD64,
                List.of(), List.of(), List.of());
    }

    /** The plan of one image of a change that builds: a named image of {@code .kft.yaml}, or the stack's default. */
    public Decision plan(RefChange change, ImageSpec image, Instant now) {
        String name = image.name();
        BuildId buildId = name == null ? BuildId.of(change.repository(), change.commitId())
                : BuildId.of(change.repository(), change.commitId(), name);
        String imageRepository = imageRepositoryFor(change.repository()) + (name == null ? "" : "/" + name);
        String imageUri = settings.registry() + "/" + imageRepository;
        ImageTags tags = TagPolicy.tagsFor(change, settings);
        List<String> destinations = settings.deployPolicy().promoteOnCleanScan() ? List.of(tags.commitTag()) : tags.all();
        // The event's own time, not the clock: a re-delivered event must plan byte-identical
        // arguments, or ECS would refuse the repeated clientToken as a conflicting request.
        Instant created = change.eventTime() != null ? change.eventTime() : now;
        List<String> args = KanikoArguments.forBuild(change, image, imageUri, destinations, settings, created);
        TaskLaunch.Capacity capacity = settings.useSpot() ? TaskLaunch.Capacity.FARGATE_SPOT : TaskLaunch.Capacity.FARGATE;
        BuildPlan plan = new BuildPlan(buildId, 1, change, name, imageRepository, tags, destinations, args, capacity,
                image.platform(), taskTags(buildId, change), List.of(), now);
        int overrides = overridesLength(settings.containerName(), args);
        if (overrides > MAX_OVERRIDES_CHARACTERS) {
            return new Refuse(plan, "kaniko arguments need " + overrides + " characters of task overrides, over ECS's limit of "
                    + MAX_OVERRIDES_CHARACTERS + ": shorten the ref name, the Dockerfile path, the build arguments or KANIKO_EXTRA_ARGS");
        }
        return new Build(plan);
    }

    /** The length of the RunTask {@code overrides} JSON that carries these arguments. */
    public static int overridesLength(String containerName, List<String> command) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", containerName);
        container.put("command", command);
        return Json.write(Map.of("containerOverrides", List.of(container))).length();
    }

    /**
     * The naming rule: source repository R goes to ECR repository {@code <prefix>/<r>}, lowercased,
     * other characters as '-'; an image named in its {@code .kft.yaml} to {@code <prefix>/<r>/<name>}.
     */
    public String imageRepositoryFor(String repository) {
        String slug = repository.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return settings.imageRepositoryPrefix() + "/" + (slug.isEmpty() ? "repository" : slug);
    }

    private String skipReason(RefChange change) {
        return switch (change.kind()) {
            case DELETED -> "reference deleted: nothing to build";
            case UNREFERENCED_MERGE_COMMIT -> "merge commit not on any reference: nothing to build";
            case CREATED, UPDATED -> buildableReason(change);
        };
    }

    private String buildableReason(RefChange change) {
        if (!settings.buildsRepository(change.repository())) {
            return "repository " + change.repository() + " is not configured to build";
        }
        if (change.refType() == null) {
            return "reference " + change.refFullName() + " is neither a branch nor a tag";
        }
        if (change.refType() == RefType.BRANCH && !settings.branches().matches(change.refName())) {
            return "branch " + change.refName() + " does not match the branch filter " + settings.branches();
        }
        if (change.refType() == RefType.TAG && !settings.tags().matches(change.refName())) {
            return "tag " + change.refName() + " does not match the tag filter " + settings.tags();
        }
        if (change.commitId() == null || !COMMIT_ID.matcher(change.commitId()).matches()) {
            return "commit id " + change.commitId() + " is not a full hexadecimal commit id";
        }
        // kaniko splits its git context on '#', and a name with control characters or spaces is not a ref git would serve.
        if (change.refFullName().contains("#") || change.refFullName().chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            return "reference " + change.refFullName() + " cannot be expressed in a kaniko git context ('#', space or control character)";
        }
        return null;
    }

    /** ECS task tags of every attempt of a build, for people browsing the console. */
    public static Map<String, String> taskTags(BuildId buildId, RefChange change) {
        return TaskLaunch.taskTags(buildId, change.repository(), change.refFullName(), change.commitId());
    }

}
