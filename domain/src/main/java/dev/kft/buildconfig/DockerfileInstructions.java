package dev.kft.buildconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits Dockerfile text into instructions: joins {@code \} continuations, drops comments and parser directives
 * (a directive is a comment to us; only the default escape character is supported), and skips heredoc bodies
 * so that a line such as {@code USER app} inside {@code RUN <<EOF} is not taken for an instruction.
 */
final class DockerfileInstructions {
    private static final Pattern CONTINUATION = Pattern.compile("\\\\[ \\t]*$");
    private static final Pattern HEREDOC = Pattern.compile("<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");

    /** One instruction: its first line, the keyword in upper case and the rest of the text. */
    record Instruction(int line, String keyword, String arguments) {
    }

    private DockerfileInstructions() {
    }

    static List<Instruction> parse(String text) {
        String[] lines = text.split("\\R", -1);
        List<Instruction> instructions = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String first = lines[i];
            if (first.isBlank() || first.stripLeading().startsWith("#")) {
                i++;
                continue;
            }
            int startLine = i + 1;
            StringBuilder logical = new StringBuilder();
            String current = first;
            i++;
            while (true) {
                Matcher continuation = CONTINUATION.matcher(current);
                if (!continuation.find()) {
                    logical.append(current);
                    break;
                }
                logical.append(current, 0, continuation.start());
                // Inside a continuation Docker skips comment lines and empty lines.
                while (i < lines.length && (lines[i].isBlank() || lines[i].stripLeading().startsWith("#"))) {
                    i++;
                }
                if (i >= lines.length) {
                    break;
                }
                current = lines[i++];
            }
            String instruction = logical.toString().strip();
            String[] parts = instruction.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String arguments = parts.length > 1 ? parts[1] : "";
            instructions.add(new Instruction(startLine, keyword, arguments));
            if (keyword.equals("RUN") || keyword.equals("COPY") || keyword.equals("ADD")) {
                i = skipHeredocs(arguments, lines, i);
            }
        }
        return instructions;
    }

    /** Skips the bodies of the heredocs that the instruction opens, in order; returns the next line index. */
    private static int skipHeredocs(String arguments, String[] lines, int next) {
        Matcher heredoc = HEREDOC.matcher(arguments);
        int i = next;
        while (heredoc.find()) {
            boolean stripTabs = !heredoc.group(1).isEmpty();
            String delimiter = heredoc.group(3);
            while (i < lines.length) {
                String line = stripTabs ? lines[i].replaceFirst("^\\t+", "") : lines[i];
                i++;
                if (line.equals(delimiter)) {
                    break;
                }
            }
        }
        return i;
    }
}
