package dev.kft.testing;

import dev.kft.core.Json;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** template.yaml as nested maps; CloudFormation short tags ({@code !Ref x}) read as their long form ({@code {Ref: x}}). */
public final class SamTemplate {
    public static final Path FILE = Path.of("template.yaml");
    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static SamTemplate load() {
        Yaml yaml = new Yaml(new IntrinsicConstructor());
        try (Reader reader = Files.newBufferedReader(FILE)) {
            return new SamTemplate(yaml.load(reader));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, Object> root() {
        return root;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> resource(String logicalId) {
        Map<String, Object> resources = (Map<String, Object>) root.get("Resources");
        Map<String, Object> resource = (Map<String, Object>) resources.get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("template.yaml has no resource " + logicalId);
        }
        return resource;
    }

    /**
     * The values a deployed sample stack gives the intrinsics that patterns use: the stack the
     * files in events/ were written for (account 123456789012, us-east-1, default parameters).
     */
    public static final Map<String, String> SAMPLE_STACK = Map.of(
            "AWS::Region", "us-east-1",
            "AWS::AccountId", "123456789012",
            "AWS::Partition", "aws",
            "AWS::StackName", "kft",
            "ImageRepositoryPrefix", "kft",
            "BuildCluster", "kft-builds",
            "BuildCluster.Arn", "arn:aws:ecs:us-east-1:123456789012:cluster/kft-builds");

    /** The EventBridge pattern of a function's event source, as JSON, with intrinsics resolved for {@link #SAMPLE_STACK}. */
    @SuppressWarnings("unchecked")
    public String eventPattern(String functionId, String eventName) {
        Map<String, Object> properties = (Map<String, Object>) resource(functionId).get("Properties");
        Map<String, Object> events = (Map<String, Object>) properties.get("Events");
        Map<String, Object> event = (Map<String, Object>) events.get(eventName);
        Map<String, Object> eventProperties = (Map<String, Object>) event.get("Properties");
        return Json.write(resolve(eventProperties.get("Pattern")));
    }

    /** The event pattern of a plain {@code AWS::Events::Rule} resource, as JSON, with intrinsics resolved for {@link #SAMPLE_STACK}. */
    @SuppressWarnings("unchecked")
    public String rulePattern(String ruleId) {
        Map<String, Object> properties = (Map<String, Object>) resource(ruleId).get("Properties");
        return Json.write(resolve(properties.get("EventPattern")));
    }

    /** Replaces Ref, Fn::GetAtt and Fn::Sub with their {@link #SAMPLE_STACK} values; fails on anything it cannot resolve. */
    @SuppressWarnings("unchecked")
    static Object resolve(Object node) {
        if (node instanceof java.util.List<?> list) {
            return list.stream().map(SamTemplate::resolve).toList();
        }
        if (!(node instanceof Map<?, ?> map)) {
            return node;
        }
        if (map.size() == 1) {
            Map.Entry<String, Object> only = ((Map<String, Object>) map).entrySet().iterator().next();
            switch (only.getKey()) {
                case "Ref" -> {
                    return lookup(String.valueOf(only.getValue()));
                }
                case "Fn::GetAtt" -> {
                    Object target = only.getValue();
                    return lookup(target instanceof java.util.List<?> parts
                            ? parts.get(0) + "." + parts.get(1) : String.valueOf(target));
                }
                case "Fn::Sub" -> {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([^}]+)}").matcher(String.valueOf(only.getValue()));
                    StringBuilder out = new StringBuilder();
                    while (m.find()) {
                        m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(lookup(m.group(1))));
                    }
                    return m.appendTail(out).toString();
                }
                default -> { }
            }
        }
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, resolve(v)));
        return copy;
    }

    private static String lookup(String name) {
        String value = SAMPLE_STACK.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no sample value for " + name + ": add it to SamTemplate.SAMPLE_STACK");
        }
        return value;
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
