package dev.kft.core;

import java.time.Duration;

/** Waits between retries; replaced in tests so backoff costs no wall time. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    };

    void sleep(Duration duration);
}
