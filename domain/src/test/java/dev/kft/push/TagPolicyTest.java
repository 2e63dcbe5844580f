package dev.kft.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.RefType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagPolicyTest {
    private static final String COMMIT = "A1C3E5F7092B4D6F8A0C2E4B6D8F0A1C3E5B7D9F";
    private final BuildSettings settings = TestSettings.with("DEFAULT_BRANCH", "trunk");

    private ImageTags tags(RefType type, String name) {
        return TagPolicy.tagsFor(new RefChange("e", Instant.EPOCH, "us-east-1", "r", RefChange.Kind.UPDATED, type, name,
                type.prefix() + name, COMMIT, null), settings);
    }

    @Test
    void commitTagIsTheFirstTwelveCharactersLowercased() {
        assertEquals("a1c3e5f7092b", tags(RefType.BRANCH, "x").commitTag());
    }

    @Test
    void defaultBranchIsAlsoLatest() {
        assertEquals(List.of("branch-trunk", "latest"), tags(RefType.BRANCH, "trunk").deployTags());
        assertEquals(List.of("branch-feature-login"), tags(RefType.BRANCH, "feature/login").deployTags());
    }

    @Test
    void gitTagsKeepTheirNameButNeverTakeAMovingTagsName() {
        assertEquals(List.of("v1.4.0"), tags(RefType.TAG, "v1.4.0").deployTags());
        assertEquals(List.of("release-2026.11"), tags(RefType.TAG, "release/2026.11").deployTags());
        assertEquals(List.of(), tags(RefType.TAG, "latest").deployTags());
        assertEquals(List.of(), tags(RefType.TAG, "branch-main").deployTags());
    }

    @Test
    void namesAreSanitizedIntoDockersGrammar() {
        assertEquals("build-arg-X", TagPolicy.sanitize("--build-arg=X"));
        assertEquals("a-b", TagPolicy.sanitize("a  $(rm -rf)  b".replace("$(rm -rf)", "")));
        assertEquals("x.y_z", TagPolicy.sanitize("..x.y_z.."));
        assertEquals("", TagPolicy.sanitize("///"));
    }

    @Test
    void aBranchWhoseNameCannotBecomeATagStillGetsItsCommitTag() {
        ImageTags tags = tags(RefType.BRANCH, "@{}/~^");
        assertEquals(List.of("a1c3e5f7092b"), tags.all());
    }

    @Test
    void longNamesAreCutToOneHundredTwentyEightCharacters() {
        ImageTags tags = tags(RefType.BRANCH, "x".repeat(300));
        String branchTag = tags.deployTags().get(0);
        assertEquals(128, branchTag.length());
        assertTrue(TagPolicy.isValidTag(branchTag));
    }

    @Test
    void everyProducedTagIsValid() {
        for (String name : List.of("--build-arg=X", "feature/a b", "ñandú", "-leading", ".dot", "x".repeat(500), "UPPER_case-1.2")) {
            for (RefType type : RefType.values()) {
                tags(type, name).all().forEach(tag -> assertTrue(TagPolicy.isValidTag(tag), name + " -> " + tag));
            }
        }
        assertFalse(TagPolicy.isValidTag("-x"));
        assertFalse(TagPolicy.isValidTag("x".repeat(129)));
    }
}
