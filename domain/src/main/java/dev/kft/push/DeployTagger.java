package dev.kft.push;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Puts deploy tags on an image that is already in its repository (the image is not rebuilt). */
public interface DeployTagger {
    /**
     * Tag → what happened to it (ADDED, ALREADY_IN_PLACE, HELD_BY_ANOTHER_IMAGE); empty when the repository
     * no longer holds the image (deleted by the gate, by a lifecycle rule or by hand).
     */
    Optional<Map<String, String>> tag(String repository, String digest, Collection<String> tags);
}
