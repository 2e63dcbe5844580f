package dev.kft.push;

import java.util.ArrayList;
import java.util.List;

/**
 * The tags an image gets: the immutable commit tag, and the deploy tags (branch, {@code latest},
 * git tag) that move or are added later.
 */
public record ImageTags(String commitTag, List<String> deployTags) {
    public ImageTags {
        deployTags = List.copyOf(deployTags);
    }

    public List<String> all() {
        List<String> all = new ArrayList<>();
        all.add(commitTag);
        all.addAll(deployTags);
        return all;
    }
}
