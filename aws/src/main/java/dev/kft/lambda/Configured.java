package dev.kft.lambda;

import dev.kft.core.EnvironmentValues.ConfigurationException;
import dev.kft.core.Log;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A handler's wiring, built once per execution environment, or the configuration error that kept
 * it from being built. The error does not break class loading (a test constructs the handler with
 * its own wiring); it is logged at init and fails every invocation with the original message, so
 * the operator reads {@code USE_FARGATE_SPOT must be true or false, not yes} where the call failed.
 */
public final class Configured<T> {
    private final String functionId;
    private final T wiring;
    private final String error;

    private Configured(String functionId, T wiring, String error) {
        this.functionId = functionId;
        this.wiring = wiring;
        this.error = error;
    }

    /** Runs {@code init} (the wiring from environment variables) once; a failure is kept, not thrown. */
    public static <T> Configured<T> atInit(String functionId, Supplier<T> init) {
        LambdaIo.bindInitLogger();
        try {
            return new Configured<>(functionId, init.get(), null);
        } catch (RuntimeException e) {
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            Log.error("function not configured: every invocation fails until its environment is fixed",
                    "function", functionId, "reason", error);
            return new Configured<>(functionId, null, error);
        }
    }

    /** Wiring built by the caller (tests, local tools). */
    public static <T> Configured<T> of(String functionId, T wiring) {
        return new Configured<>(functionId, wiring, wiring == null ? "no wiring given" : null);
    }

    /** The wiring, if init built it (SnapStart priming needs one). */
    public Optional<T> wiring() {
        return Optional.ofNullable(wiring);
    }

    /** The wiring, or the init error, named after the function, for the invocation to fail with. */
    public T orFail() {
        if (wiring == null) {
            throw new ConfigurationException(functionId + " is not configured: " + error);
        }
        return wiring;
    }
}
