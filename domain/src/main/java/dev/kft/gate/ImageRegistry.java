package dev.kft.gate;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The image repositories the gate acts on. */
public interface ImageRegistry {

    /** What adding one tag came to. */
    enum TagOutcome {
        ADDED,
        /** The tag already named this image. */
        ALREADY_IN_PLACE,
        /** An immutable tag of that name is held by another image: it cannot move. */
        HELD_BY_ANOTHER_IMAGE
    }

    /** The image's tags now; empty when the image no longer exists. */
    Optional<Set<String>> tagsOf(String repository, String digest);

    /** Adds tags to the image by re-putting its exact manifest. */
    Map<String, TagOutcome> addTags(String repository, String digest, Collection<String> tags);

    /** Removes those of {@code tags} that still name this image; returns the ones removed. */
    List<String> removeTags(String repository, String digest, Collection<String> tags);

    /** Deletes the image and all its tags; false when it was already gone. */
    boolean delete(String repository, String digest);
}
