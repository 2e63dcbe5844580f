package dev.kft.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.BuildId;
import dev.kft.core.RefType;
import dev.kft.launch.TaskLaunch;
import dev.kft.testing.SampleEvents;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildPlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";

    private static RefChange sample(String file) {
        return PushEventParser.parse(SampleEvents.json(file)).changes().get(0);
    }

    private static RefChange branch(String name) {
        return new RefChange("e1", NOW, "us-east-1", "payments-api", RefChange.Kind.UPDATED, RefType.BRANCH,
                name, "refs/heads/" + name, COMMIT, null);
    }

    private static BuildPlan plan(BuildSettings settings, RefChange change) {
        return assertInstanceOf(BuildPlanner.Build.class, new BuildPlanner(settings).decide(change, NOW)).plan();
    }

    @Test
    void defaultBranchPushGetsTheFullKanikoArgumentList() {
        BuildPlan plan = plan(TestSettings.with(), sample("push-branch.json"));
        String image = TestSettings.REGISTRY + "/kft/payments-api";
        assertEquals(List.of(
                "--context=git://git-codecommit.us-east-1.amazonaws.com/v1/repos/payments-api#refs/heads/main#" + COMMIT,
                "--dockerfile=Dockerfile",
                "--destination=" + image + ":4f2a9c1e7b3d",
                "--cache=true",
                "--cache-repo=" + TestSettings.REGISTRY + "/kft-kaniko-cache",
                "--push-retry=3",
                "--label=org.opencontainers.image.revision=" + COMMIT,
                "--label=org.opencontainers.image.source=https://git-codecommit.us-east-1.amazonaws.com/v1/repos/payments-api",
                "--label=org.opencontainers.image.created=2026-11-20T09:14:05Z"), plan.kanikoArgs());
        assertEquals(new ImageTags("4f2a9c1e7b3d", List.of("branch-main", "latest")), plan.tags());
        assertEquals(BuildId.of("payments-api", COMMIT), plan.buildId());
        assertEquals(TaskLaunch.Capacity.FARGATE_SPOT, plan.capacity());
        assertEquals("kft/payments-api", plan.imageRepository());
    }

    @Test
    void withoutPromotionKanikoPushesEveryTagAndHonoursBuildSettings() {
        BuildSettings settings = TestSettings.with("PROMOTE_ON_CLEAN_SCAN", "false", "USE_FARGATE_SPOT", "false",
                "CONTEXT_SUB_PATH", "services/api", "DOCKERFILE", "docker/Dockerfile.prod",
                "KANIKO_EXTRA_ARGS", "--snapshot-mode=redo  --target=runtime", "IMAGE_REPOSITORY_PREFIX", "builds");
        BuildPlan plan = plan(settings, sample("push-branch.json"));
        String image = TestSettings.REGISTRY + "/builds/payments-api";
        assertEquals(List.of(image + ":4f2a9c1e7b3d", image + ":branch-main", image + ":latest"),
                plan.kanikoArgs().stream().filter(a -> a.startsWith("--destination=")).map(a -> a.substring(14)).toList());
        assertTrue(plan.kanikoArgs().contains("--context-sub-path=services/api"));
        assertTrue(plan.kanikoArgs().contains("--dockerfile=docker/Dockerfile.prod"));
        assertEquals(List.of("--snapshot-mode=redo", "--target=runtime"), plan.kanikoArgs().subList(plan.kanikoArgs().size() - 2, plan.kanikoArgs().size()));
        assertEquals(TaskLaunch.Capacity.FARGATE, plan.capacity());
    }

    @Test
    void tagPushBuildsFromTheTagRef() {
        BuildPlan plan = plan(TestSettings.with("PROMOTE_ON_CLEAN_SCAN", "false"), sample("push-tag.json"));
        assertTrue(plan.kanikoArgs().get(0).endsWith("#refs/tags/v1.4.0#" + COMMIT));
        assertEquals(List.of("v1.4.0"), plan.tags().deployTags());
    }

    @Test
    void deletionsUnconfiguredRepositoriesAndFilteredBranchesDoNotBuild() {
        BuildPlanner planner = new BuildPlanner(TestSettings.with("BUILD_REPOSITORIES", "billing,ledger",
                "BUILD_BRANCHES", "main,release/*", "BUILD_TAGS", "v*"));
        assertEquals("reference deleted: nothing to build",
                assertInstanceOf(BuildPlanner.Skip.class, planner.decide(sample("push-branch-deleted.json"), NOW)).reason());
        assertEquals("repository payments-api is not configured to build",
                assertInstanceOf(BuildPlanner.Skip.class, planner.decide(sample("push-branch.json"), NOW)).reason());

        BuildPlanner allRepositories = new BuildPlanner(TestSettings.with("BUILD_BRANCHES", "main,release/*"));
        assertInstanceOf(BuildPlanner.Build.class, allRepositories.decide(branch("release/2026.11"), NOW));
        assertInstanceOf(BuildPlanner.Skip.class, allRepositories.decide(branch("release/2026.11/hotfix"), NOW));
        assertTrue(assertInstanceOf(BuildPlanner.Skip.class, allRepositories.decide(sample("push-new-branch.json"), NOW))
                .reason().contains("does not match the branch filter main,release/*"));
    }

    @Test
    void unreferencedMergeCommitsAndAbbreviatedCommitIdsDoNotBuild() {
        BuildPlanner planner = new BuildPlanner(TestSettings.with());
        RefChange merge = new RefChange("e", NOW, "us-east-1", "payments-api", RefChange.Kind.UNREFERENCED_MERGE_COMMIT,
                RefType.BRANCH, "main", "refs/heads/main", COMMIT, null);
        assertInstanceOf(BuildPlanner.Skip.class, planner.decide(merge, NOW));
        RefChange abbreviated = new RefChange("e", NOW, "us-east-1", "payments-api", RefChange.Kind.UPDATED,
                RefType.BRANCH, "main", "refs/heads/main", "3e5983EXAMPLE", null);
        assertTrue(assertInstanceOf(BuildPlanner.Skip.class, planner.decide(abbreviated, NOW)).reason().contains("not a full hexadecimal commit id"));
    }

    @Test
    void hostileBranchNameStaysDataAndYieldsValidTags() {
        BuildPlan plan = plan(TestSettings.with("PROMOTE_ON_CLEAN_SCAN", "false"), branch("--build-arg=X"));
        // No argument element starts with anything but the flags the planner itself writes.
        for (String arg : plan.kanikoArgs()) {
            assertFalse(arg.startsWith("--build-arg"), arg);
        }
        assertEquals(1, plan.kanikoArgs().stream().filter(a -> a.startsWith("--context=")).count());
        assertEquals(List.of("branch-build-arg-X"), plan.tags().deployTags());
        plan.tags().all().forEach(tag -> assertTrue(TagPolicy.isValidTag(tag), tag));
    }

    @Test
    void namesThatCannotBeExpressedInAGitContextAreSkipped() {
        BuildPlanner planner = new BuildPlanner(TestSettings.with());
        assertTrue(assertInstanceOf(BuildPlanner.Skip.class, planner.decide(branch("a#b"), NOW)).reason().contains("kaniko git context"));
    }

    @Test
    void overLongOverridesAreRefusedWithTheMeasuredLength() {
        BuildSettings settings = TestSettings.with("KANIKO_EXTRA_ARGS", "--build-arg=PAD=" + "x".repeat(8000));
        BuildPlanner.Refuse refuse = assertInstanceOf(BuildPlanner.Refuse.class,
                new BuildPlanner(settings).decide(sample("push-branch.json"), NOW));
        int length = BuildPlanner.overridesLength("kaniko", refuse.plan().kanikoArgs());
        assertTrue(length > 8192);
        assertEquals("kaniko arguments need " + length + " characters of task overrides, over ECS's limit of 8192: "
                + "shorten the ref name, the Dockerfile path, the build arguments or KANIKO_EXTRA_ARGS", refuse.reason());
    }

    @Test
    void overridesLengthCountsTheJsonEcsReceives() {
        assertEquals("{\"containerOverrides\":[{\"name\":\"kaniko\",\"command\":[\"--a\",\"b\\\"c\"]}]}".length(),
                BuildPlanner.overridesLength("kaniko", List.of("--a", "b\"c")));
    }

    @Test
    void imageRepositoryNamingRuleLowercasesAndReplaces() {
        BuildPlanner planner = new BuildPlanner(TestSettings.with());
        assertEquals("kft/payments-api", planner.imageRepositoryFor("payments-api"));
        assertEquals("kft/my-repo-v2", planner.imageRepositoryFor("My_Repo.v2"));
    }

    @Test
    void taskTagsCarryTheBuildIdAndSafeValues() {
        BuildPlan plan = plan(TestSettings.with(), branch("feat/ünïcode*?"));
        assertEquals(plan.buildId().value(), plan.taskTags().get("kft:build-id"));
        assertEquals("refs/heads/feat/ünïcode__", plan.taskTags().get("kft:ref"));
        assertEquals("kft/" + plan.buildId().value() + "/1", plan.startedBy());
    }
}
