package dev.kft.result;

import dev.kft.core.BuildId;
import java.util.List;
import java.util.Optional;

/** The ledger's read side: a build by id, and the latest builds of a repository or of one branch or tag. */
public interface BuildHistory {

    Optional<BuildRecord> find(BuildId buildId);

    /** Newest first (by the time the push was recorded), at most {@code limit}. */
    List<BuildRecord> latestOfRepository(String repository, int limit);

    /** Newest first, at most {@code limit}; {@code refFullName} like {@code refs/heads/main}. */
    List<BuildRecord> latestOfRef(String repository, String refFullName, int limit);
}
