package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicsTest {
    private final Intrinsics intrinsics = new Intrinsics(Map.<String, Object>of(
            "AWS::Region", "eu-west-1",
            "AWS::AccountId", "111122223333",
            "Prefix", "kft",
            "SubnetIds", List.of("subnet-a", "subnet-b"),
            "Cluster.Arn", "arn:aws:ecs:eu-west-1:111122223333:cluster/c")::get);

    @Test
    void refGetAttSubAndJoinTakeTheStacksValues() {
        assertEquals("kft", intrinsics.resolveText(Map.of("Ref", "Prefix")));
        assertEquals("arn:aws:ecs:eu-west-1:111122223333:cluster/c", intrinsics.resolveText(Map.of("Fn::GetAtt", "Cluster.Arn")));
        assertEquals("arn:aws:ecs:eu-west-1:111122223333:cluster/c", intrinsics.resolveText(Map.of("Fn::GetAtt", List.of("Cluster", "Arn"))));
        assertEquals("111122223333.dkr.ecr.eu-west-1/kft", intrinsics.resolveText(Map.of("Fn::Sub", "${AWS::AccountId}.dkr.ecr.${AWS::Region}/${Prefix}")));
        assertEquals("subnet-a,subnet-b", intrinsics.resolveText(Map.of("Fn::Join", List.of(",", Map.of("Ref", "SubnetIds")))));
        assertEquals("kft-x", intrinsics.resolveText(Map.of("Fn::Join", List.of("-", List.of(Map.of("Ref", "Prefix"), "x")))));
    }

    @Test
    void subTakesItsOwnVariablesAndKeepsEscapedOnes() {
        assertEquals("kft/web ${literal}", intrinsics.resolveText(Map.of("Fn::Sub",
                List.of("${Prefix}/${Name} ${!literal}", Map.of("Name", "web")))));
    }

    @Test
    void nestedStructuresAreResolvedThroughout() {
        assertEquals(Map.of("detail", Map.of("prefix", List.of("kft/"))),
                intrinsics.resolve(Map.of("detail", Map.of("prefix", List.of(Map.of("Fn::Sub", "${Prefix}/"))))));
    }

    @Test
    void conditionsEvaluateToBooleans() {
        assertEquals(true, intrinsics.resolve(Map.of("Fn::Equals", List.of(Map.of("Ref", "Prefix"), "kft"))));
        assertEquals(false, intrinsics.resolve(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "Prefix"), "kft"))))));
        assertEquals(true, intrinsics.resolve(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of("a", "b"))))));
        assertThrows(Intrinsics.UnresolvedException.class, () -> intrinsics.resolve(Map.of("Fn::Not", List.of("true"))));
    }

    @Test
    void scalarsBecomeText() {
        assertEquals("1024", intrinsics.resolveText(1024));
        assertEquals("true", intrinsics.resolveText(true));
    }

    @Test
    void unknownNamesAndUnsupportedIntrinsicsAreUnresolved() {
        assertThrows(Intrinsics.UnresolvedException.class, () -> intrinsics.resolveText(Map.of("Ref", "Nope")));
        assertThrows(Intrinsics.UnresolvedException.class, () -> intrinsics.resolveText(Map.of("Fn::Sub", "${Nope}")));
        assertThrows(Intrinsics.UnresolvedException.class, () -> intrinsics.resolveText(Map.of("Fn::If", List.of("c", "a", "b"))));
        assertThrows(Intrinsics.UnresolvedException.class, () -> intrinsics.resolveText(Map.of("Ref", "SubnetIds")));
        assertThrows(Intrinsics.UnresolvedException.class, () -> intrinsics.resolveText(Map.of("Fn::Sub", "${SubnetIds}")));
    }
}
