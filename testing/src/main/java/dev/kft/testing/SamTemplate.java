package dev.kft.testing;

import dev.kft.core.Json;
import dev.kft.local.Intrinsics;
import dev.kft.local.Template;
import java.nio.file.Path;
import java.util.Map;

/** template.yaml as nested maps ({@link Template}), with the sample stack the files in events/ were written for. */
public final class SamTemplate {
    public static final Path FILE = Path.of("template.yaml");
    private final Template template;

    private SamTemplate(Template template) {
        this.template = template;
    }

    public static SamTemplate load() {
        return new SamTemplate(Template.load(FILE));
    }

    public Map<String, Object> root() {
        return template.root();
    }

    public Map<String, Object> resource(String logicalId) {
        return template.resource(logicalId);
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

    /** Replaces Ref, Fn::GetAtt, Fn::Sub and Fn::Join with their {@link #SAMPLE_STACK} values; fails on anything it cannot resolve. */
    static Object resolve(Object node) {
        return new Intrinsics(SamTemplate::lookup).resolve(node);
    }

    private static String lookup(String name) {
        String value = SAMPLE_STACK.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no sample value for " + name + ": add it to SamTemplate.SAMPLE_STACK");
        }
        return value;
    }
}
