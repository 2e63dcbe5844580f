package dev.kft.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Which stack {@code bin/kft builds} and {@code dlq} work on, and its resources' names: a deployed
 * stack (its CloudFormation outputs) or the emulator's stand-in (the env-vars file {@code stack-up}
 * printed).
 *
 * @param deadLetterQueues  function logical id → its dead-letter queue URL
 * @param functionNames     function logical id → what to invoke (its live alias); empty on the emulator
 * @param launchEnvironment PushFunction's variables (cluster, task definition, network), for a rebuild's RunTask
 * @param envVars           the env-vars file (emulator only): the local invoke path's functions run with it
 */
public record StackTarget(
        String description,
        String ledgerTable,
        String cluster,
        String kanikoLogGroup,
        String eventBus,
        Map<String, String> deadLetterQueues,
        Map<String, String> functionNames,
        Supplier<Map<String, String>> launchEnvironment,
        Map<String, Map<String, String>> envVars) {

    /** The functions whose dead letters can be replayed, in the order a push travels. */
    public static final List<String> FUNCTIONS = List.of("PushFunction", "TaskStateFunction", "ScanGateFunction");
    /** The env-vars file's block of dead-letter queue URLs by function (ignored by SAM and the local invoke). */
    public static final String DEAD_LETTER_QUEUES_BLOCK = "DeadLetterQueues";

    public boolean emulated() {
        return envVars != null;
    }

    /** Each function's dead letters and its alias come from outputs named {@code <Function minus "Function">DeadLetterQueueUrl}, {@code <Function>Alias}. */
    public static StackTarget fromStack(CloudFormationClient cloudFormation, Supplier<LambdaClient> lambda, String stackName) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output output : cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().get(0).outputs()) {
            outputs.put(output.outputKey(), output.outputValue());
        }
        Map<String, String> queues = new LinkedHashMap<>();
        Map<String, String> functions = new LinkedHashMap<>();
        for (String function : FUNCTIONS) {
            String prefix = function.substring(0, function.length() - "Function".length());
            Optional.ofNullable(outputs.get(prefix + "DeadLetterQueueUrl")).ifPresent(url -> queues.put(function, url));
            Optional.ofNullable(outputs.get(function + "Alias")).ifPresent(alias -> functions.put(function, alias));
        }
        // The rebuild's RunTask needs what PushFunction launches with: its own configuration says it exactly.
        Supplier<Map<String, String>> launch = () -> lambda.get()
                .getFunctionConfiguration(r -> r.functionName(required(functions, "PushFunction", "output PushFunctionAlias")))
                .environment().variables();
        return new StackTarget("stack " + stackName,
                required(outputs, "LedgerTableName", "stack " + stackName + "'s outputs"), required(outputs, "BuildClusterName", "stack " + stackName + "'s outputs"),
                required(outputs, "KanikoLogGroupName", "stack " + stackName + "'s outputs"), required(outputs, "BuildEventBusName", "stack " + stackName + "'s outputs"),
                queues, functions, launch, null);
    }

    /** From {@code bin/kft stack-up}'s env-vars file: every function's variables, merged; {@code Parameters} first. */
    public static StackTarget fromEnvVarsFile(Path file) {
        Map<String, Map<String, String>> blocks = EnvVarsFile.read(file);
        Map<String, String> merged = new LinkedHashMap<>(blocks.getOrDefault(EnvVarsFile.ALL_FUNCTIONS, Map.of()));
        for (String function : FUNCTIONS) {
            merged.putAll(blocks.getOrDefault(function, Map.of()));
        }
        Map<String, String> launch = new LinkedHashMap<>(blocks.getOrDefault(EnvVarsFile.ALL_FUNCTIONS, Map.of()));
        launch.putAll(blocks.getOrDefault("PushFunction", Map.of()));
        String where = file.toString();
        return new StackTarget("env-vars file " + where,
                required(merged, "LEDGER_TABLE", where), required(merged, "CLUSTER", where),
                required(merged, "KANIKO_LOG_GROUP", where), required(merged, "EVENT_BUS_NAME", where),
                Map.copyOf(blocks.getOrDefault(DEAD_LETTER_QUEUES_BLOCK, Map.of())), Map.of(), () -> launch, blocks);
    }

    private static String required(Map<String, String> values, String name, String where) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + " has no " + name);
        }
        return value;
    }
}
