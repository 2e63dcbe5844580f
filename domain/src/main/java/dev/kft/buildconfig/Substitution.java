package dev.kft.buildconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dockerfile variable substitution: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:+alt}},
 * {@code \$} for a literal dollar. A variable is unresolved when it is not declared, or declared without a value
 * (a map entry with a null value) and not used with {@code :-}: the policy then cannot know what gets built.
 */
final class Substitution {

    /** The expanded text, or the name of the first variable that could not be resolved (then text is null). */
    record Result(String text, String unresolved) {
        boolean resolved() {
            return unresolved == null;
        }
    }

    private Substitution() {
    }

    static Result expand(String text, Map<String, String> variables) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    return new Result(null, text.substring(i));
                }
                String expression = text.substring(i + 2, close);
                String value = braced(expression, variables);
                if (value == null) {
                    return new Result(null, name(expression));
                }
                out.append(value);
                i = close + 1;
            } else if (c == '$' && i + 1 < text.length() && isNameStart(text.charAt(i + 1))) {
                int end = i + 1;
                while (end < text.length() && isNamePart(text.charAt(end))) {
                    end++;
                }
                String name = text.substring(i + 1, end);
                String value = variables.get(name);
                if (value == null) {
                    return new Result(null, name);
                }
                out.append(value);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Result(out.toString(), null);
    }

    private static String braced(String expression, Map<String, String> variables) {
        String name = name(expression);
        String modifier = expression.substring(name.length());
        String value = variables.get(name);
        if (modifier.isEmpty()) {
            return value;
        }
        if (modifier.startsWith(":-")) {
            return value == null || value.isEmpty() ? modifier.substring(2) : value;
        }
        if (modifier.startsWith(":+")) {
            return value == null || value.isEmpty() ? "" : modifier.substring(2);
        }
        return null;  // a modifier we do not know: better unresolved than guessed
    }

    private static String name(String expression) {
        int end = 0;
        while (end < expression.length() && isNamePart(expression.charAt(end))) {
            end++;
        }
        return expression.substring(0, end);
    }

    /** Splits on whitespace outside quotes; quotes stay in the words (see {@link #unquote}). */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                continue;
            }
            if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
                word.append(c).append(text.charAt(++i));
                continue;
            }
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
            word.append(c);
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    /** Expands a value as ARG and ENV do: single quotes keep it literal, double quotes are removed after expansion. */
    static Result expandValue(String raw, Map<String, String> variables) {
        if (raw.length() >= 2 && raw.startsWith("'") && raw.endsWith("'")) {
            return new Result(raw.substring(1, raw.length() - 1), null);
        }
        Result expanded = expand(raw, variables);
        if (!expanded.resolved()) {
            return expanded;
        }
        return new Result(unquote(expanded.text()), null);
    }

    static String unquote(String text) {
        if (text.length() >= 2 && (text.startsWith("\"") && text.endsWith("\"") || text.startsWith("'") && text.endsWith("'"))) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
