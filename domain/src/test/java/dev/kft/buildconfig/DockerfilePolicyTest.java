package dev.kft.buildconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.buildconfig.DockerfilePolicy.PolicyDecision;
import dev.kft.buildconfig.DockerfilePolicy.Mode;
import dev.kft.buildconfig.DockerfilePolicy.PolicyVerdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfilePolicyTest {
    private static final String ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/";
    private static final DockerfilePolicy BASE_IMAGES = DockerfilePolicy.of(Mode.ENFORCE, ECR + ", public.ecr.aws/", false);
    private static final DockerfilePolicy NON_ROOT = DockerfilePolicy.of(Mode.ENFORCE, "", true);

    private static List<String> rules(List<PolicyFinding> findings) {
        return findings.stream().map(PolicyFinding::rule).toList();
    }

    // --- base images ---

    @Test
    void allowedRegistriesPassAndOthersAreFound() {
        List<PolicyFinding> findings = BASE_IMAGES.check("""
                FROM public.ecr.aws/docker/library/alpine:3
                FROM 123456789012.dkr.ecr.us-east-1.amazonaws.com/base/java:21
                FROM alpine:3
                """);
        assertEquals(List.of(new PolicyFinding(3, "base-image-not-allowed", "FROM alpine:3 is docker.io/library/alpine:3, which is not under"
                + " an allowed prefix (123456789012.dkr.ecr.us-east-1.amazonaws.com/, public.ecr.aws/)")), findings);
    }

    @Test
    void dockerHubShortNamesAreComparedInNormalizedForm() {
        DockerfilePolicy hubLibrary = DockerfilePolicy.of(Mode.ENFORCE, "docker.io/library/", false);
        assertEquals(List.of(), hubLibrary.check("FROM alpine\nFROM docker.io/library/node:22\n"));
        assertEquals(List.of("base-image-not-allowed"), rules(hubLibrary.check("FROM someone/alpine\n")));
    }

    @Test
    void registryLookalikesAreNotAllowed() {
        assertEquals(List.of("base-image-not-allowed"), rules(BASE_IMAGES.check("FROM public.ecr.aws.evil.example/x\n")));
        assertEquals(List.of("base-image-not-allowed"), rules(BASE_IMAGES.check("FROM public/ecr.aws\n")));
    }

    @Test
    void digestsAndPlatformFlagsAreUnderstood() {
        assertEquals(List.of(), BASE_IMAGES.check("FROM --platform=$BUILDPLATFORM public.ecr.aws/x/go@sha256:" + "0".repeat(64) + " AS build\n"));
        assertEquals(List.of("base-image-not-allowed"), rules(BASE_IMAGES.check("FROM --platform=linux/arm64 golang@sha256:" + "0".repeat(64) + "\n")));
    }

    @Test
    void scratchIsAlwaysAllowed() {
        assertEquals(List.of(), BASE_IMAGES.check("FROM scratch\nFROM SCRATCH AS x\n"));
    }

    @Test
    void stageAliasesAreNotRegistries() {
        assertEquals(List.of(), BASE_IMAGES.check("""
                FROM public.ecr.aws/docker/library/golang:1.23 AS Build
                RUN go build
                FROM build AS test
                FROM scratch
                COPY --from=build /app /app
                """));
        // A name is a stage only once it has been declared.
        assertEquals(List.of("base-image-not-allowed"), rules(BASE_IMAGES.check("FROM build\nFROM public.ecr.aws/x AS build\n")));
    }

    @Test
    void globalArgsAreSubstitutedInFrom() {
        String dockerfile = """
                ARG REGISTRY=public.ecr.aws
                ARG TAG="3.20"
                ARG IMAGE
                FROM ${REGISTRY}/docker/library/alpine:$TAG
                FROM ${IMAGE:-public.ecr.aws/docker/library/node:22}
                """;
        assertEquals(List.of(), BASE_IMAGES.check(dockerfile));
        assertEquals(List.of(new PolicyFinding(4, "base-image-not-allowed", "FROM ${REGISTRY}/alpine:$TAG is "
                + "docker.io/library/alpine:3.20, which is not under an allowed prefix (" + ECR + ", public.ecr.aws/)")),
                BASE_IMAGES.check("ARG REGISTRY=docker.io/library\nARG TAG=\"3.20\"\n\nFROM ${REGISTRY}/alpine:$TAG\n"));
    }

    @Test
    void buildArgsOverrideArgDefaults() {
        String dockerfile = "ARG BASE=public.ecr.aws/docker/library/alpine:3\nFROM $BASE\n";
        assertEquals(List.of(), BASE_IMAGES.check(dockerfile));
        assertEquals(List.of("base-image-not-allowed"), rules(BASE_IMAGES.check(dockerfile, Map.of("BASE", "evil/image"), null)));
        assertEquals(List.of(), BASE_IMAGES.check("ARG BASE\nFROM $BASE\n", Map.of("BASE", "public.ecr.aws/x"), null));
    }

    @Test
    void argWithoutDefaultCannotBeResolved() {
        List<PolicyFinding> findings = BASE_IMAGES.check("# comment\nARG BASE\nFROM ${BASE}\n");
        assertEquals(List.of(new PolicyFinding(3, "unresolved-base-image", "FROM ${BASE} cannot be resolved: $BASE is not an ARG with a"
                + " default before the first FROM nor a build argument")), findings);
        assertEquals(List.of("unresolved-base-image"), rules(BASE_IMAGES.check("FROM $UNDECLARED\n")));
    }

    @Test
    void argsDeclaredAfterTheFirstFromDoNotApplyToLaterFroms() {
        assertEquals(List.of("unresolved-base-image"),
                rules(BASE_IMAGES.check("FROM scratch\nARG BASE=public.ecr.aws/x\nFROM $BASE\n")));
    }

    @Test
    void continuationsCommentsAndLowerCaseInstructions() {
        List<PolicyFinding> findings = BASE_IMAGES.check("""
                # FROM docker.io/commented/out
                from \\
                  # the base
                  alpine:3 \\
                  as base
                """);
        assertEquals(List.of(2), findings.stream().map(PolicyFinding::line).toList());
        assertEquals(List.of("base-image-not-allowed"), rules(findings));
    }

    @Test
    void noFromIsAFinding() {
        assertEquals(List.of("unresolved-base-image"), rules(BASE_IMAGES.check("# nothing\n")));
        assertEquals(List.of("unresolved-base-image"), rules(BASE_IMAGES.check("FROM\n")));
    }

    @Test
    void noPrefixesMeansAnyBaseImage() {
        DockerfilePolicy anyBase = DockerfilePolicy.of(Mode.ENFORCE, " , ", false);
        assertEquals(List.of(), anyBase.allowedBaseImagePrefixes());
        assertEquals(List.of(), anyBase.check("ARG B\nFROM $B\nFROM alpine\n"));
    }

    // --- USER ---

    @Test
    void finalStageMustSetANonRootUser() {
        assertEquals(List.of(), NON_ROOT.check("FROM alpine\nUSER root\nRUN apk add curl\nUSER app\n"));
        assertEquals(List.of(new PolicyFinding(3, "root-user", "USER root makes the final stage run as root; use a non-root user")),
                NON_ROOT.check("FROM alpine\nUSER app\nUSER root\n"));
        assertEquals(List.of(new PolicyFinding(1, "no-user", "the final stage (line 1) sets no USER, so the image runs as its base"
                + " image's user, often root; add USER with a non-root user")), NON_ROOT.check("FROM alpine\nRUN true\n"));
    }

    @Test
    void rootByNumberOrWithAGroupIsRoot() {
        assertEquals(List.of("root-user"), rules(NON_ROOT.check("FROM alpine\nUSER 0:0\n")));
        assertEquals(List.of("root-user"), rules(NON_ROOT.check("FROM alpine\nUSER root:root\n")));
        assertEquals(List.of("root-user"), rules(NON_ROOT.check("FROM alpine\nuser 0\n")));
        assertEquals(List.of(), NON_ROOT.check("FROM alpine\nUSER 1000:0\n"));
        assertEquals(List.of(), NON_ROOT.check("FROM alpine\nUSER 10001\n"));
        assertEquals(List.of(), NON_ROOT.check("FROM alpine\nUSER rootless\n"));
    }

    @Test
    void onlyTheFinalStageCounts() {
        assertEquals(List.of("no-user"), rules(NON_ROOT.check("FROM golang AS build\nUSER app\nFROM alpine\nCOPY --from=build /a /a\n")));
        assertEquals(List.of(), NON_ROOT.check("FROM golang AS build\nUSER root\nFROM alpine\nUSER app\n"));
    }

    @Test
    void userIsInheritedFromAParentStage() {
        assertEquals(List.of(), NON_ROOT.check("FROM alpine AS base\nUSER app\nFROM base AS final\nRUN true\n"));
        assertEquals(List.of("root-user"), rules(NON_ROOT.check("FROM alpine AS base\nUSER root\nFROM base\n")));
        assertEquals(List.of("root-user"), rules(NON_ROOT.check("FROM alpine AS base\nUSER app\nFROM base\nUSER 0\n")));
    }

    @Test
    void targetSelectsTheFinalStage() {
        String dockerfile = "FROM alpine AS runtime\nUSER app\nFROM alpine AS debug\nUSER root\n";
        assertEquals(List.of("root-user"), rules(NON_ROOT.check(dockerfile)));
        assertEquals(List.of(), NON_ROOT.check(dockerfile, Map.of(), "runtime"));
        assertEquals(List.of(), NON_ROOT.check(dockerfile, Map.of(), "RUNTIME"));
        assertEquals(List.of("unknown-target"), rules(NON_ROOT.check(dockerfile, Map.of(), "prod")));
    }

    @Test
    void userVariablesAreResolvedFromArgsAndEnvInScope() {
        assertEquals(List.of(), NON_ROOT.check("FROM alpine\nARG APP_USER=app\nUSER ${APP_USER}\n"));
        assertEquals(List.of("root-user"), rules(NON_ROOT.check("FROM alpine\nARG APP_USER=app\nUSER ${APP_USER}\n",
                Map.of("APP_USER", "root"), null)));
        assertEquals(List.of("root-user"), rules(NON_ROOT.check("ARG U=0\nFROM alpine\nARG U\nUSER $U\n")));
        assertEquals(List.of(), NON_ROOT.check("FROM alpine\nENV APP_USER=app HOME=/app\nUSER $APP_USER\n"));
        assertEquals(List.of(), NON_ROOT.check("FROM alpine\nENV APP_USER app\nUSER $APP_USER\n"));
        assertEquals(List.of(), NON_ROOT.check("FROM alpine AS base\nENV APP_USER=app\nFROM base\nUSER $APP_USER\n"));
        // ENV wins over ARG of the same name.
        assertEquals(List.of("root-user"), rules(NON_ROOT.check("FROM alpine\nENV U=root\nARG U=app\nUSER $U\n")));
    }

    @Test
    void unresolvableUserIsAFinding() {
        assertEquals(List.of(new PolicyFinding(3, "unresolved-user", "USER ${APP_USER} cannot be resolved from the ARG and ENV values in scope")),
                NON_ROOT.check("FROM alpine\nARG APP_USER\nUSER ${APP_USER}\n"));
        // A global ARG is not visible in a stage unless the stage declares it again.
        assertEquals(List.of("unresolved-user"), rules(NON_ROOT.check("ARG U=app\nFROM alpine\nUSER $U\n")));
    }

    @Test
    void userInsideAHeredocIsNotAUserInstruction() {
        assertEquals(List.of("root-user"), rules(NON_ROOT.check("FROM alpine\nUSER root\nRUN <<EOF\nUSER app\nEOF\n")));
    }

    // --- modes and decisions ---

    @Test
    void offNeverReadsTheDockerfile() {
        DockerfilePolicy off = DockerfilePolicy.of(Mode.OFF, ECR, true);
        assertFalse(off.readsDockerfile());
        PolicyDecision decision = off.decide(null, Map.of(), null);
        assertEquals(PolicyVerdict.BUILD, decision.verdict());
        assertTrue(decision.build());
        assertEquals(List.of(), decision.findings());
    }

    @Test
    void aPolicyWithoutRulesDoesNotReadTheDockerfileEither() {
        assertFalse(DockerfilePolicy.of(Mode.ENFORCE, "", false).readsDockerfile());
        assertTrue(DockerfilePolicy.of(Mode.WARN, "", true).readsDockerfile());
        assertTrue(DockerfilePolicy.of(Mode.WARN, ECR, false).readsDockerfile());
        assertEquals(PolicyVerdict.BUILD, DockerfilePolicy.of(Mode.ENFORCE, "", false).decide(null).verdict());
    }

    @Test
    void warnBuildsWithWarnings() {
        PolicyDecision decision = DockerfilePolicy.of(Mode.WARN, ECR, true).decide("FROM alpine\n");
        assertEquals(PolicyVerdict.BUILD_WITH_WARNINGS, decision.verdict());
        assertTrue(decision.build());
        assertEquals(List.of("base-image-not-allowed", "no-user"), rules(decision.findings()));
    }

    @Test
    void enforceRefusesOnFindingsAndBuildsWithout() {
        DockerfilePolicy enforce = DockerfilePolicy.of(Mode.ENFORCE, ECR, true);
        PolicyDecision refused = enforce.decide("FROM alpine\n");
        assertEquals(PolicyVerdict.REFUSE, refused.verdict());
        assertFalse(refused.build());
        PolicyDecision clean = enforce.decide("FROM " + ECR + "base:1\nUSER app\n");
        assertEquals(PolicyVerdict.BUILD, clean.verdict());
        assertEquals(List.of(), clean.findings());
    }

    @Test
    void checkReportsFindingsWhateverTheMode() {
        assertEquals(List.of("base-image-not-allowed"), rules(DockerfilePolicy.of(Mode.OFF, ECR, false).check("FROM alpine\n")));
    }

    @Test
    void modeParsing() {
        assertEquals(Mode.OFF, Mode.parse(null));
        assertEquals(Mode.OFF, Mode.parse(" "));
        assertEquals(Mode.WARN, Mode.parse("warn"));
        assertEquals(Mode.ENFORCE, Mode.parse(" Enforce "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mode.parse("strict"));
        assertEquals("Dockerfile policy mode \"strict\" must be one of OFF, WARN, ENFORCE", e.getMessage());
    }

    @Test
    void findingsPrintAsOneLine() {
        assertEquals("Dockerfile:3: root-user: USER 0 makes the final stage run as root; use a non-root user",
                NON_ROOT.check("FROM alpine\n\nUSER 0\n").get(0).toString());
    }
}
