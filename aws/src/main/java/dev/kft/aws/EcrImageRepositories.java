package dev.kft.aws;

import dev.kft.push.ImageRepositories;
import dev.kft.push.TagPolicy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilter;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilterType;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;

/**
 * Creates a source repository's image repository on its first build, with the settings the
 * template gives its own repositories: scan on push, every tag immutable except the moving deploy
 * tags, KMS encryption, and a lifecycle policy for untagged images.
 */
public final class EcrImageRepositories implements ImageRepositories {
    /** Untagged images (left behind when a moving tag moves) expire after this many days. */
    static final String LIFECYCLE_POLICY = """
            {"rules":[{"rulePriority":1,"description":"Expire untagged images after 14 days",\
            "selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},\
            "action":{"type":"expire"}}]}""";

    private final EcrClient ecr;
    private final String kmsKey;
    /** Repositories known to exist in this execution environment: one CreateRepository per name, not per push. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** @param kmsKey KMS key for encryption at rest; blank for the AWS-managed ECR key */
    public EcrImageRepositories(EcrClient ecr, String kmsKey) {
        this.ecr = ecr;
        this.kmsKey = kmsKey == null ? "" : kmsKey;
    }

    @Override
    public void ensureExists(String repositoryName) {
        if (known.contains(repositoryName)) {
            return;
        }
        try {
            ecr.createRepository(r -> r
                    .repositoryName(repositoryName)
                    .imageScanningConfiguration(s -> s.scanOnPush(true))
                    .imageTagMutability(ImageTagMutability.IMMUTABLE_WITH_EXCLUSION)
                    .imageTagMutabilityExclusionFilters(
                            exclusion(TagPolicy.LATEST),
                            exclusion(TagPolicy.BRANCH_TAG_PREFIX + "*"))
                    .encryptionConfiguration(e -> {
                        e.encryptionType(EncryptionType.KMS);
                        if (!kmsKey.isBlank()) {
                            e.kmsKey(kmsKey);
                        }
                    }));
        } catch (RepositoryAlreadyExistsException alreadyThere) {
            // Created by an earlier build; the lifecycle policy below is re-applied in case that build stopped half-way.
        }
        ecr.putLifecyclePolicy(r -> r.repositoryName(repositoryName).lifecyclePolicyText(LIFECYCLE_POLICY));
        known.add(repositoryName);
    }

    private static ImageTagMutabilityExclusionFilter exclusion(String pattern) {
        return ImageTagMutabilityExclusionFilter.builder()
                .filterType(ImageTagMutabilityExclusionFilterType.WILDCARD).filter(pattern).build();
    }
}
