package dev.kft.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kft.local.Template;
import dev.kft.testing.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The image repositories are ECR's to create (create on push, from the stack's creation template): no
 * function holds a permission to create or configure one, and the principals that may are the kaniko
 * task (whose push creates it) and the role ECR creates it as, both only under the prefix.
 */
class ImageRepositoriesTemplateTest {
    private static final String PREFIX_REPOSITORIES =
            "{Fn::Sub=arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/${ImageRepositoryPrefix}/*}";
    private final Template template = Template.load(SamTemplate.FILE);

    @Test
    void onlyTheKanikoTaskAndEcrsCreationRoleMayCreateRepositoriesAndOnlyUnderThePrefix() {
        Map<String, List<String>> creators = new TreeMap<>();
        template.resources().forEach((id, resource) -> {
            for (Map<?, ?> statement : statements((Map<?, ?>) resource)) {
                if (actions(statement).contains("ecr:CreateRepository")) {
                    creators.computeIfAbsent(id, k -> new ArrayList<>()).add(String.valueOf(statement.get("Resource")));
                }
            }
        });

        assertEquals(Map.of("KanikoTaskRole", List.of(PREFIX_REPOSITORIES), "ImageRepositoryCreationRole", List.of(PREFIX_REPOSITORIES)),
                creators);
    }

    @Test
    void noFunctionConfiguresRepositoriesOrKeysForThem() {
        template.functionIds().forEach(function -> {
            for (Map<?, ?> statement : statements(template.resource(function))) {
                List<String> actions = actions(statement);
                assertEquals(List.of(), actions.stream().filter(a -> a.equals("ecr:CreateRepository") || a.equals("ecr:PutLifecyclePolicy")
                        || a.startsWith("kms:")).toList(), function + " " + statement.get("Sid"));
            }
        });
    }

    @Test
    void scanOnPushIsTheRegistrysForThePrefixUnlessTheStackLeavesItToTheAccount() {
        Map<String, Object> scanning = template.resource("ImageScanningConfiguration");

        assertEquals("ManagesRegistryScanning", scanning.get("Condition"));
        assertEquals(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "RegistryScanning"), "UNMANAGED")))),
                template.condition("ManagesRegistryScanning"));
        assertEquals(List.of(Map.of("ScanFrequency", "SCAN_ON_PUSH", "RepositoryFilters",
                        List.of(Map.of("Filter", Map.of("Fn::Sub", "${ImageRepositoryPrefix}/*"), "FilterType", "WILDCARD")))),
                template.property("ImageScanningConfiguration", "Rules"));
        assertEquals(List.of("CREATE_ON_PUSH"), template.property("ImageRepositoryTemplate", "AppliedFor"));
        assertEquals(Map.of("Ref", "ImageRepositoryPrefix"), template.property("ImageRepositoryTemplate", "Prefix"));
    }

    /** Every IAM statement of a role's or a function's inline policies. */
    private static List<Map<?, ?>> statements(Map<?, ?> resource) {
        List<Map<?, ?>> statements = new ArrayList<>();
        Object properties = resource.get("Properties");
        if (!(properties instanceof Map<?, ?> props) || !(props.get("Policies") instanceof List<?> policies)) {
            return statements;
        }
        for (Object policy : policies) {
            Object document = policy instanceof Map<?, ?> p && p.containsKey("PolicyDocument") ? p.get("PolicyDocument") : policy;
            if (document instanceof Map<?, ?> d && d.get("Statement") instanceof List<?> list) {
                list.forEach(s -> statements.add((Map<?, ?>) s));
            }
        }
        return statements;
    }

    private static List<String> actions(Map<?, ?> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(action));
    }
}
