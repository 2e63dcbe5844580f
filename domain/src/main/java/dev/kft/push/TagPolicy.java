package dev.kft.push;

import dev.kft.core.DeployPolicy;
import dev.kft.core.RefType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which tags an image of a push gets. Tag names follow Docker's grammar
 * {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}; names from the push are sanitized into it and never
 * reach kaniko as anything but the value of a {@code --destination}.
 *
 * <p>Branch tags carry the {@value #BRANCH_TAG_PREFIX} prefix so the ECR repository can keep every
 * tag immutable except the moving ones ({@code latest}, {@code branch-*}): a filter cannot tell
 * a branch called {@code v1.2} from a release tag, a prefix can.
 */
public final class TagPolicy {
    public static final String BRANCH_TAG_PREFIX = "branch-";
    public static final String LATEST = "latest";
    public static final int COMMIT_TAG_LENGTH = 12;
    private static final int MAX_TAG_LENGTH = 128;
    private static final Pattern VALID_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern INVALID_RUN = Pattern.compile("[^A-Za-z0-9_.-]+");

    private TagPolicy() {}

    public static ImageTags tagsFor(RefChange change, BuildSettings settings) {
        String commitTag = commitTag(change.commitId());
        List<String> deploy = new ArrayList<>();
        if (change.refType() == RefType.BRANCH) {
            String slug = sanitize(change.refName());
            if (!slug.isEmpty()) {
                deploy.add(truncate(BRANCH_TAG_PREFIX + slug));
            }
            if (change.refName().equals(settings.defaultBranch())) {
                deploy.add(LATEST);
            }
        } else if (change.refType() == RefType.TAG) {
            String tag = truncate(sanitize(change.refName()));
            if (!tag.isEmpty() && !isReserved(tag)) {
                deploy.add(tag);
            }
        }
        return new ImageTags(commitTag, deploy);
    }

    /** The first 12 characters of the commit id: short enough to read, long enough never to collide in practice. */
    public static String commitTag(String commitId) {
        return commitId.substring(0, Math.min(COMMIT_TAG_LENGTH, commitId.length())).toLowerCase(Locale.ROOT);
    }

    public static boolean isValidTag(String tag) {
        return tag != null && VALID_TAG.matcher(tag).matches();
    }

    /** Moving tags (latest, branch-*) are the pipeline's; a git tag must not take their names. */
    static boolean isReserved(String tag) {
        return DeployPolicy.isMovingTag(tag);
    }

    /**
     * Replaces each run of characters outside the tag alphabet with one '-', then strips leading
     * and trailing '-' and '.'. {@code feature/login} becomes {@code feature-login}; a name made only
     * of such characters becomes empty (no tag).
     */
    static String sanitize(String name) {
        if (name == null) {
            return "";
        }
        String replaced = INVALID_RUN.matcher(name).replaceAll("-");
        int start = 0;
        int end = replaced.length();
        while (start < end && (replaced.charAt(start) == '-' || replaced.charAt(start) == '.')) {
            start++;
        }
        while (end > start && (replaced.charAt(end - 1) == '-' || replaced.charAt(end - 1) == '.')) {
            end--;
        }
        return replaced.substring(start, end);
    }

    private static String truncate(String tag) {
        if (tag.length() <= MAX_TAG_LENGTH) {
            return tag;
        }
        String cut = tag.substring(0, MAX_TAG_LENGTH);
        while (cut.endsWith("-") || cut.endsWith(".")) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut;
    }
}
