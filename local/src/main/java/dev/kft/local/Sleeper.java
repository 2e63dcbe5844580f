package dev.kft.local;

import java.time.Duration;

/** Waits between polls of `builds logs --follow`; replaced in tests so following costs no wall time. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    };

    void sleep(Duration duration);
}
