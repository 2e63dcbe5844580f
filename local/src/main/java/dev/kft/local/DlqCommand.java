package dev.kft.local;

import dev.kft.aws.AwsClients;
import dev.kft.core.Json;
import dev.kft.core.MalformedEventException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code bin/kft dlq replay [--function F] [--dry-run]}: gives the events parked in a function's
 * dead-letter queue back to the function. A message is deleted only once the function took it (a
 * deployed function accepted the asynchronous invoke; a local one returned without throwing), so a
 * replay that fails leaves it where it was.
 */
final class DlqCommand {
    /** How long a message being replayed stays invisible to others; longer than one invoke takes. */
    private static final int REPLAY_VISIBILITY_SECONDS = 120;

    /** Delivers one event to a function; true when the function took it. */
    interface Invoker {
        boolean invoke(String function, String event);
    }

    private final StackTarget target;
    private final AwsClients clients;
    private final Invoker invoker;
    private final PrintStream out;
    private final PrintStream err;

    DlqCommand(StackTarget target, AwsClients clients, Invoker invoker, PrintStream out, PrintStream err) {
        this.target = target;
        this.clients = clients;
        this.invoker = invoker;
        this.out = out;
        this.err = err;
    }

    /** A deployed stack: Lambda Invoke with InvocationType Event on the function's live alias. */
    static Invoker deployed(StackTarget target, LambdaClient lambda) {
        return (function, event) -> {
            String name = target.functionNames().get(function);
            if (name == null) {
                throw new IllegalStateException(target.description() + " has no " + function + "Alias output");
            }
            int status = lambda.invoke(r -> r.functionName(name).invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromString(event, StandardCharsets.UTF_8))).statusCode();
            return status == 202;
        };
    }

    /** The emulator: the in-process local invoke path ({@code bin/kft invoke}'s), with the env-vars file. */
    static Invoker local(LocalInvoke localInvoke, StackTarget target, PrintStream err) {
        return (function, event) -> {
            LocalInvoke.InvokeResult result = localInvoke.invoke(function, event.getBytes(StandardCharsets.UTF_8), target.envVars());
            if (result.failed()) {
                err.println("kft dlq: " + function + " failed: " + result.error());
            }
            return !result.failed();
        };
    }

    int run(List<String> args) {
        if (args.isEmpty() || !args.get(0).equals("replay")) {
            throw new Kft.UsageException("dlq needs the verb replay (see bin/kft --help)");
        }
        BuildsCommand.CommandLine line = BuildsCommand.CommandLine.parse(args.subList(1, args.size()), List.of("--function"),
                List.of("--dry-run"), 0);
        List<String> functions = line.has("--function") ? List.of(line.value("--function")) : StackTarget.FUNCTIONS;
        for (String function : functions) {
            if (!StackTarget.FUNCTIONS.contains(function)) {
                throw new Kft.UsageException("--function " + function + " is not one of " + StackTarget.FUNCTIONS);
            }
            if (!target.deadLetterQueues().containsKey(function)) {
                throw new Kft.UsageException(target.description() + " names no dead-letter queue for " + function
                        + (target.emulated() ? " (add it to the file's \"" + StackTarget.DEAD_LETTER_QUEUES_BLOCK + "\" block)" : ""));
            }
        }
        int failures = 0;
        try (SqsClient sqs = clients.build(SqsClient.builder())) {
            for (String function : functions) {
                String queue = target.deadLetterQueues().get(function);
                failures += line.flag("--dry-run") ? list(sqs, function, queue) : replay(sqs, function, queue);
            }
        }
        return failures == 0 ? Kft.OK : Kft.FAILED;
    }

    /** Shows each message without taking it (visibility 0), until a receive brings nothing new. */
    private int list(SqsClient sqs, String function, String queue) {
        Set<String> seen = new HashSet<>();
        int unreadable = 0;
        while (true) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).visibilityTimeout(0)).messages();
            List<Message> fresh = messages.stream().filter(m -> seen.add(m.messageId())).toList();
            if (fresh.isEmpty()) {
                out.println(function + ": " + seen.size() + " message(s) would be replayed" + (unreadable > 0 ? ", " + unreadable + " unreadable" : ""));
                return 0;
            }
            for (Message message : fresh) {
                try {
                    out.println(function + " would replay " + describe(originalEvent(message.body())) + " (message " + message.messageId() + ")");
                } catch (MalformedEventException e) {
                    unreadable++;
                    out.println(function + " cannot replay message " + message.messageId() + ": " + e.getMessage());
                }
            }
        }
    }

    private int replay(SqsClient sqs, String function, String queue) {
        int replayed = 0;
        int failed = 0;
        while (true) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
                    .visibilityTimeout(REPLAY_VISIBILITY_SECONDS)).messages();
            if (messages.isEmpty()) {
                out.println(function + ": " + replayed + " replayed, " + failed + " left in the queue");
                return failed;
            }
            for (Message message : messages) {
                boolean handled;
                String what = "message " + message.messageId();
                try {
                    Map<String, Object> event = originalEvent(message.body());
                    what = describe(event) + " (message " + message.messageId() + ")";
                    handled = invoker.invoke(function, Json.write(event));
                } catch (MalformedEventException e) {
                    err.println("kft dlq: " + what + " is not an event: " + e.getMessage());
                    handled = false;
                } catch (RuntimeException e) {
                    err.println("kft dlq: " + function + " could not be invoked with " + what + ": " + e.getMessage());
                    handled = false;
                }
                if (handled) {
                    sqs.deleteMessage(r -> r.queueUrl(queue).receiptHandle(message.receiptHandle()));
                    replayed++;
                    out.println(function + " replayed " + what);
                } else {
                    failed++;
                }
            }
        }
    }

    /**
     * The event a dead letter stands for. Lambda's OnFailure destination wraps the invocation in a
     * record whose {@code requestPayload} is the original event; EventBridge's dead-letter queue holds
     * the event itself.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> originalEvent(String body) {
        Map<String, Object> message = Json.parseObject(body);
        Object payload = message.get("requestPayload");
        if (payload instanceof Map<?, ?> wrapped && message.containsKey("requestContext")) {
            return (Map<String, Object>) wrapped;
        }
        if (payload != null && message.containsKey("requestContext")) {
            throw new MalformedEventException("its requestPayload is not a JSON object");
        }
        return message;
    }

    private static String describe(Map<String, Object> event) {
        return String.valueOf(event.getOrDefault("detail-type", "event")) + " " + event.getOrDefault("id", "(no id)");
    }
}
