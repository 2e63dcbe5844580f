package dev.kft.buildconfig;

import java.util.Locale;

/** Recognizes the CI convention {@code [skip ci]} / {@code [ci skip]} in a commit message. */
public final class SkipMarker {
    private SkipMarker() {
    }

    /**
     * True when the message contains {@code [skip ci]} or {@code [ci skip]} in any letter case, anywhere in
     * the message (the marker often sits in the body, under a conventional subject line). Null is not skipped.
     */
    public static boolean isSkipped(String commitMessage) {
        if (commitMessage == null) {
            return false;
        }
        String message = commitMessage.toLowerCase(Locale.ROOT);
        return message.contains("[skip ci]") || message.contains("[ci skip]");
    }
}
