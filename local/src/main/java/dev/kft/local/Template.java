package dev.kft.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A SAM template as nested maps; CloudFormation short tags ({@code !Ref x}) read as their long form
 * ({@code {Ref: x}}). What the local tools need from it: parameters, functions, their handlers and environment.
 */
public final class Template {
    public static final String FUNCTION_TYPE = "AWS::Serverless::Function";

    private final Path file;
    private final Map<String, Object> root;

    private Template(Path file, Map<String, Object> root) {
        this.file = file;
        this.root = root;
    }

    public static Template load(Path file) {
        Yaml yaml = new Yaml(new IntrinsicConstructor());
        try (Reader reader = Files.newBufferedReader(file)) {
            Object root = yaml.load(reader);
            if (!(root instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(file + " is not a template: its top level is not a mapping");
            }
            return new Template(file, map(root));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the template (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    public Path file() {
        return file;
    }

    public Map<String, Object> root() {
        return root;
    }

    public Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    public Map<String, Object> resource(String logicalId) {
        Object resource = resources().get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException(file + " has no resource " + logicalId);
        }
        return map(resource);
    }

    /** One property of a resource, as written (it may be an intrinsic); null when the resource does not set it. */
    public Object property(String logicalId, String property) {
        return map(resource(logicalId).get("Properties")).get(property);
    }

    /** A condition of the template's {@code Conditions}, as written ({@link Intrinsics} evaluates it to a Boolean). */
    public Object condition(String name) {
        Object condition = map(root.get("Conditions")).get(name);
        if (condition == null) {
            throw new IllegalArgumentException(file + " has no condition " + name);
        }
        return condition;
    }

    /** A resource's {@code Condition}, or null when it is always created. */
    public String resourceCondition(String logicalId) {
        Object condition = resource(logicalId).get("Condition");
        return condition == null ? null : condition.toString();
    }

    /** Parameter name → its declaration (Type, Default, ...), in template order. */
    public Map<String, Map<String, Object>> parameters() {
        Map<String, Map<String, Object>> parameters = new LinkedHashMap<>();
        map(root.get("Parameters")).forEach((name, declaration) -> parameters.put(name, map(declaration)));
        return parameters;
    }

    /** Logical ids of the template's functions, in template order. */
    public List<String> functionIds() {
        return resources().entrySet().stream()
                .filter(e -> FUNCTION_TYPE.equals(map(e.getValue()).get("Type")))
                .map(Map.Entry::getKey).toList();
    }

    public Optional<LambdaFunction> function(String logicalId) {
        Object resource = resources().get(logicalId);
        if (resource == null || !FUNCTION_TYPE.equals(map(resource).get("Type"))) {
            return Optional.empty();
        }
        return Optional.of(new LambdaFunction(logicalId, globals(), map(map(resource).get("Properties"))));
    }

    /** A function's settings with the template's Globals applied the way SAM applies them. */
    public record LambdaFunction(String logicalId, Map<String, Object> globals, Map<String, Object> properties) {
        /** {@code Handler}: {@code class::method}. */
        public String handler() {
            Object handler = setting("Handler");
            if (handler == null) {
                throw new IllegalArgumentException(logicalId + " has no Handler");
            }
            return handler.toString();
        }

        public int timeoutSeconds() {
            Object timeout = setting("Timeout");
            return timeout == null ? 3 : Integer.parseInt(timeout.toString());
        }

        public int memoryMb() {
            Object memory = setting("MemorySize");
            return memory == null ? 128 : Integer.parseInt(memory.toString());
        }

        /** Environment variables as written (values may be intrinsics): Globals, then the function's own. */
        public Map<String, Object> environment() {
            Map<String, Object> variables = new LinkedHashMap<>(variables(globals));
            variables.putAll(variables(properties));
            return variables;
        }

        /** The environment with intrinsics evaluated; a variable without a local value is empty and listed with the reason. */
        public ResolvedEnvironment environment(Intrinsics intrinsics) {
            Map<String, String> variables = new LinkedHashMap<>();
            Map<String, String> unresolved = new LinkedHashMap<>();
            environment().forEach((name, value) -> {
                try {
                    variables.put(name, intrinsics.resolveText(value));
                } catch (Intrinsics.UnresolvedException e) {
                    variables.put(name, "");
                    unresolved.put(name, e.getMessage());
                }
            });
            return new ResolvedEnvironment(variables, unresolved);
        }

        private Object setting(String name) {
            return properties.containsKey(name) ? properties.get(name) : globals.get(name);
        }

        private static Map<String, Object> variables(Map<String, Object> settings) {
            return map(map(settings.get("Environment")).get("Variables"));
        }
    }

    private Map<String, Object> globals() {
        return map(map(root.get("Globals")).get("Function"));
    }

    /** Environment variables after evaluation; {@code unresolved}: name → why it has no value. */
    public record ResolvedEnvironment(Map<String, String> variables, Map<String, String> unresolved) {}

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor() {
            super(new LoaderOptions());
            for (String name : new String[] {"Ref", "Condition"}) {
                yamlConstructors.put(new Tag("!" + name), new Intrinsic(name));
            }
            for (String name : new String[] {"Sub", "GetAtt", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or",
                    "FindInMap", "Base64", "Cidr", "GetAZs", "ImportValue", "Length", "ToJsonString"}) {
                yamlConstructors.put(new Tag("!" + name), new Intrinsic("Fn::" + name));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value = switch (node) {
                    case ScalarNode scalar -> scalar.getValue();
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> null;
                };
                return Map.of(key, value);
            }
        }
    }
}
