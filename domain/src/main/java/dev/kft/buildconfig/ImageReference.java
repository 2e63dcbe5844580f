package dev.kft.buildconfig;

/** Normalizes image references the way Docker reads them, so that registry prefixes can be compared. */
public final class ImageReference {
    private static final String DOCKER_HUB = "docker.io";

    private ImageReference() {
    }

    /**
     * The fully qualified form: {@code alpine:3} is {@code docker.io/library/alpine:3}, {@code user/app} is
     * {@code docker.io/user/app}, {@code index.docker.io/x} is {@code docker.io/library/x}. The first path component
     * is a registry when it contains {@code .} or {@code :} or is {@code localhost}. Tag and digest are kept.
     */
    public static String normalize(String reference) {
        String name = reference;
        String suffix = "";
        int at = name.indexOf('@');
        if (at >= 0) {
            suffix = name.substring(at);
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            // A colon after the last slash is a tag; one before it is a registry port (localhost:5000/app).
            suffix = name.substring(colon) + suffix;
            name = name.substring(0, colon);
        }
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
        String registry = hasRegistry ? first : DOCKER_HUB;
        String path = hasRegistry ? name.substring(slash + 1) : name;
        if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        return registry + "/" + path + suffix;
    }

    /**
     * True when the normalized reference lies under the prefix. A prefix that does not end with {@code /} must
     * end at a component boundary, so {@code public.ecr.aws} does not admit {@code public.ecr.aws.evil.example/x}
     * and {@code .../team/app} does not admit {@code .../team/application}.
     */
    public static boolean isUnder(String normalizedReference, String prefix) {
        if (prefix.isEmpty() || !normalizedReference.startsWith(prefix)) {
            return false;
        }
        if (prefix.endsWith("/") || normalizedReference.length() == prefix.length()) {
            return true;
        }
        return "/:@".indexOf(normalizedReference.charAt(prefix.length())) >= 0;
    }
}
