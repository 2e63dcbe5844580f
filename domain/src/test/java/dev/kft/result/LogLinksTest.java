package dev.kft.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogLinksTest {
    @Test
    void theKanikoStreamOfATaskIsNamedByTheTaskDefinitionsPrefix() {
        assertEquals("build/kaniko/7d3c2b1a9e8f4d6c5b4a3f2e1d0c9b8a", LogLinks.streamName("kaniko", "7d3c2b1a9e8f4d6c5b4a3f2e1d0c9b8a"));
    }

    @Test
    void theConsoleLinkEncodesNamesTheWayTheConsoleDoes() {
        assertEquals("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1"
                        + "#logsV2:log-groups/log-group/kft-KanikoLogGroup-Ab12Cd34/log-events/build$252Fkaniko$252F7d3c2b1a",
                LogLinks.logStream("us-east-1", "kft-KanikoLogGroup-Ab12Cd34", "build/kaniko/7d3c2b1a"));
        assertEquals("$252Faws$252Fecs$252Fkft$2520builds", LogLinks.consoleEncoded("/aws/ecs/kft builds"));
    }
}
