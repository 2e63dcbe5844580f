package dev.kft.gate;

import dev.kft.core.DeployPolicy;
import dev.kft.core.EnvironmentValues;
import dev.kft.core.ScanVerdict;
import java.util.function.Function;

/**
 * What the platform team configured for the gate (template parameters, passed as environment variables).
 *
 * @param imageRepositoryPrefix the gate acts only on ECR repositories named {@code <prefix>/...}
 * @param threshold             findings of this severity or worse make an image dirty
 * @param dirtyAction           what happens to a dirty image
 * @param deployPolicy          which verdicts block an image and whether clean ones are promoted here
 * @param findingsShown         how many of the worst findings a notification lists
 */
public record GateSettings(String imageRepositoryPrefix, Severity threshold, DirtyAction dirtyAction,
                           DeployPolicy deployPolicy, int findingsShown) {

    /** What happens to a dirty image. */
    public enum DirtyAction {
        /** The image keeps only its commit tag: nothing deploys it by a deploy tag. */
        FLAG,
        /** The image is deleted (its findings are recorded first). */
        DELETE
    }

    public static final int DEFAULT_FINDINGS_SHOWN = 10;

    /** Reads settings from environment variables (names in template.yaml); a bad value fails with its name and expected form. */
    public static GateSettings fromEnvironment(Function<String, String> env) {
        return new GateSettings(
                EnvironmentValues.imageRepositoryPrefix(env),
                EnvironmentValues.oneOf(env, "SCAN_SEVERITY_THRESHOLD", Severity.class, Severity.HIGH),
                EnvironmentValues.oneOf(env, "DIRTY_IMAGE_ACTION", DirtyAction.class, DirtyAction.FLAG),
                DeployPolicy.fromEnvironment(env),
                DEFAULT_FINDINGS_SHOWN);
    }

    /** Only the stack's own image repositories are gated; the kaniko cache ({@code <prefix>-kaniko-cache}) never is. */
    public boolean gates(String imageRepository) {
        return imageRepository != null && imageRepository.startsWith(imageRepositoryPrefix + "/");
    }

    /** What the gate does with an image of this verdict: {@link DeployPolicy} decides whether it is blocked. */
    public GateAction actionFor(ScanVerdict verdict) {
        if (deployPolicy.blocks(verdict)) {
            return dirtyAction == DirtyAction.DELETE ? GateAction.DELETE : GateAction.FLAG;
        }
        return deployPolicy.promoteOnCleanScan() ? GateAction.PROMOTE : GateAction.RECORD;
    }
}
