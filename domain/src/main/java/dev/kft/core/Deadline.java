package dev.kft.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The point in time by which an invocation must have finished its work (the function's time budget, less a margin). */
public record Deadline(Instant at, Clock clock) {
    public static Deadline in(Duration budget, Clock clock) {
        return new Deadline(clock.instant().plus(budget), clock);
    }

    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean allows(Duration wait) {
        return remaining().compareTo(wait) > 0;
    }
}
