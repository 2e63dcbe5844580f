package dev.kft.buildconfig;

import dev.kft.core.Platform;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads {@code .kft.yaml} from the YAML node tree (not from Java objects) so that every error keeps the
 * line and column of its node, and collects all errors instead of stopping at the first.
 */
final class BuildConfigParser {
    private static final Pattern IMAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern BUILD_ARG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    // Docker's rule for stage names (FROM ... AS name).
    private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final List<String> ROOT_KEYS = List.of("version", "images");
    private static final List<String> IMAGE_KEYS =
            List.of("name", "context", "dockerfile", "target", "buildArgs", "platform", "paths", "branches", "tags");
    /** Aliases of lists or mappings: enough for a hand-written file, far too few for a "billion laughs". */
    private static final int MAX_COLLECTION_ALIASES = 10;

    private final List<ConfigError> errors = new ArrayList<>();

    private BuildConfigParser() {
    }

    static RepositoryBuildConfig parse(byte[] content) throws BuildConfigException {
        BuildConfigParser parser = new BuildConfigParser();
        RepositoryBuildConfig config = parser.read(content);
        if (!parser.errors.isEmpty()) {
            List<ConfigError> sorted = new ArrayList<>(parser.errors);
            sorted.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
            throw new BuildConfigException(sorted);
        }
        return config;
    }

    private RepositoryBuildConfig read(byte[] content) {
        if (content.length > RepositoryBuildConfig.MAX_FILE_BYTES) {
            error(1, 1, "the file is " + content.length + " bytes, at most " + RepositoryBuildConfig.MAX_FILE_BYTES + " are allowed");
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            error(1, 1, "the file is not valid UTF-8");
            return null;
        }
        Optional<Node> root;
        try {
            root = new Compose(loadSettings()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            error(mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1,
                    "YAML syntax error: " + oneLine(explain(e)));
            return null;
        } catch (YamlEngineException e) {
            error(1, 1, "YAML error: " + oneLine(e.getMessage()));
            return null;
        } catch (StackOverflowError e) {
            // Thousands of nested "[" fit in 64 KiB; the composer recurses once per level.
            error(1, 1, "YAML error: nesting is too deep");
            return null;
        }
        if (root.isEmpty()) {
            error(1, 1, "the file is empty; it needs at least \"version: 1\" and \"images\"");
            return null;
        }
        return readRoot(root.get());
    }

    /** snakeyaml splits its messages into a context ("while parsing a flow sequence") and the problem proper. */
    private static String explain(MarkedYamlEngineException e) {
        if (e.getContext() == null || e.getContext().isBlank()) {
            return e.getProblem();
        }
        return e.getProblem() == null ? e.getContext() : e.getContext() + ", " + e.getProblem();
    }

    private static LoadSettings loadSettings() {
        return LoadSettings.builder()
                .setLabel(RepositoryBuildConfig.FILE_NAME)
                .setSchema(new CoreSchema())
                .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
                .setAllowRecursiveKeys(false)
                .setAllowNonScalarKeys(false)
                .setCodePointLimit(RepositoryBuildConfig.MAX_FILE_BYTES)
                .setUseMarks(true)
                .build();
    }

    private RepositoryBuildConfig readRoot(Node root) {
        if (!(root instanceof MappingNode mapping)) {
            error(root, "the file must be a mapping with \"version\" and \"images\", got " + typeName(root));
            return null;
        }
        Map<String, NodeTuple> entries = entries(mapping, "", ROOT_KEYS);
        NodeTuple version = entries.get("version");
        if (version == null) {
            error(root, "version is required and must be " + RepositoryBuildConfig.SCHEMA_VERSION);
        } else {
            checkVersion(version.getValueNode());
        }
        NodeTuple images = entries.get("images");
        if (images == null) {
            error(root, "images is required: a list of images to build");
            return null;
        }
        List<ImageSpec> specs = readImages(images.getValueNode());
        return new RepositoryBuildConfig(specs);
    }

    private void checkVersion(Node node) {
        if (!(node instanceof ScalarNode scalar) || !Tag.INT.equals(node.getTag())) {
            error(node, "version must be the integer " + RepositoryBuildConfig.SCHEMA_VERSION + ", got " + describe(node));
        } else if (!scalar.getValue().matches("\\+?0*" + RepositoryBuildConfig.SCHEMA_VERSION)) {
            error(node, "version " + scalar.getValue() + " is not supported; the only version is " + RepositoryBuildConfig.SCHEMA_VERSION);
        }
    }

    private List<ImageSpec> readImages(Node node) {
        if (!(node instanceof SequenceNode sequence)) {
            error(node, "images must be a list, got " + describe(node));
            return List.of();
        }
        List<Node> items = sequence.getValue();
        if (items.isEmpty()) {
            error(node, "images must list at least one image");
        }
        if (items.size() > RepositoryBuildConfig.MAX_IMAGES) {
            error(items.get(RepositoryBuildConfig.MAX_IMAGES), "images has " + items.size()
                    + " entries, at most " + RepositoryBuildConfig.MAX_IMAGES + " are allowed");
        }
        List<ImageSpec> specs = new ArrayList<>();
        Map<String, Node> namesSeen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            ImageSpec spec = readImage(items.get(i), "images[" + i + "]", namesSeen);
            if (spec != null) {
                specs.add(spec);
            }
        }
        return specs;
    }

    private ImageSpec readImage(Node node, String where, Map<String, Node> namesSeen) {
        if (!(node instanceof MappingNode mapping)) {
            error(node, where + " must be a mapping with at least \"name\", got " + describe(node));
            return null;
        }
        int errorsBefore = errors.size();
        Map<String, NodeTuple> entries = entries(mapping, where + ".", IMAGE_KEYS);

        String name = null;
        if (!entries.containsKey("name")) {
            error(node, where + ".name is required");
        } else {
            Node nameNode = entries.get("name").getValueNode();
            name = string(nameNode, where + ".name");
            if (name != null && !IMAGE_NAME.matcher(name).matches()) {
                error(nameNode, where + ".name \"" + name + "\" must match " + IMAGE_NAME.pattern());
            } else if (name != null && namesSeen.containsKey(name)) {
                error(nameNode, where + ".name \"" + name + "\" is already used by the image at line " + line(namesSeen.get(name)));
            } else if (name != null) {
                namesSeen.put(name, nameNode);
            }
        }
        String context = optional(entries, "context", where, (n, w) -> relativePath(n, w, true));
        String dockerfile = optional(entries, "dockerfile", where, (n, w) -> relativePath(n, w, false));
        String target = optional(entries, "target", where, this::stageName);
        Map<String, String> buildArgs = optional(entries, "buildArgs", where, this::buildArgs);
        Platform platform = optional(entries, "platform", where, this::platform);
        List<String> paths = optional(entries, "paths", where, (n, w) -> globList(n, w, true));
        List<String> branches = optional(entries, "branches", where, (n, w) -> globList(n, w, false));
        List<String> tags = optional(entries, "tags", where, (n, w) -> globList(n, w, false));

        if (errors.size() > errorsBefore) {
            return null;
        }
        return new ImageSpec(name, context, dockerfile, target, buildArgs, platform, paths, branches, tags);
    }

    private interface FieldReader<T> {
        T read(Node value, String where);
    }

    private static <T> T optional(Map<String, NodeTuple> entries, String key, String where, FieldReader<T> reader) {
        NodeTuple entry = entries.get(key);
        return entry == null ? null : reader.read(entry.getValueNode(), where + "." + key);
    }

    /** Keys of a mapping in file order; reports unknown, duplicate and non-string keys. */
    private Map<String, NodeTuple> entries(MappingNode mapping, String prefix, List<String> knownKeys) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode keyScalar)) {
                error(keyNode, (prefix.isEmpty() ? "keys" : prefix + "keys") + " must be strings, got " + describe(keyNode));
                continue;
            }
            String key = keyScalar.getValue();
            if (entries.containsKey(key)) {
                error(keyNode, prefix + key + " is given twice (first at line " + line(entries.get(key).getKeyNode()) + ")");
            } else if (knownKeys != null && !knownKeys.contains(key)) {
                error(keyNode, prefix + key + " is not a known key; known keys: " + String.join(", ", knownKeys));
            } else {
                entries.put(key, tuple);
            }
        }
        return entries;
    }

    /** A scalar that YAML typed as a string; anything else is an error that says what it got. */
    private String string(Node node, String where) {
        if (node instanceof ScalarNode scalar && Tag.STR.equals(node.getTag())) {
            return scalar.getValue();
        }
        String hint = node instanceof ScalarNode scalar && !Tag.NULL.equals(node.getTag())
                ? "; quote it: \"" + scalar.getValue() + "\"" : "";
        error(node, where + " must be a string, got " + describe(node) + hint);
        return null;
    }

    private String relativePath(Node node, String where, boolean rootAllowed) {
        String value = string(node, where);
        if (value == null) {
            return null;
        }
        if (value.startsWith("/")) {
            error(node, where + " \"" + value + "\" must be relative to the repository root, not absolute");
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : value.split("/")) {
            if (segment.equals("..")) {
                error(node, where + " \"" + value + "\" must not contain \"..\": it must stay inside the repository");
                return null;
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty() && !rootAllowed) {
            error(node, where + " \"" + value + "\" must name a file");
            return null;
        }
        return String.join("/", segments);
    }

    private String stageName(Node node, String where) {
        String value = string(node, where);
        if (value != null && !STAGE_NAME.matcher(value).matches()) {
            error(node, where + " \"" + value + "\" must be a stage name matching " + STAGE_NAME.pattern());
            return null;
        }
        return value;
    }

    private Platform platform(Node node, String where) {
        String value = string(node, where);
        if (value == null) {
            return null;
        }
        Platform platform = Platform.fromText(value);
        if (platform == null) {
            error(node, where + " \"" + value + "\" must be one of " + Platform.LINUX_AMD64.text() + ", " + Platform.LINUX_ARM64.text());
        }
        return platform;
    }

    /**
     * Build arguments: values must be YAML strings. {@code GO_VERSION: 1.23} is refused rather than converted,
     * because YAML would already have turned it into a number (1.10 becomes 1.1, 010 becomes 10, yes stays yes
     * but true is a boolean) and the build would get a value the author never wrote.
     */
    private Map<String, String> buildArgs(Node node, String where) {
        if (!(node instanceof MappingNode mapping)) {
            error(node, where + " must be a mapping of NAME: \"value\", got " + describe(node));
            return null;
        }
        Map<String, String> args = new LinkedHashMap<>();
        entries(mapping, where + ".", null).forEach((name, tuple) -> {
            if (!BUILD_ARG_NAME.matcher(name).matches()) {
                error(tuple.getKeyNode(), where + " key \"" + name + "\" must match " + BUILD_ARG_NAME.pattern());
                return;
            }
            String value = string(tuple.getValueNode(), where + "." + name);
            if (value != null) {
                args.put(name, value);
            }
        });
        return args;
    }

    /** A non-empty list of globs; {@code repositoryPaths} adds the path rules (relative, no {@code ..}). */
    private List<String> globList(Node node, String where, boolean repositoryPaths) {
        if (!(node instanceof SequenceNode sequence)) {
            String hint = node instanceof ScalarNode scalar && Tag.STR.equals(node.getTag()) ? "; write [\"" + scalar.getValue() + "\"]" : "";
            error(node, where + " must be a list of strings, got " + describe(node) + hint);
            return null;
        }
        if (sequence.getValue().isEmpty()) {
            error(node, where + " must not be empty; leave it out to " + (repositoryPaths ? "build on any change" : "keep the stack's filter"));
            return null;
        }
        List<String> globs = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemWhere = where + "[" + i + "]";
            String glob = string(item, itemWhere);
            if (glob == null) {
                continue;
            }
            if (glob.isBlank()) {
                error(item, itemWhere + " must not be blank");
            } else if (repositoryPaths && glob.startsWith("/")) {
                error(item, itemWhere + " \"" + glob + "\" must be relative to the repository root, not absolute");
            } else if (repositoryPaths && Set.of(glob.split("/")).contains("..")) {
                error(item, itemWhere + " \"" + glob + "\" must not contain \"..\"");
            } else if (!repositoryPaths && glob.startsWith("refs/")) {
                error(item, itemWhere + " \"" + glob + "\" must be a short name, without the refs/heads/ or refs/tags/ prefix");
            } else {
                // git reports "services/api/x.go", never "./services/api/x.go".
                globs.add(repositoryPaths ? stripDotSlash(glob) : glob);
            }
        }
        return globs;
    }

    private static String stripDotSlash(String glob) {
        String result = glob;
        while (result.startsWith("./")) {
            result = result.substring(2);
        }
        return result;
    }

    private static String describe(Node node) {
        if (node instanceof ScalarNode scalar && !Tag.NULL.equals(node.getTag())) {
            return typeName(node) + " " + scalar.getValue();
        }
        return typeName(node);
    }

    private static String typeName(Node node) {
        Tag tag = node.getTag();
        if (Tag.STR.equals(tag)) return "string";
        if (Tag.INT.equals(tag)) return "integer";
        if (Tag.FLOAT.equals(tag)) return "float";
        if (Tag.BOOL.equals(tag)) return "boolean";
        if (Tag.NULL.equals(tag)) return "nothing (null)";
        if (node instanceof SequenceNode) return "a list";
        if (node instanceof MappingNode) return "a mapping";
        return "tag " + tag.getValue();
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
    }

    private void error(Node node, String message) {
        Optional<Mark> mark = node.getStartMark();
        error(mark.map(m -> m.getLine() + 1).orElse(1), mark.map(m -> m.getColumn() + 1).orElse(1), message);
    }

    private void error(int line, int column, String message) {
        errors.add(new ConfigError(line, column, oneLine(message)));
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
