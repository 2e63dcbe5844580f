package dev.kft.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamTemplateTest {
    @Test
    void intrinsicsResolveToTheSampleStack() {
        Object pattern = Map.of("detail", Map.of(
                "clusterArn", List.of(Map.of("Fn::GetAtt", "BuildCluster.Arn")),
                "repository-name", List.of(Map.of("prefix", Map.of("Fn::Sub", "${ImageRepositoryPrefix}/")))));
        assertEquals(Map.of("detail", Map.of(
                "clusterArn", List.of("arn:aws:ecs:us-east-1:123456789012:cluster/kft-builds"),
                "repository-name", List.of(Map.of("prefix", "kft/")))), SamTemplate.resolve(pattern));
        assertEquals("kft-builds", SamTemplate.resolve(Map.of("Ref", "BuildCluster")));
    }

    @Test
    void unknownNamesFailLoudly() {
        assertThrows(IllegalArgumentException.class, () -> SamTemplate.resolve(Map.of("Ref", "Nope")));
    }
}
