package dev.kft.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bin/kft invoke} (Kft's own command line, minus the process exit) for several events in one
 * JVM, for {@link LocalInvokeIT}: a JVM per event costs seconds, and events that share one env-vars
 * file may share one JVM (each handler still wires itself once, from that file).
 *
 * <p>Arguments: {@code <env-vars.json> <results directory> (<FunctionLogicalId> <event.json>)...};
 * for each event file {@code F} it writes {@code F.exit}, {@code F.out} and {@code F.err} there.
 */
public final class KftInvokeEach {
    private KftInvokeEach() {}

    public static void main(String[] args) throws IOException {
        Path envVars = Path.of(args[0]);
        Path results = Path.of(args[1]);
        Path home = Path.of(System.getProperty("kft.home", "."));
        for (int i = 2; i + 1 < args.length; i += 2) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = new Kft(home, System::getenv, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8))
                    .run(List.of("invoke", args[i], "-e", args[i + 1], "-n", envVars.toString()));
            String name = Path.of(args[i + 1]).getFileName().toString();
            Files.writeString(results.resolve(name + ".exit"), Integer.toString(exit));
            Files.write(results.resolve(name + ".out"), out.toByteArray());
            Files.write(results.resolve(name + ".err"), err.toByteArray());
        }
    }
}
