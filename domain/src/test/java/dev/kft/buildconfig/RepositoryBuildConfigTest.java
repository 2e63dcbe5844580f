package dev.kft.buildconfig;

import dev.kft.core.Platform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepositoryBuildConfigTest {

    private static List<ConfigError> errors(String yaml) {
        return assertThrows(BuildConfigException.class, () -> RepositoryBuildConfig.parse(yaml)).errors();
    }

    private static ConfigError onlyError(String yaml) {
        List<ConfigError> errors = errors(yaml);
        assertEquals(1, errors.size(), () -> "expected one error, got " + errors);
        return errors.get(0);
    }

    private static void assertError(int line, int column, String message, ConfigError error) {
        assertEquals(line + ":" + column + ": " + message, error.line() + ":" + error.column() + ": " + error.message());
    }

    @Test
    void fullExampleParses() throws Exception {
        RepositoryBuildConfig config = RepositoryBuildConfig.parse("""
                version: 1
                images:
                  - name: api                      # a comment
                    context: services/api
                    dockerfile: Dockerfile
                    target: runtime
                    buildArgs:
                      GO_VERSION: "1.23"
                      ALPINE: '3.20'
                    platform: linux/arm64
                    paths: ["services/api/**", "libs/common/**"]
                    branches: ["main", "release/*"]
                    tags: ["v*"]
                  - name: web
                """);
        ImageSpec api = config.images().get(0);
        assertEquals("api", api.name());
        assertEquals("services/api", api.context());
        assertEquals("services/api", api.contextSubPath());
        assertEquals("Dockerfile", api.dockerfile());
        assertEquals("services/api/Dockerfile", api.dockerfilePathInRepository());
        assertEquals("runtime", api.target());
        assertEquals(List.of("GO_VERSION", "ALPINE"), List.copyOf(api.buildArgs().keySet()));
        assertEquals(Map.of("GO_VERSION", "1.23", "ALPINE", "3.20"), api.buildArgs());
        assertEquals(Platform.LINUX_ARM64, api.platform());
        assertEquals(List.of("services/api/**", "libs/common/**"), api.paths());
        assertEquals(List.of("main", "release/*"), api.branches());
        assertEquals(List.of("v*"), api.tags());
        assertEquals(config.image("api").orElseThrow(), api);
        assertTrue(config.image("nope").isEmpty());
    }

    @Test
    void defaultsAreFilledIn() throws Exception {
        ImageSpec web = RepositoryBuildConfig.parse("version: 1\nimages:\n  - name: web\n").images().get(0);
        assertEquals("", web.context());
        assertNull(web.contextSubPath());
        assertEquals("Dockerfile", web.dockerfile());
        assertEquals("Dockerfile", web.dockerfilePathInRepository());
        assertNull(web.target());
        assertEquals(Map.of(), web.buildArgs());
        assertEquals(Platform.LINUX_AMD64, web.platform());
        assertEquals(List.of(), web.paths());
        assertEquals(List.of(), web.branches());
        assertEquals(List.of(), web.tags());
    }

    @Test
    void pathsAreNormalized() throws Exception {
        ImageSpec spec = RepositoryBuildConfig.parse("""
                version: 1
                images:
                  - name: a
                    context: ./services//api/
                    dockerfile: ./docker/Dockerfile.prod
                    paths: ["./services/**"]
                """).images().get(0);
        assertEquals("services/api", spec.context());
        assertEquals("docker/Dockerfile.prod", spec.dockerfile());
        assertEquals("services/api/docker/Dockerfile.prod", spec.dockerfilePathInRepository());
        assertEquals(List.of("services/**"), spec.paths());
    }

    @Test
    void dotContextIsTheRoot() throws Exception {
        ImageSpec spec = RepositoryBuildConfig.parse("version: 1\nimages:\n  - name: a\n    context: .\n").images().get(0);
        assertEquals("", spec.context());
        assertNull(spec.contextSubPath());
    }

    @Test
    void badNameIsReportedWithPositionAndPattern() {
        ConfigError error = onlyError("""
                version: 1
                images:
                  - name: api
                  - name: Api
                """);
        assertError(4, 11, "images[1].name \"Api\" must match [a-z0-9][a-z0-9._-]{0,63}", error);
        assertEquals(".kft.yaml:4:11: images[1].name \"Api\" must match [a-z0-9][a-z0-9._-]{0,63}", error.toString());
    }

    @Test
    void nameLengthIsLimitedTo64() throws Exception {
        RepositoryBuildConfig.parse("version: 1\nimages:\n  - name: " + "a".repeat(64) + "\n");
        assertTrue(onlyError("version: 1\nimages:\n  - name: " + "a".repeat(65) + "\n").message().contains("must match"));
        assertTrue(onlyError("version: 1\nimages:\n  - name: -api\n").message().contains("must match"));
    }

    @Test
    void duplicateNamesAreErrors() {
        assertError(4, 11, "images[1].name \"api\" is already used by the image at line 3", onlyError("""
                version: 1
                images:
                  - name: api
                  - name: api
                """));
    }

    @Test
    void missingNameIsAnError() {
        assertError(3, 5, "images[0].name is required", onlyError("version: 1\nimages:\n  - context: x\n"));
    }

    @Test
    void unknownKeysAreErrorsAtTheKey() {
        List<ConfigError> errors = errors("""
                version: 1
                colour: blue
                images:
                  - name: api
                    dockerFile: Dockerfile
                """);
        assertEquals(2, errors.size());
        assertError(2, 1, "colour is not a known key; known keys: version, images", errors.get(0));
        assertTrue(errors.get(1).message().startsWith("images[0].dockerFile is not a known key; known keys: name, context"));
        assertEquals(5, errors.get(1).line());
        assertEquals(5, errors.get(1).column());
    }

    @Test
    void duplicateKeysAreErrors() {
        assertError(4, 5, "images[0].name is given twice (first at line 3)", onlyError("""
                version: 1
                images:
                  - name: a
                    name: b
                """));
        assertError(2, 1, "version is given twice (first at line 1)", onlyError("version: 1\nversion: 1\nimages: [{name: a}]\n"));
    }

    @Test
    void duplicateBuildArgsAreErrors() {
        assertError(6, 7, "images[0].buildArgs.A is given twice (first at line 5)", onlyError("""
                version: 1
                images:
                  - name: a
                    buildArgs:
                      A: "1"
                      A: "2"
                """));
    }

    @Test
    void complexKeysAreRefused() {
        ConfigError error = onlyError("version: 1\nimages:\n  - ? [name]\n    : a\n");
        assertTrue(error.message().startsWith("YAML error: "), error::toString);
    }

    @Test
    void versionMayBeWrittenAsAnyYamlIntegerEqualTo1() throws Exception {
        assertEquals(1, RepositoryBuildConfig.parse("version: +1\nimages: [{name: a}]\n").images().size());
        assertEquals(1, RepositoryBuildConfig.parse("version: 01\nimages: [{name: a}]\n").images().size());
    }

    @Test
    void versionMustBeTheInteger1() {
        assertError(1, 10, "version 2 is not supported; the only version is 1", onlyError("version: 2\nimages: [{name: a}]\n"));
        assertError(1, 10, "version must be the integer 1, got string 1", onlyError("version: \"1\"\nimages: [{name: a}]\n"));
        assertError(1, 10, "version must be the integer 1, got float 1.0", onlyError("version: 1.0\nimages: [{name: a}]\n"));
        assertError(1, 1, "version is required and must be 1", onlyError("images: [{name: a}]\n"));
    }

    @Test
    void imagesMustBeANonEmptyListOfMappings() {
        assertError(1, 1, "images is required: a list of images to build", onlyError("version: 1\n"));
        assertError(2, 9, "images must list at least one image", onlyError("version: 1\nimages: []\n"));
        assertError(2, 9, "images must be a list, got a mapping", onlyError("version: 1\nimages: {name: a}\n"));
        assertError(3, 5, "images[0] must be a mapping with at least \"name\", got string api", onlyError("version: 1\nimages:\n  - api\n"));
    }

    @Test
    void atMostTwentyImages() throws Exception {
        StringBuilder yaml = new StringBuilder("version: 1\nimages:\n");
        for (int i = 0; i < 20; i++) {
            yaml.append("  - name: i").append(i).append('\n');
        }
        assertEquals(20, RepositoryBuildConfig.parse(yaml.toString()).images().size());
        yaml.append("  - name: i20\n");
        assertError(23, 5, "images has 21 entries, at most 20 are allowed", onlyError(yaml.toString()));
    }

    @Test
    void unquotedNumberBuildArgIsRefusedWithAQuotingHint() {
        assertError(6, 19, "images[0].buildArgs.GO_VERSION must be a string, got float 1.23; quote it: \"1.23\"", onlyError("""
                version: 1
                images:
                  - name: api
                    buildArgs:
                      DEBUG: "true"
                      GO_VERSION: 1.23
                """));
    }

    @Test
    void booleanIntegerAndEmptyBuildArgsAreRefusedToo() {
        List<ConfigError> errors = errors("""
                version: 1
                images:
                  - name: api
                    buildArgs:
                      DEBUG: true
                      PORT: 8080
                      EMPTY:
                      LIST: [a]
                """);
        assertEquals(List.of(
                "images[0].buildArgs.DEBUG must be a string, got boolean true; quote it: \"true\"",
                "images[0].buildArgs.PORT must be a string, got integer 8080; quote it: \"8080\"",
                "images[0].buildArgs.EMPTY must be a string, got nothing (null)",
                "images[0].buildArgs.LIST must be a string, got a list"), errors.stream().map(ConfigError::message).toList());
    }

    @Test
    void yaml12KeepsYesAndOffAsStrings() throws Exception {
        ImageSpec spec = RepositoryBuildConfig.parse("""
                version: 1
                images:
                  - name: api
                    buildArgs: {A: yes, B: off, C: ""}
                """).images().get(0);
        assertEquals(Map.of("A", "yes", "B", "off", "C", ""), spec.buildArgs());
    }

    @Test
    void buildArgNamesMustBeIdentifiers() {
        assertError(4, 17, "images[0].buildArgs key \"1X\" must match [A-Za-z_][A-Za-z0-9_]*",
                onlyError("version: 1\nimages:\n  - name: api\n    buildArgs: {1X: \"a\"}\n"));
        assertTrue(onlyError("version: 1\nimages:\n  - name: api\n    buildArgs: {\"A-B\": \"a\"}\n").message().contains("\"A-B\""));
    }

    @Test
    void buildArgsMustBeAMapping() {
        assertError(4, 16, "images[0].buildArgs must be a mapping of NAME: \"value\", got a list",
                onlyError("version: 1\nimages:\n  - name: api\n    buildArgs: [A=1]\n"));
    }

    @Test
    void contextAndDockerfileMustStayInsideTheRepository() {
        List<ConfigError> errors = errors("""
                version: 1
                images:
                  - name: a
                    context: /srv/app
                  - name: b
                    context: services/../../etc
                  - name: c
                    dockerfile: ../Dockerfile
                  - name: d
                    dockerfile: ./
                """);
        assertEquals(List.of(
                "images[0].context \"/srv/app\" must be relative to the repository root, not absolute",
                "images[1].context \"services/../../etc\" must not contain \"..\": it must stay inside the repository",
                "images[2].dockerfile \"../Dockerfile\" must not contain \"..\": it must stay inside the repository",
                "images[3].dockerfile \"./\" must name a file"), errors.stream().map(ConfigError::message).toList());
        assertEquals(4, errors.get(0).line());
        assertEquals(14, errors.get(0).column());
    }

    @Test
    void platformMustBeKnown() {
        assertError(4, 15, "images[0].platform \"linux/386\" must be one of linux/amd64, linux/arm64",
                onlyError("version: 1\nimages:\n  - name: a\n    platform: linux/386\n"));
    }

    @Test
    void targetMustBeAStageName() {
        assertError(4, 13, "images[0].target \"1st\" must be a stage name matching [A-Za-z][A-Za-z0-9_.-]*",
                onlyError("version: 1\nimages:\n  - name: a\n    target: 1st\n"));
        assertTrue(onlyError("version: 1\nimages:\n  - name: a\n    target: 3\n").message().contains("must be a string, got integer 3"));
    }

    @Test
    void globListsMustBeNonEmptyListsOfStrings() {
        List<ConfigError> errors = errors("""
                version: 1
                images:
                  - name: a
                    paths: services/**
                    branches: []
                    tags: [v1, 2]
                """);
        assertEquals(List.of(
                "images[0].paths must be a list of strings, got string services/**; write [\"services/**\"]",
                "images[0].branches must not be empty; leave it out to keep the stack's filter",
                "images[0].tags[1] must be a string, got integer 2; quote it: \"2\""),
                errors.stream().map(ConfigError::message).toList());
        assertEquals(6, errors.get(2).line());
        assertEquals(16, errors.get(2).column());
        assertEquals("images[0].paths must not be empty; leave it out to build on any change",
                onlyError("version: 1\nimages:\n  - name: a\n    paths: []\n").message());
    }

    @Test
    void pathGlobsMustBeRelativeWithoutDotDot() {
        List<ConfigError> errors = errors("""
                version: 1
                images:
                  - name: a
                    paths: ["/abs/**", "x/../y", " "]
                """);
        assertEquals(List.of(
                "images[0].paths[0] \"/abs/**\" must be relative to the repository root, not absolute",
                "images[0].paths[1] \"x/../y\" must not contain \"..\"",
                "images[0].paths[2] must not be blank"), errors.stream().map(ConfigError::message).toList());
    }

    @Test
    void refGlobsMustBeShortNames() {
        assertEquals("images[0].branches[0] \"refs/heads/main\" must be a short name, without the refs/heads/ or refs/tags/ prefix",
                onlyError("version: 1\nimages:\n  - name: a\n    branches: [refs/heads/main]\n").message());
    }

    @Test
    void allErrorsAreCollectedInFileOrder() {
        List<ConfigError> errors = errors("""
                version: 3
                images:
                  - name: Bad
                    platform: windows
                  - name: ok
                    buildArgs: {V: 1.5}
                    extra: 1
                """);
        assertEquals(5, errors.size(), errors::toString);
        assertEquals(List.of(1, 3, 4, 6, 7), errors.stream().map(ConfigError::line).toList());
    }

    @Test
    void yamlSyntaxErrorsCarryTheirPosition() {
        ConfigError error = onlyError("version: 1\nimages:\n  - name: [unclosed\n");
        assertTrue(error.message().startsWith("YAML syntax error: "), error::toString);
        assertTrue(error.line() >= 3, error::toString);
        assertFalse(error.message().contains("\n"));

        ConfigError tab = onlyError("version: 1\nimages:\n\t- name: a\n");
        assertEquals(3, tab.line(), tab::toString);
        assertTrue(tab.message().startsWith("YAML syntax error: "));
    }

    @Test
    void severalDocumentsAreRefused() {
        ConfigError error = onlyError("version: 1\nimages: [{name: a}]\n---\nversion: 1\n");
        assertTrue(error.message().startsWith("YAML syntax error: "), error::toString);
    }

    @Test
    void emptyOrNonMappingFilesAreErrors() {
        assertError(1, 1, "the file is empty; it needs at least \"version: 1\" and \"images\"", onlyError(""));
        assertError(1, 1, "the file is empty; it needs at least \"version: 1\" and \"images\"", onlyError("# only a comment\n"));
        assertError(1, 1, "the file must be a mapping with \"version\" and \"images\", got a list", onlyError("- a\n"));
    }

    @Test
    void oversizedFilesAreRefusedBeforeParsing() {
        byte[] big = ("version: 1\n" + "#".repeat(RepositoryBuildConfig.MAX_FILE_BYTES)).getBytes(StandardCharsets.UTF_8);
        List<ConfigError> errors = assertThrows(BuildConfigException.class, () -> RepositoryBuildConfig.parse(big)).errors();
        assertEquals("the file is " + big.length + " bytes, at most 65536 are allowed", errors.get(0).message());
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bad = {'v', ':', ' ', (byte) 0xC3, (byte) 0x28};
        assertEquals("the file is not valid UTF-8",
                assertThrows(BuildConfigException.class, () -> RepositoryBuildConfig.parse(bad)).errors().get(0).message());
    }

    private static String aliasBomb(int levels, int aliasesPerLevel) {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= levels; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < aliasesPerLevel; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    @Test
    void aliasBombsAreRefused() {
        ConfigError error = onlyError(aliasBomb(11, 10));
        assertEquals("YAML error: Number of aliases for non-scalar nodes exceeds the specified max=10", error.message());
    }

    @Test
    void theAliasLimitIsLowerThanSnakeyamlsDefault() {
        // 12 aliases: under snakeyaml's default of 50, over ours.
        assertTrue(onlyError(aliasBomb(3, 4)).message().contains("max=10"));
    }

    @Test
    void aFewAnchorsAreFine() throws Exception {
        RepositoryBuildConfig config = RepositoryBuildConfig.parse("""
                version: 1
                images:
                  - name: a
                    paths: &shared ["libs/**"]
                  - name: b
                    paths: *shared
                """);
        assertEquals(config.images().get(0).paths(), config.images().get(1).paths());
    }

    @Test
    void recursiveAliasesDoNotLoop() {
        List<ConfigError> errors = errors("version: 1\nimages: &loop [*loop]\n");
        assertFalse(errors.isEmpty());
    }

    @Test
    void deepNestingIsAnErrorNotACrash() {
        String deep = "version: 1\nimages: " + "[".repeat(30_000) + "]".repeat(30_000) + "\n";
        assertFalse(errors(deep).isEmpty());
    }

    @Test
    void exceptionMessageIsOneLineWithEveryError() {
        BuildConfigException e = assertThrows(BuildConfigException.class,
                () -> RepositoryBuildConfig.parse("version: 2\nimages: []\n"));
        assertEquals("2 errors in .kft.yaml: .kft.yaml:1:10: version 2 is not supported; the only version is 1; "
                + ".kft.yaml:2:9: images must list at least one image", e.getMessage());
    }

    @Test
    void modelIsImmutable() throws Exception {
        RepositoryBuildConfig config = RepositoryBuildConfig.parse("version: 1\nimages:\n  - name: a\n    buildArgs: {A: \"1\"}\n");
        assertThrows(UnsupportedOperationException.class, () -> config.images().clear());
        assertThrows(UnsupportedOperationException.class, () -> config.images().get(0).buildArgs().put("B", "2"));
    }
}
