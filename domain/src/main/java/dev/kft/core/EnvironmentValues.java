package dev.kft.core;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Strict reading of the functions' environment variables. A bad value fails init with a message
 * that names the variable and the form it should have ({@code USE_FARGATE_SPOT must be true or
 * false, not yes}), instead of quietly becoming a default: {@code Boolean.parseBoolean("ture")} is false.
 * Blank counts as unset; values are trimmed.
 */
public final class EnvironmentValues {
    private EnvironmentValues() {}

    /** Thrown when a variable is missing or has the wrong form; its message is meant for the operator. */
    public static final class ConfigurationException extends IllegalStateException {
        public ConfigurationException(String message) {
            super(message);
        }
    }

    /** The trimmed value, or {@code fallback} when unset or blank. */
    public static String text(Function<String, String> env, String name, String fallback) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** The trimmed value; {@code what} says what it should hold, for the message when it is missing. */
    public static String required(Function<String, String> env, String name, String what) {
        String value = text(env, name, null);
        if (value == null) {
            throw new ConfigurationException(name + " is required: " + what);
        }
        return value;
    }

    /** {@code true} or {@code false}, in any case; nothing else. */
    public static boolean flag(Function<String, String> env, String name, boolean fallback) {
        String value = text(env, name, null);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(name + " must be true or false, not " + value);
        };
    }

    /** 0, 1, 2...: a count. */
    public static int wholeNumber(Function<String, String> env, String name, int fallback) {
        String value = text(env, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, with the expected form
        }
        throw new ConfigurationException(name + " must be a whole number, not " + value);
    }

    /** One of the constants of {@code type}, in any case. */
    public static <E extends Enum<E>> E oneOf(Function<String, String> env, String name, Class<E> type, E fallback) {
        String value = text(env, name, null);
        if (value == null) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        throw new ConfigurationException(name + " must be one of " + allowed + ", not " + value);
    }

    /** A value that matches {@code form}; {@code what} describes the form for the message. */
    public static String matching(Function<String, String> env, String name, Pattern form, String what, String fallback) {
        String value = text(env, name, fallback);
        if (!form.matcher(value).matches()) {
            throw new ConfigurationException(name + " must be " + what + ", not " + value);
        }
        return value;
    }

    /** ECR's rule for one component of a repository name; the template's ImageRepositoryPrefix parameter has the same. */
    private static final Pattern REPOSITORY_NAME_COMPONENT = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");

    /** {@code IMAGE_REPOSITORY_PREFIX} (default {@code kft}): the push slice names image repositories with it, the gate reads it too. */
    public static String imageRepositoryPrefix(Function<String, String> env) {
        return matching(env, "IMAGE_REPOSITORY_PREFIX", REPOSITORY_NAME_COMPONENT,
                "lowercase letters and digits, separated by single '.', '_' or '-'", "kft");
    }

    /** The non-empty items of a list separated by {@code separator} (a regular expression); unset is empty. */
    public static List<String> list(Function<String, String> env, String name, String separator) {
        return Arrays.stream(text(env, name, "").split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
