package dev.kft.result;

import java.util.Optional;

/** Finds a pushed image in the registry. */
public interface ImageDigests {
    /** The digest of the image tagged {@code tag} in {@code imageRepository}; empty when there is none (or no such repository). */
    Optional<String> digestOf(String imageRepository, String tag);
}
