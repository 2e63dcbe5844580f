package dev.kft.push;

/** The ECR repositories images are pushed to. */
public interface ImageRepositories {
    /** Makes sure the repository exists with the stack's settings (scan on push, immutable commit tags, encryption, lifecycle). */
    void ensureExists(String repositoryName);
}
