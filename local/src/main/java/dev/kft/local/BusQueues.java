package dev.kft.local;

import dev.kft.core.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS queues fed by rules on an event bus: the local stand-in for a bus's subscribers (the security
 * team's email) and the way tests watch what the functions publish.
 */
public final class BusQueues {
    private BusQueues() {}

    /**
     * A queue named {@code name} receiving every event on {@code bus} that matches {@code pattern},
     * through a rule of the same name. Re-running it changes nothing. Returns the queue URL.
     */
    public static String route(EventBridgeClient events, SqsClient sqs, String bus, String name, String pattern) {
        String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        // On AWS the queue would also need a policy letting events.amazonaws.com send; emulators do not check it.
        events.putRule(r -> r.name(name).eventBusName(bus).eventPattern(pattern));
        events.putTargets(r -> r.rule(name).eventBusName(bus).targets(t -> t.id("queue").arn(arn)));
        return url;
    }

    /**
     * Every message in the queue (EventBridge envelopes, parsed and deleted), waiting up to
     * {@code patience} for the first. Only the wait for the first message long-polls: the emulators
     * deliver a rule's events while PutEvents runs, so once one has arrived the rest are there too,
     * and a queue that is empty now is checked without waiting when there is no patience.
     */
    public static List<Map<String, Object>> receiveAll(SqsClient sqs, String queueUrl, Duration patience) {
        List<Map<String, Object>> messages = new ArrayList<>();
        Instant giveUp = Instant.now().plus(patience);
        while (true) {
            boolean waitForFirst = messages.isEmpty() && Instant.now().isBefore(giveUp);
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(waitForFirst ? 1 : 0)).messages();
            for (Message message : batch) {
                messages.add(Json.parseObject(message.body()));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            if (batch.isEmpty() && (!messages.isEmpty() || !Instant.now().isBefore(giveUp))) {
                return messages;
            }
        }
    }
}
