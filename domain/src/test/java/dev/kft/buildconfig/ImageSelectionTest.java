package dev.kft.buildconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.buildconfig.ImageSelection.Choice;
import dev.kft.buildconfig.ImageSelection.Push;
import dev.kft.core.RefType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageSelectionTest {
    private static final ImageSpec API = image("api", List.of("services/api/**", "libs/common/**"), List.of(), List.of());
    private static final ImageSpec ANY = image("any", List.of(), List.of(), List.of());

    private static ImageSpec image(String name, List<String> paths, List<String> branches, List<String> tags) {
        return new ImageSpec(name, "", null, null, null, null, paths, branches, tags);
    }

    private static Push branchPush(String branch, String... changed) {
        return new Push(RefType.BRANCH, branch, List.of(changed));
    }

    @Test
    void buildsWhenAChangedFileMatchesAPathGlob() {
        Choice choice = ImageSelection.decide(API, branchPush("main", "README.md", "libs/common/util.go"));
        assertTrue(choice.build());
        assertEquals("libs/common/util.go matches paths [services/api/**, libs/common/**]", choice.reason());
        assertEquals(API, choice.image());
    }

    @Test
    void skipsWithAReasonWhenNoChangedFileMatches() {
        Choice choice = ImageSelection.decide(API, branchPush("main", "README.md", "web/a.ts", "docs/x.md"));
        assertFalse(choice.build());
        assertEquals("no changed file matches paths [services/api/**, libs/common/**] (3 files changed)", choice.reason());
        assertEquals("no changed file matches paths [services/api/**, libs/common/**] (1 file changed)",
                ImageSelection.decide(API, branchPush("main", "README.md")).reason());
    }

    @Test
    void unknownChangesBuildEverything() {
        Choice choice = ImageSelection.decide(API, new Push(RefType.BRANCH, "feature/x", null));
        assertTrue(choice.build());
        assertEquals("no previous commit to compare with: building every image", choice.reason());
    }

    @Test
    void aChangedConfigFileBuildsEveryImage() {
        Choice choice = ImageSelection.decide(API, branchPush("main", ".kft.yaml"));
        assertTrue(choice.build());
        assertEquals(".kft.yaml changed: building every image", choice.reason());
        // Only the root file counts.
        assertFalse(ImageSelection.decide(API, branchPush("main", "web/.kft.yaml")).build());
    }

    @Test
    void imagesWithoutPathsBuildOnEveryPushEvenWithNoChangedFile() {
        Choice choice = ImageSelection.decide(ANY, branchPush("main"));
        assertTrue(choice.build());
        assertEquals("no paths filter: every push builds", choice.reason());
        assertFalse(ImageSelection.decide(API, branchPush("main")).build());
    }

    @Test
    void branchesNarrowBranchPushes() {
        ImageSpec image = image("api", List.of(), List.of("main", "release/*"), List.of());
        assertTrue(ImageSelection.decide(image, branchPush("release/1.2", "x")).build());
        Choice skipped = ImageSelection.decide(image, branchPush("feature/x", "x"));
        assertFalse(skipped.build());
        assertEquals("branch feature/x does not match branches [main, release/*]", skipped.reason());
    }

    @Test
    void branchNarrowingWinsOverAConfigChangeOrUnknownChanges() {
        ImageSpec image = image("api", List.of("services/**"), List.of("main"), List.of());
        assertFalse(ImageSelection.decide(image, branchPush("dev", ".kft.yaml")).build());
        assertFalse(ImageSelection.decide(image, new Push(RefType.BRANCH, "dev", null)).build());
    }

    @Test
    void tagsNarrowTagPushes() {
        ImageSpec image = image("api", List.of(), List.of(), List.of("v*"));
        assertTrue(ImageSelection.decide(image, new Push(RefType.TAG, "v1.0", null)).build());
        Choice skipped = ImageSelection.decide(image, new Push(RefType.TAG, "nightly", null));
        assertFalse(skipped.build());
        assertEquals("tag nightly does not match tags [v*]", skipped.reason());
    }

    @Test
    void branchesDoNotNarrowTagPushesAndTagsDoNotNarrowBranchPushes() {
        ImageSpec branchesOnly = image("a", List.of(), List.of("main"), List.of());
        assertTrue(ImageSelection.decide(branchesOnly, new Push(RefType.TAG, "v1", null)).build());
        ImageSpec tagsOnly = image("b", List.of(), List.of(), List.of("v*"));
        assertTrue(ImageSelection.decide(tagsOnly, branchPush("feature/x", "a")).build());
    }

    @Test
    void selectDecidesEveryImageInFileOrder() {
        RepositoryBuildConfig config = new RepositoryBuildConfig(List.of(API, ANY));
        List<Choice> choices = ImageSelection.select(config, branchPush("main", "web/x.ts"));
        assertEquals(List.of("api", "any"), choices.stream().map(c -> c.image().name()).toList());
        assertEquals(List.of(false, true), choices.stream().map(Choice::build).toList());
    }

    @Test
    void pushKeepsItsOwnCopyOfTheChangedPaths() {
        List<String> changed = new ArrayList<>(List.of("web/x.ts"));
        Push push = new Push(RefType.BRANCH, "main", changed);
        changed.add("services/api/x.go");
        assertFalse(ImageSelection.decide(API, push).build());
    }
}
