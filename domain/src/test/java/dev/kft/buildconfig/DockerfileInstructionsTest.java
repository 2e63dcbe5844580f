package dev.kft.buildconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kft.buildconfig.DockerfileInstructions.Instruction;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileInstructionsTest {
    @Test
    void joinsContinuationsAndKeepsTheFirstLineNumber() {
        List<Instruction> instructions = DockerfileInstructions.parse("""
                # syntax=docker/dockerfile:1
                FROM \\
                  alpine:3 \\
                  AS base
                RUN apk add \\
                    # a comment inside a continuation
                
                    curl
                """);
        assertEquals(List.of(
                new Instruction(2, "FROM", "alpine:3   AS base"),
                new Instruction(5, "RUN", "apk add     curl")), instructions);
    }

    @Test
    void trailingBlanksAfterTheBackslashStillContinue() {
        assertEquals(List.of(new Instruction(1, "USER", "app")), DockerfileInstructions.parse("USER \\  \napp\n"));
    }

    @Test
    void keywordsAreCaseInsensitiveAndWindowsLineEndingsWork() {
        assertEquals(List.of(new Instruction(1, "FROM", "alpine"), new Instruction(2, "USER", "app")),
                DockerfileInstructions.parse("from alpine\r\nUser app\r\n"));
    }

    @Test
    void heredocBodiesAreNotInstructions() {
        List<Instruction> instructions = DockerfileInstructions.parse("""
                FROM alpine
                RUN <<EOF
                USER app
                EOF
                COPY <<-"END" /x
                \tFROM evil
                \tEND
                USER root
                """);
        assertEquals(List.of("FROM", "RUN", "COPY", "USER"), instructions.stream().map(Instruction::keyword).toList());
        assertEquals(8, instructions.get(3).line());
    }

    @Test
    void continuationAtEndOfFileIsKept() {
        assertEquals(List.of(new Instruction(1, "FROM", "alpine")), DockerfileInstructions.parse("FROM alpine \\"));
    }
}
