package dev.kft.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilter;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilterType;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;

/**
 * The stack's image repositories as template.yaml declares them: {@code ImageRepositoryTemplate}, an
 * ECR repository creation template applied on push, and the scan on push of
 * {@code ImageScanningConfiguration} (the registry's, when the stack owns it). On AWS, ECR creates a
 * repository with these settings when kaniko first pushes to it; emulators have no creation templates,
 * so the local stand-ins for kaniko's push (the demo's, the tests' images) call {@link #createOnPush}
 * first, and a repository gets the settings ECR would give it. Nothing on a push's path creates one.
 *
 * @param prefix            the template's prefix: it applies to repositories named {@code <prefix>/...}
 * @param mutableTagFilters wildcard filters of the tags exempt from {@code mutability} (the moving deploy tags)
 * @param lifecyclePolicy   the lifecycle policy's text, as the template gives it
 * @param scanOnPushFilters wildcard filters of the registry's scan-on-push rules; empty when the stack leaves them to the account
 */
public record ImageRepositoryTemplate(String prefix, ImageTagMutability mutability, List<String> mutableTagFilters,
                                      EncryptionType encryptionType, String lifecyclePolicy, List<String> scanOnPushFilters) {
    static final String TEMPLATE_RESOURCE = "ImageRepositoryTemplate";
    static final String SCANNING_RESOURCE = "ImageScanningConfiguration";

    public ImageRepositoryTemplate {
        mutableTagFilters = List.copyOf(mutableTagFilters);
        scanOnPushFilters = List.copyOf(scanOnPushFilters);
    }

    /** The settings as {@code template} declares them, its intrinsics and conditions evaluated for one stack. */
    public static ImageRepositoryTemplate of(Template template, Intrinsics intrinsics) {
        List<String> mutableTags = new ArrayList<>();
        for (Object filter : list(template.property(TEMPLATE_RESOURCE, "ImageTagMutabilityExclusionFilters"))) {
            mutableTags.add(intrinsics.resolveText(map(filter).get("ImageTagMutabilityExclusionFilterValue")));
        }
        List<String> scanOnPush = new ArrayList<>();
        String condition = template.resourceCondition(SCANNING_RESOURCE);
        if (condition == null || Boolean.TRUE.equals(intrinsics.resolve(template.condition(condition)))) {
            for (Object rule : list(template.property(SCANNING_RESOURCE, "Rules"))) {
                if ("SCAN_ON_PUSH".equals(intrinsics.resolveText(map(rule).get("ScanFrequency")))) {
                    for (Object filter : list(map(rule).get("RepositoryFilters"))) {
                        scanOnPush.add(intrinsics.resolveText(map(filter).get("Filter")));
                    }
                }
            }
        }
        return new ImageRepositoryTemplate(
                intrinsics.resolveText(template.property(TEMPLATE_RESOURCE, "Prefix")),
                ImageTagMutability.fromValue(intrinsics.resolveText(template.property(TEMPLATE_RESOURCE, "ImageTagMutability"))),
                mutableTags,
                EncryptionType.fromValue(intrinsics.resolveText(
                        map(template.property(TEMPLATE_RESOURCE, "EncryptionConfiguration")).get("EncryptionType"))),
                intrinsics.resolveText(template.property(TEMPLATE_RESOURCE, "LifecyclePolicy")).strip(),
                scanOnPush);
    }

    /** Whether a push to {@code repository} creates it from this template: its name is under the prefix. */
    public boolean covers(String repository) {
        return repository.startsWith(prefix + "/");
    }

    /** Whether the registry scans images pushed to {@code repository} (one of its scan-on-push filters matches). */
    public boolean scansOnPush(String repository) {
        return scanOnPushFilters.stream().anyMatch(filter -> wildcard(filter).matcher(repository).matches());
    }

    /**
     * What ECR's create on push does before it stores a pushed image: a repository under the prefix that
     * does not exist yet is created with the template's settings. A repository outside the prefix is left
     * alone (ECR refuses the push). Returns whether it created one.
     */
    public boolean createOnPush(EcrClient ecr, String repository) {
        if (!covers(repository)) {
            return false;
        }
        try {
            ecr.createRepository(r -> r
                    .repositoryName(repository)
                    .imageTagMutability(mutability)
                    .imageTagMutabilityExclusionFilters(mutableTagFilters.stream().map(ImageRepositoryTemplate::exclusion).toList())
                    .imageScanningConfiguration(s -> s.scanOnPush(scansOnPush(repository)))
                    .encryptionConfiguration(e -> e.encryptionType(encryptionType)));
        } catch (RepositoryAlreadyExistsException created) {
            return false;
        }
        ecr.putLifecyclePolicy(r -> r.repositoryName(repository).lifecyclePolicyText(lifecyclePolicy));
        return true;
    }

    private static ImageTagMutabilityExclusionFilter exclusion(String filter) {
        return ImageTagMutabilityExclusionFilter.builder().filterType(ImageTagMutabilityExclusionFilterType.WILDCARD).filter(filter).build();
    }

    /** ECR's wildcard filters: {@code *} matches any run of characters, everything else itself. */
    private static Pattern wildcard(String filter) {
        StringBuilder regex = new StringBuilder();
        for (String part : filter.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private static List<?> list(Object node) {
        return node instanceof List<?> list ? list : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
