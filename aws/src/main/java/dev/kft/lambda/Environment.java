package dev.kft.lambda;

import java.util.Map;
import java.util.function.Function;

/**
 * Where handlers read their configuration: the process environment on Lambda. The local invoke
 * (no Docker, one JVM) installs the template's variables here before it loads a handler class,
 * because a running JVM cannot change its own environment.
 */
public final class Environment {
    private static volatile Function<String, String> current = System::getenv;

    private Environment() {}

    public static Function<String, String> current() {
        return current;
    }

    /** Variables from {@code overrides} win; anything else falls back to the process environment. */
    public static void overrideForLocalInvoke(Map<String, String> overrides) {
        Map<String, String> copy = Map.copyOf(overrides);
        current = name -> copy.containsKey(name) ? copy.get(name) : System.getenv(name);
    }
}
