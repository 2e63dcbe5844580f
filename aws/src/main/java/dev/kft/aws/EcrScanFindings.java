package dev.kft.aws;

import dev.kft.gate.Finding;
import dev.kft.gate.ScanFindings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Attribute;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsResponse;
import software.amazon.awssdk.services.ecr.model.EnhancedImageScanFinding;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageScanFinding;
import software.amazon.awssdk.services.ecr.model.ImageScanFindings;
import software.amazon.awssdk.services.ecr.model.PackageVulnerabilityDetails;
import software.amazon.awssdk.services.ecr.model.ScanNotFoundException;
import software.amazon.awssdk.services.ecr.model.VulnerablePackage;

/**
 * Every page of DescribeImageScanFindings for one image: basic {@code findings} and enhanced
 * (Inspector) {@code enhancedFindings} alike, reduced to {@link Finding}s. A scan or image that is
 * no longer there yields no findings; the gate then judges by the event's counts alone.
 */
public final class EcrScanFindings implements ScanFindings {
    /** The API's largest page (the default is 100). */
    static final int PAGE_SIZE = 1000;

    private final EcrClient ecr;

    public EcrScanFindings(EcrClient ecr) {
        this.ecr = ecr;
    }

    @Override
    public List<Finding> findingsOf(String repository, String digest) {
        List<Finding> findings = new ArrayList<>();
        try {
            for (DescribeImageScanFindingsResponse page : ecr.describeImageScanFindingsPaginator(r -> r
                    .repositoryName(repository).imageId(i -> i.imageDigest(digest)).maxResults(PAGE_SIZE))) {
                ImageScanFindings scan = page.imageScanFindings();
                if (scan != null) {
                    scan.findings().forEach(f -> findings.add(basic(f)));
                    scan.enhancedFindings().forEach(f -> findings.add(enhanced(f)));
                }
            }
        } catch (ScanNotFoundException | ImageNotFoundException gone) {
            return List.of();
        }
        return findings;
    }

    /** Basic findings carry package and score only as attributes; the keys below are the ones ECR documents. */
    static Finding basic(ImageScanFinding f) {
        Map<String, String> attributes = f.attributes().stream()
                .collect(Collectors.toMap(Attribute::key, a -> a.value() == null ? "" : a.value(), (a, b) -> a));
        String score = attributes.getOrDefault("CVSS3_SCORE", attributes.get("CVSS2_SCORE"));
        return new Finding(f.name(), f.severityAsString(), attributes.get("package_name"), attributes.get("package_version"),
                attributes.getOrDefault("package_fixed_version", attributes.get("fixed_in_version")),
                parseScore(score), f.uri());
    }

    static Finding enhanced(EnhancedImageScanFinding f) {
        PackageVulnerabilityDetails details = f.packageVulnerabilityDetails();
        List<VulnerablePackage> packages = details == null ? List.of() : details.vulnerablePackages();
        String cve = details != null && details.vulnerabilityId() != null ? details.vulnerabilityId() : f.title();
        String link = details == null ? null
                : details.sourceUrl() != null ? details.sourceUrl()
                : details.referenceUrls().isEmpty() ? null : details.referenceUrls().get(0);
        return new Finding(cve, f.severity(),
                join(packages.stream().map(VulnerablePackage::name).toList()),
                join(packages.stream().map(EcrScanFindings::installedVersion).toList()),
                join(packages.stream().map(VulnerablePackage::fixedInVersion).toList()),
                f.score(), link);
    }

    private static String installedVersion(VulnerablePackage p) {
        if (p.version() == null) {
            return null;
        }
        return p.release() == null || p.release().isBlank() ? p.version() : p.version() + "-" + p.release();
    }

    /** Several vulnerable packages of one finding are listed together. */
    private static String join(List<String> values) {
        List<String> known = values.stream().filter(v -> v != null && !v.isBlank()).distinct().toList();
        return known.isEmpty() ? null : String.join(", ", known);
    }

    private static Double parseScore(String score) {
        try {
            return score == null || score.isBlank() ? null : Double.valueOf(score.trim());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
