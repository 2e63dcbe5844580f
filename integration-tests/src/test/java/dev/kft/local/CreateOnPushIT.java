package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import dev.kft.testing.EcrTestImages;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * ECR's create on push as the stack's creation template has it, emulated on moto (which has no
 * creation templates) where the local stand-ins play kaniko's push: the first push to a repository
 * under the prefix creates it with the template's settings, once; nothing else is created.
 */
@ExtendWith(MotoExtension.class)
class CreateOnPushIT {

    @Test
    void theFirstPushCreatesTheRepositoryWithTheTemplatesSettingsAndLaterPushesFindIt(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);
        ImageRepositoryTemplate repositories = stack.stack.imageRepositories();
        String name = stack.imagePrefix + "/payments-api";

        assertTrue(repositories.createOnPush(stack.ecr, name), "created on its first push");
        assertFalse(repositories.createOnPush(stack.ecr, name), "found on the next");

        Repository repository = stack.ecr.describeRepositories(r -> r.repositoryNames(name)).repositories().get(0);
        assertEquals("IMMUTABLE_WITH_EXCLUSION", repository.imageTagMutabilityAsString());
        assertEquals(List.of("latest", "branch-*"), repository.imageTagMutabilityExclusionFilters().stream().map(f -> f.filter()).toList());
        assertTrue(repository.imageScanningConfiguration().scanOnPush());
        assertEquals("KMS", repository.encryptionConfiguration().encryptionTypeAsString());
        Map<String, Object> rule = JsonFields.objects(Json.parseObject(
                stack.ecr.getLifecyclePolicy(r -> r.repositoryName(name)).lifecyclePolicyText()), "rules").get(0);
        assertEquals("untagged", JsonFields.text(rule, "selection", "tagStatus"));
    }

    @Test
    void aCommitTagCannotBePushedAgainWhileADeployTagMoves(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);
        EcrTestImages images = new EcrTestImages(stack);
        String name = stack.imagePrefix + "/payments-api";

        String first = images.push(name, "4f2a9c1e7b3d", "branch-main", "latest");
        String second = images.push(name, "0a1b2c3d4e5f", "branch-main", "latest");

        assertEquals(List.of("4f2a9c1e7b3d"), images.tags(name, first), "the deploy tags moved to the newer image");
        assertEquals(List.of("0a1b2c3d4e5f", "branch-main", "latest"), images.tags(name, second));
        // moto answers ImageAlreadyExistsException where ECR says ImageTagAlreadyExistsException: either way, refused.
        assertThrows(EcrException.class, () -> images.push(name, "4f2a9c1e7b3d"));
        assertEquals(List.of("4f2a9c1e7b3d"), images.tags(name, first), "the commit tag stays on its image");
    }

    @Test
    void aPushOutsideThePrefixCreatesNothing(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);

        assertFalse(stack.stack.imageRepositories().createOnPush(stack.ecr, "elsewhere-" + stack.suffix + "/payments-api"));
        assertThrows(RepositoryNotFoundException.class, () -> stack.ecr.describeRepositories(
                r -> r.repositoryNames("elsewhere-" + stack.suffix + "/payments-api")));
    }
}
