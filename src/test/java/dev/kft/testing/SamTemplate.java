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

    /** The EventBridge pattern of a function's event source, as JSON. */
    @SuppressWarnings("unchecked")
    public String eventPattern(String functionId, String eventName) {
        Map<String, Object> properties = (Map<String, Object>) resource(functionId).get("Properties");
        Map<String, Object> events = (Map<String, Object>) properties.get("Events");
        Map<String, Object> event = (Map<String, Object>) events.get(eventName);
        Map<String, Object> eventProperties = (Map<String, Object>) event.get("Properties");
        return Json.write(eventProperties.get("Pattern"));
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
