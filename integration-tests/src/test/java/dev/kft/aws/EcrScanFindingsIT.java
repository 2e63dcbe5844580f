package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kft.gate.Finding;
import dev.kft.testing.EcrTestImages;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsResponse;
import software.amazon.awssdk.services.ecr.model.EnhancedImageScanFinding;

@ExtendWith(MotoExtension.class)
class EcrScanFindingsIT {

    @Test
    void motosFakeBasicFindingIsRead(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);
        String repository = stack.imagePrefix + "/payments-api";
        String digest = new EcrTestImages(stack).push(repository, "4f2a9c1e7b3d");

        List<Finding> findings = new EcrScanFindings(stack.ecr).findingsOf(repository, digest);

        assertEquals(List.of(new Finding("CVE-9999-9999", "HIGH", "moto_fake", "9.9.9", null, 7.5,
                "https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-9999-9999")), findings);
    }

    @Test
    void aMissingImageHasNoFindings(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);
        String repository = stack.imagePrefix + "/payments-api";
        String digest = new EcrTestImages(stack).push(repository, "4f2a9c1e7b3d");
        assertEquals(List.of(), new EcrScanFindings(stack.ecr).findingsOf(repository, "sha256:" + "0".repeat(64)));
        assertEquals(1, new EcrScanFindings(stack.ecr).findingsOf(repository, digest).size());
    }

    /**
     * moto answers every DescribeImageScanFindings call with the same single page and no nextToken,
     * so paging is proven with an SDK interceptor that turns moto's answer into two pages: the first
     * gains a nextToken, the request carrying it gets a second page of 1,000 enhanced findings.
     */
    @Test
    void everyPageIsRead(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);
        String repository = stack.imagePrefix + "/payments-api";
        String digest = new EcrTestImages(stack).push(repository, "4f2a9c1e7b3d");
        TwoPages pages = new TwoPages();
        try (EcrClient ecr = EcrClient.builder().region(MotoServer.REGION).endpointOverride(moto.endpoint())
                .overrideConfiguration(o -> o.addExecutionInterceptor(pages)).build()) {

            List<Finding> findings = new EcrScanFindings(ecr).findingsOf(repository, digest);

            assertEquals(1 + 1000, findings.size());
            assertEquals("CVE-9999-9999", findings.get(0).cveId());
            assertEquals("CVE-2026-10999", findings.get(findings.size() - 1).cveId());
            assertEquals(List.of("first", TwoPages.TOKEN), pages.tokensSent);
            assertEquals(List.of(EcrScanFindings.PAGE_SIZE, EcrScanFindings.PAGE_SIZE), pages.pageSizesAsked);
        }
    }

    /** Emulates a registry with a second page of findings behind moto's first. */
    private static final class TwoPages implements ExecutionInterceptor {
        static final String TOKEN = "page-2";
        final List<String> tokensSent = new ArrayList<>();
        final List<Integer> pageSizesAsked = new ArrayList<>();

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (!(context.response() instanceof DescribeImageScanFindingsResponse response)) {
                return context.response();
            }
            DescribeImageScanFindingsRequest request = (DescribeImageScanFindingsRequest) context.request();
            tokensSent.add(request.nextToken() == null ? "first" : request.nextToken());
            pageSizesAsked.add(request.maxResults());
            if (request.nextToken() == null) {
                return response.toBuilder().nextToken(TOKEN).build();
            }
            List<EnhancedImageScanFinding> second = IntStream.range(10000, 11000).mapToObj(i -> EnhancedImageScanFinding.builder()
                    .severity("MEDIUM").score(5.0)
                    .packageVulnerabilityDetails(d -> d.vulnerabilityId("CVE-2026-" + i)
                            .vulnerablePackages(p -> p.name("zlib").version("1.2.11").fixedInVersion("1.2.12")))
                    .build()).toList();
            return response.toBuilder().nextToken(null)
                    .imageScanFindings(f -> f.findings(List.of()).enhancedFindings(second)).build();
        }
    }
}
