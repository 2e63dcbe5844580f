package dev.kft.push;

import dev.kft.core.RefType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What developers are told when their push builds nothing because its {@code .kft.yaml} is wrong or the
 * Dockerfile policy refused it: the commit comment and the "Image Build Failed" event. Pure text.
 */
public final class PushFailureReport {
    /** The result events' detail type, shared with TaskStateFunction's failed builds. */
    public static final String DETAIL_TYPE = "Image Build Failed";
    private static final int MAX_COMMENT_CHARACTERS = 10_240;
    private static final int MAX_REASON_CHARACTERS = 1_024;

    /** Why nothing was built. */
    public enum Kind {
        FAILED_CONFIG(".kft.yaml is not valid", "Nothing was built. Fix the file and push again."),
        FAILED_POLICY("the Dockerfile breaks the platform's Dockerfile policy", "Nothing was built for this image.");

        private final String headline;
        private final String consequence;

        Kind(String headline, String consequence) {
            this.headline = headline;
            this.consequence = consequence;
        }
    }

    private PushFailureReport() {}

    /** The comment on the commit: what is wrong, where (line and column, or Dockerfile line), and what happened. */
    public static String comment(Kind kind, BuildPlan plan, List<String> problems) {
        StringBuilder text = new StringBuilder();
        text.append("**Build not started**: ").append(kind.headline);
        if (plan.imageName() != null) {
            text.append(" (image `").append(plan.imageName()).append("`)");
        }
        text.append(" at `").append(plan.tags().commitTag()).append("` on ").append(plan.change().refFullName()).append(".\n\n");
        for (String problem : problems) {
            String line = "- " + problem.replace('`', '\'') + "\n";
            if (text.length() + line.length() > MAX_COMMENT_CHARACTERS - 200) {
                text.append("- ... and more\n");
                break;
            }
            text.append(line);
        }
        text.append("\n").append(kind.consequence).append(" Build id: ").append(plan.buildId().value()).append('.');
        return text.toString();
    }

    /** The "Image Build Failed" detail: the same fields as a failed build's, with the problems listed. */
    public static Map<String, Object> eventDetail(Kind kind, BuildPlan plan, List<String> problems) {
        RefChange change = plan.change();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("buildId", plan.buildId().value());
        detail.put("status", kind.name());
        detail.put("repository", change.repository());
        detail.put("ref", change.refFullName());
        detail.put(change.refType() == RefType.TAG ? "tag" : "branch", change.refName());
        detail.put("commitId", change.commitId());
        if (plan.imageName() != null) {
            detail.put("image", plan.imageName());
            detail.put("imageRepository", plan.imageRepository());
            detail.put("platform", plan.platform().text());
        }
        String reason = kind.headline + ": " + String.join("; ", problems);
        detail.put("reason", reason.length() <= MAX_REASON_CHARACTERS ? reason : reason.substring(0, MAX_REASON_CHARACTERS - 3) + "...");
        detail.put(kind == Kind.FAILED_CONFIG ? "configErrors" : "policyFindings", List.copyOf(problems));
        return detail;
    }
}
