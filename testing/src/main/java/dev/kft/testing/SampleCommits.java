package dev.kft.testing;

import dev.kft.local.GitRepository;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample events' commits made real: the files in {@code events/} name fixed commit ids that no
 * git repository can have, so each id an event names becomes a commit of {@code git} (made the first
 * time an event names it) and the event is rewritten with the real ids. PushFunction reads the commit
 * (GetCommit, GetFile) through the local CodeCommit serving that repository.
 */
public final class SampleCommits {
    /** A Dockerfile the default Dockerfile policy has nothing to say about: repositories without .kft.yaml build it. */
    public static final String DOCKERFILE = "FROM public.ecr.aws/docker/library/alpine:3.20\nUSER 65532\n";
    private static final Pattern COMMIT_ID = Pattern.compile("\\b[0-9a-f]{40}\\b");

    private final GitRepository git;
    private final Map<String, String> realBySample = new LinkedHashMap<>();

    /** Every commit made for a sample id has {@link #DOCKERFILE} at the root, as the sample repository would. */
    public SampleCommits(GitRepository git) {
        this.git = git;
    }

    public GitRepository git() {
        return git;
    }

    /**
     * The event with every commit id replaced by its commit in the repository. Ids not seen before become
     * new commits in reverse order of appearance, so an event's {@code oldCommitId} (written after its
     * {@code commitId}) is the older commit, the parent of the new one.
     */
    public String adapt(String event) {
        Matcher ids = COMMIT_ID.matcher(event);
        LinkedHashSet<String> named = new LinkedHashSet<>();
        while (ids.find()) {
            named.add(ids.group());
        }
        List<String> unseen = new ArrayList<>(named.stream().filter(id -> !realBySample.containsKey(id)).toList());
        Collections.reverse(unseen);
        for (String sample : unseen) {
            realBySample.put(sample, git.commit("Sample commit " + sample.substring(0, 12),
                    Map.of("Dockerfile", DOCKERFILE, "src/" + sample.substring(0, 12) + ".txt", sample + "\n")));
        }
        return COMMIT_ID.matcher(event).replaceAll(match -> realBySample.getOrDefault(match.group(), match.group()));
    }

    /** The event file of {@code events/}, adapted. */
    public String event(String fileName) {
        return adapt(SampleEvents.text(fileName));
    }

    /** The real commit standing for a sample id, made now if no event named it yet. */
    public String commitFor(String sampleId) {
        adapt(sampleId);
        return realBySample.get(sampleId);
    }
}
