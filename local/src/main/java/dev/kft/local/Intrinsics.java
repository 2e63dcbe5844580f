package dev.kft.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the CloudFormation intrinsics local tools meet in a template's values: {@code Ref},
 * {@code Fn::GetAtt}, {@code Fn::Sub} and {@code Fn::Join}, and in its conditions {@code Fn::Equals}
 * and {@code Fn::Not} (to a Boolean). Names ({@code Param}, {@code AWS::Region},
 * {@code Resource}, {@code Resource.Arn}) take their values from a lookup that returns a String, a
 * List of Strings (list parameters) or null when the stack has no value for them.
 */
public final class Intrinsics {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Function<String, Object> names;

    public Intrinsics(Function<String, Object> names) {
        this.names = names;
    }

    /** Thrown for a name without a value, or an intrinsic local tools do not evaluate. */
    public static final class UnresolvedException extends IllegalArgumentException {
        public UnresolvedException(String message) {
            super(message);
        }
    }

    /** The node with every intrinsic inside it replaced by its value. */
    @SuppressWarnings("unchecked")
    public Object resolve(Object node) {
        if (node instanceof List<?> list) {
            return list.stream().map(this::resolve).toList();
        }
        if (!(node instanceof Map<?, ?> map)) {
            return node;
        }
        if (map.size() == 1) {
            Map.Entry<String, Object> only = ((Map<String, Object>) map).entrySet().iterator().next();
            if (only.getKey().equals("Ref") || only.getKey().startsWith("Fn::")) {
                return intrinsic(only.getKey(), only.getValue());
            }
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, resolve(v)));
        return copy;
    }

    /** A value that must end up a string (an environment variable): scalars as text, intrinsics evaluated. */
    public String resolveText(Object node) {
        Object value = resolve(node);
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new UnresolvedException("not a single value: " + value);
        }
        return value == null ? "" : value.toString();
    }

    private Object intrinsic(String function, Object argument) {
        return switch (function) {
            case "Ref" -> lookup(String.valueOf(argument));
            case "Fn::GetAtt" -> lookup(argument instanceof List<?> parts
                    ? parts.get(0) + "." + parts.get(1) : String.valueOf(argument));
            case "Fn::Sub" -> substitute(argument);
            case "Fn::Join" -> join(argument);
            case "Fn::Equals" -> equal(argument);
            case "Fn::Not" -> not(argument);
            default -> throw new UnresolvedException(function + " is not evaluated locally");
        };
    }

    private Object lookup(String name) {
        Object value = names.apply(name);
        if (value == null) {
            throw new UnresolvedException("no value for " + name);
        }
        return value;
    }

    /** {@code "text ${Name}"} or {@code ["text ${Var}", {Var: value}]}; {@code ${!Literal}} stays {@code ${Literal}}. */
    private String substitute(Object argument) {
        String text;
        Map<?, ?> variables = Map.of();
        if (argument instanceof List<?> parts && parts.size() == 2 && parts.get(1) instanceof Map<?, ?> vars) {
            text = String.valueOf(parts.get(0));
            variables = vars;
        } else {
            text = String.valueOf(argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = name.startsWith("!") ? "${" + name.substring(1) + "}"
                    : variables.containsKey(name) ? resolveText(variables.get(name))
                    : single(name, lookup(name));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(out).toString();
    }

    /** {@code [delimiter, [values...]]}, where the list may itself be a list parameter's Ref. */
    private String join(Object argument) {
        if (!(argument instanceof List<?> parts) || parts.size() != 2) {
            throw new UnresolvedException("Fn::Join needs [delimiter, list], got " + argument);
        }
        Object values = resolve(parts.get(1));
        if (!(values instanceof List<?> list)) {
            throw new UnresolvedException("Fn::Join needs a list, got " + values);
        }
        return String.join(String.valueOf(parts.get(0)), list.stream().map(String::valueOf).toList());
    }

    /** {@code [a, b]}: whether both evaluate to the same text. */
    private Boolean equal(Object argument) {
        if (!(argument instanceof List<?> parts) || parts.size() != 2) {
            throw new UnresolvedException("Fn::Equals needs [value, value], got " + argument);
        }
        return resolveText(parts.get(0)).equals(resolveText(parts.get(1)));
    }

    /** {@code [condition]}: its negation. */
    private Boolean not(Object argument) {
        Object value = argument instanceof List<?> parts && parts.size() == 1 ? resolve(parts.get(0)) : null;
        if (!(value instanceof Boolean condition)) {
            throw new UnresolvedException("Fn::Not needs [condition], got " + argument);
        }
        return !condition;
    }

    private static String single(String name, Object value) {
        if (value instanceof List<?>) {
            throw new UnresolvedException(name + " is a list: Fn::Sub takes single values");
        }
        return String.valueOf(value);
    }
}
