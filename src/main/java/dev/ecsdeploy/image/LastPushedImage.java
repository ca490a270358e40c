package dev.ecsdeploy.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.TagStatus;

/**
 * The default cache source: the image the repository's last run pushed, found with DescribeImages. Its inline cache
 * metadata (every image this action pushes carries it) lets an empty engine reuse the layers that did not change.
 */
final class LastPushedImage {
    /** At most this many images are read: enough to find {@code latest} and the newest push in a busy repository. */
    private static final int MAX_IMAGES = 1000;

    private LastPushedImage() {
    }

    /** One tagged image as DescribeImages lists it. */
    public record Pushed(List<String> tags, Instant pushedAt) {
    }

    /**
     * The tags to read the cache from, best first: {@code latest} when the repository has it (it moves with every
     * release), then a tag of the newest pushed image when that is another image. Empty on a first run.
     */
    static List<String> cacheTags(List<Pushed> images) {
        List<String> tags = new ArrayList<>();
        images.stream().filter(image -> image.tags().contains("latest")).findFirst()
                .ifPresent(image -> tags.add("latest"));
        images.stream().filter(image -> !image.tags().isEmpty() && !image.tags().contains("latest"))
                .max(Comparator.comparing(Pushed::pushedAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .filter(newest -> tags.isEmpty() || isNewer(newest, images))
                .ifPresent(newest -> tags.add(newest.tags().stream().sorted().toList().getLast()));
        return tags;
    }

    /** Whether an image not tagged latest was pushed after the one that is (a later build tagged only its version). */
    private static boolean isNewer(Pushed candidate, List<Pushed> images) {
        Instant latest = images.stream().filter(image -> image.tags().contains("latest")).map(Pushed::pushedAt)
                .findFirst().orElse(null);
        return latest != null && candidate.pushedAt() != null && candidate.pushedAt().isAfter(latest);
    }

    /**
     * The references ({@code host/repository:tag}) to read the cache from; empty when the repository is new.
     */
    static List<String> references(ImageResults.Registry registry) {
        if (!registry.repositoryExists()) {
            return List.of();
        }
        List<Pushed> images = new ArrayList<>();
        for (ImageDetail detail : registry.ecr().describeImagesPaginator(r -> r.registryId(registry.accountId())
                .repositoryName(registry.repository()).filter(f -> f.tagStatus(TagStatus.TAGGED))
                .maxResults(100)).imageDetails()) {
            images.add(new Pushed(detail.imageTags(), detail.imagePushedAt()));
            if (images.size() >= MAX_IMAGES) {
                break;
            }
        }
        return cacheTags(images).stream().map(tag -> registry.describe() + ":" + tag).toList();
    }
}
