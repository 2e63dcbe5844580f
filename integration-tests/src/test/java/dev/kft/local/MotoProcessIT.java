package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A moto_server of its own: it answers once started, and leaves neither a process nor its files behind. */
class MotoProcessIT {
    @Test
    void closingStopsTheServerAndDeletesItsFiles() throws Exception {
        Path directory;
        try (MotoProcess moto = MotoProcess.start()) {
            directory = moto.log().getParent();
            assertTrue(Files.exists(moto.log()));
            HttpURLConnection connection = (HttpURLConnection) moto.endpoint().resolve("/moto-api/").toURL().openConnection();
            assertTrue(connection.getResponseCode() < 500);
        }
        assertFalse(Files.exists(directory), directory + " is left behind");
    }
}
