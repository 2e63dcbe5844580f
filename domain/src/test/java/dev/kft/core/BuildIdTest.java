package dev.kft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildIdTest {
    private static final String COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";

    @Test
    void sameRepositoryAndCommitAlwaysNameTheSameBuild() {
        assertEquals(BuildId.of("payments-api", COMMIT), BuildId.of("payments-api", COMMIT));
        assertNotEquals(BuildId.of("payments-api", COMMIT), BuildId.of("billing", COMMIT));
    }

    @Test
    void startedByRoundTripsAndForeignValuesAreNotOurs() {
        BuildId id = BuildId.of("payments-api", COMMIT);
        assertEquals(Optional.of(new BuildId.Attempt(id, 2)), BuildId.fromStartedBy(id.startedBy(2)));
        assertTrue(id.startedBy(1).matches("[A-Za-z0-9/_-]{1,128}"));
        assertEquals(Optional.empty(), BuildId.fromStartedBy("ecs-svc/9223370556150183303"));
        assertEquals(Optional.empty(), BuildId.fromStartedBy(null));
        assertEquals(Optional.empty(), BuildId.fromStartedBy("kft/nothex/1"));
    }

    @Test
    void clientTokenIsPrintableAsciiOfAtMostSixtyFourCharacters() {
        String token = BuildId.of("payments-api", COMMIT).clientToken(9999, "ondemand");
        assertTrue(token.length() <= 64, token);
        assertTrue(token.chars().allMatch(c -> c >= 33 && c <= 126));
        assertNotEquals(BuildId.of("r", COMMIT).clientToken(1, "spot"), BuildId.of("r", COMMIT).clientToken(1, "ondemand"));
        assertNotEquals(BuildId.of("r", COMMIT).clientToken(1, "spot"), BuildId.of("r", COMMIT).clientToken(2, "spot"));
        // Every request of one attempt on one capacity (SDK retries, redeliveries) sends the same token.
        assertEquals(BuildId.of("r", COMMIT).clientToken(1, "spot"), BuildId.of("r", COMMIT).clientToken(1, "spot"));
    }

    @Test
    void rejectsMalformedIds() {
        assertThrows(IllegalArgumentException.class, () -> new BuildId("ABC"));
    }
}
