package dev.kft.buildconfig;

import dev.kft.buildconfig.DockerfileInstructions.Instruction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The platform team's rules for Dockerfiles: allowed base image prefixes and a non-root final user,
 * checked before a build is launched.
 *
 * @param mode                      OFF never reads the Dockerfile; WARN builds and reports; ENFORCE refuses on findings
 * @param allowedBaseImagePrefixes  normalized registry/repository prefixes (see {@link ImageReference}), e.g.
 *                                  {@code public.ecr.aws/} admits {@code public.ecr.aws/docker/library/alpine:3};
 *                                  empty means any base image
 * @param requireNonRootUser        the final stage must set a USER that is not {@code root} or {@code 0}
 */
public record DockerfilePolicy(Mode mode, List<String> allowedBaseImagePrefixes, boolean requireNonRootUser) {

    /** How findings affect the build. */
    public enum Mode {
        OFF, WARN, ENFORCE;

        /** Parses the setting case-insensitively; blank or null is OFF. */
        public static Mode parse(String text) {
            if (text == null || text.isBlank()) {
                return OFF;
            }
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Dockerfile policy mode \"" + text + "\" must be one of OFF, WARN, ENFORCE", e);
            }
        }
    }

    /** What to do with a build. */
    public enum PolicyVerdict { BUILD, BUILD_WITH_WARNINGS, REFUSE }

    /** The verdict and the findings behind it. */
    public record PolicyDecision(PolicyVerdict verdict, List<PolicyFinding> findings) {
        public PolicyDecision {
            findings = List.copyOf(findings);
        }

        public boolean build() {
            return verdict != PolicyVerdict.REFUSE;
        }
    }

    private static final String SCRATCH = "scratch";

    public DockerfilePolicy {
        mode = mode == null ? Mode.OFF : mode;
        allowedBaseImagePrefixes = allowedBaseImagePrefixes == null ? List.of() : List.copyOf(allowedBaseImagePrefixes);
    }

    /** A policy from its settings as text: the prefixes are comma-separated, blanks ignored. */
    public static DockerfilePolicy of(Mode mode, String commaSeparatedPrefixes, boolean requireNonRootUser) {
        List<String> prefixes = commaSeparatedPrefixes == null ? List.of()
                : Arrays.stream(commaSeparatedPrefixes.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new DockerfilePolicy(mode, prefixes, requireNonRootUser);
    }

    /** Whether the caller needs to fetch the Dockerfile at all: not when OFF, nor when no rule is set. */
    public boolean readsDockerfile() {
        return mode != Mode.OFF && (!allowedBaseImagePrefixes.isEmpty() || requireNonRootUser);
    }

    /** Decides with no build arguments and the last stage as the final one. */
    public PolicyDecision decide(String dockerfileText) {
        return decide(dockerfileText, Map.of(), null);
    }

    /** Decides for a build; under OFF (or with no rule set) the text is not looked at and may be null. */
    public PolicyDecision decide(String dockerfileText, Map<String, String> buildArgs, String target) {
        if (!readsDockerfile()) {
            return new PolicyDecision(PolicyVerdict.BUILD, List.of());
        }
        List<PolicyFinding> findings = check(dockerfileText, buildArgs, target);
        if (findings.isEmpty()) {
            return new PolicyDecision(PolicyVerdict.BUILD, findings);
        }
        return new PolicyDecision(mode == Mode.ENFORCE ? PolicyVerdict.REFUSE : PolicyVerdict.BUILD_WITH_WARNINGS, findings);
    }

    /** The findings for a Dockerfile built with no build arguments, its last stage being the final one. */
    public List<PolicyFinding> check(String dockerfileText) {
        return check(dockerfileText, Map.of(), null);
    }

    /**
     * The findings, whatever the mode. Build arguments override ARG defaults, as they would in the build, so that
     * {@code ARG BASE=allowed/image} cannot be turned into another base image unseen; {@code target} (nullable)
     * is the stage whose USER counts.
     */
    public List<PolicyFinding> check(String dockerfileText, Map<String, String> buildArgs, String target) {
        return new Checker(buildArgs == null ? Map.of() : buildArgs).run(DockerfileInstructions.parse(dockerfileText), target);
    }

    /** A stage's USER: its line, the text as written and the resolved user, or null when unresolved. */
    private record UserSetting(int line, String written, String resolved) {
    }

    /** One build stage as far as the rules care. */
    private static final class Stage {
        final int line;
        final String image;
        final String name;
        final Stage parent;
        final Map<String, String> env;
        final Map<String, String> args = new HashMap<>();
        UserSetting user;

        Stage(int line, String image, String name, Stage parent) {
            this.line = line;
            this.image = image;
            this.name = name;
            this.parent = parent;
            // A stage built FROM another stage inherits its environment (and its USER, see effectiveUser).
            this.env = parent == null ? new HashMap<>() : new HashMap<>(parent.env);
        }

        /** Variables visible to USER: ENV wins over ARG of the same name, as in Docker. */
        Map<String, String> variables() {
            Map<String, String> variables = new HashMap<>(args);
            variables.putAll(env);
            return variables;
        }

        UserSetting effectiveUser() {
            if (user != null) {
                return user;
            }
            return parent == null ? null : parent.effectiveUser();
        }
    }

    /** One pass over the instructions, collecting findings. */
    private final class Checker {
        private final Map<String, String> buildArgs;
        private final Map<String, String> globalArgs = new HashMap<>();
        private final List<Stage> stages = new ArrayList<>();
        private final List<PolicyFinding> findings = new ArrayList<>();

        Checker(Map<String, String> buildArgs) {
            this.buildArgs = buildArgs;
        }

        List<PolicyFinding> run(List<Instruction> instructions, String target) {
            for (Instruction instruction : instructions) {
                Stage stage = stages.isEmpty() ? null : stages.get(stages.size() - 1);
                switch (instruction.keyword()) {
                    case "ARG" -> arg(instruction, stage);
                    case "FROM" -> from(instruction);
                    case "ENV" -> {
                        if (stage != null) {
                            env(instruction, stage);
                        }
                    }
                    case "USER" -> {
                        if (stage != null) {
                            user(instruction, stage);
                        }
                    }
                    default -> {
                        // Other instructions do not affect the rules.
                    }
                }
            }
            if (stages.isEmpty()) {
                findings.add(new PolicyFinding(1, PolicyFinding.UNRESOLVED_BASE_IMAGE, "the Dockerfile has no FROM instruction"));
            } else if (requireNonRootUser) {
                checkFinalUser(target);
            }
            return findings;
        }

        /** ARG before the first FROM declares a global (usable in FROM); inside a stage it declares a stage variable. */
        private void arg(Instruction instruction, Stage stage) {
            Map<String, String> scope = stage == null ? globalArgs : stage.variables();
            for (String word : Substitution.words(instruction.arguments())) {
                int equals = word.indexOf('=');
                String name = equals < 0 ? word : word.substring(0, equals);
                String value;
                if (buildArgs.containsKey(name)) {
                    value = buildArgs.get(name);
                } else if (equals >= 0) {
                    value = Substitution.expandValue(word.substring(equals + 1), scope).text();
                } else {
                    // "ARG NAME" inside a stage brings the global's value into the stage; null when there is none.
                    value = stage == null ? null : globalArgs.get(name);
                }
                (stage == null ? globalArgs : stage.args).put(name, value);
            }
        }

        private void env(Instruction instruction, Stage stage) {
            List<String> words = Substitution.words(instruction.arguments());
            if (!words.isEmpty() && !words.get(0).contains("=")) {
                // Legacy form "ENV NAME value with spaces".
                String rest = instruction.arguments().strip().substring(words.get(0).length()).strip();
                stage.env.put(words.get(0), Substitution.expandValue(rest, stage.variables()).text());
                return;
            }
            for (String word : words) {
                int equals = word.indexOf('=');
                if (equals > 0) {
                    stage.env.put(word.substring(0, equals), Substitution.expandValue(word.substring(equals + 1), stage.variables()).text());
                }
            }
        }

        private void from(Instruction instruction) {
            List<String> words = Substitution.words(instruction.arguments()).stream()
                    .filter(word -> !word.startsWith("--"))  // --platform=... and other flags
                    .toList();
            String written = words.isEmpty() ? "" : words.get(0);
            String name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2).toLowerCase(Locale.ROOT) : null;
            Substitution.Result image = Substitution.expand(written, globalArgs);
            if (written.isEmpty()) {
                findings.add(new PolicyFinding(instruction.line(), PolicyFinding.UNRESOLVED_BASE_IMAGE, "FROM names no image"));
                stages.add(new Stage(instruction.line(), null, name, null));
                return;
            }
            if (!image.resolved() || image.text().isEmpty()) {
                if (!allowedBaseImagePrefixes.isEmpty()) {
                    findings.add(new PolicyFinding(instruction.line(), PolicyFinding.UNRESOLVED_BASE_IMAGE, "FROM " + written
                            + " cannot be resolved: $" + image.unresolved() + " is not an ARG with a default before the first FROM"
                            + " nor a build argument"));
                }
                stages.add(new Stage(instruction.line(), null, name, null));
                return;
            }
            Stage parent = stageNamed(image.text());
            stages.add(new Stage(instruction.line(), image.text(), name, parent));
            if (parent == null && !image.text().equalsIgnoreCase(SCRATCH)) {
                checkBaseImage(instruction.line(), written, image.text());
            }
        }

        private Stage stageNamed(String reference) {
            // Stage names are case-insensitive; a later stage can only build on an earlier one.
            String lower = reference.toLowerCase(Locale.ROOT);
            return stages.stream().filter(stage -> lower.equals(stage.name)).reduce((first, second) -> second).orElse(null);
        }

        private void checkBaseImage(int line, String written, String image) {
            if (allowedBaseImagePrefixes.isEmpty()) {
                return;
            }
            String normalized = ImageReference.normalize(image);
            if (allowedBaseImagePrefixes.stream().noneMatch(prefix -> ImageReference.isUnder(normalized, prefix))) {
                findings.add(new PolicyFinding(line, PolicyFinding.BASE_IMAGE_NOT_ALLOWED, "FROM " + written + " is " + normalized
                        + ", which is not under an allowed prefix (" + String.join(", ", allowedBaseImagePrefixes) + ")"));
            }
        }

        private void user(Instruction instruction, Stage stage) {
            List<String> words = Substitution.words(instruction.arguments());
            String written = words.isEmpty() ? "" : words.get(0);
            Substitution.Result user = Substitution.expand(written, stage.variables());
            stage.user = new UserSetting(instruction.line(), written, user.resolved() ? Substitution.unquote(user.text()) : null);
        }

        private void checkFinalUser(String target) {
            Stage last = stages.get(stages.size() - 1);
            Stage finalStage = last;
            if (target != null) {
                finalStage = stageNamed(target);
                if (finalStage == null) {
                    findings.add(new PolicyFinding(last.line, PolicyFinding.UNKNOWN_TARGET,
                            "target \"" + target + "\" is not the name of a stage (FROM ... AS " + target + ")"));
                    return;
                }
            }
            UserSetting user = finalStage.effectiveUser();
            if (user == null) {
                findings.add(new PolicyFinding(finalStage.line, PolicyFinding.NO_USER, "the final stage (line " + finalStage.line
                        + ") sets no USER, so the image runs as its base image's user, often root; add USER with a non-root user"));
            } else if (user.resolved() == null) {
                findings.add(new PolicyFinding(user.line(), PolicyFinding.UNRESOLVED_USER, "USER " + user.written()
                        + " cannot be resolved from the ARG and ENV values in scope"));
            } else {
                String userPart = user.resolved().split(":", 2)[0];
                if (userPart.equals("root") || userPart.equals("0") || userPart.isEmpty()) {
                    findings.add(new PolicyFinding(user.line(), PolicyFinding.ROOT_USER, "USER " + user.written()
                            + " makes the final stage run as root; use a non-root user"));
                }
            }
        }
    }
}
