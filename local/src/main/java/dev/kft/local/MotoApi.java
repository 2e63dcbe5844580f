package dev.kft.local;

import dev.kft.core.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** moto's own API ({@code /moto-api/}): what the emulator can be told that AWS's API has no call for. */
public final class MotoApi {
    private MotoApi() {}

    /**
     * Makes moto answer DescribeImageScanFindings for one image with {@code imageScanFindings} (its
     * {@code findings} and {@code findingSeverityCounts}) instead of its one fake HIGH finding.
     */
    public static void scanFindings(URI moto, String region, String registryId, String repository, String digest,
                                    Map<String, Object> imageScanFindings) throws IOException {
        Map<String, Object> response = Map.of(
                "registryId", registryId,
                "repositoryName", repository,
                "imageId", Map.of("imageDigest", digest),
                "imageScanStatus", Map.of("status", "COMPLETE", "description", "The scan was completed successfully."),
                "imageScanFindings", imageScanFindings);
        byte[] body = Json.write(Map.of("results", List.of(response), "region", region)).getBytes(StandardCharsets.UTF_8);
        HttpURLConnection post = (HttpURLConnection) moto.resolve("/moto-api/static/ecr/scan-finding-results").toURL().openConnection();
        post.setRequestMethod("POST");
        post.setDoOutput(true);
        post.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = post.getOutputStream()) {
            out.write(body);
        }
        if (post.getResponseCode() >= 300) {
            throw new IOException("moto refused the scan result: HTTP " + post.getResponseCode());
        }
    }
}
