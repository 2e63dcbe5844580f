package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import dev.kft.push.TagPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;

/** The image repositories' settings as template.yaml gives them to ECR's create on push, read the way stack-up reads them. */
class ImageRepositoryTemplateTest {
    private final Template template = Template.load(Path.of("template.yaml"));

    private ImageRepositoryTemplate stack(Map<String, String> parameters) {
        StackValues values = new StackValues(template, StackValues.pseudoParameters("us-east-1", "123456789012", "shop"),
                parameters, resource -> null);
        return ImageRepositoryTemplate.of(template, new Intrinsics(values));
    }

    @Test
    void commitTagsAreImmutableAndOnlyTheDeployTagsTheGateMovesAreNot() {
        ImageRepositoryTemplate repositories = stack(Map.of("ImageRepositoryPrefix", "shop"));

        assertEquals("shop", repositories.prefix());
        assertEquals(ImageTagMutability.IMMUTABLE_WITH_EXCLUSION, repositories.mutability());
        assertEquals(List.of(TagPolicy.LATEST, TagPolicy.BRANCH_TAG_PREFIX + "*"), repositories.mutableTagFilters(),
                "exactly the tags TagPolicy moves");
        assertEquals(EncryptionType.KMS, repositories.encryptionType());
    }

    @Test
    void untaggedImagesExpireAfterFourteenDays() {
        Map<String, Object> rule = JsonFields.objects(Json.parseObject(stack(Map.of()).lifecyclePolicy()), "rules").get(0);

        assertEquals("untagged", JsonFields.text(rule, "selection", "tagStatus"));
        assertEquals("sinceImagePushed", JsonFields.text(rule, "selection", "countType"));
        assertEquals(14L, JsonFields.count(rule, "selection", "countNumber"));
        assertEquals("expire", JsonFields.text(rule, "action", "type"));
    }

    @Test
    void repositoriesUnderThePrefixAreCreatedOnPushAndScannedOnPushTheCacheIsNeither() {
        ImageRepositoryTemplate repositories = stack(Map.of("ImageRepositoryPrefix", "shop"));

        assertTrue(repositories.covers("shop/payments-api"));
        assertTrue(repositories.covers("shop/shop-monorepo/api"));
        assertFalse(repositories.covers("shop-kaniko-cache"), "the cache is the stack's own repository");
        assertFalse(repositories.covers("shopfront/web"));
        assertTrue(repositories.scansOnPush("shop/payments-api"));
        assertTrue(repositories.scansOnPush("shop/shop-monorepo/api"));
        assertFalse(repositories.scansOnPush("shop-kaniko-cache"));
    }

    @Test
    void aStackThatLeavesRegistryScanningToTheAccountScansNothingOnItsOwn() {
        ImageRepositoryTemplate repositories = stack(Map.of("ImageRepositoryPrefix", "shop", "RegistryScanning", "UNMANAGED"));

        assertEquals(List.of(), repositories.scanOnPushFilters());
        assertFalse(repositories.scansOnPush("shop/payments-api"));
        assertEquals(List.of("shop/*"), stack(Map.of("ImageRepositoryPrefix", "shop", "RegistryScanning", "ENHANCED")).scanOnPushFilters());
    }
}
