package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class AwsClientsTest {
    @Test
    void eachServicesClientIsBuiltOnceAndShared() {
        AwsClients aws = new AwsClients(Region.US_EAST_1, URI.create("http://127.0.0.1:1"));
        assertSame(aws.ecr(), aws.ecr());
        assertSame(aws.dynamoDb(), aws.dynamoDb());
        assertNotSame(aws.ecr(), new AwsClients(Region.US_EAST_1, null).ecr());
    }
}
